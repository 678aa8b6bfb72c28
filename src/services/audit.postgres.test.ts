import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { systemActor } from './actor.ts';
import { appendAudit, auditLockKey, verifyAuditChain } from './audit.ts';
import { inTransaction } from './transaction.ts';

/** The audit chain with appenders that run at the same time on separate connections: only a server has them. */

let handle: DatabaseHandle & { url?: string };

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

const actor = systemActor('test');
const readOnce = (db: Kysely<Database>, objectId: string) => inTransaction(db, (tx) => appendAudit(tx, actor, { action: 'read', objectType: 'concurrent', objectId }));
const readChain = () => handle.db.selectFrom('auditLog').select(['seq', 'objectId']).orderBy('seq').execute();

describe('audit chain on a PostgreSQL server', () => {
  it('appends a read after a writer that holds the chain and has read its head, not in between', async () => {
    await readOnce(handle.db, 'warm-up');
    let readAnswered = false;
    const written = handle.db.transaction().execute(async (tx) => {
      // What a write's append does first: take the chain and read its head. Then a read arrives.
      await sql`select pg_advisory_xact_lock(${auditLockKey})`.execute(tx);
      const read = readOnce(handle.db, 'waits-for-the-writer').then(() => (readAnswered = true));
      await sleep(300);
      expect(readAnswered).toBe(false);
      await appendAudit(tx, actor, { action: 'update', objectType: 'concurrent', objectId: 'holds-the-chain' });
      // Not awaited here: the read waits for this transaction to end.
      return { read };
    });
    await (await written).read;
    const [write, read] = await handle.db.selectFrom('auditLog').select(['seq', 'objectId']).where('objectId', 'in', ['holds-the-chain', 'waits-for-the-writer']).orderBy('seq').execute();
    expect([write?.objectId, read?.objectId]).toEqual(['holds-the-chain', 'waits-for-the-writer']);
    expect(await verifyAuditChain(handle.db)).toMatchObject({ ok: true });
  });

  it('links the reads of two servers on one database into one chain', async () => {
    const other = await openDatabase({ kind: 'postgres', url: handle.url!, maxConnections: 3 });
    try {
      const before = (await readChain()).length;
      await Promise.all(Array.from({ length: 60 }, (_, reader) => (reader % 3 === 0 ? sleep(reader % 5) : Promise.resolve()).then(() => readOnce(reader % 2 === 0 ? handle.db : other.db, `two-servers-${reader}`))));
      const chain = await readChain();
      expect(chain.filter((row) => row.objectId?.startsWith('two-servers-')).length).toBe(60);
      expect(chain.length).toBe(before + 60);
      expect(await verifyAuditChain(handle.db)).toEqual({ ok: true, entries: chain.length });
    } finally {
      await other.close();
    }
  });
});
