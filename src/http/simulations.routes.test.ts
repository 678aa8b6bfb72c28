import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUser } from '../../test/factories.ts';

/** Simulations on the demo registry: saved scenarios, jobs with progress and cancel, need-to-know, crisis plans and exercises. */

let t: TestApp;
let coordinator: string;
let provider: string;
let ministry: string;
const ids = { asset: new Map<string, string>(), vendor: new Map<string, string>(), org: new Map<string, string>(), process: new Map<string, string>() };
const read = <T>(file: string): T => JSON.parse(fs.readFileSync(new URL(`../../data/${file}`, import.meta.url), 'utf8')) as T;

interface Job {
  id: string;
  status: string;
  done: number;
  total: number;
  result: Record<string, unknown> & { failed?: { assetId: string; code: string; atHours: number; cause: { kind: string; trigger?: string; supplierCode?: string } }[] };
  error: { code: string } | null;
}

async function waitFor(token: string, jobId: string, until: (job: Job) => boolean = (job) => job.status !== 'running'): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = (await call(t.app, token, 'GET', `/api/v1/simulation-jobs/${jobId}`)).json<Job>();
    if (until(job)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not get there`);
}

async function run(token: string, body: unknown): Promise<Job> {
  const started = await call(t.app, token, 'POST', '/api/v1/simulations', body);
  expect(started.statusCode, started.body).toBe(202);
  return waitFor(token, started.json<Job>().id);
}

const initialOf = (job: Job, trigger: string) => new Set(job.result.failed!.filter((f) => f.cause.kind === 'initial' && f.cause.trigger === trigger).map((f) => f.code));

beforeAll(async () => {
  t = await createTestApp();
  await t.services.seed.seedReference();
  await t.services.seed.seedDemo();
  for (const [table, map] of [['asset', ids.asset], ['vendor', ids.vendor], ['organisation', ids.org], ['vital_process', ids.process]] as const) {
    const rows = (await sql<{ id: string; code: string }>`select id, code from ${sql.table(table)}`.execute(t.db)).rows;
    for (const row of rows) map.set(row.code, row.id);
  }
  coordinator = (await buildUser(t.services, 'coordinator')).token;
  provider = (await buildUser(t.services, 'provider', { organisationId: ids.org.get('netbeheer-lage-landen') })).token;
  ministry = (await buildUser(t.services, 'ministry', { organisationId: ids.org.get('ezk') })).token;
}, 600_000);
afterAll(async () => {
  await t?.services.simulations.settle();
  await t?.close();
});

describe('the registry model', () => {
  it('holds every demo asset and dependency for the coordinator, and only its own assets for a provider', { tags: ['authorization'] }, async () => {
    const all = (await call(t.app, coordinator, 'GET', '/api/v1/simulation-model')).json<{ assets: { id: string; providerId: string }[]; dependencies: unknown[]; processes: { code: string; assets: number }[] }>();
    expect(all.assets).toHaveLength(read<unknown[]>('demo/assets.json').length);
    expect(all.dependencies).toHaveLength(read<unknown[]>('demo/dependencies.json').length);
    expect(all.processes.find((p) => p.code === 'elektriciteit-landelijk')?.assets).toBeGreaterThan(0);
    const own = (await call(t.app, provider, 'GET', '/api/v1/simulation-model')).json<{ assets: { providerId: string }[] }>();
    expect(own.assets.length).toBeGreaterThan(0);
    expect(own.assets.length).toBeLessThan(all.assets.length);
    expect(new Set(own.assets.map((a) => a.providerId))).toEqual(new Set([ids.org.get('netbeheer-lage-landen')]));
  });

  it('refuses users who see no assets', async () => {
    const csirt = (await buildUser(t.services, 'csirt')).token;
    const response = await call(t.app, csirt, 'POST', '/api/v1/simulations', { scenario: { crossBorder: { country: 'DE' } } });
    expect(response.statusCode).toBe(403);
  });
});

describe('scenarios', () => {
  it('an explicit failure cascades to its dependents, with causes and the processes it takes down', async () => {
    const job = await run(coordinator, { scenario: { initialFailures: [{ assetId: ids.asset.get('tso-ems')! }], horizonHours: 72 } });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const failed = job.result.failed!;
    expect(failed.find((f) => f.code === 'tso-ems')?.cause).toEqual({ kind: 'initial', trigger: 'explicit' });
    // Every dependent failed no earlier than the supplier named as its cause; the substations ride out the loss on buffers.
    const at = new Map(failed.map((f) => [f.code, f.atHours]));
    for (const f of failed.filter((f) => f.cause.kind === 'dependency')) expect(f.atHours).toBeGreaterThanOrEqual(at.get(f.cause.supplierCode!)!);
    const eemshaven = failed.find((f) => f.code === 'tso-hs-eemshaven');
    expect(eemshaven?.atHours).toBeGreaterThan(0);
    expect(eemshaven?.cause.kind).toBe('dependency');
    const processes = job.result.processes as { code: string; downAtHours: number | null; impact: { atHours: number }[] }[];
    expect(processes.find((p) => p.code === 'elektriciteit-landelijk')?.downAtHours).toBeGreaterThan(0);
    expect(processes.find((p) => p.code === 'elektriciteit-landelijk')?.impact.map((i) => i.atHours)).toEqual([24, 72]);
  });

  it('a saved regional scenario re-runs to the same result with the same seed', async () => {
    const definition = { region: { hazard: 'flood', circle: { center: [4.3, 51.9], radiusKm: 40 } }, seed: 7 };
    const saved = await call(t.app, coordinator, 'POST', '/api/v1/simulation-scenarios', { name: 'Overstroming Rijnmond', definition });
    expect(saved.statusCode, saved.body).toBe(201);
    const scenarioId = saved.json<{ id: string }>().id;
    const first = await run(coordinator, { scenarioId });
    const second = await run(coordinator, { scenarioId });
    expect(first.status).toBe('succeeded');
    expect(initialOf(first, 'region').size).toBeGreaterThan(0);
    expect(second.result.failed).toEqual(first.result.failed);
    expect(second.result.summary).toEqual(first.result.summary);
    // Other seeds draw other failures (with fragilities between 0 and 1, some seed among a few differs).
    const others = await Promise.all([8, 9, 10].map((seed) => run(coordinator, { scenario: { ...definition, seed } })));
    expect(others.some((other) => JSON.stringify([...initialOf(other, 'region')].sort()) !== JSON.stringify([...initialOf(first, 'region')].sort()))).toBe(true);
    expect((await call(t.app, coordinator, 'GET', `/api/v1/simulation-scenarios/${scenarioId}`)).json()).toMatchObject({ name: 'Overstroming Rijnmond', definition });
  });

  it('a vendor compromise fails every asset using the vendor’s products', async () => {
    const vendors = read<{ code: string; products: { code: string }[] }[]>('demo/vendors.json');
    const products = new Set(vendors.find((v) => v.code === 'polder-scada')!.products.map((p) => p.code));
    const expected = new Set(read<{ asset: string; product: string }[]>('demo/product-uses.json').filter((u) => products.has(u.product)).map((u) => u.asset));
    const job = await run(coordinator, { scenario: { vendorCompromise: { vendorId: ids.vendor.get('polder-scada')! } } });
    expect(initialOf(job, 'vendor')).toEqual(expected);
  });

  it('a cross-border outage fails every supplier in that country', async () => {
    const expected = new Set(read<{ supplier: string; crossBorderCountry?: string }[]>('demo/dependencies.json').filter((d) => d.crossBorderCountry === 'DE').map((d) => d.supplier));
    const job = await run(coordinator, { scenario: { crossBorder: { country: 'DE' } } });
    expect(initialOf(job, 'cross-border')).toEqual(expected);
  });

  it('a provider cannot fail, or learn of, another provider’s asset', { tags: ['authorization'] }, async () => {
    const foreign = read<{ code: string; provider: string }[]>('demo/assets.json').find((a) => a.provider !== 'netbeheer-lage-landen')!.code;
    const response = await call(t.app, provider, 'POST', '/api/v1/simulations', { scenario: { initialFailures: [{ assetId: ids.asset.get('tso-ems')! }, { assetId: ids.asset.get(foreign)! }] } });
    // The second asset is another provider's: refused exactly like an unknown id.
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'scenario-invalid', errors: [{ path: '/body/scenario/initialFailures/1/assetId' }] });
    const own = await run(provider, { scenario: { crossBorder: { country: 'DE' } } });
    const visible = new Set((await call(t.app, provider, 'GET', '/api/v1/simulation-model')).json<{ assets: { id: string }[] }>().assets.map((a) => a.id));
    expect(own.result.failed!.every((f) => visible.has(f.assetId))).toBe(true);
    const coordinatorJob = (await call(t.app, coordinator, 'POST', '/api/v1/simulations', { scenario: { crossBorder: { country: 'DE' } } })).json<Job>();
    expect((await call(t.app, provider, 'GET', `/api/v1/simulation-jobs/${coordinatorJob.id}`)).statusCode).toBe(404);
    expect((await call(t.app, provider, 'DELETE', `/api/v1/simulation-jobs/${coordinatorJob.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['an open polygon ring', { scenario: { region: { hazard: 'storm', polygon: { type: 'Polygon', coordinates: [[[4, 52], [5, 52], [5, 53], [4, 53]]] } } } }, 'scenario-invalid', '/body/scenario/region/polygon/coordinates/0/3'],
    ['an unknown hazard', { scenario: { region: { hazard: 'meteor', circle: { center: [4, 52], radiusKm: 5 } } } }, 'validation-failed', '/body/scenario/region/hazard'],
    ['an unknown vendor', { scenario: { vendorCompromise: { vendorId: '6f1c1a8e-0000-4000-8000-000000000000' } } }, 'scenario-invalid', '/body/scenario/vendorCompromise/vendorId'],
    ['a country that is no code', { scenario: { crossBorder: { country: 'Duitsland' } } }, 'validation-failed', '/body/scenario/crossBorder/country'],
    ['an unknown field', { scenario: { initialFailures: [], colour: 'red' } }, 'validation-failed', '/body/scenario/colour'],
    ['an empty scenario', { scenario: {} }, 'scenario-invalid', '/body/scenario'],
  ])('refuses %s with the path of the offending element, and starts no job', async (_name, body, code, path) => {
    const jobs = async () => Number((await sql<{ n: number }>`select count(*)::int as n from simulation_job`.execute(t.db)).rows[0]!.n);
    const before = await jobs();
    const response = await call(t.app, coordinator, 'POST', '/api/v1/simulations', body);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe(code);
    expect(problem.errors.map((e) => e.path)).toContain(path);
    expect(await jobs()).toBe(before);
  });

  it('refuses to save a scenario that does not resolve, naming the path in the body', async () => {
    const response = await call(t.app, coordinator, 'POST', '/api/v1/simulation-scenarios', { name: 'X', definition: { initialFailures: [{ assetId: '6f1c1a8e-0000-4000-8000-000000000000' }] } });
    expect(response.json()).toMatchObject({ code: 'scenario-invalid', errors: [{ path: '/body/definition/initialFailures/0/assetId' }] });
  });
});

