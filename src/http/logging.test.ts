import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import { buildUser } from '../../test/factories.ts';
import { packageDataDir } from '../config.ts';
import { createServices } from '../services/index.ts';
import { buildApp } from './app.ts';

/** Issue 8, operations: the server logs one JSON object per line with the request id, echoes that id, and never logs a credential. */

const lines: string[] = [];
let app: Awaited<ReturnType<typeof buildApp>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let user: Awaited<ReturnType<typeof buildUser>>;
const password = 'een-lang-en-geheim-wachtwoord-2026';

beforeAll(async () => {
  database = await createTestDatabase();
  const services = createServices(database, { sessionHours: 1, dataDir: packageDataDir, messaging: { attachmentMaxBytes: 1024, smtpUrl: undefined, mailFrom: 'Vitaal <noreply@test.invalid>', publicUrl: 'https://vitaal.test' } });
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  app = await buildApp({ services, cookieSecret: 'test-cookie-secret-of-at-least-32-characters', secureCookies: false, sessionHours: 1, logger: { level: 'info', stream } });
  await app.ready();
  user = await buildUser(services, 'coordinator', { password });
}, 300_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('request logs', () => {
  it('are JSON lines naming the request id that the answer carries, also for a caller’s own id', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/v1/sectors', headers: { authorization: `Bearer ${user.token}` } });
    const mine = await app.inject({ method: 'GET', url: '/api/v1/sectors', headers: { authorization: `Bearer ${user.token}`, 'x-request-id': 'proxy-7f3a.42' } });
    const hostile = await app.inject({ method: 'GET', url: '/api/v1/sectors', headers: { authorization: `Bearer ${user.token}`, 'x-request-id': 'x"} {"level":60' } });
    const logged = lines.map((line) => JSON.parse(line) as { reqId?: string; msg: string });
    for (const response of [answer, mine, hostile]) {
      const id = response.headers['x-request-id'] as string;
      expect(logged.filter((entry) => entry.reqId === id).map((entry) => entry.msg)).toEqual(['incoming request', 'request completed']);
    }
    expect(mine.headers['x-request-id']).toBe('proxy-7f3a.42');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never hold a password, token, session cookie or CSRF token', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((cookie) => cookie.name === 'vitaal_session')!.value;
    const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: `${password}-wrong` } });
    expect(refused.statusCode).toBe(401);
    await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: { vitaal_session: session }, headers: { 'x-csrf-token': 'csrf-secret-value' } });
    await app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${user.token}` } });
    const log = lines.join('\n');
    expect(log).toContain('request completed');
    for (const secret of [password, user.token, session, 'csrf-secret-value']) expect(log).not.toContain(secret);
  });
});
