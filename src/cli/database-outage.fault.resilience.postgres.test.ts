import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, requestJson } from '../../test/faults.ts';
import { findPostgresBinDir, startPostgresServer, type PostgresServer } from '../../test/postgres-server.ts';
import { killAllServers, runCli, startServer, type ServerProcess } from '../../test/server-process.ts';

/**
 * Issue 8, faults: the PostgreSQL server goes away under a running `vitaal serve` (stopped as by a crash) and comes
 * back. Meanwhile health reports the outage and requests get 503 with Retry-After; afterwards the server reconnects
 * by itself, with everything acknowledged before the outage present and the audit chain intact. A server of its
 * own, because the shared test server cannot be taken away from the other tests.
 */

let postgres: PostgresServer;
let server: ServerProcess;
let env: NodeJS.ProcessEnv;
let root: string;
let token: string;

beforeAll(async () => {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error('This test stops and starts a PostgreSQL server of its own: install postgresql (initdb)');
  postgres = await startPostgresServer(binDir, { durable: true });
  env = { DATABASE_URL: postgres.url };
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-outage-'));
  server = await startServer({ dataDir: path.join(root, 'unused'), env, args: ['--demo'], timeoutMs: 240_000 });
  const created = await runCli(['token', 'create', '--user', 'admin@demo.vitaal.nl'], env);
  expect(created.code, created.stderr).toBe(0);
  token = created.stdout.trim();
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await killAllServers();
  await postgres?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const health = async (which: 'live' | 'ready') => (await fetch(`${server.url}/api/v1/health/${which}`)).status;
const createSector = (code: string) => requestJson(server, token, 'POST', '/sectors', { code, nameNl: `Sector ${code}`, nameEn: `Sector ${code}` });

describe('the database server goes away and comes back', { timeout: 300_000 }, () => {
  it('reports the outage, answers 503 with Retry-After meanwhile, reconnects by itself and has lost nothing acknowledged', async () => {
    const before = Array.from({ length: 20 }, (_, index) => `outage-before-${index}`);
    const acknowledged = new Map<string, string>();
    for (const code of before) {
      const response = await createSector(code);
      expect(response.status).toBe(201);
      acknowledged.set(code, ((await response.json()) as { id: string }).id);
    }
    expect(await health('ready')).toBe(200);

    await postgres.halt();
    expect(await health('live')).toBe(200);
    const ready = await fetch(`${server.url}/api/v1/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    for (const response of [await createSector('outage-during'), await requestJson(server, token, 'GET', '/sectors')]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ code: 'database-unavailable' });
    }

    await postgres.resume();
    const deadline = Date.now() + 60_000;
    while ((await health('ready')) !== 200 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await health('ready')).toBe(200);
    expect(server.process.exitCode).toBeNull();

    const sectors = await readJson<{ items: { id: string; code: string }[] }>(server, token, '/sectors?limit=500');
    const stored = new Map(sectors.items.map((sector) => [sector.code, sector.id]));
    for (const [code, id] of acknowledged) expect({ code, id: stored.get(code) }).toEqual({ code, id });
    // The write refused during the outage was not half-done: it can be made now, once.
    expect(stored.has('outage-during')).toBe(false);
    expect((await createSector('outage-during')).status).toBe(201);
    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.stdout).toMatch(/^audit log intact: \d+ entries verified\n$/);
  });
});
