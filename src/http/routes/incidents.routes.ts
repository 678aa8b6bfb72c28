import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { incidentStatuses, recipientKinds } from '../../domain/incidents.ts';
import { reportingRegimes, reportingSteps } from '../../domain/reporting-deadlines.ts';
import type { IncidentInput, IncidentPatch, IntermediateRequestInput, ObligationState, ReportInput } from '../../services/incidents.service.ts';
import type { Services } from '../../services/index.ts';
import { renderIncidentReport } from '../../services/incident-report.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const dateTime = (description: string) => Type.String({ format: 'date-time', description });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const obligationStates = ['overdue', 'due-soon', 'due', 'submitted', 'late'] as const satisfies readonly ObligationState[];
const localTime = (description: string) => Type.String({ description: `${description} in Europe/Amsterdam, ISO 8601 with its offset.` });

const significanceFacts = {
  severeOperationalDisruption: Type.Boolean({ description: 'NIS2 art. 23(3)(a): has caused or can cause severe operational disruption of the services.' }),
  financialLoss: Type.Boolean({ description: 'NIS2 art. 23(3)(a): has caused or can cause financial loss for the entity.' }),
  damageToOthers: Type.Boolean({ description: 'NIS2 art. 23(3)(b): has affected or can affect others by considerable material or non-material damage.' }),
};

/** The body of POST /incidents; `vitaal incident report --file FILE` validates its file with the same schema (organisation by code there). */
export const incidentBodySchema = Type.Object(
  {
    organisationId: Type.Optional(uuid('The entity (a provider organisation); your own organisation when absent.')),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The entity’s own reference for the incident (unique per entity).' })),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    awareAt: dateTime('When the entity became aware of the incident (with Z or an offset); not in the future.'),
    regimes: Type.Optional(Type.Array(enumOf(reportingRegimes), { uniqueItems: true, description: 'The regimes that apply; from the entity’s recorded scoping when absent.' })),
    trustService: Type.Optional(Type.Boolean({ description: 'NIS2 art. 23(4), second subparagraph: an incident affecting the provision of trust services (notification within 24 h).' })),
    significance: Type.Object(significanceFacts, { additionalProperties: false, description: 'The facts NIS2 art. 23(3) weighs; a NIS2 obligation only arises for a significant incident.' }),
  },
  { additionalProperties: false },
);
export type IncidentBody = Static<typeof incidentBodySchema>;

const reportFieldSchema = Type.Object({ name: Type.String(), type: enumOf(['text', 'boolean', 'number'] as const), required: Type.Boolean(), description: Type.String() }, { additionalProperties: false });
const obligationProperties = {
  id: uuid(),
  regime: enumOf(reportingRegimes),
  step: enumOf(reportingSteps),
  dueAt: nullable(dateTime('The deadline, UTC; null for a NIS2 final report of an incident still being handled after the final-report deadline: due one month after handling ends (art. 23(4)(e)).')),
  dueAtLocal: Type.Union([localTime('The deadline'), Type.Null()]),
  basis: Type.String({ description: 'The article the deadline rests on.' }),
  recipients: Type.Array(
    Type.Object({ kind: enumOf(recipientKinds), organisations: Type.Array(Type.Object({ id: uuid(), name: Type.String() }, { additionalProperties: false })) }, { additionalProperties: false }),
    { description: 'Who receives the report (data/reference/incident-recipients.json).' },
  ),
  fields: Type.Array(reportFieldSchema, { description: 'The content the report needs.' }),
  status: enumOf(['due', 'submitted', 'withdrawn'] as const, 'withdrawn: no longer applies (the significance changed); kept, takes no submission.'),
  withdrawnAt: nullable(dateTime('When it stopped applying.')),
  request: Type.Union(
    [
      Type.Object(
        { at: dateTime('When it was requested.'), organisationId: uuid('The CSIRT or competent authority that asked.'), organisationName: Type.String(), note: Type.String() },
        { additionalProperties: false },
      ),
      Type.Null(),
    ],
    { description: 'NIS2 art. 23(4)(c): who asked for this intermediate report; null for the other steps.' },
  ),
  submittedAt: nullable(dateTime('When the report was submitted, UTC.')),
  submittedAtLocal: Type.Union([localTime('When the report was submitted'), Type.Null()]),
  content: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'The submitted content.' }),
  submittedByUserId: nullable(uuid()),
  late: Type.Boolean({ description: 'Submitted after its deadline, or not submitted while the deadline has passed.' }),
};
const obligationSchema = Type.Object(obligationProperties, { $id: 'ReportObligation', additionalProperties: false });

