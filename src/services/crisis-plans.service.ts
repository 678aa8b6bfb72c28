import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { conflict, DomainError, invalid, notFound } from '../domain/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeCrisisPlanWrite, crisisPlanAbilities, crisisPlanReadable, cycleContentReadCondition, scenarioReadable } from './policy.ts';
import { createProgrammeService, type MeasureInput } from './programme.service.ts';
import { createResilienceService } from './resilience.service.ts';
import { createRiskService } from './risk.service.ts';
import { isUuid } from './registry/registry.service.ts';
import type { SimulationsService } from './simulations.service.ts';
import { inTransaction } from './transaction.ts';

/**
 * National crisis plans per vital-process outage (issue 4 item 7): actions, roles, contacts and escalation
 * levels, linked to the saved scenarios that exercise them; exercises that play a scenario as a timeline with
 * injects, record observations, and turn lessons learned into measures of a cycle's action programme.
 */

export interface EscalationLevel {
  level: number;
  name: string;
  criteria: string;
}
export interface PlanAction {
  description: string;
  role: string;
  escalationLevel?: number;
}
export interface PlanRole {
  role: string;
  responsibility: string;
}
export interface PlanContact {
  name: string;
  role: string;
  organisationId?: string;
  phone?: string;
  email?: string;
}

export interface CrisisPlanInput {
  processId: string;
  title: string;
  summary?: string;
  escalationLevels: EscalationLevel[];
  actions: PlanAction[];
  roles: PlanRole[];
  contacts: PlanContact[];
  scenarioIds?: string[];
}

export type CrisisPlanAbilities = ReturnType<typeof crisisPlanAbilities>;

