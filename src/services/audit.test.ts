import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { systemActor, type UserActor } from './actor.ts';
import { appendAudit, canonicalJson, digestOf, genesisHash, verifyAuditChain } from './audit.ts';
import { inTransaction } from './transaction.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

const actor = systemActor('test');

async function readChain(db: Kysely<Database> = handle.db) {
  return db.selectFrom('auditLog').select(['seq', 'prevHash', 'hash', 'objectId', 'details']).orderBy('seq').execute();
}

/** Runs `work` on a transaction that is always rolled back, so that tampering never outlives its test. */
async function inRolledBackTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const trx = await handle.db.startTransaction().execute();
  try {
    return await work(trx);
  } finally {
    await trx.rollback().execute();
  }
}

describe(`audit chain on ${testDatabaseKind()}`, () => {
  it('links the entries of many concurrent transactions into one contiguous chain that verifies', async () => {
    const before = (await readChain()).length;
    const writers = 12;
    const entriesPerWriter = 3;

    const results = await Promise.allSettled(
      Array.from({ length: writers }, (_, writer) =>
        handle.db.transaction().execute(async (tx) => {
          for (let entry = 0; entry < entriesPerWriter; entry++) {
            await appendAudit(tx, actor, {
              action: 'create',
              objectType: 'test-object',
              objectId: `writer-${writer}-entry-${entry}`,
              after: { writer, entry },
              // Keys out of order and nested, so that the jsonb round trip must not change the hash.
              details: { zeta: { b: [2, { y: 1, x: 0 }], a: 'é' }, alpha: writer },
            });
            await sleep(writer % 3);
          }
          // Every fourth writer fails after appending: its entries must vanish without leaving a gap.
          if (writer % 4 === 3) throw new Error(`writer ${writer} aborts`);
        }),
      ),
    );

    const failedWriters = results.filter((result) => result.status === 'rejected').length;
    expect(failedWriters).toBe(3);
    const chain = await readChain();
    const committed = (writers - failedWriters) * entriesPerWriter;
    expect(chain).toHaveLength(before + committed);
    expect(chain.map((row) => row.seq)).toEqual(Array.from({ length: chain.length }, (_, index) => index + 1));
    expect(chain[0]?.prevHash).toBe(genesisHash);
    for (let index = 1; index < chain.length; index++) expect(chain[index]?.prevHash).toBe(chain[index - 1]?.hash);
    expect(chain.filter((row) => /^writer-(3|7|11)-/.test(row.objectId ?? ''))).toEqual([]);
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, entries: chain.length });
    // Small batches walk the same chain across batch boundaries.
    expect(await verifyAuditChain(handle.db, 5)).toEqual({ ok: true, entries: chain.length });
  });

  it('records the acting user and digests, not content', async () => {
    const user: UserActor = {
      kind: 'user',
      userId: '00000000-0000-4000-8000-000000000001',
      email: 'someone@example.nl',
      organisationId: '00000000-0000-4000-8000-000000000002',
      organisationKind: 'provider',
      roles: ['provider'],
    };
    await handle.db.transaction().execute((tx) =>
      appendAudit(tx, user, { action: 'update', objectType: 'asset', objectId: 'asset-1', before: { name: 'old' }, after: { name: 'new' } }),
    );

    const last = await handle.db.selectFrom('auditLog').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      actorUserId: user.userId,
      actorOrgId: user.organisationId,
      action: 'update',
      beforeDigest: digestOf({ name: 'old' }),
      afterDigest: digestOf({ name: 'new' }),
      details: {},
    });
    expect(JSON.stringify(last)).not.toContain('old');
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it('records the reads of concurrent transactions after they commit, several in one append, before answering', async () => {
    const before = (await readChain()).length;
    const readers = 20;
    const answers = await Promise.all(
      Array.from({ length: readers }, (_, reader) =>
        inTransaction(handle.db, async (tx) => {
          const { count } = await tx.selectFrom('auditLog').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
          await appendAudit(tx, actor, { action: 'read', objectType: 'grouped-read', objectId: `reader-${reader}` });
          return count;
        }),
      ),
    );
    expect(answers).toHaveLength(readers);
    // Each answer came after its entry was committed.
    const reads = await handle.db.selectFrom('auditLog').select(['objectId', 'at']).where('objectType', '=', 'grouped-read').execute();
    expect(reads.map((row) => row.objectId).sort()).toEqual(Array.from({ length: readers }, (_, reader) => `reader-${reader}`).sort());
    // An append stamps its entries with one instant: at most half as many instants as readers means reads shared appends.
    expect(new Set(reads.map((row) => row.at.getTime())).size).toBeLessThanOrEqual(readers / 2);
    expect((await readChain()).length).toBe(before + readers);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  const readOnce = (db: Kysely<Database>, objectId: string) => inTransaction(db, (tx) => appendAudit(tx, actor, { action: 'read', objectType: 'interleaved', objectId }));

  it('keeps one contiguous chain while reads are appended between concurrent write transactions, and every write commits', async () => {
    const before = (await readChain()).length;
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      await Promise.all([
        ...Array.from({ length: 10 }, (_, reader) => readOnce(handle.db, `read-${round}-${reader}`)),
        ...Array.from({ length: 3 }, (_, writer) =>
          handle.db.transaction().execute(async (tx) => {
            await appendAudit(tx, actor, { action: 'update', objectType: 'interleaved', objectId: `write-${round}-${writer}-a` });
            await sleep(writer);
            await appendAudit(tx, actor, { action: 'update', objectType: 'interleaved', objectId: `write-${round}-${writer}-b` });
          }),
        ),
        ...Array.from({ length: 10 }, (_, reader) => sleep(reader % 4).then(() => readOnce(handle.db, `late-read-${round}-${reader}`))),
      ]);
    }
    const chain = await readChain();
    expect(chain.filter((row) => row.objectId?.includes('read-')).length).toBe(rounds * 20);
    expect(chain.filter((row) => row.objectId?.startsWith('write-')).length).toBe(rounds * 6);
    expect(chain.length).toBe(before + rounds * 26);
    expect(chain.map((row) => row.seq)).toEqual(Array.from({ length: chain.length }, (_, index) => index + 1));
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, entries: chain.length });
  });

  it('links the read after a committed write to that write\'s entry in one statement, without reading the head or taking the lock', async () => {
    const statements: string[] = [];
    const counted = handle.db.withPlugin({ transformQuery: ({ node }) => (statements.push(node.kind), node), transformResult: async ({ result }) => result });
    await readOnce(counted, 'before-write');
    await inTransaction(counted, (tx) => appendAudit(tx, actor, { action: 'update', objectType: 'interleaved', objectId: 'followed-write' }));
    statements.length = 0;

    await readOnce(counted, 'after-write');

    expect(statements).toEqual(['RawNode']);
    const [write, read] = (await readChain()).slice(-2);
    expect([write?.objectId, read?.objectId]).toEqual(['followed-write', 'after-write']);
    expect(read?.prevHash).toBe(write?.hash);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it('records no read of a transaction that fails, and keeps a write and a read of one transaction', async () => {
    await expect(
      inTransaction(handle.db, async (tx) => {
        await appendAudit(tx, actor, { action: 'list', objectType: 'failed-read' });
        throw new Error('the read fails after its audit event');
      }),
    ).rejects.toThrow('the read fails');
    await inTransaction(handle.db, async (tx) => {
      await appendAudit(tx, actor, { action: 'update', objectType: 'mixed', objectId: 'write' });
      await appendAudit(tx, actor, { action: 'read', objectType: 'mixed', objectId: 'read' });
    });
    expect(await handle.db.selectFrom('auditLog').select('objectId').where('objectType', 'in', ['failed-read', 'mixed']).orderBy('seq').execute()).toEqual([{ objectId: 'write' }, { objectId: 'read' }]);
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it('fails a read whose audit entry cannot be written, instead of answering it', async () => {
    await sql`create function refuse_audit() returns trigger language plpgsql as $$ begin if new.object_type = 'unrecordable' then raise exception 'audit refused'; end if; return new; end $$`.execute(handle.db);
    await sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`.execute(handle.db);
    try {
      let answered = false;
      await expect(
        inTransaction(handle.db, async (tx) => {
          await appendAudit(tx, actor, { action: 'read', objectType: 'unrecordable' });
          answered = true;
          return 'secret';
        }),
      ).rejects.toThrow('audit refused');
      expect(answered).toBe(true);
      // The next reads are recorded again.
      await inTransaction(handle.db, (tx) => appendAudit(tx, actor, { action: 'read', objectType: 'recordable' }));
      expect(await handle.db.selectFrom('auditLog').select('objectType').where('objectType', 'in', ['unrecordable', 'recordable']).execute()).toEqual([{ objectType: 'recordable' }]);
    } finally {
      await sql`drop trigger refuse_audit on audit_log`.execute(handle.db);
      await sql`drop function refuse_audit()`.execute(handle.db);
    }
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });

  it('gives the planner statistics of what entries are found by, not of their hashes, digests and details', async () => {
    await inTransaction(handle.db, (tx) => appendAudit(tx, actor, { action: 'create', objectType: 'statistics-probe', after: { probe: true } }));
    await sql`analyze audit_log`.execute(handle.db);
    const analysed = await sql<{ column: string }>`select attname as column from pg_stats where schemaname = 'public' and tablename = 'audit_log'`.execute(handle.db);
    const columns = analysed.rows.map((row) => row.column);
    expect(columns).toEqual(expect.arrayContaining(['seq', 'at', 'action', 'object_type', 'object_id', 'actor_org_id', 'subject_org_id']));
    for (const unused of ['hash', 'prev_hash', 'before_digest', 'after_digest', 'details']) expect(columns).not.toContain(unused);
  });

  it('refuses UPDATE and DELETE on audit_log', async () => {
    const chainBefore = await readChain();
    expect(chainBefore.length).toBeGreaterThan(2);

    await expect(sql`update audit_log set details = '{"changed": true}' where seq = 2`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 2`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(handle.db)).rejects.toThrow(/append-only/);

    expect(await readChain()).toEqual(chainBefore);
  });

  it('names the first tampered entry when a change bypasses the trigger', async () => {
    const chain = await readChain();
    const target = chain[Math.floor(chain.length / 2)]!;

    const result = await inRolledBackTransaction(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`update audit_log set details = ${JSON.stringify({ ...target.details, tampered: true })}::jsonb where seq = ${target.seq}`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
      return verifyAuditChain(trx);
    });

    expect(result).toEqual({ ok: false, entries: target.seq - 1, firstBroken: { seq: target.seq, reason: 'content does not match its hash' } });
    expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, entries: chain.length });
  });

  it('names the entry after a rewritten one when the forger also recomputes its hash', async () => {
    const chain = await readChain();
    const target = chain[3]!;

    const result = await inRolledBackTransaction(async (trx) => {
      const row = await trx.selectFrom('auditLog').selectAll().where('seq', '=', target.seq).executeTakeFirstOrThrow();
      const details = { ...row.details, forged: true };
      const { hash: _hash, ...fields } = { ...row, at: row.at.toISOString(), details };
      const hash = createHash('sha256').update(canonicalJson(fields)).digest('hex');
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`update audit_log set details = ${JSON.stringify(details)}::jsonb, hash = ${hash} where seq = ${target.seq}`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
      return verifyAuditChain(trx);
    });

    expect(result).toEqual({ ok: false, entries: target.seq, firstBroken: { seq: target.seq + 1, reason: 'does not link to the previous entry' } });
  });

  it('names the missing sequence number when an entry in the middle is deleted', async () => {
    const chain = await readChain();
    const target = chain[Math.floor(chain.length / 3)]!;

    const result = await inRolledBackTransaction(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await sql`delete from audit_log where seq = ${target.seq}`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
      return verifyAuditChain(trx);
    });

    expect(result).toEqual({ ok: false, entries: target.seq - 1, firstBroken: { seq: target.seq, reason: 'entry missing' } });
    expect((await verifyAuditChain(handle.db)).ok).toBe(true);
  });
});

