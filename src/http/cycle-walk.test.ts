import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { pdfText } from '../../test/pdf.ts';

/**
 * Acceptance of issue 3: one process, two providers, the four steps of the cyclus vitaal walked by the right roles
 * (ministry, providers, supervisor reading, coordinator), ending with the PDF report and the XLSX export.
 */
let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let ministry: User, otherMinistry: User, providerA: User, providerB: User, supervisor: User, coordinator: User;
let processId: string;
let otherProcessId: string;
let providerAId: string;
let providerBId: string;
let cycleId: string;
let previousCycleId: string;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const url = (suffix = '') => `/api/v1/cycles/${cycleId}${suffix}`;
const tables = ['cycle', 'cycle_step', 'process_provider', 'designation_change', 'provider_notification', 'indicator_score', 'cycle_threat', 'risk_scenario', 'risk_scenario_score', 'cycle_input', 'measure', 'measure_scenario', 'measure_indicator', 'audit_log'];
const snapshot = async () => Promise.all(tables.map(async (table) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n)));

async function ok<T = Record<string, unknown>>(user: User, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, status = method === 'POST' && !path.endsWith('/steps') && !path.endsWith('/score') && !path.endsWith('/acknowledgement') && !path.endsWith('/indicator-scores') ? 201 : 200): Promise<T> {
  const response = await call(t.app, user.token, method, path, body);
  expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(status);
  return response.json<T>();
}

/** A refused request: the problem document names `code` (and `path` when given) and nothing is written, not even an audit entry. */
async function refused(user: User, method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, status: number, code: string, pointer?: string) {
  const before = await snapshot();
  const response = await call(t.app, user.token, method, path, body);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<{ code: string; errors?: { path: string }[] }>();
  expect(problem.code).toBe(code);
  if (pointer) expect(problem.errors?.map((error) => error.path)).toContain(pointer);
  expect(await snapshot()).toEqual(before);
}

const step = (user: User, name: string, state: 'in-progress' | 'completed', at: string) => ok(user, 'POST', url('/steps'), { step: name, state, at });
const indicators = ['physical', 'digital', 'economic', 'chain-dependencies', 'crisis-management'] as const;

beforeAll(async () => {
  t = await createTestApp();
  const sector = await buildSector(t.services);
  const ministryId = (await buildOrganisation(t.services, { kind: 'ministry', name: 'Ministerie van Waterstaat' })).id;
  const supervisorId = (await buildOrganisation(t.services, { kind: 'supervisor' })).id;
  await t.db.insertInto('supervision').values({ supervisorId, sectorId: sector.id }).execute();
  processId = (await buildVitalProcess(t.services, { sectorId: sector.id, ministryId, category: 'A' })).id;
  otherProcessId = (await buildVitalProcess(t.services)).id;
  providerAId = (await buildOrganisation(t.services, { name: 'Waterbedrijf Alfa' })).id;
  providerBId = (await buildOrganisation(t.services, { name: 'Waterbedrijf Beta' })).id;
  ministry = await buildUser(t.services, 'ministry', { organisationId: ministryId });
  otherMinistry = await buildUser(t.services, 'ministry');
  providerA = await buildUser(t.services, 'provider', { organisationId: providerAId });
  providerB = await buildUser(t.services, 'provider', { organisationId: providerBId });
  supervisor = await buildUser(t.services, 'supervisor', { organisationId: supervisorId });
  coordinator = await buildUser(t.services, 'coordinator');

  // The previous cycle of the process, scored by the platform, for the comparison of step 4.
  const platform = { kind: 'system', via: 'test' } as const;
  const previous = await t.services.cycles.create(platform, { processId, kind: 'regular', openedAt: daysAgo(4 * 365), dueAt: daysAgo(3 * 365) });
  previousCycleId = previous.id;
  for (const providerId of [providerAId, providerBId]) await t.services.cycleDesignation.setStatus(platform, previous.id, { providerId, status: 'designated', at: daysAgo(4 * 365 - 1) });
  for (const indicator of indicators) await t.services.resilience.score(platform, previous.id, { providerId: providerAId, indicator, score: indicator === 'digital' ? 2 : 3, rationale: 'earlier cycle' });
  const earlier = await t.services.risk.createScenario(platform, previous.id, { key: 'grid-sabotage', title: 'Sabotage of the pumping stations' });
  await t.services.risk.scoreScenario(platform, previous.id, earlier.id, { likelihoodClass: 'D', impacts: { '2.3': 'D', '3.1': 'C' } });
}, 300_000);
afterAll(() => t?.close());

