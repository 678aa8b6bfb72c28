import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLoadConfig, packageDataDir, type LoadConfig } from '../config.ts';
import { createServices, type Services } from '../services/index.ts';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import { buildApp, type App } from './app.ts';
import { registerLoadProtection } from './load-protection.ts';
import { handleError } from './problem.ts';
import { createTestDatabase } from '../../test/database.ts';
import { buildUser } from '../../test/factories.ts';

/**
 * Issue 8: rate limits per user (credential) and per address, and load shedding — each on an app of its own with
 * small limits, over one database. Refusals are problem+json with Retry-After, and a shed write leaves nothing.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let services: Services;
const apps: App[] = [];
type User = Awaited<ReturnType<typeof buildUser>>;
let users: User[];
// One app for every test below (building one takes long on a busy machine): 3 requests a window per user
// (credential), 5 per address, 2 requests in flight. Each test uses users and addresses of its own.
let app: App;

beforeAll(async () => {
  database = await createTestDatabase();
  services = createServices(database, { sessionHours: 1, dataDir: packageDataDir });
  users = [];
  for (const role of ['csirt', 'provider', 'provider', 'provider', 'csirt'] as const) users.push(await buildUser(services, role));
  app = await appWith({ rateLimitPerUser: 3, rateLimitPerAddress: 5, maxInFlight: 2, retryAfterSeconds: 7 });
}, 300_000);
afterAll(async () => {
  for (const built of apps) await built.close();
  await database?.close();
});

async function appWith(load: Partial<LoadConfig>): Promise<App> {
  const app = await buildApp({ services, cookieSecret: 'test-cookie-secret-of-at-least-32-characters', secureCookies: false, sessionHours: 1, load: { ...defaultLoadConfig, ...load } });
  await app.ready();
  apps.push(app);
  return app;
}

/** GET as a token holder from an address (inject's remoteAddress). */
const getFrom = (app: App, token: string | undefined, remoteAddress: string, url = '/api/v1/advisories') =>
  app.inject({ method: 'GET', url, remoteAddress, headers: token ? { authorization: `Bearer ${token}` } : {} });

function expectRefusal(response: Awaited<ReturnType<App['inject']>>, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status, code });
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

describe('rate limits', () => {
  it('refuses the fourth request of one token with 429, from any address, while another token from the same address goes on', async () => {
    const [csirt, provider] = users as [User, User];
    for (let i = 0; i < 3; i++) expect((await getFrom(app, csirt.token, '10.0.0.1')).statusCode).toBe(200);

    expectRefusal(await getFrom(app, csirt.token, '10.0.0.1'), 429, 'rate-limited');
    expectRefusal(await getFrom(app, csirt.token, '10.0.0.2'), 429, 'rate-limited');
    expect((await getFrom(app, provider.token, '10.0.0.1')).statusCode).toBe(200);
  });

  it('counts requests without credentials per address', async () => {
    for (let i = 0; i < 3; i++) expect((await getFrom(app, undefined, '10.0.1.1', '/api/v1/health')).statusCode).toBe(200);

    expectRefusal(await getFrom(app, undefined, '10.0.1.1', '/api/v1/health'), 429, 'rate-limited');
    expect((await getFrom(app, undefined, '10.0.1.2', '/api/v1/health')).statusCode).toBe(200);
  });

  it('refuses every credential from an address beyond the address limit, and no other address', async () => {
    const [, , third, fourth] = users as [User, User, User, User];
    // Five requests of two users, each within its own limit of three.
    for (const user of [third, fourth, third, fourth, third]) expect((await getFrom(app, user.token, '10.0.2.1')).statusCode).toBe(200);

    const refused = await getFrom(app, fourth.token, '10.0.2.1');
    expectRefusal(refused, 429, 'rate-limited');
    expect(refused.json<{ detail: string }>().detail).toContain('from your address');
    expect((await getFrom(app, fourth.token, '10.0.2.2')).statusCode).toBe(200);
  });

  it('leaves the liveness and readiness probes of a limited address alone', async () => {
    expectRefusal(await getFrom(app, undefined, '10.0.2.1', '/api/v1/health'), 429, 'rate-limited');
    for (let i = 0; i < 3; i++) {
      expect((await getFrom(app, undefined, '10.0.2.1', '/api/v1/health/live')).statusCode).toBe(200);
      expect((await getFrom(app, undefined, '10.0.2.1', '/api/v1/health/ready')).statusCode).toBe(200);
    }
  });
});

