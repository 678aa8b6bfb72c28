import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

const healthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Object({ kind: Type.String(), serverVersion: Type.String(), schemaVersion: Type.String() }),
});

export function registerHealthRoutes(app: FastifyInstance, services: Services) {
  app.get(
    '/health',
    { config: { public: true }, schema: { tags: ['platform'], summary: 'Database kind and schema version', security: [], response: { 200: healthSchema, 503: Type.Ref('Problem') } } },
    async () => ({ status: 'ok' as const, ...(await services.health()) }),
  );
}
