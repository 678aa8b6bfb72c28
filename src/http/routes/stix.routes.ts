import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../domain/errors.ts';
import { exportParts, type ExportPart } from '../../services/stix.service.ts';
import type { Services } from '../../services/index.ts';
import { stixMediaType } from '../../services/taxii.service.ts';
import { actorOf } from '../authentication.ts';
import { keepMediaType } from './taxii.routes.ts';
import { listSchema, pageQuery, problemResponses } from '../schemas.ts';

const stixObjects = Type.Array(Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: true }));
const bundleSchema = Type.Object(
  { type: Type.Literal('bundle'), id: Type.String(), objects: stixObjects },
  { $id: 'StixBundle', additionalProperties: true, description: 'A STIX 2.1 bundle (OASIS STIX 2.1 §8).' },
);
const importResult = Type.Object(
  {
    bundleId: Type.String(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    vitaal: Type.Integer({ description: 'Objects that are Vitaal’s own (an exported bundle coming back); never stored again.' }),
    markings: Type.Integer({ description: 'TLP marking definitions, understood and not stored.' }),
    objects: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), tlp: Type.Optional(Type.String()), outcome: Type.String() })),
  },
  { $id: 'StixImportResult' },
);
const importedObject = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    stixId: Type.String(),
    type: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    description: Type.Union([Type.String(), Type.Null()]),
    tlp: Type.String({ description: 'FIRST TLP 2.0 label.' }),
    importingOrgId: Type.String({ format: 'uuid' }),
    importingOrgName: Type.String(),
    modified: Type.String({ format: 'date-time' }),
    importedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'StixImportedObject' },
);

/** `advisories,vendors` → the parts, refusing unknown names. */
function partsOf(include: string | undefined): ExportPart[] {
  if (!include) return [...exportParts];
  const names = include.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(exportParts as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw invalid('stix-export-scope-invalid', `Unknown part ${unknown.join(', ')}; choose from ${exportParts.join(', ')}.`, [{ path: '/querystring/include', message: `one of ${exportParts.join(', ')}` }]);
  return names as ExportPart[];
}

/** STIX 2.1 export and import, and the list of imported threat intelligence (in a scope of their own, for the STIX media type). */
export function registerStixRoutes(parent: FastifyInstance, services: Services) {
  void parent.register(async (app) => registerInScope(app, services));
}

function registerInScope(app: FastifyInstance, services: Services) {
  keepMediaType(app, stixMediaType);
  for (const schema of [bundleSchema, importResult, importedObject]) app.addSchema(schema);
  const tags = ['stix'];
  // STIX's own media type is JSON too: accept bundles sent as application/stix+json.
  app.addContentTypeParser(/^application\/stix\+json/, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });

  app.get(
    '/stix/bundle',
    {
      schema: {
        tags,
        summary: 'A STIX 2.1 bundle of what the caller may read, marked with the OASIS TLP 2.0 marking definitions',
        querystring: Type.Object(
          { include: Type.Optional(Type.String({ description: `Comma-separated parts: ${exportParts.join(', ')} (default: all).` })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('StixBundle'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const bundle = await services.stix.exportBundle(actorOf(request), partsOf((request.query as { include?: string }).include));
      return reply.type(stixMediaType).send(bundle);
    },
  );

  app.post(
    '/stix/bundles',
    {
      schema: {
        tags,
        summary: 'Import a STIX 2.1 bundle for the caller’s organisation: validated against the STIX 2.1 schemas and refused whole when invalid',
        body: Type.Object({}, { additionalProperties: true, description: 'A STIX 2.1 bundle (application/json or application/stix+json).' }),
        response: { 200: Type.Ref('StixImportResult'), ...problemResponses },
      },
    },
    async (request) => services.stix.importBundle(actorOf(request), request.body),
  );

  app.get(
    '/stix/objects',
    {
      schema: {
        tags,
        summary: 'Imported threat intelligence the caller may read under its TLP labels, newest first',
        querystring: Type.Object({ ...pageQuery, type: Type.Optional(Type.String({ description: 'STIX type, such as threat-actor.' })) }, { additionalProperties: false }),
        response: { 200: listSchema(Type.Ref('StixImportedObject')), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, type } = request.query as { limit: number; offset: number; type?: string };
      return services.stix.listImported(actorOf(request), { type }, { limit, offset });
    },
  );
}
