import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTestDatabase, createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import { runCli } from '../../test/server-process.ts';
import { openDatabase, type DatabaseHandle } from './connect.ts';
import { latestSchemaVersion, migrateTo, migrateToLatest, readSchemaVersion, schemaVersions } from './migrate.ts';
import type { Database } from './schema.ts';

/**
 * Issue 8, upgrades: every schema version a database may be at (each migration that landed on main was deployed)
 * migrates to the latest with its data kept and ends at exactly the schema of a new installation; a migration that
 * fails applies nothing, and the platform refuses to start on it.
 */

/** Tables, columns, constraints, indexes, triggers and statistics targets of the public schema, in a stable order. */
async function describeSchema(db: Kysely<Database>) {
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  return {
    columns: await rows(sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = 'public' order by 1, 2`),
    constraints: await rows(sql`select conrelid::regclass::text as relation, conname, pg_get_constraintdef(oid) as definition from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`),
    indexes: await rows(sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`),
    triggers: await rows(sql`select tgrelid::regclass::text as relation, tgname from pg_trigger where not tgisinternal order by 1, 2`),
    // A column's statistics target other than the default (PostgreSQL 17 stores the default as null, 15 as -1).
    statisticsTargets: await rows(sql`select attrelid::regclass::text as relation, attname, attstattarget from pg_attribute
      where attrelid in (select oid from pg_class where relnamespace = 'public'::regnamespace) and attnum > 0 and coalesce(attstattarget, -1) <> -1 order by 1, 2`),
  };
}

const tablesOf = async (db: Kysely<Database>) =>
  (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(db)).rows.map((row) => row.name);

/** Rows of the first schema version, as an installation of that version holds them. */
async function writeFoundationRecords(db: Kysely<Database>) {
  await sql`insert into organisation (code, name, kind) values ('upgrade-ministry', 'Ministerie van Upgrades', 'ministry'), ('upgrade-provider', 'Netbeheer Upgrade', 'provider')`.execute(db);
  await sql`insert into sector (code, name_nl, name_en) values ('upgrade-sector', 'Energie', 'Energy')`.execute(db);
  await sql`insert into vital_process (code, name_nl, name_en, sector_id, category, ministry_id)
    select 'upgrade-process', 'Landelijk transport van elektriciteit', 'National transmission of electricity', s.id, 'A', o.id
    from sector s, organisation o where s.code = 'upgrade-sector' and o.code = 'upgrade-ministry'`.execute(db);
  await sql`insert into app_user (organisation_id, email, name, roles) select id, 'upgrade@example.test', 'Upgrade', array['provider'] from organisation where code = 'upgrade-provider'`.execute(db);
}

let fresh: DatabaseHandle;
let freshSchema: Awaited<ReturnType<typeof describeSchema>>;

beforeAll(async () => {
  fresh = await createTestDatabase();
  freshSchema = await describeSchema(fresh.db);
});
afterAll(() => fresh?.close());

describe('upgrades from every schema version', { timeout: 120_000 }, () => {
  it.each(schemaVersions.slice(0, -1))('from %s: the data is kept and the schema is that of a new installation', async (version) => {
    const database = await createEmptyTestDatabase();
    try {
      await migrateTo(database.db, version);
      expect(await readSchemaVersion(database.db)).toBe(version);
      await writeFoundationRecords(database.db);
      const { version: reached } = await migrateToLatest(database.db);
      expect(reached).toBe(latestSchemaVersion);
      expect(await describeSchema(database.db)).toEqual(freshSchema);
      const processes = await sql<{ code: string; sector: string; ministry: string }>`select p.code, s.code as sector, o.code as ministry from vital_process p join sector s on s.id = p.sector_id join organisation o on o.id = p.ministry_id`.execute(database.db);
      expect(processes.rows).toEqual([{ code: 'upgrade-process', sector: 'upgrade-sector', ministry: 'upgrade-ministry' }]);
      const user = await sql<{ email: string; organisation: string }>`select u.email, o.code as organisation from app_user u join organisation o on o.id = u.organisation_id`.execute(database.db);
      expect(user.rows).toEqual([{ email: 'upgrade@example.test', organisation: 'upgrade-provider' }]);
    } finally {
      await database.close();
    }
  });
});

describe('a migration that fails', { timeout: 180_000 }, () => {
  // The last migration that creates a table is made to fail: that table is there already, as a hand-made change
  // would leave it. The migrations after it must not run either.
  let before: string;
  let failing: string;
  let env: NodeJS.ProcessEnv;
  let close = async () => {};
  let open: () => Promise<DatabaseHandle>;
  let blockingTable: string;

  beforeAll(async () => {
    const probe = await createEmptyTestDatabase();
    const tablesAt: Set<string>[] = [];
    for (const version of schemaVersions) {
      await migrateTo(probe.db, version);
      tablesAt.push(new Set(await tablesOf(probe.db)));
    }
    await probe.close();
    const index = schemaVersions.findLastIndex((_, position) => position > 0 && tablesAt[position]!.size > tablesAt[position - 1]!.size);
    expect(index, 'a migration after the first creates a table').toBeGreaterThan(0);
    [before, failing] = [schemaVersions[index - 1]!, schemaVersions[index]!];
    blockingTable = [...tablesAt[index]!].filter((name) => !tablesAt[index - 1]!.has(name)).sort()[0]!;

    if (testDatabaseKind() === 'pglite') {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-migrate-'));
      const dataDir = path.join(root, 'data');
      env = { VITAAL_DATA_DIR: dataDir };
      open = () => openDatabase({ kind: 'pglite', dataDir });
      close = async () => fs.rmSync(root, { recursive: true, force: true });
    } else {
      const database = await createEmptyTestDatabase();
      const url = (database as DatabaseHandle & { url: string }).url;
      env = { DATABASE_URL: url };
      open = () => openDatabase({ kind: 'postgres', url, maxConnections: 1 });
      close = () => database.close();
    }
    const database = await open();
    await migrateTo(database.db, before);
    await sql`create table ${sql.table(blockingTable)} (id integer)`.execute(database.db);
    await database.close();
  }, 300_000);
  afterAll(() => close());

  it('applies nothing of it and leaves the schema version where it was', async () => {
    const database = await open();
    try {
      await expect(migrateToLatest(database.db)).rejects.toThrow(/^Migration failed: .*already exists/);
      expect(await readSchemaVersion(database.db), `${failing} failed`).toBe(before);
      expect(await describeSchema(database.db)).not.toEqual(freshSchema);
    } finally {
      await database.close();
    }
  });

  it('keeps the platform from starting: vitaal migrate and vitaal serve exit with the migration’s error', async () => {
    for (const command of [['migrate'], ['serve']]) {
      const result = await runCli(command, { ...env, PORT: '0', HOST: '127.0.0.1' }, { timeoutMs: 90_000 });
      expect(result.code, `vitaal ${command[0]}`).toBe(1);
      expect(result.stderr).toMatch(/^error: Migration failed: .*already exists/m);
    }
    const database = await open();
    expect(await readSchemaVersion(database.db)).toBe(before);
    await database.close();
  });
});
