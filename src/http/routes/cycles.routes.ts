import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { cycleKinds, cycleStatuses, cycleSteps, cycleTriggers, stepStates } from '../../domain/cycle.ts';
import { resilienceIndicators } from '../../domain/resilience.ts';
import { scorePhases } from '../../domain/risk.ts';
import { impactCriteria, vitalityOutcomes } from '../../domain/vitality.ts';
import type { CycleFilters, CycleInput, EventInput, StepInput } from '../../services/cycles.service.ts';
import type { Services } from '../../services/index.ts';
import type { ScoreInput } from '../../services/resilience.service.ts';
import type { AssessmentInput, DecisionInput } from '../../services/vitality.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, listSchema, pageQuery, problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const dateTime = (description: string) => Type.String({ format: 'date-time', description });
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const nullableBoolean = Type.Union([Type.Boolean(), Type.Null()]);

const cycleSchema = Type.Object(
  {
    id: uuid(),
    processId: uuid(),
    ministryId: uuid('The ministry responsible for the process.'),
    kind: enumOf(cycleKinds),
    trigger: enumOf(cycleTriggers),
    eventId: nullable(uuid('The declared event that opened this quickscan.')),
    openedAt: dateTime('When the cycle was opened.'),
    dueAt: dateTime('When the cycle must be completed.'),
    completedAt: nullable(dateTime('When its last step was completed.')),
    openedByUserId: nullable(uuid()),
    status: enumOf(cycleStatuses, 'completed, overdue, due-soon (within the due-soon window of data/reference/cycle-rules.json) or on-track.'),
    steps: Type.Array(
      Type.Object(
        {
          step: enumOf(cycleSteps),
          position: Type.Integer(),
          state: enumOf(stepStates),
          startedAt: nullable(dateTime('When the step started.')),
          startedByUserId: nullable(uuid()),
          completedAt: nullable(dateTime('When the step was completed.')),
          completedByUserId: nullable(uuid()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: 'Cycle', additionalProperties: false },
);

const measureScopeList = (description: string) => Type.Array(enumOf(['sectoral', 'cross-sector'] as const), { description });
const abilitiesSchema = Type.Object(
  {
    runsCycle: Type.Boolean({ description: 'The caller’s organisation is the ministry responsible for the process.' }),
    moveSteps: Type.Boolean(),
    designateProviders: Type.Boolean({ description: 'Designate providers and notify them.' }),
    shareScores: Type.Boolean({ description: 'Share the process scores with the providers, or stop sharing.' }),
    linkThreatsAndInputs: Type.Boolean(),
    addScenarios: Type.Boolean(),
    scoreScenarios: Type.Boolean({ description: 'Score scenarios in the phase that is open.' }),
    scoreProviderIds: Type.Array(uuid(), { description: 'Providers whose indicator scores the caller may enter (while analysisOpen or reassessmentOpen).' }),
    analysisOpen: Type.Boolean({ description: 'Analysis scores may still change.' }),
    reassessmentOpen: Type.Boolean({ description: 'Re-assessment scores (step 4) may be entered.' }),
    addMeasureScopes: measureScopeList('Scopes of the measures the caller may add.'),
    editMeasureScopes: measureScopeList('Scopes of the measures the caller may change entirely.'),
    measureStatusOwnerIds: Type.Array(uuid(), { description: 'The caller may report the status of measures owned by these organisations.' }),
    assessVitality: Type.Boolean({ description: 'Enter a vitality assessment of the process and decide on it (the responsible ministry).' }),
    editScenarios: Type.Boolean({ description: 'Change a risk scenario’s title, description, threat or sharing.' }),
    acknowledgeNotifications: Type.Boolean({ description: 'Confirm receipt of the notifications sent to the caller’s organisation.' }),
  },
  { additionalProperties: false, description: 'What the caller may do in this cycle, decided by the server’s policy; every write is still checked.' },
);
const cycleWithAbilities = Type.Object({ ...cycleSchema.properties, abilities: abilitiesSchema }, { additionalProperties: false });

const eventSchema = Type.Object(
  {
    id: uuid(),
    name: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    declaredByOrgId: nullable(uuid()),
    declaredByUserId: nullable(uuid()),
    declaredAt: dateTime('When the event was declared.'),
    dueAt: dateTime('When its quickscans are due.'),
    sectorIds: Type.Array(uuid()),
    quickscans: Type.Optional(Type.Integer({ description: 'Quickscans opened by the event.' })),
    cycleIds: Type.Optional(Type.Array(uuid(), { description: 'The quickscans opened by the declaration.' })),
  },
  { $id: 'CycleEvent', additionalProperties: false },
);

const limitSchema = Type.Union([Type.Object({ above: Type.Number() }, { additionalProperties: false }), Type.Object({ atLeast: Type.Number() }, { additionalProperties: false }), Type.Null()]);
const measureSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
    criterion: enumOf(impactCriteria),
    unit: Type.String(),
    description: Type.String(),
    A: limitSchema,
    B: limitSchema,
  },
  { additionalProperties: false },
);
const thresholdBody = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 300 }),
    source: Type.String({ minLength: 1, maxLength: 2000, description: 'Where the values come from.' }),
    confirmed: Type.Boolean({ description: 'Whether the values were checked against the official criteria.' }),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    measures: Type.Array(measureSchema, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
const thresholdVersionSchema = Type.Object(
  {
    id: uuid(),
    version: Type.Integer(),
    label: Type.String(),
    source: Type.String(),
    confirmed: Type.Boolean(),
    note: Type.Union([Type.String(), Type.Null()]),
    measures: Type.Array(measureSchema),
    createdByUserId: nullable(uuid()),
    createdAt: dateTime('When the version was recorded.'),
  },
  { $id: 'VitalityThresholdVersion', additionalProperties: false },
);

const criterionValue = Type.Object(
  { measure: Type.String({ description: 'A measure key of the threshold table.' }), value: Type.Number({ minimum: 0 }), source: Type.String({ minLength: 1, maxLength: 2000, description: 'Where the value comes from.' }) },
  { additionalProperties: false },
);
const assessmentSchema = Type.Object(
  {
    id: uuid(),
    processId: uuid(),
    cycleId: nullable(uuid()),
    thresholdVersionId: uuid(),
    thresholdVersion: Type.Integer({ description: 'The threshold version the assessment was evaluated with; later versions never change it.' }),
    criteria: Type.Array(criterionValue),
    findings: Type.Array(Type.Object({ measure: Type.String(), criterion: enumOf(impactCriteria), value: Type.Number(), meets: Type.Union([enumOf(['A', 'B'] as const), Type.Null()]) }, { additionalProperties: false })),
    proposedCategory: enumOf(vitalityOutcomes),
    assessedByUserId: nullable(uuid()),
    createdAt: dateTime('When the values were entered.'),
    decidedCategory: Type.Union([enumOf(vitalityOutcomes), Type.Null()]),
    rationale: Type.Union([Type.String(), Type.Null()]),
    euInterest: nullableBoolean,
    natoInterest: nullableBoolean,
    decidedByUserId: nullable(uuid()),
    decidedAt: nullable(dateTime('When the ministry decided.')),
  },
  { $id: 'VitalityAssessment', additionalProperties: false },
);

const indicatorScoreSchema = Type.Object(
  {
    id: uuid(),
    cycleId: uuid(),
    providerId: uuid(),
    indicator: enumOf(resilienceIndicators),
    phase: enumOf(scorePhases, 'analysis (step 2) or reassessment (step 4, after the measures).'),
    score: Type.Integer({ description: 'A level of the maturity scale.' }),
    rationale: Type.String(),
    evidence: Type.Array(Type.String(), { description: 'Links to or names of the evidence.' }),
    scoredByUserId: nullable(uuid()),
    scoredAt: dateTime('When the score was entered.'),
  },
  { $id: 'IndicatorScore', additionalProperties: false },
);
const aggregateEntry = Type.Object({ indicator: enumOf(resilienceIndicators), score: Type.Integer(), mean: Type.Number(), providers: Type.Integer() });
const indicatorScoresSchema = Type.Object(
  {
    scale: Type.Object({
      label: Type.String(),
      source: Type.String(),
      confirmed: Type.Boolean(),
      levels: Type.Array(Type.Object({ score: Type.Integer(), nameNl: Type.String(), nameEn: Type.String(), description: Type.String() })),
    }),
    items: Type.Array(Type.Ref('IndicatorScore')),
    aggregate: Type.Array(aggregateEntry, { description: 'Process scores of the analysis (step 2); for a provider over its own scores unless the ministry shared the process scores.' }),
    reassessmentAggregate: Type.Array(aggregateEntry, { description: 'Process scores of the re-assessment (step 4).' }),
    aggregationRule: Type.String(),
    aggregationRuleKey: Type.String({ description: 'Stable name of the aggregation rule (weakest-provider), for showing it in the interface language.' }),
    sharedWithProviders: Type.Boolean({ description: 'Whether the ministry shares the process scores with the providers.' }),
  },
  { additionalProperties: false },
);

/** The cyclus vitaal: cycles and their steps, declared events, vitality thresholds and assessments (issue 3, items 1–2 and the indicator scores of item 3). */
export function registerCycleRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [cycleSchema, eventSchema, thresholdVersionSchema, assessmentSchema, indicatorScoreSchema]) app.addSchema(schema);
  const cycle = Type.Ref('Cycle');
  const assessment = Type.Ref('VitalityAssessment');
  const tags = ['cycles'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;

  app.get(
    '/cycles',
    {
      schema: {
        tags,
        summary: 'List cycles, soonest due first; status=overdue or due-soon gives the overdue and due-soon views, per ministry with ministryId',
        querystring: Type.Object(
          {
            ...pageQuery,
            processId: Type.Optional(uuid()),
            ministryId: Type.Optional(uuid()),
            kind: Type.Optional(enumOf(cycleKinds)),
            eventId: Type.Optional(uuid()),
            status: Type.Optional(enumOf([...cycleStatuses, 'open'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 200: listSchema(cycle), ...problemResponses },
      },
    },
    async (request) => {
      const { limit, offset, ...filters } = request.query as CycleFilters & { limit: number; offset: number };
      return services.cycles.list(actorOf(request), filters, { limit, offset });
    },
  );
  app.get('/cycles/:id', { schema: { tags, summary: 'Read a cycle with its steps and what the caller may do in it', params: idParams, response: { 200: cycleWithAbilities, ...problemResponses } } }, async (request) =>
    services.cycles.get(actorOf(request), id(request)),
  );
  app.post(
    '/cycles',
    {
      schema: {
        tags,
        summary: 'Open a scheduled cycle for a vital process (its ministry); a regular cycle is due at most the period of data/reference/cycle-rules.json after the last completed one',
        body: Type.Object(
          { processId: uuid(), kind: enumOf(cycleKinds), openedAt: Type.Optional(dateTime('Defaults to now.')), dueAt: Type.Optional(dateTime('Defaults to the latest allowed.')) },
          { additionalProperties: false },
        ),
        response: { 201: cycle, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.cycles.create(actorOf(request), request.body as CycleInput)),
  );
  app.post(
    '/cycles/:id/steps',
    {
      schema: {
        tags,
        summary: 'Start or complete a step of a cycle; its predecessor must be completed first',
        params: idParams,
        body: Type.Object({ step: enumOf(cycleSteps), state: enumOf(['in-progress', 'completed'] as const), at: Type.Optional(dateTime('Defaults to now.')) }, { additionalProperties: false }),
        response: { 200: cycle, ...problemResponses },
      },
    },
    async (request) => services.cycles.moveStep(actorOf(request), id(request), request.body as StepInput),
  );
  app.get(
    '/cycles/:id/indicator-scores',
    { schema: { tags, summary: 'Indicator scores of a cycle (a provider sees only its own), the maturity scale and the process aggregate with its rule', params: idParams, response: { 200: indicatorScoresSchema, ...problemResponses } } },
    async (request) => services.resilience.list(actorOf(request), id(request)),
  );
  app.post(
    '/cycles/:id/indicator-scores',
    {
      schema: {
        tags,
        summary: 'Enter or replace a provider’s score of one indicator (the provider itself, or the responsible ministry) while the analysis step is open',
        params: idParams,
        body: Type.Object(
          {
            providerId: uuid(),
            indicator: enumOf(resilienceIndicators),
            score: Type.Integer({ description: 'A level of the maturity scale (GET …/indicator-scores shows it).' }),
            rationale: Type.String({ minLength: 1, maxLength: 8000 }),
            evidence: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 50 })),
            phase: Type.Optional(enumOf(scorePhases, 'analysis (default; while the analysis step is open) or reassessment (while the effectiveness step is in progress).')),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('IndicatorScore'), ...problemResponses },
      },
    },
    async (request) => services.resilience.score(actorOf(request), id(request), request.body as ScoreInput),
  );
  app.get(
    '/cycle-events',
    { schema: { tags, summary: 'List declared events with the number of quickscans each opened', response: { 200: Type.Object({ items: Type.Array(Type.Ref('CycleEvent')) }), ...problemResponses } } },
    async (request) => ({ items: await services.cycles.listEvents(actorOf(request)) }),
  );
  app.post(
    '/cycle-events',
    {
      schema: {
        tags,
        summary: 'Declare an event (a war, a pandemic, a major incident) that opens a quickscan for every process in the named sectors',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 300 }),
            description: Type.Optional(Type.String({ maxLength: 4000 })),
            sectorIds: Type.Array(uuid(), { minItems: 1, maxItems: 100 }),
            declaredAt: Type.Optional(dateTime('Defaults to now.')),
            dueAt: dateTime('When the quickscans are due.'),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('CycleEvent'), ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.cycles.declareEvent(actorOf(request), request.body as EventInput)),
  );

  app.get(
    '/vitality-thresholds',
    { schema: { tags, summary: 'Every version of the vitality threshold table, newest first (unconfirmed values are marked so)', response: { 200: Type.Object({ items: Type.Array(Type.Ref('VitalityThresholdVersion')) }), ...problemResponses } } },
    async () => ({ items: await services.vitality.listThresholdVersions() }),
  );
  app.post(
    '/vitality-thresholds',
    { schema: { tags, summary: 'Record a changed threshold table as a new version (administrator or coordinator); past assessments keep theirs', body: thresholdBody, response: { 201: Type.Ref('VitalityThresholdVersion'), ...problemResponses } } },
    async (request, reply) => reply.code(201).send(await services.vitality.createThresholdVersion(actorOf(request), request.body)),
  );
  app.get(
    '/vitality-assessments',
    { schema: { tags, summary: 'List vitality assessments, newest first', querystring: Type.Object({ processId: Type.Optional(uuid()) }, { additionalProperties: false }), response: { 200: Type.Object({ items: Type.Array(assessment) }), ...problemResponses } } },
    async (request) => services.vitality.list(actorOf(request), request.query as { processId?: string }),
  );
  app.get('/vitality-assessments/:id', { schema: { tags, summary: 'Read a vitality assessment', params: idParams, response: { 200: assessment, ...problemResponses } } }, async (request) =>
    services.vitality.get(actorOf(request), id(request)),
  );
  app.post(
    '/vitality-assessments',
    {
      schema: {
        tags,
        summary: 'Enter the impact criteria of a process with their sources; they are evaluated against the current threshold version to a proposed category',
        body: Type.Object({ processId: uuid(), cycleId: Type.Optional(uuid()), criteria: Type.Array(criterionValue, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false }),
        response: { 201: assessment, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.vitality.assess(actorOf(request), request.body as AssessmentInput)),
  );
  app.post(
    '/vitality-assessments/:id/decision',
    {
      schema: {
        tags,
        summary: 'The ministry’s decision on an assessment: category with rationale, EU and NATO interest; the process follows it',
        params: idParams,
        body: Type.Object(
          { category: enumOf(vitalityOutcomes), rationale: Type.String({ minLength: 1, maxLength: 8000 }), euInterest: Type.Boolean(), natoInterest: Type.Boolean() },
          { additionalProperties: false },
        ),
        response: { 200: assessment, ...problemResponses },
      },
    },
    async (request) => services.vitality.decide(actorOf(request), id(request), request.body as DecisionInput),
  );
}
