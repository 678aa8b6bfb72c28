import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAsset, buildDesignation, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { systemActor } from '../services/actor.ts';

/**
 * Issue 5 items 5–7 over HTTP: who depends on a vendor and its subsidiaries, HHI per asset class with alternatives,
 * the vendor cut-off as a cascade scenario, procurement assessments (quickscan → analysis → decision → cycle link) and
 * investment screening, each with need-to-know, problem+json on bad input and nothing written when refused.
 */

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let coordinator: User, providerA: User, providerB: User, ministryA: User, supervisorA: User, csirt: User;
const fresh = () => Math.random().toString(36).slice(2, 10);
const platform = systemActor('test');

async function ok<T>(user: User, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown, status = method === 'POST' ? 201 : 200): Promise<T> {
  const response = await call(t.app, user.token, method, url, body);
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}
const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n);
async function refused(user: User, method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown, status: number, code: string, path?: string, table?: string) {
  const before = table ? await count(table) : 0;
  const auditBefore = await count('audit_log');
  const response = await call(t.app, user.token, method, url, body);
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = response.json<{ code: string; errors?: { path: string }[] }>();
  expect(problem.code).toBe(code);
  if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
  if (table) expect(await count(table)).toBe(before);
  expect(await count('audit_log')).toBe(auditBefore);
}

let w: Awaited<ReturnType<typeof buildWorld>>;

/**
 * Holding (KY) owns Subsidiary (CN). A Dutch RTU holds Subsidiary's firmware; Holding sells a router; a German SCADA
 * box stands beside it. Provider A (process A, ministry A) uses the RTU on a key asset and the router; provider B
 * (process B) uses the RTU and the SCADA box.
 */
async function buildWorld() {
  const vendor = (values: Record<string, unknown>) => ok<{ id: string }>(coordinator, 'POST', '/api/v1/vendors', { code: `v-${fresh()}`, name: `Vendor ${fresh()}`, ...values });
  const product = (values: Record<string, unknown>) => ok<{ id: string }>(coordinator, 'POST', '/api/v1/products', { code: `p-${fresh()}`, name: `Product ${fresh()}`, kind: 'hardware', ...values });
  const processA = await buildVitalProcess(t.services, { ministryId: ministryA.organisationId });
  const processB = await buildVitalProcess(t.services);
  await buildDesignation(t.services, { processId: processA.id, providerId: providerA.organisationId });
  await buildDesignation(t.services, { processId: processB.id, providerId: providerB.organisationId });
  await t.db.insertInto('supervision').values({ supervisorId: supervisorA.organisationId, sectorId: processA.sectorId as string }).execute();
  const asset = async (providerId: string, processId: string, assetType: string, keyAsset = false) => {
    const built = await buildAsset(t.services, { providerId, processId });
    return t.services.registry.update(platform, 'assets', built.id, { assetType, keyAsset });
  };
  const holding = await vendor({ country: 'KY' });
  const subsidiary = await vendor({ country: 'China' });
  await ok(coordinator, 'PUT', `/api/v1/vendors/${subsidiary.id}/ownership`, { parentVendorId: holding.id, stakePercent: 100, source: 'annual report' });
  const dutch = await vendor({ country: 'NL' });
  const german = await vendor({ country: 'DE' });
  const firmware = await product({ kind: 'firmware', vendorId: subsidiary.id });
  const rtu = await product({ vendorId: dutch.id, componentIds: [firmware.id] });
  const router = await product({ vendorId: holding.id });
  const scada = await product({ vendorId: german.id });
  const a1 = await asset(providerA.organisationId, processA.id, 'rtu', true);
  const a2 = await asset(providerA.organisationId, processA.id, 'router');
  const b1 = await asset(providerB.organisationId, processB.id, 'rtu');
  const b2 = await asset(providerB.organisationId, processB.id, 'rtu');
  for (const [user, assetId, productId] of [[providerA, a1.id, rtu.id], [providerA, a2.id, router.id], [providerB, b1.id, rtu.id], [providerB, b2.id, scada.id]] as const)
    await ok(user, 'POST', '/api/v1/product-uses', { assetId, productId });
  return { processA, processB, holding, subsidiary, dutch, german, firmware, rtu, router, scada, a1, a2, b1, b2 };
}

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await buildUser(t.services, 'coordinator');
  providerA = await buildUser(t.services, 'provider');
  providerB = await buildUser(t.services, 'provider');
  ministryA = await buildUser(t.services, 'ministry');
  supervisorA = await buildUser(t.services, 'supervisor');
  csirt = await buildUser(t.services, 'csirt');
  w = await buildWorld();
}, 600_000);
afterAll(async () => {
  await t?.services.simulations.settle();
  await t?.close();
});

