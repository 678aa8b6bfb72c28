import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { controlStatuses } from '../../domain/duty-of-care.ts';
import { cerOutcomes, nis2Outcomes } from '../../domain/scoping.ts';
import type { ControlStatusInput, ScopingInput } from '../../services/duty-of-care.service.ts';
import type { Services } from '../../services/index.ts';
import type { Page } from '../../services/registry/registry.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';
import { classificationSchema, classifyBodySchema } from './scoping.routes.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const dateTime = (description: string) => Type.String({ format: 'date-time', description });
const calendarDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const token = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9._-]*$', maxLength: 200 });

const scopingVersionSchema = Type.Object(
  {
    version: Type.Integer({ description: 'Versions count up per organisation; earlier ones are kept.' }),
    sector: Type.String(),
    employees: Type.Number(),
    turnoverEur: Type.Number(),
    balanceSheetEur: Type.Number(),
    flags: Type.Array(Type.String()),
    nis2: enumOf(nis2Outcomes),
    cer: enumOf(cerOutcomes),
    size: Type.String({ description: 'Enterprise size by the size rule (Recommendation 2003/361/EC).' }),
    reasons: classificationSchema.properties.reasons,
    recordedByUserId: nullable(Type.String({ format: 'uuid' })),
    recordedByOrgId: nullable(Type.String({ format: 'uuid', description: 'The organisation that recorded it: the entity, its ministry or its supervisor.' })),
    recordedAt: dateTime('When this version was recorded.'),
  },
  { $id: 'ScopingVersion', additionalProperties: false },
);
const organisationScopingSchema = Type.Object(
  { organisationId: Type.String({ format: 'uuid' }), current: Type.Union([Type.Ref('ScopingVersion'), Type.Null()]), history: Type.Array(Type.Ref('ScopingVersion'), { description: 'Newest first.' }) },
  { $id: 'OrganisationScoping', additionalProperties: false },
);

const catalogueSummaryProperties = {
  id: Type.String({ description: 'Catalogue id: nis2-art21 and cer-art13 are shipped; imported ones are named at import.' }),
  title: Type.String(),
  version: Type.String(),
  oscalVersion: Type.String(),
  regime: Type.Union([enumOf(['nis2', 'cer'] as const), Type.Null()], { description: 'The regime that makes a shipped catalogue apply; null for an imported one.' }),
  builtin: Type.Boolean(),
  controlCount: Type.Integer(),
};
const catalogueSummarySchema = Type.Object(catalogueSummaryProperties, { $id: 'ControlCatalogueSummary', additionalProperties: false });
const controlProperties = {
  id: Type.String(),
  title: Type.String(),
  label: Type.String({ description: 'The article or clause, e.g. "NIS2 art. 21(2)(a)".' }),
  group: nullable(Type.String()),
  statement: nullable(Type.String()),
  guidance: nullable(Type.String()),
};
const catalogueSchema = Type.Object({ ...catalogueSummaryProperties, controls: Type.Array(Type.Object(controlProperties, { additionalProperties: false })) }, { $id: 'ControlCatalogue', additionalProperties: false });

