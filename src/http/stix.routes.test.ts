import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAsset, buildDependency, buildOrganisation, buildUser } from '../../test/factories.ts';
import { packageDataDir } from '../config.ts';
import { issuesForReceiver, type StixBundle, type StixObject } from '../services/stix.service.ts';

/**
 * STIX 2.1 in and out (issue 7 item 3): exports validate against the official schemas and carry the OASIS TLP 2.0
 * markings; an exported bundle imported again creates nothing; invalid bundles are refused whole; TLP is read in
 * every id scheme in use.
 */

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let csirt: User;
let colleague: User;
let provider: User;
let otherProvider: User;
let coordinator: User;
const tlp2 = {
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  strict: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
const exportAs = async (user: User, include = '') => {
  const response = await call(t.app, user.token, 'GET', `/api/v1/stix/bundle${include ? `?include=${include}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/stix\+json;version=2\.1/);
  return response.json<StixBundle>();
};
const importAs = (user: User, bundle: unknown) => call(t.app, user.token, 'POST', '/api/v1/stix/bundles', bundle);
/** The bundle checked as a receiver would: against the schemas, every reference inside the bundle or a predefined TLP marking. */
const receiverIssues = (bundle: unknown) => issuesForReceiver(bundle, packageDataDir);

const stamp = '2026-02-01T09:00:00.000Z';
const sdo = (type: string, uuid: string, extra: Record<string, unknown> = {}): StixObject => ({ type, spec_version: '2.1', id: `${type}--${uuid}`, created: stamp, modified: stamp, ...extra });
const bundleOf = (...objects: unknown[]) => ({ type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects });

beforeAll(async () => {
  t = await createTestApp();
  const s = t.services;
  const csirtOrg = await buildOrganisation(s, { kind: 'csirt' });
  const providerOrg = await buildOrganisation(s);
  csirt = await buildUser(s, 'csirt', { organisationId: csirtOrg.id });
  colleague = await buildUser(s, 'csirt', { organisationId: csirtOrg.id });
  provider = await buildUser(s, 'provider', { organisationId: providerOrg.id });
  otherProvider = await buildUser(s, 'provider');
  coordinator = await buildUser(s, 'coordinator');
  const [assetA, assetB] = [await buildAsset(s, { providerId: providerOrg.id }), await buildAsset(s, { providerId: providerOrg.id })];
  await buildDependency(s, { dependentId: assetA.id, supplierId: assetB.id });
  await s.supplyChain.createVendor({ kind: 'system', via: 'test' }, { code: 'stix-vendor', name: 'Relais BV', country: 'NL' });
  for (const body of [
    { kind: 'advisory', tlp: 'TLP:CLEAR', audience: {} },
    { kind: 'threat-information', threatDomain: 'digital', tlp: 'TLP:AMBER', audience: { organisationIds: [providerOrg.id] } },
    { kind: 'sector-notice', tlp: 'TLP:GREEN', audience: {} },
    { kind: 'request-for-information', tlp: 'TLP:RED', audience: { personIds: [provider.id] } },
  ]) {
    const response = await call(t.app, csirt.token, 'POST', '/api/v1/advisories', { title: `Bericht ${body.kind}`, body: 'Tekst.', ...body });
    expect(response.statusCode, response.body).toBe(201);
  }
}, 600_000);
afterAll(() => t?.close());

describe('export', () => {
  it('is a bundle that validates against the STIX 2.1 schemas, self-contained, with the OASIS TLP 2.0 marking definitions', async () => {
    for (const user of [csirt, provider, coordinator]) {
      const bundle = await exportAs(user);
      expect(receiverIssues(bundle), user.email).toEqual([]);
      const markingIds = bundle.objects.filter((object) => object.type === 'marking-definition').map((object) => object.id);
      expect(markingIds.every((id) => Object.values(tlp2).includes(id) || id === 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487')).toBe(true);
      for (const object of bundle.objects.filter((item) => item.type !== 'marking-definition')) {
        const refs = object.object_marking_refs as string[];
        expect(refs.some((ref) => markingIds.includes(ref)), object.id).toBe(true);
      }
    }
  });

  it('contains only what the caller may read: the provider its own assets and the messages addressed to it', { tags: ['authorization'] }, async () => {
    const types = (bundle: StixBundle) => bundle.objects.map((object) => object.type);
    const ofProvider = await exportAs(provider);
    expect(types(ofProvider).filter((type) => type === 'infrastructure')).toHaveLength(2);
    expect(ofProvider.objects.filter((object) => object.type === 'relationship' && object.relationship_type === 'depends-on')).toHaveLength(1);
    expect(ofProvider.objects.filter((object) => object.type === 'report' || object.type === 'note')).toHaveLength(4);
    const ofOther = await exportAs(otherProvider);
    expect(types(ofOther).filter((type) => type === 'infrastructure')).toEqual([]);
    // CLEAR and the GREEN notice to the whole community; not the AMBER and RED ones addressed to the first provider.
    expect(ofOther.objects.filter((object) => object.type === 'report' || object.type === 'note')).toHaveLength(2);
    expect(ofOther.objects.some((object) => (object.object_marking_refs as string[] | undefined)?.includes(tlp2.red))).toBe(false);
  });

  it('maps advisories to reports and notes with the same deterministic ids every time', async () => {
    const [first, second] = [await exportAs(csirt, 'advisories'), await exportAs(csirt, 'advisories')];
    const ids = (bundle: StixBundle) => bundle.objects.map((object) => object.id).sort();
    expect(ids(first)).toEqual(ids(second));
    expect(first.id).not.toBe(second.id);
    expect(first.objects.filter((object) => object.type === 'report')).toHaveLength(2);
    expect(first.objects.filter((object) => object.type === 'note')).toHaveLength(2);
  });

  it('refuses an unknown part', async () => {
    const response = await call(t.app, csirt.token, 'GET', '/api/v1/stix/bundle?include=advisories,secrets');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'stix-export-scope-invalid' });
  });
});

describe('import', () => {
  it('an exported bundle imported again creates nothing new', async () => {
    for (const user of [csirt, provider]) {
      const bundle = await exportAs(user);
      const before = await countRows('stix_object');
      const response = await importAs(user, bundle);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ created: 0, updated: 0 });
      expect(await countRows('stix_object')).toBe(before);
    }
  });

  it('reads TLP in every id scheme and MISP tags, and a re-import creates nothing while a newer version updates', async () => {
    const objects = [
      sdo('threat-actor', 'a1b2c3d4-0001-4000-8000-000000000001', { name: 'Zandworm', object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'] }),
      sdo('intrusion-set', 'a1b2c3d4-0002-4000-8000-000000000002', { name: 'Zandstorm', object_marking_refs: [tlp2.green] }),
      sdo('indicator', 'a1b2c3d4-0003-4000-8000-000000000003', { pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: stamp, object_marking_refs: ['marking-definition--826578e1-40ad-459f-bc73-ede076f81f37'] }),
      sdo('vulnerability', 'a1b2c3d4-0004-4000-8000-000000000004', { name: 'CVE-2026-1234', labels: ['misp:type="vulnerability"', 'tlp:red'] }),
      sdo('relationship', 'a1b2c3d4-0005-4000-8000-000000000005', { relationship_type: 'attributed-to', source_ref: 'intrusion-set--a1b2c3d4-0002-4000-8000-000000000002', target_ref: 'threat-actor--a1b2c3d4-0001-4000-8000-000000000001' }),
    ];
    const first = await importAs(csirt, bundleOf(...objects));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 5, updated: 0, unchanged: 0 });
    const labels = Object.fromEntries(first.json<{ objects: { id: string; tlp: string }[] }>().objects.map((object) => [object.id.split('--')[0], object.tlp]));
    expect(labels).toEqual({ 'threat-actor': 'TLP:AMBER', 'intrusion-set': 'TLP:GREEN', indicator: 'TLP:AMBER+STRICT', vulnerability: 'TLP:RED', relationship: 'TLP:AMBER+STRICT' });

    const before = await countRows('stix_object');
    expect((await importAs(csirt, bundleOf(...objects))).json()).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    const newer = { ...objects[0]!, modified: '2026-02-02T09:00:00.000Z', description: 'Bijgewerkt' };
    expect((await importAs(csirt, bundleOf(newer))).json()).toMatchObject({ created: 0, updated: 1 });
    expect(await countRows('stix_object')).toBe(before);

    // Who reads what: AMBER within the importing organisation, RED only the person who imported it, GREEN the community.
    const visible = async (user: User) => (await call(t.app, user.token, 'GET', '/api/v1/stix/objects?limit=500')).json<{ items: { stixId: string }[] }>().items.map((item) => item.stixId.split('--')[0]);
    expect((await visible(csirt)).sort()).toEqual(['indicator', 'intrusion-set', 'relationship', 'threat-actor', 'vulnerability']);
    expect((await visible(colleague)).sort()).toEqual(['indicator', 'intrusion-set', 'relationship', 'threat-actor']);
    expect(await visible(provider)).toEqual(['intrusion-set']);
    const ofProvider = await exportAs(provider, 'threat-intel');
    expect(ofProvider.objects.filter((object) => object.type !== 'marking-definition').map((object) => object.type)).toEqual(['intrusion-set']);
    expect(receiverIssues(await exportAs(colleague, 'threat-intel'))).toEqual([]);
  });

  it('resolves a reference to an object imported before', async () => {
    const later = sdo('relationship', 'a1b2c3d4-0006-4000-8000-000000000006', { relationship_type: 'related-to', source_ref: 'threat-actor--a1b2c3d4-0001-4000-8000-000000000001', target_ref: 'intrusion-set--a1b2c3d4-0002-4000-8000-000000000002' });
    expect((await importAs(colleague, bundleOf(later))).json()).toMatchObject({ created: 1 });
    // The provider cannot see the AMBER threat actor: to it the reference is broken.
    const refused = await importAs(provider, bundleOf(later));
    expect(refused.statusCode).toBe(400);
  });

  it.each([
    ['a bad timestamp', sdo('threat-actor', 'b1b2c3d4-0001-4000-8000-000000000001', { name: 'X', modified: '2026-02-30T09:00:00.000Z' }), /threat-actor--b1b2c3d4-0001-4000-8000-000000000001 at \/objects\/1\/modified .*not a valid timestamp/],
    ['an unknown type', sdo('threat-actr', 'b1b2c3d4-0002-4000-8000-000000000002', { name: 'X' }), /threat-actr--b1b2c3d4-0002-4000-8000-000000000002 at \/objects\/1\/type unknown STIX type/],
    ['a broken reference', sdo('relationship', 'b1b2c3d4-0003-4000-8000-000000000003', { relationship_type: 'uses', source_ref: 'threat-actor--b1b2c3d4-0009-4000-8000-000000000009', target_ref: 'intrusion-set--a1b2c3d4-0002-4000-8000-000000000002' }), /relationship--b1b2c3d4-0003-4000-8000-000000000003 at \/objects\/1\/source_ref refers to threat-actor--b1b2c3d4-0009/],
  ])('refuses a bundle with %s whole, naming the object, and imports nothing', async (_name, bad, message) => {
    const good = sdo('vulnerability', 'b1b2c3d4-0000-4000-8000-00000000000a', { name: 'CVE-2026-9999' });
    const [objects, audit] = [await countRows('stix_object'), await countRows('audit_log')];
    const response = await importAs(csirt, bundleOf(good, bad));
    expect(response.statusCode).toBe(400);
    const problem = response.json<{ code: string; detail: string; errors: { path: string; message: string }[] }>();
    expect(problem.code).toBe('stix-bundle-invalid');
    expect(problem.detail).toMatch(/refused whole and nothing was imported/);
    expect(problem.detail).toMatch(message);
    expect(problem.errors[0]!.path).toMatch(/^\/objects\/1\//);
    expect(await countRows('stix_object')).toBe(objects);
    expect(await countRows('audit_log')).toBe(audit);
  });

  it('accepts the STIX media type and refuses the administrator', async () => {
    const bundle = bundleOf(sdo('vulnerability', 'c1b2c3d4-0000-4000-8000-00000000000a', { name: 'CVE-2026-7777' }));
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stix/bundles', headers: { authorization: `Bearer ${csirt.token}`, 'content-type': 'application/stix+json;version=2.1' }, payload: JSON.stringify(bundle) });
    expect(response.statusCode, response.body).toBe(200);
    const admin = await buildUser(t.services, 'admin');
    expect((await importAs(admin, bundle)).statusCode).toBe(403);
  });
});
