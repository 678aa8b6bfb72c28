import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../domain/roles.ts';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAsset, buildDependency, buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';

/**
 * Every route × every role × an object of another organisation (provider B, in a sector and under a ministry
 * that none of the test users is responsible for). The coverage check below fails when a route is added
 * without a row here.
 */

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;
const tokens = {} as Record<Role, string>;

async function buildWorld(services: TestApp['services'], db: TestApp['db']) {
  const [sector1, sector2] = [await buildSector(services), await buildSector(services)];
  const [ministry1, ministry2] = [await buildOrganisation(services, { kind: 'ministry' }), await buildOrganisation(services, { kind: 'ministry' })];
  const process1 = await buildVitalProcess(services, { sectorId: sector1.id, ministryId: ministry1.id, category: 'A' });
  const process2 = await buildVitalProcess(services, { sectorId: sector2.id, ministryId: ministry2.id });
  const [providerA, providerB] = [await buildOrganisation(services), await buildOrganisation(services)];
  const supervisor = await buildOrganisation(services, { kind: 'supervisor' });
  await db.insertInto('supervision').values({ supervisorId: supervisor.id, sectorId: sector1.id }).execute();
  const designationA = await buildDesignation(services, { processId: process1.id, providerId: providerA.id });
  const designationB = await buildDesignation(services, { processId: process2.id, providerId: providerB.id });
  const assetA = await buildAsset(services, { providerId: providerA.id, processId: process1.id });
  const [assetB1, assetB2] = [await buildAsset(services, { providerId: providerB.id, processId: process2.id }), await buildAsset(services, { providerId: providerB.id })];
  const dependencyAB = await buildDependency(services, { dependentId: assetA.id, supplierId: assetB1.id });
  const dependencyB = await buildDependency(services, { dependentId: assetB1.id, supplierId: assetB2.id });
  const userB = await buildUser(services, 'provider', { organisationId: providerB.id });
  const organisationOf: Record<Role, string | undefined> = {
    coordinator: undefined,
    ministry: ministry1.id,
    provider: providerA.id,
    supervisor: supervisor.id,
    csirt: undefined,
    partner: undefined,
    admin: undefined,
  };
  for (const role of roles) tokens[role] = (await buildUser(services, role, { organisationId: organisationOf[role] })).token;
  return { sector1, sector2, ministry1, ministry2, process1, process2, providerA, providerB, designationA, designationB, assetA, assetB1, assetB2, dependencyAB, dependencyB, userB };
}

type Expect = Partial<Record<Role, number>> & { others: number };
interface Case {
  method: 'GET' | 'POST' | 'PATCH';
  route: string;
  url: () => string;
  body?: () => Promise<unknown> | unknown;
  expect: Expect;
  /** Table whose content must not change when the request is refused. */
  table?: string;
}

const everyone = (status: number): Expect => ({ others: status });
const fresh = () => Math.random().toString(36).slice(2, 10);

