import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { openUnreachableDatabase } from '../../test/database.ts';
import { buildUser } from '../../test/factories.ts';
import { packageDataDir } from '../config.ts';
import { createServices } from '../services/index.ts';
import { buildApp } from './app.ts';

let t: TestApp;
let adminToken: string;
let coordinatorToken: string;

beforeAll(async () => {
  t = await createTestApp();
  adminToken = (await buildUser(t.services, 'admin')).token;
  coordinatorToken = (await buildUser(t.services, 'coordinator')).token;
});

afterAll(async () => {
  await t?.close();
});

describe('liveness, readiness and metrics', () => {
  it('answers liveness and readiness without a user', async () => {
    expect((await call(t.app, undefined, 'GET', '/api/v1/health/live')).json()).toEqual({ status: 'ok' });
    const ready = await call(t.app, undefined, 'GET', '/api/v1/health/ready');
    expect({ status: ready.statusCode, body: ready.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('gives administrators Prometheus metrics with request latency per route pattern and the database state', async () => {
    await call(t.app, coordinatorToken, 'GET', '/api/v1/sectors');
    const response = await call(t.app, adminToken, 'GET', '/api/v1/metrics');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toMatch(/^vitaal_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/sectors",status_code="200"\} [1-9]\d*$/m);
    expect(response.body).toMatch(/^vitaal_database_up 1$/m);
    expect(response.body).toMatch(/^vitaal_process_resident_memory_bytes \d+/m);
    expect((await call(t.app, coordinatorToken, 'GET', '/api/v1/metrics')).statusCode).toBe(403);
    expect((await call(t.app, undefined, 'GET', '/api/v1/metrics')).statusCode).toBe(401);
  });
});

describe('when the database cannot be reached', () => {
  it('stays live, is not ready, and answers data routes with 503 and Retry-After instead of crashing', async () => {
    const database = await openUnreachableDatabase();
    const services = createServices(database, { sessionHours: 1, dataDir: packageDataDir });
    const app = await buildApp({ services, cookieSecret: 'test-cookie-secret-of-at-least-32-characters', secureCookies: false, sessionHours: 1 });
    try {
      expect((await call(app, undefined, 'GET', '/api/v1/health/live')).statusCode).toBe(200);
      for (const url of ['/api/v1/health/ready', '/api/v1/health', '/api/v1/sectors']) {
        const response = await call(app, 'vt_some-token', 'GET', url);
        expect({ url, status: response.statusCode, code: response.json().code, retryAfter: response.headers['retry-after'] }).toEqual({ url, status: 503, code: 'database-unavailable', retryAfter: '5' });
        expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      }
    } finally {
      await app.close();
      await database.close();
    }
  });
});
