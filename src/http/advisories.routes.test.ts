import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUser, buildVitalProcess } from '../../test/factories.ts';
import { buildTlpWorld } from '../../test/tlp-world.ts';

/**
 * TLP 2.0 on every read path of advisories (FIRST TLP 2.0 definitions; domain/tlp.ts). The world: a CSIRT author
 * and a colleague; ministry M responsible for a process of sector S with provider P1 designated for it (M's client);
 * ministry M2 with provider Q in sector T; provider P2 with two users; a supervisor of S; an outsider provider;
 * the coordinator, a partner and an administrator.
 */

let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let users: Record<string, User>;
let sectorS: { id: string };
let sectorT: { id: string };
let ministryM: { id: string };

const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);

beforeAll(async () => {
  t = await createTestApp();
  ({ sectorS, sectorT, ministryM, users } = await buildTlpWorld(t));
}, 600_000);
afterAll(() => t?.close());

const publish = async (by: User, body: Record<string, unknown>) => {
  const response = await call(t.app, by.token, 'POST', '/api/v1/advisories', { kind: 'advisory', title: 'Kwetsbaarheid in SCADA-gateway', body: 'Patch nu.', ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; tlp: string }>();
};
const idsInInbox = async (user: User, query = '') => {
  const page = (await call(t.app, user.token, 'GET', `/api/v1/advisories?limit=1000${query}`)).json<{ items: { id: string; tlp: string }[]; total: number }>();
  return { ids: page.items.map((item) => item.id), total: page.total, labels: page.items.map((item) => item.tlp) };
};

describe('the acceptance matrix: for each label and audience exactly these users read the message', { tags: ['authorization'] }, () => {
  const everybody = ['author', 'colleague', 'ministryM', 'ministryM2', 'providerP1', 'providerQ', 'p2a', 'p2b', 'outsider', 'supervisor', 'coordinator', 'partner', 'admin'];
  const rows: [string, () => Record<string, unknown>, string[]][] = [
    ['RED to two named persons', () => ({ tlp: 'TLP:RED', audience: { personIds: [users.p2a!.id, users.ministryM!.id] } }), ['author', 'p2a', 'ministryM']],
    ['AMBER+STRICT to ministry M', () => ({ tlp: 'TLP:AMBER+STRICT', audience: { organisationIds: [ministryM.id] } }), ['author', 'colleague', 'ministryM']],
    ['AMBER to ministry M, clients not allowed', () => ({ tlp: 'TLP:AMBER', audience: { organisationIds: [ministryM.id] } }), ['author', 'colleague', 'ministryM']],
    ['AMBER to ministry M, clients allowed', () => ({ tlp: 'TLP:AMBER', amberClients: true, audience: { organisationIds: [ministryM.id] } }), ['author', 'colleague', 'ministryM', 'providerP1']],
    ['AMBER to sector S', () => ({ tlp: 'TLP:AMBER', audience: { sectorIds: [sectorS.id] } }), ['author', 'colleague', 'ministryM', 'providerP1', 'supervisor']],
    ['AMBER to the provider role', () => ({ tlp: 'TLP:AMBER', audience: { roles: ['provider'] } }), ['author', 'colleague', 'providerP1', 'providerQ', 'p2a', 'p2b', 'outsider']],
    ['GREEN to the whole community', () => ({ tlp: 'TLP:GREEN', audience: {} }), everybody.filter((name) => name !== 'admin')],
    ['GREEN to sector T', () => ({ tlp: 'TLP:GREEN', audience: { sectorIds: [sectorT.id] } }), ['author', 'colleague', 'ministryM2', 'providerQ']],
    ['CLEAR', () => ({ tlp: 'TLP:CLEAR', audience: {} }), everybody],
  ];
  const published: { id: string; readers: string[] }[] = [];

  beforeAll(async () => {
    for (const [, body, readers] of rows) published.push({ id: (await publish(users.author!, body())).id, readers });
  });

  it.each(rows.map((row, index) => [row[0], index] as const))('%s: GET answers 200 to its readers and 404 to everyone else', async (_name, index) => {
    const { id, readers } = published[index]!;
    for (const name of everybody) {
      const response = await call(t.app, users[name]!.token, 'GET', `/api/v1/advisories/${id}`);
      expect(response.statusCode, `${name}: ${response.body}`).toBe(readers.includes(name) ? 200 : 404);
      if (response.statusCode === 200) expect(response.json()).toMatchObject({ id, tlp: rows[index]![1]().tlp });
      else expect(response.json()).toMatchObject({ code: 'advisory-not-found' });
    }
  });

  it('no list, total or filter shows a message to anyone outside its readers', async () => {
    for (const name of everybody) {
      const expected = published.filter((message) => message.readers.includes(name)).map((message) => message.id);
      const inbox = await idsInInbox(users[name]!);
      expect(inbox.ids.sort(), name).toEqual([...expected].sort());
      expect(inbox.total, name).toBe(expected.length);
      for (const label of ['TLP:RED', 'TLP:AMBER+STRICT', 'TLP:AMBER']) {
        const filtered = await idsInInbox(users[name]!, `&tlp=${encodeURIComponent(label)}`);
        expect(filtered.ids.every((id) => expected.includes(id)), `${name} ${label}`).toBe(true);
        expect(filtered.labels.every((tlp) => tlp === label)).toBe(true);
      }
      const page = (await call(t.app, users[name]!.token, 'GET', '/api/v1/advisories?limit=1&offset=0')).json<{ total: number }>();
      expect(page.total, name).toBe(expected.length);
    }
  });

  it('every read of AMBER, AMBER+STRICT and RED is audited; the author alone lists who read it', async () => {
    const [red, strict, , , , , green] = published;
    const readsOf = async (id: string) =>
      (await t.db.selectFrom('auditLog').select('actorUserId').where('objectType', '=', 'advisory').where('action', '=', 'read').where('objectId', '=', id).execute()).map((row) => row.actorUserId);
    expect((await readsOf(red!.id)).sort()).toEqual([users.author!.id, users.p2a!.id, users.ministryM!.id].sort());
    expect(await readsOf(strict!.id)).toHaveLength(3);
    expect(await readsOf(green!.id)).toEqual([]);

    const receipts = await call(t.app, users.author!.token, 'GET', `/api/v1/advisories/${red!.id}/reads`);
    expect(receipts.statusCode).toBe(200);
    expect(receipts.json()).toMatchObject({ advisoryId: red!.id, tlp: 'TLP:RED' });
    expect(receipts.json<{ items: { userId: string; readCount: number }[] }>().items.map((item) => item.userId).sort()).toEqual([users.p2a!.id, users.ministryM!.id].sort());
    expect((await call(t.app, users.p2a!.token, 'GET', `/api/v1/advisories/${red!.id}/reads`)).statusCode).toBe(403);
    expect((await call(t.app, users.colleague!.token, 'GET', `/api/v1/advisories/${red!.id}/reads`)).statusCode).toBe(404);
    expect((await call(t.app, users.coordinator!.token, 'GET', `/api/v1/advisories/${red!.id}/reads`)).statusCode).toBe(404);
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  });

  it('a recipient acknowledges; the author sees it and unread counts follow', async () => {
    const message = await publish(users.author!, { tlp: 'TLP:GREEN', audience: { sectorIds: [sectorT.id] } });
    expect((await idsInInbox(users.providerQ!, '&unread=true')).ids).toEqual([message.id]);
    expect((await idsInInbox(users.author!, '&unread=true')).ids).toEqual([]);
    const ack = await call(t.app, users.providerQ!.token, 'POST', `/api/v1/advisories/${message.id}/acknowledgement`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ advisoryId: message.id, tlp: 'TLP:GREEN', acknowledgedAt: expect.any(String) });
    expect((await idsInInbox(users.providerQ!, '&unread=true')).ids).toEqual([]);
    expect((await call(t.app, users.outsider!.token, 'POST', `/api/v1/advisories/${message.id}/acknowledgement`)).statusCode).toBe(404);
    const receipts = (await call(t.app, users.author!.token, 'GET', `/api/v1/advisories/${message.id}/reads`)).json<{ items: { userId: string; acknowledgedAt: string | null }[] }>();
    expect(receipts.items).toEqual([expect.objectContaining({ userId: users.providerQ!.id, acknowledgedAt: ack.json<{ acknowledgedAt: string }>().acknowledgedAt })]);
  });
});

