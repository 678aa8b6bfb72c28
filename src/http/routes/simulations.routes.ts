import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { hazards } from '../../domain/simulation-scenario.ts';
import type { CrisisPlanInput, ExerciseInput, InjectInput, LessonMeasureInput } from '../../services/crisis-plans.service.ts';
import { measureScopes, measureStatuses } from '../../domain/programme.ts';
import type { Services } from '../../services/index.ts';
import type { ScenarioInput, SimulationRequest } from '../../services/simulations.service.ts';
import { actorOf } from '../authentication.ts';
import { idParams, problemResponses } from '../schemas.ts';

const enumOf = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const dateTime = (description: string) => Type.String({ format: 'date-time', description });
const nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const hours = (description: string) => Type.Number({ minimum: 0, maximum: 8760, description });
const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const timing = { atHours: Type.Optional(hours('When the failure starts (default 0).')), repairHours: Type.Optional(hours('Hours until repaired (default: not within the horizon).')) };
const position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[longitude, latitude] (WGS 84, as GeoJSON).' });

const scenarioDefinition = Type.Object(
  {
    horizonHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 8760, description: 'Hours simulated (default 168).' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: 'Seed of the random draws (fragility); the same seed gives the same result.' })),
    initialFailures: Type.Optional(Type.Array(Type.Object({ assetId: uuid(), ...timing }, { additionalProperties: false }), { maxItems: 10_000 })),
    region: Type.Optional(
      Type.Object(
        {
          hazard: enumOf(hazards, 'Each located asset inside fails with the fragility of its kind (data/reference/hazard-fragility.json).'),
          polygon: Type.Optional(
            Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(position, { maxItems: 10_000 }), { minItems: 1, maxItems: 100 }) }, { additionalProperties: false, description: 'A GeoJSON Polygon geometry.' }),
          ),
          circle: Type.Optional(Type.Object({ center: position, radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 2000 }) }, { additionalProperties: false })),
          ...timing,
        },
        { additionalProperties: false, description: 'A region given as a polygon or a circle, with a hazard.' },
      ),
    ),
    vendorCompromise: Type.Optional(Type.Object({ vendorId: uuid('Every asset using a product of this vendor (also inside another product) fails.'), ...timing }, { additionalProperties: false })),
    vendorCutOff: Type.Optional(
      Type.Object({ vendorId: uuid('Every asset using a product sold or made by this vendor or by a vendor it controls (ownership chain), also inside another product, fails.'), ...timing }, { additionalProperties: false }),
    ),
    crossBorder: Type.Optional(
      Type.Object({ country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2; every supplier in that country fails.' }), ...timing }, { additionalProperties: false }),
    ),
  },
  { $id: 'ScenarioDefinition', additionalProperties: false },
);

const scenarioSchema = Type.Object(
  {
    id: uuid(),
    name: Type.String(),
    description: nullable(Type.String()),
    ownerOrgId: nullable(uuid()),
    createdByUserId: nullable(uuid()),
    definition: Type.Ref('ScenarioDefinition'),
    planIds: Type.Array(uuid(), { description: 'Crisis plans this scenario exercises.' }),
    createdAt: dateTime('When the scenario was saved.'),
    updatedAt: dateTime('When it last changed.'),
  },
  { $id: 'SimulationScenario', additionalProperties: false },
);

