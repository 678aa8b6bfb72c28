import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { roles, type Role } from '../../domain/roles.ts';
import type { Services } from '../../services/index.ts';
import type { UserPatch } from '../../services/users.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const roleList = Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...roles] }), { minItems: 1, uniqueItems: true });
const password = Type.String({ minLength: 12, maxLength: 200, description: 'At least 12 characters.' });

const userSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    name: Type.String(),
    organisationId: Type.String({ format: 'uuid' }),
    roles: Type.Array(Type.String()),
    disabled: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'User' },
);
const user = Type.Ref('User');

export function registerUserRoutes(app: FastifyInstance, services: Services) {
  app.addSchema(userSchema);
  const tags = ['users'];
  app.get(
    '/users',
    { schema: { tags, summary: 'List user accounts (own organisation; all for administrators)', querystring: Type.Object({ ...pageQuery, organisationId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }), response: { 200: listSchema(user), ...problemResponses } } },
    async (request) => {
      const { limit, offset, organisationId } = request.query as { limit: number; offset: number; organisationId?: string };
      return services.users.list(actorOf(request), { organisationId }, { limit, offset });
    },
  );
  app.get('/users/:id', { schema: { tags, summary: 'Read a user account', params: idParams, response: { 200: user, ...problemResponses } } }, async (request) =>
    services.users.get(actorOf(request), (request.params as { id: string }).id),
  );
  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user account (administrators)',
        body: Type.Object({ email: Type.String({ format: 'email', maxLength: 320 }), name: Type.String({ minLength: 1, maxLength: 300 }), organisationId: Type.String({ format: 'uuid' }), roles: roleList, password: Type.Optional(password) }, { additionalProperties: false }),
        response: { 201: user, ...problemResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as { email: string; name: string; organisationId: string; roles: Role[]; password?: string };
      return reply.code(201).send(await services.users.create(actorOf(request), body));
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user account (administrators)',
        params: idParams,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })), roles: Type.Optional(roleList), disabled: Type.Optional(Type.Boolean()), password: Type.Optional(password) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: user, ...problemResponses },
      },
    },
    async (request) => services.users.update(actorOf(request), (request.params as { id: string }).id, request.body as UserPatch),
  );
}
