import { describe, expect, it } from 'vitest';
import { audienceMisfit, forwardMisfit, isAtLeastAsRestricted, mayRead, parseTlp, tlpLabels, type ReaderFacts, type Tlp } from './tlp.ts';

const nobody: ReaderFacts = {
  isAuthor: false,
  inAuthorOrganisation: false,
  isNamedPerson: false,
  inRecipientOrganisation: false,
  isClientOfRecipient: false,
  amberClients: false,
  audienceEmpty: false,
  isParticipant: true,
};

describe('FIRST TLP 2.0 labels', () => {
  it('are ordered from CLEAR (no limit) to RED (individual recipients only)', () => {
    expect(tlpLabels).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
  });

  const parsed: [string, Tlp | undefined][] = [
    ['TLP:RED', 'TLP:RED'],
    ['tlp:amber+strict', 'TLP:AMBER+STRICT'],
    ['AMBER', 'TLP:AMBER'],
    ['TLP: GREEN', 'TLP:GREEN'],
    // TLP 2.0 "changes": TLP:WHITE became TLP:CLEAR.
    ['TLP:WHITE', 'TLP:CLEAR'],
    ['tlp:white', 'TLP:CLEAR'],
    // FIRST: only the listed labels are valid.
    ['TLP:AMBER STRICT', undefined],
    ['TLP:BLACK', undefined],
    ['', undefined],
  ];
  it.each(parsed)('parses %j as %s', (text, label) => expect(parseTlp(text)).toBe(label));
});

describe('who may read a message (FIRST TLP 2.0, "TLP definitions")', () => {
  const cases: [string, Tlp, Partial<ReaderFacts>, boolean][] = [
    ['RED: a named individual recipient', 'TLP:RED', { isNamedPerson: true }, true],
    ['RED: a colleague of a named recipient is not a recipient', 'TLP:RED', { inRecipientOrganisation: true }, false],
    ['RED: a colleague of the author is not a recipient', 'TLP:RED', { inAuthorOrganisation: true }, false],
    ['RED: the author (the source)', 'TLP:RED', { isAuthor: true }, true],
    ['AMBER+STRICT: a user of a recipient organisation', 'TLP:AMBER+STRICT', { inRecipientOrganisation: true }, true],
    ['AMBER+STRICT: the source organisation', 'TLP:AMBER+STRICT', { inAuthorOrganisation: true }, true],
    ['AMBER+STRICT: clients are excluded even when the author allows them under AMBER', 'TLP:AMBER+STRICT', { isClientOfRecipient: true, amberClients: true }, false],
    ['AMBER+STRICT: a named person is no organisation', 'TLP:AMBER+STRICT', { isNamedPerson: true }, false],
    ['AMBER: a user of a recipient organisation', 'TLP:AMBER', { inRecipientOrganisation: true }, true],
    ['AMBER: a client of a recipient, when the author allows clients', 'TLP:AMBER', { isClientOfRecipient: true, amberClients: true }, true],
    ['AMBER: a client of a recipient, when the author does not', 'TLP:AMBER', { isClientOfRecipient: true }, false],
    ['AMBER: an organisation that is neither recipient nor client', 'TLP:AMBER', { amberClients: true }, false],
    ['GREEN: a participant of the community when no community is named', 'TLP:GREEN', { audienceEmpty: true }, true],
    ['GREEN: the platform operator is no participant', 'TLP:GREEN', { audienceEmpty: true, isParticipant: false }, false],
    ['GREEN: an organisation of the named community', 'TLP:GREEN', { inRecipientOrganisation: true }, true],
    ['GREEN: a client of an organisation of the named community (never fewer than AMBER)', 'TLP:GREEN', { isClientOfRecipient: true }, true],
    ['GREEN: an organisation outside the named community', 'TLP:GREEN', {}, false],
    ['CLEAR: anyone, with no limit on disclosure', 'TLP:CLEAR', { isParticipant: false }, true],
  ];
  it.each(cases)('%s', (_name, label, facts, expected) => expect(mayRead(label, { ...nobody, ...facts })).toBe(expected));

  it('a more restricted label never reaches a reader a less restricted one does not', () => {
    const flags = ['isAuthor', 'inAuthorOrganisation', 'isNamedPerson', 'inRecipientOrganisation', 'isClientOfRecipient', 'amberClients', 'audienceEmpty', 'isParticipant'] as const;
    for (let bits = 0; bits < 1 << flags.length; bits++) {
      const facts = Object.fromEntries(flags.map((flag, index) => [flag, Boolean(bits & (1 << index))])) as unknown as ReaderFacts;
      // An empty audience has no recipient organisations and so no clients.
      if (facts.audienceEmpty && (facts.inRecipientOrganisation || facts.isClientOfRecipient)) continue;
      // RED names persons, the others organisations: monotonic from CLEAR to AMBER+STRICT for the same audience.
      const reach = tlpLabels.slice(0, 4).map((label) => mayRead(label, facts));
      for (let index = 1; index < reach.length; index++) if (reach[index]) expect(reach[index - 1], JSON.stringify(facts)).toBe(true);
    }
  });
});

describe('audiences that fit a label', () => {
  const none = { organisations: 0, sectors: 0, roles: 0, persons: 0 };
  const cases: [string, Tlp, Partial<typeof none>, boolean][] = [
    ['RED with named persons ("individual recipients only")', 'TLP:RED', { persons: 2 }, true],
    ['RED without persons', 'TLP:RED', {}, false],
    ['RED with an organisation', 'TLP:RED', { persons: 1, organisations: 1 }, false],
    ['AMBER+STRICT with an organisation', 'TLP:AMBER+STRICT', { organisations: 1 }, true],
    ['AMBER+STRICT with nobody', 'TLP:AMBER+STRICT', {}, false],
    ['AMBER with a sector', 'TLP:AMBER', { sectors: 1 }, true],
    ['AMBER with a person', 'TLP:AMBER', { roles: 1, persons: 1 }, false],
    ['GREEN with nobody (the whole community)', 'TLP:GREEN', {}, true],
    ['GREEN with a sector', 'TLP:GREEN', { sectors: 1 }, true],
    ['CLEAR with nobody', 'TLP:CLEAR', {}, true],
  ];
  it.each(cases)('%s', (_name, label, shape, fits) => expect(audienceMisfit(label, { ...none, ...shape }) === undefined).toBe(fits));
});

describe('re-sharing never lowers the label (FIRST TLP 2.0: sharing beyond the label needs the source’s permission)', () => {
  const cases: [Tlp, Tlp, boolean, boolean][] = [];
  for (const original of tlpLabels)
    for (const proposed of tlpLabels) {
      const raisesOrKeeps = tlpLabels.indexOf(proposed) >= tlpLabels.indexOf(original);
      cases.push([original, proposed, false, raisesOrKeeps && original !== 'TLP:RED'], [original, proposed, true, raisesOrKeeps]);
    }
  it.each(cases)('%s forwarded as %s (by the author: %s) is allowed: %s', (original, proposed, byAuthor, allowed) => {
    expect(isAtLeastAsRestricted(proposed, original)).toBe(tlpLabels.indexOf(proposed) >= tlpLabels.indexOf(original));
    expect(forwardMisfit(original, proposed, byAuthor) === undefined).toBe(allowed);
  });
});
