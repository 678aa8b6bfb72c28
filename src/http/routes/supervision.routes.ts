import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { cerOutcomes, nis2Outcomes } from '../../domain/scoping.ts';
import { enforcementKinds, enforcementStatuses, findingStatuses, inspectionKinds, inspectionStatuses } from '../../domain/supervision.ts';
import type { Services } from '../../services/index.ts';
import type { Page } from '../../services/registry/registry.service.ts';
import type { EnforcementInput, FindingInput, InspectionInput } from '../../services/supervision.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const date = (description: string) => Type.String({ format: 'date', description });
const nullableDate = (description: string) => Type.Union([date(description), Type.Null()]);
const nullableUuid = (description: string) => Type.Union([uuid(description), Type.Null()]);
const count = Type.Integer({ minimum: 0 });

const inspectionSchema = Type.Object(
  { id: uuid(), organisationId: uuid(), supervisorId: uuid(), supervisorName: Type.String(), kind: enumOf(inspectionKinds), status: enumOf(inspectionStatuses), date: date('Planned date, or the date it was done.'), scope: Type.String() },
  { $id: 'Inspection', additionalProperties: false },
);
const findingSchema = Type.Object(
  {
    id: uuid(),
    organisationId: uuid(),
    supervisorId: uuid(),
    inspectionId: nullableUuid('The inspection it came from.'),
    title: Type.String(),
    description: Type.String(),
    status: enumOf(findingStatuses),
    dueDate: nullableDate('When the entity must have followed it up.'),
    resolvedOn: nullableDate('When it was resolved.'),
    overdue: Type.Boolean({ description: 'Not resolved and past its due date.' }),
  },
  { $id: 'Finding', additionalProperties: false },
);
const enforcementSchema = Type.Object(
  {
    id: uuid(),
    organisationId: uuid(),
    supervisorId: uuid(),
    findingId: nullableUuid('The finding it enforces.'),
    kind: enumOf(enforcementKinds, 'NIS2 art. 32(4)–(5), 34: warning, binding instruction, order, order subject to a penalty, fine, suspension, management ban.'),
    status: enumOf(enforcementStatuses),
    decidedOn: date('When it was decided.'),
    amountEur: Type.Union([Type.Number(), Type.Null()]),
    description: Type.String(),
  },
  { $id: 'EnforcementAction', additionalProperties: false },
);
const entityProperties = {
  organisationId: uuid(),
  organisationName: Type.String(),
  code: Type.String(),
  sectors: Type.Array(Type.Object({ id: uuid(), code: Type.String(), nameNl: Type.String(), nameEn: Type.String() }, { additionalProperties: false })),
  classification: Type.Object(
    { nis2: enumOf([...nis2Outcomes, 'unknown'] as const), cer: enumOf([...cerOutcomes, 'unknown'] as const), scopingVersion: Type.Union([Type.Integer(), Type.Null()]) },
    { additionalProperties: false, description: 'From the entity’s recorded scoping; unknown when none.' },
  ),
  supervision: Type.Object(
    { regime: enumOf(['ex-ante-and-ex-post', 'ex-post', 'none'] as const), basis: Type.String() },
    { additionalProperties: false, description: 'NIS2 art. 32 (essential: ex ante and ex post) or art. 33 (important: ex post only).' },
  ),
  dutyOfCare: Type.Union([
    Type.Object({ counts: Type.Record(Type.String(), Type.Integer()), gaps: count, approved: Type.Boolean(), approvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }, { additionalProperties: false }),
    Type.Null(),
  ]),
  incidents: Type.Object(
    { total: count, open: count, reports: Type.Object({ onTime: count, late: count, overdue: count, due: count }, { additionalProperties: false, description: 'Reporting timeliness of its report obligations.' }) },
    { additionalProperties: false },
  ),
  inspections: Type.Object({ planned: count, done: count, next: Type.Union([Type.String(), Type.Null()]), last: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
  findings: Type.Object({ open: count, overdue: count }, { additionalProperties: false }),
  enforcement: Type.Object({ active: count, total: count }, { additionalProperties: false }),
};
const entitySchema = Type.Object(entityProperties, { $id: 'SupervisedEntity', additionalProperties: false });
const entityDetailSchema = Type.Object(
  { ...entityProperties, inspectionList: Type.Array(Type.Ref('Inspection')), findingList: Type.Array(Type.Ref('Finding')), enforcementList: Type.Array(Type.Ref('EnforcementAction')) },
  { $id: 'SupervisedEntityDetail', additionalProperties: false },
);

const inspectionFields = {
  kind: enumOf(inspectionKinds, 'ex-ante only for essential entities (NIS2 art. 32); important entities ex post only (art. 33).'),
  status: enumOf(inspectionStatuses),
  date: date('Planned date, or the date it was done.'),
  scope: Type.String({ minLength: 1, maxLength: 4000 }),
};
const findingFields = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
  status: Type.Optional(enumOf(findingStatuses)),
  dueDate: Type.Optional(nullableDate('When the entity must have followed it up.')),
  resolvedOn: Type.Optional(nullableDate('Defaults to today when resolved.')),
};
const enforcementFields = {
  kind: enumOf(enforcementKinds, 'Suspension and a management ban only for essential entities (NIS2 art. 32(5)).'),
  status: enumOf(enforcementStatuses),
  decidedOn: date('When it was decided.'),
  amountEur: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
  description: Type.Optional(Type.String({ maxLength: 20_000 })),
};
const optional = <T extends Record<string, import('@sinclair/typebox').TSchema>>(fields: T) => Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, Type.Optional(schema)]));