const incidentSchema = Type.Object(
  {
    id: uuid(),
    number: Type.String({ description: 'The incident number, e.g. INC-2026-00001.' }),
    organisationId: uuid('The entity.'),
    organisationName: Type.String(),
    reference: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    description: Type.String(),
    awareAt: dateTime('When the entity became aware, UTC.'),
    awareAtLocal: localTime('When the entity became aware'),
    regimes: Type.Array(enumOf(reportingRegimes)),
    regimesSource: enumOf(['given', 'classification'] as const, 'Whether the regimes were given or follow from the entity’s scoping.'),
    trustService: Type.Boolean(),
    significance: Type.Object(
      { ...significanceFacts, significant: Type.Boolean(), reasons: Type.Array(Type.Object({ basis: Type.String(), text: Type.String() }, { additionalProperties: false })) },
      { additionalProperties: false },
    ),
    status: enumOf(incidentStatuses),
    resolvedAt: nullable(dateTime('When handling ended.')),
    createdByUserId: nullable(uuid()),
    createdAt: dateTime('When the incident was recorded.'),
    updatedAt: dateTime('Last change.'),
    obligations: Type.Array(Type.Ref('ReportObligation')),
    history: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: uuid(),
            at: dateTime('When it happened.'),
            kind: enumOf(['created', 'updated', 'report-submitted', 'deadline-moved', 'obligation-added', 'obligation-withdrawn', 'intermediate-requested'] as const),
            actorUserId: nullable(uuid()),
            actorOrgId: nullable(uuid()),
            details: Type.Object({}, { additionalProperties: true }),
          },
          { additionalProperties: false },
        ),
        { description: 'Every change and every submission, oldest first.' },
      ),
    ),
  },
  { $id: 'Incident', additionalProperties: false },
);

const obligationListItemSchema = Type.Object(
  { ...obligationProperties, incidentId: uuid(), incidentNumber: Type.String(), incidentTitle: Type.String(), organisationId: uuid(), organisationName: Type.String() },
  { additionalProperties: false },
);

