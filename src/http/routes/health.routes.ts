import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import { forbidden } from '../../domain/errors.ts';
import { hasRole } from '../../services/actor.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authentication.ts';

const healthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Object({ kind: Type.String(), serverVersion: Type.String(), schemaVersion: Type.String() }),
});

/**
 * Health for people and orchestrators: `/health` (database kind and schema version), `/health/live` (the process
 * answers; never touches the database, so an outage does not get the server restarted) and `/health/ready` (the
 * database answers: take traffic). `/metrics` is Prometheus text for the platform's administrators.
 */
export function registerHealthRoutes(app: FastifyInstance, services: Services) {
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['platform'], summary: 'Database kind and schema version', security: [], response: { 200: healthSchema, 503: Type.Ref('Problem') } } },
    async () => ({ status: 'ok' as const, ...(await services.health()) }),
  );
  app.get(
    '/health/live',
    { config: { public: true }, schema: { tags: ['platform'], summary: 'Liveness: the process answers (does not check the database)', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    { config: { public: true }, schema: { tags: ['platform'], summary: 'Readiness: the database answers', security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Ref('Problem') } } },
    async () => {
      await services.health();
      return { status: 'ok' as const };
    },
  );

  const metrics = createMetrics(app, services);
  app.get(
    '/metrics',
    { schema: { tags: ['platform'], summary: 'Prometheus metrics: requests by route and status, latency, database reachability, process (administrators only)', response: { 200: Type.String() } } },
    async (request, reply) => {
      if (!hasRole(actorOf(request), 'admin')) throw forbidden('Only administrators read the platform metrics.');
      return reply.type(metrics.contentType).send(await metrics.metrics());
    },
  );
}

/** One registry per app (tests build many apps in one process); request metrics are taken for every route of `app`. */
function createMetrics(app: FastifyInstance, services: Services): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'vitaal_' });
  const duration = new client.Histogram({
    name: 'vitaal_http_request_duration_seconds',
    help: 'API request duration by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new client.Gauge({
    name: 'vitaal_database_up',
    help: '1 when the database answered the last scrape, else 0',
    registers: [registry],
    async collect() {
      this.set(
        await services.health().then(
          () => 1,
          () => 0,
        ),
      );
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: ids would make a series per record.
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}
