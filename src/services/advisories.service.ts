import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, forbidden, invalid, notFound } from '../domain/errors.ts';
import { audienceMisfit, forwardMisfit, isAtLeastAsRestricted, type Tlp } from '../domain/tlp.ts';
import type { Actor, UserActor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeWrite, readCondition } from './policy.ts';
import { inTransaction } from './transaction.ts';

export const advisoryKinds = ['advisory', 'threat-information', 'sector-notice', 'request-for-information'] as const;
export type AdvisoryKind = (typeof advisoryKinds)[number];
export const threatDomains = ['digital', 'physical'] as const;
export type ThreatDomain = (typeof threatDomains)[number];
/** Roles an audience may name: each reaches the organisations of its kind (not the platform operator). */
export const audienceRoles = ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt', 'partner'] as const;
export type AudienceRole = (typeof audienceRoles)[number];

export interface Audience {
  organisationIds: string[];
  sectorIds: string[];
  roles: AudienceRole[];
  /** Named persons (user ids): the recipients of TLP:RED, and only there. */
  personIds: string[];
}

export interface AdvisoryInput {
  kind: AdvisoryKind;
  threatDomain?: ThreatDomain | null;
  tlp: Tlp;
  /** Under TLP:AMBER only: the recipients' clients may read it too. */
  amberClients?: boolean;
  title: string;
  body: string;
  audience: Partial<Audience>;
  processIds?: string[];
}

export interface ForwardInput {
  tlp: Tlp;
  amberClients?: boolean;
  audience: Partial<Audience>;
  /** A note put above the original text. */
  note?: string;
}

export interface AdvisoryFilters {
  tlp?: Tlp;
  kind?: AdvisoryKind;
  /** Only what the reader has not opened yet (its own messages never count as unread). */
  unread?: boolean;
}

/** Labels whose every read is written to the audit log (issue 7: AMBER and RED; AMBER+STRICT lies between). */
const auditedLabels: ReadonlySet<string> = new Set(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);

const summaryColumns = ['advisory.id', 'advisory.kind', 'advisory.threatDomain', 'advisory.tlp', 'advisory.amberClients', 'advisory.title', 'advisory.authorUserId', 'advisory.authorOrgId', 'advisory.forwardedFromId', 'advisory.createdAt', 'advisory.updatedAt'] as const;

// No user has this id: the system actor has no read receipts.
const noUser = '00000000-0000-0000-0000-000000000000';
const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : noUser);

const audienceFieldOf = (constraint: string) =>
  ({
    advisory_audience_organisation_id_fkey: 'audience/organisationIds',
    advisory_audience_sector_id_fkey: 'audience/sectorIds',
    advisory_audience_user_id_fkey: 'audience/personIds',
    advisory_process_process_id_fkey: 'processIds',
  })[constraint] ?? constraint;

const unique = <T>(values: readonly T[] | undefined): T[] => [...new Set(values ?? [])];

function normaliseAudience(audience: Partial<Audience>): Audience {
  return { organisationIds: unique(audience.organisationIds), sectorIds: unique(audience.sectorIds), roles: unique(audience.roles), personIds: unique(audience.personIds) };
}

function checkFits(tlp: Tlp, audience: Audience, amberClients: boolean | undefined) {
  const misfit = audienceMisfit(tlp, { organisations: audience.organisationIds.length, sectors: audience.sectorIds.length, roles: audience.roles.length, persons: audience.personIds.length });
  if (misfit) throw invalid('audience-does-not-fit-label', misfit, [{ path: '/audience', message: misfit }]);
  if (amberClients && tlp !== 'TLP:AMBER')
    throw invalid('audience-does-not-fit-label', `amberClients applies to TLP:AMBER only, not to ${tlp}.`, [{ path: '/amberClients', message: 'TLP:AMBER only' }]);
}