/** Supervision under NIS2 art. 32–34 (issue 6, item 4): the supervisor dashboard, inspections, findings and enforcement. */
export function registerSupervisionRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [inspectionSchema, findingSchema, enforcementSchema, entitySchema, entityDetailSchema]) app.addSchema(schema);
  const tags = ['supervision'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/supervision/entities',
    {
      schema: {
        tags,
        summary: 'Supervisor dashboard: each entity you supervise with classification, supervision regime, duty of care, incidents and reporting timeliness, inspections, findings, enforcement',
        querystring: Type.Object(pageQuery, { additionalProperties: false }),
        response: { 200: listSchema(Type.Ref('SupervisedEntity')), ...problemResponses },
      },
    },
    async (request) => services.supervision.listEntities(actorOf(request), request.query as Page),
  );
  app.get(
    '/supervision/entities/:id',
    { schema: { tags, summary: 'One supervised entity with its inspections, findings and enforcement actions', params: idParams, response: { 200: Type.Ref('SupervisedEntityDetail'), ...problemResponses } } },
    async (request) => services.supervision.getEntity(actorOf(request), id(request)),
  );
  app.post(
    '/supervision/entities/:id/inspections',
    {
      schema: {
        tags,
        summary: 'Plan or record an inspection of an entity you supervise; an ex-ante inspection of an entity that is not essential is refused (NIS2 art. 33)',
        params: idParams,
        body: Type.Object(inspectionFields, { additionalProperties: false }),
        response: { 201: Type.Ref('Inspection'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.supervision.createInspection(actorOf(request), id(request), request.body as InspectionInput)),
  );
  app.patch(
    '/supervision/inspections/:id',
    { schema: { tags, summary: 'Change an inspection (done, date, scope)', params: idParams, body: Type.Object(optional(inspectionFields), { additionalProperties: false, minProperties: 1 }), response: { 200: Type.Ref('Inspection'), ...problemResponses } } },
    async (request) => services.supervision.updateInspection(actorOf(request), id(request), request.body as Partial<InspectionInput>),
  );
  app.post(
    '/supervision/entities/:id/findings',
    {
      schema: {
        tags,
        summary: 'Record a finding with its follow-up (status, due date), optionally from an inspection',
        params: idParams,
        body: Type.Object({ ...findingFields, inspectionId: Type.Optional(nullableUuid('The inspection it came from (of the same entity).')) }, { additionalProperties: false }),
        response: { 201: Type.Ref('Finding'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.supervision.createFinding(actorOf(request), id(request), request.body as FindingInput)),
  );
  app.patch(
    '/supervision/findings/:id',
    { schema: { tags, summary: 'Follow a finding up: status, due date, resolution', params: idParams, body: Type.Object(optional(findingFields), { additionalProperties: false, minProperties: 1 }), response: { 200: Type.Ref('Finding'), ...problemResponses } } },
    async (request) => services.supervision.updateFinding(actorOf(request), id(request), request.body as Partial<FindingInput>),
  );
  app.post(
    '/supervision/entities/:id/enforcement-actions',
    {
      schema: {
        tags,
        summary: 'Record an enforcement action (warning, binding instruction, order, order subject to a penalty, fine, …); suspension and a management ban only against an essential entity',
        params: idParams,
        body: Type.Object({ ...enforcementFields, findingId: Type.Optional(nullableUuid('The finding it enforces (of the same entity).')) }, { additionalProperties: false }),
        response: { 201: Type.Ref('EnforcementAction'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.supervision.createEnforcement(actorOf(request), id(request), request.body as EnforcementInput)),
  );
  app.patch(
    '/supervision/enforcement-actions/:id',
    {
      schema: {
        tags,
        summary: 'Change an enforcement action’s status, amount, date or description',
        params: idParams,
        body: Type.Object({ status: Type.Optional(enforcementFields.status), decidedOn: Type.Optional(enforcementFields.decidedOn), amountEur: enforcementFields.amountEur, description: enforcementFields.description }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: Type.Ref('EnforcementAction'), ...problemResponses },
      },
    },
    async (request) => services.supervision.updateEnforcement(actorOf(request), id(request), request.body as Partial<EnforcementInput>),
  );
}
