import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAsset, buildDesignation, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { systemActor } from '../services/actor.ts';
import type { HighRiskScan } from '../services/high-risk-scan.ts';
import type { SbomImportSummary } from '../services/sbom.service.ts';

const fixtures = path.join(import.meta.dirname, '..', 'interop', 'sbom', 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let coordinator: User, providerA: User, providerB: User, ministryA: User;

const expectStatus = async (response: Awaited<ReturnType<typeof call>>, status: number) => {
  expect(response.statusCode, response.body).toBe(status);
  return response;
};
const post = async <T>(user: User, url: string, body: unknown, status = 201) => (await expectStatus(await call(t.app, user.token, 'POST', url, body), status)).json<T & { id: string }>();
const vendor = (name: string, country: string) => post<{ id: string; controlledFromCountry: string | null; controllingParty: string | null }>(coordinator, '/api/v1/vendors', { code: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, country });
const upload = (user: User | undefined, assetId: string, file: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/assets/${assetId}/sboms`,
    headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), 'content-type': file.endsWith('.xml') ? 'application/xml' : 'application/vnd.cyclonedx+json' },
    payload: fixture(file),
  });
const importSbom = async (user: User, assetId: string, file: string, status = 201) => (await expectStatus(await upload(user, assetId, file), status)).json<SbomImportSummary>();
const scan = async (user: User) => (await expectStatus(await call(t.app, user.token, 'GET', '/api/v1/scan/high-risk'), 200)).json<HighRiskScan>();
const findingsOn = (result: HighRiskScan, anchorAssetId: string) => result.groups.flatMap((group) => group.findings).filter((finding) => finding.anchorAssetId === anchorAssetId);
const keyAsset = async (providerId: string, processId?: string) => t.services.registry.update(systemActor('test'), 'assets', (await buildAsset(t.services, { providerId, processId })).id, { keyAsset: true });
const tables = ['sbom', 'sbom_component', 'product', 'product_use', 'product_component'];
const snapshot = async () => Promise.all(tables.map(async (table) => (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n));

let vendors: Record<'lowlands' | 'eastern' | 'polder' | 'redstar' | 'redstarHolding' | 'nimbus', { id: string }>;
let controlRoom: { id: string }, meterPlatform: { id: string }, hmi: { id: string }, rtu: { id: string }, build: { id: string }, assetB: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  [coordinator, providerA, providerB, ministryA] = await Promise.all([buildUser(t.services, 'coordinator'), buildUser(t.services, 'provider'), buildUser(t.services, 'provider'), buildUser(t.services, 'ministry')]);
  const processA = await buildVitalProcess(t.services, { ministryId: ministryA.organisationId });
  await buildDesignation(t.services, { processId: processA.id, providerId: providerA.organisationId });
  controlRoom = await keyAsset(providerA.organisationId, processA.id);
  const asset = () => buildAsset(t.services, { providerId: providerA.organisationId, processId: processA.id });
  [meterPlatform, hmi, rtu, build] = [await asset(), await asset(), await asset(), await asset()];
  assetB = await keyAsset(providerB.organisationId);
  vendors = {
    lowlands: await vendor('Lowlands Grid Devices B.V.', 'Nederland'),
    eastern: await vendor('Eastern Modem Works Co., Ltd.', 'Volksrepubliek China'),
    polder: await vendor('Polder IO', 'NL'),
    redstar: await vendor('Redstar Analytics LLC', 'Cyprus'),
    redstarHolding: await vendor('Redstar Holding', 'Russian Federation'),
    nimbus: await vendor('Nimbus Cloud B.V.', 'NLD'),
  };
  await post(coordinator, `/api/v1/vendors/${vendors.polder.id}/aliases`, { kind: 'cpe-vendor', value: 'polderio' });
  await post(coordinator, `/api/v1/vendors/${vendors.redstar.id}/aliases`, { kind: 'purl-namespace', value: 'maven/com.redstar.analytics' });
}, 300_000);
afterAll(() => t?.close());

describe('SBOM ingest', () => {
  it('ingests a CycloneDX 1.6 HBOM, resolving vendors through supplier, manufacturer and CPE', async () => {
    const summary = await importSbom(providerA, controlRoom.id, 'hbom-gateway.cdx.json');
    expect(summary).toMatchObject({ outcome: 'created', format: 'cyclonedx', encoding: 'json', specVersion: '1.6', components: 5, services: 0, dependencies: 4 });
    expect(summary).toMatchObject({ vendorsResolved: 3, vendorsUnresolved: 1, componentsResolved: 4, componentsUnresolved: 2, componentsWithoutParty: 1, unresolvedNames: ['unknown telemetry'], products: 4 });
    const detail = (await expectStatus(await call(t.app, providerA.token, 'GET', `/api/v1/sboms/${summary.sbomId}`), 200)).json<{ components: { items: { ref: string; resolvedVia: string | null; vendorId: string | null }[] } }>();
    const via = Object.fromEntries(detail.components.items.map((component) => [component.ref, [component.resolvedVia, component.vendorId]]));
    expect(via).toEqual({
      'gw-200': ['manufacturer', vendors.lowlands.id],
      'gw-200-baseband': ['manufacturer', vendors.eastern.id],
      'gw-200-system': ['supplier', vendors.lowlands.id],
      'io-module': ['cpe', vendors.polder.id],
      'pkg:generic/openssl@3.0.13': [null, null],
      'telemetry-agent': [null, null],
    });
  });

  it('the high-risk scan finds the firmware two levels deep under the key asset and explains the chain', async () => {
    const [finding, ...others] = findingsOn(await scan(providerA), controlRoom.id);
    expect(others).toEqual([]);
    expect(finding).toMatchObject({ level: 'core', providerId: providerA.organisationId });
    expect(finding!.chain.map((step) => [step.kind, step.name])).toEqual([
      ['key-asset', expect.any(String)],
      ['product', 'GW-200 substation gateway 2.4'],
      ['component', 'GW-200 LTE baseband firmware 11.08.03'],
      ['vendor', 'Eastern Modem Works Co., Ltd.'],
      ['country-rule', 'China'],
    ]);
    expect(finding!.explanation).toContain('firmware inside the previous product');
    expect(finding!.explanation).toContain('established in China (CN)');
  });

  it('ingests a SaaSBOM: services with providers and trust zones; a provider controlled from a listed country is flagged', async () => {
    await expectStatus(await call(t.app, coordinator.token, 'PUT', `/api/v1/vendors/${vendors.redstar.id}/ownership`, { parentVendorId: vendors.redstarHolding.id, stakePercent: 75, source: 'annual report 2025' }), 200);
    const summary = await importSbom(providerA, meterPlatform.id, 'saasbom-meterdata.cdx.json');
    expect(summary).toMatchObject({ specVersion: '1.6', components: 0, services: 4, dependencies: 4, vendorsResolved: 2, vendorsUnresolved: 1, componentsWithoutParty: 1, products: 3 });
    const detail = (await call(t.app, providerA.token, 'GET', `/api/v1/sboms/${summary.sbomId}`)).json<{ components: { items: { ref: string; trustZone: string | null; kind: string }[] } }>();
    expect(detail.components.items.filter((item) => item.kind === 'service').map((item) => [item.ref, item.trustZone])).toEqual([
      ['svc-ingest', 'public-cloud'],
      ['svc-ingest-queue', 'public-cloud'],
      ['svc-forecast', 'vendor-managed'],
      ['svc-sms', 'vendor-managed'],
    ]);
    const [finding] = findingsOn(await scan(providerA), meterPlatform.id);
    expect(finding).toMatchObject({ level: 'flagged', rules: [{ relation: 'controlled-from', country: 'RU', party: { id: vendors.redstar.id } }] });
  });

  it('ingests SPDX 2.3 JSON (Organization strings, originator, purl namespace) and CycloneDX 1.5 XML', async () => {
    expect(await importSbom(providerA, hmi.id, 'scada-hmi.spdx.json')).toMatchObject({
      format: 'spdx',
      specVersion: '2.3',
      components: 3,
      services: 0,
      dependencies: 2,
      vendorsResolved: 3,
      vendorsUnresolved: 1,
      unresolvedNames: ['zlib'],
      products: 3,
    });
    expect(await importSbom(providerA, rtu.id, 'hbom-rtu.cdx.xml')).toMatchObject({ format: 'cyclonedx', encoding: 'xml', specVersion: '1.5', components: 2, dependencies: 1, vendorsResolved: 2, vendorsUnresolved: 1 });
  });

  it('ingests CycloneDX 1.4 and 1.7 documents', async () => {
    const [one, two] = [await buildAsset(t.services, { providerId: providerA.organisationId }), await buildAsset(t.services, { providerId: providerA.organisationId })];
    expect(await importSbom(providerA, one.id, 'hbom-gateway-1.4.cdx.json')).toMatchObject({ specVersion: '1.4', components: 5, vendorsResolved: 3 });
    expect(await importSbom(providerA, two.id, 'hbom-gateway-1.7.cdx.json')).toMatchObject({ specVersion: '1.7', components: 5, vendorsResolved: 3 });
  });

  it('keeps the dependency graph of refs with quotes, backslashes, commas and braces exactly', async () => {
    const refs = ['app', 'lib "quoted"', 'back\\slash', 'a,b {c}', 'NULL', "it's"];
    const document = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      metadata: { component: { type: 'application', 'bom-ref': refs[0], name: 'app' } },
      components: refs.slice(1).map((ref, index) => ({ type: 'library', 'bom-ref': ref, name: `lib-${index}` })),
      dependencies: [{ ref: refs[0], dependsOn: refs.slice(1) }, { ref: refs[1], dependsOn: [refs[2], refs[3]] }, { ref: refs[4], dependsOn: [] }],
    };
    const asset = await buildAsset(t.services, { providerId: providerA.organisationId });
    const summary = await t.services.sboms.importSbom(systemActor('test'), asset.id, JSON.stringify(document));
    const detail = (await call(t.app, providerA.token, 'GET', `/api/v1/sboms/${summary.sbomId}?limit=100`)).json<{ components: { items: { ref: string; dependsOn: string[] }[] } }>();
    const dependsOn = Object.fromEntries(detail.components.items.map((item) => [item.ref, item.dependsOn]));
    expect(dependsOn).toEqual({ app: refs.slice(1), 'lib "quoted"': ['back\\slash', 'a,b {c}'], 'back\\slash': [], 'a,b {c}': [], NULL: [], "it's": [] });
  });

  it('ingests the SBOM cyclonedx-npm 6.0.1 made of this repository, and a re-import updates instead of duplicating', async () => {
    const vega = await vendor('UW Interactive Data Lab', 'US');
    await post(coordinator, `/api/v1/vendors/${vega.id}/aliases`, { kind: 'name', value: 'Vega' });
    const fastify = await vendor('OpenJS Foundation', 'US');
    await post(coordinator, `/api/v1/vendors/${fastify.id}/aliases`, { kind: 'purl-namespace', value: 'npm/@fastify' });
    // 30 components by the author "Vega", 1 by "UW Interactive Data Lab" (the vendor's own name), 19 in the purl namespace npm/@fastify.
    const first = await importSbom(providerA, build.id, 'vitaal-npm-6.0.1.cdx.json');
    expect(first).toMatchObject({ outcome: 'created', specVersion: '1.6', name: 'vitaal@0.1.0', components: 452, services: 0, dependencies: 922, vendorsResolved: 2, componentsResolved: 50, products: 50 });
    const before = await snapshot();
    const second = await importSbom(providerA, build.id, 'vitaal-npm-6.0.1.cdx.json', 200);
    expect(second).toMatchObject({ outcome: 'updated', sbomId: first.sbomId, components: 452 });
    expect(await snapshot()).toEqual(before);
    const list = (await call(t.app, providerA.token, 'GET', `/api/v1/assets/${build.id}/sboms`)).json<{ items: { id: string; imports: number }[] }>();
    expect(list.items).toMatchObject([{ id: first.sbomId, imports: 2 }]);
  });

  it.each([
    ['invalid-schema.cdx.json', /does not conform to the official CycloneDX 1.6 JSON schema/, '/components/0/name'],
    ['invalid-truncated.cdx.json', /JSON is not well-formed \(truncated or damaged\)/, '/'],
    ['invalid-wrong-version.cdx.json', /CycloneDX 1.3 is not supported/, '/specVersion'],
    ['invalid-truncated.cdx.xml', /XML is not well-formed \(truncated or damaged\)/, 'line 17'],
    ['invalid-xxe.cdx.xml', /DOCTYPE declaration/, 'line 2'],
  ])('refuses %s whole with a message, and the database is unchanged', async (file, message, where) => {
    const before = await snapshot();
    const response = await expectStatus(await upload(providerA, hmi.id, file), 400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<{ code: string; detail: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('sbom-invalid');
    expect(JSON.stringify(problem)).toMatch(message);
    expect(problem.errors[0]!.path).toBe(where);
    expect(await snapshot()).toEqual(before);
  });
});

describe('SBOM upload as a stream', () => {
  /** A body sent in chunks without a Content-Length, as a client streaming a large file does. */
  const streamed = (user: User, assetId: string, chunks: Iterable<string | Buffer>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/assets/${assetId}/sboms`,
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/vnd.cyclonedx+json', 'transfer-encoding': 'chunked' },
      payload: Readable.from(chunks),
    });

  it('reads a body that arrives in chunks, characters of several bytes split across them', async () => {
    const bytes = Buffer.from(fixture('hbom-gateway-1.7.cdx.json').replace('"GW-200 substation gateway"', '"GW-200 Umspannwerk-Gateway – Zürich"'));
    expect(bytes.toString()).toContain('Zürich');
    const pieces = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, n) => bytes.subarray(n * 5, n * 5 + 5));
    const summary = (await expectStatus(await streamed(providerA, rtu.id, pieces), 201)).json<SbomImportSummary>();
    expect(summary).toMatchObject({ specVersion: '1.7', components: 5, name: 'GW-200 Umspannwerk-Gateway – Zürich@2.4' });
  });

  it('refuses a body that streams past 200 MiB without announcing its length, with 413, and writes nothing', async () => {
    const before = await snapshot();
    const mebibyteOfSpaces = Buffer.alloc(1024 * 1024, ' ');
    function* overTheLimit() {
      yield '{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[';
      for (let n = 0; n <= 200; n++) yield mebibyteOfSpaces;
      yield ']}';
    }
    const response = await streamed(providerA, rtu.id, overTheLimit());
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body-too-large' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('need-to-know', { tags: ['authorization'] }, () => {
  it('a provider cannot see or write another provider’s SBOMs, their products or findings', async () => {
    const own = await importSbom(providerB, assetB.id, 'hbom-gateway.cdx.json');
    const sbomsA = (await call(t.app, providerA.token, 'GET', '/api/v1/sboms?limit=1000')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(sbomsA.length).toBeGreaterThan(0);
    expect(sbomsA).not.toContain(own.sbomId);
    expect((await call(t.app, providerA.token, 'GET', `/api/v1/sboms/${own.sbomId}`)).statusCode).toBe(404);
    expect((await call(t.app, providerA.token, 'GET', `/api/v1/assets/${assetB.id}/sboms`)).statusCode).toBe(404);
    expect((await upload(providerA, assetB.id, 'saasbom-meterdata.cdx.json')).statusCode).toBe(404);
    expect((await upload(ministryA, controlRoom.id, 'saasbom-meterdata.cdx.json')).statusCode).toBe(403);

    const productsB = await t.db.selectFrom('sbomComponent').select('productId').where('sbomId', '=', own.sbomId).where('productId', 'is not', null).execute();
    expect(productsB.length).toBe(4);
    for (const { productId } of productsB) expect((await call(t.app, providerA.token, 'GET', `/api/v1/products/${productId}`)).statusCode).toBe(404);
    expect(findingsOn(await scan(providerA), assetB.id)).toEqual([]);
    expect(findingsOn(await scan(providerB), assetB.id)).toHaveLength(1);
    expect(findingsOn(await scan(coordinator), assetB.id)).toHaveLength(1);
    // The ministry of provider A's process sees A's SBOMs, not B's.
    const sbomsMinistry = (await call(t.app, ministryA.token, 'GET', '/api/v1/sboms?limit=1000')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(sbomsMinistry).toEqual(expect.arrayContaining(sbomsA));
    expect(sbomsMinistry).not.toContain(own.sbomId);
  });
});

describe('vendor aliases, ownership, merge and split', () => {
  it('one vendor per alias; a provider may not add aliases', async () => {
    const taken = await call(t.app, coordinator.token, 'POST', `/api/v1/vendors/${vendors.lowlands.id}/aliases`, { kind: 'cpe-vendor', value: 'PolderIO' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'vendor-alias-taken' });
    expect((await call(t.app, providerA.token, 'POST', `/api/v1/vendors/${vendors.lowlands.id}/aliases`, { kind: 'name', value: 'LGD' })).statusCode).toBe(403);
  });

  it('keeps the ownership chain up to the ultimate controlling party and refuses a cycle', async () => {
    const ownership = (await call(t.app, providerA.token, 'GET', `/api/v1/vendors/${vendors.redstar.id}/ownership`)).json();
    expect(ownership).toMatchObject({
      chain: [
        { id: vendors.redstar.id, depth: 0, country: 'CY' },
        { id: vendors.redstarHolding.id, depth: 1, country: 'RU', stakePercent: 75, source: 'annual report 2025' },
      ],
      ultimateControllingParty: { id: vendors.redstarHolding.id, country: 'RU' },
      controlledFromCountry: 'RU',
    });
    expect((await call(t.app, providerA.token, 'GET', `/api/v1/vendors/${vendors.redstar.id}`)).json()).toMatchObject({ controllingParty: 'Redstar Holding', controlledFromCountry: 'RU' });
    const cycle = await call(t.app, coordinator.token, 'PUT', `/api/v1/vendors/${vendors.redstarHolding.id}/ownership`, { parentVendorId: vendors.redstar.id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json()).toMatchObject({ code: 'vendor-ownership-cycle' });
  });

  it('merges a duplicate vendor (aliases, products and uses move, history kept) and splits it back', async () => {
    const duplicate = await vendor('Eastern Modem Works International', 'CN');
    await post(coordinator, `/api/v1/vendors/${duplicate.id}/aliases`, { kind: 'cpe-vendor', value: 'easternmodem-intl' });
    const product = await post<{ id: string }>(coordinator, '/api/v1/products', { code: 'em-intl-module', name: 'EM module', kind: 'hardware', vendorId: duplicate.id });
    const merge = await post<{ id: string; moved: { vendorOfProductIds: string[]; aliasIds: string[] } }>(coordinator, `/api/v1/vendors/${duplicate.id}/merge`, { intoVendorId: vendors.eastern.id });
    expect(merge.moved.vendorOfProductIds).toEqual([product.id]);
    expect(merge.moved.aliasIds).toHaveLength(1);
    expect((await call(t.app, coordinator.token, 'GET', `/api/v1/vendors/${duplicate.id}`)).statusCode).toBe(404);
    expect((await call(t.app, coordinator.token, 'GET', `/api/v1/products/${product.id}`)).json()).toMatchObject({ vendorId: vendors.eastern.id });
    const aliases = (await call(t.app, coordinator.token, 'GET', `/api/v1/vendors/${vendors.eastern.id}/aliases`)).json<{ kind: string; value: string }[]>();
    expect(aliases.map((alias) => `${alias.kind}:${alias.value}`)).toEqual(expect.arrayContaining(['cpe-vendor:easternmodem-intl', 'name:Eastern Modem Works International']));
    const history = (await call(t.app, coordinator.token, 'GET', `/api/v1/vendors/${vendors.eastern.id}/merges`)).json<{ id: string; splitAt: string | null }[]>();
    expect(history).toMatchObject([{ id: merge.id, splitAt: null }]);

    await expectStatus(await call(t.app, coordinator.token, 'POST', `/api/v1/vendor-merges/${merge.id}/split`), 200);
    expect((await call(t.app, coordinator.token, 'GET', `/api/v1/vendors/${duplicate.id}`)).json()).toMatchObject({ name: 'Eastern Modem Works International' });
    expect((await call(t.app, coordinator.token, 'GET', `/api/v1/products/${product.id}`)).json()).toMatchObject({ vendorId: duplicate.id });
    const after = (await call(t.app, coordinator.token, 'GET', `/api/v1/vendors/${vendors.eastern.id}/aliases`)).json<{ value: string }[]>();
    expect(after.map((alias) => alias.value)).not.toContain('easternmodem-intl');
    expect((await call(t.app, coordinator.token, 'GET', `/api/v1/vendors/${duplicate.id}/aliases`)).json()).toMatchObject([{ value: 'easternmodem-intl' }]);
    expect((await call(t.app, coordinator.token, 'POST', `/api/v1/vendor-merges/${merge.id}/split`)).statusCode).toBe(422);
  });
});
