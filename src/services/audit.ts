import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import type { PostgresError } from './database-errors.ts';

/** The hash the first entry links to. */
export const genesisHash = '0'.repeat(64);

// Serialises appends so that every entry links to exactly one predecessor, on PGlite and on a server alike.
export const auditLockKey = 0x7a17a1;

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

interface AuditEntry {
  actor: Actor;
  event: AuditEvent;
}

/** Appends one entry to the hash-chained audit log inside the caller's transaction (a read: see `transactionRecordingReads`). */
export const appendAudit = (tx: Transaction<Database>, actor: Actor, event: AuditEvent) => appendAuditEntries(tx, actor, [event]);

/**
 * Appends entries in order, chained, with one lock and batched inserts (bulk imports write thousands). Reads and lists
 * in a transaction run by `inTransaction` are recorded right after it commits, grouped with concurrent ones.
 */
export async function appendAuditEntries(tx: Transaction<Database>, actor: Actor, events: AuditEvent[]): Promise<void> {
  const afterCommit = readsAfterCommit.get(tx);
  if (afterCommit && events.every((event) => event.action === 'read' || event.action === 'list')) afterCommit.push(...events.map((event) => ({ actor, event })));
  else {
    const head = await appendChained(tx, events.map((event) => ({ actor, event })));
    if (head) headsWritten.set(tx, head);
  }
}

const readsAfterCommit = new WeakMap<Transaction<Database>, AuditEntry[]>();
/** The chain's head after a transaction's own appends: once it commits, the reads appended next can link to it. */
const headsWritten = new WeakMap<Transaction<Database>, ChainHead>();

/**
 * Runs `work` in a transaction and records its reads and lists once it has committed, in one append with those of
 * concurrent transactions. Appending each read in its own transaction made every API read a write (the chain's lock,
 * its head, an insert) serialised across all readers. The caller's answer waits for the entries to commit, so nothing
 * is shown without its audit entry; when the transaction fails, nothing is recorded, as with a rollback.
 */
export async function transactionRecordingReads<T>(db: Kysely<Database>, work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  const entries: AuditEntry[] = [];
  let transaction: Transaction<Database> | undefined;
  const result = await db.transaction().execute((tx) => {
    transaction = tx;
    readsAfterCommit.set(tx, entries);
    return work(tx);
  });
  const appender = groupedAppenderOf(db);
  const written = transaction && headsWritten.get(transaction);
  if (written) appender.follow(written);
  if (entries.length > 0) await appender.append(entries);
  return result;
}

const groupedAppenders = new WeakMap<Kysely<Database>, ReturnType<typeof createGroupedAppender>>();
const groupedAppenderOf = (db: Kysely<Database>) => {
  let appender = groupedAppenders.get(db);
  if (!appender) groupedAppenders.set(db, (appender = createGroupedAppender(db)));
  return appender;
};

/**
 * One append at a time. It takes every entry waiting once it holds a connection, so that the entries arriving while it
 * waits for one (on PGlite, behind the requests queued for the only one) join it.
 *
 * An append is one statement while no one else appends: the entries link to the last head this process knows (its
 * own last append, or a committed write's), and the insert (under the chain's lock, so that it never lands between
 * another append's reading of the head and its insert) fails on the primary key when that entry is no longer the
 * last. Then it reads the head and tries once more; only when another append came first again does it take the lock
 * in a transaction and read the head there. The round trips of a locking transaction (begin, lock, head, insert,
 * commit) were the larger part of an API read's statements on a server, and under a mix of writes most reads' appends
 * fell back to it.
 */
