import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { designationStatuses } from '../../domain/registry.ts';
import { effectVerdicts, measureScopes, measureStatuses, trends } from '../../domain/programme.ts';
import { resilienceIndicators } from '../../domain/resilience.ts';
import { scorePhases } from '../../domain/risk.ts';
import type { DesignationInput, NotificationInput } from '../../services/cycle-designation.service.ts';
import type { Services } from '../../services/index.ts';
import type { MeasureFilters, MeasureInput, MeasurePatch } from '../../services/programme.service.ts';
import type { CycleInputBody, ScenarioInput, ScenarioPatch, ScenarioScoreBody, ThreatLinkInput } from '../../services/risk.service.ts';
import { actorOf } from '../authentication.ts';
import { problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const dateTime = (description: string) => Type.String({ format: 'date-time', description });
const orNull = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const object = (properties: Record<string, TSchema>, options: { $id?: string; description?: string } = {}) => Type.Object(properties, { additionalProperties: false, ...options });
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const cycleParams = object({ id: uuid('The cycle.') });
const childParams = (name: string) => object({ id: uuid('The cycle.'), [name]: uuid() });
const languageQuery = object({ language: Type.Optional(enumOf(['nl', 'en'] as const, 'Language of the report (default nl).')) });
const classCode = Type.String({ minLength: 1, maxLength: 3 });

const designationChange = object({ id: uuid(), providerId: uuid(), status: enumOf(designationStatuses), previousStatus: orNull(enumOf(designationStatuses)), note: orNull(Type.String()), changedByUserId: orNull(uuid()), changedAt: dateTime('When the status changed.') }, { $id: 'DesignationChange' });
const providerNotification = object(
  {
    id: uuid(),
    cycleId: uuid(),
    providerId: uuid(),
    status: enumOf(designationStatuses, 'The status the provider was notified of.'),
    message: Type.String(),
    sentByUserId: orNull(uuid()),
    sentAt: dateTime('When the provider was notified.'),
    acknowledgedAt: orNull(dateTime('When the provider confirmed receipt.')),
    acknowledgedByUserId: orNull(uuid()),
  },
  { $id: 'ProviderNotification' },
);
const cycleProvider = object({
  id: uuid('The designation (process-provider) id.'),
  providerId: uuid(),
  providerName: Type.String(),
  providerCode: Type.String(),
  role: Type.String(),
  status: enumOf(designationStatuses),
  statusChangedAt: orNull(dateTime('When the status last changed.')),
  statusChangedByUserId: orNull(uuid()),
  notifiedAt: orNull(dateTime('When the provider was last notified.')),
  changes: Type.Array(Type.Ref('DesignationChange')),
  notifications: Type.Array(Type.Ref('ProviderNotification')),
});

const threatLink = object({ id: uuid(), threatKey: Type.String(), subThreatKey: Type.String({ description: 'Empty for the threat as a whole.' }), rationale: orNull(Type.String()), linkedByUserId: orNull(uuid()), linkedAt: dateTime('When it was linked.') }, { $id: 'CycleThreat' });
const scenarioScore = object(
  {
    id: uuid(),
    scenarioId: uuid(),
    phase: enumOf(scorePhases),
    likelihoodClass: Type.String(),
    impacts: Type.Record(Type.String(), Type.String(), { description: 'Impact class per criterion key of the risk method.' }),
    impactScore: Type.Number({ description: 'The aggregated impact by the method’s rule.' }),
    impactClass: Type.String(),
    riskScore: Type.Number(),
    rationale: orNull(Type.String()),
    scoredByUserId: orNull(uuid()),
    scoredAt: dateTime('When it was scored.'),
  },
  { $id: 'RiskScenarioScore' },
);
const scenario = object(
  {
    id: uuid(),
    cycleId: uuid(),
    key: Type.String({ description: 'Stable across cycles, so that trends can follow the scenario.' }),
    title: Type.String(),
    description: orNull(Type.String()),
    threatKey: orNull(Type.String()),
    sharedWithProviders: Type.Boolean(),
    createdByUserId: orNull(uuid()),
    createdAt: dateTime('When it was created.'),
    updatedAt: dateTime('When it last changed.'),
    analysis: orNull(Type.Ref('RiskScenarioScore')),
    reassessment: orNull(Type.Ref('RiskScenarioScore')),
  },
  { $id: 'RiskScenario' },
);
const diagramPoint = object({ scenarioId: uuid(), key: Type.String(), title: Type.String(), phase: enumOf(scorePhases), likelihoodClass: Type.String(), impactClass: Type.String(), impactScore: Type.Number(), riskScore: Type.Number() });
const cycleInput = object({
  id: uuid(),
  kind: enumOf(['high-risk-finding', 'vendor', 'strategic-dependency', 'procurement'] as const),
  title: Type.String(),
  reference: orNull(Type.String()),
  vendorId: orNull(uuid()),
  vendorName: Type.Optional(orNull(Type.String())),
  vendorCountry: Type.Optional(orNull(Type.String())),
  note: orNull(Type.String()),
  linkedByUserId: orNull(uuid()),
  linkedAt: dateTime('When it was linked.'),
});
const measure = object(
  {
    id: uuid(),
    cycleId: uuid(),
    title: Type.String(),
    description: orNull(Type.String()),
    scope: enumOf(measureScopes),
    ownerOrgId: uuid(),
    ownerName: Type.String(),
    dueAt: dateTime('When the measure is due.'),
    status: enumOf(measureStatuses),
    overdue: Type.Boolean({ description: 'Planned or in progress past its due date.' }),
    costEstimateEur: orNull(Type.Number()),
    sharedWithProviders: Type.Boolean(),
    createdByUserId: orNull(uuid()),
    createdAt: dateTime('When it was created.'),
    updatedAt: dateTime('When it last changed.'),
    processes: Type.Array(object({ id: uuid(), code: Type.String(), nameNl: Type.String(), nameEn: Type.String() }), { description: 'Other processes a cross-sector measure spans.' }),
    scenarios: Type.Array(object({ scenarioId: uuid(), key: Type.String(), title: Type.String(), expectedLikelihoodClass: orNull(Type.String()), expectedImpactClass: orNull(Type.String()) })),
    indicators: Type.Array(object({ indicator: enumOf(resilienceIndicators), expectedScore: orNull(Type.Integer()) })),
  },
  { $id: 'Measure' },
);
const summaryEntry = object({ kind: enumOf(['indicator', 'risk'] as const), key: Type.String(), title: Type.String() });
const effectiveness = object({
  previousCycleId: orNull(uuid('The earlier cycle of the same process compared with.')),
  indicators: Type.Array(
    object({
      indicator: enumOf(resilienceIndicators),
      analysis: orNull(Type.Integer()),
      reassessment: orNull(Type.Integer()),
      previous: orNull(Type.Integer()),
      trendInCycle: enumOf(trends),
      trendSincePrevious: enumOf(trends),
      addressed: Type.Boolean(),
    }),
  ),
  risks: Type.Array(
    object({
      scenarioId: uuid(),
      key: Type.String(),
      title: Type.String(),
      analysis: orNull(Type.Number()),
      reassessment: orNull(Type.Number()),
      previous: orNull(Type.Number()),
      trendInCycle: enumOf(trends),
      trendSincePrevious: enumOf(trends),
      addressed: Type.Boolean(),
    }),
  ),
  effects: Type.Array(
    object({
      measureId: uuid(),
      title: Type.String(),
      status: enumOf(measureStatuses),
      indicators: Type.Array(object({ indicator: enumOf(resilienceIndicators), baseline: orNull(Type.Integer()), expected: orNull(Type.Integer()), observed: orNull(Type.Integer()), verdict: enumOf(effectVerdicts) })),
      scenarios: Type.Array(
        object({
          scenarioId: uuid(),
          key: Type.String(),
          expectedLikelihoodClass: orNull(Type.String()),
          observedLikelihoodClass: orNull(Type.String()),
          expectedImpactClass: orNull(Type.String()),
          observedImpactClass: orNull(Type.String()),
          likelihoodVerdict: enumOf(effectVerdicts),
          impactVerdict: enumOf(effectVerdicts),
        }),
      ),
    }),
  ),
  summary: object({ improved: Type.Array(summaryEntry), worsened: Type.Array(summaryEntry), neverAddressed: Type.Array(summaryEntry) }),
  history: Type.Array(object({ cycleId: uuid(), openedAt: dateTime('When that cycle opened.'), label: Type.String(), indicator: enumOf(resilienceIndicators), score: Type.Integer() }), { description: 'Process score per indicator per cycle, for the trend chart.' }),
});
const overview = object({
  processes: Type.Array(
    object({
      id: uuid('The latest cycle of the process.'),
      processId: uuid(),
      processCode: Type.String(),
      processNameNl: Type.String(),
      processNameEn: Type.String(),
      category: orNull(Type.String()),
      ministryId: uuid(),
      sectorCode: Type.String(),
      kind: Type.String(),
      openedAt: dateTime('When the cycle opened.'),
      dueAt: dateTime('When it is due.'),
      completedAt: orNull(dateTime('When it was completed.')),
      status: Type.String(),
      currentStep: orNull(Type.String()),
      stepsCompleted: Type.Integer(),
      steps: Type.Integer(),
    }),
  ),
  weakestIndicators: Type.Array(object({ processId: uuid(), processCode: Type.String(), cycleId: uuid(), indicator: enumOf(resilienceIndicators), score: Type.Integer() })),
  crossSectorMeasures: Type.Array(Type.Ref('Measure')),
});
const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

/** The cyclus vitaal beyond cycles and indicator scores: designation in a cycle, threats, scenarios, inputs, measures, effectiveness, reports (issue 3). */
export function registerCycleProgrammeRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [designationChange, providerNotification, threatLink, scenarioScore, scenario, measure]) app.addSchema(schema);
  const tags = ['cycles'];
  const params = (request: { params: unknown }) => request.params as { id: string; notificationId: string; scenarioId: string; measureId: string };

  app.get('/cycles/overview', { schema: { tags, summary: 'Cross-sector overview: the latest cycle of every process you oversee, the weakest process scores nationwide, the cross-sector measures', response: { 200: overview, ...problemResponses } } }, async (request) =>
    services.effectiveness.overview(actorOf(request)),
  );
  // Static segments win over `/cycles/:id/…` in Fastify's router, whatever the order of registration.
  app.get(
    '/cycles/overview/report.pdf',
    { schema: { tags, summary: 'The cross-sector overview as PDF (TLP:AMBER), with the processes you oversee (coordinator, ministry, supervisor)', querystring: languageQuery, response: { 200: binary('application/pdf', 'The PDF.'), ...problemResponses } } },
    async (request, reply) => {
      const language = (request.query as { language?: 'nl' | 'en' }).language ?? 'nl';
      return reply.type('application/pdf').header('content-disposition', 'attachment; filename="cycle-overview.pdf"').send(await services.cycleReports.overviewPdf(actorOf(request), language));
    },
  );
  app.get(
    '/cycles/overview/export.xlsx',
    { schema: { tags, summary: 'The cross-sector overview as an XLSX workbook: processes, weakest indicators, cross-sector measures (coordinator, ministry, supervisor)', response: { 200: binary(xlsxType, 'The workbook.'), ...problemResponses } } },
    async (request, reply) => reply.type(xlsxType).header('content-disposition', 'attachment; filename="cycle-overview.xlsx"').send(await services.cycleReports.overviewXlsx(actorOf(request))),
  );

  app.get('/cycles/:id/providers', { schema: { tags, summary: 'Step 1: the providers of the process with their designation status, its changes and notifications in this cycle (a provider sees only itself)', params: cycleParams, response: { 200: object({ items: Type.Array(cycleProvider) }), ...problemResponses } } }, async (request) =>
    services.cycleDesignation.list(actorOf(request), params(request).id),
  );
  app.post(
    '/cycles/:id/providers',
    {
      schema: {
        tags,
        summary: 'Step 1: identify (proposed), designate or withdraw a provider of the process, recording who and when (the responsible ministry)',
        params: cycleParams,
        body: object({ providerId: uuid(), status: enumOf(designationStatuses), note: Type.Optional(Type.String({ maxLength: 4000 })), at: Type.Optional(dateTime('Defaults to now; not before the opening of the cycle.')) }),
        response: { 201: Type.Ref('DesignationChange'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.cycleDesignation.setStatus(actorOf(request), params(request).id, request.body as DesignationInput)),
  );
  app.post(
    '/cycles/:id/notifications',
    {
      schema: {
        tags,
        summary: 'Step 1: record that a provider was notified of its status (the responsible ministry)',
        params: cycleParams,
        body: object({ providerId: uuid(), message: text(8000), at: Type.Optional(dateTime('Defaults to now; not before the opening of the cycle.')) }),
        response: { 201: Type.Ref('ProviderNotification'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.cycleDesignation.notify(actorOf(request), params(request).id, request.body as NotificationInput)),
  );
  app.post(
    '/cycles/:id/notifications/:notificationId/acknowledgement',
    { schema: { tags, summary: 'The notified provider confirms receipt', params: childParams('notificationId'), response: { 200: Type.Ref('ProviderNotification'), ...problemResponses } } },
    async (request) => services.cycleDesignation.acknowledge(actorOf(request), params(request).id, params(request).notificationId),
  );
  app.patch(
    '/cycles/:id/sharing',
    {
      schema: {
        tags,
        summary: 'Share the process scores (the aggregate over all providers) with the providers, or stop sharing (the responsible ministry)',
        params: cycleParams,
        body: object({ scoresSharedWithProviders: Type.Boolean() }),
        response: { 200: object({ scoresSharedWithProviders: Type.Boolean() }), ...problemResponses },
      },
    },
    async (request) => services.risk.shareScores(actorOf(request), params(request).id, (request.body as { scoresSharedWithProviders: boolean }).scoresSharedWithProviders),
  );

  app.get(
    '/cycles/:id/threats',
    { schema: { tags, summary: 'Step 2: the threat landscape catalogue and the threats linked to the process in this cycle', params: cycleParams, response: { 200: object({ catalogue: Type.Unknown({ description: 'data/reference/threats.json' }), items: Type.Array(Type.Ref('CycleThreat')) }), ...problemResponses } } },
    async (request) => services.risk.listThreats(actorOf(request), params(request).id),
  );
  app.post(
    '/cycles/:id/threats',
    {
      schema: {
        tags,
        summary: 'Step 2: link a threat (and sub-threat) of the catalogue to the process',
        params: cycleParams,
        body: object({ threatKey: text(100), subThreatKey: Type.Optional(text(100)), rationale: Type.Optional(Type.String({ maxLength: 8000 })) }),
        response: { 201: Type.Ref('CycleThreat'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.risk.linkThreat(actorOf(request), params(request).id, request.body as ThreatLinkInput)),
  );
  app.get(
    '/cycles/:id/scenarios',
    {
      schema: {
        tags,
        summary: 'Step 2: risk scenarios with their class scores, the risk method (classes, criteria, unconfirmed values marked), its aggregation rule and the risk diagram’s points',
        params: cycleParams,
        response: { 200: object({ method: Type.Unknown({ description: 'data/reference/risk-method.json' }), aggregationRule: Type.String(), aggregationRuleKey: Type.String({ description: 'Stable name of the aggregation rule (aggregation.rule of the method), for showing it in the interface language.' }), items: Type.Array(Type.Ref('RiskScenario')), diagram: Type.Array(diagramPoint) }), ...problemResponses },
      },
    },
    async (request) => services.risk.listScenarios(actorOf(request), params(request).id),
  );
  const scenarioFields = { description: Type.Optional(Type.String({ maxLength: 8000 })), threatKey: Type.Optional(text(100)), sharedWithProviders: Type.Optional(Type.Boolean({ description: 'Whether the providers of the process see it.' })) };
  app.post(
    '/cycles/:id/scenarios',
    {
      schema: {
        tags,
        summary: 'Step 2: add a risk scenario',
        params: cycleParams,
        body: object({ key: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }), title: text(300), ...scenarioFields }),
        response: { 201: Type.Ref('RiskScenario'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.risk.createScenario(actorOf(request), params(request).id, request.body as ScenarioInput)),
  );
  app.patch(
    '/cycles/:id/scenarios/:scenarioId',
    { schema: { tags, summary: 'Step 2: change a scenario or share it with the providers', params: childParams('scenarioId'), body: object({ title: Type.Optional(text(300)), ...scenarioFields }), response: { 200: Type.Ref('RiskScenario'), ...problemResponses } } },
    async (request) => services.risk.updateScenario(actorOf(request), params(request).id, params(request).scenarioId, request.body as ScenarioPatch),
  );
  app.post(
    '/cycles/:id/scenarios/:scenarioId/score',
    {
      schema: {
        tags,
        summary: 'Score a scenario: a likelihood class and an impact class per criterion, aggregated by the method’s rule (analysis in step 2, reassessment in step 4)',
        params: childParams('scenarioId'),
        body: object({
          likelihoodClass: classCode,
          impacts: Type.Record(Type.String({ maxLength: 20 }), classCode, { description: 'Impact class per criterion key; X where a criterion does not apply.' }),
          phase: Type.Optional(enumOf(scorePhases)),
          rationale: Type.Optional(Type.String({ maxLength: 8000 })),
        }),
        response: { 200: object({ ...scenarioScore.properties, aggregationRule: Type.String() }), ...problemResponses },
      },
    },
    async (request) => services.risk.scoreScenario(actorOf(request), params(request).id, params(request).scenarioId, request.body as ScenarioScoreBody),
  );
  app.get('/cycles/:id/inputs', { schema: { tags, summary: 'Step 2: strategic dependencies and procurement findings linked in as inputs (not shown to providers)', params: cycleParams, response: { 200: object({ items: Type.Array(cycleInput) }), ...problemResponses } } }, async (request) =>
    services.risk.listInputs(actorOf(request), params(request).id),
  );
  app.post(
    '/cycles/:id/inputs',
    {
      schema: {
        tags,
        summary: 'Step 2: link a high-risk scan finding, a vendor, a strategic dependency or a procurement finding as an input',
        params: cycleParams,
        body: object({
          kind: enumOf(['high-risk-finding', 'vendor', 'strategic-dependency', 'procurement'] as const),
          title: text(300),
          reference: Type.Optional(Type.String({ maxLength: 300, description: 'The id of the finding or record referred to.' })),
          vendorId: Type.Optional(uuid()),
          note: Type.Optional(Type.String({ maxLength: 8000 })),
        }),
        response: { 201: cycleInput, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.risk.linkInput(actorOf(request), params(request).id, request.body as CycleInputBody)),
  );

  app.get(
    '/cycles/:id/measures',
    {
      schema: {
        tags,
        summary: 'Step 3: the action programme, filterable by status, scope and overdue (for a kanban or table view)',
        params: cycleParams,
        querystring: object({ status: Type.Optional(enumOf(measureStatuses)), scope: Type.Optional(enumOf(measureScopes)), overdue: Type.Optional(Type.Boolean()) }),
        response: { 200: object({ items: Type.Array(Type.Ref('Measure')), overdue: Type.Integer(), totalCostEur: Type.Number({ description: 'Sum of the cost estimates of the measures not cancelled.' }) }), ...problemResponses },
      },
    },
    async (request) => services.programme.list(actorOf(request), params(request).id, request.query as MeasureFilters),
  );
  const measureFields = {
    description: Type.Optional(Type.String({ maxLength: 8000 })),
    status: Type.Optional(enumOf(measureStatuses)),
    costEstimateEur: Type.Optional(Type.Number({ minimum: 0, description: 'Cost estimate in euros.' })),
    sharedWithProviders: Type.Optional(Type.Boolean()),
  };
  app.post(
    '/cycles/:id/measures',
    {
      schema: {
        tags,
        summary: 'Step 3: add a measure, linked to the scenarios and indicators it addresses with the expected effect',
        params: cycleParams,
        body: object({
          title: text(300),
          scope: enumOf(measureScopes),
          ownerOrgId: uuid('The organisation that carries out the measure.'),
          dueAt: dateTime('When it is due; after the opening of the cycle.'),
          ...measureFields,
          processIds: Type.Optional(Type.Array(uuid(), { maxItems: 50, description: 'The other vital processes a cross-sector measure spans.' })),
          scenarios: Type.Optional(Type.Array(object({ scenarioId: uuid(), expectedLikelihoodClass: Type.Optional(classCode), expectedImpactClass: Type.Optional(classCode) }), { maxItems: 100 })),
          indicators: Type.Optional(Type.Array(object({ indicator: enumOf(resilienceIndicators), expectedScore: Type.Optional(Type.Integer({ description: 'The process score expected after the measure.' })) }), { maxItems: 5 })),
        }),
        response: { 201: Type.Ref('Measure'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.programme.create(actorOf(request), params(request).id, request.body as MeasureInput)),
  );
  app.patch(
    '/cycles/:id/measures/:measureId',
    {
      schema: {
        tags,
        summary: 'Step 3: change a measure; the provider that owns it reports its status',
        params: childParams('measureId'),
        body: object({ title: Type.Optional(text(300)), dueAt: Type.Optional(dateTime('When it is due.')), ...measureFields }),
        response: { 200: Type.Ref('Measure'), ...problemResponses },
      },
    },
    async (request) => services.programme.update(actorOf(request), params(request).id, params(request).measureId, request.body as MeasurePatch),
  );
  app.get(
    '/cycles/:id/effectiveness',
    { schema: { tags, summary: 'Step 4: effect per measure (expected against observed), trends per indicator and risk within the cycle and since the previous cycle, what improved, worsened or was never addressed', params: cycleParams, response: { 200: effectiveness, ...problemResponses } } },
    async (request) => services.effectiveness.get(actorOf(request), params(request).id),
  );
  app.get(
    '/cycles/:id/report.pdf',
    { schema: { tags, summary: 'The cycle report as PDF: designation, indicator scores, risk diagram, action programme, effectiveness', params: cycleParams, querystring: languageQuery, response: { 200: binary('application/pdf', 'The PDF.'), ...problemResponses } } },
    async (request, reply) => {
      const language = (request.query as { language?: 'nl' | 'en' }).language ?? 'nl';
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="cycle-${params(request).id}.pdf"`).send(await services.cycleReports.pdf(actorOf(request), params(request).id, language));
    },
  );
  app.get(
    '/cycles/:id/export.xlsx',
    { schema: { tags, summary: 'Every table of a cycle as an XLSX workbook, one sheet per table', params: cycleParams, response: { 200: binary(xlsxType, 'The workbook.'), ...problemResponses } } },
    async (request, reply) => reply.type(xlsxType).header('content-disposition', `attachment; filename="cycle-${params(request).id}.xlsx"`).send(await services.cycleReports.xlsx(actorOf(request), params(request).id)),
  );
}