describe('forwarding never lowers the label', () => {
  let red: { id: string };
  let strict: { id: string };

  beforeAll(async () => {
    red = await publish(users.author!, { tlp: 'TLP:RED', audience: { personIds: [users.p2a!.id] } });
    strict = await publish(users.author!, { tlp: 'TLP:AMBER+STRICT', kind: 'threat-information', threatDomain: 'physical', audience: { organisationIds: [ministryM.id] } });
  });

  const refused: [string, string, () => string, () => Record<string, unknown>, number, string][] = [
    ['AMBER+STRICT as AMBER', 'ministryM', () => strict.id, () => ({ tlp: 'TLP:AMBER', audience: { organisationIds: [ministryM.id] } }), 422, 'tlp-lowered'],
    ['AMBER+STRICT as CLEAR, by its author', 'author', () => strict.id, () => ({ tlp: 'TLP:CLEAR', audience: {} }), 422, 'tlp-lowered'],
    ['RED by a recipient, even as RED', 'p2a', () => red.id, () => ({ tlp: 'TLP:RED', audience: { personIds: [users.p2b!.id] } }), 422, 'tlp-no-further-disclosure'],
    ['RED as GREEN by its author', 'author', () => red.id, () => ({ tlp: 'TLP:GREEN', audience: {} }), 422, 'tlp-lowered'],
    ['a message the forwarder may not read', 'outsider', () => strict.id, () => ({ tlp: 'TLP:RED', audience: { personIds: [users.outsider!.id] } }), 404, 'advisory-not-found'],
    ['with an audience that does not fit the label', 'ministryM', () => strict.id, () => ({ tlp: 'TLP:RED', audience: { organisationIds: [ministryM.id] } }), 400, 'audience-does-not-fit-label'],
  ];
  it.each(refused)('refuses %s, as problem+json, and writes nothing', async (_name, by, id, body, status, code) => {
    const before = await Promise.all(['advisory', 'advisory_audience', 'audit_log'].map(countRows));
    const response = await call(t.app, users[by]!.token, 'POST', `/api/v1/advisories/${id()}/forward`, body());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code });
    expect(await Promise.all(['advisory', 'advisory_audience', 'audit_log'].map(countRows))).toEqual(before);
  });

  it('keeps or raises the label, and the forward reaches only its own audience', async () => {
    const response = await call(t.app, users.ministryM!.token, 'POST', `/api/v1/advisories/${strict.id}/forward`, { tlp: 'TLP:RED', audience: { personIds: [users.providerP1!.id] }, note: 'Ter info.' });
    expect(response.statusCode, response.body).toBe(201);
    const forward = response.json<{ id: string; body: string }>();
    expect(forward).toMatchObject({ tlp: 'TLP:RED', forwardedFromId: strict.id, authorUserId: users.ministryM!.id, kind: 'threat-information', threatDomain: 'physical' });
    expect(forward.body).toMatch(/^Ter info\./);
    expect((await call(t.app, users.providerP1!.token, 'GET', `/api/v1/advisories/${forward.id}`)).statusCode).toBe(200);
    expect((await call(t.app, users.providerP1!.token, 'GET', `/api/v1/advisories/${strict.id}`)).statusCode).toBe(404);
    expect((await call(t.app, users.author!.token, 'GET', `/api/v1/advisories/${forward.id}`)).statusCode).toBe(404);
    const byAuthor = await call(t.app, users.author!.token, 'POST', `/api/v1/advisories/${red.id}/forward`, { tlp: 'TLP:RED', audience: { personIds: [users.p2b!.id] } });
    expect(byAuthor.statusCode, byAuthor.body).toBe(201);
  });
});