const evidenceSchema = Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }), href: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })) }, { additionalProperties: false });
const controlStateSchema = Type.Object(
  {
    status: enumOf(controlStatuses),
    evidence: Type.Array(evidenceSchema),
    owner: nullable(Type.String()),
    reviewDate: nullable(calendarDate('Next review (Europe/Amsterdam calendar date); a passed date makes the control a gap.')),
    recordedByUserId: nullable(Type.String({ format: 'uuid' })),
    recordedAt: dateTime('When this state was recorded.'),
  },
  { $id: 'ControlState', additionalProperties: false },
);
const gapReasons = ['no-status', 'not-implemented', 'review-overdue'] as const;
const gapSchema = Type.Object(
  {
    organisationId: Type.String({ format: 'uuid' }),
    organisationName: Type.String(),
    catalogueId: Type.String(),
    controlId: Type.String(),
    label: Type.String(),
    title: Type.String(),
    status: Type.Union([enumOf(controlStatuses), Type.Null()]),
    reviewDate: nullable(Type.String()),
    owner: nullable(Type.String()),
    reason: enumOf(gapReasons, 'no status recorded, recorded as not implemented, or review date passed.'),
  },
  { $id: 'DutyOfCareGap', additionalProperties: false },
);
const entityStatusProperties = {
  organisationId: Type.String({ format: 'uuid' }),
  organisationName: Type.String(),
  nis2: Type.Union([enumOf(nis2Outcomes), Type.Null()], { description: 'From the current stored scoping; null when none is stored.' }),
  cer: Type.Union([enumOf(cerOutcomes), Type.Null()]),
  catalogueIds: Type.Array(Type.String(), { description: 'Catalogues that apply (NIS2 when in scope, CER when critical) or that the entity tracks.' }),
  counts: Type.Object(Object.fromEntries([...controlStatuses, 'unassessed'].map((status) => [status, Type.Integer()]))),
  gaps: Type.Array(Type.Ref('DutyOfCareGap')),
  approval: Type.Union([Type.Object({ approvedAt: dateTime('When the management body approved.'), approvedBy: Type.String() }, { additionalProperties: false }), Type.Null()], {
    description: 'The management body’s approval (NIS2 art. 20) while it holds; null when none was given or a control changed after it.',
  }),
  lastApproval: Type.Union([
    Type.Object(
      { approvedAt: dateTime('When.'), approvedBy: Type.String(), note: nullable(Type.String()), invalidatedAt: nullable(dateTime('The first control change after the approval, which invalidated it.')) },
      { additionalProperties: false },
    ),
    Type.Null(),
  ]),
};
const entityStatusSchema = Type.Object(entityStatusProperties, { $id: 'DutyOfCareEntityStatus', additionalProperties: false });
const entityControlsSchema = Type.Object(
  {
    ...entityStatusProperties,
    catalogues: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          title: Type.String(),
          regime: Type.Union([enumOf(['nis2', 'cer'] as const), Type.Null()]),
          controls: Type.Array(Type.Object({ ...controlProperties, state: Type.Union([Type.Ref('ControlState'), Type.Null()]), gap: Type.Union([enumOf(gapReasons), Type.Null()]) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'DutyOfCareEntityControls', additionalProperties: false },
);

const controlParams = Type.Object({ id: Type.String({ description: 'UUID of the organisation.' }), catalogueId: token, controlId: token });
const gapQuery = Type.Object(
  {
    sectorId: Type.Optional(Type.String({ format: 'uuid', description: 'Only entities designated for a vital process of this sector.' })),
    organisationId: Type.Optional(Type.String({ format: 'uuid', description: 'Only this entity.' })),
    format: Type.Optional(enumOf(['json', 'xlsx'] as const, 'json (default) or an XLSX workbook.')),
    ...pageQuery,
  },
  { additionalProperties: false },
);
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** NIS2/CER duty of care (issue 6, items 1–2): stored scoping, OSCAL control catalogues, control status per entity, gaps and management approval. */
export function registerDutyOfCareRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [scopingVersionSchema, organisationScopingSchema, catalogueSummarySchema, catalogueSchema, controlStateSchema, gapSchema, entityStatusSchema, entityControlsSchema]) app.addSchema(schema);
  const tags = ['duties'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/organisations/:id/scoping',
    { schema: { tags, summary: 'The stored NIS2/CER scoping of an organisation and its earlier versions (the organisation, its ministry, its supervisor, the coordinator)', params: idParams, response: { 200: Type.Ref('OrganisationScoping'), ...problemResponses } } },
    async (request) => services.dutyOfCare.getScoping(actorOf(request), id(request)),
  );
  app.put(
    '/organisations/:id/scoping',
    {
      schema: {
        tags,
        summary: 'Record a new scoping version: sector, size and flags; the outcome and its reasons are computed by the NIS2/CER rules (the organisation itself, its ministry or its supervisor)',
        params: idParams,
        body: classifyBodySchema,
        response: { 200: Type.Ref('OrganisationScoping'), ...problemResponses },
      },
    },
    async (request) => services.dutyOfCare.putScoping(actorOf(request), id(request), request.body as ScopingInput),
  );

  app.get(
    '/catalogues',
    { schema: { tags, summary: 'The control catalogues: NIS2 art. 21(2) and CER art. 13(1) shipped, others imported from OSCAL', response: { 200: Type.Array(Type.Ref('ControlCatalogueSummary')), ...problemResponses } } },
    async () => services.dutyOfCare.listCatalogues(),
  );
  app.get(
    '/catalogues/:id',
    { schema: { tags, summary: 'A control catalogue with its controls', params: Type.Object({ id: token }), response: { 200: Type.Ref('ControlCatalogue'), ...problemResponses } } },
    async (request) => services.dutyOfCare.getCatalogue(id(request)),
  );
  app.get(
    '/catalogues/:id/oscal',
    {
      schema: {
        tags,
        summary: 'A control catalogue as OSCAL 1.1 catalog JSON',
        params: Type.Object({ id: token }),
        response: { 200: Type.Unsafe({ type: 'object', additionalProperties: true, description: 'An OSCAL catalog document ({ "catalog": … }).' }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const document = await services.dutyOfCare.exportOscal(actorOf(request), id(request));
      return reply.type('application/json').header('content-disposition', `attachment; filename="${id(request)}.oscal.json"`).send(JSON.stringify(document, null, 2));
    },
  );
  app.post(
    '/catalogues',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Import a control catalogue from OSCAL 1.1 catalog JSON (administrator or coordinator); an invalid document is refused whole, naming every offending path',
        querystring: Type.Object({ id: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60, description: 'Catalogue id; the title in kebab-case by default.' })) }, { additionalProperties: false }),
        body: Type.Unsafe({ type: 'object', description: 'An OSCAL catalog document ({ "catalog": … }).' }),
        response: { 201: Type.Ref('ControlCatalogueSummary'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const summary = await services.dutyOfCare.importOscal(actorOf(request), request.body, (request.query as { id?: string }).id);
      return reply.code(201).send(summary);
    },
  );

  app.get(
    '/duty-of-care/entities',
    {
      schema: {
        tags,
        summary: 'Duty-of-care status of every entity you may see that has a stored scoping or control status: catalogues, counts by status, gaps, management approval',
        querystring: Type.Object({ sectorId: Type.Optional(Type.String({ format: 'uuid' })), ...pageQuery }, { additionalProperties: false }),
        response: { 200: listSchema(Type.Ref('DutyOfCareEntityStatus')), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as { sectorId?: string } & Page;
      return services.dutyOfCare.listEntities(actorOf(request), filters, { limit, offset });
    },
  );
  app.get(
    '/duty-of-care/gaps',
    {
      schema: {
        tags,
        summary: 'Gap report per entity or per sector: applicable controls without a status, not implemented, or past their review date; format=xlsx for a workbook',
        querystring: gapQuery,
        response: { 200: listSchema(Type.Ref('DutyOfCareGap'), { description: `A page of JSON, or with format=xlsx an XLSX workbook of every gap (${xlsxType}).` }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { format, limit, offset, ...filters } = request.query as { format?: 'json' | 'xlsx'; sectorId?: string; organisationId?: string } & Page;
      if (format !== 'xlsx') return services.dutyOfCare.gaps(actorOf(request), filters, { limit, offset });
      const workbook = await services.dutyOfCare.gapsXlsx(actorOf(request), filters);
      return reply.type(xlsxType).header('content-disposition', 'attachment; filename="duty-of-care-gaps.xlsx"').send(workbook);
    },
  );
  app.get(
    '/organisations/:id/controls',
    { schema: { tags, summary: 'The entity’s applicable controls with their current status, gaps and management approval', params: idParams, response: { 200: Type.Ref('DutyOfCareEntityControls'), ...problemResponses } } },
    async (request) => services.dutyOfCare.entityControls(actorOf(request), id(request)),
  );
  app.put(
    '/organisations/:id/controls/:catalogueId/:controlId',
    {
      schema: {
        tags,
        summary: 'Record the status of one control (the entity itself): status, evidence, owner, review date; the earlier state is kept and a management approval given before is invalidated',
        params: controlParams,
        body: Type.Object(
          {
            status: enumOf(controlStatuses),
            evidence: Type.Optional(Type.Array(evidenceSchema, { maxItems: 50 })),
            owner: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
            reviewDate: Type.Optional(Type.Union([calendarDate('Next review date (YYYY-MM-DD).'), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('ControlState'), ...problemResponses },
      },
    },
    async (request) => {
      const { catalogueId, controlId } = request.params as { catalogueId: string; controlId: string };
      return services.dutyOfCare.setControlStatus(actorOf(request), id(request), catalogueId, controlId, request.body as ControlStatusInput);
    },
  );
  app.get(
    '/organisations/:id/controls/:catalogueId/:controlId/history',
    { schema: { tags, summary: 'Every recorded state of one control of the entity, newest first', params: controlParams, response: { 200: Type.Array(Type.Ref('ControlState')), ...problemResponses } } },
    async (request) => {
      const { catalogueId, controlId } = request.params as { catalogueId: string; controlId: string };
      return services.dutyOfCare.controlHistory(actorOf(request), id(request), catalogueId, controlId);
    },
  );
  app.post(
    '/organisations/:id/management-approval',
    {
      schema: {
        tags,
        summary: 'Record that the management body approved the measures (NIS2 art. 20), by whom and when; any later control change invalidates it',
        params: idParams,
        body: Type.Object(
          {
            approvedBy: Type.String({ minLength: 1, maxLength: 300, description: 'Who approved: the management body or its member.' }),
            approvedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When (default now; never in the future).' })),
            note: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('DutyOfCareEntityStatus'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.dutyOfCare.approve(actorOf(request), id(request), request.body as { approvedBy: string; approvedAt?: string; note?: string })),
  );
}
