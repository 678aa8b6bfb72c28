import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../domain/roles.ts';
import { advisoryStixId } from '../services/stix.service.ts';
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
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
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
  { method: 'GET', route: '/api/v1/health/live', url: () => '/api/v1/health/live', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/health/ready', url: () => '/api/v1/health/ready', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/metrics', url: () => '/api/v1/metrics', expect: { admin: 200, others: 403 } },
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
  // Messaging (issue 7): advisoryB's attachment and provider B's notification of it are nobody's here.
  { method: 'GET', route: '/api/v1/advisories/audience-directory', url: () => '/api/v1/advisories/audience-directory', expect: { csirt: 200, coordinator: 200, ministry: 200, provider: 200, others: 403 } },
  { method: 'POST', route: '/api/v1/advisories/{id}/reply', url: () => `/api/v1/advisories/${advisoryB.id}/reply`, body: () => ({ body: 'Antwoord' }), expect: everyone(404), table: 'advisory' },
  {
    method: 'POST',
    route: '/api/v1/advisories/{id}/attachments',
    url: () => `/api/v1/advisories/${advisoryB.id}/attachments`,
    body: () => ({ filename: 'x.txt', mediaType: 'text/plain', contentBase64: 'eA==' }),
    expect: everyone(404),
    table: 'advisory_attachment',
  },
  { method: 'GET', route: '/api/v1/advisories/{id}/attachments/{attachmentId}', url: () => `/api/v1/advisories/${advisoryB.id}/attachments/${messagingB.attachmentId}`, expect: everyone(404) },
  { method: 'GET', route: '/api/v1/notifications', url: () => '/api/v1/notifications', expect: everyone(200) },
  { method: 'POST', route: '/api/v1/notifications/{id}/read', url: () => `/api/v1/notifications/${messagingB.notificationId}/read`, expect: everyone(404), table: 'notification' },
  { method: 'POST', route: '/api/v1/notifications/read-all', url: () => '/api/v1/notifications/read-all', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/notifications/preferences', url: () => '/api/v1/notifications/preferences', expect: everyone(200) },
  { method: 'PUT', route: '/api/v1/notifications/preferences', url: () => '/api/v1/notifications/preferences', body: () => ({ email: 'daily' }), expect: everyone(200) },
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
  // Cyclus vitaal, the rest of the cycle: cycleContentB holds a notification, a scenario and a measure of cycleB; only the coordinator reads them, only ministry2 would write them.
  { method: 'GET', route: '/api/v1/cycles/overview', url: () => '/api/v1/cycles/overview', expect: everyone(200) },
  // The overview as a report is for those who oversee cycles; each gets the processes it oversees.
  { method: 'GET', route: '/api/v1/cycles/overview/report.pdf', url: () => '/api/v1/cycles/overview/report.pdf', expect: { coordinator: 200, ministry: 200, supervisor: 200, others: 403 } },
  { method: 'GET', route: '/api/v1/cycles/overview/export.xlsx', url: () => '/api/v1/cycles/overview/export.xlsx', expect: { coordinator: 200, ministry: 200, supervisor: 200, others: 403 } },
  { method: 'GET', route: '/api/v1/cycles/{id}/providers', url: () => `/api/v1/cycles/${cycleB.id}/providers`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/cycles/{id}/providers', url: () => `/api/v1/cycles/${cycleB.id}/providers`, body: () => ({ providerId: world.providerB.id, status: 'withdrawn' }), expect: { coordinator: 403, others: 404 }, table: 'designation_change' },
  { method: 'POST', route: '/api/v1/cycles/{id}/notifications', url: () => `/api/v1/cycles/${cycleB.id}/notifications`, body: () => ({ providerId: world.providerB.id, message: 'matrix' }), expect: { coordinator: 403, others: 404 }, table: 'provider_notification' },
  {
    method: 'POST',
    route: '/api/v1/cycles/{id}/notifications/{notificationId}/acknowledgement',
    url: () => `/api/v1/cycles/${cycleB.id}/notifications/${cycleContentB.notificationId}/acknowledgement`,
    expect: { coordinator: 403, others: 404 },
    table: 'provider_notification',
  },
  { method: 'PATCH', route: '/api/v1/cycles/{id}/sharing', url: () => `/api/v1/cycles/${cycleB.id}/sharing`, body: () => ({ scoresSharedWithProviders: true }), expect: { coordinator: 403, others: 404 }, table: 'cycle' },
  { method: 'GET', route: '/api/v1/cycles/{id}/threats', url: () => `/api/v1/cycles/${cycleB.id}/threats`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/cycles/{id}/threats', url: () => `/api/v1/cycles/${cycleB.id}/threats`, body: () => ({ threatKey: 'crime', subThreatKey: 'ransomware' }), expect: { coordinator: 403, others: 404 }, table: 'cycle_threat' },
  { method: 'GET', route: '/api/v1/cycles/{id}/scenarios', url: () => `/api/v1/cycles/${cycleB.id}/scenarios`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/cycles/{id}/scenarios', url: () => `/api/v1/cycles/${cycleB.id}/scenarios`, body: () => ({ key: `s-${fresh()}`, title: 'S' }), expect: { coordinator: 403, others: 404 }, table: 'risk_scenario' },
  { method: 'PATCH', route: '/api/v1/cycles/{id}/scenarios/{scenarioId}', url: () => `/api/v1/cycles/${cycleB.id}/scenarios/${cycleContentB.scenarioId}`, body: () => ({ sharedWithProviders: true }), expect: { coordinator: 403, others: 404 }, table: 'risk_scenario' },
  {
    method: 'POST',
    route: '/api/v1/cycles/{id}/scenarios/{scenarioId}/score',
    url: () => `/api/v1/cycles/${cycleB.id}/scenarios/${cycleContentB.scenarioId}/score`,
    body: () => ({ likelihoodClass: 'C', impacts: { '2.1': 'B' } }),
    expect: { coordinator: 403, others: 404 },
    table: 'risk_scenario_score',
  },
  { method: 'GET', route: '/api/v1/cycles/{id}/inputs', url: () => `/api/v1/cycles/${cycleB.id}/inputs`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/cycles/{id}/inputs', url: () => `/api/v1/cycles/${cycleB.id}/inputs`, body: () => ({ kind: 'procurement', title: 'matrix' }), expect: { coordinator: 403, others: 404 }, table: 'cycle_input' },
  { method: 'GET', route: '/api/v1/cycles/{id}/measures', url: () => `/api/v1/cycles/${cycleB.id}/measures`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/cycles/{id}/measures',
    url: () => `/api/v1/cycles/${cycleB.id}/measures`,
    body: () => ({ title: 'M', scope: 'sectoral', ownerOrgId: world.providerB.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
    expect: { coordinator: 403, others: 404 },
    table: 'measure',
  },
  { method: 'PATCH', route: '/api/v1/cycles/{id}/measures/{measureId}', url: () => `/api/v1/cycles/${cycleB.id}/measures/${cycleContentB.measureId}`, body: () => ({ title: `M ${fresh()}` }), expect: { coordinator: 403, others: 404 }, table: 'measure' },
  { method: 'GET', route: '/api/v1/cycles/{id}/effectiveness', url: () => `/api/v1/cycles/${cycleB.id}/effectiveness`, expect: { coordinator: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/cycles/{id}/report.pdf', url: () => `/api/v1/cycles/${cycleB.id}/report.pdf`, expect: { coordinator: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/cycles/{id}/export.xlsx', url: () => `/api/v1/cycles/${cycleB.id}/export.xlsx`, expect: { coordinator: 200, others: 404 } },
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
  // Strategic dependencies (issue 5 items 5–7): counts over what each reader may see; assessmentB and changeB are provider B's.
  { method: 'GET', route: '/api/v1/vendors/{id}/dependence', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/dependence`, expect: everyone(200) },
  { method: 'GET', route: '/api/v1/concentration/vendors', url: () => '/api/v1/concentration/vendors', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/concentration/asset-classes', url: () => '/api/v1/concentration/asset-classes', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/substitutability', url: () => '/api/v1/substitutability', expect: everyone(200) },
  {
    method: 'PUT',
    route: '/api/v1/substitutability/asset-classes/{assetClass}',
    url: () => '/api/v1/substitutability/asset-classes/matrix-class',
    body: () => ({ qualifiedAlternatives: 2, switchMonths: 12, source: `matrix ${fresh()}` }),
    expect: { admin: 200, coordinator: 200, others: 403 },
    table: 'substitutability',
  },
  {
    method: 'PUT',
    route: '/api/v1/substitutability/products/{id}',
    url: () => `/api/v1/substitutability/products/${strategicB.listedProduct.id}`,
    body: () => ({ qualifiedAlternatives: 2, switchMonths: 12, source: `matrix ${fresh()}` }),
    expect: { admin: 200, coordinator: 200, others: 403 },
    table: 'substitutability',
  },
  { method: 'GET', route: '/api/v1/procurement-assessments/criteria', url: () => '/api/v1/procurement-assessments/criteria', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/procurement-assessments', url: () => '/api/v1/procurement-assessments', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/procurement-assessments',
    url: () => '/api/v1/procurement-assessments',
    body: () => ({ title: `Purchase ${fresh()}`, purchaseKind: 'software', quickscan: { dataAccess: 'none', networkAccess: 'none', physicalAccess: false } }),
    expect: { provider: 201, ministry: 201, others: 403 },
    table: 'procurement_assessment',
  },
  { method: 'GET', route: '/api/v1/procurement-assessments/{id}', url: () => `/api/v1/procurement-assessments/${strategicB.assessmentB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'PUT',
    route: '/api/v1/procurement-assessments/{id}/analysis',
    url: () => `/api/v1/procurement-assessments/${strategicB.assessmentB.id}/analysis`,
    body: () => ({ risks: [], scores: { 'national-security': 5, quality: 5, continuity: 5, price: 5 } }),
    expect: { coordinator: 403, others: 404 },
    table: 'procurement_assessment',
  },
  {
    method: 'POST',
    route: '/api/v1/procurement-assessments/{id}/decision',
    url: () => `/api/v1/procurement-assessments/${strategicB.assessmentB.id}/decision`,
    body: () => ({ decision: 'proceed', rationale: 'matrix' }),
    expect: { coordinator: 403, others: 404 },
    table: 'procurement_assessment',
  },
  {
    method: 'POST',
    route: '/api/v1/procurement-assessments/{id}/cycle-links',
    url: () => `/api/v1/procurement-assessments/${strategicB.assessmentB.id}/cycle-links`,
    body: () => ({ cycleId: cycleB.id }),
    expect: { coordinator: 403, others: 404 },
    table: 'cycle_input',
  },
  { method: 'GET', route: '/api/v1/ownership-changes', url: () => '/api/v1/ownership-changes', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/ownership-changes',
    url: () => '/api/v1/ownership-changes',
    body: () => ({ kind: 'acquisition', targetOrgId: world.providerB.id, acquirerName: `Acquirer ${fresh()}`, acquirerCountry: 'NL', stakePercent: 60, occurredOn: '2026-01-01' }),
    expect: { coordinator: 201, others: 403 },
    table: 'ownership_change',
  },
  { method: 'GET', route: '/api/v1/ownership-changes/{id}', url: () => `/api/v1/ownership-changes/${strategicB.changeB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'PATCH',
    route: '/api/v1/ownership-changes/{id}',
    url: () => `/api/v1/ownership-changes/${strategicB.changeB.id}`,
    body: () => ({ description: `matrix ${fresh()}` }),
    expect: { coordinator: 200, others: 404 },
    table: 'ownership_change',
  },
  // Incidents: incidentB is provider B's (NIS2 and CER): its entity would write it; the coordinator and the CSIRT (NIS2) read it.
  { method: 'GET', route: '/api/v1/incidents', url: () => '/api/v1/incidents', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/incidents/obligations', url: () => '/api/v1/incidents/obligations?state=overdue', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/incidents/{id}', url: () => `/api/v1/incidents/${incidentsB.incidentB.id}`, expect: { coordinator: 200, csirt: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/incidents/{id}/report.pdf', url: () => `/api/v1/incidents/${incidentsB.incidentB.id}/report.pdf`, expect: { coordinator: 200, csirt: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/incidents',
    url: () => '/api/v1/incidents',
    body: () => ({ organisationId: world.providerB.id, title: fresh(), awareAt: new Date(Date.now() - 3_600_000).toISOString(), regimes: ['nis2'], significance: { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false } }),
    expect: everyone(403),
    table: 'incident',
  },
  { method: 'PATCH', route: '/api/v1/incidents/{id}', url: () => `/api/v1/incidents/${incidentsB.incidentB.id}`, body: () => ({ title: fresh() }), expect: { coordinator: 403, csirt: 403, others: 404 }, table: 'incident' },
  {
    method: 'POST',
    route: '/api/v1/incidents/{id}/reports',
    url: () => `/api/v1/incidents/${incidentsB.incidentB.id}/reports`,
    body: () => ({ regime: 'nis2', step: 'early-warning', content: { suspectedUnlawfulOrMalicious: true, crossBorderImpact: false } }),
    expect: { coordinator: 403, csirt: 403, others: 404 },
    table: 'report_obligation',
  },
  // NIS2 art. 23(4)(c): the CSIRT (it sees NIS2 incidents) or the entity's supervisor asks for an intermediate report; provider B's sector has no supervisor among the test users.
  {
    method: 'POST',
    route: '/api/v1/incidents/{id}/intermediate-requests',
    url: () => `/api/v1/incidents/${incidentsB.incidentB.id}/intermediate-requests`,
    body: () => ({ dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
    expect: { csirt: 201, coordinator: 403, others: 404 },
    table: 'report_obligation',
  },
  // Supervision: provider B's sector has no supervisor among the test users; only the coordinator reads it, and only a supervisor writes.
  { method: 'GET', route: '/api/v1/supervision/entities', url: () => '/api/v1/supervision/entities', expect: { coordinator: 200, supervisor: 200, others: 403 } },
  { method: 'GET', route: '/api/v1/supervision/entities/{id}', url: () => `/api/v1/supervision/entities/${world.providerB.id}`, expect: { coordinator: 200, supervisor: 404, others: 403 } },
  {
    method: 'POST',
    route: '/api/v1/supervision/entities/{id}/inspections',
    url: () => `/api/v1/supervision/entities/${world.providerB.id}/inspections`,
    body: () => ({ kind: 'ex-post', status: 'planned', date: '2026-12-01', scope: fresh() }),
    expect: { coordinator: 403, supervisor: 404, others: 403 },
    table: 'inspection',
  },
  { method: 'PATCH', route: '/api/v1/supervision/inspections/{id}', url: () => `/api/v1/supervision/inspections/${incidentsB.inspectionB}`, body: () => ({ scope: fresh() }), expect: { coordinator: 403, supervisor: 404, others: 403 }, table: 'inspection' },
  { method: 'POST', route: '/api/v1/supervision/entities/{id}/findings', url: () => `/api/v1/supervision/entities/${world.providerB.id}/findings`, body: () => ({ title: fresh() }), expect: { coordinator: 403, supervisor: 404, others: 403 }, table: 'finding' },
  { method: 'PATCH', route: '/api/v1/supervision/findings/{id}', url: () => `/api/v1/supervision/findings/${incidentsB.findingB}`, body: () => ({ title: fresh() }), expect: { coordinator: 403, supervisor: 404, others: 403 }, table: 'finding' },
  {
    method: 'POST',
    route: '/api/v1/supervision/entities/{id}/enforcement-actions',
    url: () => `/api/v1/supervision/entities/${world.providerB.id}/enforcement-actions`,
    body: () => ({ kind: 'warning', status: 'intended', decidedOn: '2026-12-01' }),
    expect: { coordinator: 403, supervisor: 404, others: 403 },
    table: 'enforcement_action',
  },
  {
    method: 'PATCH',
    route: '/api/v1/supervision/enforcement-actions/{id}',
    url: () => `/api/v1/supervision/enforcement-actions/${incidentsB.enforcementB}`,
    body: () => ({ description: fresh() }),
    expect: { coordinator: 403, supervisor: 404, others: 403 },
    table: 'enforcement_action',
  },
  // SBOMs (issue 5): sbomB sits on provider B's asset; each vendor write takes a fresh alias, vendor or merge from sbomWorld's pools.
  { method: 'POST', route: '/api/v1/assets/{id}/sboms', url: () => `/api/v1/assets/${world.assetB2.id}/sboms`, body: () => sbomWorld.saasbom, expect: { coordinator: 201, others: 404 }, table: 'sbom' },
  { method: 'GET', route: '/api/v1/assets/{id}/sboms', url: () => `/api/v1/assets/${world.assetB1.id}/sboms`, expect: { coordinator: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/sboms', url: () => '/api/v1/sboms', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/sboms/{id}', url: () => `/api/v1/sboms/${sbomWorld.sbomB}`, expect: { coordinator: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/vendors/{id}/aliases', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/aliases`, expect: everyone(200) },
  { method: 'POST', route: '/api/v1/vendors/{id}/aliases', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/aliases`, body: () => ({ kind: 'name', value: `alias ${fresh()}` }), expect: { admin: 201, coordinator: 201, others: 403 }, table: 'vendor_alias' },
  { method: 'DELETE', route: '/api/v1/vendors/{id}/aliases/{aliasId}', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/aliases/${sbomWorld.aliases.shift()}`, expect: { admin: 204, coordinator: 204, others: 403 }, table: 'vendor_alias' },
  { method: 'GET', route: '/api/v1/vendors/{id}/ownership', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/ownership`, expect: everyone(200) },
  { method: 'PUT', route: '/api/v1/vendors/{id}/ownership', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/ownership`, body: () => ({ parentVendorId: null }), expect: { admin: 200, coordinator: 200, others: 403 }, table: 'vendor' },
  { method: 'POST', route: '/api/v1/vendors/{id}/merge', url: () => `/api/v1/vendors/${sbomWorld.vendors.shift()}/merge`, body: () => ({ intoVendorId: supplyB.vendorB.id }), expect: { admin: 201, coordinator: 201, others: 403 }, table: 'vendor' },
  { method: 'GET', route: '/api/v1/vendors/{id}/merges', url: () => `/api/v1/vendors/${supplyB.vendorB.id}/merges`, expect: everyone(200) },
  { method: 'POST', route: '/api/v1/vendor-merges/{id}/split', url: () => `/api/v1/vendor-merges/${sbomWorld.merges.shift()}/split`, expect: { admin: 200, coordinator: 200, others: 403 }, table: 'vendor' },
  // Duty of care (NIS2/CER): provider B's scoping and control status; only the coordinator sees them, only provider B (or its ministry/supervisor, for scoping) records them.
  { method: 'GET', route: '/api/v1/organisations/{id}/scoping', url: () => `/api/v1/organisations/${world.providerB.id}/scoping`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'PUT',
    route: '/api/v1/organisations/{id}/scoping',
    url: () => `/api/v1/organisations/${world.providerB.id}/scoping`,
    body: () => ({ sector: 'energy.electricity', employees: 300, turnoverEur: 0, balanceSheetEur: 0 }),
    expect: { coordinator: 403, others: 404 },
    table: 'organisation_scoping',
  },
  { method: 'GET', route: '/api/v1/catalogues', url: () => '/api/v1/catalogues', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/catalogues/{id}', url: () => '/api/v1/catalogues/nis2-art21', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/catalogues/{id}/oscal', url: () => '/api/v1/catalogues/cer-art13/oscal', expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/catalogues',
    url: () => `/api/v1/catalogues?id=matrix-${fresh()}`,
    body: () => ({
      catalog: {
        uuid: '0d3b8a52-6c1e-4f7a-9b2d-3e4f5a6b7c8d',
        metadata: { title: 'Matrix', 'last-modified': '2026-01-01T00:00:00Z', version: '1', 'oscal-version': '1.1.2' },
        controls: [{ id: 'm-1', title: 'M' }],
      },
    }),
    expect: { admin: 201, coordinator: 201, others: 403 },
    table: 'control_catalogue',
  },
  { method: 'GET', route: '/api/v1/duty-of-care/entities', url: () => '/api/v1/duty-of-care/entities', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/duty-of-care/gaps', url: () => `/api/v1/duty-of-care/gaps?organisationId=${world.providerB.id}`, expect: { coordinator: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/organisations/{id}/controls', url: () => `/api/v1/organisations/${world.providerB.id}/controls`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'PUT',
    route: '/api/v1/organisations/{id}/controls/{catalogueId}/{controlId}',
    url: () => `/api/v1/organisations/${world.providerB.id}/controls/nis2-art21/nis2-21-2-a`,
    body: () => ({ status: 'implemented' }),
    expect: { coordinator: 403, others: 404 },
    table: 'control_status',
  },
  {
    method: 'GET',
    route: '/api/v1/organisations/{id}/controls/{catalogueId}/{controlId}/history',
    url: () => `/api/v1/organisations/${world.providerB.id}/controls/nis2-art21/nis2-21-2-a/history`,
    expect: { coordinator: 200, others: 404 },
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/{id}/management-approval',
    url: () => `/api/v1/organisations/${world.providerB.id}/management-approval`,
    body: () => ({ approvedBy: 'Board' }),
    expect: { coordinator: 403, others: 404 },
    table: 'management_approval',
  },
  // Simulations (issue 4): scenarioB and jobB belong to provider B; planB and exerciseB to process2 (ministry2, sector2). Only users who see assets simulate.
  { method: 'GET', route: '/api/v1/simulation-model', url: () => '/api/v1/simulation-model', expect: { coordinator: 200, ministry: 200, provider: 200, supervisor: 200, others: 403 } },
  { method: 'GET', route: '/api/v1/simulation-scenarios', url: () => '/api/v1/simulation-scenarios', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/simulation-scenarios/{id}', url: () => `/api/v1/simulation-scenarios/${simulationB.scenarioB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/simulation-scenarios',
    url: () => '/api/v1/simulation-scenarios',
    body: () => ({ name: `S ${fresh()}`, definition: { crossBorder: { country: 'DE' } } }),
    expect: { coordinator: 201, ministry: 201, provider: 201, supervisor: 201, others: 403 },
    table: 'simulation_scenario',
  },
  { method: 'PATCH', route: '/api/v1/simulation-scenarios/{id}', url: () => `/api/v1/simulation-scenarios/${simulationB.scenarioB.id}`, body: () => ({ description: fresh() }), expect: { coordinator: 200, others: 404 }, table: 'simulation_scenario' },
  { method: 'POST', route: '/api/v1/simulations', url: () => '/api/v1/simulations', body: () => ({ scenario: { crossBorder: { country: 'DE' } } }), expect: { coordinator: 202, ministry: 202, provider: 202, supervisor: 202, others: 403 } },
  { method: 'POST', route: '/api/v1/simulations/rank', url: () => '/api/v1/simulations/rank', body: () => ({ top: 5 }), expect: { coordinator: 202, ministry: 202, provider: 202, supervisor: 202, others: 403 } },
  { method: 'GET', route: '/api/v1/simulation-jobs/{id}', url: () => `/api/v1/simulation-jobs/${simulationB.jobB.id}`, expect: everyone(404) },
  { method: 'DELETE', route: '/api/v1/simulation-jobs/{id}', url: () => `/api/v1/simulation-jobs/${simulationB.jobB.id}`, expect: everyone(404), table: 'simulation_job' },
  { method: 'GET', route: '/api/v1/simulation-process-rules', url: () => '/api/v1/simulation-process-rules', expect: everyone(200) },
  { method: 'PUT', route: '/api/v1/simulation-process-rules/{id}', url: () => `/api/v1/simulation-process-rules/${world.process2.id}`, body: () => ({ minCapacity: 0.6 }), expect: { coordinator: 200, others: 403 } },
  { method: 'GET', route: '/api/v1/crisis-plans', url: () => '/api/v1/crisis-plans', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/crisis-plans/{id}', url: () => `/api/v1/crisis-plans/${simulationB.planB.id}`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/crisis-plans',
    url: () => '/api/v1/crisis-plans',
    body: () => ({ processId: world.process2.id, title: `P ${fresh()}`, escalationLevels: [], actions: [], roles: [], contacts: [] }),
    expect: { coordinator: 201, others: 403 },
    table: 'crisis_plan',
  },
  {
    method: 'PUT',
    route: '/api/v1/crisis-plans/{id}',
    url: () => `/api/v1/crisis-plans/${simulationB.planB.id}`,
    body: () => ({ title: `P ${fresh()}`, escalationLevels: [], actions: [], roles: [], contacts: [] }),
    expect: { coordinator: 200, others: 404 },
    table: 'crisis_plan',
  },
  { method: 'GET', route: '/api/v1/crisis-plans/{id}/exercises', url: () => `/api/v1/crisis-plans/${simulationB.planB.id}/exercises`, expect: { coordinator: 200, others: 404 } },
  {
    method: 'POST',
    route: '/api/v1/exercises',
    url: () => '/api/v1/exercises',
    body: () => ({ planId: simulationB.planB.id, scenarioId: simulationB.scenarioB.id, name: `E ${fresh()}`, scheduledAt: '2026-12-01T09:00:00Z', injects: [] }),
    expect: { coordinator: 201, others: 404 },
    table: 'exercise',
  },
  { method: 'GET', route: '/api/v1/exercises/{id}', url: () => `/api/v1/exercises/${simulationB.exerciseB.id}`, expect: { coordinator: 200, others: 404 } },
  { method: 'GET', route: '/api/v1/exercises/{id}/timeline', url: () => `/api/v1/exercises/${simulationB.exerciseB.id}/timeline`, expect: { coordinator: 200, others: 404 } },
  { method: 'POST', route: '/api/v1/exercises/{id}/state', url: () => `/api/v1/exercises/${simulationB.exerciseB.id}/state`, body: () => ({ state: 'running' }), expect: { coordinator: 200, others: 404 }, table: 'exercise' },
  {
    method: 'POST',
    route: '/api/v1/exercises/{id}/observations',
    url: () => `/api/v1/exercises/${simulationB.exerciseB.id}/observations`,
    body: () => ({ text: fresh() }),
    expect: { coordinator: 200, others: 404 },
    table: 'exercise_observation',
  },
  {
    method: 'POST',
    route: '/api/v1/exercises/{id}/lessons',
    url: () => `/api/v1/exercises/${simulationB.exerciseB.id}/lessons`,
    body: () => ({ title: fresh(), description: 'matrix' }),
    expect: { coordinator: 200, others: 404 },
    table: 'exercise_lesson',
  },
  {
    method: 'POST',
    route: '/api/v1/exercises/{id}/injects',
    url: () => `/api/v1/exercises/${simulationB.exerciseB.id}/injects`,
    body: () => ({ offsetMinutes: 10, message: fresh(), targetRole: 'matrix' }),
    expect: { coordinator: 200, others: 404 },
    table: 'exercise_inject',
  },
  {
    method: 'POST',
    route: '/api/v1/exercises/{id}/lessons/{lessonId}/measure',
    url: () => `/api/v1/exercises/${simulationB.exerciseB.id}/lessons/${simulationB.lessonB.id}/measure`,
    body: () => ({ cycleId: cycleB.id, scope: 'cross-sector', ownerOrgId: world.ministry2.id, dueAt: new Date(Date.now() + 86_400_000).toISOString(), processIds: [world.process1.id] }),
    expect: { coordinator: 200, others: 404 },
    table: 'measure',
  },
  // STIX 2.1: exports hold what the caller may read; every participant imports for its own organisation (not the admin).
  { method: 'GET', route: '/api/v1/stix/bundle', url: () => '/api/v1/stix/bundle', expect: everyone(200) },
  { method: 'GET', route: '/api/v1/stix/objects', url: () => '/api/v1/stix/objects', expect: everyone(200) },
  { method: 'POST', route: '/api/v1/stix/bundles', url: () => '/api/v1/stix/bundles', body: () => stixBundle(), expect: { admin: 403, others: 200 }, table: 'stix_object' },
  // TAXII 2.1: advisoryB (AMBER+STRICT to provider B) is in no test user's collection; statusB is provider B's.
  { method: 'GET', route: '/taxii2/', url: () => '/taxii2/', expect: everyone(200) },
  { method: 'GET', route: '/taxii2/vitaal/', url: () => '/taxii2/vitaal/', expect: everyone(200) },
  { method: 'GET', route: '/taxii2/vitaal/collections/', url: () => '/taxii2/vitaal/collections/', expect: everyone(200) },
  { method: 'GET', route: '/taxii2/vitaal/collections/{collectionId}/', url: () => `/taxii2/vitaal/collections/${taxiiB.strict}/`, expect: everyone(200) },
  { method: 'GET', route: '/taxii2/vitaal/collections/{collectionId}/objects/', url: () => `/taxii2/vitaal/collections/${taxiiB.strict}/objects/`, expect: everyone(200) },
  {
    method: 'POST',
    route: '/taxii2/vitaal/collections/{collectionId}/objects/',
    url: () => `/taxii2/vitaal/collections/${taxiiB.strict}/objects/`,
    body: () => ({ objects: stixBundle().objects }),
    expect: { admin: 403, others: 202 },
    table: 'stix_object',
  },
  { method: 'GET', route: '/taxii2/vitaal/collections/{collectionId}/objects/{objectId}/', url: () => `/taxii2/vitaal/collections/${taxiiB.strict}/objects/${taxiiB.advisoryB}/`, expect: everyone(404) },
  { method: 'GET', route: '/taxii2/vitaal/collections/{collectionId}/manifest/', url: () => `/taxii2/vitaal/collections/${taxiiB.strict}/manifest/`, expect: everyone(200) },
  { method: 'GET', route: '/taxii2/vitaal/status/{statusId}/', url: () => `/taxii2/vitaal/status/${taxiiB.statusB}/`, expect: everyone(404) },
];

/** A valid one-object STIX bundle with a fresh id. */
const stixBundle = () => ({
  type: 'bundle',
  id: `bundle--${crypto.randomUUID()}`,
  objects: [{ type: 'vulnerability', spec_version: '2.1', id: `vulnerability--${crypto.randomUUID()}`, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'matrix' }],
});

/** Errors are problem documents, except under /taxii2 where they are TAXII 2.1 error messages. */
const errorFormatOf = (route: string) => (route.startsWith('/taxii2/') ? { type: /^application\/taxii\+json/, code: 'error_code' } : { type: /^application\/problem\+json/, code: 'code' });

const publicRoutes = new Set(['/api/v1/health', '/api/v1/health/live', '/api/v1/health/ready', '/api/v1/auth/methods', '/api/v1/auth/login', '/api/v1/auth/oidc/login', '/api/v1/auth/oidc/callback']);

const snapshot = async (table: string) => JSON.stringify((await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by id`.execute(t.db)).rows);

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.services, t.db);
}, 600_000);
afterAll(async () => {
  await t?.services.simulations.settle();
  await t?.close();
});

let advisoryB: { id: string };
let messagingB: { attachmentId: string; notificationId: string };
beforeAll(async () => {
  const authorB = await t.services.auth.findTokenActor((await buildUser(t.services, 'provider', { organisationId: world.providerB.id })).token);
  advisoryB = await t.services.advisories.create(authorB!, { kind: 'advisory', tlp: 'TLP:AMBER+STRICT', title: 'B only', body: 'B', audience: { organisationIds: [world.providerB.id] } });
  const attachmentB = await t.services.advisories.addAttachment(authorB!, advisoryB.id, { filename: 'b.txt', mediaType: 'text/plain', contentBase64: 'Yg==' });
  const notificationB = await t.db.selectFrom('notification').select('id').where('advisoryId', '=', advisoryB.id).where('userId', '=', world.userB.id).executeTakeFirstOrThrow();
  messagingB = { attachmentId: attachmentB.id, notificationId: notificationB.id };
});

let taxiiB: { strict: string; advisoryB: string; statusB: string };
beforeAll(async () => {
  const authorB = await t.services.auth.findTokenActor((await buildUser(t.services, 'provider', { organisationId: world.providerB.id })).token);
  const strict = t.services.taxii.collections(authorB!).find((collection) => collection.title === 'TLP:AMBER+STRICT')!.id;
  const statusB = (await t.services.taxii.addObjects(authorB!, strict, { objects: stixBundle().objects })).id;
  taxiiB = { strict, advisoryB: advisoryStixId({ id: advisoryB.id, kind: 'advisory' }), statusB };
});

let cycleB: { id: string };
let assessmentB: { id: string };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  cycleB = await t.services.cycles.create(platform, { processId: world.process2.id, kind: 'regular' });
  assessmentB = await t.services.vitality.assess(platform, { processId: world.process2.id, criteria: [{ measure: 'casualties', value: 5000, source: 'matrix' }] });
});

let cycleContentB: { notificationId: string; scenarioId: string; measureId: string };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const notification = await t.services.cycleDesignation.notify(platform, cycleB.id, { providerId: world.providerB.id, message: 'matrix' });
  const scenario = await t.services.risk.createScenario(platform, cycleB.id, { key: 'matrix-b', title: 'B only' });
  const measure = await t.services.programme.create(platform, cycleB.id, { title: 'B only', scope: 'sectoral', ownerOrgId: world.providerB.id, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
  cycleContentB = { notificationId: notification.id, scenarioId: scenario.id, measureId: measure.id };
});

let supplyB: { vendorB: { id: string }; productB: { id: string } };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const vendorB = await t.services.supplyChain.createVendor(platform, { code: 'matrix-vendor', name: 'Matrix Vendor', country: 'CN' });
  const productB = await t.services.supplyChain.createProduct(platform, { code: 'matrix-product-b', name: 'B only', kind: 'software', vendorId: vendorB.id, listed: false });
  await t.services.supplyChain.createProductUse(platform, { assetId: world.assetB1.id, productId: productB.id });
  supplyB = { vendorB, productB };
});

let strategicB: { listedProduct: { id: string }; assessmentB: { id: string }; changeB: { id: string } };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const listedProduct = await t.services.supplyChain.createProduct(platform, { code: 'matrix-listed', name: 'Listed', kind: 'hardware', vendorId: supplyB.vendorB.id });
  const assessmentB = await t.services.procurement.create(platform, {
    buyerOrgId: world.providerB.id,
    title: 'B only',
    purchaseKind: 'software',
    vendorId: supplyB.vendorB.id,
    assetId: world.assetB1.id,
    quickscan: { dataAccess: 'confidential', networkAccess: 'internal', physicalAccess: false },
  });
  const changeB = await t.services.investmentScreening.create(platform, { kind: 'acquisition', targetOrgId: world.providerB.id, acquirerName: 'B only', acquirerCountry: 'CN', stakePercent: 70, occurredOn: '2026-06-01' });
  strategicB = { listedProduct, assessmentB, changeB };
});

let sbomWorld: { sbomB: string; saasbom: unknown; aliases: string[]; vendors: string[]; merges: string[] };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const fixture = (name: string) => readFileSync(new URL(`../interop/sbom/fixtures/${name}`, import.meta.url), 'utf8');
  const { sbomId } = await t.services.sboms.importSbom(platform, world.assetB1.id, fixture('hbom-gateway.cdx.json'));
  const pool = async <T>(make: (n: number) => Promise<T>) => Promise.all(Array.from({ length: 20 }, (_, n) => make(n)));
  const vendor = (n: number, what: string) => t.services.supplyChain.createVendor(platform, { code: `matrix-${what}-${n}`, name: `Matrix ${what} ${n}`, country: 'NL' });
  const aliases = await pool(async (n) => (await t.services.vendors.addAlias(platform, supplyB.vendorB.id, { kind: 'name', value: `matrix alias ${n}` })).id);
  const vendors = await pool(async (n) => (await vendor(n, 'merge')).id);
  const merges: string[] = [];
  for (let n = 0; n < 20; n++) merges.push((await t.services.vendors.merge(platform, (await vendor(n, 'split')).id, supplyB.vendorB.id)).id);
  sbomWorld = { sbomB: sbomId, saasbom: JSON.parse(fixture('saasbom-meterdata.cdx.json')), aliases, vendors, merges };
}, 120_000);

let simulationB: { scenarioB: { id: string }; jobB: { id: string }; planB: { id: string }; exerciseB: { id: string }; lessonB: { id: string } };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const actorB = (await t.services.auth.findTokenActor(world.userB.token))!;
  const scenarioB = await t.services.simulations.createScenario(actorB, { name: 'B only', definition: { crossBorder: { country: 'DE' } } });
  const jobB = await t.services.simulations.startSimulation(actorB, { scenarioId: scenarioB.id });
  const planB = await t.services.crisisPlans.createPlan(platform, { processId: world.process2.id, title: 'Plan B', escalationLevels: [], actions: [], roles: [], contacts: [], scenarioIds: [scenarioB.id] });
  const exerciseB = await t.services.crisisPlans.createExercise(platform, { planId: planB.id, scenarioId: scenarioB.id, name: 'Exercise B', scheduledAt: '2026-12-01T09:00:00Z', injects: [] });
  const [lessonB] = (await t.services.crisisPlans.addLesson(platform, exerciseB.id, { title: 'Lesson B', description: 'matrix' })).lessons;
  await t.services.simulations.settle();
  simulationB = { scenarioB, jobB, planB, exerciseB, lessonB: lessonB! };
});

let incidentsB: { incidentA: { id: string }; incidentB: { id: string }; inspectionB: string; findingB: string; enforcementB: string };
beforeAll(async () => {
  const platform = { kind: 'system', via: 'test' } as const;
  const significance = { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false };
  const awareAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
  const incidentA = await t.services.incidents.create(platform, { organisationId: world.providerA.id, title: 'A', awareAt, regimes: ['nis2'], significance });
  const incidentB = await t.services.incidents.create(platform, { organisationId: world.providerB.id, title: 'B', awareAt, regimes: ['nis2', 'cer'], significance });
  const supervisorB = await buildOrganisation(t.services, { kind: 'supervisor' });
  const owned = { organisationId: world.providerB.id, supervisorId: supervisorB.id };
  const inspection = await t.db.insertInto('inspection').values({ ...owned, kind: 'ex-post', status: 'planned', date: '2026-12-01', scope: 'matrix' }).returning('id').executeTakeFirstOrThrow();
  const finding = await t.db.insertInto('finding').values({ ...owned, title: 'matrix', status: 'open' }).returning('id').executeTakeFirstOrThrow();
  const enforcement = await t.db.insertInto('enforcementAction').values({ ...owned, kind: 'warning', status: 'intended', decidedOn: '2026-12-01' }).returning('id').executeTakeFirstOrThrow();
  incidentsB = { incidentA, incidentB, inspectionB: inspection.id, findingB: finding.id, enforcementB: enforcement.id };
});

describe('authorization matrix', { tags: ['authorization'] }, () => {
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
          expect(response.headers['content-type']).toMatch(errorFormatOf(c.route).type);
          if (c.table) expect(await snapshot(c.table)).toBe(before);
        }
      });

      if (!publicRoutes.has(c.route))
        it('refuses anonymous callers', async () => {
          const response = await call(t.app, undefined, c.method, c.url(), c.body ? await c.body() : undefined);
          expect(response.statusCode).toBe(401);
          expect(response.json()).toMatchObject({ [errorFormatOf(c.route).code]: 'authentication-required' });
        });
    });
  }
});

describe('need-to-know in lists', { tags: ['authorization'] }, () => {
  const idsOf = async (role: Role, url: string) => (await call(t.app, tokens[role], 'GET', url)).json<{ items: { id: string }[] }>().items.map((item) => item.id);

  it('a provider sees only its own incidents; a supervisor and a ministry only those of the entities they oversee; the CSIRT those under NIS2', async () => {
    for (const role of ['provider', 'supervisor', 'ministry'] as const) {
      const ids = await idsOf(role, '/api/v1/incidents?limit=1000');
      expect(ids, role).toContain(incidentsB.incidentA.id);
      expect(ids, role).not.toContain(incidentsB.incidentB.id);
    }
    expect(await idsOf('csirt', '/api/v1/incidents?limit=1000')).toEqual(expect.arrayContaining([incidentsB.incidentA.id, incidentsB.incidentB.id]));
    for (const role of ['partner', 'admin'] as const) expect(await idsOf(role, '/api/v1/incidents?limit=1000'), role).toEqual([]);
  });

  it('a provider never sees another provider’s procurement assessments or ownership changes; the coordinator does', async () => {
    for (const role of ['provider', 'ministry', 'supervisor', 'csirt', 'partner', 'admin'] as const) {
      expect(await idsOf(role, '/api/v1/procurement-assessments?limit=1000'), role).not.toContain(strategicB.assessmentB.id);
      expect(await idsOf(role, '/api/v1/ownership-changes?limit=1000'), role).not.toContain(strategicB.changeB.id);
    }
    expect(await idsOf('coordinator', '/api/v1/procurement-assessments?limit=1000')).toContain(strategicB.assessmentB.id);
    expect(await idsOf('coordinator', '/api/v1/ownership-changes?limit=1000')).toContain(strategicB.changeB.id);
    const dependence = (await call(t.app, tokens.provider, 'GET', `/api/v1/vendors/${supplyB.vendorB.id}/dependence`)).json<{ totals: { assets: number } }>();
    expect(dependence.totals.assets).toBe(0);
  });

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

  it('a provider sees the dependencies of its own assets, as the dependent or as the supplier, and no others', async () => {
    const ofA = await idsOf('provider', '/api/v1/dependencies?limit=1000');
    expect(ofA).toContain(world.dependencyAB.id);
    expect(ofA).not.toContain(world.dependencyB.id);
    const ofB = (await call(t.app, world.userB.token, 'GET', '/api/v1/dependencies?limit=1000')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(ofB).toEqual(expect.arrayContaining([world.dependencyAB.id, world.dependencyB.id]));
  });

  it('a provider cannot move its asset to another provider', async () => {
    const response = await call(t.app, tokens.provider, 'PATCH', `/api/v1/assets/${world.assetA.id}`, { providerId: world.providerB.id });
    expect(response.statusCode).toBe(403);
  });
});