/** Incident reporting under NIS2 art. 23 and CER art. 15 (issue 6, item 3). */
export function registerIncidentRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [obligationSchema, incidentSchema]) app.addSchema(schema);
  const incident = Type.Ref('Incident');
  const tags = ['incidents'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'List the incidents you may see (an entity its own; a supervisor those of its entities; the CSIRT those under NIS2), latest awareness first',
        querystring: Type.Object({ ...pageQuery, organisationId: Type.Optional(uuid()), status: Type.Optional(enumOf(incidentStatuses)) }, { additionalProperties: false }),
        response: { 200: listSchema(incident), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as { limit: number; offset: number; organisationId?: string; status?: (typeof incidentStatuses)[number] };
      return services.incidents.list(actorOf(request), filters, { limit, offset });
    },
  );
  app.get(
    '/incidents/obligations',
    {
      schema: {
        tags,
        summary: 'Countdown and overdue view: a page of the report obligations of the incidents you may see, soonest due first (state=overdue, due-soon within withinHours, due, submitted, late)',
        querystring: Type.Object(
          { ...pageQuery, state: Type.Optional(enumOf(obligationStates)), withinHours: Type.Optional(Type.Number({ minimum: 0, maximum: 24 * 366, default: 24, description: 'The due-soon window in hours.' })), organisationId: Type.Optional(uuid()) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Composite([listSchema(obligationListItemSchema), Type.Object({ now: dateTime('The server’s clock, for countdowns.') })]), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as { limit: number; offset: number; state?: ObligationState; withinHours?: number; organisationId?: string };
      return services.incidents.listObligations(actorOf(request), filters, { limit, offset });
    },
  );
  app.get('/incidents/:id', { schema: { tags, summary: 'Read an incident with its report obligations and its whole history', params: idParams, response: { 200: incident, ...problemResponses } } }, async (request) =>
    services.incidents.get(actorOf(request), id(request)),
  );
  app.post(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'Report an incident of your entity; every NIS2 and CER report obligation is generated with its deadline (UTC and Europe/Amsterdam) and recipients',
        body: incidentBodySchema,
        response: { 201: incident, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.incidents.create(actorOf(request), request.body as IncidentInput)),
  );
  app.patch(
    '/incidents/:id',
    {
      schema: {
        tags,
        summary:
          'Change an incident’s title, description, status (resolved with resolvedAt) or significance facts (NIS2 art. 23(3)); the obligations are derived again (art. 23(4)(e) on resolution), submitted reports kept; every change is kept in its history',
        params: idParams,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            description: Type.Optional(Type.String({ maxLength: 20_000 })),
            status: Type.Optional(enumOf(incidentStatuses)),
            resolvedAt: Type.Optional(dateTime('When handling ended (status resolved); defaults to now.')),
            significance: Type.Optional(Type.Object(significanceFacts, { additionalProperties: false, description: 'The reassessed facts of NIS2 art. 23(3).' })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: incident, ...problemResponses },
      },
    },
    async (request) => services.incidents.update(actorOf(request), id(request), request.body as IncidentPatch),
  );
  app.post(
    '/incidents/:id/reports',
    {
      schema: {
        tags,
        summary: 'Submit one report (regime and step) with the content it needs; a late report is accepted and flagged, a submitted one is never replaced',
        params: idParams,
        body: Type.Object(
          {
            regime: enumOf(reportingRegimes),
            step: enumOf(reportingSteps),
            obligationId: Type.Optional(uuid('Which obligation, for a step that occurs more than once (intermediate reports); the earliest open one when absent.')),
            submittedAt: Type.Optional(dateTime('When the report went to its recipients; defaults to now; not before awareness, not in the future.')),
            content: Type.Object({}, { additionalProperties: true, description: 'The fields of the obligation’s `fields`.' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: incident, ...problemResponses },
      },
    },
    async (request) => services.incidents.submitReport(actorOf(request), id(request), request.body as ReportInput),
  );
  app.post(
    '/incidents/:id/intermediate-requests',
    {
      schema: {
        tags,
        summary: 'NIS2 art. 23(4)(c): as the CSIRT or the entity’s supervisor, ask for an intermediate report by a date you set; the entity gets one more report obligation',
        params: idParams,
        body: Type.Object(
          { dueAt: dateTime('When the intermediate report is due (with Z or an offset); after now.'), note: Type.Optional(Type.String({ maxLength: 4000, description: 'What the status update should cover.' })) },
          { additionalProperties: false },
        ),
        response: { 201: incident, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.incidents.requestIntermediateReport(actorOf(request), id(request), request.body as IntermediateRequestInput)),
  );
  app.get(
    '/incidents/:id/report.pdf',
    {
      schema: {
        tags,
        summary: 'The incident report as PDF: facts, significance, every obligation with its deadline and submission, the history',
        params: idParams,
        querystring: Type.Object({ language: Type.Optional(enumOf(['nl', 'en'] as const, 'Language of the report (default nl).')) }, { additionalProperties: false }),
        response: { 200: { description: 'The PDF.', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } }, ...problemResponses },
      },
    },
    async (request, reply) => {
      const view = await services.incidents.get(actorOf(request), id(request));
      const language = (request.query as { language?: 'nl' | 'en' }).language ?? 'nl';
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${view.number}.pdf"`)
        .send(await renderIncidentReport(view, language));
    },
  );
}
