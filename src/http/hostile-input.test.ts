import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxJsonDepth } from '../domain/input-limits.ts';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAsset, buildUser } from '../../test/factories.ts';
import { cpuMs, nestedJsonText } from '../../test/fuzz.ts';

/** Size and depth limits of request bodies, per route, and prototype poisoning, through the real application. */
let t: TestApp;
let admin: string;
let assetId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await buildUser(t.services, 'admin')).token;
  assetId = (await buildAsset(t.services)).id;
}, 300_000);
afterAll(async () => t?.close());

const mebibytes = (n: number) => n * 1024 * 1024;

/** A request whose Content-Length announces `announced` bytes: Fastify refuses it by the header, before reading a byte. */
const announce = (url: string, contentType: string, announced: number) =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${admin}`, 'content-type': contentType, 'content-length': String(announced) }, payload: '{}' });

describe('upload size limits per route', () => {
  it.each([
    ['a registry record (the 5 MiB default)', () => '/api/v1/sectors', 'application/json', 5],
    ['an OSCAL catalogue', () => '/api/v1/catalogues', 'application/json', 20],
    ['an SBOM', () => `/api/v1/assets/${assetId}/sboms`, 'application/vnd.cyclonedx+json', 200],
  ])('refuses %s over its limit with 413 body-too-large, and lets the size through under it', async (_name, url, contentType, limitMiB) => {
    const over = await announce(url(), contentType, mebibytes(limitMiB) + 1);
    expect(over.statusCode).toBe(413);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.json()).toMatchObject({ code: 'body-too-large', status: 413 });
    // Just under the limit the size is no reason to refuse (the short body then fails for what it is).
    const under = await announce(url(), contentType, mebibytes(limitMiB) - 1);
    expect(under.json<{ code?: string }>().code).not.toBe('body-too-large');
  });

  it('refuses a body that really is over the default limit, without a Content-Length to trust', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sectors',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      payload: JSON.stringify({ code: 'x', nameNl: 'x'.repeat(mebibytes(6)), nameEn: 'x' }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body-too-large' });
  });
});

describe('deeply nested request bodies', () => {
  it('refuses a JSON body nested millions of levels deep at once, before parsing it, and keeps serving', async () => {
    const body = nestedJsonText(2_500_000); // 5 MB, under the body limit
    const started = cpuMs();
    const response = await call(t.app, admin, 'POST', '/api/v1/sectors', body);
    // Parsing it would take seconds of CPU; measuring its depth takes milliseconds.
    expect(cpuMs() - started).toBeLessThan(1_000);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'nesting-too-deep', detail: expect.stringContaining(`${maxJsonDepth} levels`) });
    expect((await call(t.app, undefined, 'GET', '/api/v1/health/live')).statusCode).toBe(200);
  });

  it('lets nesting up to the limit through to validation', async () => {
    const response = await call(t.app, admin, 'POST', '/api/v1/sectors', `{"code":${nestedJsonText(maxJsonDepth - 1)}}`);
    expect(response.json()).toMatchObject({ code: 'validation-failed' });
  });

  it('refuses a deep STIX bundle sent with the STIX media type (its own parser) with nesting-too-deep', async () => {
    const bundle = `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[${nestedJsonText(10_000, 'object')}]}`;
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/stix/bundles', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/stix+json;version=2.1' }, payload: bundle });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'nesting-too-deep' });
  });
});

describe('prototype poisoning', () => {
  it.each(['{"__proto__":{"roles":["admin"]},"code":"x","nameNl":"x","nameEn":"x"}', '{"constructor":{"prototype":{"roles":["admin"]}},"code":"x","nameNl":"x","nameEn":"x"}'])(
    'refuses %s as a malformed body',
    async (body) => {
      const response = await call(t.app, admin, 'POST', '/api/v1/sectors', body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'malformed-body' });
      expect(({} as Record<string, unknown>).roles).toBeUndefined();
    },
  );
});