describe('publishing', () => {
  const refused: [string, string, () => Record<string, unknown>, number, string, string?][] = [
    ['RED to an organisation', 'author', () => ({ tlp: 'TLP:RED', audience: { organisationIds: [ministryM.id] } }), 400, 'audience-does-not-fit-label', '/audience'],
    ['AMBER to nobody', 'author', () => ({ tlp: 'TLP:AMBER', audience: {} }), 400, 'audience-does-not-fit-label', '/audience'],
    ['GREEN with a named person', 'author', () => ({ tlp: 'TLP:GREEN', audience: { personIds: [users.p2a!.id] } }), 400, 'audience-does-not-fit-label', '/audience'],
    ['clients under GREEN', 'author', () => ({ tlp: 'TLP:GREEN', amberClients: true, audience: {} }), 400, 'audience-does-not-fit-label', '/amberClients'],
    ['threat information without a domain', 'author', () => ({ tlp: 'TLP:CLEAR', kind: 'threat-information', audience: {} }), 400, 'threat-domain-mismatch', '/threatDomain'],
    ['an unknown organisation', 'author', () => ({ tlp: 'TLP:AMBER', audience: { organisationIds: ['6f1c1a8e-0000-4000-8000-000000000000'] } }), 400, 'unknown-reference', '/audience/organisationIds'],
    ['a label that is not TLP 2.0', 'author', () => ({ tlp: 'TLP:WHITE', audience: {} }), 400, 'validation-failed', '/body/tlp'],
    ['by a partner', 'partner', () => ({ tlp: 'TLP:CLEAR', audience: {} }), 403, 'forbidden'],
    ['by a supervisor', 'supervisor', () => ({ tlp: 'TLP:CLEAR', audience: {} }), 403, 'forbidden'],
  ];
  it.each(refused)('refuses %s and writes nothing', async (_name, by, body, status, code, path) => {
    const before = await Promise.all(['advisory', 'advisory_audience', 'audit_log'].map(countRows));
    const response = await call(t.app, users[by]!.token, 'POST', '/api/v1/advisories', { kind: 'advisory', title: 'T', body: 'B', ...body() });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json()).toMatchObject({ code, ...(path ? { errors: [{ path }] } : {}) });
    expect(await Promise.all(['advisory', 'advisory_audience', 'audit_log'].map(countRows))).toEqual(before);
  });

  it('stores the audience and links to vital processes, and carries the label', async () => {
    const process = await buildVitalProcess(t.services, { sectorId: sectorS.id, ministryId: ministryM.id });
    const created = await publish(users.ministryM!, { tlp: 'TLP:AMBER', kind: 'sector-notice', amberClients: true, audience: { sectorIds: [sectorS.id], roles: ['csirt'] }, processIds: [process.id] });
    const read = (await call(t.app, users.author!.token, 'GET', `/api/v1/advisories/${created.id}`)).json();
    expect(read).toMatchObject({ tlp: 'TLP:AMBER', amberClients: true, audience: { sectorIds: [sectorS.id], roles: ['csirt'], organisationIds: [], personIds: [] }, processIds: [process.id], readAt: expect.any(String) });
  });
});