const cases: Case[] = [
  { method: 'GET', route: '/api/v1/health', url: () => '/api/v1/health', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/auth/session', url: () => '/api/v1/auth/session', expect: everyone(200) },
  { method: 'POST', route: '/api/v1/auth/tokens', url: () => '/api/v1/auth/tokens', body: () => ({ name: 'matrix' }), expect: everyone(201) },
  { method: 'POST', route: '/api/v1/auth/logout', url: () => '/api/v1/auth/logout', expect: everyone(204) },
  { method: 'GET', route: '/api/v1/sectors', url: () => '/api/v1/sectors', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/sectors/{id}', url: () => `/api/v1/sectors/${world.sector2.id}`, expect: everyone(200) },
  { method: 'POST', route: '/api/v1/sectors', url: () => '/api/v1/sectors', body: () => ({ code: `s-${fresh()}`, nameNl: 'S', nameEn: 'S' }), expect: { admin: 201, others: 403 }, table: 'sector' },
  { method: 'PATCH', route: '/api/v1/sectors/{id}', url: () => `/api/v1/sectors/${world.sector2.id}`, body: () => ({ nameEn: `Renamed ${fresh()}` }), expect: { admin: 200, others: 403 }, table: 'sector' },
  { method: 'GET', route: '/api/v1/vital-processes', url: () => '/api/v1/vital-processes', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/vital-processes/{id}', url: () => `/api/v1/vital-processes/${world.process2.id}`, expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/vital-processes',
    url: () => '/api/v1/vital-processes',
    body: () => ({ code: `p-${fresh()}`, nameNl: 'P', nameEn: 'P', sectorId: world.sector2.id, ministryId: world.ministry2.id }),
    expect: { admin: 201, coordinator: 201, others: 403 },
    table: 'vital_process',
  },
  { method: 'PATCH', route: '/api/v1/vital-processes/{id}', url: () => `/api/v1/vital-processes/${world.process2.id}`, body: () => ({ notes: fresh() }), expect: { admin: 200, coordinator: 200, others: 403 }, table: 'vital_process' },
  { method: 'GET', route: '/api/v1/organisations', url: () => '/api/v1/organisations', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/organisations/{id}', url: () => `/api/v1/organisations/${world.providerB.id}`, expect: { admin: 200, coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/organisations', url: () => '/api/v1/organisations', body: () => ({ code: `o-${fresh()}`, name: 'O', kind: 'provider' }), expect: { admin: 201, others: 403 }, table: 'organisation' },
  { method: 'PATCH', route: '/api/v1/organisations/{id}', url: () => `/api/v1/organisations/${world.providerB.id}`, body: () => ({ name: `B ${fresh()}` }), expect: { admin: 200, coordinator: 403, others: 404 }, table: 'organisation' },
  { method: 'GET', route: '/api/v1/process-providers', url: () => '/api/v1/process-providers', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/process-providers/{id}', url: () => `/api/v1/process-providers/${world.designationB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/process-providers',
    url: () => '/api/v1/process-providers',
    body: async () => ({ processId: world.process2.id, providerId: (await buildOrganisation(t.services)).id }),
    expect: { coordinator: 201, others: 403 },
    table: 'process_provider',
  },
  { method: 'PATCH', route: '/api/v1/process-providers/{id}', url: () => `/api/v1/process-providers/${world.designationB.id}`, body: () => ({ role: 'service-provider' }), expect: { coordinator: 200, others: 404 }, table: 'process_provider' },
  { method: 'GET', route: '/api/v1/assets', url: () => '/api/v1/assets', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/assets/{id}', url: () => `/api/v1/assets/${world.assetB1.id}`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/assets', url: () => '/api/v1/assets', body: () => ({ code: `a-${fresh()}`, name: 'A', kind: 'site', providerId: world.providerB.id }), expect: everyone(403), table: 'asset' },
  { method: 'PATCH', route: '/api/v1/assets/{id}', url: () => `/api/v1/assets/${world.assetB1.id}`, body: () => ({ name: fresh() }), expect: { coordinator: 403, others: 404 }, table: 'asset' },
  { method: 'GET', route: '/api/v1/dependencies', url: () => '/api/v1/dependencies', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/dependencies/{id}', url: () => `/api/v1/dependencies/${world.dependencyB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/dependencies',
    url: () => '/api/v1/dependencies',
    body: async () => ({ dependentId: world.assetB2.id, supplierId: (await buildAsset(t.services, { providerId: world.providerB.id })).id, type: 'cyber' }),
    expect: { coordinator: 201, others: 403 },
    table: 'dependency',
  },
  { method: 'PATCH', route: '/api/v1/dependencies/{id}', url: () => `/api/v1/dependencies/${world.dependencyB.id}`, body: () => ({ bufferHours: Math.random() * 10 }), expect: { coordinator: 200, others: 404 }, table: 'dependency' },
  { method: 'GET', route: '/api/v1/users', url: () => '/api/v1/users', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/users/{id}', url: () => `/api/v1/users/${world.userB.id}`, expect: { admin: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/users',
    url: () => '/api/v1/users',
    body: () => ({ email: `u-${fresh()}@test.vitaal.nl`, name: 'U', organisationId: world.providerB.id, roles: ['provider'] }),
    expect: { admin: 201, others: 403 },
    table: 'app_user',
  },
  { method: 'PATCH', route: '/api/v1/users/{id}', url: () => `/api/v1/users/${world.userB.id}`, body: () => ({ name: `B user ${fresh()}` }), expect: { admin: 200, others: 404 }, table: 'app_user' },
  { method: 'GET', route: '/api/v1/audit', url: () => '/api/v1/audit', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/scoping/classify',
    url: () => '/api/v1/scoping/classify',
    body: () => ({ sector: 'energy.electricity', employees: 300, turnoverEur: 0, balanceSheetEur: 0, flags: [] }),
    expect: everyone(200),
  },
  // Advisories: advisoryB is TLP:AMBER+STRICT from provider B to provider B, which no test user may read.
  { method: 'GET', route: '/api/v1/advisories', url: () => '/api/v1/advisories', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/advisories/{id}', url: () => `/api/v1/advisories/${advisoryB.id}`, expect: everyone(404) },
  {
    method: 'POST',
    route: '/api/v1/advisories',
    url: () => '/api/v1/advisories',
    body: () => ({ kind: 'advisory', tlp: 'TLP:CLEAR', title: `A ${fresh()}`, body: 'B', audience: {} }),
    expect: { csirt: 201, coordinator: 201, ministry: 201, provider: 201, others: 403 },
    table: 'advisory',
  },
  {
    method: 'POST',
    route: '/api/v1/advisories/{id}/forward',
    url: () => `/api/v1/advisories/${advisoryB.id}/forward`,
    body: () => ({ tlp: 'TLP:RED', audience: { personIds: [world.userB.id] } }),
    expect: everyone(404),
    table: 'advisory',
  },
  { method: 'POST', route: '/api/v1/advisories/{id}/acknowledgement', url: () => `/api/v1/advisories/${advisoryB.id}/acknowledgement`, expect: everyone(404) },
  { method: 'GET', route: '/api/v1/advisories/{id}/reads', url: () => `/api/v1/advisories/${advisoryB.id}/reads`, expect: everyone(404) },
  // Cyclus vitaal: cycleB and assessmentB belong to process2 (ministry2, sector2); only the coordinator sees them, and only ministry2 would run them.
  { method: 'GET', route: '/api/v1/cycles', url: () => '/api/v1/cycles', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/cycles/{id}', url: () => `/api/v1/cycles/${cycleB.id}`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/cycles', url: () => '/api/v1/cycles', body: () => ({ processId: world.process2.id, kind: 'quickscan' }), expect: everyone(403), table: 'cycle' },
  { method: 'POST', route: '/api/v1/cycles/{id}/steps', url: () => `/api/v1/cycles/${cycleB.id}/steps`, body: () => ({ step: 'designation', state: 'in-progress' }), expect: { coordinator: 403, others: 404 }, table: 'cycle' },
  { method: 'GET', route: '/api/v1/cycle-events', url: () => '/api/v1/cycle-events', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/cycle-events',
    url: () => '/api/v1/cycle-events',
    body: () => ({ name: `Event ${fresh()}`, sectorIds: [world.sector2.id], dueAt: new Date(Date.now() + 90 * 86_400_000).toISOString() }),
    expect: { coordinator: 201, others: 403 },
    table: 'cycle_event',
  },
  { method: 'GET', route: '/api/v1/vitality-thresholds', url: () => '/api/v1/vitality-thresholds', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/vitality-thresholds',
    url: () => '/api/v1/vitality-thresholds',
    body: () => ({ label: `T ${fresh()}`, source: 'matrix', confirmed: false, measures: [{ key: 'casualties', criterion: 'physical', unit: 'people', description: 'd', A: { above: 10_000 }, B: { above: 1_000 } }] }),
    expect: { admin: 201, coordinator: 201, others: 403 },
    table: 'vitality_threshold_version',
  },
  { method: 'GET', route: '/api/v1/vitality-assessments', url: () => '/api/v1/vitality-assessments', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/vitality-assessments/{id}', url: () => `/api/v1/vitality-assessments/${assessmentB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/vitality-assessments',
    url: () => '/api/v1/vitality-assessments',
    body: () => ({ processId: world.process2.id, criteria: [{ measure: 'casualties', value: 10, source: 'matrix' }] }),
    expect: everyone(403),
    table: 'vitality_assessment',
  },
  {
    method: 'POST',
    route: '/api/v1/vitality-assessments/{id}/decision',
    url: () => `/api/v1/vitality-assessments/${assessmentB.id}/decision`,
    body: () => ({ category: 'B', rationale: 'matrix', euInterest: false, natoInterest: false }),
    expect: { coordinator: 403, others: 404 },
    table: 'vitality_assessment',
  },
  { method: 'GET', route: '/api/v1/cycles/{id}/indicator-scores', url: () => `/api/v1/cycles/${cycleB.id}/indicator-scores`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/cycles/{id}/indicator-scores',
    url: () => `/api/v1/cycles/${cycleB.id}/indicator-scores`,
    body: () => ({ providerId: world.providerB.id, indicator: 'digital', score: 3, rationale: 'matrix' }),
    expect: { coordinator: 403, others: 404 },
    table: 'indicator_score',
  },
  // Supply chain: the vendor register is open to all; productB is an unlisted product used only by provider B's asset.
  { method: 'GET', route: '/api/v1/vendors', url: () => '/api/v1/vendors', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/vendors/{id}', url: () => `/api/v1/vendors/${supplyB.vendorB.id}`, expect: everyone(200) },
  { method: 'POST', route: '/api/v1/vendors', url: () => '/api/v1/vendors', body: () => ({ code: `v-${fresh()}`, name: 'V', country: 'Nederland' }), expect: { admin: 201, coordinator: 201, others: 403 }, table: 'vendor' },
  { method: 'PATCH', route: '/api/v1/vendors/{id}', url: () => `/api/v1/vendors/${supplyB.vendorB.id}`, body: () => ({ name: `V ${fresh()}` }), expect: { admin: 200, coordinator: 200, others: 403 }, table: 'vendor' },
  { method: 'GET', route: '/api/v1/products', url: () => '/api/v1/products', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/products/{id}', url: () => `/api/v1/products/${supplyB.productB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/products',
    url: () => '/api/v1/products',
    body: () => ({ code: `p-${fresh()}`, name: 'P', kind: 'firmware', vendorId: supplyB.vendorB.id }),
    expect: { admin: 201, coordinator: 201, others: 403 },
    table: 'product',
  },
  { method: 'PATCH', route: '/api/v1/products/{id}', url: () => `/api/v1/products/${supplyB.productB.id}`, body: () => ({ name: `P ${fresh()}` }), expect: { coordinator: 200, others: 404 }, table: 'product' },
  { method: 'GET', route: '/api/v1/product-uses', url: () => '/api/v1/product-uses', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/product-uses',
    url: () => '/api/v1/product-uses',
    body: async () => ({ assetId: world.assetB2.id, productId: (await t.services.supplyChain.createProduct({ kind: 'system', via: 'test' }, { code: `p-${fresh()}`, name: 'P', kind: 'hardware', vendorId: supplyB.vendorB.id })).id }),
    expect: { coordinator: 201, others: 404 },
  },
  { method: 'GET', route: '/api/v1/scan/high-risk', url: () => '/api/v1/scan/high-risk', expect: everyone(200) },
];

const publicRoutes = new Set(['/api/v1/health', '/api/v1/auth/methods', '/api/v1/auth/login', '/api/v1/auth/oidc/login', '/api/v1/auth/oidc/callback']);

const snapshot = async (table: string) => JSON.stringify((await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(t.db)).rows);

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.services, t.db);
}, 120_000);
afterAll(() => t?.close());

let advisoryB: { id: string };
beforeAll(async () => {
  const authorB = await t.services.auth.findTokenActor((await buildUser(t.services, 'provider', { organisationId: world.providerB.id })).token);
  advisoryB = await t.services.advisories.create(authorB!, { kind: 'advisory', tlp: 'TLP:AMBER+STRICT', title: 'B only', body: 'B', audience: { organisationIds: [world.providerB.id] } });
});

let cycleB: { id: string };
let assessmentB: { id: string };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  cycleB = await t.services.cycles.create(platform, { processId: world.process2.id, kind: 'regular' });
  assessmentB = await t.services.vitality.assess(platform, { processId: world.process2.id, criteria: [{ measure: 'casualties', value: 5000, source: 'matrix' }] });
});