interface Dependence {
  controlledVendors: { id: string }[];
  totals: { providers: number; processes: number; sectors: number; assets: number; keyAssets: number };
  products: { product: { id: string }; vendorProducts: { id: string }[]; direct: boolean; assets: number; keyAssets: number; providers: number }[];
}

describe('concentration and substitutability', () => {
  it('counts who depends on a vendor and the vendors it controls, and through which products (also inside another product)', async () => {
    const result = await ok<Dependence>(coordinator, 'GET', `/api/v1/vendors/${w.holding.id}/dependence`);
    expect(result.controlledVendors.map((vendor) => vendor.id)).toEqual([w.subsidiary.id]);
    expect(result.totals).toEqual({ providers: 2, processes: 2, sectors: 2, assets: 3, keyAssets: 1 });
    const rtu = result.products.find((entry) => entry.product.id === w.rtu.id)!;
    expect(rtu).toMatchObject({ direct: false, assets: 2, keyAssets: 1, providers: 2, vendorProducts: [{ id: w.firmware.id }] });
    expect(result.products.find((entry) => entry.product.id === w.router.id)).toMatchObject({ direct: true, assets: 1, providers: 1 });
  });

  it('counts only the uses the reader may see: a provider its own, a ministry its process’s; the CSIRT none', { tags: ['authorization'] }, async () => {
    expect((await ok<Dependence>(providerA, 'GET', `/api/v1/vendors/${w.holding.id}/dependence`)).totals).toEqual({ providers: 1, processes: 1, sectors: 1, assets: 2, keyAssets: 1 });
    expect((await ok<Dependence>(ministryA, 'GET', `/api/v1/vendors/${w.holding.id}/dependence`)).totals.assets).toBe(2);
    expect((await ok<Dependence>(csirt, 'GET', `/api/v1/vendors/${w.holding.id}/dependence`)).totals.assets).toBe(0);
    const ranking = await ok<{ items: { vendorId: string; providers: number }[] }>(providerB, 'GET', '/api/v1/concentration/vendors');
    expect(ranking.items.find((item) => item.vendorId === w.holding.id)).toBeUndefined();
    expect(ranking.items.find((item) => item.vendorId === w.subsidiary.id)).toMatchObject({ providers: 1 });
  });

  it('computes the HHI per asset class from the vendors’ shares, with the band and the recorded alternatives', async () => {
    await ok(coordinator, 'PUT', '/api/v1/substitutability/asset-classes/rtu', { qualifiedAlternatives: 1, switchMonths: 36, source: 'sector survey 2026' });
    const result = await ok<{ bands: { high: number }; confirmed: boolean; items: { assetClass: string; hhi: number; level: string; vendors: number; substitutability: { qualifiedAlternatives: number; switchMonths: number; source: string } | null }[] }>(
      coordinator,
      'GET',
      '/api/v1/concentration/asset-classes',
    );
    expect(result.confirmed).toBe(false);
    const rtu = result.items.find((item) => item.assetClass === 'rtu')!;
    expect(rtu).toMatchObject({ vendors: 2, level: 'high', substitutability: { qualifiedAlternatives: 1, switchMonths: 36, source: 'sector survey 2026' } });
    expect(rtu.hhi).toBeCloseTo((200 / 3) ** 2 + (100 / 3) ** 2, 1);
    // Provider A sees only its own RTU: one vendor.
    const own = await ok<{ items: { assetClass: string; hhi: number }[] }>(providerA, 'GET', '/api/v1/concentration/asset-classes');
    expect(own.items.find((item) => item.assetClass === 'rtu')!.hhi).toBe(10_000);
  });

  it('keeps alternatives as editable data of the coordinator, refusing others and bad input without writing', async () => {
    const updated = await ok<{ qualifiedAlternatives: number; confirmed: boolean }>(coordinator, 'PUT', `/api/v1/substitutability/products/${w.router.id}`, { qualifiedAlternatives: 4, switchMonths: 6, source: 'tender 2025', confirmed: true });
    expect(updated).toMatchObject({ qualifiedAlternatives: 4, confirmed: true });
    await refused(providerA, 'PUT', `/api/v1/substitutability/products/${w.router.id}`, { qualifiedAlternatives: 0, switchMonths: 6, source: 's' }, 403, 'forbidden', undefined, 'substitutability');
    await refused(coordinator, 'PUT', '/api/v1/substitutability/asset-classes/rtu', { qualifiedAlternatives: -1, switchMonths: 6, source: 's' }, 400, 'validation-failed', '/body/qualifiedAlternatives', 'substitutability');
    await refused(coordinator, 'PUT', '/api/v1/substitutability/products/6f1c1a8e-0000-4000-8000-000000000000', { qualifiedAlternatives: 1, switchMonths: 6, source: 's' }, 404, 'product-not-found', undefined, 'substitutability');
    const { items } = await ok<{ items: { productId: string | null; assetClass: string | null }[] }>(providerB, 'GET', '/api/v1/substitutability');
    expect(items.some((item) => item.productId === w.router.id)).toBe(true);
  });
});