/** Advisories and messages under TLP 2.0: every read goes through the policy's `advisories` condition. */
export function createAdvisoriesService(db: Kysely<Database>) {
  const selectReadable = (tx: Transaction<Database>, actor: Actor) =>
    tx
      .selectFrom('advisory')
      .leftJoin('advisoryRead as mine', (join) => join.onRef('mine.advisoryId', '=', 'advisory.id').on('mine.userId', '=', userIdOf(actor)))
      .where(readCondition(actor, 'advisories'));

  async function findReadable(tx: Transaction<Database>, actor: Actor, id: string) {
    if (!isUuid(id)) return undefined;
    return selectReadable(tx, actor)
      .select([...summaryColumns, 'advisory.body', 'mine.firstReadAt as readAt', 'mine.acknowledgedAt'])
      .where('advisory.id', '=', id)
      .executeTakeFirst();
  }

  async function getReadable(tx: Transaction<Database>, actor: Actor, id: string) {
    const advisory = await findReadable(tx, actor, id);
    if (!advisory) throw notFound('advisory', id);
    return advisory;
  }

  async function loadLinks(tx: Transaction<Database>, id: string) {
    const rows = await tx.selectFrom('advisoryAudience').select(['organisationId', 'sectorId', 'role', 'userId']).where('advisoryId', '=', id).execute();
    const audience: Audience = {
      organisationIds: rows.flatMap((row) => (row.organisationId ? [row.organisationId] : [])),
      sectorIds: rows.flatMap((row) => (row.sectorId ? [row.sectorId] : [])),
      roles: rows.flatMap((row) => (row.role ? [row.role as AudienceRole] : [])),
      personIds: rows.flatMap((row) => (row.userId ? [row.userId] : [])),
    };
    const processIds = (await tx.selectFrom('advisoryProcess').select('processId').where('advisoryId', '=', id).orderBy('processId').execute()).map((row) => row.processId);
    return { audience, processIds };
  }

  /** Writes a new message with its audience and links; the caller has checked the label, the audience and the author. */
  async function insert(tx: Transaction<Database>, author: UserActor, input: AdvisoryInput & { forwardedFromId?: string }, audience: Audience) {
    const { id } = await tx
      .insertInto('advisory')
      .values({
        kind: input.kind,
        threatDomain: input.threatDomain ?? null,
        tlp: input.tlp,
        amberClients: Boolean(input.amberClients),
        title: input.title,
        body: input.body,
        authorUserId: author.userId,
        authorOrgId: author.organisationId,
        forwardedFromId: input.forwardedFromId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const audienceRows = [
      ...audience.organisationIds.map((organisationId) => ({ advisoryId: id, organisationId })),
      ...audience.sectorIds.map((sectorId) => ({ advisoryId: id, sectorId })),
      ...audience.roles.map((role) => ({ advisoryId: id, role })),
      ...audience.personIds.map((userId) => ({ advisoryId: id, userId })),
    ];
    if (audienceRows.length > 0) await tx.insertInto('advisoryAudience').values(audienceRows).execute();
    const processIds = unique(input.processIds);
    if (processIds.length > 0) await tx.insertInto('advisoryProcess').values(processIds.map((processId) => ({ advisoryId: id, processId }))).execute();
    const created = await getReadable(tx, author, id);
    const links = await loadLinks(tx, id);
    await appendAudit(tx, author, {
      action: 'create',
      objectType: 'advisory',
      objectId: id,
      subjectOrgId: author.organisationId,
      after: { ...created, ...links },
      details: { tlp: input.tlp, kind: input.kind, ...(input.forwardedFromId ? { forwardedFromId: input.forwardedFromId } : {}) },
    });
    return { ...created, ...links };
  }

  function authorOf(actor: Actor): UserActor {
    if (actor.kind !== 'user') throw forbidden('Advisories and messages are written by a person.');
    return actor;
  }

  return {
    /** The inbox: a page of the messages `actor` may read under their TLP labels, newest first. */
    async list(actor: Actor, filters: AdvisoryFilters, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        let query = selectReadable(tx, actor);
        if (filters.tlp) query = query.where('advisory.tlp', '=', filters.tlp);
        if (filters.kind) query = query.where('advisory.kind', '=', filters.kind);
        if (filters.unread) query = query.where('mine.advisoryId', 'is', null).where('advisory.authorUserId', '<>', userIdOf(actor));
        const { total } = await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
        const items = await query
          .select([...summaryColumns, 'mine.firstReadAt as readAt', 'mine.acknowledgedAt'])
          .orderBy('advisory.createdAt', 'desc')
          .orderBy('advisory.id')
          .limit(page.limit)
          .offset(page.offset)
          .execute();
        await appendAudit(tx, actor, { action: 'list', objectType: 'advisory', details: { filters, count: items.length } });
        return { items, total: Number(total), ...page };
      });
    },

    /** One message with its audience and links; records the read receipt and audits reads under AMBER, AMBER+STRICT and RED. */
    async get(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const advisory = await getReadable(tx, actor, id);
        let readAt = advisory.readAt;
        if (actor.kind === 'user' && actor.userId !== advisory.authorUserId) {
          const receipt = await tx
            .insertInto('advisoryRead')
            .values({ advisoryId: id, userId: actor.userId })
            .onConflict((conflict) => conflict.columns(['advisoryId', 'userId']).doUpdateSet({ lastReadAt: sql`now()`, readCount: sql`advisory_read.read_count + 1` }))
            .returning('firstReadAt')
            .executeTakeFirstOrThrow();
          readAt = receipt.firstReadAt;
        }
        if (auditedLabels.has(advisory.tlp))
          await appendAudit(tx, actor, { action: 'read', objectType: 'advisory', objectId: id, subjectOrgId: advisory.authorOrgId, details: { tlp: advisory.tlp } });
        return { ...advisory, readAt, ...(await loadLinks(tx, id)) };
      });
    },

    /** Publishes a message under its label to its audience (the policy's `advisories` write rule names who may). */
    async create(actor: Actor, input: AdvisoryInput) {
      return inTransaction(
        db,
        async (tx) => {
          await authorizeWrite(actor, 'advisories', { tx, after: { ...input } });
          const author = authorOf(actor);
          if ((input.kind === 'threat-information') !== Boolean(input.threatDomain))
            throw invalid('threat-domain-mismatch', 'Threat information names its domain (digital or physical); other kinds of message name none.', [{ path: '/threatDomain', message: 'digital or physical for threat-information only' }]);
          const audience = normaliseAudience(input.audience);
          checkFits(input.tlp, audience, input.amberClients);
          return insert(tx, author, input, audience);
        },
        audienceFieldOf,
      );
    },

    /**
     * Re-shares a readable message as a new one by `actor`, under a label at least as restricted as the original's
     * (FIRST TLP 2.0); under RED only the author shares further. Refused whole: nothing is written.
     */
    async forward(actor: Actor, id: string, input: ForwardInput) {
      return inTransaction(
        db,
        async (tx) => {
          const original = await getReadable(tx, actor, id);
          await authorizeWrite(actor, 'advisories', { tx, before: original, after: { ...original, ...input } });
          const author = authorOf(actor);
          const originalTlp = original.tlp as Tlp;
          const misfit = forwardMisfit(originalTlp, input.tlp, original.authorUserId === author.userId);
          if (misfit) throw new DomainError(isAtLeastAsRestricted(input.tlp, originalTlp) ? 'tlp-no-further-disclosure' : 'tlp-lowered', misfit, [{ path: '/tlp', message: misfit }]);
          const audience = normaliseAudience(input.audience);
          checkFits(input.tlp, audience, input.amberClients);
          const { processIds } = await loadLinks(tx, id);
          const body = input.note ? `${input.note}\n\n---\n\n${original.body}` : original.body;
          return insert(
            tx,
            author,
            { kind: original.kind as AdvisoryKind, threatDomain: original.threatDomain as ThreatDomain | null, tlp: input.tlp, amberClients: input.amberClients, title: original.title, body, audience, processIds, forwardedFromId: id },
            audience,
          );
        },
        audienceFieldOf,
      );
    },

    /** Records that `actor` acknowledged a message it may read; the first acknowledgement stays. */
    async acknowledge(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const advisory = await getReadable(tx, actor, id);
        const user = authorOf(actor);
        const receipt = await tx
          .insertInto('advisoryRead')
          .values({ advisoryId: id, userId: user.userId, acknowledgedAt: sql<Date>`now()` })
          .onConflict((conflict) => conflict.columns(['advisoryId', 'userId']).doUpdateSet({ acknowledgedAt: sql`coalesce(advisory_read.acknowledged_at, now())` }))
          .returning(['acknowledgedAt'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'update', objectType: 'advisory-acknowledgement', objectId: id, subjectOrgId: advisory.authorOrgId, details: { tlp: advisory.tlp } });
        return { advisoryId: id, tlp: advisory.tlp, acknowledgedAt: receipt.acknowledgedAt as Date };
      });
    },

    /** Who read a message and when, for its author only; others who may read it are refused, the rest see nothing. */
    async listReads(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const advisory = await getReadable(tx, actor, id);
        if (actor.kind !== 'user' || actor.userId !== advisory.authorUserId) throw forbidden('Only the author of a message sees who read it.');
        const items = await tx
          .selectFrom('advisoryRead')
          .innerJoin('appUser', 'appUser.id', 'advisoryRead.userId')
          .innerJoin('organisation', 'organisation.id', 'appUser.organisationId')
          .select(['advisoryRead.userId', 'appUser.name', 'appUser.email', 'appUser.organisationId', 'organisation.name as organisationName', 'advisoryRead.firstReadAt', 'advisoryRead.lastReadAt', 'advisoryRead.readCount', 'advisoryRead.acknowledgedAt'])
          .where('advisoryRead.advisoryId', '=', id)
          .orderBy('advisoryRead.firstReadAt')
          .orderBy('advisoryRead.userId')
          .execute();
        await appendAudit(tx, actor, { action: 'read', objectType: 'advisory-reads', objectId: id, subjectOrgId: advisory.authorOrgId, details: { tlp: advisory.tlp, count: items.length } });
        return { advisoryId: id, tlp: advisory.tlp, items };
      });
    },
  };
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export type AdvisoriesService = ReturnType<typeof createAdvisoriesService>;