const jobSchema = Type.Object(
  {
    id: uuid(),
    kind: enumOf(['simulate', 'monte-carlo', 'rank'] as const),
    status: enumOf(['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const),
    scenarioId: nullable(uuid()),
    input: Type.Unknown({ description: 'The request that started the job.' }),
    done: Type.Integer({ description: 'Work done so far (scenarios, candidates).' }),
    total: Type.Integer(),
    result: Type.Unknown({ description: 'When succeeded: the simulation, Monte Carlo or ranking result.' }),
    error: Type.Unknown({ description: 'When failed or cancelled: a code and detail.' }),
    createdAt: dateTime('When the job was started.'),
    startedAt: nullable(dateTime('When it began running.')),
    finishedAt: nullable(dateTime('When it ended.')),
  },
  { $id: 'SimulationJob', additionalProperties: false },
);

const escalationLevel = Type.Object({ level: Type.Integer({ minimum: 0, maximum: 10 }), name: text(200), criteria: text(4000) }, { additionalProperties: false });
const planBody = {
  title: text(300),
  summary: Type.Optional(Type.String({ maxLength: 8000 })),
  escalationLevels: Type.Array(escalationLevel, { maxItems: 20 }),
  actions: Type.Array(Type.Object({ description: text(4000), role: text(200), escalationLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })) }, { additionalProperties: false }), { maxItems: 500 }),
  roles: Type.Array(Type.Object({ role: text(200), responsibility: text(4000) }, { additionalProperties: false }), { maxItems: 100 }),
  contacts: Type.Array(
    Type.Object(
      { name: text(300), role: text(200), organisationId: Type.Optional(uuid()), phone: Type.Optional(text(50)), email: Type.Optional(Type.String({ format: 'email', maxLength: 300 })) },
      { additionalProperties: false },
    ),
    { maxItems: 500 },
  ),
  scenarioIds: Type.Optional(Type.Array(uuid(), { maxItems: 100, description: 'Saved scenarios that exercise the plan.' })),
};
const planSchema = Type.Object(
  {
    id: uuid(),
    processId: uuid(),
    title: Type.String(),
    summary: nullable(Type.String()),
    escalationLevels: Type.Array(Type.Unknown()),
    actions: Type.Array(Type.Unknown()),
    roles: Type.Array(Type.Unknown()),
    contacts: Type.Array(Type.Unknown()),
    scenarioIds: Type.Array(uuid()),
    abilities: Type.Object(
      { edit: Type.Boolean(), planExercises: Type.Boolean(), recordLessons: Type.Boolean(), recordObservations: Type.Boolean() },
      { additionalProperties: false, description: 'What the caller may do with the plan (the rule every write of it applies).' },
    ),
    createdByUserId: nullable(uuid()),
    createdAt: dateTime('When the plan was written.'),
    updatedAt: dateTime('When it last changed.'),
  },
  { $id: 'CrisisPlan', additionalProperties: false },
);
const injectBody = Type.Object(
  { offsetMinutes: Type.Integer({ minimum: 0, maximum: 525_600, description: 'Minutes after the start of the exercise.' }), message: text(4000), targetRole: text(200, 'The role in the plan that receives it.') },
  { additionalProperties: false },
);
const exerciseSchema = Type.Object(
  {
    id: uuid(),
    planId: uuid(),
    scenarioId: uuid(),
    name: Type.String(),
    scheduledAt: dateTime('When the exercise is held.'),
    startedAt: nullable(dateTime('When it started.')),
    completedAt: nullable(dateTime('When it was completed.')),
    status: enumOf(['planned', 'running', 'completed'] as const),
    injects: Type.Array(Type.Object({ id: uuid(), offsetMinutes: Type.Integer(), message: Type.String(), targetRole: Type.String() })),
    observations: Type.Array(
      Type.Object({ id: uuid(), injectId: nullable(uuid()), offsetMinutes: nullable(Type.Integer()), text: Type.String(), observedByUserId: nullable(uuid()), observedAt: dateTime('When it was recorded.') }),
    ),
    lessons: Type.Array(
      Type.Object({
        id: uuid(),
        title: Type.String(),
        description: Type.String(),
        measureId: nullable(uuid('The measure of the action programme it became (null until linked).')),
        measure: nullable(Type.Object({ id: uuid(), cycleId: uuid(), title: Type.String(), status: Type.String() }, { description: 'That measure, when the caller may see it.' })),
        createdAt: dateTime('When it was recorded.'),
      }),
    ),
    abilities: Type.Object(
      { addInjects: Type.Boolean(), changeState: Type.Boolean(), recordObservations: Type.Boolean(), recordLessons: Type.Boolean(), turnLessonsIntoMeasures: Type.Boolean() },
      { additionalProperties: false, description: 'What the caller may do with the exercise now (the plan’s rule and the exercise’s state).' },
    ),
  },
  { $id: 'Exercise', additionalProperties: false },
);

