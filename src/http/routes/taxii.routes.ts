import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../domain/error-codes.ts';
import { DomainError, isDomainError } from '../../domain/errors.ts';
import type { Services } from '../../services/index.ts';
import { maxTaxiiPage, taxiiMediaType, type ObjectQuery } from '../../services/taxii.service.ts';
import { actorOf, registerAuthentication } from '../authentication.ts';
import { statusOf } from '../problem.ts';

/**
 * The TAXII 2.1 server (OASIS TAXII Version 2.1) under /taxii2: discovery, one API root, the TLP collections,
 * objects, manifests and status. Authenticated with Vitaal's API tokens (Bearer); errors are TAXII error messages.
 */
export const taxiiPrefix = '/taxii2';
const apiRoot = 'vitaal';

const open = (description: string) => Type.Object({}, { additionalProperties: true, description });
const taxiiResponses = { 200: open('A TAXII 2.1 resource (application/taxii+json;version=2.1).'), ...Object.fromEntries([400, 401, 403, 404, 406, 429].map((status) => [status, open('A TAXII 2.1 error message.')])) };
const collectionParams = Type.Object({ collectionId: Type.String({ description: 'Collection id (one per TLP label).' }) });
const objectParams = Type.Object({ collectionId: Type.String(), objectId: Type.String({ description: 'STIX id.' }) });
const filters = Type.Object(
  {
    added_after: Type.Optional(Type.String({ format: 'date-time', description: 'Only objects added after this instant.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxTaxiiPage, default: 100, description: 'Page size.' })),
    next: Type.Optional(Type.String({ maxLength: 500, description: 'The `next` of the previous page.' })),
    'match[type]': Type.Optional(Type.String({ description: 'Comma-separated STIX types.' })),
    'match[id]': Type.Optional(Type.String({ description: 'Comma-separated STIX ids.' })),
    'match[version]': Type.Optional(Type.String({ description: 'Only `last` (the default) is held.' })),
    'match[spec_version]': Type.Optional(Type.String({ description: 'Only 2.1 is served.' })),
  },
  { additionalProperties: false },
);

interface FilterQuery {
  added_after?: string;
  limit: number;
  next?: string;
  'match[type]'?: string;
  'match[id]'?: string;
}

const listOf = (value: string | undefined) => (value ? value.split(',').map((item) => item.trim()).filter(Boolean) : undefined);
const queryOf = (request: FastifyRequest): ObjectQuery => {
  const query = request.query as FilterQuery;
  return { addedAfter: query.added_after ? new Date(query.added_after) : undefined, limit: query.limit, next: query.next, types: listOf(query['match[type]']), ids: listOf(query['match[id]']) };
};

function sendTaxii(reply: FastifyReply, body: unknown, dates?: { first?: string; last?: string }, status = 200) {
  if (dates?.first) reply.header('X-TAXII-Date-Added-First', dates.first);
  if (dates?.last) reply.header('X-TAXII-Date-Added-Last', dates.last);
  return reply.code(status).type(taxiiMediaType).send(body);
}

/** TAXII 2.1 §3.6.1 error message: title, description, http_status, and Vitaal's stable code. */
function sendError(reply: FastifyReply, code: ErrorCode, description: string, status = statusOf(code), details?: unknown) {
  return reply
    .code(status)
    .type(taxiiMediaType)
    .send({ title: code.replaceAll('-', ' '), description, error_code: code, http_status: String(status), ...(details ? { details: { errors: details } } : {}) });
}

function handleTaxiiError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (isDomainError(error)) return sendError(reply, error.code, error.message, undefined, error.details.length ? error.details : undefined);
  if (error.validation) return sendError(reply, 'validation-failed', `The request does not match the schema: ${error.message}.`);
  if (error.statusCode === 429) return sendError(reply, 'rate-limited', error.message);
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 'unsupported-media-type', `Send ${taxiiMediaType}.`);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 'body-too-large', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendError(reply, 'malformed-body', error.message, error.statusCode);
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, 'internal-error', 'Something went wrong on our side; the error was logged.');
}

/**
 * Sends `mediaType` exactly as written: Fastify would rewrite `version=2.1` as `version="2.1"` and add a charset,
 * which some TAXII clients compare literally.
 */
export function keepMediaType(app: FastifyInstance, mediaType: string) {
  const family = mediaType.split(';')[0]!;
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith(family)) reply.header('content-type', mediaType);
    return payload;
  });
}

/** TAXII 2.1 §1.6.8: a client names the TAXII media type (or accepts anything); nothing else is served. */
const acceptable = (accept: string | undefined) => !accept || /application\/taxii\+json|application\/json|application\/\*|\*\/\*/i.test(accept);