describe('canonicalJson', () => {
  it.each([
    { name: 'flat object', value: { b: 1, a: 2 }, expected: '{"a":2,"b":1}' },
    { name: 'nested objects', value: { z: { y: { x: 1, w: 2 }, v: 3 }, a: 0 }, expected: '{"a":0,"z":{"v":3,"y":{"w":2,"x":1}}}' },
    { name: 'objects inside arrays', value: [{ b: 1, a: [{ d: 1, c: 2 }] }], expected: '[{"a":[{"c":2,"d":1}],"b":1}]' },
    { name: 'undefined members dropped, null kept', value: { b: undefined, a: null }, expected: '{"a":null}' },
    { name: 'dates as ISO strings', value: { at: new Date('2026-03-01T12:00:00Z') }, expected: '{"at":"2026-03-01T12:00:00.000Z"}' },
    { name: 'undefined as null', value: undefined, expected: 'null' },
    { name: 'strings escaped', value: { 'k"ey': 'line\nbreak' }, expected: '{"k\\"ey":"line\\nbreak"}' },
  ])('$name', ({ value, expected }) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever the key order, at every depth', () => {
    const one = { a: 1, b: { c: [1, { d: 2, e: 3 }], f: { g: null, h: 'x' } } };
    const other = { b: { f: { h: 'x', g: null }, c: [1, { e: 3, d: 2 }] }, a: 1 };

    expect(canonicalJson(other)).toBe(canonicalJson(one));
    expect(digestOf(other)).toBe(digestOf(one));
    expect(JSON.parse(canonicalJson(other))).toEqual(one);
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});
