import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBounded, fuzzParameters, fuzzScale, hostileJsonText, hostileJsonValue } from '../../test/fuzz.ts';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDependency, buildUser } from '../../test/factories.ts';

/**
 * Hostile bodies against every POST, PUT and PATCH route of the API, the list taken from the application's own
 * OpenAPI document (a new route is fuzzed without a change here). Bodies are random JSON text (deep nesting,
 * prototype poisoning, truncation, garbage) and objects with the route's own field names holding hostile values,
 * sent as an administrator (who passes authorization, so the body reaches validation and the service). Every answer
 * must be below 500 and, when an error, a problem document with a code; the process must keep serving.
 */
interface Route {
  method: 'POST' | 'PUT' | 'PATCH';
  path: string;
  contentType: string;
  fields: string[];
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
}

let t: TestApp;
let adminToken: string;
let routes: Route[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

/** The routes that take a body, from the OpenAPI document; `fields` are the top-level properties of its JSON schema. */
function routesOf(document: OpenApi): Route[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const name = schema?.$ref?.split('/').at(-1);
    return name ? resolve(document.components?.schemas?.[name]) : schema;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['post', 'put', 'patch'].includes(method))
      .map(([method, operation]) => {
        const [contentType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? ['application/json', undefined];
        return { method: method.toUpperCase() as Route['method'], path, contentType, fields: Object.keys(resolve(media?.schema)?.properties ?? {}) };
      }),
  );
}

/** Fills path parameters with ids of existing records where a list at the path before the parameter names one. */
async function urlOf(route: Route): Promise<string> {
  let url = '';
  for (const segment of route.path.split('/').slice(1)) {
    if (!segment.startsWith('{')) {
      url += `/${segment}`;
      continue;
    }
    const list = await call(t.app, adminToken, 'GET', `${url}?limit=1`);
    const body = list.statusCode === 200 ? (list.json() as { items?: { id?: unknown }[] } | { id?: unknown }[]) : undefined;
    const first = Array.isArray(body) ? body[0] : body?.items?.[0];
    url += `/${typeof first?.id === 'string' ? first.id : crypto.randomUUID()}`;
  }
  return url;
}

/** Bodies for one route: hostile JSON text, and objects of the route's own fields (some of them) with hostile values. */
const bodiesFor = (route: Route): fc.Arbitrary<string> =>
  fc.oneof(
    hostileJsonText,
    route.fields.length === 0
      ? hostileJsonText
      : fc.dictionary(fc.constantFrom(...route.fields), hostileJsonValue, { minKeys: 1, maxKeys: route.fields.length }).map((body) => JSON.stringify(body)),
  );

const isTaxii = (route: Route) => route.path.startsWith('/taxii2/');

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  t = await createTestApp();
  // A record behind every kind of path parameter the fuzz can fill (the demo data would take minutes on PGlite).
  await t.services.seed.seedReference();
  await buildDependency(t.services);
  adminToken = (await buildUser(t.services, 'admin')).token;
  routes = routesOf(t.app.swagger() as OpenApi);
}, 600_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  await t?.services.simulations.settle();
  await t?.close();
}, 120_000);

describe('hostile bodies on every route that takes one', () => {
  it('finds the routes in the application, the file uploads among them', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/assets', 'PATCH /api/v1/assets/{id}', 'POST /api/v1/assets/{id}/sboms', 'POST /api/v1/stix/bundles', 'POST /api/v1/catalogues', 'POST /taxii2/vitaal/collections/{collectionId}/objects/']),
    );
    expect(routes.find((route) => route.path === '/api/v1/sectors')?.fields).toEqual(expect.arrayContaining(['code', 'nameNl', 'nameEn']));
  });

  const runsPerRoute = 5;
  it('answers each with a 4xx problem document or a success, never a 5xx; the process keeps serving', { timeout: 600_000 * fuzzScale }, async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const url = await urlOf(route);
      const result = await fc.check(
        fc.asyncProperty(bodiesFor(route), async (body) => {
          const send = () => t.app.inject({ method: route.method, url, headers: { authorization: `Bearer ${adminToken}`, 'content-type': route.contentType }, payload: body });
          let response = await expectBounded(send);
          // Anything (a revoked token, a password change) that signs the administrator out gets a fresh one.
          if (response.statusCode === 401 || response.statusCode === 429) {
            adminToken = (await buildUser(t.services, 'admin')).token;
            response = await send();
          }
          // Load shedding (503 overloaded, with Retry-After) answers for the whole server, not for this body: wait until it passes.
          for (let attempt = 0; response.statusCode === 503 && response.json<{ code: string }>().code === 'overloaded' && attempt < 20; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 500));
            response = await send();
          }
          expect(response.statusCode, response.body.slice(0, 500)).toBeLessThan(500);
          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toMatch(isTaxii(route) ? /^application\/taxii\+json/ : /^application\/problem\+json/);
            expect(response.json()).toMatchObject(isTaxii(route) ? { http_status: String(response.statusCode) } : { code: expect.stringMatching(/^[a-z]+(-[a-z]+)*$/), status: response.statusCode });
          }
        }),
        fuzzParameters(runsPerRoute),
      );
      if (result.failed) {
        const body = JSON.stringify(result.counterexample?.[0]);
        failures.push(`${route.method} ${route.path} (${url}), seed ${result.seed}: ${(result.errorInstance as Error | undefined)?.message.slice(0, 600)}; body ${body.length > 300 ? `${body.slice(0, 300)}… (${body.length} characters)` : body}`);
      }
    }
    expect(failures).toEqual([]);
    expect(unhandled).toEqual([]);
    expect((await call(t.app, undefined, 'GET', '/api/v1/health/live')).statusCode).toBe(200);
  });
});
