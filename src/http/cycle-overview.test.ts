import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { pdfText } from '../../test/pdf.ts';

/**
 * Issue 3: the coordinator's cross-sector overview as PDF and XLSX (with the need-to-know of the overview itself), and
 * the abilities `GET /cycles/{id}` reports per role, which must match what the server then accepts or refuses.
 */
let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let ministry: User, otherMinistry: User, providerA: User, otherProvider: User, supervisor: User, coordinator: User;
let process1: { id: string; code: string }, process2: { id: string; code: string };
let providerAId: string, providerBId: string, ministryId: string;
let cycle1: string;
const measureTitle = 'Gezamenlijke noodstroom voor drinkwater en energie';
const platform = { kind: 'system', via: 'test' } as const;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  const [sector1, sector2] = [await buildSector(t.services), await buildSector(t.services)];
  ministryId = (await buildOrganisation(t.services, { kind: 'ministry' })).id;
  const ministry2Id = (await buildOrganisation(t.services, { kind: 'ministry' })).id;
  const supervisorId = (await buildOrganisation(t.services, { kind: 'supervisor' })).id;
  await t.db.insertInto('supervision').values({ supervisorId, sectorId: sector1.id }).execute();
  const processOf = async (sectorId: string, ministry: string) => {
    const built = await buildVitalProcess(t.services, { sectorId, ministryId: ministry, category: 'A' });
    return { id: String(built.id), code: String(built.code) };
  };
  process1 = await processOf(sector1.id, ministryId);
  process2 = await processOf(sector2.id, ministry2Id);
  providerAId = (await buildOrganisation(t.services)).id;
  providerBId = (await buildOrganisation(t.services)).id;
  const providerCId = (await buildOrganisation(t.services)).id;
  for (const providerId of [providerAId, providerBId]) await buildDesignation(t.services, { processId: process1.id, providerId });
  await buildDesignation(t.services, { processId: process2.id, providerId: providerCId });
  ministry = await buildUser(t.services, 'ministry', { organisationId: ministryId });
  otherMinistry = await buildUser(t.services, 'ministry', { organisationId: ministry2Id });
  providerA = await buildUser(t.services, 'provider', { organisationId: providerAId });
  otherProvider = await buildUser(t.services, 'provider', { organisationId: providerCId });
  supervisor = await buildUser(t.services, 'supervisor', { organisationId: supervisorId });
  coordinator = await buildUser(t.services, 'coordinator');

  cycle1 = (await t.services.cycles.create(platform, { processId: process1.id, kind: 'regular' })).id;
  const cycle2 = (await t.services.cycles.create(platform, { processId: process2.id, kind: 'regular' })).id;
  for (const indicator of ['physical', 'digital'] as const) await t.services.resilience.score(platform, cycle1, { providerId: providerAId, indicator, score: indicator === 'digital' ? 1 : 3, rationale: 'test' });
  await t.services.resilience.score(platform, cycle2, { providerId: providerCId, indicator: 'economic', score: 2, rationale: 'test' });
  await t.services.programme.create(platform, cycle1, { title: measureTitle, scope: 'cross-sector', ownerOrgId: ministryId, dueAt: inDays(200), processIds: [process2.id], costEstimateEur: 250_000 });
}, 300_000);
afterAll(() => t?.close());

// pdf.js splits a word where the PDF broke the line after a hyphen.
const pdfWords = async (bytes: Buffer) => (await pdfText(bytes)).replace(/-\s+/g, '-');

async function download(user: User, path: string) {
  const response = await call(t.app, user.token, 'GET', path);
  expect(response.statusCode, response.body).toBe(200);
  return response.rawPayload;
}

async function sheets(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const rows = (name: string) => {
    const sheet = workbook.getWorksheet(name);
    expect(sheet, name).toBeDefined();
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    return values;
  };
  return { processes: rows('Processes'), weakest: rows('Weakest indicators'), measures: rows('Cross-sector measures') };
}

