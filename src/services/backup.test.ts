import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyTestDatabase, createTestDatabase } from '../../test/database.ts';
import { buildAsset, buildDependency, buildDesignation, buildOrganisation, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { isDomainError } from '../domain/errors.ts';
import { loadBackup, readBackupHeader, writeBackup } from '../db/backup.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { latestSchemaVersion, migrateTo, migrateToLatest, readSchemaVersion } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import { verifyAuditChain } from './audit.ts';
import { createServices } from './index.ts';

let source: DatabaseHandle;
let backupText: string;

async function backupOf(db: Kysely<Database>): Promise<string> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeBackup(db, output, await readSchemaVersion(db), new Date('2026-11-29T12:00:00Z'));
  output.end();
  return Buffer.concat(chunks).toString('utf8');
}

/** Every row of every application table as PostgreSQL's own JSON text, sorted: equal dumps mean equal contents. */
async function dump(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ tableName: string }>`
    select table_name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely\\_migration%' order by 1`.execute(db);
  const contents: Record<string, string[]> = {};
  for (const { tableName } of tables) {
    const { rows } = await sql<{ line: string }>`select row_to_json(t)::text as line from ${sql.id(tableName)} t`.execute(db);
    contents[tableName] = rows.map((row) => row.line).sort();
  }
  return contents;
}

async function restoreInto(target: DatabaseHandle, text: string) {
  const { header, lines } = await readBackupHeader(Readable.from([text]));
  await migrateTo(target.db, header.schemaVersion);
  const summary = await loadBackup(target.db, header, lines);
  await migrateToLatest(target.db);
  return summary;
}

async function expectRefused(work: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(isDomainError(error) ? { code: error.code, message: error.message } : error).toEqual({ code, message: expect.stringMatching(message) });
}

beforeAll(async () => {
  source = await createTestDatabase();
  const services = createServices(source, { sessionHours: 1, dataDir: path.resolve(import.meta.dirname, '../../data') });
  await services.seed.seedReference();
  const process = await buildVitalProcess(services, { category: 'A' });
  const provider = await buildOrganisation(services);
  await buildDesignation(services, { processId: process.id, providerId: provider.id });
  const [supplier, dependent] = [await buildAsset(services, { providerId: provider.id }), await buildAsset(services, { providerId: provider.id, processId: process.id })];
  await buildDependency(services, { dependentId: dependent.id, supplierId: supplier.id });
  await buildUser(services, 'provider', { organisationId: provider.id });
  backupText = await backupOf(source.db);
}, 120_000);

afterAll(async () => {
  await source?.close();
});

describe('backup and restore', () => {
  it('restores every row of every table into an empty database, with the audit chain intact', async () => {
    const target = await createEmptyTestDatabase();
    try {
      const summary = await restoreInto(target, backupText);

      expect(summary.schemaVersion).toBe(latestSchemaVersion);
      expect(summary.rows.organisation).toBeGreaterThan(10);
      expect(summary.rows.audit_log).toBeGreaterThan(0);
      expect(await dump(target.db)).toEqual(await dump(source.db));
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, entries: summary.rows.audit_log });
      const sequences = sql<{ sequencename: string; lastValue: string | null }>`select sequencename, last_value from pg_sequences where schemaname = current_schema() order by 1`;
      expect((await sequences.execute(target.db)).rows).toEqual((await sequences.execute(source.db)).rows);
    } finally {
      await target.close();
    }
  });

  it('writes the header first and a trailer with the row counts last', () => {
    const lines = backupText.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'vitaal-backup', formatVersion: 1, schemaVersion: latestSchemaVersion, createdAt: '2026-11-29T12:00:00.000Z' });
    const trailer = JSON.parse(lines.at(-1)!) as { end: boolean; rows: Record<string, number> };
    expect(trailer.end).toBe(true);
    expect(trailer.rows.organisation).toBeGreaterThan(10);
    // Parents come before children, so that every foreign key finds its row.
    const tables = (JSON.parse(lines[0]!) as { tables: { name: string }[] }).tables.map((table) => table.name);
    expect(tables.indexOf('organisation')).toBeLessThan(tables.indexOf('asset'));
    expect(tables.indexOf('asset')).toBeLessThan(tables.indexOf('dependency'));
  });

  describe('refusals, on one empty database that each refused restore must leave without rows', () => {
    let target: DatabaseHandle;
    beforeAll(async () => {
      target = await createEmptyTestDatabase();
    }, 120_000);
    afterAll(async () => {
      await target?.close();
    });

    it('refuses a truncated backup and leaves no row behind', async () => {
      const withoutTrailer = backupText.trimEnd().split('\n').slice(0, -1).join('\n');
      await expectRefused(restoreInto(target, withoutTrailer), 'backup-invalid', /truncated: its trailer is missing/);
      const cut = backupText.slice(0, Math.floor(backupText.length / 2));
      await expectRefused(restoreInto(target, cut), 'backup-invalid', /not valid JSON|truncated/);
      expect(Object.values(await dump(target.db)).flat()).toEqual([]);
    });

    it('refuses a file that is not a backup, or of an unknown schema version', async () => {
      await expectRefused(restoreInto(target, '{"hello":"world"}\n'), 'backup-invalid', /Not a Vitaal backup/);
      await expectRefused(restoreInto(target, ''), 'backup-invalid', /empty/);
      const unknownVersion = backupText.replace(`"schemaVersion":"${latestSchemaVersion}"`, '"schemaVersion":"9999-future"');
      await expectRefused(restoreInto(target, unknownVersion), 'backup-invalid', /unknown to this Vitaal/);
      expect(Object.values(await dump(target.db)).flat()).toEqual([]);
    });
  });

  it('refuses a database that already holds data', async () => {
    await expectRefused(restoreInto(source, backupText), 'restore-target-not-empty', /Restore needs an empty database/);
  });
});