/** Cascade simulations on the registry, saved scenarios, jobs, process capacity levels, crisis plans and exercises (issue 4). */
export function registerSimulationRoutes(app: FastifyInstance, services: Services) {
  for (const schema of [scenarioDefinition, scenarioSchema, jobSchema, planSchema, exerciseSchema]) app.addSchema(schema);
  const tags = ['simulations'];
  const crisisTags = ['crisis-plans'];
  const id = (request: { params: unknown }) => (request.params as { id: string }).id;
  const job = Type.Ref('SimulationJob');
  const scenario = Type.Ref('SimulationScenario');
  const plan = Type.Ref('CrisisPlan');
  const exercise = Type.Ref('Exercise');

  app.get(
    '/simulation-model',
    { schema: { tags, summary: 'The cascade model you may simulate: your visible assets, the dependencies between them and the vital processes they serve', response: { 200: Type.Unknown(), ...problemResponses } } },
    async (request) => services.simulations.modelOverview(actorOf(request)),
  );
  app.get(
    '/simulation-scenarios',
    { schema: { tags, summary: 'Saved scenarios you may see, newest first', response: { 200: Type.Object({ items: Type.Array(scenario) }), ...problemResponses } } },
    async (request) => ({ items: await services.simulations.listScenarios(actorOf(request)) }),
  );
  app.get('/simulation-scenarios/:id', { schema: { tags, summary: 'Read a saved scenario', params: idParams, response: { 200: scenario, ...problemResponses } } }, async (request) =>
    services.simulations.getScenario(actorOf(request), id(request)),
  );
  app.post(
    '/simulation-scenarios',
    {
      schema: {
        tags,
        summary: 'Save a named scenario (it must resolve on your model: unknown assets or vendors are refused with their path)',
        body: Type.Object({ name: text(300), description: Type.Optional(Type.String({ maxLength: 4000 })), definition: Type.Ref('ScenarioDefinition') }, { additionalProperties: false }),
        response: { 201: scenario, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.simulations.createScenario(actorOf(request), request.body as ScenarioInput)),
  );
  app.patch(
    '/simulation-scenarios/:id',
    {
      schema: {
        tags,
        summary: 'Rename or change a saved scenario (its own organisation or the coordinator)',
        params: idParams,
        body: Type.Object({ name: Type.Optional(text(300)), description: Type.Optional(Type.String({ maxLength: 4000 })), definition: Type.Optional(Type.Ref('ScenarioDefinition')) }, { additionalProperties: false, minProperties: 1 }),
        response: { 200: scenario, ...problemResponses },
      },
    },
    async (request) => services.simulations.updateScenario(actorOf(request), id(request), request.body as Partial<ScenarioInput>),
  );
  app.post(
    '/simulations',
    {
      schema: {
        tags,
        summary: 'Run a saved scenario (scenarioId), an inline one (scenario) or a Monte Carlo series of regional hazards (monteCarlo) on your model, as a job',
        body: Type.Object(
          {
            scenarioId: Type.Optional(uuid()),
            scenario: Type.Optional(Type.Ref('ScenarioDefinition')),
            monteCarlo: Type.Optional(
              Type.Object(
                {
                  runs: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Scenarios to draw.' }),
                  hazard: enumOf(hazards),
                  radiusKm: Type.Number({ exclusiveMinimum: 0, maximum: 500, description: 'Radius of each event, centred on a randomly chosen located asset.' }),
                  horizonHours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 8760 })),
                  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Exactly one of scenarioId, scenario and monteCarlo.' },
        ),
        response: { 202: job, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await services.simulations.startSimulation(actorOf(request), request.body as SimulationRequest)),
  );
  app.post(
    '/simulations/rank',
    {
      schema: {
        tags,
        summary: 'Rank the single points of failure of your model (dominators and an N-1 sweep, by people affected at 24 h, 72 h, 7 days), as a job',
        body: Type.Optional(Type.Object({ top: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'Entries to keep (default 50).' })) }, { additionalProperties: false })),
        response: { 202: job, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(202).send(await services.simulations.startRanking(actorOf(request), (request.body ?? {}) as { top?: number })),
  );
  app.get('/simulation-jobs/:id', { schema: { tags, summary: 'Progress and, when done, the result of a job you started', params: idParams, response: { 200: job, ...problemResponses } } }, async (request) =>
    services.simulations.getJob(actorOf(request), id(request)),
  );
  app.delete(
    '/simulation-jobs/:id',
    { schema: { tags, summary: 'Cancel a running job (its worker threads are stopped); a finished job is returned unchanged', params: idParams, response: { 200: job, ...problemResponses } } },
    async (request) => services.simulations.cancelJob(actorOf(request), id(request)),
  );
  app.get(
    '/simulation-process-rules',
    {
      schema: {
        tags,
        summary: 'The capacity level of each vital process: below this share of working assets it counts as down (set per process, else data/reference/process-capacity.json)',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ processId: uuid(), code: Type.String(), minCapacity: Type.Number(), source: enumOf(['process', 'reference'] as const), rationale: nullable(Type.String()) })) }),
          ...problemResponses,
        },
      },
    },
    async () => ({ items: await services.simulations.listProcessRules() }),
  );
  app.put(
    '/simulation-process-rules/:id',
    {
      schema: {
        tags,
        summary: 'Set the capacity level of a vital process (the coordinator or the responsible ministry)',
        params: idParams,
        body: Type.Object({ minCapacity: Type.Number({ exclusiveMinimum: 0, maximum: 1 }), rationale: Type.Optional(Type.String({ maxLength: 4000 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ processId: uuid(), code: Type.String(), minCapacity: Type.Number(), source: enumOf(['process', 'reference'] as const), rationale: nullable(Type.String()) }), ...problemResponses },
      },
    },
    async (request) => services.simulations.setProcessRule(actorOf(request), id(request), request.body as { minCapacity: number; rationale?: string }),
  );

  app.get(
    '/crisis-plans',
    {
      schema: {
        tags: crisisTags,
        summary: 'National crisis plans per vital-process outage you may see',
        querystring: Type.Object({ processId: Type.Optional(uuid()) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ items: Type.Array(plan), abilities: Type.Object({ createForProcessIds: Type.Array(uuid(), { description: 'The vital processes the caller may write a crisis plan for.' }) }) }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const [items, createForProcessIds] = await Promise.all([services.crisisPlans.listPlans(actor, request.query as { processId?: string }), services.crisisPlans.creatableProcessIds(actor)]);
      return { items, abilities: { createForProcessIds } };
    },
  );
  app.get('/crisis-plans/:id', { schema: { tags: crisisTags, summary: 'Read a crisis plan', params: idParams, response: { 200: plan, ...problemResponses } } }, async (request) =>
    services.crisisPlans.getPlan(actorOf(request), id(request)),
  );
  app.post(
    '/crisis-plans',
    {
      schema: {
        tags: crisisTags,
        summary: 'Write the crisis plan for the outage of a vital process (the coordinator or the responsible ministry)',
        body: Type.Object({ processId: uuid(), ...planBody }, { additionalProperties: false }),
        response: { 201: plan, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.crisisPlans.createPlan(actorOf(request), request.body as CrisisPlanInput)),
  );
  app.put(
    '/crisis-plans/:id',
    { schema: { tags: crisisTags, summary: 'Replace the content of a crisis plan', params: idParams, body: Type.Object(planBody, { additionalProperties: false }), response: { 200: plan, ...problemResponses } } },
    async (request) => services.crisisPlans.updatePlan(actorOf(request), id(request), request.body as Omit<CrisisPlanInput, 'processId'>),
  );
  app.get(
    '/crisis-plans/:id/exercises',
    { schema: { tags: crisisTags, summary: 'Exercises of a crisis plan', params: idParams, response: { 200: Type.Object({ items: Type.Array(exercise) }), ...problemResponses } } },
    async (request) => ({ items: await services.crisisPlans.listExercises(actorOf(request), id(request)) }),
  );
  app.post(
    '/exercises',
    {
      schema: {
        tags: crisisTags,
        summary: 'Plan an exercise that plays a scenario against a crisis plan, with its injects',
        body: Type.Object({ planId: uuid(), scenarioId: uuid(), name: text(300), scheduledAt: dateTime('When it is held.'), injects: Type.Array(injectBody, { maxItems: 500 }) }, { additionalProperties: false }),
        response: { 201: exercise, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.crisisPlans.createExercise(actorOf(request), request.body as ExerciseInput)),
  );
  app.get('/exercises/:id', { schema: { tags: crisisTags, summary: 'Read an exercise with its injects, observations and lessons', params: idParams, response: { 200: exercise, ...problemResponses } } }, async (request) =>
    services.crisisPlans.getExercise(actorOf(request), id(request)),
  );
  app.get(
    '/exercises/:id/timeline',
    { schema: { tags: crisisTags, summary: 'The exercise as a timeline: the scenario’s cascade on your model merged with the injects, in minutes', params: idParams, response: { 200: Type.Unknown(), ...problemResponses } } },
    async (request) => services.crisisPlans.timeline(actorOf(request), id(request)),
  );
  app.post(
    '/exercises/:id/state',
    {
      schema: { tags: crisisTags, summary: 'Start or complete an exercise', params: idParams, body: Type.Object({ state: enumOf(['running', 'completed'] as const) }, { additionalProperties: false }), response: { 200: exercise, ...problemResponses } },
    },
    async (request) => services.crisisPlans.setExerciseState(actorOf(request), id(request), (request.body as { state: 'running' | 'completed' }).state),
  );
  app.post(
    '/exercises/:id/observations',
    {
      schema: {
        tags: crisisTags,
        summary: 'Record an observation during an exercise (anyone who may read the plan)',
        params: idParams,
        body: Type.Object({ text: text(8000), injectId: Type.Optional(uuid()), offsetMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })) }, { additionalProperties: false }),
        response: { 200: exercise, ...problemResponses },
      },
    },
    async (request) => services.crisisPlans.addObservation(actorOf(request), id(request), request.body as { text: string; injectId?: string; offsetMinutes?: number }),
  );
  app.post(
    '/exercises/:id/injects',
    {
      schema: { tags: crisisTags, summary: 'Add an inject to the timeline of an exercise that is not completed', params: idParams, body: injectBody, response: { 200: exercise, ...problemResponses } },
    },
    async (request) => services.crisisPlans.addInject(actorOf(request), id(request), request.body as InjectInput),
  );
  app.post(
    '/exercises/:id/lessons/:lessonId/measure',
    {
      schema: {
        tags: crisisTags,
        summary: 'Turn a lesson learned into a measure of the action programme of a cycle of the plan’s vital process (the plan’s writers, within what the programme allows them)',
        params: Type.Object({ id: uuid(), lessonId: uuid() }),
        body: Type.Object(
          {
            cycleId: uuid('An open cycle of the vital process the crisis plan is for.'),
            scope: enumOf(measureScopes),
            ownerOrgId: uuid(),
            dueAt: dateTime('When the measure is due.'),
            status: Type.Optional(enumOf(measureStatuses)),
            costEstimateEur: Type.Optional(Type.Number({ minimum: 0 })),
            sharedWithProviders: Type.Optional(Type.Boolean()),
            processIds: Type.Optional(Type.Array(uuid(), { maxItems: 100, description: 'The other vital processes a cross-sector measure spans.' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: exercise, ...problemResponses },
      },
    },
    async (request) => {
      const { lessonId } = request.params as { lessonId: string };
      return services.crisisPlans.lessonToMeasure(actorOf(request), id(request), lessonId, request.body as LessonMeasureInput);
    },
  );
  app.post(
    '/exercises/:id/lessons',
    {
      schema: {
        tags: crisisTags,
        summary: 'Record a lesson learned (to become a measure of the action programme)',
        params: idParams,
        body: Type.Object({ title: text(300), description: text(8000) }, { additionalProperties: false }),
        response: { 200: exercise, ...problemResponses },
      },
    },
    async (request) => services.crisisPlans.addLesson(actorOf(request), id(request), request.body as { title: string; description: string }),
  );
}
