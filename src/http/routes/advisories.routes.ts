import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tlpLabels, type Tlp } from '../../domain/tlp.ts';
import { advisoryKinds, audienceRoles, threatDomains, type AdvisoryFilters, type AdvisoryInput, type AttachmentInput, type ForwardInput, type ReplyInput } from '../../services/advisories.service.ts';
import type { Services } from '../../services/index.ts';
import { defaultMessagingOptions } from '../../services/notifications.service.ts';
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
  replyToId: Type.Union([uuid, Type.Null()], { description: 'The message this one answers.' }),
  createdAt: date,
  updatedAt: date,
  readAt: Type.Union([date, Type.Null()], { description: 'When the caller first read it.' }),
  acknowledgedAt: Type.Union([date, Type.Null()], { description: 'When the caller acknowledged it.' }),
};
const advisorySummary = Type.Object(summaryFields, { $id: 'AdvisorySummary' });
const attachmentFields = { id: uuid, filename: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), sha256: Type.String({ description: 'SHA-256 of the content, hexadecimal.' }), createdAt: date };
const attachmentSchema = Type.Object({ ...attachmentFields, advisoryId: uuid, tlp: Type.String({ description: 'The label of the message, which the attachment carries.' }) }, { $id: 'AdvisoryAttachment' });
const replySummary = Type.Object({ id: uuid, tlp: Type.String(), title: Type.String(), authorUserId: uuid, authorOrgId: uuid, createdAt: date });
const advisory = Type.Object(
  {
    ...summaryFields,
    body: Type.String(),
    audience: audienceSchema,
    processIds: Type.Array(uuid),
    vendorIds: Type.Array(uuid),
    productIds: Type.Array(uuid),
    incidentIds: Type.Array(uuid),
    attachments: Type.Array(Type.Object(attachmentFields)),
    replies: Type.Array(replySummary, { description: 'Replies the caller may read.' }),
  },
  { $id: 'Advisory' },
);
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
  for (const schema of [advisorySummary, advisory, acknowledgement, reads, attachmentSchema]) app.addSchema(schema);
  // Every single-message response names its label in a header too, so that proxies and clients can act on it.
  const labelled = <T extends { tlp: string }>(reply: { header(name: string, value: string): unknown }, body: T): T => {
    reply.header('TLP', body.tlp);
    return body;
  };
  // Base64 is 4/3 of the file; the service refuses a decoded file above the limit with its own 413. (The services are absent when only the OpenAPI document is generated.)
  const attachmentBodyLimit = Math.ceil(((services.advisories?.attachmentMaxBytes ?? defaultMessagingOptions.attachmentMaxBytes) * 4) / 3) + 64 * 1024;
  const tags = ['advisories'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/advisories',
    {
      schema: {
        tags,
        summary: 'The inbox: messages the caller may read under their TLP labels, newest first',
        querystring: Type.Object(
          {
            ...pageQuery,
            tlp: Type.Optional(tlp),
            kind: Type.Optional(oneOf(advisoryKinds, 'Kind of message.')),
            unread: Type.Optional(Type.Boolean({ description: 'Only messages the caller has not read.' })),
            q: Type.Optional(Type.String({ maxLength: 200, description: 'Search: every word must occur in the title or text (case-insensitive).' })),
          },
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
  app.get(
    '/advisories/audience-directory',
    {
      schema: {
        tags,
        summary: 'Organisations the caller may name as recipients (authors only: the CSIRT and the coordinator every participant, others those they may see)',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: uuid, name: Type.String(), kind: Type.String() })) }), ...problemResponses },
      },
    },
    async (request) => services.advisories.listAudienceDirectory(actorOf(request)),
  );
  app.get('/advisories/:id', { schema: { tags, summary: 'Read a message (audited under AMBER, AMBER+STRICT and RED)', params: idParams, response: { 200: Type.Ref('Advisory'), ...problemResponses } } }, async (request, reply) =>
    labelled(reply, await services.advisories.get(actorOf(request), id(request))),
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
            vendorIds: ids('Linked vendors.'),
            productIds: ids('Linked products (ones the author may see).'),
            incidentIds: ids('Linked incidents.'),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Advisory'), ...problemResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.code(201).send(labelled(reply, await services.advisories.create(actorOf(request), request.body as AdvisoryInput))),
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
    async (request, reply) => reply.code(201).send(labelled(reply, await services.advisories.forward(actorOf(request), id(request), request.body as ForwardInput & { tlp: Tlp }))),
  );
  app.post(
    '/advisories/:id/reply',
    {
      schema: {
        tags,
        summary: 'Answer a message: to its author (in person under RED, else the author’s organisation), under its label or a more restricted one',
        params: idParams,
        body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 100_000 }), tlp: Type.Optional(tlp) }, { additionalProperties: false }),
        response: { 201: Type.Ref('Advisory'), ...problemResponses, 422: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.code(201).send(labelled(reply, await services.advisories.reply(actorOf(request), id(request), request.body as ReplyInput))),
  );
  app.post(
    '/advisories/:id/attachments',
    {
      bodyLimit: attachmentBodyLimit,
      schema: {
        tags,
        summary: 'Attach a file to a message (its author only); base64 in JSON, at most VITAAL_ATTACHMENT_MAX_BYTES (else 413)',
        params: idParams,
        body: Type.Object(
          {
            filename: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000-\\u001f]+$' }),
            mediaType: Type.String({ minLength: 3, maxLength: 127, description: 'type/subtype, e.g. application/pdf.' }),
            contentBase64: Type.String({ description: 'The file, base64-encoded.' }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('AdvisoryAttachment'), ...problemResponses, 413: Type.Ref('Problem') },
      },
    },
    async (request, reply) => reply.code(201).send(labelled(reply, await services.advisories.addAttachment(actorOf(request), id(request), request.body as AttachmentInput))),
  );
  app.get(
    '/advisories/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download an attachment (readers of the message only; audited under AMBER, AMBER+STRICT and RED); the TLP header carries the label',
        params: Type.Object({ id: Type.String(), attachmentId: Type.String() }),
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary', description: 'The file as uploaded.' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { attachmentId } = request.params as { attachmentId: string };
      const attachment = await services.advisories.getAttachment(actorOf(request), id(request), attachmentId);
      return reply
        .header('TLP', attachment.tlp)
        .header('Content-Type', attachment.mediaType)
        .header('Content-Disposition', `attachment; filename="${attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
        .header('Digest', `sha-256=${Buffer.from(attachment.sha256, 'hex').toString('base64')}`)
        .header('Cache-Control', 'private, no-store')
        .send(attachment.content);
    },
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
