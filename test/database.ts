import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../src/db/connect.ts';
import { postgresTemplateName } from './global-setup.ts';

/** Which engine this vitest project tests against, from `VITAAL_TEST_DB` (set per project in vitest.config.ts). */
export function testDatabaseKind(): DatabaseKind {
  const kind = process.env.VITAAL_TEST_DB;
  if (kind === 'pglite' || kind === 'postgres') return kind;
  throw new Error(`VITAAL_TEST_DB is "${kind ?? ''}": database tests run in the "pglite" or "postgres" vitest project`);
}

/**
 * A fresh, migrated database of its own for one test file: PGlite loaded from the run's template
 * (about 1 s), or a copy of the PostgreSQL template database. `close()` discards it.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  return testDatabaseKind() === 'postgres' ? createPostgresTestDatabase() : createPgliteTestDatabase();
}

/** A database without any table (not even migrated), for restores: in-memory PGlite or a database copied from template0. */
export async function createEmptyTestDatabase(): Promise<DatabaseHandle> {
  if (testDatabaseKind() === 'pglite') return openDatabase({ kind: 'pglite', pglite: await PGlite.create() });
  return createPostgresTestDatabase('template0');
}

async function createPgliteTestDatabase(): Promise<DatabaseHandle> {
  const templatePath = inject('pgliteTemplatePath');
  if (!templatePath) throw new Error('No PGlite template was provided: is test/global-setup.ts the globalSetup of this project?');
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(templatePath)]) });
  return openDatabase({ kind: 'pglite', pglite });
}

async function createPostgresTestDatabase(template = postgresTemplateName): Promise<DatabaseHandle & { url: string }> {
  const serverUrl = inject('postgresUrl');
  if (!serverUrl) throw new Error('No PostgreSQL server was provided: is test/global-setup.ts the globalSetup of this project?');
  const name = `t_${randomBytes(8).toString('hex')}`;
  await runAdminQuery(serverUrl, `create database "${name}" template ${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.href, maxConnections: 5 });
  return {
    ...handle,
    url: url.href,
    close: async () => {
      await handle.close();
      await runAdminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

async function runAdminQuery(serverUrl: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/**
 * An embedded data folder (as `VITAAL_DATA_DIR` names it) holding a migrated, empty database, made from the
 * run's PGlite template: about 3 s instead of an initdb and the migrations. pglite project only.
 */
export async function createPgliteDataDir(dataDir: string): Promise<void> {
  const templatePath = inject('pgliteTemplatePath');
  if (!templatePath) throw new Error('No PGlite template was provided: is test/global-setup.ts the globalSetup of this project?');
  const pglite = await PGlite.create(dataDir, { loadDataDir: new Blob([fs.readFileSync(templatePath)]) });
  await pglite.close();
}

/** A handle on a PostgreSQL server that is not there: every connection is refused, as during an outage. */
export const openUnreachableDatabase = (): Promise<DatabaseHandle> => openDatabase({ kind: 'postgres', url: 'postgres://vitaal@127.0.0.1:9/vitaal', maxConnections: 1 });
