import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseKind } from '../../test/database.ts';
import { readJson, requestJson, writeThroughKill } from '../../test/faults.ts';
import { killAllServers, runCli, startServer, type ServerProcess } from '../../test/server-process.ts';

/**
 * Issue 8, faults: a real `vitaal serve` (or the CLI process doing an import) killed with SIGKILL in the middle of an
 * import, of cycle updates and of incident reports, on an embedded folder (pglite project) and on a PostgreSQL
 * database (postgres project). Each scenario records what was acknowledged before the kill and proves after a
 * restart that all of it is there, that nothing half-written remains, and that the audit chain verifies.
 */

const startTimeoutMs = 240_000;
let root: string;
let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ServerProcess;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const tokens: Record<'admin' | 'ministry' | 'provider', string> = { admin: '', ministry: '', provider: '' };

const start = async (args: string[] = []) => (server = await startServer({ dataDir, env, args, timeoutMs: startTimeoutMs }));
const cli = async (...args: string[]) => {
  const result = await runCli(args, env);
  expect(result.code, `vitaal ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
};
const expectAuditIntact = async () => expect(await cli('audit', 'verify')).toMatch(/^audit log intact: \d+ entries verified\n$/);

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-faults-'));
  dataDir = path.join(root, 'data');
  if (testDatabaseKind() === 'postgres') {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  } else env = { VITAAL_DATA_DIR: dataDir };
  await start(['--demo']);
  tokens.admin = (await cli('token', 'create', '--user', 'admin@demo.vitaal.nl')).trim();
  tokens.ministry = (await cli('token', 'create', '--user', 'ministry@demo.vitaal.nl')).trim();
  tokens.provider = (await cli('token', 'create', '--user', 'provider@demo.vitaal.nl')).trim();
}, startTimeoutMs + 60_000);

afterAll(async () => {
  await server?.stop();
  await killAllServers();
  await database?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('SIGKILL in the middle of writes', { timeout: 2 * startTimeoutMs }, () => {
  it('an import killed halfway leaves all of its rows or none, and a reported success means all', async ({ annotate }) => {
    const rows = 1500;
    const sectorsFile = (prefix: string) => {
      const file = path.join(root, `${prefix}.csv`);
      const lines = Array.from({ length: rows }, (_, index) => `${prefix}-${index},Sector ${prefix} ${index},Sector ${prefix} ${index}`);
      fs.writeFileSync(file, ['code,nameNl,nameEn', ...lines].join('\n'));
      return file;
    };
    const countSectors = async (prefix: string) => (await cli('export', 'sectors')).split('\n').filter((line) => line.startsWith(`${prefix}-`)).length;

    // An undisturbed import of the same size tells how long one takes, so that the kill can fall halfway through.
    const startedAt = performance.now();
    expect(JSON.parse(await cli('import', 'sectors', sectorsFile('warm')))).toMatchObject({ rows, created: rows });
    const importMs = performance.now() - startedAt;

    // On the embedded folder the server does the import (the CLI hands it over its socket); on PostgreSQL the CLI does.
    const embedded = testDatabaseKind() === 'pglite';
    let killImporter = () => {};
    const importing = runCli(['import', 'sectors', sectorsFile('fault')], env, { onSpawn: (child) => (killImporter = () => child.kill('SIGKILL')) });
    await new Promise((resolve) => setTimeout(resolve, importMs / 2));
    if (embedded) await server.kill('SIGKILL');
    else killImporter();
    const result = await importing;
    if (embedded) await start();

    const imported = await countSectors('fault');
    await annotate(`import of ${rows} rows killed after ${Math.round(importMs / 2)} ms (an import takes ${Math.round(importMs)} ms): exit ${result.code}, ${imported} rows present`);
    expect([0, rows]).toContain(imported);
    if (result.code === 0) expect(imported).toBe(rows);
    expect(await countSectors('warm')).toBe(rows);
    await expectAuditIntact();
  });

  it('cycle updates: every acknowledged measure is there with all its links, every acknowledged change at least as new', async ({ annotate }) => {
    const cycles = await readJson<{ items: { id: string; completedAt: string | null; steps: { step: string; state: string }[] }[] }>(server, tokens.ministry, '/cycles?status=open&limit=100');
    const cycle = cycles.items.find((item) => item.steps.some((step) => step.step === 'measures' && step.state === 'in-progress'));
    expect(cycle, 'an open cycle of the ministry in step 3').toBeDefined();
    const cycleUrl = `/cycles/${cycle!.id}`;
    const owner = (await readJson<{ items: { providerId: string }[] }>(server, tokens.ministry, `${cycleUrl}/providers`)).items[0]!.providerId;
    const scenarios = (await readJson<{ items: { id: string }[] }>(server, tokens.ministry, `${cycleUrl}/scenarios`)).items.slice(0, 2);
    const existing = (await readJson<{ items: { id: string }[] }>(server, tokens.ministry, `${cycleUrl}/measures`)).items.slice(0, 2);
    expect(existing).toHaveLength(2);

    const links = { scenarios: scenarios.map((scenario) => ({ scenarioId: scenario.id, expectedLikelihoodClass: 'A' })), indicators: [{ indicator: 'digital', expectedScore: 4 }, { indicator: 'physical', expectedScore: 3 }] };
    const createLane = (lane: number) => (step: number) =>
      requestJson(server, tokens.ministry, 'POST', `${cycleUrl}/measures`, { title: `fault-measure-${lane}-${step}`, scope: 'sectoral', ownerOrgId: owner, dueAt: '2028-12-31T12:00:00Z', status: 'planned', ...links });
    // Each existing measure is changed by one lane only, so its changes are ordered.
    const changeLane = (measureId: string) => (step: number) => requestJson(server, tokens.ministry, 'PATCH', `${cycleUrl}/measures/${measureId}`, { description: `fault-revision-${step}` });
    const outcome = await writeThroughKill(server, [createLane(0), createLane(1), createLane(2), changeLane(existing[0]!.id), changeLane(existing[1]!.id)], { steps: 40, killAfter: 20 });
    await annotate(`acknowledged before SIGKILL: ${outcome.acknowledged.length}; lost with the connection: ${outcome.lost}`);
    expect(outcome.refused).toEqual([]);
    expect(outcome.lost).toBeGreaterThan(0);
    await start();

    const measures = (await readJson<{ items: { id: string; title: string; description: string | null; scenarios: { scenarioId: string }[]; indicators: { indicator: string }[] }[] }>(server, tokens.ministry, `${cycleUrl}/measures`)).items;
    const byId = new Map(measures.map((measure) => [measure.id, measure]));
    const created = outcome.acknowledged.filter((write) => write.lane < 3).map((write) => write.body as { id: string; title: string });
    expect(created.length).toBeGreaterThan(0);
    for (const measure of created) expect(byId.get(measure.id)?.title).toBe(measure.title);
    // Not half-written: every measure of the test that exists, acknowledged or not, has all of its links.
    for (const measure of measures.filter((item) => item.title.startsWith('fault-measure-'))) {
      expect(measure.scenarios.map((link) => link.scenarioId).sort(), measure.title).toEqual(scenarios.map((scenario) => scenario.id).sort());
      expect(measure.indicators.map((link) => link.indicator).sort(), measure.title).toEqual(['digital', 'physical']);
    }
    for (const [lane, measure] of existing.entries()) {
      const acknowledgedSteps = outcome.acknowledged.filter((write) => write.lane === 3 + lane).map((write) => write.step);
      if (acknowledgedSteps.length === 0) continue;
      const stored = Number(/^fault-revision-(\d+)$/.exec(byId.get(measure.id)?.description ?? '')?.[1]);
      expect(stored).toBeGreaterThanOrEqual(Math.max(...acknowledgedSteps));
    }
    await expectAuditIntact();
  });

  it('incident reports: every acknowledged incident is there with all its obligations, every acknowledged report submitted', async ({ annotate }) => {
    const significance = { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false };
    type Incident = { id: string; title: string; obligations: { regime: string; step: string; submittedAt: string | null }[]; history: { kind: string }[] };
    // Each lane reports an incident, then its early warning, then the next incident, and so on.
    const lane = (index: number) => (step: number, previous: unknown) =>
      step % 2 === 0
        ? requestJson(server, tokens.provider, 'POST', '/incidents', { title: `fault-incident-${index}-${step}`, awareAt: new Date(Date.now() - 3_600_000).toISOString(), regimes: ['nis2', 'cer'], significance })
        : requestJson(server, tokens.provider, 'POST', `/incidents/${(previous as Incident).id}/reports`, { regime: 'nis2', step: 'early-warning', content: { suspectedUnlawfulOrMalicious: false, crossBorderImpact: false } });
    const outcome = await writeThroughKill(server, [lane(0), lane(1), lane(2), lane(3)], { steps: 30, killAfter: 16 });
    await annotate(`acknowledged before SIGKILL: ${outcome.acknowledged.length}; lost with the connection: ${outcome.lost}`);
    expect(outcome.refused).toEqual([]);
    expect(outcome.lost).toBeGreaterThan(0);
    await start();

    const read = (id: string) => readJson<Incident>(server, tokens.provider, `/incidents/${id}`);
    const acknowledged = outcome.acknowledged.map((write) => ({ ...write, incident: write.body as Incident }));
    for (const { step, incident } of acknowledged) {
      const stored = await read(incident.id);
      expect(stored.title).toBe(incident.title);
      expect(stored.obligations.map((o) => `${o.regime}.${o.step}`).sort()).toEqual(incident.obligations.map((o) => `${o.regime}.${o.step}`).sort());
      if (step % 2 === 1) expect(stored.obligations.find((o) => o.regime === 'nis2' && o.step === 'early-warning')?.submittedAt).toBeTruthy();
    }
    // Not half-written: every incident of the test that exists has its obligations and its creation in its history.
    const listed = await readJson<{ items: { id: string; title: string }[] }>(server, tokens.provider, '/incidents?limit=1000');
    const ours = listed.items.filter((item) => item.title.startsWith('fault-incident-'));
    expect(ours.length).toBeGreaterThanOrEqual(acknowledged.filter((write) => write.step % 2 === 0).length);
    const obligationsOfOne = acknowledged[0]!.incident.obligations.length;
    expect(obligationsOfOne).toBeGreaterThan(0);
    for (const item of ours) {
      const stored = await read(item.id);
      expect(stored.obligations.length, item.title).toBe(obligationsOfOne);
      expect(stored.history[0]?.kind).toBe('created');
    }
    await expectAuditIntact();
  });
});

describe('SIGTERM in the middle of writes', { timeout: 2 * startTimeoutMs }, () => {
  it('finishes the requests in flight, refuses new ones with 503, keeps every acknowledged write and exits with 0', async ({ annotate }) => {
    const lane = (index: number) => (step: number) => requestJson(server, tokens.admin, 'POST', '/sectors', { code: `drain-${index}-${step}`, nameNl: 'Sector', nameEn: 'Sector' });
    const outcome = await writeThroughKill(server, [lane(0), lane(1), lane(2), lane(3)], { steps: 30, killAfter: 12, signal: 'SIGTERM' });
    await annotate(`acknowledged: ${outcome.acknowledged.length}, of which answered after SIGTERM: ${outcome.acknowledgedAfterSignal}; refused while closing: ${outcome.refused.length}; lost: ${outcome.lost}`);
    expect(outcome.exit).toEqual({ code: 0, signal: null });
    expect(outcome.refused.map((refusal) => refusal.status).filter((status) => status !== 503)).toEqual([]);
    await start();
    const sectors = await readJson<{ items: { id: string; code: string }[] }>(server, tokens.admin, '/sectors?limit=500');
    const stored = new Map(sectors.items.map((sector) => [sector.code, sector.id]));
    for (const { body } of outcome.acknowledged) {
      const sector = body as { id: string; code: string };
      expect(stored.get(sector.code)).toBe(sector.id);
    }
    await expectAuditIntact();
  });
});
