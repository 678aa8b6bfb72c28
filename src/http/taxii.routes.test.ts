import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import type { buildUser } from '../../test/factories.ts';
import { buildTlpWorld } from '../../test/tlp-world.ts';
import { advisoryStixId } from '../services/stix.service.ts';

/**
 * The TAXII 2.1 server (issue 7 item 4). The acceptance matrix: for each TLP label and audience, exactly the users
 * who may read a message through GET /api/v1/advisories get it through the TAXII collections, its objects,
 * manifest and object endpoints; nobody else does. The world is that of src/http/advisories.routes.test.ts.
 */

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let users: Record<string, User>;
let sectorS: { id: string };
let sectorT: { id: string };
let ministryM: { id: string };
const root = '/taxii2/vitaal';
const taxii = 'application/taxii+json;version=2.1';

const get = (user: User | undefined, url: string, accept = taxii) =>
  t.app.inject({ method: 'GET', url, headers: { accept, ...(user ? { authorization: `Bearer ${user.token}` } : {}) } });
const post = (user: User, url: string, body: unknown) =>
  t.app.inject({ method: 'POST', url, headers: { accept: taxii, 'content-type': taxii, authorization: `Bearer ${user.token}` }, payload: JSON.stringify(body) });
const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);

interface Envelope {
  more: boolean;
  next?: string;
  objects: { id: string; type: string; modified?: string; date_added?: string; version?: string }[];
}

