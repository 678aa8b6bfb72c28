import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';
import { resources, resourceNames } from '../../services/registry/resources.ts';
import { actorOf } from '../authentication.ts';
import { createBodySchema, idParams, listQuerySchema, listSchema, patchBodySchema, problemResponses, recordSchema } from '../schemas.ts';

type Query = Record<string, string | undefined> & { limit: number; offset: number };

/** List, read, create and update for every registry resource, each through the one generic registry service. */
export function registerRegistryRoutes(app: FastifyInstance, services: Services) {
  for (const name of resourceNames) {
    const spec = resources[name];
    const record = recordSchema(spec);
    app.addSchema(record);
    const item = { $ref: `${record.$id}#` };
    const tags = [name];
    app.get(`/${name}`, { schema: { tags, summary: `List ${name}`, querystring: listQuerySchema(spec), response: { 200: listSchema(item as never), ...problemResponses } } }, async (request) => {
      const { limit, offset, ...filters } = request.query as Query;
      return services.registry.list(actorOf(request), name, filters, { limit, offset });
    });
    app.get(`/${name}/:id`, { schema: { tags, summary: `Read one of ${name}`, params: idParams, response: { 200: item, ...problemResponses } } }, async (request) =>
      services.registry.get(actorOf(request), name, (request.params as { id: string }).id),
    );
    app.post(`/${name}`, { schema: { tags, summary: `Create one of ${name}`, body: createBodySchema(spec), response: { 201: item, ...problemResponses } } }, async (request, reply) =>
      reply.code(201).send(await services.registry.create(actorOf(request), name, request.body as Record<string, unknown>)),
    );
    app.patch(`/${name}/:id`, { schema: { tags, summary: `Update one of ${name}`, params: idParams, body: patchBodySchema(spec), response: { 200: item, ...problemResponses } } }, async (request) =>
      services.registry.update(actorOf(request), name, (request.params as { id: string }).id, request.body as Record<string, unknown>),
    );
  }
}
