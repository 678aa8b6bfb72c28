import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authentication.ts';
import { listSchema, pageQuery, problemResponses } from '../schemas.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);
const auditEntry = Type.Object(
  {
    seq: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorUserId: nullableString,
    actorOrgId: nullableString,
    action: Type.String(),
    objectType: Type.String(),
    objectId: nullableString,
    subjectOrgId: nullableString,
    beforeDigest: nullableString,
    afterDigest: nullableString,
    details: Type.Record(Type.String(), Type.Unknown()),
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { $id: 'AuditEntry' },
);

export function registerAuditRoutes(app: FastifyInstance, services: Services) {
  app.addSchema(auditEntry);
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit entries about the own organisation (all for administrators), newest first',
        querystring: Type.Object({ ...pageQuery, objectType: Type.Optional(Type.String()), objectId: Type.Optional(Type.String()), action: Type.Optional(Type.String()) }, { additionalProperties: false }),
        response: { 200: listSchema(Type.Ref('AuditEntry')), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as { limit: number; offset: number; objectType?: string; objectId?: string; action?: string };
      return services.auditLog.list(actorOf(request), filters, { limit, offset });
    },
  );
}