// Each step makes dozens of requests, each audited; generous timeouts keep the walk stable on a busy machine.
describe('the cyclus vitaal, walked through all four steps', { timeout: 300_000 }, () => {
  it('step 1: the ministry opens the cycle, decides the designation and identifies and notifies the providers', async () => {
    cycleId = (await ok<{ id: string }>(ministry, 'POST', '/api/v1/cycles', { processId, kind: 'regular', openedAt: daysAgo(120), dueAt: new Date(Date.now() + 365 * 86_400_000).toISOString() })).id;
    await refused(otherMinistry, 'POST', url('/providers'), { providerId: providerAId, status: 'designated' }, 404, 'cycle-not-found');
    await step(ministry, 'designation', 'in-progress', daysAgo(119));
    const assessment = await ok<{ id: string; proposedCategory: string }>(ministry, 'POST', '/api/v1/vitality-assessments', { processId, cycleId, criteria: [{ measure: 'people-affected', value: 2_000_000, source: 'CBS 2025' }] });
    expect(assessment.proposedCategory).toBe('A');
    await ok(ministry, 'POST', `/api/v1/vitality-assessments/${assessment.id}/decision`, { category: 'A', rationale: 'Drinking water for two million people', euInterest: true, natoInterest: false }, 200);

    await refused(ministry, 'POST', url('/providers'), { providerId: providerAId, status: 'designated', at: daysAgo(200) }, 400, 'dates-out-of-order', '/at');
    await ok(ministry, 'POST', url('/providers'), { providerId: providerAId, status: 'designated', note: 'Operates the main intake', at: daysAgo(118) });
    await ok(ministry, 'POST', url('/providers'), { providerId: providerBId, status: 'proposed', at: daysAgo(118) });
    const change = await ok<{ previousStatus: string; status: string }>(ministry, 'POST', url('/providers'), { providerId: providerBId, status: 'designated', at: daysAgo(117) });
    expect(change).toMatchObject({ previousStatus: 'proposed', status: 'designated' });
    await refused(ministry, 'POST', url('/providers'), { providerId: providerBId, status: 'designated' }, 422, 'designation-unchanged');

    const notifyA = await ok<{ id: string }>(ministry, 'POST', url('/notifications'), { providerId: providerAId, message: 'U bent aangewezen als vitale aanbieder.', at: daysAgo(116) });
    const notifyB = await ok<{ id: string }>(ministry, 'POST', url('/notifications'), { providerId: providerBId, message: 'U bent aangewezen als vitale aanbieder.', at: daysAgo(116) });
    await refused(providerA, 'POST', url(`/notifications/${notifyB.id}/acknowledgement`), undefined, 404, 'provider-notification-not-found');
    expect(await ok(providerA, 'POST', url(`/notifications/${notifyA.id}/acknowledgement`))).toMatchObject({ acknowledgedAt: expect.any(String) });

    const asA = await ok<{ items: { providerId: string; status: string; changes: unknown[]; notifications: unknown[] }[] }>(providerA, 'GET', url('/providers'));
    expect(asA.items.map((item) => item.providerId)).toEqual([providerAId]);
    const asMinistry = await ok<{ items: { providerId: string; status: string; changes: unknown[]; notifications: unknown[]; notifiedAt: string | null }[] }>(ministry, 'GET', url('/providers'));
    expect(asMinistry.items).toHaveLength(2);
    expect(asMinistry.items.find((item) => item.providerId === providerBId)).toMatchObject({ status: 'designated', changes: [{}, {}], notifications: [{}], notifiedAt: expect.any(String) });

    await refused(ministry, 'POST', url('/steps'), { step: 'measures', state: 'completed', at: daysAgo(110) }, 422, 'step-out-of-order', '/step');
    await step(ministry, 'designation', 'completed', daysAgo(110));
  });

  it('step 2: providers score their own part, the ministry links threats, scenarios and inputs, the supervisor reads', async () => {
    await refused(ministry, 'POST', url('/steps'), { step: 'analysis', state: 'in-progress', at: daysAgo(111) }, 400, 'dates-out-of-order', '/at');
    await step(ministry, 'analysis', 'in-progress', daysAgo(100));
    const scores: Record<string, Record<string, number>> = { [providerAId]: { physical: 3, digital: 2, economic: 4, 'chain-dependencies': 3, 'crisis-management': 4 }, [providerBId]: { physical: 4, digital: 3, economic: 3, 'chain-dependencies': 2, 'crisis-management': 3 } };
    for (const [user, providerId] of [[providerA, providerAId], [providerB, providerBId]] as const)
      for (const indicator of indicators)
        await ok(user, 'POST', url('/indicator-scores'), { providerId, indicator, score: scores[providerId]?.[indicator], rationale: `Self-assessment ${indicator}`, evidence: [`https://evidence.example/${providerId}/${indicator}`] });
    await refused(providerA, 'POST', url('/indicator-scores'), { providerId: providerBId, indicator: 'digital', score: 5, rationale: 'not mine' }, 403, 'forbidden');
    await refused(providerA, 'POST', url('/indicator-scores'), { providerId: providerAId, indicator: 'digital', score: 9, rationale: 'off the scale' }, 400, 'score-invalid', '/score');
    await refused(providerA, 'POST', url('/indicator-scores'), { providerId: providerAId, indicator: 'digital', score: 4, rationale: 'too early', phase: 'reassessment' }, 422, 'phase-not-open', '/phase');

    const ownOnly = await ok<{ items: { providerId: string; evidence: string[] }[]; aggregate: { indicator: string; score: number; providers: number }[] }>(providerA, 'GET', url('/indicator-scores'));
    expect(new Set(ownOnly.items.map((item) => item.providerId))).toEqual(new Set([providerAId]));
    expect(ownOnly.items.flatMap((item) => item.evidence).some((link) => link.includes(providerBId))).toBe(false);
    expect(ownOnly.aggregate.find((entry) => entry.indicator === 'chain-dependencies')).toMatchObject({ score: 3, providers: 1 });

    await ok(ministry, 'POST', url('/threats'), { threatKey: 'state-actors', subThreatKey: 'sabotage', rationale: 'Pumping stations in the threat landscape' });
    await ok(ministry, 'POST', url('/threats'), { threatKey: 'natural-climate', subThreatKey: 'drought' });
    await refused(ministry, 'POST', url('/threats'), { threatKey: 'aliens' }, 400, 'threat-unknown', '/threatKey');
    await refused(ministry, 'POST', url('/threats'), { threatKey: 'natural-climate', subThreatKey: 'drought' }, 409, 'already-exists');

    const sabotage = await ok<{ id: string }>(ministry, 'POST', url('/scenarios'), { key: 'grid-sabotage', title: 'Sabotage of the pumping stations', threatKey: 'state-actors', sharedWithProviders: true });
    const drought = await ok<{ id: string }>(ministry, 'POST', url('/scenarios'), { key: 'drought', title: 'Summer drought', threatKey: 'natural-climate' });
    await refused(ministry, 'POST', url(`/scenarios/${sabotage.id}/score`), { likelihoodClass: 'F', impacts: { '2.3': 'Q', '9.9': 'A' } }, 400, 'risk-class-invalid', '/likelihoodClass');
    const scored = await ok<{ impactScore: number; impactClass: string; riskScore: number; aggregationRule: string }>(ministry, 'POST', url(`/scenarios/${sabotage.id}/score`), { likelihoodClass: 'C', impacts: { '2.3': 'D', '3.1': 'C', '5.1': 'D', '1.1': 'X' } }, 200);
    expect(scored).toMatchObject({ impactScore: 3.67, impactClass: 'D', riskScore: 11.01 });
    expect(scored.aggregationRule).toMatch(/weighted mean/);
    await ok(ministry, 'POST', url(`/scenarios/${drought.id}/score`), { likelihoodClass: 'D', impacts: { '2.3': 'B', '3.2': 'C' } }, 200);
    const scenarios = await ok<{ items: unknown[]; diagram: { key: string; likelihoodClass: string }[] }>(ministry, 'GET', url('/scenarios'));
    expect(scenarios.diagram.map((point) => `${point.key}:${point.likelihoodClass}`).sort()).toEqual(['drought:D', 'grid-sabotage:C']);

    const vendor = await t.services.supplyChain.createVendor({ kind: 'system', via: 'test' }, { code: 'walk-vendor', name: 'Pump Controls Ltd', country: 'CN' });
    await ok(ministry, 'POST', url('/inputs'), { kind: 'high-risk-finding', title: 'PLC firmware from a high-risk country', reference: 'scan-2026-03', vendorId: vendor.id });

    // The ministry shares the process scores and one scenario back; the provider sees those and no inputs.
    await ok(ministry, 'PATCH', url('/sharing'), { scoresSharedWithProviders: true }, 200);
    const shared = await ok<{ aggregate: { indicator: string; score: number; providers: number }[] }>(providerA, 'GET', url('/indicator-scores'));
    expect(shared.aggregate.find((entry) => entry.indicator === 'chain-dependencies')).toMatchObject({ score: 2, providers: 2 });
    expect((await ok<{ items: { key: string }[] }>(providerA, 'GET', url('/scenarios'))).items.map((item) => item.key)).toEqual(['grid-sabotage']);
    expect((await ok<{ items: unknown[] }>(providerA, 'GET', url('/inputs'))).items).toEqual([]);
    await refused(providerA, 'POST', url('/scenarios'), { key: 'mine', title: 'Mine' }, 403, 'forbidden');

    const read = await ok<{ items: unknown[]; aggregate: { indicator: string; score: number; providers: number }[] }>(supervisor, 'GET', url('/indicator-scores'));
    expect(read.items).toHaveLength(10);
    expect(read.aggregate.find((entry) => entry.indicator === 'chain-dependencies')).toMatchObject({ score: 2, providers: 2 });
    await refused(supervisor, 'POST', url('/threats'), { threatKey: 'crime' }, 403, 'forbidden');

    await step(ministry, 'analysis', 'completed', daysAgo(80));
    await refused(providerA, 'POST', url('/indicator-scores'), { providerId: providerAId, indicator: 'digital', score: 3, rationale: 'late' }, 422, 'analysis-closed');
  });

  it('step 3: the action programme, with a cross-sector measure from the coordinator and the provider reporting progress', async () => {
    await step(ministry, 'measures', 'in-progress', daysAgo(79));
    const { items: scenarios } = await ok<{ items: { id: string; key: string }[] }>(ministry, 'GET', url('/scenarios'));
    const sabotage = scenarios.find((scenario) => scenario.key === 'grid-sabotage')!;
    await refused(ministry, 'POST', url('/measures'), { title: 'Too early', scope: 'sectoral', ownerOrgId: providerAId, dueAt: daysAgo(200) }, 400, 'dates-out-of-order', '/dueAt');
    await refused(ministry, 'POST', url('/measures'), { title: 'Bad links', scope: 'sectoral', ownerOrgId: providerAId, dueAt: daysAgo(10), indicators: [{ indicator: 'digital', expectedScore: 7 }] }, 400, 'measure-link-invalid', '/indicators/0/expectedScore');
    const segmentation = await ok<{ id: string; overdue: boolean; scenarios: unknown[]; indicators: unknown[]; processes: unknown[] }>(ministry, 'POST', url('/measures'), {
      title: 'Segment the PLC network',
      scope: 'sectoral',
      ownerOrgId: providerAId,
      dueAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      costEstimateEur: 250_000,
      sharedWithProviders: true,
      scenarios: [{ scenarioId: sabotage.id, expectedLikelihoodClass: 'B' }],
      indicators: [{ indicator: 'digital', expectedScore: 4 }],
    });
    expect(segmentation).toMatchObject({
      overdue: false,
      scenarios: [{ scenarioId: sabotage.id, key: expect.any(String), title: expect.any(String), expectedLikelihoodClass: 'B', expectedImpactClass: null }],
      indicators: [{ indicator: 'digital', expectedScore: 4 }],
      processes: [],
    });
    await refused(ministry, 'POST', url('/measures'), { title: 'Cross', scope: 'cross-sector', ownerOrgId: providerAId, dueAt: daysAgo(10) }, 400, 'measure-link-invalid', '/processIds');
    const crossSector = await ok<{ id: string; overdue: boolean; processes: { id: string }[] }>(coordinator, 'POST', url('/measures'), {
      title: 'National stock of spare pumps',
      scope: 'cross-sector',
      ownerOrgId: ministry.organisationId,
      dueAt: daysAgo(5),
      costEstimateEur: 1_200_000,
      processIds: [otherProcessId],
      indicators: [{ indicator: 'chain-dependencies', expectedScore: 3 }],
    });
    expect(crossSector).toMatchObject({ overdue: true, processes: [{ id: otherProcessId, code: expect.any(String), nameNl: expect.any(String), nameEn: expect.any(String) }] });
    await refused(coordinator, 'POST', url('/measures'), { title: 'Sectoral', scope: 'sectoral', ownerOrgId: providerAId, dueAt: daysAgo(10) }, 403, 'forbidden');

    await ok(providerA, 'PATCH', url(`/measures/${segmentation.id}`), { status: 'in-progress' }, 200);
    await refused(providerA, 'PATCH', url(`/measures/${segmentation.id}`), { title: 'Renamed' }, 403, 'forbidden');
    await refused(providerB, 'PATCH', url(`/measures/${segmentation.id}`), { status: 'done' }, 403, 'forbidden');
    const overdue = await ok<{ items: { id: string }[]; overdue: number }>(ministry, 'GET', url('/measures?overdue=true'));
    expect(overdue.items.map((item) => item.id)).toEqual([crossSector.id]);
    const programme = await ok<{ items: unknown[]; totalCostEur: number }>(ministry, 'GET', url('/measures'));
    expect(programme).toMatchObject({ totalCostEur: 1_450_000 });
    expect((await ok<{ items: { id: string }[] }>(providerB, 'GET', url('/measures'))).items.map((item) => item.id)).toEqual([segmentation.id]);
    await ok(ministry, 'PATCH', url(`/measures/${segmentation.id}`), { status: 'done' }, 200);
    await step(ministry, 'measures', 'completed', daysAgo(30));
  });

  it('step 4: re-scoring shows the effect per measure and the trend against the previous cycle', async () => {
    await step(ministry, 'effectiveness', 'in-progress', daysAgo(29));
    await ok(providerA, 'POST', url('/indicator-scores'), { providerId: providerAId, indicator: 'digital', score: 4, rationale: 'Segmented', phase: 'reassessment' }, 200);
    await ok(providerB, 'POST', url('/indicator-scores'), { providerId: providerBId, indicator: 'digital', score: 4, rationale: 'Re-checked', phase: 'reassessment' }, 200);
    await ok(providerB, 'POST', url('/indicator-scores'), { providerId: providerBId, indicator: 'chain-dependencies', score: 1, rationale: 'Supplier left', phase: 'reassessment' }, 200);
    const { items: scenarios } = await ok<{ items: { id: string; key: string }[] }>(ministry, 'GET', url('/scenarios'));
    await ok(ministry, 'POST', url(`/scenarios/${scenarios.find((scenario) => scenario.key === 'grid-sabotage')!.id}/score`), { likelihoodClass: 'B', impacts: { '2.3': 'D', '3.1': 'C', '5.1': 'D' }, phase: 'reassessment' }, 200);

    const view = await ok<{
      previousCycleId: string;
      indicators: { indicator: string; analysis: number; reassessment: number | null; previous: number | null; trendInCycle: string; trendSincePrevious: string }[];
      risks: { key: string; trendInCycle: string; trendSincePrevious: string; previous: number | null }[];
      effects: { title: string; indicators: { indicator: string; verdict: string }[]; scenarios: { key: string; likelihoodVerdict: string }[] }[];
      summary: { improved: { key: string }[]; worsened: { key: string }[]; neverAddressed: { key: string }[] };
      history: unknown[];
    }>(ministry, 'GET', url('/effectiveness'));
    expect(view.previousCycleId).toBe(previousCycleId);
    expect(view.indicators.find((entry) => entry.indicator === 'digital')).toMatchObject({ analysis: 2, reassessment: 4, previous: 2, trendInCycle: 'improved', trendSincePrevious: 'improved' });
    expect(view.indicators.find((entry) => entry.indicator === 'chain-dependencies')).toMatchObject({ analysis: 2, reassessment: 1, trendInCycle: 'worsened' });
    expect(view.risks.find((entry) => entry.key === 'grid-sabotage')).toMatchObject({ trendInCycle: 'improved', trendSincePrevious: 'improved' });
    const segmentation = view.effects.find((effect) => effect.title === 'Segment the PLC network')!;
    expect(segmentation.indicators).toEqual([expect.objectContaining({ indicator: 'digital', verdict: 'achieved' })]);
    expect(segmentation.scenarios).toEqual([expect.objectContaining({ key: 'grid-sabotage', likelihoodVerdict: 'achieved' })]);
    expect(view.effects.find((effect) => effect.title === 'National stock of spare pumps')!.indicators).toEqual([expect.objectContaining({ indicator: 'chain-dependencies', verdict: 'not-achieved' })]);
    expect(view.summary.improved.map((entry) => entry.key)).toEqual(expect.arrayContaining(['digital', 'grid-sabotage']));
    expect(view.summary.worsened.map((entry) => entry.key)).toContain('chain-dependencies');
    expect(view.summary.neverAddressed.map((entry) => entry.key)).toEqual(expect.arrayContaining(['physical', 'drought']));
    expect(view.history.length).toBeGreaterThan(5);

    await step(ministry, 'effectiveness', 'completed', daysAgo(1));
    expect(await ok(coordinator, 'GET', url())).toMatchObject({ status: 'completed' });
    await refused(ministry, 'POST', url('/threats'), { threatKey: 'crime' }, 422, 'cycle-closed');
    await refused(providerA, 'POST', url('/indicator-scores'), { providerId: providerAId, indicator: 'digital', score: 5, rationale: 'after the end', phase: 'reassessment' }, 422, 'phase-not-open');
  });

  it('reports: the PDF for the minister and the XLSX of every table', async () => {
    const pdf = await call(t.app, ministry.token, 'GET', url('/report.pdf'));
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const textNl = await pdfText(pdf.rawPayload);
    for (const expected of ['Rapport cyclus vitaal', '1. Aanwijzing', 'Drinking water for two million people', 'Waterbedrijf Alfa', 'Waterbedrijf Beta', 'Sabotage of the pumping stations', 'Risicodiagram', 'Segment the PLC network', 'National stock of spare pumps', 'Verbeterd', 'TLP:AMBER'])
      expect(textNl).toContain(expected);

    const english = await pdfText((await call(t.app, coordinator.token, 'GET', url('/report.pdf?language=en'))).rawPayload);
    expect(english).toContain('Cyclus vitaal report');
    expect(english).toContain('Never addressed');

    // Provider B's copy holds its own part and what was shared back, never provider A's scores or the inputs.
    const asB = await pdfText((await call(t.app, providerB.token, 'GET', url('/report.pdf'))).rawPayload);
    expect(asB).toContain('Waterbedrijf Beta');
    expect(asB).not.toContain('Self-assessment physical Waterbedrijf Alfa');
    expect(asB).not.toContain('Summer drought');
    expect(asB).not.toMatch(/Waterbedrijf Alfa\s+physical/);

    const xlsx = await call(t.app, ministry.token, 'GET', url('/export.xlsx'));
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Cycle', 'Steps', 'Designation', 'Providers', 'Notifications', 'Indicator scores', 'Process scores', 'Threats', 'Scenarios', 'Inputs', 'Measures', 'Effects', 'Trends']);
    const rows = (name: string) => (workbook.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((row) => row.slice(1));
    expect(rows('Designation')[1]).toEqual(expect.arrayContaining(['A', 'A', 'Drinking water for two million people', true, false]));
    expect(rows('Indicator scores')).toHaveLength(1 + 10 + 3);
    expect(rows('Process scores')).toContainEqual(['digital', 2, 2.5, 2, 4]);
    expect(rows('Measures').map((row) => row[0])).toEqual(['title', 'National stock of spare pumps', 'Segment the PLC network']);
    expect(rows('Scenarios')).toContainEqual(expect.arrayContaining(['grid-sabotage', 'reassessment', 'B']));
    expect(rows('Inputs')[1]).toEqual(expect.arrayContaining(['high-risk-finding', 'Pump Controls Ltd']));

    const exportAsA = new ExcelJS.Workbook();
    await exportAsA.xlsx.load((await call(t.app, providerA.token, 'GET', url('/export.xlsx'))).rawPayload as unknown as ArrayBuffer);
    expect((exportAsA.getWorksheet('Indicator scores')!.getSheetValues() as unknown[][]).filter(Boolean).slice(1).every((row) => row[1] === 'Waterbedrijf Alfa')).toBe(true);
    expect(exportAsA.getWorksheet('Inputs')!.rowCount).toBe(1);

    await refused(otherMinistry, 'GET', url('/report.pdf'), undefined, 404, 'cycle-not-found');
  });

  it('the coordinator’s overview shows the cycle status per process, the weakest indicators and the cross-sector measures', async () => {
    const overview = await ok<{ processes: { processId: string; status: string }[]; weakestIndicators: { processId: string; indicator: string; score: number }[]; crossSectorMeasures: { title: string }[] }>(coordinator, 'GET', '/api/v1/cycles/overview');
    expect(overview.processes.find((entry) => entry.processId === processId)).toMatchObject({ status: 'completed', currentStep: null, stepsCompleted: 4, steps: 4 });
    expect(overview.weakestIndicators[0]).toMatchObject({ processId, indicator: 'chain-dependencies', score: 1 });
    expect(overview.crossSectorMeasures.map((measure) => measure.title)).toContain('National stock of spare pumps');
    const asOther = await ok<{ processes: unknown[]; crossSectorMeasures: unknown[] }>(otherMinistry, 'GET', '/api/v1/cycles/overview');
    expect(asOther.processes).toEqual([]);
  });
});
