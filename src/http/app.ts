import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Services } from '../services/index.ts';
import { registerAuthentication } from './authentication.ts';
import { handleError, sendProblem } from './problem.ts';
import { registerAdvisoryRoutes } from './routes/advisories.routes.ts';
import { registerAuditRoutes } from './routes/audit.routes.ts';
import { registerAuthRoutes } from './routes/auth.routes.ts';
import { registerCycleRoutes } from './routes/cycles.routes.ts';
import { registerHealthRoutes } from './routes/health.routes.ts';
import { registerRegistryRoutes } from './routes/registry.routes.ts';
import { registerScopingRoutes } from './routes/scoping.routes.ts';
import { registerSupplyChainRoutes } from './routes/supply-chain.routes.ts';
import { registerUserRoutes } from './routes/users.routes.ts';
import { problemSchema } from './schemas.ts';

export interface AppOptions {
  services: Services;
  /** Secret that signs cookies (CSRF secret cookie). */
  cookieSecret: string;
  secureCookies: boolean;
  sessionHours: number;
  /** Built web UI to serve at `/`, when present. */
  webDir?: string;
  logger?: FastifyServerOptions['logger'];
  oidc?: import('../config.ts').OidcConfig;
}

const newAjv = (coerceTypes: boolean, sharedSchemas: Record<string, unknown>) => {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const schema of Object.values(sharedSchemas)) ajv.addSchema(schema as object);
  return ajv;
};

/** Bodies are taken as sent: no coercion, no silent removal of unknown fields. Query strings and params are text, so they are coerced. */
function buildValidatorCompiler(sharedSchemas: Record<string, unknown> = {}) {
  const bodyAjv = newAjv(false, sharedSchemas);
  const textAjv = newAjv(true, sharedSchemas);
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
}

/** Builds the Fastify application without listening (tests use `inject`). */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // A factory rather than setValidatorCompiler: Fastify rebuilds validators per plugin context that adds schemas.
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(handleError as Parameters<typeof app.setErrorHandler>[0]);
  app.addSchema(problemSchema);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
    hsts: options.secureCookies,
  });
  await app.register(compress, { threshold: 2048 });
  await app.register(cookie, { secret: options.cookieSecret });
  await app.register(csrf, { cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' }, getToken: (request) => request.headers['x-csrf-token'] as string });
  await app.register(rateLimit, { max: 1200, timeWindow: '1 minute', keyGenerator: (request) => request.actor?.userId ?? request.ip });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vitaal API', version: '1', description: 'Registry, analysis and duties of the Dutch Aanpak vitaal. Errors are RFC 9457 problem documents.', license: { name: 'EUPL-1.2' } },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'vitaal_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, index) => (json.$id as string | undefined) ?? `def-${index}` },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { url: '/api/v1/openapi.json' }, staticCSP: true });

  await app.register(
    async (api) => {
      registerAuthentication(api, options.services);
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
      registerHealthRoutes(api, options.services);
      registerAuthRoutes(api, options);
      registerRegistryRoutes(api, options.services);
      registerUserRoutes(api, options.services);
      registerAuditRoutes(api, options.services);
      registerAdvisoryRoutes(api, options.services);
      registerScopingRoutes(api);
      registerSupplyChainRoutes(api, options.services);
      registerCycleRoutes(api, options.services);
    },
    { prefix: '/api/v1' },
  );

  const webDir = options.webDir && fs.existsSync(path.join(options.webDir, 'index.html')) ? options.webDir : undefined;
  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    if (webDir && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return sendProblem(reply, 'route-not-found', `No route ${request.method} ${request.url.split('?')[0]}.`);
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
