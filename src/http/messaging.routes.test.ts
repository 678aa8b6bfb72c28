import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDataDir } from '../config.ts';
import { createServices } from '../services/index.ts';
import { advisoryStixId } from '../services/stix.service.ts';
import { maxTaxiiPage } from '../services/taxii.service.ts';
import { buildApp } from './app.ts';
import { call, type TestApp } from '../../test/app.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { buildUser } from '../../test/factories.ts';
import { buildTlpWorld } from '../../test/tlp-world.ts';

/**
 * Acceptance matrix of issue 7: for each TLP label and kind of audience, exactly which users read a message — and
 * that no list, search, STIX export, TAXII collection, attachment download, notification or e-mail in the outbox
 * reaches anyone else, in the demo-like world of test/tlp-world.ts.
 */

const attachmentMaxBytes = 4096;
let t: TestApp;
type User = Awaited<ReturnType<typeof buildUser>>;
let users: Record<string, User>;
let sectorS: { id: string };
let sectorT: { id: string };
let ministryM: { id: string };
let providerP2: { id: string };

beforeAll(async () => {
  // The application with a small attachment limit, to see the 413 without sending megabytes.
  const database = await createTestDatabase();
  const services = createServices(database, { sessionHours: 1, dataDir: packageDataDir, messaging: { attachmentMaxBytes, smtpUrl: undefined, mailFrom: 'Vitaal <noreply@test.invalid>', publicUrl: 'https://vitaal.test' } });
  const app = await buildApp({ services, cookieSecret: 'test-cookie-secret-of-at-least-32-characters', secureCookies: false, sessionHours: 1 });
  await app.ready();
  t = { app, services, db: database.db, notices: database.notices, close: async () => (await app.close(), await database.close()) };
  ({ sectorS, sectorT, ministryM, providerP2, users } = await buildTlpWorld(t));
}, 600_000);
afterAll(() => t?.close());

const everybody = ['author', 'colleague', 'ministryM', 'ministryM2', 'providerP1', 'providerQ', 'p2a', 'p2b', 'outsider', 'supervisor', 'coordinator', 'partner', 'admin'];
const emailOf = (name: string) => users[name]!.email;

const publish = async (by: User, body: Record<string, unknown>) => {
  const response = await call(t.app, by.token, 'POST', '/api/v1/advisories', { kind: 'advisory', title: 'Kwetsbaarheid', body: 'Patch nu.', ...body });
  expect(response.statusCode, response.body).toBe(201);
  expect(response.headers.tlp).toBe(body.tlp);
  return response.json<{ id: string; tlp: string }>();
};
const attach = async (by: User, id: string, content: Buffer, filename = 'indicatoren.txt') =>
  call(t.app, by.token, 'POST', `/api/v1/advisories/${id}/attachments`, { filename, mediaType: 'text/plain', contentBase64: content.toString('base64') });
const listIds = async (user: User, query: string) =>
  (await call(t.app, user.token, 'GET', `/api/v1/advisories?limit=1000${query}`)).json<{ items: { id: string }[] }>().items.map((item) => item.id);
/** Everything `user` gets through the STIX export and through every TAXII collection, as text. */
const exportedText = async (user: User) => {
  const bundle = await call(t.app, user.token, 'GET', '/api/v1/stix/bundle');
  expect(bundle.statusCode, bundle.body).toBe(200);
  return bundle.body;
};
const taxiiText = async (user: User) => {
  const headers = { accept: 'application/taxii+json;version=2.1', authorization: `Bearer ${user.token}` };
  const list = await t.app.inject({ method: 'GET', url: '/taxii2/vitaal/collections/', headers });
  let served = '';
  for (const { id } of list.json<{ collections: { id: string }[] }>().collections) {
    const page = await t.app.inject({ method: 'GET', url: `/taxii2/vitaal/collections/${id}/objects/?limit=${maxTaxiiPage}`, headers });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json<{ more: boolean }>().more).toBe(false);
    served += page.body;
  }
  return served;
};
const notifiedIds = async (user: User) =>
  (await call(t.app, user.token, 'GET', '/api/v1/notifications?limit=1000')).json<{ items: { advisoryId: string }[] }>().items.map((item) => item.advisoryId);

