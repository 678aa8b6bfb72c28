import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { findPostgresBinDir, startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Tar of a migrated PGlite data folder; `createTestDatabase` loads it (about 1 s instead of 5). */
    pgliteTemplatePath: string;
    /** URL of a database on the test server from which `createTestDatabase` creates and drops databases. */
    postgresUrl: string;
  }
}

/** Database from which every PostgreSQL test database is copied (`create database … template`). */
export const postgresTemplateName = 'vitaal_template';

/**
 * Runs once per vitest project before its tests: prepares a migrated PGlite template (projects
 * `pglite` and `browser`) or a PostgreSQL server with a migrated template database (`postgres`).
 * Returns the teardown.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kind = project.config.env?.VITAAL_TEST_DB;
  if (kind === 'postgres') return setUpPostgres(project);
  if (kind === 'pglite') return setUpPglite(project);
  throw new Error(`test/global-setup.ts: project "${project.name}" sets no VITAAL_TEST_DB (pglite or postgres)`);
}

interface SharedTemplate {
  path: Promise<string>;
  users: number;
}

// Projects get separate module instances but share this process: keep one template for all of them.
const templateKey = Symbol.for('vitaal.test.pgliteTemplate');
const shared = globalThis as typeof globalThis & { [templateKey]?: SharedTemplate };

async function setUpPglite(project: TestProject): Promise<() => Promise<void>> {
  const template = (shared[templateKey] ??= { path: createPgliteTemplate(), users: 0 });
  template.users += 1;
  project.provide('pgliteTemplatePath', await template.path);
  return async () => {
    template.users -= 1;
    if (template.users > 0) return;
    delete shared[templateKey];
    fs.rmSync(path.dirname(await template.path), { recursive: true, force: true });
  };
}

async function createPgliteTemplate(): Promise<string> {
  const pglite = new PGlite();
  const handle = await openDatabase({ kind: 'pglite', pglite });
  try {
    await migrateToLatest(handle.db);
    const dump = await pglite.dumpDataDir('none');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-pglite-'));
    const file = path.join(dir, 'template.tar');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return file;
  } finally {
    await handle.close();
  }
}

async function setUpPostgres(project: TestProject): Promise<() => Promise<void>> {
  // DATABASE_URL points at a server someone else runs; otherwise start a throwaway one.
  const externalUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  let url = externalUrl;
  if (!url) {
    const binDir = findPostgresBinDir();
    if (!binDir) throw new Error('The postgres test project needs a PostgreSQL server: install postgresql (initdb) or set DATABASE_URL');
    const server = await startPostgresServer(binDir);
    url = server.url;
    stopServer = server.stop;
  }
  try {
    await createPostgresTemplate(url);
  } catch (error) {
    await stopServer();
    throw error;
  }
  project.provide('postgresUrl', url);
  return async () => {
    if (externalUrl) await dropPostgresTemplate(externalUrl);
    await stopServer();
  };
}

async function createPostgresTemplate(url: string): Promise<void> {
  await dropPostgresTemplate(url);
  await withClient(url, (client) => client.query(`create database ${postgresTemplateName}`));
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${postgresTemplateName}`;
  const handle = await openDatabase({ kind: 'postgres', url: templateUrl.href, maxConnections: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
}

async function dropPostgresTemplate(url: string): Promise<void> {
  await withClient(url, (client) => client.query(`drop database if exists ${postgresTemplateName} with (force)`));
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
