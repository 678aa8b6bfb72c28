import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, forbidden, invalid, notFound } from '../domain/errors.ts';
import { audienceMisfit, forwardMisfit, isAtLeastAsRestricted, type Tlp } from '../domain/tlp.ts';
import type { Actor, UserActor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { defaultMessagingOptions, markNotificationRead, notifyReaders, type MessagingOptions } from './notifications.service.ts';
import { audienceDirectoryCondition, authorizeWrite, incidentReadable, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

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
  vendorIds?: string[];
  productIds?: string[];
  /** Incidents (when the incident register exists). */
  incidentIds?: string[];
}

export interface ReplyInput {
  body: string;
  /** At least the original's label; the original's by default. */
  tlp?: Tlp;
}

export interface AttachmentInput {
  filename: string;
  mediaType: string;
  /** The file, base64-encoded. */
  contentBase64: string;
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
  /** Words in the title or text (case-insensitive). */
  q?: string;
}

/** Labels whose every read is written to the audit log (issue 7: AMBER and RED; AMBER+STRICT lies between). */
const auditedLabels: ReadonlySet<string> = new Set(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);

const summaryColumns = ['advisory.id', 'advisory.kind', 'advisory.threatDomain', 'advisory.tlp', 'advisory.amberClients', 'advisory.title', 'advisory.authorUserId', 'advisory.authorOrgId', 'advisory.forwardedFromId', 'advisory.replyToId', 'advisory.createdAt', 'advisory.updatedAt'] as const;

// No user has this id: the system actor has no read receipts.
const noUser = '00000000-0000-0000-0000-000000000000';
const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : noUser);