describe('jobs', () => {
  it('Monte Carlo over the worker pool reports the distribution and the most important assets', async () => {
    const job = await run(coordinator, { monteCarlo: { runs: 200, hazard: 'storm', radiusKm: 30, seed: 3 } });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.done).toBe(200);
    const result = job.result as { runs: number; distribution: { atHours: number; populationAffected: { mean: number; p90: number } }[]; importance: { code: string; frequency: number }[] };
    expect(result.runs).toBe(200);
    expect(result.distribution.map((d) => d.atHours)).toEqual([24, 72, 168]);
    expect(result.importance.length).toBeGreaterThan(0);
    expect(result.distribution[0]!.populationAffected.p90).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('a long Monte Carlo job reports progress and is cancelled: its workers stop', async () => {
    const started = await call(t.app, coordinator, 'POST', '/api/v1/simulations', { monteCarlo: { runs: 1_000_000, hazard: 'flood', radiusKm: 50 } });
    expect(started.statusCode).toBe(202);
    const id = started.json<Job>().id;
    const progressing = await waitFor(coordinator, id, (job) => job.done > 0);
    expect(progressing.status).toBe('running');
    expect(progressing.total).toBe(1_000_000);
    const cancelled = await call(t.app, coordinator, 'DELETE', `/api/v1/simulation-jobs/${id}`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<Job>()).toMatchObject({ status: 'cancelled', error: { code: 'simulation-cancelled' } });
    expect(t.services.simulations.runningJobs()).toBe(0);
    const done = cancelled.json<Job>().done;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await call(t.app, coordinator, 'GET', `/api/v1/simulation-jobs/${id}`)).json<Job>()).toMatchObject({ status: 'cancelled', done });
    expect(done).toBeLessThan(1_000_000);
  }, 120_000);

  it('ranks single points of failure as a job', async () => {
    const started = await call(t.app, coordinator, 'POST', '/api/v1/simulations/rank', { top: 10 });
    expect(started.statusCode).toBe(202);
    const job = await waitFor(coordinator, started.json<Job>().id);
    expect(job.status).toBe('succeeded');
    const ranking = (job.result as { ranking: { rank: number; code: string; impact: Record<string, { populationAffected: number }> }[] }).ranking;
    expect(ranking).toHaveLength(10);
    expect(ranking[0]!.rank).toBe(1);
    expect(ranking[0]!.impact['24']!.populationAffected).toBeGreaterThanOrEqual(ranking[9]!.impact['24']!.populationAffected);
  });
});