let supplyB: { vendorB: { id: string }; productB: { id: string } };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const vendorB = await t.services.supplyChain.createVendor(platform, { code: 'matrix-vendor', name: 'Matrix Vendor', country: 'CN' });
  const productB = await t.services.supplyChain.createProduct(platform, { code: 'matrix-product-b', name: 'B only', kind: 'software', vendorId: vendorB.id, listed: false });
  await t.services.supplyChain.createProductUse(platform, { assetId: world.assetB1.id, productId: productB.id });
  supplyB = { vendorB, productB };
});

describe('authorization matrix', () => {
  it('covers every route of the API', () => {
    const documented = Object.entries((t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    const missing = documented.filter((route) => !covered.has(route) && !publicRoutes.has(route.split(' ')[1] as string));
    expect(missing).toEqual([]);
  });

  for (const c of cases) {
    describe(`${c.method} ${c.route}`, () => {
      it.each(roles)('as %s', async (role) => {
        const expected = c.expect[role] ?? c.expect.others;
        const before = c.table && expected >= 400 ? await snapshot(c.table) : undefined;
        const response = await call(t.app, tokens[role], c.method, c.url(), c.body ? await c.body() : undefined);
        expect(response.statusCode, response.body).toBe(expected);
        if (expected >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          if (c.table) expect(await snapshot(c.table)).toBe(before);
        }
      });

      if (!publicRoutes.has(c.route))
        it('refuses anonymous callers', async () => {
          const response = await call(t.app, undefined, c.method, c.url(), c.body ? await c.body() : undefined);
          expect(response.statusCode).toBe(401);
          expect(response.json()).toMatchObject({ code: 'authentication-required' });
        });
    });
  }
});

describe('need-to-know in lists', () => {
  const idsOf = async (role: Role, url: string) => (await call(t.app, tokens[role], 'GET', url)).json<{ items: { id: string }[] }>().items.map((item) => item.id);

  it('a provider sees its own assets and never another provider’s', async () => {
    const ids = await idsOf('provider', '/api/v1/assets?limit=1000');
    expect(ids).toContain(world.assetA.id);
    expect(ids).not.toContain(world.assetB1.id);
    expect(ids).not.toContain(world.assetB2.id);
  });

  it('a provider never sees another provider’s users or audit entries', async () => {
    expect(await idsOf('provider', '/api/v1/users?limit=1000')).not.toContain(world.userB.id);
    const audit = (await call(t.app, tokens.provider, 'GET', '/api/v1/audit?limit=1000')).json<{ items: { actorOrgId: string | null; subjectOrgId: string | null }[] }>().items;
    expect(audit.length).toBeGreaterThan(0);
    for (const entry of audit) {
      expect(entry.actorOrgId).not.toBe(world.providerB.id);
      expect(entry.subjectOrgId).not.toBe(world.providerB.id);
    }
  });

  it('a ministry sees the providers and assets of its own processes only', async () => {
    expect(await idsOf('ministry', '/api/v1/assets?limit=1000')).toEqual([world.assetA.id]);
    const organisations = await idsOf('ministry', '/api/v1/organisations?limit=1000&kind=provider');
    expect(organisations).toEqual([world.providerA.id]);
    expect((await call(t.app, tokens.ministry, 'PATCH', `/api/v1/vital-processes/${world.process1.id}`, { euInterest: true })).statusCode).toBe(200);
  });

  it('a supervisor sees the providers of the sectors it supervises', async () => {
    expect(await idsOf('supervisor', '/api/v1/assets?limit=1000')).toEqual([world.assetA.id]);
    expect(await idsOf('supervisor', '/api/v1/process-providers?limit=1000')).toEqual([world.designationA.id]);
  });

  it('CSIRT, partner and admin users see no registry content', async () => {
    for (const role of ['csirt', 'partner', 'admin'] as const) {
      expect(await idsOf(role, '/api/v1/assets?limit=1000')).toEqual([]);
      expect(await idsOf(role, '/api/v1/dependencies?limit=1000')).toEqual([]);
    }
  });

  it('a provider manages its own assets and the dependencies of its own assets', async () => {
    const created = await call(t.app, tokens.provider, 'POST', '/api/v1/assets', { code: `own-${fresh()}`, name: 'Own', kind: 'system', providerId: world.providerA.id });
    expect(created.statusCode).toBe(201);
    expect((await call(t.app, tokens.provider, 'PATCH', `/api/v1/assets/${world.assetA.id}`, { keyAsset: true })).statusCode).toBe(200);
    expect((await call(t.app, tokens.provider, 'POST', '/api/v1/dependencies', { dependentId: world.assetA.id, supplierId: created.json<{ id: string }>().id, type: 'cyber' })).statusCode).toBe(201);
    expect((await call(t.app, tokens.provider, 'GET', `/api/v1/dependencies/${world.dependencyAB.id}`)).statusCode).toBe(200);
  });

  it('a provider cannot move its asset to another provider', async () => {
    const response = await call(t.app, tokens.provider, 'PATCH', `/api/v1/assets/${world.assetA.id}`, { providerId: world.providerB.id });
    expect(response.statusCode).toBe(403);
  });
});