describe('load shedding', () => {
  // Each concurrent request from an address of its own, so that only the in-flight cap can refuse it.
  const from = (index: number, token: string | undefined, method: 'GET' | 'POST', url: string, body?: unknown) =>
    app.inject({ method, url, remoteAddress: `10.1.0.${index}`, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });

  it('answers requests beyond the in-flight limit with 503 and Retry-After, and a shed write leaves nothing behind', async () => {
    const writer = users[4] as User;
    const responses = await Promise.all(
      Array.from({ length: 3 }, (_, index) => from(index, writer.token, 'POST', '/api/v1/advisories', { kind: 'advisory', tlp: 'TLP:CLEAR', title: `Belasting ${index}`, body: 'Test.', audience: {} })),
    );

    const created = responses.filter((response) => response.statusCode === 201);
    const shed = responses.filter((response) => response.statusCode !== 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(shed.length).toBeGreaterThanOrEqual(1);
    for (const response of shed) {
      expectRefusal(response, 503, 'overloaded');
      expect(response.headers['retry-after']).toBe('7');
    }
    const stored = await database.db.selectFrom('advisory').select('title').where('title', 'like', 'Belasting %').execute();
    expect(stored.map((row) => row.title).sort()).toEqual(created.map((response) => response.json<{ title: string }>().title).sort());
    // Finished requests free their places.
    expect((await from(9, (users[1] as User).token, 'GET', '/api/v1/advisories')).statusCode).toBe(200);
  });

  it('keeps answering the liveness probe while it sheds', async () => {
    const busy = Array.from({ length: 8 }, (_, index) => from(20 + index, undefined, 'GET', '/api/v1/health'));
    const live = Array.from({ length: 4 }, (_, index) => from(30 + index, undefined, 'GET', '/api/v1/health/live'));

    const [reads, probes] = await Promise.all([Promise.all(busy), Promise.all(live)]);

    expect(reads.filter((response) => response.statusCode === 503).length).toBeGreaterThanOrEqual(1);
    expect(reads.every((response) => [200, 503].includes(response.statusCode))).toBe(true);
    expect(probes.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
  });

  it('sheds while the event loop lags, and recovers when it catches up', async () => {
    // A bare Fastify with the same protection (building the whole app again takes long on a busy machine).
    const bare = Fastify();
    bare.setErrorHandler(handleError as Parameters<typeof bare.setErrorHandler>[0]);
    await bare.register(rateLimit, { max: 1000, timeWindow: 60_000 });
    await registerLoadProtection(bare, { ...defaultLoadConfig, maxEventLoopDelayMs: 20 });
    bare.get('/api/v1/ping', async () => ({ ok: true }));
    await bare.ready();
    try {
      const stall = Date.now() + 1_500;
      while (Date.now() < stall); // a blocked event loop, as under a burst of CPU-heavy work
      while (bare.memoryUsage().eventLoopDelay <= 20) await nextTurn();

      expectRefusal(await bare.inject({ method: 'GET', url: '/api/v1/ping' }), 503, 'overloaded');
      expect((await bare.inject({ method: 'GET', url: '/api/v1/health/live' })).statusCode).not.toBe(503);
      await expect.poll(async () => (await bare.inject({ method: 'GET', url: '/api/v1/ping' })).statusCode, { timeout: 10_000, interval: 200 }).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