describe('the acceptance matrix: each label and audience reaches exactly its readers, on every path', { tags: ['authorization'] }, () => {
  // Each message carries a word of its own in title and text, so that a search finds exactly it.
  const rows: [string, () => Record<string, unknown>, string[]][] = [
    ['RED to two named persons', () => ({ tlp: 'TLP:RED', audience: { personIds: [users.p2a!.id, users.ministryM!.id] } }), ['author', 'p2a', 'ministryM']],
    ['AMBER+STRICT to a named organisation', () => ({ tlp: 'TLP:AMBER+STRICT', audience: { organisationIds: [providerP2.id] } }), ['author', 'colleague', 'p2a', 'p2b']],
    ['AMBER+STRICT to ministry M (no clients, ever)', () => ({ tlp: 'TLP:AMBER+STRICT', audience: { organisationIds: [ministryM.id] } }), ['author', 'colleague', 'ministryM']],
    ['AMBER to ministry M, clients not allowed', () => ({ tlp: 'TLP:AMBER', audience: { organisationIds: [ministryM.id] } }), ['author', 'colleague', 'ministryM']],
    ['AMBER to ministry M, clients allowed', () => ({ tlp: 'TLP:AMBER', amberClients: true, audience: { organisationIds: [ministryM.id] } }), ['author', 'colleague', 'ministryM', 'providerP1']],
    ['AMBER to sector S', () => ({ tlp: 'TLP:AMBER', audience: { sectorIds: [sectorS.id] } }), ['author', 'colleague', 'ministryM', 'providerP1', 'supervisor']],
    ['AMBER to the supervisor role', () => ({ tlp: 'TLP:AMBER', audience: { roles: ['supervisor'] } }), ['author', 'colleague', 'supervisor']],
    ['AMBER to a partner organisation', () => ({ tlp: 'TLP:AMBER', audience: { roles: ['partner'] } }), ['author', 'colleague', 'partner']],
    ['GREEN to the whole community', () => ({ tlp: 'TLP:GREEN', audience: {} }), everybody.filter((name) => name !== 'admin')],
    ['GREEN to sector T', () => ({ tlp: 'TLP:GREEN', audience: { sectorIds: [sectorT.id] } }), ['author', 'colleague', 'ministryM2', 'providerQ']],
    ['GREEN to the provider role', () => ({ tlp: 'TLP:GREEN', audience: { roles: ['provider'] } }), ['author', 'colleague', 'providerP1', 'providerQ', 'p2a', 'p2b', 'outsider']],
    ['CLEAR', () => ({ tlp: 'TLP:CLEAR', audience: {} }), everybody],
  ];
  const published: { id: string; tlp: string; word: string; readers: string[]; attachmentId: string }[] = [];

  beforeAll(async () => {
    for (const [index, [, body, readers]] of rows.entries()) {
      const word = `zoekwoord${index}x`;
      const message = await publish(users.author!, { ...body(), title: `Dreiging ${word}`, body: `Geheime details ${word} en meer.` });
      const upload = await attach(users.author!, message.id, Buffer.from(`indicator ${word}`));
      expect(upload.statusCode, upload.body).toBe(201);
      published.push({ id: message.id, tlp: message.tlp, word, readers, attachmentId: upload.json<{ id: string }>().id });
    }
  });

  it.each(rows.map((row, index) => [row[0], index] as const))('%s: read, search and download by its readers only', async (_name, index) => {
    const { id, tlp, word, readers, attachmentId } = published[index]!;
    for (const name of everybody) {
      const reads = readers.includes(name);
      const user = users[name]!;
      const read = await call(t.app, user.token, 'GET', `/api/v1/advisories/${id}`);
      expect(read.statusCode, `${name}: ${read.body}`).toBe(reads ? 200 : 404);
      if (reads) {
        expect(read.headers.tlp).toBe(tlp);
        expect(read.json()).toMatchObject({ id, tlp, attachments: [expect.objectContaining({ id: attachmentId })] });
      }
      expect(await listIds(user, `&q=${word}`), `${name} searches`).toEqual(reads ? [id] : []);
      expect(await listIds(user, `&q=${word.toUpperCase()}`), `${name} searches in capitals`).toEqual(reads ? [id] : []);
      const download = await call(t.app, user.token, 'GET', `/api/v1/advisories/${id}/attachments/${attachmentId}`);
      expect(download.statusCode, `${name} downloads`).toBe(reads ? 200 : 404);
      if (reads) {
        expect(download.headers.tlp).toBe(tlp);
        expect(download.body).toBe(`indicator ${word}`);
      } else expect(download.json()).toMatchObject({ code: 'attachment-not-found' });
    }
  });

  it('no inbox list shows a message to anyone outside its readers', async () => {
    for (const name of everybody) {
      const expected = published.filter((message) => message.readers.includes(name)).map((message) => message.id);
      const inbox = await listIds(users[name]!, '');
      expect(inbox.filter((id) => published.some((message) => message.id === id)).sort(), name).toEqual([...expected].sort());
    }
  });

  it('no STIX export and no TAXII collection carries a message, or a word of it, to anyone outside its readers', async () => {
    for (const name of everybody) {
      const [exported, served] = [await exportedText(users[name]!), await taxiiText(users[name]!)];
      for (const message of published) {
        const reads = message.readers.includes(name);
        const stixId = advisoryStixId({ id: message.id, kind: 'advisory' });
        for (const [path, text] of [['STIX export', exported], ['TAXII', served]] as const) {
          expect(text.includes(stixId), `${name}, ${message.tlp} by ${path}`).toBe(reads);
          expect(text.includes(message.word), `${name}, ${message.tlp} words by ${path}`).toBe(reads);
        }
      }
    }
  });

  it('every reader but the author is notified in the UI, nobody else', async () => {
    for (const name of everybody) {
      const expected = published.filter((message) => message.readers.includes(name) && name !== 'author').map((message) => message.id);
      expect((await notifiedIds(users[name]!)).sort(), name).toEqual([...expected].sort());
    }
  });

  it('the outbox mails exactly the readers but the author; RED and AMBER+STRICT mails hold only the label and a link', async () => {
    for (const message of published) {
      const mails = await t.db.selectFrom('outbox').select(['recipient', 'subject', 'textBody', 'status']).where('advisoryId', '=', message.id).execute();
      expect(mails.map((mail) => mail.recipient).sort(), message.tlp).toEqual(message.readers.filter((name) => name !== 'author').map(emailOf).sort());
      for (const mail of mails) {
        expect(mail.status).toBe('pending');
        expect(mail.subject).toContain(message.tlp);
        expect(mail.textBody).toContain(`https://vitaal.test/inbox/${message.id}`);
        const linkOnly = message.tlp === 'TLP:RED' || message.tlp === 'TLP:AMBER+STRICT';
        expect(`${mail.subject}\n${mail.textBody}`.includes(message.word), `${message.tlp} mail content`).toBe(!linkOnly);
      }
    }
  });

  it('every download under AMBER, AMBER+STRICT and RED is audited, under GREEN and CLEAR none', async () => {
    for (const message of published) {
      const entries = await t.db.selectFrom('auditLog').select('actorUserId').where('objectType', '=', 'advisory-attachment').where('action', '=', 'read').where('objectId', '=', message.attachmentId).execute();
      const audited = ['TLP:RED', 'TLP:AMBER+STRICT', 'TLP:AMBER'].includes(message.tlp);
      expect(entries.length, message.tlp).toBe(audited ? message.readers.length : 0);
    }
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  });
});