const audienceFieldOf = (constraint: string) =>
  ({
    advisory_audience_organisation_id_fkey: 'audience/organisationIds',
    advisory_audience_sector_id_fkey: 'audience/sectorIds',
    advisory_audience_user_id_fkey: 'audience/personIds',
    advisory_process_process_id_fkey: 'processIds',
    advisory_vendor_vendor_id_fkey: 'vendorIds',
    advisory_product_product_id_fkey: 'productIds',
    advisory_incident_incident_id_fkey: 'incidentIds',
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

const attachmentColumns = ['advisoryAttachment.id', 'advisoryAttachment.filename', 'advisoryAttachment.mediaType', 'advisoryAttachment.sizeBytes', 'advisoryAttachment.sha256', 'advisoryAttachment.createdAt'] as const;

/** `%`, `_` and `\` taken literally in an ILIKE pattern. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

const base64Pattern = /^[A-Za-z0-9+/]*={0,2}$/;
const mediaTypePattern = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** Advisories and messages under TLP 2.0: every read goes through the policy's `advisories` condition. */
export function createAdvisoriesService(db: Kysely<Database>, options: Pick<MessagingOptions, 'attachmentMaxBytes' | 'publicUrl'> = defaultMessagingOptions) {
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
    const vendorIds = (await tx.selectFrom('advisoryVendor').select('vendorId').where('advisoryId', '=', id).orderBy('vendorId').execute()).map((row) => row.vendorId);
    const productIds = (await tx.selectFrom('advisoryProduct').select('productId').where('advisoryId', '=', id).orderBy('productId').execute()).map((row) => row.productId);
    const incidentIds = (await tx.selectFrom('advisoryIncident').select('incidentId').where('advisoryId', '=', id).orderBy('incidentId').execute()).map((row) => row.incidentId);
    return { audience, processIds, vendorIds, productIds, incidentIds };
  }

  /** What a reader sees around a message: its attachments and the replies it may read. */
  async function loadSurroundings(tx: Transaction<Database>, actor: Actor, id: string) {
    const attachments = await tx.selectFrom('advisoryAttachment').select(attachmentColumns).where('advisoryId', '=', id).orderBy('createdAt').orderBy('id').execute();
    const replies = await selectReadable(tx, actor)
      .where('advisory.replyToId', '=', id)
      .select(['advisory.id', 'advisory.tlp', 'advisory.title', 'advisory.authorUserId', 'advisory.authorOrgId', 'advisory.createdAt'])
      .orderBy('advisory.createdAt')
      .orderBy('advisory.id')
      .execute();
    return { attachments, replies };
  }

  /** Links to products or incidents the author cannot see would disclose them. */
  async function checkLinks(tx: Transaction<Database>, author: Actor, input: AdvisoryInput) {
    const productIds = unique(input.productIds);
    if (productIds.length > 0) {
      const visible = await tx.selectFrom('product').select('product.id').where('product.id', 'in', productIds).where(readCondition(author, 'products')).execute();
      if (visible.length !== productIds.length) throw invalid('unknown-reference', 'A linked product does not exist or is not visible to you.', [{ path: '/productIds', message: 'unknown product' }]);
    }
    const incidentIds = unique(input.incidentIds);
    if (incidentIds.length > 0) {
      const visible = await tx.selectFrom('incident').select('incident.id').where('incident.id', 'in', incidentIds).where(incidentReadable(author)).execute();
      if (visible.length !== incidentIds.length) throw invalid('unknown-reference', 'A linked incident does not exist or is not visible to you.', [{ path: '/incidentIds', message: 'unknown incident' }]);
    }
  }

  /** Writes a new message with its audience and links; the caller has checked the label, the audience and the author. */
  async function insert(tx: Transaction<Database>, author: UserActor, input: AdvisoryInput & { forwardedFromId?: string; replyToId?: string }, audience: Audience) {
    await checkLinks(tx, author, input);
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
        replyToId: input.replyToId ?? null,
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
    const vendorIds = unique(input.vendorIds);
    if (vendorIds.length > 0) await tx.insertInto('advisoryVendor').values(vendorIds.map((vendorId) => ({ advisoryId: id, vendorId }))).execute();
    const productIds = unique(input.productIds);
    if (productIds.length > 0) await tx.insertInto('advisoryProduct').values(productIds.map((productId) => ({ advisoryId: id, productId }))).execute();
    const incidentIds = unique(input.incidentIds);
    if (incidentIds.length > 0) await tx.insertInto('advisoryIncident').values(incidentIds.map((incidentId) => ({ advisoryId: id, incidentId }))).execute();
    const created = await getReadable(tx, author, id);
    const links = await loadLinks(tx, id);
    const notified = await notifyReaders(tx, id, options.publicUrl);
    await appendAudit(tx, author, {
      action: 'create',
      objectType: 'advisory',
      objectId: id,
      subjectOrgId: author.organisationId,
      after: { ...created, ...links },
      details: { tlp: input.tlp, kind: input.kind, notified, ...(input.forwardedFromId ? { forwardedFromId: input.forwardedFromId } : {}), ...(input.replyToId ? { replyToId: input.replyToId } : {}) },
    });
    return { ...created, ...links, attachments: [], replies: [] };
  }

  function authorOf(actor: Actor): UserActor {
    if (actor.kind !== 'user') throw forbidden('Advisories and messages are written by a person.');
    return actor;
  }

  return {
    /** Organisations the caller may name as recipients, by name (for the compose form). */
    async listAudienceDirectory(actor: Actor) {
      return inTransaction(db, async (tx) => {
        await authorizeWrite(actor, 'advisories', { tx, after: {} });
        const items = await tx.selectFrom('organisation').select(['organisation.id', 'organisation.name', 'organisation.kind']).where(audienceDirectoryCondition(actor)).orderBy('organisation.name').orderBy('organisation.id').execute();
        return { items };
      });
    },

    /** Largest attachment accepted, in bytes. */
    attachmentMaxBytes: options.attachmentMaxBytes,

    /** The inbox: a page of the messages `actor` may read under their TLP labels, newest first. */
    async list(actor: Actor, filters: AdvisoryFilters, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        let query = selectReadable(tx, actor);
        if (filters.tlp) query = query.where('advisory.tlp', '=', filters.tlp);
        if (filters.kind) query = query.where('advisory.kind', '=', filters.kind);
        if (filters.unread) query = query.where('mine.advisoryId', 'is', null).where('advisory.authorUserId', '<>', userIdOf(actor));
        const words = filters.q?.trim().split(/\s+/).filter(Boolean) ?? [];
        for (const word of words) query = query.where((eb) => eb.or([eb('advisory.title', 'ilike', likePattern(word)), eb('advisory.body', 'ilike', likePattern(word))]));
        const { rows: items, total } = await pageWithTotal(
          tx,
          query
            .select([...summaryColumns, 'mine.firstReadAt as readAt', 'mine.acknowledgedAt'])
            .orderBy('advisory.createdAt', 'desc')
            .orderBy('advisory.id'),
          query.select((eb) => eb.fn.countAll<number>().as('total')),
          page,
        );
        await appendAudit(tx, actor, { action: 'list', objectType: 'advisory', details: { filters, count: items.length } });
        return { items, total, ...page };
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
          await markNotificationRead(tx, actor.userId, id);
        }
        if (auditedLabels.has(advisory.tlp))
          await appendAudit(tx, actor, { action: 'read', objectType: 'advisory', objectId: id, subjectOrgId: advisory.authorOrgId, details: { tlp: advisory.tlp } });
        return { ...advisory, readAt, ...(await loadLinks(tx, id)), ...(await loadSurroundings(tx, actor, id)) };
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
          const { processIds, vendorIds, productIds, incidentIds } = await loadLinks(tx, id);
          const body = input.note ? `${input.note}\n\n---\n\n${original.body}` : original.body;
          return insert(
            tx,
            author,
            { kind: original.kind as AdvisoryKind, threatDomain: original.threatDomain as ThreatDomain | null, tlp: input.tlp, amberClients: input.amberClients, title: original.title, body, audience, processIds, vendorIds, productIds, incidentIds, forwardedFromId: id },
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
        await markNotificationRead(tx, user.userId, id);
        await appendAudit(tx, actor, { action: 'update', objectType: 'advisory-acknowledgement', objectId: id, subjectOrgId: advisory.authorOrgId, details: { tlp: advisory.tlp } });
        return { advisoryId: id, tlp: advisory.tlp, acknowledgedAt: receipt.acknowledgedAt as Date };
      });
    },

    /**
     * Answers a readable message: a new message to its author (under TLP:RED the author in person, otherwise the
     * author's organisation), under the original's label or a more restricted one. Only the reply's own text is sent.
     */
    async reply(actor: Actor, id: string, input: ReplyInput) {
      return inTransaction(
        db,
        async (tx) => {
          const original = await getReadable(tx, actor, id);
          await authorizeWrite(actor, 'advisories', { tx, before: original, after: { ...original, ...input } });
          const author = authorOf(actor);
          const originalTlp = original.tlp as Tlp;
          const tlp = input.tlp ?? originalTlp;
          if (!isAtLeastAsRestricted(tlp, originalTlp)) {
            const why = `A reply to a message under ${originalTlp} cannot carry the less restricted ${tlp}.`;
            throw new DomainError('tlp-lowered', why, [{ path: '/tlp', message: why }]);
          }
          const audience = normaliseAudience(tlp === 'TLP:RED' ? { personIds: [original.authorUserId] } : { organisationIds: [original.authorOrgId] });
          checkFits(tlp, audience, false);
          const title = original.title.startsWith('Re: ') ? original.title : `Re: ${original.title}`.slice(0, 300);
          const kind = original.kind as AdvisoryKind;
          return insert(tx, author, { kind, threatDomain: original.threatDomain as ThreatDomain | null, tlp, title, body: input.body, audience, replyToId: id }, audience);
        },
        audienceFieldOf,
      );
    },

    /** Adds a file to a message; only its author does, within the configured size. Stored with its SHA-256. */
    async addAttachment(actor: Actor, id: string, input: AttachmentInput) {
      return inTransaction(db, async (tx) => {
        const advisory = await getReadable(tx, actor, id);
        if (actor.kind !== 'user' || actor.userId !== advisory.authorUserId) throw forbidden('Only the author of a message adds attachments to it.');
        const encoded = input.contentBase64.replace(/\s+/g, '');
        if (!base64Pattern.test(encoded) || encoded.length % 4 === 1) throw invalid('attachment-invalid', 'The attachment is not valid base64.', [{ path: '/contentBase64', message: 'not base64' }]);
        if (!mediaTypePattern.test(input.mediaType)) throw invalid('attachment-invalid', 'The media type is not of the form type/subtype.', [{ path: '/mediaType', message: 'not a media type' }]);
        const content = Buffer.from(encoded, 'base64');
        if (content.length > options.attachmentMaxBytes)
          throw invalid('attachment-too-large', `The attachment has ${content.length} bytes; at most ${options.attachmentMaxBytes} are accepted.`, [{ path: '/contentBase64', message: `larger than ${options.attachmentMaxBytes} bytes` }]);
        const sha256 = createHash('sha256').update(content).digest('hex');
        const row = await tx
          .insertInto('advisoryAttachment')
          .values({ advisoryId: id, filename: input.filename, mediaType: input.mediaType.toLowerCase(), sizeBytes: content.length, sha256, content, uploadedBy: actor.userId })
          .returning(['id', 'filename', 'mediaType', 'sizeBytes', 'sha256', 'createdAt'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'advisory-attachment', objectId: row.id, subjectOrgId: advisory.authorOrgId, details: { advisoryId: id, tlp: advisory.tlp, sha256, sizeBytes: content.length } });
        return { ...row, advisoryId: id, tlp: advisory.tlp };
      });
    },

    /** An attachment of a message the caller may read (the same TLP condition); reads under AMBER, AMBER+STRICT and RED are audited. */
    async getAttachment(actor: Actor, id: string, attachmentId: string) {
      return inTransaction(db, async (tx) => {
        const advisory = await findReadable(tx, actor, id);
        const attachment =
          advisory && isUuid(attachmentId)
            ? await tx.selectFrom('advisoryAttachment').select([...attachmentColumns, 'advisoryAttachment.content']).where('advisoryId', '=', id).where('id', '=', attachmentId).executeTakeFirst()
            : undefined;
        if (!advisory || !attachment) throw notFound('attachment', attachmentId);
        if (auditedLabels.has(advisory.tlp))
          await appendAudit(tx, actor, { action: 'read', objectType: 'advisory-attachment', objectId: attachmentId, subjectOrgId: advisory.authorOrgId, details: { advisoryId: id, tlp: advisory.tlp, sha256: attachment.sha256 } });
        return { ...attachment, content: Buffer.from(attachment.content), advisoryId: id, tlp: advisory.tlp };
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

export type AdvisoriesService = ReturnType<typeof createAdvisoriesService>;