function createGroupedAppender(db: Kysely<Database>) {
  type Waiting = { entries: AuditEntry[]; settle: (error?: unknown) => void };
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;
  let lastKnown: ChainHead | undefined;
  const follow = (head: ChainHead) => {
    if (!lastKnown || head.seq > lastKnown.seq) lastKnown = head;
  };
  async function appendAfter(connection: Kysely<Database>, head: ChainHead | undefined, entries: AuditEntry[]) {
    if (!head) return false;
    const rows = chainedRows(entries, head);
    if (!(await insertAfter(connection, head, rows))) return false;
    follow(headOf(rows));
    return true;
  }
  async function append(connection: Kysely<Database>, entries: AuditEntry[]) {
    if ((await appendAfter(connection, lastKnown, entries)) || (await appendAfter(connection, await chainHead(connection), entries))) return;
    // Assigned, not followed: when the log was emptied under this process, the head known before is gone.
    lastKnown = await connection.transaction().execute((tx) => appendChained(tx, entries));
  }
  async function writeWaiting() {
    while (waiting.length > 0) {
      let group: Waiting[] = [];
      try {
        await db.connection().execute((connection) => {
          group = waiting;
          waiting = [];
          return append(connection, group.flatMap((member) => member.entries));
        });
        for (const member of group) member.settle();
      } catch (error) {
        // Failed before it took the group (say, no connection): the waiting reads fail with it rather than retry at once.
        if (group.length === 0) [group, waiting] = [waiting, []];
        for (const member of group) member.settle(error);
      }
    }
  }
  return {
    follow,
    append: (entries: AuditEntry[]) =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ entries, settle: (error) => (error === undefined ? resolve() : reject(error as Error)) });
        writing ??= writeWaiting().finally(() => (writing = undefined));
      }),
  };
}

interface ChainHead {
  seq: number;
  hash: string;
}

/** A row of audit_log under its column names (snake_case), as jsonb_populate_recordset reads it. */
type AuditRow = { seq: number; hash: string } & Record<string, unknown>;

const columnOf = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The entries as rows following `head`, each linked to the one before. */
function chainedRows(entries: AuditEntry[], head: ChainHead): AuditRow[] {
  let { seq, hash: prevHash } = head;
  const at = new Date().toISOString();
  return entries.map(({ actor, event }) => {
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
    return Object.fromEntries(Object.entries({ ...fields, hash: prevHash }).map(([field, value]) => [columnOf(field), value])) as AuditRow;
  });
}

const headOf = (rows: AuditRow[]): ChainHead => ({ seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash });

/** The chain's last entry as committed now (undefined while the log is empty). */
async function chainHead(executor: Kysely<Database>): Promise<ChainHead | undefined> {
  const last = await executor.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last && { seq: Number(last.seq), hash: last.hash };
}

// The rows travel as one jsonb parameter, typed by the table's own row type: one statement for any number of them.
const appendedRows = (rows: AuditRow[]) => sql`jsonb_populate_recordset(null::audit_log, ${JSON.stringify(rows)}::jsonb)`;

/** Appends after the caller's own read of the head, under the chain's lock. Returns the new head. */
async function appendChained(tx: Transaction<Database>, entries: AuditEntry[]): Promise<ChainHead | undefined> {
  if (entries.length === 0) return undefined;
  await sql`select pg_advisory_xact_lock(${auditLockKey})`.execute(tx);
  const rows = chainedRows(entries, (await chainHead(tx)) ?? { seq: 0, hash: genesisHash });
  for (let index = 0; index < rows.length; index += auditBatchSize) await sql`insert into audit_log select * from ${appendedRows(rows.slice(index, index + auditBatchSize))}`.execute(tx);
  return headOf(rows);
}

// Bulk imports append thousands of entries: a statement's parameter stays a few megabytes.
const auditBatchSize = 5000;

/**
 * Appends `rows` in one statement if `head` is still the chain's last entry; false when another append came first.
 * The lock is taken before any row is inserted, and released at the statement's end.
 */
async function insertAfter(db: Kysely<Database>, head: ChainHead, rows: AuditRow[]): Promise<boolean> {
  try {
    const { numAffectedRows } = await sql`insert into audit_log select appended.* from ${appendedRows(rows)} as appended
      where (select pg_advisory_xact_lock(${auditLockKey})) is not null and exists (select from audit_log where seq = ${head.seq} and hash = ${head.hash})`.execute(db);
    // No row: the head is gone (the log was emptied under this process, as between tests).
    return numAffectedRows === BigInt(rows.length);
  } catch (error) {
    const { code, constraint } = error as PostgresError;
    if (code === '23505' && constraint === 'audit_log_pkey') return false;
    throw error;
  }
}

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
