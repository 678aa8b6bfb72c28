import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tlpLabels, type Tlp } from '../../domain/tlp.ts';
import { advisoryKinds, audienceRoles, threatDomains, type AdvisoryFilters, type AdvisoryInput, type ForwardInput } from '../../services/advisories.service.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const oneOf = (values: readonly string[], description: string) => Type.Unsafe<string>({ type: 'string', enum: [...values], description });
const tlp = oneOf(tlpLabels, 'FIRST TLP 2.0 label; every response carries it. In a query string write + as %2B (TLP:AMBER%2BSTRICT).');
const uuid = Type.String({ format: 'uuid' });
const date = Type.String({ format: 'date-time' });
const nullableDate = Type.Union([date, Type.Null()]);
const ids = (description: string) => Type.Optional(Type.Array(uuid, { uniqueItems: true, maxItems: 500, description }));

const audienceInput = Type.Object(
  {
    organisationIds: ids('Recipient organisations.'),
    sectorIds: ids('Recipient sectors: their providers, responsible ministries and supervisors.'),
    roles: Type.Optional(Type.Array(oneOf(audienceRoles, 'A role: every organisation of its kind.'), { uniqueItems: true })),
    personIds: ids('Named persons (user ids): the recipients of TLP:RED, and only there.'),
  },
  { additionalProperties: false, description: 'RED names persons only; AMBER and AMBER+STRICT need organisations, sectors or roles; GREEN without any reaches every participant.' },
);
const amberClients = Type.Optional(Type.Boolean({ description: 'Under TLP:AMBER only: the recipients’ clients may read it (a ministry’s clients are the providers of its vital processes).' }));

const audienceSchema = Type.Object({ organisationIds: Type.Array(uuid), sectorIds: Type.Array(uuid), roles: Type.Array(Type.String()), personIds: Type.Array(uuid) });
const summaryFields = {
  id: uuid,
  kind: Type.String(),
  threatDomain: Type.Union([Type.String(), Type.Null()]),
  tlp: Type.String({ description: 'FIRST TLP 2.0 label.' }),
  amberClients: Type.Boolean(),
  title: Type.String(),
  authorUserId: uuid,
  authorOrgId: uuid,
  forwardedFromId: Type.Union([uuid, Type.Null()]),
  createdAt: date,
  updatedAt: date,
  readAt: Type.Union([date, Type.Null()], { description: 'When the caller first read it.' }),
  acknowledgedAt: Type.Union([date, Type.Null()], { description: 'When the caller acknowledged it.' }),
};
const advisorySummary = Type.Object(summaryFields, { $id: 'AdvisorySummary' });
const advisory = Type.Object({ ...summaryFields, body: Type.String(), audience: audienceSchema, processIds: Type.Array(uuid) }, { $id: 'Advisory' });
const acknowledgement = Type.Object({ advisoryId: uuid, tlp: Type.String(), acknowledgedAt: date }, { $id: 'AdvisoryAcknowledgement' });
const reads = Type.Object(
  {
    advisoryId: uuid,
    tlp: Type.String(),
    items: Type.Array(
      Type.Object({ userId: uuid, name: Type.String(), email: Type.String(), organisationId: uuid, organisationName: Type.String(), firstReadAt: date, lastReadAt: date, readCount: Type.Integer(), acknowledgedAt: nullableDate }),
    ),
  },
  { $id: 'AdvisoryReads' },
);

/** Advisories and messages under TLP 2.0: the inbox, reading, publishing, forwarding, acknowledging and read receipts. */
export function registerAdvisoryRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [advisorySummary, advisory, acknowledgement, reads]) app.addSchema(schema);
  const tags = ['advisories'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/advisories',
    {
      schema: {
        tags,
        summary: 'The inbox: messages the caller may read under their TLP labels, newest first',
        querystring: Type.Object(
          { ...pageQuery, tlp: Type.Optional(tlp), kind: Type.Optional(oneOf(advisoryKinds, 'Kind of message.')), unread: Type.Optional(Type.Boolean({ description: 'Only messages the caller has not read.' })) },
          { additionalProperties: false },
        ),
        response: { 200: listSchema(Type.Ref('AdvisorySummary')), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as AdvisoryFilters & { limit: number; offset: number };
      return services.advisories.list(actorOf(request), filters, { limit, offset });
    },
  );
  app.get('/advisories/:id', { schema: { tags, summary: 'Read a message (audited under AMBER, AMBER+STRICT and RED)', params: idParams, response: { 200: Type.Ref('Advisory'), ...problemResponses } } }, async (request) =>
    services.advisories.get(actorOf(request), id(request)),
  );
  app.post(
    '/advisories',
    {
      schema: {
        tags,
        summary: 'Publish a message (CSIRT, coordinator, ministry or provider)',
        body: Type.Object(
          {
            kind: oneOf(advisoryKinds, 'Kind of message.'),
            threatDomain: Type.Optional(Type.Union([oneOf(threatDomains, 'For threat-information only.'), Type.Null()])),
            tlp,
            amberClients,
            title: Type.String({ minLength: 1, maxLength: 300 }),
            body: Type.String({ minLength: 1, maxLength: 100_000 }),
            audience: audienceInput,
            processIds: ids('Linked vital processes.'),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Advisory'), ...problemResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.code(201).send(await services.advisories.create(actorOf(request), request.body as AdvisoryInput)),
  );
  app.post(
    '/advisories/:id/forward',
    {
      schema: {
        tags,
        summary: 'Re-share a message as a new one, under a label at least as restricted as the original',
        params: idParams,
        body: Type.Object({ tlp, amberClients, audience: audienceInput, note: Type.Optional(Type.String({ minLength: 1, maxLength: 10_000 })) }, { additionalProperties: false }),
        response: { 201: Type.Ref('Advisory'), ...problemResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.code(201).send(await services.advisories.forward(actorOf(request), id(request), request.body as ForwardInput & { tlp: Tlp })),
  );
  app.post(
    '/advisories/:id/acknowledgement',
    { schema: { tags, summary: 'Acknowledge a message', params: idParams, response: { 200: Type.Ref('AdvisoryAcknowledgement'), ...problemResponses } } },
    async (request) => services.advisories.acknowledge(actorOf(request), id(request)),
  );
  app.get(
    '/advisories/:id/reads',
    { schema: { tags, summary: 'Who read and acknowledged a message (its author only)', params: idParams, response: { 200: Type.Ref('AdvisoryReads'), ...problemResponses } } },
    async (request) => services.advisories.listReads(actorOf(request), id(request)),
  );
}