describe('the cross-sector overview as PDF and XLSX', { timeout: 120_000 }, () => {
  it('gives the coordinator every process, the weakest indicators nationwide and the cross-sector measures, marked TLP:AMBER', async () => {
    const text = await pdfWords(await download(coordinator, '/api/v1/cycles/overview/report.pdf?language=en'));
    expect(text).toContain('Cyclus vitaal cross-sector overview');
    expect(text).toContain('TLP:AMBER');
    for (const expected of [process1.code, process2.code, 'Cycle status per process', 'Weakest indicators nationwide', 'digital', 'economic', measureTitle]) expect(text).toContain(expected);
    expect(await pdfWords(await download(coordinator, '/api/v1/cycles/overview/report.pdf'))).toContain('Sectoroverstijgende maatregelen');

    const json = (await call(t.app, coordinator.token, 'GET', '/api/v1/cycles/overview')).json<{ processes: { processCode: string }[] }>();
    expect(json.processes.find((entry) => entry.processCode === process1.code)).toMatchObject({ currentStep: 'designation', stepsCompleted: 0, steps: 4 });
    const book = await sheets(await download(coordinator, '/api/v1/cycles/overview/export.xlsx'));
    expect(book.processes[0]).toEqual(expect.arrayContaining(['process', 'status', 'currentStep']));
    expect(book.processes.slice(1).map((row) => row[0]).sort()).toEqual([process1.code, process2.code].sort());
    // Lowest first: digital 1 of process 1, then economic 2 of process 2, then physical 3.
    expect(book.weakest.slice(1).map((row) => row.slice(0, 3))).toEqual([
      [process1.code, 'digital', 1],
      [process2.code, 'economic', 2],
      [process1.code, 'physical', 3],
    ]);
    expect(book.measures.slice(1).map((row) => [row[0], row[1], row[9]])).toEqual([[measureTitle, 'cross-sector', process2.code]]);
  });

  it('gives a ministry and a supervisor only the processes the overview shows them', async () => {
    const json = (await call(t.app, ministry.token, 'GET', '/api/v1/cycles/overview')).json<{ processes: { processCode: string }[] }>();
    const book = await sheets(await download(ministry, '/api/v1/cycles/overview/export.xlsx'));
    expect(book.processes.slice(1).map((row) => row[0])).toEqual(json.processes.map((entry) => entry.processCode));
    expect(book.processes.slice(1).map((row) => row[0])).toEqual([process1.code]);
    expect(book.weakest.slice(1).map((row) => row[0])).not.toContain(process2.code);

    const other = await pdfWords(await download(otherMinistry, '/api/v1/cycles/overview/report.pdf?language=en'));
    expect(other).toContain(process2.code);
    expect(other).not.toContain(process1.code);
    // The measure spans process 2 too, so its ministry sees it.
    expect(other).toContain(measureTitle);

    const supervised = await pdfWords(await download(supervisor, '/api/v1/cycles/overview/report.pdf?language=en'));
    expect(supervised).toContain(process1.code);
    expect(supervised).not.toContain(process2.code);
  });

  it('refuses a provider with a problem document', async () => {
    for (const path of ['/api/v1/cycles/overview/report.pdf', '/api/v1/cycles/overview/export.xlsx']) {
      const response = await call(t.app, providerA.token, 'GET', path);
      expect(response.statusCode, path).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

interface Abilities {
  runsCycle: boolean;
  moveSteps: boolean;
  designateProviders: boolean;
  shareScores: boolean;
  addScenarios: boolean;
  scoreScenarios: boolean;
  scoreProviderIds: string[];
  analysisOpen: boolean;
  reassessmentOpen: boolean;
  addMeasureScopes: string[];
  editMeasureScopes: string[];
  measureStatusOwnerIds: string[];
  assessVitality: boolean;
  editScenarios: boolean;
  acknowledgeNotifications: boolean;
}
const abilitiesOf = async (user: User) => {
  const response = await call(t.app, user.token, 'GET', `/api/v1/cycles/${cycle1}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ abilities: Abilities }>().abilities;
};
const status = async (user: User, path: string, body: unknown) => (await call(t.app, user.token, 'POST', `/api/v1/cycles/${cycle1}${path}`, body)).statusCode;
const measureBody = (scope: 'sectoral' | 'cross-sector') => ({ title: `Maatregel ${scope}`, scope, ownerOrgId: ministryId, dueAt: inDays(100), ...(scope === 'cross-sector' ? { processIds: [process2.id] } : {}) });

describe('abilities in a cycle, decided by the server', { timeout: 120_000 }, () => {
  it('the responsible ministry may do everything in its cycle, and the server accepts it', async () => {
    const abilities = await abilitiesOf(ministry);
    expect(abilities).toMatchObject({ runsCycle: true, moveSteps: true, designateProviders: true, shareScores: true, addScenarios: true, scoreScenarios: true, analysisOpen: true, reassessmentOpen: false, addMeasureScopes: ['sectoral', 'cross-sector'], editMeasureScopes: ['sectoral', 'cross-sector'], measureStatusOwnerIds: [] });
    expect([...abilities.scoreProviderIds].sort()).toEqual([providerAId, providerBId].sort());
    expect(await status(ministry, '/indicator-scores', { providerId: providerBId, indicator: 'physical', score: 3, rationale: 'by the ministry' })).toBe(200);
    expect(await status(ministry, '/measures', measureBody('sectoral'))).toBe(201);
  });

  it('the provider of the process scores only itself and reports on the measures it owns', async () => {
    const abilities = await abilitiesOf(providerA);
    expect(abilities).toMatchObject({ runsCycle: false, moveSteps: false, designateProviders: false, shareScores: false, addScenarios: false, scoreScenarios: false, scoreProviderIds: [providerAId], addMeasureScopes: [], editMeasureScopes: [], measureStatusOwnerIds: [providerAId] });
    expect(await status(providerA, '/indicator-scores', { providerId: providerAId, indicator: 'economic', score: 3, rationale: 'own part' })).toBe(200);
    expect(await status(providerA, '/indicator-scores', { providerId: providerBId, indicator: 'economic', score: 3, rationale: 'not mine' })).toBe(403);
    expect(await status(providerA, '/measures', measureBody('sectoral'))).toBe(403);
  });

  it('the coordinator may add and change cross-sector measures only; the supervisor only reads', async () => {
    expect(await abilitiesOf(coordinator)).toMatchObject({ runsCycle: false, moveSteps: false, scoreProviderIds: [], addScenarios: false, addMeasureScopes: ['cross-sector'], editMeasureScopes: ['cross-sector'], measureStatusOwnerIds: [] });
    expect(await status(coordinator, '/measures', measureBody('cross-sector'))).toBe(201);
    expect(await status(coordinator, '/measures', measureBody('sectoral'))).toBe(403);
    expect(await status(coordinator, '/steps', { step: 'designation', state: 'in-progress' })).toBe(403);

    expect(await abilitiesOf(supervisor)).toMatchObject({ runsCycle: false, moveSteps: false, shareScores: false, addScenarios: false, scoreScenarios: false, scoreProviderIds: [], addMeasureScopes: [], editMeasureScopes: [], measureStatusOwnerIds: [], analysisOpen: true });
  });

  it('step 1 and scenario changes: the abilities for the vitality assessment, scenarios and receipts match what the server accepts', async () => {
    expect(await abilitiesOf(ministry)).toMatchObject({ assessVitality: true, editScenarios: true, acknowledgeNotifications: false });
    expect(await abilitiesOf(providerA)).toMatchObject({ assessVitality: false, editScenarios: false, acknowledgeNotifications: true });
    expect(await abilitiesOf(coordinator)).toMatchObject({ assessVitality: false, editScenarios: false, acknowledgeNotifications: false });
    const assessment = { processId: process1.id, cycleId: cycle1, criteria: [{ measure: 'casualties', value: 20_000, source: 'test' }] };
    for (const [user, expected] of [[providerA, 403], [coordinator, 403], [ministry, 201]] as const) expect((await call(t.app, user.token, 'POST', '/api/v1/vitality-assessments', assessment)).statusCode).toBe(expected);
    const scenario = await call(t.app, ministry.token, 'POST', `/api/v1/cycles/${cycle1}/scenarios`, { key: 'abilities-check', title: 'Check' });
    expect(scenario.statusCode, scenario.body).toBe(201);
    const scenarioPath = `/api/v1/cycles/${cycle1}/scenarios/${scenario.json<{ id: string }>().id}`;
    for (const [user, expected] of [[coordinator, 403], [ministry, 200]] as const) expect((await call(t.app, user.token, 'PATCH', scenarioPath, { title: 'Changed' })).statusCode).toBe(expected);
    expect(await status(ministry, '/notifications', { providerId: providerAId, message: 'U bent aangewezen.' })).toBe(201);
    const notifications = await call(t.app, providerA.token, 'GET', `/api/v1/cycles/${cycle1}/providers`);
    const [notification] = notifications.json<{ items: { notifications: { id: string }[] }[] }>().items.flatMap((provider) => provider.notifications);
    expect(notification).toBeDefined();
    expect(await status(ministry, `/notifications/${notification!.id}/acknowledgement`, undefined)).toBe(403);
    expect(await status(providerA, `/notifications/${notification!.id}/acknowledgement`, undefined)).toBe(200);
  });

  it('another ministry and another provider do not see the cycle at all', async () => {
    for (const user of [otherMinistry, otherProvider]) expect((await call(t.app, user.token, 'GET', `/api/v1/cycles/${cycle1}`)).statusCode).toBe(404);
  });

  it('the phases follow the steps: after the analysis the analysis scores close', async () => {
    for (const [step, state] of [['designation', 'in-progress'], ['designation', 'completed'], ['analysis', 'in-progress'], ['analysis', 'completed']] as const) expect(await status(ministry, '/steps', { step, state })).toBe(200);
    expect(await abilitiesOf(providerA)).toMatchObject({ analysisOpen: false, reassessmentOpen: false });
    const late = await call(t.app, providerA.token, 'POST', `/api/v1/cycles/${cycle1}/indicator-scores`, { providerId: providerAId, indicator: 'economic', score: 2, rationale: 'too late' });
    expect(late.statusCode).toBe(422);
    expect(late.json<{ code: string }>().code).toBe('analysis-closed');
  });
});
