import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OrganisationKind, Role } from '../domain/roles.ts';
import type { Tlp } from '../domain/tlp.ts';
import type { UserActor } from './actor.ts';
import { createAdvisoriesService, type AdvisoryKind, type AudienceRole, type ThreatDomain } from './advisories.service.ts';

/** One demo message (data/demo/messages.json): everything by code or e-mail address, so the file stays readable. */
export interface DemoMessage {
  author: string;
  kind: AdvisoryKind;
  threatDomain?: ThreatDomain;
  tlp: Tlp;
  amberClients?: boolean;
  title: string;
  body: string;
  audience: { organisations?: string[]; sectors?: string[]; roles?: AudienceRole[]; persons?: string[] };
  processes?: string[];
  attachments?: { filename: string; mediaType: string; text: string }[];
}

/**
 * Publishes the demo messages as their authors, through the advisories service, so that they get their notifications
 * and outbox mails like any other message. A message its author already wrote (same title) is skipped.
 */
export async function seedDemoMessages(db: Kysely<Database>, messages: readonly DemoMessage[]): Promise<{ created: number; updated: number }> {
  const advisories = createAdvisoriesService(db);
  const idsOf = async (table: 'organisation' | 'sector' | 'vitalProcess', codes: string[] = []) => {
    if (codes.length === 0) return [];
    const rows = await db.selectFrom(table).select(['id', 'code']).where('code', 'in', codes).execute();
    return codes.map((code) => {
      const row = rows.find((candidate) => candidate.code === code);
      if (!row) throw new Error(`Demo message refers to unknown ${table} "${code}"`);
      return row.id;
    });
  };
  const usersByEmail = async (emails: string[]) => {
    const rows = emails.length === 0 ? [] : await db.selectFrom('appUser').innerJoin('organisation', 'organisation.id', 'appUser.organisationId').select(['appUser.id', 'appUser.email', 'appUser.roles', 'appUser.organisationId', 'organisation.kind']).where('appUser.email', 'in', emails).execute();
    return emails.map((email) => {
      const row = rows.find((candidate) => candidate.email === email);
      if (!row) throw new Error(`Demo message refers to unknown user "${email}"`);
      return row;
    });
  };
  let created = 0;
  for (const message of messages) {
    const [author] = await usersByEmail([message.author]);
    const actor: UserActor = { kind: 'user', userId: author!.id, email: author!.email, organisationId: author!.organisationId, organisationKind: author!.kind as OrganisationKind, roles: author!.roles as Role[] };
    const exists = await db.selectFrom('advisory').select('id').where('authorUserId', '=', actor.userId).where('title', '=', message.title).executeTakeFirst();
    if (exists) continue;
    const published = await advisories.create(actor, {
      kind: message.kind,
      threatDomain: message.threatDomain ?? null,
      tlp: message.tlp,
      amberClients: message.amberClients,
      title: message.title,
      body: message.body,
      audience: {
        organisationIds: await idsOf('organisation', message.audience.organisations),
        sectorIds: await idsOf('sector', message.audience.sectors),
        roles: message.audience.roles ?? [],
        personIds: (await usersByEmail(message.audience.persons ?? [])).map((user) => user.id),
      },
      processIds: await idsOf('vitalProcess', message.processes),
    });
    for (const attachment of message.attachments ?? [])
      await advisories.addAttachment(actor, published.id, { filename: attachment.filename, mediaType: attachment.mediaType, contentBase64: Buffer.from(attachment.text, 'utf8').toString('base64') });
    created++;
  }
  return { created, updated: 0 };
}
