import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';

let t: TestApp;
let ministry: Awaited<ReturnType<typeof buildUser>>;
let coordinator: Awaited<ReturnType<typeof buildUser>>;
let processId: string;
let cycleId: string;

const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
const tables = ['cycle', 'cycle_step', 'cycle_event', 'vitality_assessment', 'vitality_threshold_version', 'audit_log'];
const snapshot = async () => Promise.all(tables.map(countRows));

beforeAll(async () => {
  t = await createTestApp();
  const ministryId = (await buildOrganisation(t.services, { kind: 'ministry' })).id;
  ministry = await buildUser(t.services, 'ministry', { organisationId: ministryId });
  coordinator = await buildUser(t.services, 'coordinator');
  processId = (await buildVitalProcess(t.services, { ministryId })).id;
  const created = await call(t.app, ministry.token, 'POST', '/api/v1/cycles', { processId, kind: 'regular', openedAt: '2026-01-01T00:00:00Z', dueAt: '2027-01-01T00:00:00Z' });
  expect(created.statusCode, created.body).toBe(201);
  cycleId = created.json<{ id: string }>().id;
}, 60_000);
afterAll(() => t?.close());

describe('invalid cycle input is refused with a problem document and writes nothing', () => {
  const cases: [string, 'POST', () => string, () => unknown, number, string, string][] = [
    ['a due date before the opening', 'POST', () => '/api/v1/cycles', () => ({ processId, kind: 'regular', openedAt: '2026-01-01T00:00:00Z', dueAt: '2025-01-01T00:00:00Z' }), 400, 'dates-out-of-order', '/dueAt'],
    ['a regular cycle due more than four years ahead', 'POST', () => '/api/v1/cycles', () => ({ processId, kind: 'regular', openedAt: '2026-01-01T00:00:00Z', dueAt: '2031-01-01T00:00:00Z' }), 400, 'due-date-too-late', '/dueAt'],
    ['an unknown kind', 'POST', () => '/api/v1/cycles', () => ({ processId, kind: 'yearly' }), 400, 'validation-failed', '/body/kind'],
    ['an unknown process', 'POST', () => '/api/v1/cycles', () => ({ processId: '6f1c1a8e-0000-4000-8000-000000000000', kind: 'regular' }), 400, 'unknown-reference', '/processId'],
    ['a step before its predecessor', 'POST', () => `/api/v1/cycles/${cycleId}/steps`, () => ({ step: 'measures', state: 'completed', at: '2026-02-01T00:00:00Z' }), 422, 'step-out-of-order', '/step'],
    ['a step before the opening', 'POST', () => `/api/v1/cycles/${cycleId}/steps`, () => ({ step: 'designation', state: 'completed', at: '2025-02-01T00:00:00Z' }), 400, 'dates-out-of-order', '/at'],
    ['an unknown step state', 'POST', () => `/api/v1/cycles/${cycleId}/steps`, () => ({ step: 'designation', state: 'done' }), 400, 'validation-failed', '/body/state'],
    ['an event naming an unknown sector', 'POST', () => '/api/v1/cycle-events', () => ({ name: 'War', sectorIds: ['6f1c1a8e-0000-4000-8000-000000000000'], declaredAt: '2026-03-01T00:00:00Z', dueAt: '2026-02-01T00:00:00Z' }), 400, 'unknown-reference', '/sectorIds/0'],
    ['a negative criterion value', 'POST', () => '/api/v1/vitality-assessments', () => ({ processId, criteria: [{ measure: 'casualties', value: -1, source: 's' }] }), 400, 'validation-failed', '/body/criteria/0/value'],
    ['a criterion without a source', 'POST', () => '/api/v1/vitality-assessments', () => ({ processId, criteria: [{ measure: 'casualties', value: 1 }] }), 400, 'validation-failed', '/body/criteria/0/source'],
    ['an unknown measure', 'POST', () => '/api/v1/vitality-assessments', () => ({ processId, criteria: [{ measure: 'mood', value: 1, source: 's' }] }), 400, 'criteria-invalid', '/criteria/0/measure'],
  ];
  it.each(cases)('%s', async (_name, method, url, body, status, code, path) => {
    const before = await snapshot();
    const response = await call(t.app, ministry.token, method, url(), body());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<{ code: string; errors: { path: string }[] }>();
    expect(problem.code).toBe(code);
    expect(problem.errors.map((error) => error.path)).toContain(path);
    expect(await snapshot()).toEqual(before);
  });

  it('an event due before its declaration is refused', async () => {
    const sector = await buildSector(t.services);
    await buildVitalProcess(t.services, { sectorId: sector.id });
    const before = await snapshot();
    const response = await call(t.app, coordinator.token, 'POST', '/api/v1/cycle-events', { name: 'War', sectorIds: [sector.id], declaredAt: '2026-03-01T00:00:00Z', dueAt: '2026-02-01T00:00:00Z' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'dates-out-of-order' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('indicator scores over HTTP', () => {
  it('an invalid score is refused with a problem document and writes nothing', async () => {
    const provider = await buildOrganisation(t.services);
    await buildDesignation(t.services, { processId, providerId: provider.id });
    const user = await buildUser(t.services, 'provider', { organisationId: provider.id });
    const quickscan = await call(t.app, ministry.token, 'POST', '/api/v1/cycles', { processId, kind: 'quickscan', dueAt: new Date(Date.now() + 86_400_000 * 30).toISOString() });
    const url = `/api/v1/cycles/${quickscan.json<{ id: string }>().id}/indicator-scores`;
    const before = await countRows('indicator_score');
    const refused = await call(t.app, user.token, 'POST', url, { providerId: provider.id, indicator: 'digital', score: 9, rationale: 'r' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'score-invalid', errors: [{ path: '/score' }] });
    expect(await countRows('indicator_score')).toBe(before);
    const scored = await call(t.app, user.token, 'POST', url, { providerId: provider.id, indicator: 'digital', score: 3, rationale: 'r', evidence: ['https://example.org/audit'] });
    expect(scored.statusCode, scored.body).toBe(200);
    const listed = (await call(t.app, user.token, 'GET', url)).json<{ items: unknown[]; aggregate: unknown[] }>();
    expect(listed).toMatchObject({ items: [{ score: 3, evidence: ['https://example.org/audit'] }], aggregate: [{ indicator: 'digital', score: 3 }] });
  });
});

describe('the cycle over HTTP', () => {
  it('completes steps in order and shows the cycle as completed', async () => {
    for (const [step, at] of [['designation', '2026-02-01'], ['analysis', '2026-03-01'], ['measures', '2026-04-01'], ['effectiveness', '2026-05-01']] as const) {
      const response = await call(t.app, ministry.token, 'POST', `/api/v1/cycles/${cycleId}/steps`, { step, state: 'completed', at: `${at}T00:00:00Z` });
      expect(response.statusCode, response.body).toBe(200);
    }
    const cycle = (await call(t.app, coordinator.token, 'GET', `/api/v1/cycles/${cycleId}`)).json<{ status: string; completedAt: string }>();
    expect(cycle).toMatchObject({ status: 'completed', completedAt: '2026-05-01T00:00:00.000Z' });
  });

  it('a declared event opens quickscans that appear in the due-soon view', async () => {
    const sector = await buildSector(t.services);
    const processes = [await buildVitalProcess(t.services, { sectorId: sector.id }), await buildVitalProcess(t.services, { sectorId: sector.id })];
    const dueAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const declared = await call(t.app, coordinator.token, 'POST', '/api/v1/cycle-events', { name: 'Pandemic', sectorIds: [sector.id], dueAt });
    expect(declared.statusCode, declared.body).toBe(201);
    const event = declared.json<{ id: string; cycleIds: string[] }>();
    expect(event.cycleIds).toHaveLength(2);
    const view = (await call(t.app, coordinator.token, 'GET', `/api/v1/cycles?status=due-soon&eventId=${event.id}`)).json<{ items: { processId: string; kind: string }[]; total: number }>();
    expect(view.total).toBe(2);
    expect(view.items.map((item) => item.processId).sort()).toEqual(processes.map((process) => process.id).sort());
    const events = (await call(t.app, coordinator.token, 'GET', '/api/v1/cycle-events')).json<{ items: { id: string; quickscans: number; sectorIds: string[] }[] }>();
    expect(events.items.find((item) => item.id === event.id)).toMatchObject({ quickscans: 2, sectorIds: [sector.id] });
  });

  it('a threshold change makes a new version and the earlier decision keeps its version', async () => {
    const assessed = await call(t.app, ministry.token, 'POST', '/api/v1/vitality-assessments', { processId, criteria: [{ measure: 'people-affected', value: 500_000, source: 'CBS' }] });
    expect(assessed.statusCode, assessed.body).toBe(201);
    const first = assessed.json<{ id: string; thresholdVersion: number; proposedCategory: string }>();
    expect(first.proposedCategory).toBe('B');
    const decided = await call(t.app, ministry.token, 'POST', `/api/v1/vitality-assessments/${first.id}/decision`, { category: 'B', rationale: 'Regional impact', euInterest: false, natoInterest: true });
    expect(decided.statusCode, decided.body).toBe(200);
    const changed = await call(t.app, coordinator.token, 'POST', '/api/v1/vitality-thresholds', {
      label: 'Lower social limit',
      source: 'test',
      confirmed: false,
      measures: [{ key: 'people-affected', criterion: 'social', unit: 'people', description: 'd', A: { above: 400_000 }, B: { above: 40_000 } }],
    });
    expect(changed.statusCode, changed.body).toBe(201);
    expect(changed.json<{ version: number }>().version).toBe(first.thresholdVersion + 1);
    const versions = (await call(t.app, ministry.token, 'GET', '/api/v1/vitality-thresholds')).json<{ items: { version: number; confirmed: boolean }[] }>();
    expect(versions.items.map((item) => item.version)).toEqual([first.thresholdVersion + 1, first.thresholdVersion]);
    const kept = (await call(t.app, ministry.token, 'GET', `/api/v1/vitality-assessments/${first.id}`)).json();
    expect(kept).toMatchObject({ thresholdVersion: first.thresholdVersion, proposedCategory: 'B', decidedCategory: 'B', natoInterest: true });
  });
});
