import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { testDatabaseKind } from '../../test/database.ts';
import { buildAsset, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';
import { systemActor } from '../services/actor.ts';
import { buildApp, type App } from './app.ts';
import { sessionCookie } from './authentication.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof buildUser>>;
let provider: Awaited<ReturnType<typeof buildUser>>;

const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await buildUser(t.services, 'admin');
  provider = await buildUser(t.services, 'provider');
}, 60_000);
afterAll(() => t?.close());

describe('bad input is refused with a problem document and writes nothing', () => {
  const cases: [string, string | object, number, string, string][] = [
    ['malformed JSON', '{"code": "x",', 400, 'malformed-body', '/body'],
    ['a wrong type', { code: 5, nameNl: 'X', nameEn: 'X' }, 400, 'validation-failed', '/body/code'],
    ['an unknown field', { code: 'ok-code', nameNl: 'X', nameEn: 'X', colour: 'red' }, 400, 'validation-failed', '/body/colour'],
    ['a missing field', { code: 'ok-code', nameNl: 'X' }, 400, 'validation-failed', '/body/nameEn'],
    ['a pattern mismatch', { code: 'Not A Code', nameNl: 'X', nameEn: 'X' }, 400, 'validation-failed', '/body/code'],
  ];
  it.each(cases)('%s', async (_name, body, status, code, path) => {
    const before = await countRows('sector');
    const auditBefore = await countRows('audit_log');
    const response = await call(t.app, admin.token, 'POST', '/api/v1/sectors', body);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json<{ code: string; status: number; errors: { path: string }[] }>();
    expect(problem).toMatchObject({ code, status });
    expect(problem.errors.map((error) => error.path)).toContain(path);
    expect(await countRows('sector')).toBe(before);
    expect(await countRows('audit_log')).toBe(auditBefore);
  });

  it('an unknown id gets 404 on read and update, and nothing changes', async () => {
    for (const id of ['6f1c1a8e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await call(t.app, admin.token, 'GET', `/api/v1/sectors/${id}`)).statusCode).toBe(404);
      const before = await countRows('audit_log');
      const response = await call(t.app, admin.token, 'PATCH', `/api/v1/sectors/${id}`, { nameEn: 'Y' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'sector-not-found' });
      expect(await countRows('audit_log')).toBe(before);
    }
  });

  it('a reference to a record that does not exist names the field', async () => {
    const response = await call(t.app, provider.token, 'POST', '/api/v1/assets', {
      code: 'asset-with-bad-process',
      name: 'A',
      kind: 'site',
      providerId: provider.organisationId,
      processId: '6f1c1a8e-0000-4000-8000-000000000000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'unknown-reference', errors: [{ path: '/processId' }] });
  });

  it('a duplicate code is a conflict naming the field', async () => {
    const sector = await buildSector(t.services);
    const response = await call(t.app, admin.token, 'POST', '/api/v1/sectors', { code: sector.code, nameNl: 'X', nameEn: 'X' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'already-exists', errors: [{ path: '/code' }] });
  });

  it('an immutable field cannot change', async () => {
    const organisation = await buildOrganisation(t.services);
    const response = await call(t.app, admin.token, 'PATCH', `/api/v1/organisations/${organisation.id}`, { kind: 'ministry' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation-failed', errors: [{ path: '/body/kind' }] });
  });

  it('an unknown route is a problem document too', async () => {
    const response = await call(t.app, admin.token, 'GET', '/api/v1/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'route-not-found' });
  });
});

describe('lists', () => {
  it('paginate and filter', async () => {
    const ministry = await buildOrganisation(t.services, { kind: 'ministry' });
    for (const category of ['A', 'B', 'A'] as const) await buildVitalProcess(t.services, { ministryId: ministry.id, category });
    const page = (query: string) => call(t.app, admin.token, 'GET', `/api/v1/vital-processes?ministryId=${ministry.id}&${query}`);
    expect((await page('limit=2')).json()).toMatchObject({ total: 3, limit: 2, offset: 0, items: [{}, {}] });
    expect((await page('limit=2&offset=2')).json<{ items: unknown[] }>().items).toHaveLength(1);
    expect((await page('category=A')).json()).toMatchObject({ total: 2 });
    expect((await page('limit=0')).statusCode).toBe(400);
    expect((await page('category=C')).json()).toMatchObject({ code: 'validation-failed', errors: [{ path: '/querystring/category' }] });
  });
});

describe('dependency filter by process', () => {
  it('finds dependencies with an asset of the process at either end', async () => {
    const coordinator = await buildUser(t.services, 'coordinator');
    const process = await buildVitalProcess(t.services);
    const [inside, outside, unrelated] = [await buildAsset(t.services, { processId: process.id }), await buildAsset(t.services), await buildAsset(t.services)];
    const asDependent = await t.services.registry.create({ kind: 'system', via: 'test' }, 'dependencies', { dependentId: inside.id, supplierId: outside.id, type: 'physical' });
    const asSupplier = await t.services.registry.create({ kind: 'system', via: 'test' }, 'dependencies', { dependentId: unrelated.id, supplierId: inside.id, type: 'cyber' });
    await t.services.registry.create({ kind: 'system', via: 'test' }, 'dependencies', { dependentId: unrelated.id, supplierId: outside.id, type: 'cyber' });
    const response = await call(t.app, coordinator.token, 'GET', `/api/v1/dependencies?processId=${process.id}`);
    expect(response.json<{ items: { id: string }[] }>().items.map((item) => item.id).sort()).toEqual([asDependent.id, asSupplier.id].sort());
  });
});

describe('audit of reads and writes', () => {
  it('records every write and every read of protected data', async () => {
    const asset = await buildAsset(t.services, { providerId: provider.organisationId });
    await call(t.app, provider.token, 'GET', `/api/v1/assets/${asset.id}`);
    await call(t.app, provider.token, 'PATCH', `/api/v1/assets/${asset.id}`, { name: 'Renamed' });
    const entries = await t.db.selectFrom('auditLog').selectAll().where('objectId', '=', asset.id).orderBy('seq').execute();
    expect(entries.map((entry) => entry.action)).toEqual(['create', 'read', 'update']);
    expect(entries[1]).toMatchObject({ actorUserId: provider.id, subjectOrgId: provider.organisationId });
    expect(entries[2]?.beforeDigest).not.toBe(entries[2]?.afterDigest);
    expect((await t.services.auditLog.verify()).ok).toBe(true);
  });
});

describe('sessions', () => {
  const password = 'correct horse battery staple';

  it('log in with a password, need a CSRF token for writes, and log out', async () => {
    const user = await buildUser(t.services, 'admin', { password });
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email.toUpperCase(), password } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'vitaal_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
    const { csrfToken, user: me } = login.json<{ csrfToken: string; user: { email: string; roles: string[] } }>();
    expect(me).toMatchObject({ email: user.email, roles: ['admin'] });

    const write = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/sectors', cookies, headers, payload: { code: `csrf-${Date.now()}`, nameNl: 'X', nameEn: 'X' } });
    const refused = await write({});
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'csrf-token-invalid' });
    expect((await write({ 'x-csrf-token': csrfToken })).statusCode).toBe(201);

    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies, headers: { 'x-csrf-token': csrfToken } })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies })).statusCode).toBe(401);
  });

  it('refuses a wrong password with the same answer as an unknown account, and locks after repeated failures', async () => {
    const user = await buildUser(t.services, 'csirt', { password });
    const attempt = (email: string, pass: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: pass } });
    const wrong = await attempt(user.email, 'wrong password!');
    const unknown = await attempt('nobody@test.vitaal.nl', 'wrong password!');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe(unknown.json().code);
    for (let i = 1; i < 10; i++) await attempt(user.email, 'wrong password!');
    const locked = await attempt(user.email, password);
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toMatchObject({ code: 'account-locked' });
  });

  it('records when a token was last used, to the minute, without a write on every request', async () => {
    const user = await buildUser(t.services, 'partner');
    const lastUsed = async () => (await t.db.selectFrom('apiToken').select('lastUsedAt').where('userId', '=', user.id).executeTakeFirstOrThrow()).lastUsedAt;
    expect((await call(t.app, user.token, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    expect((await call(t.app, user.token, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    expect(await lastUsed()).toEqual(first);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(first!.getTime() + 61_000);
      expect((await call(t.app, user.token, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
      expect(await lastUsed()).toEqual(new Date(first!.getTime() + 61_000));
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses expired and revoked tokens', async () => {
    const user = await buildUser(t.services, 'partner');
    expect((await call(t.app, user.token, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    await t.db.updateTable('apiToken').set({ expiresAt: new Date(Date.now() - 1000) }).where('userId', '=', user.id).execute();
    expect((await call(t.app, user.token, 'GET', '/api/v1/auth/session')).json()).toMatchObject({ code: 'token-invalid' });
    const fresh = await t.services.auth.createToken({ kind: 'system', via: 'test' }, user.email, 'again');
    await t.db.updateTable('apiToken').set({ revokedAt: new Date() }).where('id', '=', fresh.id).execute();
    expect((await call(t.app, fresh.token, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('takes a disabled user or changed roles into account at the next request, for tokens and sessions alike', async () => {
    const password = 'a long enough password';
    const admin = await buildUser(t.services, 'admin', { password });
    const other = await buildUser(t.services, 'partner');
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin.email, password } });
    const cookie = login.cookies.find((candidate) => candidate.name === sessionCookie)!;
    const readOther = async () => [
      (await call(t.app, admin.token, 'GET', `/api/v1/users/${other.id}`)).statusCode,
      (await t.app.inject({ method: 'GET', url: `/api/v1/users/${other.id}`, cookies: { [sessionCookie]: cookie.value } })).statusCode,
    ];
    // Twice: the second time the server knows the user behind each credential without looking it up.
    expect(await readOther()).toEqual([200, 200]);
    expect(await readOther()).toEqual([200, 200]);
    await t.services.users.update(systemActor('test'), admin.id, { roles: [] });
    expect(await readOther()).toEqual([404, 404]);
    await t.services.users.update(systemActor('test'), admin.id, { roles: ['admin'] });
    expect(await readOther()).toEqual([200, 200]);
    await t.services.users.update(systemActor('test'), admin.id, { disabled: true });
    expect(await readOther()).toEqual([401, 401]);
  });
});

describe('platform routes', () => {
  it('health names the database kind and schema version without signing in', async () => {
    const response = await call(t.app, undefined, 'GET', '/api/v1/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: { kind: testDatabaseKind(), schemaVersion: expect.stringMatching(/^\d{4}-[a-z-]+$/) } });
  });

  it('serves the OpenAPI 3.1 document and the interactive docs', async () => {
    const spec = await call(t.app, undefined, 'GET', '/api/v1/openapi.json');
    expect(spec.json()).toMatchObject({ openapi: '3.1.0' });
    expect((await call(t.app, undefined, 'GET', '/api/docs/')).statusCode).toBe(200);
  });

  it('sends security headers, without HSTS while not served over TLS', async () => {
    for (const url of ['/api/v1/health', '/api/v1/vital-processes', '/api/v1/no-such-route']) {
      const response = await call(t.app, undefined, 'GET', url);
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers).not.toHaveProperty('strict-transport-security');
    }
  });
});

describe('served over TLS', () => {
  let overTls: App;

  // The same services behind an app built as for TLS: a second test database would cost more than the app.
  beforeAll(async () => {
    overTls = await buildApp({ services: t.services, cookieSecret: 'test-cookie-secret-of-at-least-32-characters', secureCookies: true, sessionHours: 1 });
    // Compiling every route's schemas here, as test/app.ts does, not at the test's first request: under a full CI run
    // that took the test's whole 30 s.
    await overTls.ready();
  });

  afterAll(async () => {
    await overTls?.close();
  });

  it('sends HSTS and upgrades insecure requests', async () => {
    const response = await call(overTls, undefined, 'GET', '/api/v1/health');
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
