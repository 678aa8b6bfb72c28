import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAsset, buildDependency, buildDesignation, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { systemActor } from '../services/actor.ts';
import type { HighRiskScan } from '../services/high-risk-scan.ts';

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let coordinator: User, admin: User, providerA: User, providerB: User, ministryA: User, csirt: User;
const fresh = () => Math.random().toString(36).slice(2, 10);

const post = async <T>(user: User, url: string, body: unknown, status = 201) => {
  const response = await call(t.app, user.token, 'POST', url, body);
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T & { id: string }>();
};
const vendor = (values: Record<string, unknown>) => post<{ country: string; controlledFromCountry: string | null }>(coordinator, '/api/v1/vendors', { code: `v-${fresh()}`, name: `Vendor ${fresh()}`, ...values });
const product = (values: Record<string, unknown>) => post<{ componentIds: string[] }>(coordinator, '/api/v1/products', { code: `p-${fresh()}`, name: `Product ${fresh()}`, kind: 'hardware', ...values });
const keyAsset = async (providerId: string, processId?: string) => {
  const asset = await buildAsset(t.services, { providerId, processId });
  return t.services.registry.update(systemActor('test'), 'assets', asset.id, { keyAsset: true });
};
const scan = async (user: User, query = '') => {
  const response = await call(t.app, user.token, 'GET', `/api/v1/scan/high-risk${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<HighRiskScan>();
};
const findingsOn = (result: HighRiskScan, anchorAssetId: string) => result.groups.flatMap((group) => group.findings).filter((finding) => finding.anchorAssetId === anchorAssetId);

let world: Awaited<ReturnType<typeof buildScanWorld>>;

/**
 * Provider A's key asset (a control room of process A) depends on a substation, which uses an RTU (Dutch vendor)
 * that contains an LTE module (German vendor) whose firmware is made by a Chinese manufacturer: two levels deep.
 * Provider B, in another process, has its own unlisted product and key asset.
 */
async function buildScanWorld() {
  const processA = await buildVitalProcess(t.services, { ministryId: ministryA.organisationId });
  const processB = await buildVitalProcess(t.services);
  await buildDesignation(t.services, { processId: processA.id, providerId: providerA.organisationId });
  await buildDesignation(t.services, { processId: processB.id, providerId: providerB.organisationId });
  const controlRoom = await keyAsset(providerA.organisationId, processA.id);
  const substation = await buildAsset(t.services, { providerId: providerA.organisationId, processId: processA.id });
  await buildDependency(t.services, { dependentId: controlRoom.id, supplierId: substation.id });

  const dutch = await vendor({ country: 'Nederland' });
  const german = await vendor({ country: 'DEU' });
  const chinese = await vendor({ country: 'Volksrepubliek China' });
  const firmware = await product({ kind: 'firmware', vendorId: german.id, manufacturerId: chinese.id });
  const module = await product({ vendorId: german.id, componentIds: [firmware.id] });
  const rtu = await product({ vendorId: dutch.id, componentIds: [module.id] });
  await post(providerA, '/api/v1/product-uses', { assetId: substation.id, productId: rtu.id });

  const keyAssetB = await keyAsset(providerB.organisationId, processB.id);
  const secretB = await product({ vendorId: chinese.id, listed: false });
  await post(providerB, '/api/v1/product-uses', { assetId: keyAssetB.id, productId: secretB.id });
  return { processA, controlRoom, substation, dutch, german, chinese, firmware, module, rtu, keyAssetB, secretB };
}

beforeAll(async () => {
  t = await createTestApp();
  [coordinator, admin, providerA, providerB, ministryA, csirt] = await Promise.all([
    buildUser(t.services, 'coordinator'),
    buildUser(t.services, 'admin'),
    buildUser(t.services, 'provider'),
    buildUser(t.services, 'provider'),
    buildUser(t.services, 'ministry'),
    buildUser(t.services, 'csirt'),
  ]);
  world = await buildScanWorld();
}, 120_000);
afterAll(() => t?.close());

describe('vendor register', () => {
  it('normalises countries given as names or codes and finds vendors by alias and country', async () => {
    const created = await vendor({ name: 'Kestrel Holdings', aliases: ['KSTRL', 'Kestrel Radio'], country: 'United Kingdom', controlledFromCountry: 'usa', controllingParty: 'Kestrel Group Inc.', lei: 'ABCDEFGHIJ0123456789' });
    expect(created).toMatchObject({ country: 'GB', controlledFromCountry: 'US' });
    const byAlias = (await call(t.app, csirt.token, 'GET', '/api/v1/vendors?q=kestrel%20radio')).json<{ items: { id: string }[] }>();
    expect(byAlias.items.map((item) => item.id)).toEqual([created.id]);
    const byCountry = (await call(t.app, providerA.token, 'GET', '/api/v1/vendors?controlledFromCountry=Verenigde%20Staten&limit=1000')).json<{ items: { id: string }[] }>();
    expect(byCountry.items.map((item) => item.id)).toContain(created.id);
    const patched = await call(t.app, admin.token, 'PATCH', `/api/v1/vendors/${created.id}`, { controlledFromCountry: null });
    expect(patched.json()).toMatchObject({ controlledFromCountry: null, country: 'GB' });
  });

  it('refuses an unknown country naming the field, and a provider may not register vendors', async () => {
    const before = (await call(t.app, coordinator.token, 'GET', '/api/v1/vendors')).json<{ total: number }>().total;
    const response = await call(t.app, coordinator.token, 'POST', '/api/v1/vendors', { code: `v-${fresh()}`, name: 'X', country: 'Atlantis' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'unknown-country', errors: [{ path: '/country' }] });
    expect((await call(t.app, providerA.token, 'POST', '/api/v1/vendors', { code: `v-${fresh()}`, name: 'X', country: 'NL' })).statusCode).toBe(403);
    expect((await call(t.app, coordinator.token, 'GET', '/api/v1/vendors')).json<{ total: number }>().total).toBe(before);
  });

  it('refuses a product that would contain itself', async () => {
    const response = await call(t.app, coordinator.token, 'PATCH', `/api/v1/products/${world.firmware.id}`, { componentIds: [world.rtu.id] });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'product-component-cycle' });
    expect((await call(t.app, coordinator.token, 'GET', `/api/v1/products/${world.firmware.id}`)).json()).toMatchObject({ componentIds: [] });
  });
});

describe('the high-risk scan', () => {
  it('finds flagged firmware two levels deep under a key asset’s device and explains the chain', async () => {
    const [finding, ...others] = findingsOn(await scan(providerA), world.controlRoom.id);
    expect(others).toEqual([]);
    expect(finding).toMatchObject({ level: 'core', flaggedProductId: world.firmware.id, providerId: providerA.organisationId });
    expect(finding?.chain.map((step) => [step.kind, step.id])).toEqual([
      ['key-asset', world.controlRoom.id],
      ['asset', world.substation.id],
      ['product', world.rtu.id],
      ['component', world.module.id],
      ['component', world.firmware.id],
      ['manufacturer', world.chinese.id],
      ['country-rule', null],
    ]);
    expect(finding?.rules).toMatchObject([{ relation: 'established-in', country: 'CN', party: { role: 'manufacturer', id: world.chinese.id }, confirmed: true }]);
    expect(finding?.explanation).toContain('established in China (CN)');
  });

  it('groups findings by sector and process', async () => {
    const result = await scan(providerA);
    const group = result.groups.find((candidate) => candidate.process?.id === world.processA.id);
    expect(group?.sector?.id).toBe(world.processA.sectorId);
    expect(group?.findings.map((finding) => finding.anchorAssetId)).toContain(world.controlRoom.id);
  });

  it('flags a product of a vendor established elsewhere but controlled from a listed country', async () => {
    const controlled = await vendor({ country: 'GB', controlledFromCountry: 'China' });
    const modem = await product({ vendorId: controlled.id });
    const asset = await keyAsset(providerA.organisationId);
    await post(providerA, '/api/v1/product-uses', { assetId: asset.id, productId: modem.id });
    const [finding] = findingsOn(await scan(providerA), asset.id);
    expect(finding?.rules).toMatchObject([{ relation: 'controlled-from', country: 'CN', party: { role: 'vendor', id: controlled.id } }]);
  });

  it('flags by the list version asked for: North Korea is on 2023-07 (unconfirmed) but not on 2022-11', async () => {
    const northKorean = await vendor({ country: 'Noord-Korea' });
    const device = await product({ vendorId: northKorean.id });
    const asset = await keyAsset(providerA.organisationId);
    await post(providerA, '/api/v1/product-uses', { assetId: asset.id, productId: device.id });
    expect(findingsOn(await scan(providerA), asset.id)).toMatchObject([{ rules: [{ country: 'KP', confirmed: false, listVersion: '2023-07' }] }]);
    const old = await scan(providerA, '?listVersion=2022-11');
    expect(old.list.version).toBe('2022-11');
    expect(findingsOn(old, asset.id)).toEqual([]);
    const unknown = await call(t.app, providerA.token, 'GET', '/api/v1/scan/high-risk?listVersion=1999');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'unknown-country-list-version' });
  });

  it('shows a provider only its own findings, a ministry its processes’, the coordinator all', async () => {
    const anchors = async (user: User) => new Set((await scan(user)).groups.flatMap((group) => group.findings.map((finding) => finding.anchorAssetId)));
    const [ofA, ofB, ofMinistry, ofCoordinator, ofCsirt] = await Promise.all([anchors(providerA), anchors(providerB), anchors(ministryA), anchors(coordinator), anchors(csirt)]);
    expect(ofA.has(world.controlRoom.id) && !ofA.has(world.keyAssetB.id)).toBe(true);
    expect(ofB.has(world.keyAssetB.id) && !ofB.has(world.controlRoom.id)).toBe(true);
    expect([...ofMinistry]).toEqual([world.controlRoom.id]);
    expect(ofCoordinator.has(world.controlRoom.id) && ofCoordinator.has(world.keyAssetB.id)).toBe(true);
    expect(ofCsirt.size).toBe(0);
  });

  it('redacts the assets of another organisation in a chain', async () => {
    const supplierOfB = await buildAsset(t.services, { providerId: providerB.organisationId });
    const asset = await keyAsset(providerA.organisationId);
    await buildDependency(t.services, { dependentId: asset.id, supplierId: supplierOfB.id });
    await post(providerB, '/api/v1/product-uses', { assetId: supplierOfB.id, productId: world.secretB.id });
    const [finding] = findingsOn(await scan(providerA), asset.id);
    expect(finding?.chain.slice(1, 3)).toMatchObject([{ kind: 'asset', id: null, name: null }, { kind: 'product', id: null }]);
    expect(finding?.flaggedProductId).toBeNull();
    expect(JSON.stringify(finding)).not.toContain(supplierOfB.code);
  });
});

describe('need-to-know on products and their use', { tags: ['authorization'] }, () => {
  it('a provider cannot see another provider’s unlisted products or its product uses', async () => {
    expect((await call(t.app, providerA.token, 'GET', `/api/v1/products/${world.secretB.id}`)).statusCode).toBe(404);
    const products = (await call(t.app, providerA.token, 'GET', '/api/v1/products?limit=1000')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(products).toContain(world.firmware.id);
    expect(products).not.toContain(world.secretB.id);
    const uses = (await call(t.app, providerA.token, 'GET', '/api/v1/product-uses?limit=1000')).json<{ items: { assetId: string; keyAsset: boolean }[] }>().items;
    expect(uses.map((use) => use.assetId)).not.toContain(world.keyAssetB.id);
    const ownUses = (await call(t.app, providerB.token, 'GET', `/api/v1/product-uses?productId=${world.secretB.id}&keyAsset=true`)).json<{ items: { assetId: string; keyAsset: boolean }[] }>().items;
    expect(ownUses).toEqual([expect.objectContaining({ assetId: world.keyAssetB.id, keyAsset: true })]);
  });

  it('a provider records product use on its own assets only', async () => {
    const response = await call(t.app, providerA.token, 'POST', '/api/v1/product-uses', { assetId: world.keyAssetB.id, productId: world.rtu.id });
    expect(response.statusCode).toBe(404);
    const duplicate = await call(t.app, providerA.token, 'POST', '/api/v1/product-uses', { assetId: world.substation.id, productId: world.rtu.id });
    expect(duplicate.statusCode).toBe(409);
  });
});