export interface CrisisPlanView extends Omit<CrisisPlanInput, 'summary' | 'scenarioIds'> {
  id: string;
  summary: string | null;
  scenarioIds: string[];
  /** What the reader may do with the plan (src/services/policy.ts `crisisPlanAbilities`). */
  abilities: CrisisPlanAbilities;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface InjectInput {
  offsetMinutes: number;
  message: string;
  targetRole: string;
}

export interface ExerciseInput {
  planId: string;
  scenarioId: string;
  name: string;
  scheduledAt: string;
  injects: InjectInput[];
}

export interface ExerciseView {
  id: string;
  planId: string;
  scenarioId: string;
  name: string;
  scheduledAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  status: 'planned' | 'running' | 'completed';
  injects: (InjectInput & { id: string })[];
  observations: { id: string; injectId: string | null; offsetMinutes: number | null; text: string; observedByUserId: string | null; observedAt: Date }[];
  lessons: { id: string; title: string; description: string; measureId: string | null; measure: LessonMeasure | null; createdAt: Date }[];
  /** What the reader may do with the exercise now: the plan's abilities and the exercise's state together. */
  abilities: { addInjects: boolean; changeState: boolean; recordObservations: boolean; recordLessons: boolean; turnLessonsIntoMeasures: boolean };
}

/** The measure a lesson became, when the reader may see it (the programme's own need-to-know). */
export interface LessonMeasure {
  id: string;
  cycleId: string;
  title: string;
  status: string;
}

/** A lesson learned becoming a measure: where it goes and the programme's fields; title and description come from the lesson. */
export type LessonMeasureInput = Omit<MeasureInput, 'title' | 'description' | 'scenarios' | 'indicators'> & { cycleId: string };

export type TimelineEntry =
  | { atMinutes: number; kind: 'inject'; injectId: string; message: string; targetRole: string }
  | { atMinutes: number; kind: 'asset-down'; assetId: string; code: string; name: string; cause: string }
  | { atMinutes: number; kind: 'asset-restored'; assetId: string; code: string; name: string }
  | { atMinutes: number; kind: 'process-down'; processId: string; code: string; nameNl: string; nameEn: string }
  | { atMinutes: number; kind: 'process-restored'; processId: string; code: string; nameNl: string; nameEn: string };

const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** The stored columns of a plan's content (its lists as JSON). */
export const planColumns = (input: Omit<CrisisPlanInput, 'processId' | 'scenarioIds'>) => ({
  title: input.title,
  summary: input.summary ?? null,
  escalationLevels: JSON.stringify(input.escalationLevels),
  actions: JSON.stringify(input.actions),
  roles: JSON.stringify(input.roles),
  contacts: JSON.stringify(input.contacts),
});

export function createCrisisPlansService(db: Kysely<Database>, simulations: SimulationsService, options: { dataDir: string }) {
  // The action programme's use case, run inside this service's transaction when a lesson becomes a measure.
  const programmeOptions = { method: createRiskService(db, options).method, scale: createResilienceService(db, options).scale };

  async function findPlan(executor: Kysely<Database> | Transaction<Database>, actor: Actor, id: string): Promise<CrisisPlanView | undefined> {
    if (!isUuid(id)) return undefined;
    const found = await executor
      .selectFrom('crisisPlan')
      .innerJoin('vitalProcess', 'vitalProcess.id', 'crisisPlan.processId')
      .selectAll('crisisPlan')
      .select('vitalProcess.ministryId')
      .where(crisisPlanReadable(actor))
      .where('crisisPlan.id', '=', id)
      .executeTakeFirst();
    if (!found) return undefined;
    const { ministryId, ...row } = found;
    const links = await executor.selectFrom('crisisPlanScenario').select('scenarioId').where('planId', '=', id).orderBy('scenarioId').execute();
    return {
      ...row,
      abilities: crisisPlanAbilities(actor, ministryId),
      escalationLevels: row.escalationLevels as EscalationLevel[],
      actions: row.actions as PlanAction[],
      roles: row.roles as PlanRole[],
      contacts: row.contacts as PlanContact[],
      scenarioIds: links.map((link) => link.scenarioId),
    };
  }

  /** The plan's scenarios must be ones the writer may see; unknown ones are refused by path. */
  async function checkScenarios(tx: Transaction<Database>, actor: Actor, scenarioIds: string[], path: string) {
    const ids = scenarioIds.filter(isUuid);
    const found = ids.length === 0 ? [] : await tx.selectFrom('simulationScenario').select('id').where(scenarioReadable(actor)).where('simulationScenario.id', 'in', ids).execute();
    const known = new Set(found.map((row) => row.id));
    const errors = scenarioIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `${path}/${i}`, message: 'no saved scenario with this id is visible to you' }]));
    if (errors.length > 0) throw invalid('unknown-reference', `Unknown scenarios: ${errors.map((e) => e.path).join(', ')}.`, errors);
  }

  async function findExercise(executor: Kysely<Database> | Transaction<Database>, actor: Actor, id: string): Promise<(ExerciseView & { processId: string }) | undefined> {
    if (!isUuid(id)) return undefined;
    const found = await executor
      .selectFrom('exercise')
      .innerJoin('crisisPlan', 'crisisPlan.id', 'exercise.planId')
      .innerJoin('vitalProcess', 'vitalProcess.id', 'crisisPlan.processId')
      .where(crisisPlanReadable(actor))
      .where('exercise.id', '=', id)
      .select(['exercise.id', 'exercise.planId', 'exercise.scenarioId', 'exercise.name', 'exercise.scheduledAt', 'exercise.startedAt', 'exercise.completedAt', 'crisisPlan.processId', 'vitalProcess.ministryId'])
      .executeTakeFirst();
    if (!found) return undefined;
    const { ministryId, ...row } = found;
    const [injects, observations, lessons] = await Promise.all([
      executor.selectFrom('exerciseInject').select(['id', 'offsetMinutes', 'message', 'targetRole']).where('exerciseId', '=', id).orderBy('offsetMinutes').orderBy('id').execute(),
      executor.selectFrom('exerciseObservation').select(['id', 'injectId', 'offsetMinutes', 'text', 'observedByUserId', 'observedAt']).where('exerciseId', '=', id).orderBy('observedAt').orderBy('id').execute(),
      executor.selectFrom('exerciseLesson').select(['id', 'title', 'description', 'measureId', 'createdAt']).where('exerciseId', '=', id).orderBy('createdAt').orderBy('id').execute(),
    ]);
    const measureIds = lessons.flatMap((lesson) => (lesson.measureId ? [lesson.measureId] : []));
    const measures =
      measureIds.length === 0
        ? []
        : await executor.selectFrom('measure').select(['measure.id', 'measure.cycleId', 'measure.title', 'measure.status']).where(cycleContentReadCondition(actor, 'measures')).where('measure.id', 'in', measureIds).execute();
    const open = !row.completedAt;
    const plan = crisisPlanAbilities(actor, ministryId);
    return {
      ...row,
      status: row.completedAt ? 'completed' : row.startedAt ? 'running' : 'planned',
      injects,
      observations,
      lessons: lessons.map((lesson) => ({ ...lesson, measure: measures.find((measure) => measure.id === lesson.measureId) ?? null })),
      abilities: { addInjects: plan.edit && open, changeState: plan.edit && open, recordObservations: plan.recordObservations && open, recordLessons: plan.recordLessons, turnLessonsIntoMeasures: plan.recordLessons },
    };
  }

  async function writableExercise(tx: Transaction<Database>, actor: Actor, id: string) {
    const exercise = await findExercise(tx, actor, id);
    if (!exercise) throw notFound('exercise', id);
    if (exercise.completedAt) throw new DomainError('exercise-completed', 'The exercise is completed.');
    return exercise;
  }

  const stripProcess = <T extends { processId: string }>({ processId: _processId, ...rest }: T) => rest;

  return {
    async listPlans(actor: Actor, filters: { processId?: string } = {}): Promise<CrisisPlanView[]> {
      let query = db.selectFrom('crisisPlan').select('id').where(crisisPlanReadable(actor));
      if (filters.processId) query = query.where('crisisPlan.processId', '=', filters.processId);
      const rows = await query.orderBy('crisisPlan.title').orderBy('crisisPlan.id').execute();
      return (await Promise.all(rows.map((row) => findPlan(db, actor, row.id)))).filter((plan): plan is CrisisPlanView => plan !== undefined);
    },

    /** The vital processes `actor` may write a crisis plan for (the same rule as every write of a plan). */
    async creatableProcessIds(actor: Actor): Promise<string[]> {
      const processes = await db.selectFrom('vitalProcess').select(['id', 'ministryId']).orderBy('code').execute();
      return processes.filter((process) => crisisPlanAbilities(actor, process.ministryId).edit).map((process) => process.id);
    },

    async getPlan(actor: Actor, id: string): Promise<CrisisPlanView> {
      const plan = await findPlan(db, actor, id);
      if (!plan) throw notFound('crisis-plan', id);
      return plan;
    },

    async createPlan(actor: Actor, input: CrisisPlanInput): Promise<CrisisPlanView> {
      const id = await inTransaction(db, async (tx) => {
        if (!(await tx.selectFrom('vitalProcess').select('id').where('id', '=', input.processId).executeTakeFirst()))
          throw invalid('unknown-reference', 'processId names no vital process.', [{ path: '/body/processId', message: 'unknown vital process' }]);
        await authorizeCrisisPlanWrite(actor, tx, input.processId);
        await checkScenarios(tx, actor, input.scenarioIds ?? [], '/body/scenarioIds');
        const row = await tx
          .insertInto('crisisPlan')
          .values({
            processId: input.processId,
            ...planColumns(input),
            createdByUserId: userOf(actor),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (input.scenarioIds?.length) await tx.insertInto('crisisPlanScenario').values([...new Set(input.scenarioIds)].map((scenarioId) => ({ planId: row.id, scenarioId }))).execute();
        await appendAudit(tx, actor, { action: 'create', objectType: 'crisis-plan', objectId: row.id, after: input });
        return row.id;
      });
      return (await findPlan(db, actor, id))!;
    },

    /** Replaces the plan's content (a plan is edited as a whole document); the process stays. */
    async updatePlan(actor: Actor, id: string, input: Omit<CrisisPlanInput, 'processId'>): Promise<CrisisPlanView> {
      await inTransaction(db, async (tx) => {
        const before = await findPlan(tx, actor, id);
        if (!before) throw notFound('crisis-plan', id);
        await authorizeCrisisPlanWrite(actor, tx, before.processId);
        await checkScenarios(tx, actor, input.scenarioIds ?? [], '/body/scenarioIds');
        await tx
          .updateTable('crisisPlan')
          .set({
            ...planColumns(input),
            updatedAt: new Date(),
          })
          .where('id', '=', id)
          .execute();
        if (input.scenarioIds) {
          await tx.deleteFrom('crisisPlanScenario').where('planId', '=', id).execute();
          if (input.scenarioIds.length) await tx.insertInto('crisisPlanScenario').values([...new Set(input.scenarioIds)].map((scenarioId) => ({ planId: id, scenarioId }))).execute();
        }
        await appendAudit(tx, actor, { action: 'update', objectType: 'crisis-plan', objectId: id, before, after: input });
      });
      return (await findPlan(db, actor, id))!;
    },

    async listExercises(actor: Actor, planId: string): Promise<ExerciseView[]> {
      const plan = await findPlan(db, actor, planId);
      if (!plan) throw notFound('crisis-plan', planId);
      const rows = await db.selectFrom('exercise').select('id').where('planId', '=', planId).orderBy('scheduledAt').orderBy('id').execute();
      return (await Promise.all(rows.map((row) => findExercise(db, actor, row.id)))).filter((e) => e !== undefined).map(stripProcess);
    },

    async getExercise(actor: Actor, id: string): Promise<ExerciseView> {
      const exercise = await findExercise(db, actor, id);
      if (!exercise) throw notFound('exercise', id);
      return stripProcess(exercise);
    },

    /** Plans an exercise of a plan with one of the scenarios it sees; the scenario becomes linked to the plan. */
    async createExercise(actor: Actor, input: ExerciseInput): Promise<ExerciseView> {
      const scheduledAt = new Date(input.scheduledAt);
      const id = await inTransaction(db, async (tx) => {
        const plan = await findPlan(tx, actor, input.planId);
        if (!plan) throw notFound('crisis-plan', input.planId);
        await authorizeCrisisPlanWrite(actor, tx, plan.processId);
        await checkScenarios(tx, actor, [input.scenarioId], '/body/scenarioId');
        const row = await tx.insertInto('exercise').values({ planId: plan.id, scenarioId: input.scenarioId, name: input.name, scheduledAt, createdByUserId: userOf(actor) }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('crisisPlanScenario').values({ planId: plan.id, scenarioId: input.scenarioId }).onConflict((oc) => oc.doNothing()).execute();
        if (input.injects.length) await tx.insertInto('exerciseInject').values(input.injects.map((inject) => ({ exerciseId: row.id, ...inject }))).execute();
        await appendAudit(tx, actor, { action: 'create', objectType: 'exercise', objectId: row.id, after: input });
        return row.id;
      });
      return stripProcess((await findExercise(db, actor, id))!);
    },

    /** Starts or completes an exercise (planned → running → completed). */
    async setExerciseState(actor: Actor, id: string, state: 'running' | 'completed'): Promise<ExerciseView> {
      await inTransaction(db, async (tx) => {
        const exercise = await writableExercise(tx, actor, id);
        await authorizeCrisisPlanWrite(actor, tx, exercise.processId);
        const now = new Date();
        const values = state === 'running' ? { startedAt: exercise.startedAt ?? now } : { startedAt: exercise.startedAt ?? now, completedAt: now };
        await tx.updateTable('exercise').set(values).where('id', '=', id).execute();
        await appendAudit(tx, actor, { action: 'update', objectType: 'exercise', objectId: id, details: { state } });
      });
      return stripProcess((await findExercise(db, actor, id))!);
    },

    /** Anyone who may read the plan records what they saw, optionally tied to an inject. */
    async addObservation(actor: Actor, id: string, input: { text: string; injectId?: string; offsetMinutes?: number }): Promise<ExerciseView> {
      await inTransaction(db, async (tx) => {
        const exercise = await writableExercise(tx, actor, id);
        if (input.injectId !== undefined && !exercise.injects.some((inject) => inject.id === input.injectId))
          throw invalid('unknown-reference', 'injectId names no inject of this exercise.', [{ path: '/body/injectId', message: 'not an inject of this exercise' }]);
        const row = await tx
          .insertInto('exerciseObservation')
          .values({ exerciseId: id, text: input.text, injectId: input.injectId ?? null, offsetMinutes: input.offsetMinutes ?? null, observedByUserId: userOf(actor) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'exercise-observation', objectId: row.id, details: { exerciseId: id } });
      });
      return stripProcess((await findExercise(db, actor, id))!);
    },

    /** Records a lesson learned; `lessonToMeasure` later makes it a measure of the action programme. */
    async addLesson(actor: Actor, id: string, input: { title: string; description: string }): Promise<ExerciseView> {
      await inTransaction(db, async (tx) => {
        const exercise = await findExercise(tx, actor, id);
        if (!exercise) throw notFound('exercise', id);
        await authorizeCrisisPlanWrite(actor, tx, exercise.processId);
        const row = await tx.insertInto('exerciseLesson').values({ exerciseId: id, ...input, measureId: null, createdByUserId: userOf(actor) }).returning('id').executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'exercise-lesson', objectId: row.id, after: input, details: { exerciseId: id } });
      });
      return stripProcess((await findExercise(db, actor, id))!);
    },

    /** Adds an inject to the timeline of an exercise that is not completed. */
    async addInject(actor: Actor, id: string, input: InjectInput): Promise<ExerciseView> {
      await inTransaction(db, async (tx) => {
        const exercise = await writableExercise(tx, actor, id);
        await authorizeCrisisPlanWrite(actor, tx, exercise.processId);
        const row = await tx.insertInto('exerciseInject').values({ exerciseId: id, ...input }).returning('id').executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'exercise-inject', objectId: row.id, after: input, details: { exerciseId: id } });
      });
      return stripProcess((await findExercise(db, actor, id))!);
    },

    /**
     * Turns a lesson learned into a measure of the action programme of a cycle of the plan's vital process. Both the
     * plan's writer rule and the programme's own (scope, open cycle, owner, due date) apply; the measure and the link
     * commit together.
     */
    async lessonToMeasure(actor: Actor, id: string, lessonId: string, input: LessonMeasureInput): Promise<ExerciseView> {
      await inTransaction(db, async (tx) => {
        const exercise = await findExercise(tx, actor, id);
        if (!exercise) throw notFound('exercise', id);
        await authorizeCrisisPlanWrite(actor, tx, exercise.processId);
        const lesson = exercise.lessons.find((entry) => entry.id === lessonId);
        if (!lesson) throw notFound('exercise-lesson', lessonId);
        if (lesson.measureId) throw conflict('lesson-already-measure', 'This lesson has already become a measure.');
        const { cycleId, ...fields } = input;
        const cycle = isUuid(cycleId) ? await tx.selectFrom('cycle').select('processId').where('id', '=', cycleId).executeTakeFirst() : undefined;
        if (cycle && cycle.processId !== exercise.processId)
          throw invalid('lesson-cycle-mismatch', 'The cycle is not one of the vital process of the crisis plan.', [{ path: '/body/cycleId', message: 'a cycle of another vital process' }]);
        const measure = await createProgrammeService(tx, programmeOptions).create(actor, cycleId, { ...fields, title: lesson.title, description: lesson.description });
        await tx.updateTable('exerciseLesson').set({ measureId: measure.id }).where('id', '=', lessonId).execute();
        await appendAudit(tx, actor, { action: 'update', objectType: 'exercise-lesson', objectId: lessonId, before: { measureId: null }, after: { measureId: measure.id }, details: { exerciseId: id, cycleId } });
      });
      return stripProcess((await findExercise(db, actor, id))!);
    },

    /** The exercise as a timeline: the scenario's cascade on the reader's model (hours as minutes) merged with the injects. */
    async timeline(actor: Actor, id: string): Promise<{ exerciseId: string; entries: TimelineEntry[] }> {
      const exercise = await findExercise(db, actor, id);
      if (!exercise) throw notFound('exercise', id);
      const run = await simulations.runScenario(actor, exercise.scenarioId);
      const minutes = (hours: number) => Math.round(hours * 60);
      const entries: TimelineEntry[] = exercise.injects.map((inject) => ({ atMinutes: inject.offsetMinutes, kind: 'inject', injectId: inject.id, message: inject.message, targetRole: inject.targetRole }));
      for (const asset of run.failed) {
        const cause = asset.cause.kind === 'initial' ? `initial (${asset.cause.trigger ?? 'explicit'})` : `needs ${asset.cause.supplierCode ?? asset.cause.supplierAssetId}`;
        entries.push({ atMinutes: minutes(asset.atHours), kind: 'asset-down', assetId: asset.assetId, code: asset.code, name: asset.name, cause });
        if (asset.recoveredAtHours !== null) entries.push({ atMinutes: minutes(asset.recoveredAtHours), kind: 'asset-restored', assetId: asset.assetId, code: asset.code, name: asset.name });
      }
      for (const process of run.processes) {
        if (process.downAtHours === null) continue;
        const names = { processId: process.processId, code: process.code, nameNl: process.nameNl, nameEn: process.nameEn };
        entries.push({ atMinutes: minutes(process.downAtHours), kind: 'process-down', ...names });
        if (process.recoveredAtHours !== null) entries.push({ atMinutes: minutes(process.recoveredAtHours), kind: 'process-restored', ...names });
      }
      const order = { inject: 0, 'asset-down': 1, 'process-down': 2, 'asset-restored': 3, 'process-restored': 4 } as const;
      entries.sort((a, b) => a.atMinutes - b.atMinutes || order[a.kind] - order[b.kind]);
      return { exerciseId: id, entries };
    },
  };
}

export type CrisisPlansService = ReturnType<typeof createCrisisPlansService>;
