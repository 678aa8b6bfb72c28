/**
 * The Traffic Light Protocol 2.0 (FIRST, August 2022; https://www.first.org/tlp/) as pure rules:
 * the labels, their order from least to most restricted, who may receive a message under each label,
 * and the rule that re-sharing never lowers a label. The SQL form of `mayRead` is the `advisories` read
 * condition of src/services/policy.ts; both must agree.
 */

/** FIRST TLP 2.0 labels, least restricted first. Written in capitals, without spaces (FIRST: "Usage"). */
export const tlpLabels = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;
export type Tlp = (typeof tlpLabels)[number];

export const isTlp = (value: string): value is Tlp => (tlpLabels as readonly string[]).includes(value);

/** Position in the order of restriction: CLEAR 0 … RED 4. */
export const tlpRank = (label: Tlp): number => tlpLabels.indexOf(label);

/** Whether `candidate` is at least as restricted as `original` (a re-share may keep or raise a label, never lower it). */
export const isAtLeastAsRestricted = (candidate: Tlp, original: Tlp): boolean => tlpRank(candidate) >= tlpRank(original);

/**
 * A label as written by other tools (`tlp:amber`, `AMBER+STRICT`, `TLP: GREEN`) in FIRST's form, or undefined.
 * TLP 1.0's WHITE became CLEAR in TLP 2.0.
 */
export function parseTlp(text: string): Tlp | undefined {
  const bare = text.trim().toUpperCase().replace(/^TLP\s*:\s*/, '');
  const label = `TLP:${bare === 'WHITE' ? 'CLEAR' : bare}`;
  return isTlp(label) ? label : undefined;
}

/** What is known about one reader of one message, for `mayRead`. */
export interface ReaderFacts {
  /** The reader wrote the message. */
  isAuthor: boolean;
  /** The reader belongs to the author's organisation (the source). */
  inAuthorOrganisation: boolean;
  /** The reader is named as a person in the audience (the only recipients under RED). */
  isNamedPerson: boolean;
  /** The reader's organisation is a recipient: named, in a named sector, or of a named role. */
  inRecipientOrganisation: boolean;
  /** The reader's organisation is a client of a recipient organisation (see `clients` in policy.ts). */
  isClientOfRecipient: boolean;
  /** The author allows AMBER to reach the recipients' clients. */
  amberClients: boolean;
  /** The message names no organisations, sectors or roles: GREEN then reaches the whole community. */
  audienceEmpty: boolean;
  /** The reader's organisation takes part in the community (every organisation but the platform operator). */
  isParticipant: boolean;
}

/**
 * Whether a signed-in reader may read a message under `label` (FIRST TLP 2.0, "TLP definitions"):
 * RED — individual recipients only, no further disclosure; AMBER+STRICT — the recipient's organisation only;
 * AMBER — the recipient's organisation and its clients (here only when the author allows it);
 * GREEN — the community (every participant, or the named sectors, organisations and roles and their clients);
 * CLEAR — no limit. The author always reads its own message; its colleagues do except under RED.
 */
export function mayRead(label: Tlp, reader: ReaderFacts): boolean {
  if (reader.isAuthor) return true;
  switch (label) {
    case 'TLP:RED':
      return reader.isNamedPerson;
    case 'TLP:AMBER+STRICT':
      return reader.inAuthorOrganisation || reader.inRecipientOrganisation;
    case 'TLP:AMBER':
      return reader.inAuthorOrganisation || reader.inRecipientOrganisation || (reader.amberClients && reader.isClientOfRecipient);
    case 'TLP:GREEN':
      // A named community includes the clients of its organisations: GREEN never reaches fewer than AMBER.
      return reader.inAuthorOrganisation || (reader.audienceEmpty ? reader.isParticipant : reader.inRecipientOrganisation || reader.isClientOfRecipient);
    case 'TLP:CLEAR':
      return true;
  }
}

/** The kinds of audience entry a message may name under each label. */
export interface AudienceShape {
  organisations: number;
  sectors: number;
  roles: number;
  persons: number;
}

/**
 * Why an audience does not fit a label, or undefined when it does. RED names persons and only persons
 * (FIRST: "individual recipients only"); AMBER and AMBER+STRICT need recipient organisations (named,
 * by sector or by role); GREEN and CLEAR name organisations, sectors or roles, or nobody.
 */
export function audienceMisfit(label: Tlp, audience: AudienceShape): string | undefined {
  const groups = audience.organisations + audience.sectors + audience.roles;
  if (label === 'TLP:RED') {
    if (audience.persons === 0) return 'TLP:RED is shared with named persons only: name at least one person.';
    if (groups > 0) return 'TLP:RED is shared with named persons only: organisations, sectors and roles cannot be recipients.';
    return undefined;
  }
  if (audience.persons > 0) return `Persons are named only under TLP:RED; under ${label} name organisations, sectors or roles.`;
  if ((label === 'TLP:AMBER' || label === 'TLP:AMBER+STRICT') && groups === 0)
    return `${label} is shared with recipient organisations: name at least one organisation, sector or role.`;
  return undefined;
}

/**
 * Why a re-share under `proposed` is not allowed, or undefined when it is. A forward may keep or raise the
 * label but never lower it (FIRST: sharing beyond the label needs the source's permission); under RED only
 * the author may share further ("no further disclosure").
 */
export function forwardMisfit(original: Tlp, proposed: Tlp, forwarderIsAuthor: boolean): string | undefined {
  if (!isAtLeastAsRestricted(proposed, original)) return `A message under ${original} cannot be re-shared under the less restricted ${proposed}.`;
  if (original === 'TLP:RED' && !forwarderIsAuthor) return 'TLP:RED allows no further disclosure: only its author may share it with more persons.';
  return undefined;
}