describe('process capacity levels', () => {
  it('default from the reference data, set by the responsible ministry or the coordinator, used by the next run', async () => {
    const processId = ids.process.get('elektriciteit-landelijk')!;
    const rules = (await call(t.app, provider, 'GET', '/api/v1/simulation-process-rules')).json<{ items: { processId: string; minCapacity: number; source: string }[] }>().items;
    expect(rules.find((r) => r.processId === processId)).toMatchObject({ minCapacity: 0.7, source: 'reference' });
    expect((await call(t.app, provider, 'PUT', `/api/v1/simulation-process-rules/${processId}`, { minCapacity: 0.9 })).statusCode).toBe(403);
    expect((await sql`select count(*)::int as n from process_capacity_rule`.execute(t.db)).rows).toEqual([{ n: 0 }]);
    const set = await call(t.app, ministry, 'PUT', `/api/v1/simulation-process-rules/${processId}`, { minCapacity: 0.99, rationale: 'test' });
    expect(set.json(), set.body).toMatchObject({ minCapacity: 0.99, source: 'process' });
    const job = await run(coordinator, { scenario: { initialFailures: [{ assetId: ids.asset.get('tso-hs-eemshaven')! }], horizonHours: 1 } });
    const electricity = (job.result.processes as { code: string; minCapacity: number; downAtHours: number | null }[]).find((p) => p.code === 'elektriciteit-landelijk');
    expect(electricity).toMatchObject({ minCapacity: 0.99, downAtHours: 0 });
    await call(t.app, coordinator, 'PUT', `/api/v1/simulation-process-rules/${processId}`, { minCapacity: 0.7 });
  });
});

