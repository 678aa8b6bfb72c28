import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { killAllServers, runCli, startServer } from '../../test/server-process.ts';

/** The same start as `npm start`, on a PostgreSQL server through DATABASE_URL (the postgres project only). */
describe('vitaal serve --demo on a PostgreSQL server', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: NodeJS.ProcessEnv;
  let unusedDataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    unusedDataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-pg-serve-')), 'data');
    env = { DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await killAllServers();
    await database?.close();
  });

  const processCount = async (url: string, token: string) => {
    const response = await fetch(`${url}/api/v1/vital-processes?limit=100`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { total: number; items: { category: string | null }[] };
    return { total: body.total, categoryA: body.items.filter((item) => item.category === 'A').length };
  };

  it('migrates, seeds, serves, and a CLI token lists the 28 vital processes', { timeout: 240_000 }, async () => {
    const server = await startServer({ dataDir: unusedDataDir, env, args: ['--demo'], timeoutMs: 180_000 });
    const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { database: { kind: string; serverVersion: string } };
    expect(health.database.kind).toBe('postgres');
    expect(server.stdout()).toContain('coordinator@demo.vitaal.nl');

    const token = await runCli(['token', 'create', '--user', 'coordinator@demo.vitaal.nl'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(await processCount(server.url, token.stdout.trim())).toEqual({ total: 28, categoryA: 6 });
    expect(fs.existsSync(unusedDataDir)).toBe(false);
    expect((await server.stop()).code).toBe(0);

    const organisationsBefore = await database.db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await startServer({ dataDir: unusedDataDir, env, args: ['--demo'], timeoutMs: 120_000 });
    expect(again.stdout()).not.toContain('Demo data loaded');
    expect(await processCount(again.url, token.stdout.trim())).toEqual({ total: 28, categoryA: 6 });
    const organisationsAfter = await database.db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(organisationsAfter.n).toBe(organisationsBefore.n);
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    await again.stop();
  });
});
