import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import type { DatabaseHandle } from './connect.ts';
import { readsOnly, selectInSql } from './deferred-begin.ts';
import type { Database } from './schema.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await sql`create table deferred_probe (id int primary key)`.execute(handle.db);
});

afterAll(async () => {
  await handle?.close();
});

/**
 * Whether a statement runs in a transaction of its own: `now()` is the start of the transaction, so it is no earlier
 * than the statement was sent only when no transaction was open before (the callers wait 20 ms between statements).
 * Not `now() = statement_timestamp()`: a prepared statement's transaction starts at Bind, its statement at Execute.
 */
async function ownTransaction(db: Kysely<Database>): Promise<boolean> {
  const sentAt = Date.now();
  const { startedAt } = await db.selectNoFrom(sql<Date>`now()`.as('startedAt')).executeTakeFirstOrThrow();
  return startedAt.getTime() > sentAt - 10;
}
/** A plain select, a pause, then whether the probe runs in a transaction of its own. */
async function selectThenProbe(db: Kysely<Database>) {
  await db.selectFrom('sector').select('id').execute();
  await sleep(20);
  return ownTransaction(db);
}
const probeIds = async () => (await sql<{ id: number }>`select id from deferred_probe order by id`.execute(handle.db)).rows.map((row) => row.id);
const advisoryLocksHeld = async (db: Kysely<Database>) =>
  (await db.selectFrom(sql<{ locktype: string; pid: number }>`pg_locks`.as('lock')).select(sql<number>`count(*)::int`.as('held')).where(sql<boolean>`locktype = 'advisory' and pid = pg_backend_pid()`).executeTakeFirstOrThrow()).held;

describe(`transactions on ${testDatabaseKind()}: BEGIN deferred to the first write on a server`, () => {
  it('runs a transaction of plain selects without opening one on a PostgreSQL server (PGlite opens it at once)', async () => {
    expect(await handle.db.transaction().execute(selectThenProbe)).toBe(testDatabaseKind() === 'postgres');
  });

  it('runs a select written in SQL through selectInSql as a plain select, with its rows as written', async () => {
    const { rows, fresh } = await handle.db.transaction().execute(async (tx) => {
      const rows = await selectInSql(tx, sql<{ probeCode: string }>`select code as probe_code from sector where false union all select 'written'`);
      await sleep(20);
      return { rows, fresh: await ownTransaction(tx) };
    });
    expect(rows).toEqual([{ probeCode: 'written' }]);
    expect(fresh).toBe(testDatabaseKind() === 'postgres');
  });

  it('opens the transaction before the first statement that is not a plain select, and keeps it to the commit', async () => {
    const fresh = await handle.db.transaction().execute(async (tx) => {
      await sql`select 1`.execute(tx);
      await sleep(20);
      return ownTransaction(tx);
    });
    expect(fresh).toBe(false);
  });

  it('commits or rolls back a write together with everything after it', async () => {
    await expect(
      handle.db.transaction().execute(async (tx) => {
        await tx.selectFrom('sector').select('id').execute();
        await sql`insert into deferred_probe values (1)`.execute(tx);
        await sql`insert into deferred_probe values (2)`.execute(tx);
        throw new Error('abandoned');
      }),
    ).rejects.toThrow('abandoned');
    expect(await probeIds()).toEqual([]);

    await handle.db.transaction().execute(async (tx) => {
      await sql`insert into deferred_probe values (3)`.execute(tx);
      await sql`insert into deferred_probe values (4)`.execute(tx);
    });
    expect(await probeIds()).toEqual([3, 4]);
  });

  it('holds a lock taken in the transaction until it ends', async () => {
    const held = await handle.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(4242)`.execute(tx);
      return advisoryLocksHeld(tx);
    });
    expect(held).toBe(1);
    expect(await handle.db.connection().execute(advisoryLocksHeld)).toBe(0);
  });

  it('begins at once when the transaction asks for an isolation level', async () => {
    const fresh = await handle.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(selectThenProbe);
    expect(fresh).toBe(false);
  });

  it('leaves a failed select without a transaction to roll back, and the connection usable', async () => {
    await expect(handle.db.transaction().execute((tx) => tx.selectFrom(sql`no_such_table`.as('missing')).selectAll().execute())).rejects.toThrow(/no_such_table/);
    expect(await handle.db.transaction().execute(selectThenProbe)).toBe(testDatabaseKind() === 'postgres');
  });
});

describe('which statements may run before the transaction begins', () => {
  it('lets only plain selects built by Kysely run first', () => {
    const db = handle.db;
    expect(readsOnly(db.selectFrom('sector').select('id').where('code', '=', 'x').compile())).toBe(true);
    expect(readsOnly(db.selectFrom('sector').select('id').forUpdate().compile())).toBe(false);
    expect(readsOnly(db.with('codes', (qb) => qb.selectFrom('sector').select('code')).selectFrom('codes').select('code').compile())).toBe(false);
    expect(readsOnly(db.insertInto('deferredProbe' as never).values({ id: 5 } as never).compile())).toBe(false);
    expect(readsOnly(db.deleteFrom('sector').compile())).toBe(false);
    expect(readsOnly(sql`select 1`.compile(db))).toBe(false);
  });
});