describe('crisis plans and exercises', () => {
  it('a plan per process outage, an exercise with injects played as a timeline, observations and lessons', async () => {
    const scenario = (await call(t.app, ministry, 'POST', '/api/v1/simulation-scenarios', { name: 'EMS-uitval', definition: { initialFailures: [{ assetId: ids.asset.get('tso-ems')! }], horizonHours: 48 } })).json<{ id: string }>();
    const planBody = {
      processId: ids.process.get('elektriciteit-landelijk')!,
      title: 'Landelijke stroomuitval',
      escalationLevels: [{ level: 1, name: 'GRIP 1', criteria: 'Regionale uitval' }, { level: 2, name: 'Nationaal', criteria: 'Meer dan één regio' }],
      actions: [{ description: 'Crisisteam bijeenroepen', role: 'crisiscoördinator', escalationLevel: 1 }],
      roles: [{ role: 'crisiscoördinator', responsibility: 'Leidt het crisisteam' }],
      contacts: [{ name: 'Meldkamer TSO', role: 'operator', phone: '+31 26 000 0000' }],
      scenarioIds: [scenario.id],
    };
    expect((await call(t.app, provider, 'POST', '/api/v1/crisis-plans', planBody)).statusCode).toBe(403);
    const created = await call(t.app, ministry, 'POST', '/api/v1/crisis-plans', planBody);
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json<{ id: string; scenarioIds: string[] }>();
    expect(plan.scenarioIds).toEqual([scenario.id]);
    // The designated provider reads the plan (it acts in it), and through it the scenario.
    expect((await call(t.app, provider, 'GET', `/api/v1/crisis-plans/${plan.id}`)).statusCode).toBe(200);
    expect((await call(t.app, provider, 'GET', `/api/v1/simulation-scenarios/${scenario.id}`)).statusCode).toBe(200);

    const exercise = await call(t.app, ministry, 'POST', '/api/v1/exercises', {
      planId: plan.id,
      scenarioId: scenario.id,
      name: 'Oefening EMS',
      scheduledAt: '2026-12-01T09:00:00Z',
      injects: [{ offsetMinutes: 30, message: 'Het EMS reageert niet meer', targetRole: 'operator' }, { offsetMinutes: 720, message: 'Noodstroom raakt op', targetRole: 'crisiscoördinator' }],
    });
    expect(exercise.statusCode, exercise.body).toBe(201);
    const exerciseId = exercise.json<{ id: string }>().id;
    const timeline = (await call(t.app, ministry, 'GET', `/api/v1/exercises/${exerciseId}/timeline`)).json<{ entries: { atMinutes: number; kind: string; code?: string }[] }>().entries;
    expect(timeline[0]).toMatchObject({ atMinutes: 0, kind: 'asset-down', code: 'tso-ems' });
    expect(timeline.map((e) => e.kind)).toContain('inject');
    const run = await t.services.simulations.runScenario((await t.services.auth.findTokenActor(ministry))!, scenario.id);
    const electricity = run.processes.find((p) => p.code === 'elektriciteit-landelijk')!;
    expect(timeline.find((e) => e.kind === 'process-down' && e.code === 'elektriciteit-landelijk')).toMatchObject({ atMinutes: electricity.downAtHours! * 60 });
    expect(timeline.map((e) => e.atMinutes)).toEqual([...timeline.map((e) => e.atMinutes)].sort((a, b) => a - b));

    await call(t.app, ministry, 'POST', `/api/v1/exercises/${exerciseId}/state`, { state: 'running' });
    const observed = await call(t.app, provider, 'POST', `/api/v1/exercises/${exerciseId}/observations`, { text: 'Terugvaloptie niet bekend bij de operator', offsetMinutes: 45 });
    expect(observed.statusCode, observed.body).toBe(200);
    expect((await call(t.app, provider, 'POST', `/api/v1/exercises/${exerciseId}/lessons`, { title: 'x', description: 'y' })).statusCode).toBe(403);
    const lesson = await call(t.app, ministry, 'POST', `/api/v1/exercises/${exerciseId}/lessons`, { title: 'Terugvalprocedure EMS oefenen', description: 'Jaarlijks oefenen met de operator' });
    expect(lesson.json()).toMatchObject({ status: 'running', observations: [{ offsetMinutes: 45 }], lessons: [{ title: 'Terugvalprocedure EMS oefenen', measureId: null }] });
    await call(t.app, ministry, 'POST', `/api/v1/exercises/${exerciseId}/state`, { state: 'completed' });
    const late = await call(t.app, provider, 'POST', `/api/v1/exercises/${exerciseId}/observations`, { text: 'te laat' });
    expect(late.json()).toMatchObject({ code: 'exercise-completed' });
  }, 60_000);
});
