import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import type { DatabaseHandle } from './connect.ts';
import { latestSchemaVersion, readSchemaVersion } from './migrate.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});

afterAll(async () => {
  await handle?.close();
});

function sector(code: string) {
  return { code, nameNl: `Sector ${code}`, nameEn: `Sector ${code}` };
}

async function readSectorCodes(): Promise<string[]> {
  const rows = await handle.db.selectFrom('sector').select('code').orderBy('code').execute();
  return rows.map((row) => row.code);
}

describe(`openDatabase on ${testDatabaseKind()}`, () => {
  it('plans a prepared statement once per connection, not at every execution', async () => {
    const marker = 'plan-once-probe';
    const rows = await handle.db.connection().execute(async (connection) => {
      for (let run = 0; run < 12; run++) await connection.selectFrom('sector').select('code').where('code', '=', `${marker}-${run}`).execute();
      return (
        await sql<{ genericPlans: number; customPlans: number }>`
          select generic_plans, custom_plans from pg_prepared_statements where statement like ${'%from "sector" where "code" = $1%'}`.execute(connection)
      ).rows;
    });
    expect(rows).toEqual([{ genericPlans: 12, customPlans: 0 }]);
  });

  it('plans a select without parameters once too, and runs several commands in one text as they are', async () => {
    const rows = await handle.db.connection().execute(async (connection) => {
      for (let run = 0; run < 3; run++) await connection.selectFrom('sector').select('code').orderBy('nameEn').execute();
      await expect(sql.raw('select 1 as first; select 2 as second').execute(connection)).resolves.toBeDefined();
      return (
        await sql<{ statement: string; genericPlans: number }>`
          select statement, generic_plans from pg_prepared_statements where statement like ${'%from "sector" order by "name_en"%'} or statement like ${'%select 1 as first%'}`.execute(connection)
      ).rows;
    });
    expect(rows).toEqual([{ statement: 'select "code" from "sector" order by "name_en"', genericPlans: 3 }]);
  });

  it('opens a database with every migration applied', async () => {
    expect(handle.kind).toBe(testDatabaseKind());
    expect(await readSchemaVersion(handle.db)).toBe(latestSchemaVersion);
    expect(latestSchemaVersion).toMatch(/^\d{4}-[a-z-]+$/);
    const organisations = await handle.db.selectFrom('organisation').select('id').execute();
    expect(organisations).toEqual([]);
  });

  it('writes nothing from a transaction that throws', async () => {
    const failure = handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('sector').values(sector('rollback-1')).execute();
      await trx.insertInto('sector').values(sector('rollback-2')).execute();
      throw new Error('abort the transaction');
    });

    await expect(failure).rejects.toThrow('abort the transaction');
    expect(await readSectorCodes()).not.toContain('rollback-1');
    expect(await readSectorCodes()).not.toContain('rollback-2');
  });

  it('keeps two concurrent transactions apart: the failing one is rolled back, the other commits', async () => {
    const failing = handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('sector').values(sector('concurrent-failing')).execute();
      await sleep(30);
      throw new Error('the failing transaction');
    });
    const committing = handle.db.transaction().execute(async (trx) => {
      await trx.insertInto('sector').values(sector('concurrent-a')).execute();
      await sleep(10);
      await trx.insertInto('sector').values(sector('concurrent-b')).execute();
    });

    const [failed, committed] = await Promise.allSettled([failing, committing]);

    expect(failed.status).toBe('rejected');
    expect(committed.status).toBe('fulfilled');
    expect((await readSectorCodes()).filter((code) => code.startsWith('concurrent-'))).toEqual(['concurrent-a', 'concurrent-b']);
  });

  it('lets other work in (new requests, load shedding) while a long queue of statements is served', async () => {
    const statements = 100;
    let doneBeforeOtherWork = -1;
    let done = 0;
    const queue = Array.from({ length: statements }, () => sql`select count(*) from generate_series(1, 50000)`.execute(handle.db).then(() => done++));
    setImmediate(() => (doneBeforeOtherWork = done));
    await Promise.all(queue);
    expect(doneBeforeOtherWork).toBeGreaterThanOrEqual(0);
    expect(doneBeforeOtherWork).toBeLessThan(statements / 2);
  });

  it('returns long values and many rows whole, multi-byte characters included', async () => {
    const { rows } = await sql<{ text: string }>`select repeat('ë€😀', 400000) as text`.execute(handle.db);
    expect(rows[0]?.text).toBe('ë€😀'.repeat(400000));
    const many = await sql<{ n: number; label: string }>`select n, 'rij ' || n || ' ✓' as label from generate_series(1, 50000) as n`.execute(handle.db);
    expect(many.rows).toHaveLength(50000);
    expect(many.rows[49999]).toEqual({ n: 50000, label: 'rij 50000 ✓' });
  });
});