export async function registerTaxiiRoutes(app: FastifyInstance, services: Services) {
  registerAuthentication(app, services);
  keepMediaType(app, taxiiMediaType);
  app.setErrorHandler(handleTaxiiError);
  app.setNotFoundHandler((request, reply) => sendError(reply, 'route-not-found', `No TAXII route ${request.method} ${request.url.split('?')[0]}.`));
  app.addContentTypeParser(/^application\/taxii\+json/, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      (error as { statusCode?: number }).statusCode = 400;
      done(error as Error, undefined);
    }
  });
  app.addHook('onRequest', async (request) => {
    if (!acceptable(request.headers.accept)) throw new DomainError('taxii-not-acceptable', `Accept ${taxiiMediaType}.`);
  });

  const tags = ['taxii'];
  const base = (request: FastifyRequest) => `${request.protocol}://${request.host}${taxiiPrefix}`;
  const collectionId = (request: FastifyRequest) => (request.params as { collectionId: string }).collectionId;

  app.get('/', { schema: { tags, summary: 'TAXII discovery', response: taxiiResponses } }, async (request, reply) =>
    sendTaxii(reply, {
      title: 'Vitaal TAXII 2.1',
      description: 'Advisories, threat information and registry objects under TLP 2.0, for MISP, OpenCTI and other TAXII 2.1 clients.',
      default: `${base(request)}/${apiRoot}/`,
      api_roots: [`${base(request)}/${apiRoot}/`],
    }),
  );

  app.get(`/${apiRoot}/`, { schema: { tags, summary: 'TAXII API root', response: taxiiResponses } }, async (_request, reply) =>
    sendTaxii(reply, { title: 'Vitaal', description: 'One collection per TLP 2.0 label; each serves only what its reader may read.', versions: [taxiiMediaType], max_content_length: 5 * 1024 * 1024 }),
  );

  app.get(`/${apiRoot}/collections/`, { schema: { tags, summary: 'TAXII collections (one per TLP label)', response: taxiiResponses } }, async (request, reply) =>
    sendTaxii(reply, { collections: services.taxii.collections(actorOf(request)) }),
  );

  app.get(`/${apiRoot}/collections/:collectionId/`, { schema: { tags, summary: 'A TAXII collection', params: collectionParams, response: taxiiResponses } }, async (request, reply) =>
    sendTaxii(reply, services.taxii.collection(actorOf(request), collectionId(request))),
  );

  app.get(
    `/${apiRoot}/collections/:collectionId/objects/`,
    { schema: { tags, summary: 'Objects of a collection the caller may read', params: collectionParams, querystring: filters, response: taxiiResponses } },
    async (request, reply) => {
      const { envelope, dates } = await services.taxii.getObjects(actorOf(request), collectionId(request), queryOf(request));
      return sendTaxii(reply, envelope, dates);
    },
  );

  app.post(
    `/${apiRoot}/collections/:collectionId/objects/`,
    {
      schema: {
        tags,
        summary: 'Add objects: an envelope in, a status resource out (imported all or nothing, labelled at least the collection’s TLP)',
        params: collectionParams,
        body: Type.Object({ objects: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 10_000 })) }, { additionalProperties: true }),
        response: { 202: open('A TAXII 2.1 status resource.'), ...taxiiResponses },
      },
    },
    async (request, reply) => sendTaxii(reply, await services.taxii.addObjects(actorOf(request), collectionId(request), request.body as { objects?: unknown[] }), undefined, 202),
  );

  app.get(
    `/${apiRoot}/collections/:collectionId/objects/:objectId/`,
    { schema: { tags, summary: 'One object of a collection', params: objectParams, querystring: filters, response: taxiiResponses } },
    async (request, reply) => {
      const { objectId } = request.params as { objectId: string };
      const { envelope, dates } = await services.taxii.getObject(actorOf(request), collectionId(request), objectId, queryOf(request));
      return sendTaxii(reply, envelope, dates);
    },
  );

  app.get(
    `/${apiRoot}/collections/:collectionId/manifest/`,
    { schema: { tags, summary: 'Manifest of a collection', params: collectionParams, querystring: filters, response: taxiiResponses } },
    async (request, reply) => {
      const { envelope, dates } = await services.taxii.getManifest(actorOf(request), collectionId(request), queryOf(request));
      return sendTaxii(reply, envelope, dates);
    },
  );

  app.get(
    `/${apiRoot}/status/:statusId/`,
    { schema: { tags, summary: 'Status of an add-objects request (its sender only)', params: Type.Object({ statusId: Type.String() }), response: taxiiResponses } },
    async (request, reply) => sendTaxii(reply, await services.taxii.getStatus(actorOf(request), (request.params as { statusId: string }).statusId)),
  );
}
