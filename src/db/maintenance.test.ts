import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import type { DatabaseHandle } from './connect.ts';
import { maintainTables, scheduleTableMaintenance, tablesDueForMaintenance } from './maintenance.ts';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
  await maintainTables(handle.db);
});

afterAll(async () => {
  await handle?.close();
});

// Autovacuum (on a server) stays away from the probe, so that only the code under test analyzes it.
const createProbe = (name: string) => sql`create table ${sql.table(name)} (id int primary key, kind text not null) with (autovacuum_enabled = false)`.execute(handle.db);
const fillProbe = (name: string, from: number, to: number) =>
  sql`insert into ${sql.table(name)} select g, case when g % 100 = 0 then 'rare' else 'common' end from generate_series(${from}::int, ${to}::int) g`.execute(handle.db);
const statisticsOf = async (name: string) =>
  (await sql<{ tuples: number; columns: number }>`select c.reltuples::int as tuples, (select count(*)::int from pg_stats s where s.tablename = c.relname) as columns from pg_class c where c.relname = ${name}`.execute(handle.db)).rows[0];

describe(`table maintenance on ${testDatabaseKind()}`, () => {
  it('finds nothing due on a freshly maintained database', async () => {
    expect(await tablesDueForMaintenance(handle.db)).toEqual([]);
  });

  it('analyzes a table loaded since, so that the planner knows its size and values', async () => {
    await createProbe('maintenance_probe');
    await fillProbe('maintenance_probe', 1, 5000);
    expect(await tablesDueForMaintenance(handle.db)).toEqual(['maintenance_probe']);
    expect(await statisticsOf('maintenance_probe')).toEqual({ tuples: -1, columns: 0 });

    expect(await maintainTables(handle.db)).toEqual(['maintenance_probe']);
    expect(await statisticsOf('maintenance_probe')).toEqual({ tuples: 5000, columns: 2 });
    expect(await tablesDueForMaintenance(handle.db)).toEqual([]);
    const plan = (await sql<{ 'QUERY PLAN': string }>`explain select * from maintenance_probe where kind = 'rare'`.execute(handle.db)).rows[0]?.['QUERY PLAN'];
    expect(plan).toMatch(/rows=50\b/);
  });

  it('takes up a table again once its size moved by more than a fifth', async () => {
    await fillProbe('maintenance_probe', 5001, 5200);
    expect(await tablesDueForMaintenance(handle.db)).toEqual([]);
    await fillProbe('maintenance_probe', 5201, 8000);
    expect(await tablesDueForMaintenance(handle.db)).toEqual(['maintenance_probe']);
    await maintainTables(handle.db);
    expect((await statisticsOf('maintenance_probe'))?.tuples).toBe(8000);
  });

  it('maintains on a schedule until stopped, reporting a failed round instead of throwing', async () => {
    await createProbe('maintenance_scheduled');
    await fillProbe('maintenance_scheduled', 1, 1000);
    const errors: unknown[] = [];
    const schedule = scheduleTableMaintenance(handle.db, 20, (error) => errors.push(error));
    await expect.poll(() => tablesDueForMaintenance(handle.db), { timeout: 10_000 }).toEqual([]);
    await schedule.stop();
    expect(errors).toEqual([]);
    expect((await statisticsOf('maintenance_scheduled'))?.tuples).toBe(1000);
  });
});
