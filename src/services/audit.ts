import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';

/** The hash the first entry links to. */
export const genesisHash = '0'.repeat(64);

// Serialises appends so that every entry links to exactly one predecessor, on PGlite and on a server alike.
const auditLockKey = 0x7a17a1;

export interface AuditEvent {
  action: 'create' | 'update' | 'delete' | 'read' | 'list' | 'login' | 'logout' | 'login-failed' | 'token-create' | 'import' | 'seed';
  objectType: string;
  objectId?: string | null;
  /** The organisation the object belongs to, so that it can see who touched its data. */
  subjectOrgId?: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

interface ChainedFields {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  subjectOrgId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every depth, so that equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Digest of a record's state: the audit log proves what changed without holding the content. */
export const digestOf = (value: unknown): string | null => (value === undefined ? null : sha256(canonicalJson(value)));

const hashOf = (fields: ChainedFields) => sha256(canonicalJson(fields));

/** Appends one entry to the hash-chained audit log inside the caller's transaction. */
export const appendAudit = (tx: Transaction<Database>, actor: Actor, event: AuditEvent) => appendAuditEntries(tx, actor, [event]);

/** Appends entries in order, chained, with one lock and batched inserts (bulk imports write thousands). */
export async function appendAuditEntries(tx: Transaction<Database>, actor: Actor, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql`select pg_advisory_xact_lock(${auditLockKey})`.execute(tx);
  const last = await tx.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = Number(last?.seq ?? 0);
  let prevHash = last?.hash ?? genesisHash;
  const at = new Date().toISOString();
  const rows = events.map((event) => {
    const fields: ChainedFields = {
      seq: ++seq,
      at,
      actorUserId: actor.kind === 'user' ? actor.userId : null,
      actorOrgId: actor.kind === 'user' ? actor.organisationId : null,
      action: event.action,
      objectType: event.objectType,
      objectId: event.objectId ?? null,
      subjectOrgId: event.subjectOrgId ?? null,
      beforeDigest: digestOf(event.before),
      afterDigest: digestOf(event.after),
      details: { ...(actor.kind === 'system' ? { via: actor.via } : {}), ...event.details },
      prevHash,
    };
    prevHash = hashOf(fields);
    return { ...fields, at: new Date(fields.at), details: JSON.stringify(fields.details), hash: prevHash };
  });
  for (let index = 0; index < rows.length; index += auditBatchSize) await tx.insertInto('auditLog').values(rows.slice(index, index + auditBatchSize)).execute();
}

// 13 parameters a row: stays well below PostgreSQL's 65,535 bind parameters.
const auditBatchSize = 1000;

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash, link or sequence number does not match. */
  firstBroken?: { seq: number; reason: string };
}

/** Walks the whole chain in order and recomputes every hash. */
export async function verifyAuditChain(db: Kysely<Database>, batchSize = 5000): Promise<AuditVerification> {
  let prevHash = genesisHash;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return { ok: true, entries: expectedSeq - 1 };
    for (const row of rows) {
      const seq = Number(row.seq);
      const broken = (reason: string): AuditVerification => ({ ok: false, entries: expectedSeq - 1, firstBroken: { seq, reason } });
      if (seq !== expectedSeq) return { ok: false, entries: expectedSeq - 1, firstBroken: { seq: expectedSeq, reason: 'entry missing' } };
      if (row.prevHash !== prevHash) return broken('does not link to the previous entry');
      const recomputed = hashOf({
        seq,
        at: row.at.toISOString(),
        actorUserId: row.actorUserId,
        actorOrgId: row.actorOrgId,
        action: row.action,
        objectType: row.objectType,
        objectId: row.objectId,
        subjectOrgId: row.subjectOrgId,
        beforeDigest: row.beforeDigest,
        afterDigest: row.afterDigest,
        details: row.details,
        prevHash: row.prevHash,
      });
      if (recomputed !== row.hash) return broken('content does not match its hash');
      prevHash = row.hash;
      expectedSeq++;
    }
  }
}