interface Job {
  status: string;
  result: { failed: { assetId: string; cause: { kind: string; trigger?: string } }[] } | null;
  error: unknown;
}
async function simulate(user: User, scenario: unknown): Promise<Job> {
  const started = await ok<{ id: string }>(user, 'POST', '/api/v1/simulations', { scenario }, 202);
  for (let i = 0; i < 400; i++) {
    const job = await ok<Job>(user, 'GET', `/api/v1/simulation-jobs/${started.id}`);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the job did not finish');
}
const initial = (job: Job, trigger: string) => new Set(job.result!.failed.filter((f) => f.cause.kind === 'initial' && f.cause.trigger === trigger).map((f) => f.assetId));

describe('what if a vendor is cut off', () => {
  it('fails every asset using a product of the vendor or of a vendor it controls, also inside another product', async () => {
    const job = await simulate(coordinator, { vendorCutOff: { vendorId: w.holding.id } });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(initial(job, 'vendor-cut-off')).toEqual(new Set([w.a1.id, w.a2.id, w.b1.id]));
    // A compromise of the holding alone reaches only its own product.
    const compromise = await simulate(coordinator, { vendorCompromise: { vendorId: w.holding.id } });
    expect(initial(compromise, 'vendor')).toEqual(new Set([w.a2.id]));
  });

  it('runs on the reader’s own model only, and refuses an unknown vendor by path', async () => {
    const job = await simulate(providerA, { vendorCutOff: { vendorId: w.holding.id } });
    expect(initial(job, 'vendor-cut-off')).toEqual(new Set([w.a1.id, w.a2.id]));
    const response = await call(t.app, coordinator.token, 'POST', '/api/v1/simulations', { scenario: { vendorCutOff: { vendorId: '6f1c1a8e-0000-4000-8000-000000000000' } } });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ code: string; errors: { path: string }[] }>()).toMatchObject({ code: 'scenario-invalid', errors: [{ path: '/body/scenario/vendorCutOff/vendorId' }] });
  });
});

interface Assessment {
  id: string;
  status: string;
  fullAnalysisRequired: boolean;
  outcome: { fullAnalysisRequired: boolean; reasons: { code: string }[]; derived: { assetCriticality: string; alternatives: { value: number; from: string } | null } };
  analysis: { result: { nationalSecurity: { weight: number; weightShare: number }; weightedScore: number; unmitigatedHighRisks: number } } | null;
  cycleLinks: { cycleId: string }[];
}