describe('attachments', () => {
  let message: { id: string };
  beforeAll(async () => {
    message = await publish(users.author!, { tlp: 'TLP:AMBER', audience: { organisationIds: [providerP2.id] } });
  });

  it('stores the content with its SHA-256 and media type, and refuses what does not fit', async () => {
    const content = Buffer.from([0, 1, 2, 250, 251, 252]);
    const upload = await call(t.app, users.author!.token, 'POST', `/api/v1/advisories/${message.id}/attachments`, { filename: 'dump.bin', mediaType: 'application/octet-stream', contentBase64: content.toString('base64') });
    expect(upload.statusCode, upload.body).toBe(201);
    expect(upload.json()).toMatchObject({ filename: 'dump.bin', mediaType: 'application/octet-stream', sizeBytes: 6, sha256: createHash('sha256').update(content).digest('hex'), tlp: 'TLP:AMBER' });
    const download = await call(t.app, users.p2b!.token, 'GET', `/api/v1/advisories/${message.id}/attachments/${upload.json<{ id: string }>().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(content)).toBe(true);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="dump.bin"/);
  });

  it.each([
    ['larger than the limit', 'author', () => ({ filename: 'big.bin', mediaType: 'application/octet-stream', contentBase64: Buffer.alloc(attachmentMaxBytes + 1).toString('base64') }), 413, 'attachment-too-large'],
    ['far larger than the limit (the body itself)', 'author', () => ({ filename: 'huge.bin', mediaType: 'application/octet-stream', contentBase64: Buffer.alloc(200_000).toString('base64') }), 413, 'body-too-large'],
    ['not base64', 'author', () => ({ filename: 'x.txt', mediaType: 'text/plain', contentBase64: 'not*base64!' }), 400, 'attachment-invalid'],
    ['without a proper media type', 'author', () => ({ filename: 'x.txt', mediaType: 'text', contentBase64: 'eA==' }), 400, 'attachment-invalid'],
    ['from a reader who is not the author', 'p2a', () => ({ filename: 'x.txt', mediaType: 'text/plain', contentBase64: 'eA==' }), 403, 'forbidden'],
    ['from someone who may not read the message', 'outsider', () => ({ filename: 'x.txt', mediaType: 'text/plain', contentBase64: 'eA==' }), 404, 'advisory-not-found'],
  ])('refuses an attachment %s as problem+json', async (_name, by, body, status, code) => {
    const before = await t.db.selectFrom('advisoryAttachment').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await call(t.app, users[by]!.token, 'POST', `/api/v1/advisories/${message.id}/attachments`, body());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code });
    const after = await t.db.selectFrom('advisoryAttachment').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('replies, links and search', () => {
  it('a reply goes to the author’s organisation under the same or a stricter label, never a lower one', async () => {
    const original = await publish(users.author!, { tlp: 'TLP:AMBER', kind: 'request-for-information', audience: { organisationIds: [providerP2.id] } });
    const lowered = await call(t.app, users.p2a!.token, 'POST', `/api/v1/advisories/${original.id}/reply`, { body: 'Wij gebruiken het niet.', tlp: 'TLP:GREEN' });
    expect(lowered.statusCode).toBe(422);
    expect(lowered.json()).toMatchObject({ code: 'tlp-lowered' });
    const answer = await call(t.app, users.p2a!.token, 'POST', `/api/v1/advisories/${original.id}/reply`, { body: 'Wij gebruiken versie 2.1.' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toMatchObject({ tlp: 'TLP:AMBER', replyToId: original.id, title: 'Re: Kwetsbaarheid', kind: 'request-for-information', audience: { organisationIds: [users.author!.organisationId] } });
    const reply = answer.json<{ id: string }>();
    expect((await call(t.app, users.colleague!.token, 'GET', `/api/v1/advisories/${reply.id}`)).statusCode).toBe(200);
    expect((await call(t.app, users.p2b!.token, 'GET', `/api/v1/advisories/${reply.id}`)).statusCode).toBe(200);
    expect((await call(t.app, users.ministryM!.token, 'GET', `/api/v1/advisories/${reply.id}`)).statusCode).toBe(404);
    const thread = (await call(t.app, users.author!.token, 'GET', `/api/v1/advisories/${original.id}`)).json<{ replies: { id: string }[] }>();
    expect(thread.replies.map((item) => item.id)).toEqual([reply.id]);
    // Notified: the original author's organisation and the replier's colleague (AMBER reaches the sender's organisation too).
    expect(await notifiedIds(users.colleague!)).toContain(reply.id);
    expect(await notifiedIds(users.p2b!)).toContain(reply.id);
    expect(await notifiedIds(users.ministryM!)).not.toContain(reply.id);
  });

  it('a reply to RED goes to its author in person', async () => {
    const red = await publish(users.author!, { tlp: 'TLP:RED', audience: { personIds: [users.p2a!.id] } });
    const answer = await call(t.app, users.p2a!.token, 'POST', `/api/v1/advisories/${red.id}/reply`, { body: 'Ontvangen.' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toMatchObject({ tlp: 'TLP:RED', audience: { personIds: [users.author!.id] } });
    expect((await call(t.app, users.colleague!.token, 'GET', `/api/v1/advisories/${answer.json<{ id: string }>().id}`)).statusCode).toBe(404);
  });

  it('links vendors and products, and refuses a product the author cannot see', async () => {
    const platform = { kind: 'system', via: 'test' } as const;
    const vendor = await t.services.supplyChain.createVendor(platform, { code: 'msg-vendor', name: 'Vendor', country: 'NL' });
    const listed = await t.services.supplyChain.createProduct(platform, { code: 'msg-listed', name: 'Listed', kind: 'software', vendorId: vendor.id });
    const hidden = await t.services.supplyChain.createProduct(platform, { code: 'msg-hidden', name: 'Hidden', kind: 'software', vendorId: vendor.id, listed: false });
    const linked = await publish(users.author!, { tlp: 'TLP:GREEN', audience: {}, vendorIds: [vendor.id], productIds: [listed.id] });
    expect((await call(t.app, users.p2a!.token, 'GET', `/api/v1/advisories/${linked.id}`)).json()).toMatchObject({ vendorIds: [vendor.id], productIds: [listed.id], incidentIds: [] });
    const refused = await call(t.app, users.author!.token, 'POST', '/api/v1/advisories', { kind: 'advisory', tlp: 'TLP:GREEN', title: 'T', body: 'B', audience: {}, productIds: [hidden.id] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'unknown-reference', errors: [{ path: '/productIds' }] });
    const unknownVendor = await call(t.app, users.author!.token, 'POST', '/api/v1/advisories', { kind: 'advisory', tlp: 'TLP:GREEN', title: 'T', body: 'B', audience: {}, vendorIds: ['6f1c1a8e-0000-4000-8000-000000000000'] });
    expect(unknownVendor.json()).toMatchObject({ code: 'unknown-reference', errors: [{ path: '/vendorIds' }] });
  });

  it('search takes % and _ literally and needs every word', async () => {
    const message = await publish(users.author!, { tlp: 'TLP:CLEAR', audience: {}, title: 'Storing 100% uitval', body: 'Alleen in_regio noord.' });
    expect(await listIds(users.outsider!, `&q=${encodeURIComponent('100%')}`)).toContain(message.id);
    expect(await listIds(users.outsider!, `&q=${encodeURIComponent('in_regio noord')}`)).toEqual([message.id]);
    expect(await listIds(users.outsider!, `&q=${encodeURIComponent('in_regio zuid')}`)).toEqual([]);
    expect(await listIds(users.outsider!, `&q=${encodeURIComponent('10_%')}`)).toEqual([]);
  });
});

describe('notifications', () => {
  it('reading or acknowledging marks the notification read; the unread count follows; mark all read', async () => {
    const [first, second] = [await publish(users.author!, { tlp: 'TLP:AMBER', audience: { organisationIds: [providerP2.id] } }), await publish(users.author!, { tlp: 'TLP:AMBER', audience: { organisationIds: [providerP2.id] } })];
    const unread = async (user: User) => (await call(t.app, user.token, 'GET', '/api/v1/notifications?unread=true&limit=1000')).json<{ unread: number; items: { id: string; advisoryId: string }[] }>();
    const before = await unread(users.p2b!);
    expect(before.items.map((item) => item.advisoryId)).toEqual(expect.arrayContaining([first.id, second.id]));
    await call(t.app, users.p2b!.token, 'GET', `/api/v1/advisories/${first.id}`);
    expect((await unread(users.p2b!)).unread).toBe(before.unread - 1);
    await call(t.app, users.p2b!.token, 'POST', `/api/v1/advisories/${second.id}/acknowledgement`);
    expect((await unread(users.p2b!)).unread).toBe(before.unread - 2);
    const other = (await unread(users.p2a!)).items.find((item) => item.advisoryId === first.id)!;
    expect((await call(t.app, users.p2b!.token, 'POST', `/api/v1/notifications/${other.id}/read`)).statusCode).toBe(404);
    expect((await call(t.app, users.p2a!.token, 'POST', `/api/v1/notifications/${other.id}/read`)).json()).toMatchObject({ id: other.id, readAt: expect.any(String) });
    expect((await call(t.app, users.p2a!.token, 'POST', '/api/v1/notifications/read-all')).statusCode).toBe(200);
    expect((await unread(users.p2a!)).unread).toBe(0);
  });

  it('a user who chose the daily digest or none gets no mail per message', async () => {
    expect((await call(t.app, users.p2a!.token, 'PUT', '/api/v1/notifications/preferences', { email: 'daily' })).json()).toMatchObject({ email: 'daily' });
    expect((await call(t.app, users.p2b!.token, 'PUT', '/api/v1/notifications/preferences', { email: 'none' })).json()).toMatchObject({ email: 'none' });
    expect((await call(t.app, users.p2b!.token, 'GET', '/api/v1/notifications/preferences')).json()).toMatchObject({ email: 'none' });
    const message = await publish(users.author!, { tlp: 'TLP:AMBER', audience: { organisationIds: [providerP2.id] } });
    // Only the author's colleague (who kept the default) gets a mail.
    expect(await t.db.selectFrom('outbox').select('recipient').where('advisoryId', '=', message.id).execute()).toEqual([{ recipient: users.colleague!.email }]);
    expect(await notifiedIds(users.p2a!)).toContain(message.id);
    expect((await call(t.app, users.p2a!.token, 'PUT', '/api/v1/notifications/preferences', { email: 'weekly' })).statusCode).toBe(400);
  });
});
