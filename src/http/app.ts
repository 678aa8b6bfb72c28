import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import type { Services } from '../services/index.ts';
import { registerAuthentication, sessionCookie } from './authentication.ts';
import { handleError, sendProblem } from './problem.ts';
import { registerInputLimits } from './input-limits.ts';
import { registerAdvisoryRoutes } from './routes/advisories.routes.ts';
import { registerStixRoutes } from './routes/stix.routes.ts';
import { registerTaxiiRoutes, taxiiPrefix } from './routes/taxii.routes.ts';
import { registerAuditRoutes } from './routes/audit.routes.ts';
import { registerAuthRoutes } from './routes/auth.routes.ts';
import { registerCycleRoutes } from './routes/cycles.routes.ts';
import { registerCycleProgrammeRoutes } from './routes/cycle-programme.routes.ts';
import { registerDutyOfCareRoutes } from './routes/duty-of-care.routes.ts';
import { registerHealthRoutes } from './routes/health.routes.ts';
import { registerIncidentRoutes } from './routes/incidents.routes.ts';
import { registerSupervisionRoutes } from './routes/supervision.routes.ts';
import { registerNotificationRoutes } from './routes/notifications.routes.ts';
import { registerRegistryRoutes } from './routes/registry.routes.ts';
import { registerScopingRoutes } from './routes/scoping.routes.ts';
import { registerSbomRoutes } from './routes/sbom.routes.ts';
import { registerSimulationRoutes } from './routes/simulations.routes.ts';
import { registerSupplyChainRoutes } from './routes/supply-chain.routes.ts';
import { registerStrategicDependencyRoutes } from './routes/strategic-dependencies.routes.ts';
import { registerUserRoutes } from './routes/users.routes.ts';
import { problemSchema } from './schemas.ts';
import { defaultLoadConfig, type LoadConfig } from '../config.ts';
import { isProbe, registerLoadProtection } from './load-protection.ts';

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
  /**
   * Load shedding and the per-address limit (the server passes the configuration). Without it, only the per-user limit
   * of `defaultLoadConfig`: tests of other matters must not see 503s because a busy test machine lags.
   */
  load?: LoadConfig;
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

/** Whom a request counts against: a digest of its bearer token or session cookie, else its address. */
export function rateLimitKey(request: FastifyRequest): string {
  const credential = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? request.cookies[sessionCookie];
  return credential ? `credential:${createHash('sha256').update(credential).digest('base64url')}` : `address:${request.ip}`;
}

/** Where a secret could reach a log line if a serializer ever logged headers: the credentials. */
const loggedSecrets = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

/** A proxy's or client's request id when it is a plain token (it ends up in every log line), else a new one. */
export function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const inbound = request.headers['x-request-id'];
  return typeof inbound === 'string' && /^[\w.:-]{1,128}$/.test(inbound) ? inbound : crypto.randomUUID();
}

/** Builds the Fastify application without listening (tests use `inject`). */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    logger: options.logger ? { ...(options.logger as object), redact: { paths: loggedSecrets, censor: '[redacted]' } } : false,
    bodyLimit: 5 * 1024 * 1024,
    genReqId: requestIdOf,
    // A factory rather than setValidatorCompiler: Fastify rebuilds validators per plugin context that adds schemas.
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(handleError as Parameters<typeof app.setErrorHandler>[0]);
  // Every answer names its request, so that a user's report can be found in the logs.
  app.addHook('onRequest', async (request, reply) => void reply.header('x-request-id', request.id));
  registerInputLimits(app);
  app.addSchema(problemSchema);

  // Built once: the Fastify plugin for helmet builds the middleware, parsing every CSP directive, for each request again.
  const setSecurityHeaders = helmet({
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
    strictTransportSecurity: options.secureCookies,
  });
  app.addHook('onRequest', (request, reply, done) => setSecurityHeaders(request.raw, reply.raw, () => done()));
  await app.register(compress, { threshold: 2048 });
  await app.register(cookie, { secret: options.cookieSecret });
  await app.register(csrf, { cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: '/' }, getToken: (request) => request.headers['x-csrf-token'] as string });
  // The limit runs before authentication (onRequest), so it counts per credential (API token or session), else per address.
  const load = options.load ?? defaultLoadConfig;
  await app.register(rateLimit, { max: load.rateLimitPerUser, timeWindow: load.rateLimitWindowMs, keyGenerator: rateLimitKey, allowList: isProbe });
  if (options.load) await registerLoadProtection(app, options.load);

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
      registerStixRoutes(api, options.services);
      registerNotificationRoutes(api, options.services);
      registerScopingRoutes(api);
      registerSupplyChainRoutes(api, options.services);
      registerStrategicDependencyRoutes(api, options.services);
      registerSbomRoutes(api, options.services);
      registerCycleRoutes(api, options.services);
      registerCycleProgrammeRoutes(api, options.services);
      registerIncidentRoutes(api, options.services);
      registerSupervisionRoutes(api, options.services);
      registerSimulationRoutes(api, options.services);
      registerDutyOfCareRoutes(api, options.services);
    },
    { prefix: '/api/v1' },
  );
  await app.register(async (taxii) => registerTaxiiRoutes(taxii, options.services), { prefix: taxiiPrefix });

  const webDir = options.webDir && fs.existsSync(path.join(options.webDir, 'index.html')) ? options.webDir : undefined;
  if (webDir) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    if (webDir && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return sendProblem(reply, 'route-not-found', `No route ${request.method} ${request.url.split('?')[0]}.`);
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
