import type { LightMyRequestResponse } from 'fastify';
import { packageDataDir, type OidcConfig } from '../src/config.ts';
import { buildApp, type App } from '../src/http/app.ts';
import { createServices, type Services } from '../src/services/index.ts';
import { createTestDatabase } from './database.ts';

export interface TestApp {
  app: App;
  services: Services;
  db: Awaited<ReturnType<typeof createTestDatabase>>['db'];
  /** The database's notices of changes, for services a test builds beside the app's. */
  notices: Awaited<ReturnType<typeof createTestDatabase>>['notices'];
  close(): Promise<void>;
}

/** The real application over a fresh test database (PGlite or PostgreSQL per vitest project), without listening; OIDC sign-in only when `oidc` is given. */
export async function createTestApp(options: { oidc?: OidcConfig } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const services = createServices(database, { sessionHours: 1, dataDir: packageDataDir });
  const app = await buildApp({ services, cookieSecret: 'test-cookie-secret-of-at-least-32-characters', secureCookies: false, sessionHours: 1, oidc: options.oidc });
  await app.ready();
  return {
    app,
    services,
    db: database.db,
    notices: database.notices,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request with a bearer token; `body` as a string is sent verbatim (for malformed JSON). */
export function call(app: App, token: string | undefined, method: Method, url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}