describe('procurement risk assessment', () => {
  const scores = { 'national-security': 3, quality: 8, continuity: 7, price: 9 };
  let assessment: Assessment;

  it('derives criticality, jurisdiction, control and alternatives, and the rule requires a full analysis with reasons', async () => {
    assessment = await ok<Assessment>(providerA, 'POST', '/api/v1/procurement-assessments', {
      title: 'Replacement RTUs',
      purchaseKind: 'hardware',
      productId: w.rtu.id,
      assetId: w.a1.id,
      quickscan: { dataAccess: 'business', networkAccess: 'remote', physicalAccess: false },
    });
    expect(assessment).toMatchObject({ status: 'quickscan', fullAnalysisRequired: true });
    expect(assessment.outcome.derived).toMatchObject({ assetCriticality: 'key-asset', alternatives: { value: 1, from: 'asset-class' } });
    expect(assessment.outcome.reasons.map((reason) => reason.code).sort()).toEqual(['access-to-critical-asset', 'few-alternatives']);
    const chinese = await ok<Assessment>(providerA, 'POST', '/api/v1/procurement-assessments', {
      title: 'Firmware support',
      purchaseKind: 'service',
      vendorId: w.subsidiary.id,
      quickscan: { dataAccess: 'none', networkAccess: 'none', physicalAccess: false, qualifiedAlternatives: 5 },
    });
    expect(chinese.outcome.reasons.map((reason) => reason.code)).toEqual(['high-risk-jurisdiction']);
  });

  it('needs no full analysis for a harmless purchase', async () => {
    const harmless = await ok<Assessment>(providerB, 'POST', '/api/v1/procurement-assessments', {
      title: 'Office chairs',
      purchaseKind: 'hardware',
      vendorId: w.dutch.id,
      quickscan: { dataAccess: 'none', networkAccess: 'none', physicalAccess: false },
    });
    expect(harmless.outcome).toMatchObject({ fullAnalysisRequired: false, reasons: [] });
  });

  it('refuses bad input by path and another provider’s asset, writing nothing', async () => {
    const body = { title: 'x', purchaseKind: 'hardware', quickscan: { dataAccess: 'none', networkAccess: 'none', physicalAccess: false } };
    await refused(providerA, 'POST', '/api/v1/procurement-assessments', { ...body, quickscan: { ...body.quickscan, dataAccess: 'everything' } }, 400, 'validation-failed', '/body/quickscan/dataAccess', 'procurement_assessment');
    await refused(providerA, 'POST', '/api/v1/procurement-assessments', { ...body, assetId: w.b1.id }, 400, 'unknown-reference', '/assetId', 'procurement_assessment');
    await refused(providerA, 'POST', '/api/v1/procurement-assessments', { ...body, buyerOrgId: providerB.organisationId }, 403, 'forbidden', undefined, 'procurement_assessment');
    await refused(coordinator, 'POST', '/api/v1/procurement-assessments', body, 403, 'forbidden', undefined, 'procurement_assessment');
  });

  it('refuses the decision while the required analysis is missing, then weighs national security visibly', async () => {
    await refused(providerA, 'POST', `/api/v1/procurement-assessments/${assessment.id}/decision`, { decision: 'proceed', rationale: 'cheap' }, 422, 'procurement-analysis-missing');
    const { price: _price, ...missing } = scores;
    await refused(providerA, 'PUT', `/api/v1/procurement-assessments/${assessment.id}/analysis`, { risks: [], scores: missing }, 400, 'validation-failed', '/scores/price');
    const criteria = await ok<{ confirmed: boolean; criteria: { key: string; weight: number }[] }>(providerA, 'GET', '/api/v1/procurement-assessments/criteria');
    expect(criteria.confirmed).toBe(false);
    const weight = criteria.criteria.find((criterion) => criterion.key === 'national-security')!.weight;
    const analysed = await ok<Assessment>(providerA, 'PUT', `/api/v1/procurement-assessments/${assessment.id}/analysis`, {
      scores,
      risks: [{ riskType: 'continuity', description: 'Remote access to the control room', likelihood: 4, impact: 5, measures: [] }],
    });
    expect(analysed.status).toBe('analysis');
    expect(analysed.analysis!.result.nationalSecurity.weight).toBe(weight);
    expect(analysed.analysis!.result.unmitigatedHighRisks).toBe(1);
    const decided = await ok<Assessment>(providerA, 'POST', `/api/v1/procurement-assessments/${assessment.id}/decision`, { decision: 'proceed-with-measures', rationale: 'Only with on-site maintenance' }, 200);
    expect(decided.status).toBe('decided');
    await refused(providerA, 'PUT', `/api/v1/procurement-assessments/${assessment.id}/analysis`, { scores, risks: [] }, 409, 'procurement-assessment-decided');
  });

  it('is seen by the buyer, its ministry, its supervisor and the coordinator, never by another provider', { tags: ['authorization'] }, async () => {
    for (const user of [providerA, ministryA, supervisorA, coordinator]) expect((await call(t.app, user.token, 'GET', `/api/v1/procurement-assessments/${assessment.id}`)).statusCode).toBe(200);
    for (const user of [providerB, csirt]) {
      const response = await call(t.app, user.token, 'GET', `/api/v1/procurement-assessments/${assessment.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json<{ code: string }>().code).toBe('procurement-assessment-not-found');
      const list = await ok<{ items: { buyerOrgId: string }[] }>(user, 'GET', '/api/v1/procurement-assessments?limit=1000');
      expect(list.items.every((item) => item.buyerOrgId !== providerA.organisationId)).toBe(true);
    }
    await refused(providerB, 'PUT', `/api/v1/procurement-assessments/${assessment.id}/analysis`, { scores, risks: [] }, 404, 'procurement-assessment-not-found');
  });

  it('is linked into the resilience analysis of the process by the ministry running the cycle', async () => {
    const cycle = await ok<{ id: string }>(ministryA, 'POST', '/api/v1/cycles', { processId: w.processA.id, kind: 'regular', openedAt: '2026-01-01T00:00:00Z', dueAt: '2027-01-01T00:00:00Z' });
    await refused(providerA, 'POST', `/api/v1/procurement-assessments/${assessment.id}/cycle-links`, { cycleId: cycle.id }, 403, 'forbidden', undefined, 'cycle_input');
    const input = await ok<{ kind: string; reference: string; title: string }>(ministryA, 'POST', `/api/v1/procurement-assessments/${assessment.id}/cycle-links`, { cycleId: cycle.id, note: 'weigh in step 2' });
    expect(input).toMatchObject({ kind: 'procurement', reference: `procurement-assessment:${assessment.id}` });
    expect(input.title).toContain('full analysis required');
    const inputs = await ok<{ items: { reference: string }[] }>(ministryA, 'GET', `/api/v1/cycles/${cycle.id}/inputs`);
    expect(inputs.items.map((item) => item.reference)).toContain(`procurement-assessment:${assessment.id}`);
    expect((await ok<Assessment>(ministryA, 'GET', `/api/v1/procurement-assessments/${assessment.id}`)).cycleLinks.map((link) => link.cycleId)).toEqual([cycle.id]);
    // The provider does not read the strategic inputs of the cycle (policy.ts): the link stays invisible to it.
    expect((await ok<Assessment>(providerA, 'GET', `/api/v1/procurement-assessments/${assessment.id}`)).cycleLinks).toEqual([]);
  });
});

interface Change {
  id: string;
  flagged: boolean;
  notificationDuty: string;
  notificationStatus: string;
  notifiedOn: string | null;
  stakePercent: number;
  screening: { flags: string[]; changeOfControl: boolean; reasons: string[]; reference: { confirmed: boolean } };
}

describe('investment screening', () => {
  let change: Change;

  it('flags a change of control of a vital provider by an acquirer controlled from a high-risk country, with the duty to notify', async () => {
    change = await ok<Change>(coordinator, 'POST', '/api/v1/ownership-changes', {
      kind: 'acquisition',
      targetOrgId: providerA.organisationId,
      acquirerName: 'Polder Infra Holdings',
      acquirerCountry: 'Luxembourg',
      acquirerControlledFromCountry: 'RU',
      stakeBeforePercent: 10,
      stakePercent: 60,
      occurredOn: '2026-10-01',
      source: 'press release',
    });
    expect(change).toMatchObject({ flagged: true, notificationDuty: 'required', notificationStatus: 'not-notified', stakePercent: 60 });
    expect(change.screening.flags).toEqual(['vital-provider', 'high-risk-acquirer']);
    expect(change.screening.reference.confirmed).toBe(false);
  });

  it('flags an investment in a key asset’s vendor (through its subsidiary’s firmware) for assessment', async () => {
    const vendorChange = await ok<Change>(ministryA, 'POST', '/api/v1/ownership-changes', { kind: 'investment', targetVendorId: w.holding.id, acquirerName: 'Fund', acquirerCountry: 'NL', stakePercent: 25, occurredOn: '2026-09-01' });
    expect(vendorChange).toMatchObject({ flagged: true, notificationDuty: 'to-assess' });
    expect(vendorChange.screening.flags).toEqual(['key-asset-vendor']);
    const unflagged = await ok<Change>(coordinator, 'POST', '/api/v1/ownership-changes', { kind: 'investment', targetVendorId: w.german.id, acquirerName: 'Fund', acquirerCountry: 'NL', stakePercent: 5, occurredOn: '2026-09-01' });
    expect(unflagged).toMatchObject({ flagged: false, notificationDuty: 'not-required', notificationStatus: 'not-required' });
  });

  it('records the notification status with its dates, refusing a status without its date', async () => {
    await refused(coordinator, 'PATCH', `/api/v1/ownership-changes/${change.id}`, { notificationStatus: 'notified' }, 400, 'validation-failed', '/notifiedOn');
    await refused(coordinator, 'PATCH', `/api/v1/ownership-changes/${change.id}`, { notificationStatus: 'sent' }, 400, 'validation-failed', '/body/notificationStatus');
    const notified = await ok<Change>(providerA, 'PATCH', `/api/v1/ownership-changes/${change.id}`, { notificationStatus: 'notified', notifiedOn: '2026-10-02' });
    expect(notified).toMatchObject({ notificationStatus: 'notified', notifiedOn: '2026-10-02', notificationDuty: 'required' });
  });

  it('refuses an unknown target or an unknown country by path, and a provider registering for another', async () => {
    const body = { kind: 'acquisition', acquirerName: 'X', acquirerCountry: 'NL', stakePercent: 50, occurredOn: '2026-01-01' };
    await refused(coordinator, 'POST', '/api/v1/ownership-changes', { ...body, targetVendorId: '6f1c1a8e-0000-4000-8000-000000000000' }, 400, 'unknown-reference', '/targetVendorId', 'ownership_change');
    await refused(coordinator, 'POST', '/api/v1/ownership-changes', { ...body, targetOrgId: providerB.organisationId, acquirerCountry: 'Atlantis' }, 400, 'unknown-country', '/acquirerCountry', 'ownership_change');
    await refused(coordinator, 'POST', '/api/v1/ownership-changes', { ...body, stakePercent: 101, targetOrgId: providerB.organisationId }, 400, 'validation-failed', '/body/stakePercent', 'ownership_change');
    await refused(providerB, 'POST', '/api/v1/ownership-changes', { ...body, targetOrgId: providerA.organisationId }, 403, 'forbidden', undefined, 'ownership_change');
  });

  it('is seen by the target, its ministry and supervisor and the coordinator; never by another provider', { tags: ['authorization'] }, async () => {
    for (const user of [providerA, ministryA, supervisorA, coordinator]) expect((await call(t.app, user.token, 'GET', `/api/v1/ownership-changes/${change.id}`)).statusCode).toBe(200);
    for (const user of [providerB, csirt]) {
      expect((await call(t.app, user.token, 'GET', `/api/v1/ownership-changes/${change.id}`)).statusCode).toBe(404);
      const list = await ok<{ items: { id: string }[] }>(user, 'GET', '/api/v1/ownership-changes?limit=1000');
      expect(list.items.map((item) => item.id)).not.toContain(change.id);
    }
    const flagged = await ok<{ items: { id: string; flagged: boolean }[] }>(coordinator, 'GET', '/api/v1/ownership-changes?flagged=true&limit=1000');
    expect(flagged.items.every((item) => item.flagged)).toBe(true);
    expect(flagged.items.map((item) => item.id)).toContain(change.id);
  });
});