/** Every object of one collection for `user`, following `next`, with small pages to exercise the pagination. */
async function readAll(user: User, collectionId: string, query = ''): Promise<Envelope['objects']> {
  const found: Envelope['objects'] = [];
  let next: string | undefined;
  for (let page = 0; page < 100; page++) {
    const response = await get(user, `${root}/collections/${collectionId}/objects/?limit=3${query}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const envelope = response.json<Envelope>();
    found.push(...envelope.objects);
    if (!envelope.more) return found;
    next = envelope.next;
  }
  throw new Error('pagination did not end');
}

let collections: { id: string; title: string; can_write: boolean }[];

beforeAll(async () => {
  t = await createTestApp();
  ({ sectorS, sectorT, ministryM, users } = await buildTlpWorld(t));
  collections = (await get(users.author, `${root}/collections/`)).json<{ collections: typeof collections }>().collections;
}, 600_000);
afterAll(() => t?.close());

describe('discovery, API root and collections', () => {
  it('answer in the TAXII media type, with one collection per TLP label', async () => {
    const discovery = await get(users.partner, '/taxii2/');
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers['content-type']).toBe(taxii);
    expect(discovery.json<{ api_roots: string[] }>().api_roots).toEqual([expect.stringMatching(/\/taxii2\/vitaal\/$/)]);
    expect((await get(users.partner, `${root}/`)).json()).toMatchObject({ versions: [taxii] });
    expect(collections.map((collection) => collection.title)).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
    expect((await get(users.partner, `${root}/collections/${collections[1]!.id}/`)).json()).toMatchObject({ title: 'TLP:GREEN', can_read: true, can_write: true });
    expect((await get(users.admin, `${root}/collections/`)).json<{ collections: { can_write: boolean }[] }>().collections.every((collection) => !collection.can_write)).toBe(true);
  });

  it('refuses anonymous callers, unknown collections and other media types with TAXII error messages', async () => {
    const anonymous = await get(undefined, `${root}/collections/`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toBe(taxii);
    expect(anonymous.json()).toMatchObject({ http_status: '401', error_code: 'authentication-required' });
    expect((await get(users.author, `${root}/collections/00000000-0000-4000-8000-000000000000/objects/`)).json()).toMatchObject({ http_status: '404', error_code: 'taxii-collection-not-found' });
    expect((await get(users.author, `${root}/collections/`, 'text/html')).statusCode).toBe(406);
    expect((await get(users.author, `${root}/nothing/`)).json()).toMatchObject({ http_status: '404' });
  });
});

describe('the acceptance matrix: TAXII serves a message to exactly the users the API does', { tags: ['authorization'] }, () => {
  const everybody = ['author', 'colleague', 'ministryM', 'ministryM2', 'providerP1', 'providerQ', 'p2a', 'p2b', 'outsider', 'supervisor', 'coordinator', 'partner', 'admin'];
  const rows: [string, () => Record<string, unknown>][] = [
    ['RED to two named persons', () => ({ tlp: 'TLP:RED', audience: { personIds: [users.p2a!.id, users.ministryM!.id] } })],
    ['AMBER+STRICT to ministry M', () => ({ tlp: 'TLP:AMBER+STRICT', audience: { organisationIds: [ministryM.id] } })],
    ['AMBER to ministry M, clients not allowed', () => ({ tlp: 'TLP:AMBER', audience: { organisationIds: [ministryM.id] } })],
    ['AMBER to ministry M, clients allowed', () => ({ tlp: 'TLP:AMBER', amberClients: true, audience: { organisationIds: [ministryM.id] } })],
    ['AMBER to sector S', () => ({ tlp: 'TLP:AMBER', audience: { sectorIds: [sectorS.id] } })],
    ['AMBER to the provider role', () => ({ tlp: 'TLP:AMBER', audience: { roles: ['provider'] } })],
    ['GREEN to the whole community', () => ({ tlp: 'TLP:GREEN', audience: {} })],
    ['GREEN to sector T', () => ({ tlp: 'TLP:GREEN', audience: { sectorIds: [sectorT.id] } })],
    ['CLEAR', () => ({ tlp: 'TLP:CLEAR', audience: {} })],
  ];
  const published: { stixId: string; id: string; tlp: string }[] = [];

  beforeAll(async () => {
    for (const [index, [, body]] of rows.entries()) {
      const kind = index % 2 === 0 ? 'advisory' : 'request-for-information';
      const response = await call(t.app, users.author!.token, 'POST', '/api/v1/advisories', { kind, title: `Bericht ${index}`, body: 'Tekst.', ...body() });
      expect(response.statusCode, response.body).toBe(201);
      const advisory = response.json<{ id: string; tlp: string }>();
      published.push({ id: advisory.id, tlp: advisory.tlp, stixId: advisoryStixId({ id: advisory.id, kind }) });
    }
  });

  it('for every user, the messages in all collections are exactly those of GET /api/v1/advisories, each in its label’s collection', async () => {
    for (const name of everybody) {
      const user = users[name]!;
      const inbox = (await call(t.app, user.token, 'GET', '/api/v1/advisories?limit=1000')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
      const expected = published.filter((message) => inbox.includes(message.id));
      const served: { id: string; collection: string }[] = [];
      for (const collection of collections)
        for (const object of await readAll(user, collection.id, '&match[type]=report,note')) served.push({ id: object.id, collection: collection.title });
      expect(served.map((item) => item.id).sort(), name).toEqual(expected.map((message) => message.stixId).sort());
      for (const item of served) expect(item.collection, name).toBe(published.find((message) => message.stixId === item.id)!.tlp);
    }
  });

  it('the manifest and the object endpoint leak nothing either', async () => {
    const red = published[0]!;
    const redCollection = collections.find((collection) => collection.title === 'TLP:RED')!.id;
    for (const name of everybody) {
      const user = users[name]!;
      const mayRead = (await call(t.app, user.token, 'GET', `/api/v1/advisories/${red.id}`)).statusCode === 200;
      const manifest = (await get(user, `${root}/collections/${redCollection}/manifest/?match[id]=${red.stixId}`)).json<Envelope>();
      expect(manifest.objects.map((object) => object.id), name).toEqual(mayRead ? [red.stixId] : []);
      const single = await get(user, `${root}/collections/${redCollection}/objects/${red.stixId}/`);
      expect(single.statusCode, name).toBe(mayRead ? 200 : 404);
    }
  });

  it('every message handed out under AMBER, AMBER+STRICT or RED is audited as a read', async () => {
    const red = published[0]!;
    const reads = await t.db.selectFrom('auditLog').select(['actorUserId', 'details']).where('objectType', '=', 'advisory').where('action', '=', 'read').where('objectId', '=', red.id).execute();
    const viaTaxii = reads.filter((entry) => (entry.details as { via?: string }).via?.startsWith('taxii'));
    expect(new Set(viaTaxii.map((entry) => entry.actorUserId))).toEqual(new Set([users.author!.id, users.p2a!.id, users.ministryM!.id]));
  });
});

describe('objects: filters, pagination and headers', () => {
  it('serves added_after, match[type], match[id], limit and next with the X-TAXII-Date-Added headers', async () => {
    const clear = collections.find((collection) => collection.title === 'TLP:CLEAR')!.id;
    const first = await get(users.outsider, `${root}/collections/${clear}/objects/?limit=1`);
    expect(first.statusCode).toBe(200);
    const envelope = first.json<Envelope>();
    expect(envelope.objects).toHaveLength(1);
    expect(first.headers['x-taxii-date-added-first']).toBe(first.headers['x-taxii-date-added-last']);
    const all = await readAll(users.outsider!, clear);
    expect(new Set(all.map((object) => object.id)).size).toBe(all.length);
    const manifest = (await get(users.outsider, `${root}/collections/${clear}/manifest/?limit=1000`)).json<Envelope>().objects;
    expect(manifest.map((entry) => entry.id)).toEqual(all.map((object) => object.id));
    const latest = manifest.at(-1)!.date_added!;
    expect((await get(users.outsider, `${root}/collections/${clear}/objects/?added_after=${encodeURIComponent(latest)}`)).json<Envelope>().objects).toEqual([]);
    const reports = await readAll(users.outsider!, clear, '&match[type]=report');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((object) => object.type === 'report')).toBe(true);
    expect((await get(users.outsider, `${root}/collections/${clear}/objects/?next=garbage`)).json()).toMatchObject({ error_code: 'taxii-next-invalid' });
  });
});

describe('adding objects: an envelope in, a status resource out', () => {
  const indicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--d1b2c3d4-0001-4000-8000-000000000001',
    created: '2026-02-01T09:00:00.000Z',
    modified: '2026-02-01T09:00:00.000Z',
    pattern: "[domain-name:value = 'slecht.example']",
    pattern_type: 'stix',
    valid_from: '2026-02-01T09:00:00.000Z',
    object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
  };

  it('imports into the collection under at least its label, reports the status to its sender only', async () => {
    const amber = collections.find((collection) => collection.title === 'TLP:AMBER')!.id;
    const response = await post(users.partner!, `${root}/collections/${amber}/objects/`, { objects: [indicator] });
    expect(response.statusCode, response.body).toBe(202);
    const status = response.json<{ id: string; status: string; success_count: number; failure_count: number; total_count: number }>();
    expect(status).toMatchObject({ status: 'complete', total_count: 1, success_count: 1, failure_count: 0 });
    expect((await get(users.partner, `${root}/status/${status.id}/`)).json()).toMatchObject({ id: status.id, success_count: 1 });
    expect((await get(users.author, `${root}/status/${status.id}/`)).statusCode).toBe(404);
    // GREEN in the object, AMBER by the collection: the stricter label holds, so it is served in the AMBER collection to the partner only.
    const served = await readAll(users.partner!, amber, '&match[type]=indicator');
    expect(served.map((object) => object.id)).toEqual([indicator.id]);
    expect(await readAll(users.author!, amber, '&match[type]=indicator')).toEqual([]);
  });

  it('refuses an invalid envelope whole: every object fails and nothing is imported', async () => {
    const green = collections.find((collection) => collection.title === 'TLP:GREEN')!.id;
    const before = await countRows('stix_object');
    const broken = { ...indicator, id: 'indicator--d1b2c3d4-0002-4000-8000-000000000002', valid_from: '2026-13-01T00:00:00.000Z' };
    const good = { ...indicator, id: 'indicator--d1b2c3d4-0003-4000-8000-000000000003' };
    const response = await post(users.partner!, `${root}/collections/${green}/objects/`, { objects: [good, broken] });
    expect(response.statusCode).toBe(202);
    const status = response.json<{ success_count: number; failure_count: number; failures: { id: string; message: string }[] }>();
    expect(status).toMatchObject({ success_count: 0, failure_count: 2 });
    expect(status.failures.find((failure) => failure.id === broken.id)!.message).toMatch(/\/objects\/1\/valid_from/);
    expect(await countRows('stix_object')).toBe(before);
  });

  it('refuses the administrator', async () => {
    const green = collections.find((collection) => collection.title === 'TLP:GREEN')!.id;
    expect((await post(users.admin!, `${root}/collections/${green}/objects/`, { objects: [indicator] })).json()).toMatchObject({ http_status: '403' });
  });
});
