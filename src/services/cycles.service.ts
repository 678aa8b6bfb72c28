import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/schema.ts';
import { decideDueAt, moveStep, statusOf, stepsOf, type CycleKind, type CycleRules, type CycleStatus, type CycleStep, type CycleTrigger, type StepRecord, type StepState } from '../domain/cycle.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import { hasRole, type Actor } from './actor.ts';
import { appendAudit, appendAuditEntries } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { phaseOpen } from './cycle-context.ts';
import { authorizeWrite, cycleAbilities, readCondition, type CycleAbilities } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

export interface CycleStepView {
  step: CycleStep;
  position: number;
  state: StepState;
  startedAt: Date | null;
  startedByUserId: string | null;
  completedAt: Date | null;
  completedByUserId: string | null;
}

export interface CycleView {
  id: string;
  processId: string;
  ministryId: string;
  kind: CycleKind;
  trigger: CycleTrigger;
  eventId: string | null;
  openedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  openedByUserId: string | null;
  status: CycleStatus;
  steps: CycleStepView[];
}

export interface CycleFilters {
  processId?: string;
  ministryId?: string;
  kind?: CycleKind;
  eventId?: string;
  /** `open` is every cycle not completed; the others as `statusOf` decides. */
  status?: CycleStatus | 'open';
}

export interface CycleInput {
  processId: string;
  kind: CycleKind;
  openedAt?: string;
  dueAt?: string;
}

export interface StepInput {
  step: CycleStep;
  state: Exclude<StepState, 'not-started'>;
  at?: string;
}

export interface EventInput {
  name: string;
  description?: string;
  sectorIds: string[];
  declaredAt?: string;
  dueAt: string;
}

export interface CyclesOptions {
  dataDir: string;
  /** The clock; tests pass their own. */
  now?: () => Date;
}

/** The cycle rules of data/reference/cycle-rules.json (unconfirmed, hence data). */
export function readCycleRules(dataDir: string): CycleRules & { source: string; confirmed: boolean } {
  const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', 'cycle-rules.json'), 'utf8')) as Record<string, unknown>;
  const { regularPeriodYears, dueSoonDays, source, confirmed } = file;
  if (!Number.isInteger(regularPeriodYears) || (regularPeriodYears as number) < 1 || !Number.isInteger(dueSoonDays) || (dueSoonDays as number) < 0)
    throw invalid('file-unreadable', 'reference/cycle-rules.json needs a whole regularPeriodYears ≥ 1 and dueSoonDays ≥ 0.');
  return { regularPeriodYears: regularPeriodYears as number, dueSoonDays: dueSoonDays as number, source: String(source), confirmed: confirmed === true };
}

const instant = (value: string | undefined, field: string): Date | undefined => {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('invalid-instant', `${field} is not a date-time.`, [{ path: `/${field}`, message: 'not a date-time' }]);
  return date;
};

const fieldOf = (constraint: string) => fieldOfConstraint('cycle', constraint);
const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** Use cases of the cyclus vitaal: cycles per vital process, their four steps, declared events and the overdue/due-soon views. */
export function createCyclesService(db: Kysely<Database>, options: CyclesOptions) {
  const rules = readCycleRules(options.dataDir);
  const now = options.now ?? (() => new Date());

  const baseQuery = (executor: Kysely<Database> | Transaction<Database>, actor: Actor) =>
    executor
      .selectFrom('cycle')
      .innerJoin('vitalProcess', 'vitalProcess.id', 'cycle.processId')
      .where(readCondition(actor, 'cycles'))
      .select([
        'cycle.id',
        'cycle.processId',
        'vitalProcess.ministryId',
        'cycle.kind',
        'cycle.trigger',
        'cycle.eventId',
        'cycle.openedAt',
        'cycle.dueAt',
        'cycle.completedAt',
        'cycle.openedByUserId',
      ])
      // Each cycle's steps in the same statement (they were a second one), evaluated after a page's limit.
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('cycleStep')
            .select(['cycleStep.step', 'cycleStep.position', 'cycleStep.state', 'cycleStep.startedAt', 'cycleStep.startedByUserId', 'cycleStep.completedAt', 'cycleStep.completedByUserId'])
            .whereRef('cycleStep.cycleId', '=', 'cycle.id')
            .orderBy('cycleStep.position'),
        ).as('steps'),
      );

  /** The cycles' views; their steps' instants come as JSON text. */
  function withSteps(rows: Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>): CycleView[] {
    const at = now();
    const instant = (value: Date | string | null) => (value === null ? null : new Date(value));
    return rows.map((row) => ({
      ...row,
      kind: row.kind as CycleKind,
      trigger: row.trigger as CycleTrigger,
      status: statusOf(row, at, rules.dueSoonDays),
      steps: row.steps.map((step) => ({ ...step, step: step.step as CycleStep, state: step.state as StepState, startedAt: instant(step.startedAt), completedAt: instant(step.completedAt) })),
    }));
  }

  async function findVisible(tx: Transaction<Database>, actor: Actor, id: string): Promise<CycleView | undefined> {
    if (!isUuid(id)) return undefined;
    return withSteps(await baseQuery(tx, actor).where('cycle.id', '=', id).execute())[0];
  }

  async function lastCompletedAt(tx: Transaction<Database>, processId: string): Promise<Date | undefined> {
    const row = await tx.selectFrom('cycle').select((eb) => eb.fn.max('completedAt').as('last')).where('processId', '=', processId).where('kind', '=', 'regular').executeTakeFirst();
    return row?.last ? new Date(row.last as Date) : undefined;
  }

  /** Inserts a cycle with its steps (not started) and audits it; the caller has authorised the write. */
  async function insertCycle(tx: Transaction<Database>, actor: Actor, values: { processId: string; kind: CycleKind; trigger: CycleTrigger; eventId: string | null; openedAt: Date; dueAt: Date }) {
    const cycle = await tx.insertInto('cycle').values({ ...values, openedByUserId: userOf(actor) }).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('cycleStep')
      .values(stepsOf(values.kind).map((step, index) => ({ cycleId: cycle.id, step, position: index + 1 })))
      .execute();
    return cycle.id;
  }

  const processExists = async (tx: Transaction<Database>, processId: string) =>
    isUuid(processId) && (await tx.selectFrom('vitalProcess').select('id').where('id', '=', processId).executeTakeFirst()) !== undefined;

  return {
    rules,

    /** A page of the cycles `actor` may see, soonest due first; filter by process, ministry, kind, event and status (overdue, due-soon, …). */
    async list(actor: Actor, filters: CycleFilters, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        const at = now();
        const soon = new Date(at.getTime() + rules.dueSoonDays * 86_400_000);
        let query = baseQuery(tx, actor);
        if (filters.processId) query = query.where('cycle.processId', '=', filters.processId);
        if (filters.ministryId) query = query.where('vitalProcess.ministryId', '=', filters.ministryId);
        if (filters.kind) query = query.where('cycle.kind', '=', filters.kind);
        if (filters.eventId) query = query.where('cycle.eventId', '=', filters.eventId);
        switch (filters.status) {
          case 'completed':
            query = query.where('cycle.completedAt', 'is not', null);
            break;
          case 'open':
            query = query.where('cycle.completedAt', 'is', null);
            break;
          case 'overdue':
            query = query.where('cycle.completedAt', 'is', null).where('cycle.dueAt', '<', at);
            break;
          case 'due-soon':
            query = query.where('cycle.completedAt', 'is', null).where('cycle.dueAt', '>=', at).where('cycle.dueAt', '<=', soon);
            break;
          case 'on-track':
            query = query.where('cycle.completedAt', 'is', null).where('cycle.dueAt', '>', soon);
            break;
        }
        const { rows, total } = await pageWithTotal(tx, query.orderBy('cycle.dueAt').orderBy('cycle.id'), query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')), page);
        const items = withSteps(rows);
        await appendAudit(tx, actor, { action: 'list', objectType: 'cycle', details: { filters, count: items.length } });
        return { items, total, ...page };
      });
    },

    /** One cycle with its steps and what `actor` may do in it; not-found when absent or not visible. */
    async get(actor: Actor, id: string): Promise<CycleView & { abilities: CycleAbilities }> {
      return inTransaction(db, async (tx) => {
        const cycle = await findVisible(tx, actor, id);
        if (!cycle) throw notFound('cycle', id);
        const providers = await tx.selectFrom('processProvider').select('providerId').where('processId', '=', cycle.processId).where('status', '<>', 'withdrawn').execute();
        const open = cycle.completedAt === null;
        const abilities = cycleAbilities(actor, {
          ministryId: cycle.ministryId,
          providerIds: providers.map((provider) => provider.providerId),
          open,
          analysisOpen: open && phaseOpen(cycle, 'analysis'),
          reassessmentOpen: open && phaseOpen(cycle, 'reassessment'),
        });
        await appendAudit(tx, actor, { action: 'read', objectType: 'cycle', objectId: id, subjectOrgId: cycle.ministryId });
        return { ...cycle, abilities };
      });
    },

    /**
     * Opens a scheduled cycle for a process (its responsible ministry). The due date defaults to, and for a regular cycle
     * may not pass, `regularPeriodYears` after the last completed regular cycle.
     */
    async create(actor: Actor, input: CycleInput): Promise<CycleView> {
      return inTransaction(
        db,
        async (tx) => {
          if (!(await processExists(tx, input.processId)))
            throw new DomainError('unknown-reference', 'The vital process does not exist.', [{ path: '/processId', message: 'unknown vital process' }]);
          await authorizeWrite(actor, 'cycles', { tx, after: { processId: input.processId } });
          const openedAt = instant(input.openedAt, 'openedAt') ?? now();
          const dueAt = decideDueAt({ kind: input.kind, openedAt, dueAt: instant(input.dueAt, 'dueAt'), lastCompletedAt: await lastCompletedAt(tx, input.processId) }, rules);
          const id = await insertCycle(tx, actor, { processId: input.processId, kind: input.kind, trigger: 'schedule', eventId: null, openedAt, dueAt });
          const cycle = (await findVisible(tx, { kind: 'system', via: 'cycles' }, id)) as CycleView;
          await appendAudit(tx, actor, { action: 'create', objectType: 'cycle', objectId: id, subjectOrgId: cycle.ministryId, after: cycle });
          return cycle;
        },
        fieldOf,
      );
    },

    /** Starts or completes one step (its predecessor must be completed, dates in order); the last step's completion completes the cycle. */
    async moveStep(actor: Actor, id: string, input: StepInput): Promise<CycleView> {
      return inTransaction(db, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (!before) throw notFound('cycle', id);
        await authorizeWrite(actor, 'cycles', { tx, before: { processId: before.processId }, after: { processId: before.processId } });
        const at = instant(input.at, 'at') ?? now();
        const steps: StepRecord[] = before.steps;
        const changed = moveStep(before, input.step, input.state, at);
        const by = userOf(actor);
        await tx
          .updateTable('cycleStep')
          .set({
            state: changed.state,
            startedAt: changed.startedAt,
            completedAt: changed.completedAt,
            ...(before.steps.find((step) => step.step === input.step)?.state === 'not-started' ? { startedByUserId: by } : {}),
            ...(changed.state === 'completed' ? { completedByUserId: by } : {}),
          })
          .where('cycleId', '=', id)
          .where('step', '=', input.step)
          .execute();
        const lastStep = stepsOf(before.kind).at(-1);
        const completesCycle = changed.state === 'completed' && input.step === lastStep && steps.every((step) => step.step === input.step || step.state === 'completed');
        await tx.updateTable('cycle').set({ updatedAt: new Date(), ...(completesCycle ? { completedAt: at } : {}) }).where('id', '=', id).execute();
        const after = (await findVisible(tx, { kind: 'system', via: 'cycles' }, id)) as CycleView;
        await appendAudit(tx, actor, { action: 'update', objectType: 'cycle', objectId: id, subjectOrgId: before.ministryId, before, after, details: { step: input.step, state: input.state } });
        return after;
      });
    },

    /**
     * Declares an event (a war, a pandemic, a major incident) and opens a quickscan, due at the event's due date, for every
     * process in the named sectors: all of them for the coordinator, the ministry's own for a ministry.
     */
    async declareEvent(actor: Actor, input: EventInput) {
      return inTransaction(
        db,
        async (tx) => {
          const sectorIds = [...new Set(input.sectorIds)];
          const known = await tx.selectFrom('sector').select('id').where('id', 'in', sectorIds).execute();
          const unknown = sectorIds.filter((sectorId) => !known.some((sector) => sector.id === sectorId));
          if (unknown.length > 0)
            throw new DomainError('unknown-reference', 'A named sector does not exist.', unknown.map((sectorId) => ({ path: `/sectorIds/${input.sectorIds.indexOf(sectorId)}`, message: 'unknown sector' })));
          await authorizeWrite(actor, 'cycle-events', { tx, after: { sectorIds } });
          const declaredAt = instant(input.declaredAt, 'declaredAt') ?? now();
          const dueAt = decideDueAt({ kind: 'quickscan', openedAt: declaredAt, dueAt: instant(input.dueAt, 'dueAt') }, rules);
          let processes = tx.selectFrom('vitalProcess').select(['id', 'ministryId']).where('sectorId', 'in', sectorIds);
          if (actor.kind === 'user' && !hasRole(actor, 'coordinator')) processes = processes.where('ministryId', '=', actor.organisationId);
          const targets = await processes.orderBy('code').execute();
          if (targets.length === 0) throw new DomainError('no-processes-in-sectors', 'The named sectors hold no vital process to open a quickscan for.', [{ path: '/sectorIds', message: 'no processes' }]);
          const event = await tx
            .insertInto('cycleEvent')
            .values({ name: input.name, description: input.description ?? null, declaredByOrgId: actor.kind === 'user' ? actor.organisationId : null, declaredByUserId: userOf(actor), declaredAt, dueAt })
            .returning(['id', 'name', 'description', 'declaredByOrgId', 'declaredByUserId', 'declaredAt', 'dueAt'])
            .executeTakeFirstOrThrow();
          await tx.insertInto('cycleEventSector').values(sectorIds.map((sectorId) => ({ eventId: event.id, sectorId }))).execute();
          const cycleIds: string[] = [];
          for (const process of targets)
            cycleIds.push(await insertCycle(tx, actor, { processId: process.id, kind: 'quickscan', trigger: 'event', eventId: event.id, openedAt: declaredAt, dueAt }));
          const result = { ...event, sectorIds, cycleIds };
          await appendAuditEntries(tx, actor, [
            { action: 'create', objectType: 'cycle-event', objectId: event.id, after: result },
            ...cycleIds.map((cycleId, index) => ({ action: 'create' as const, objectType: 'cycle', objectId: cycleId, subjectOrgId: targets[index]?.ministryId ?? null, details: { eventId: event.id } })),
          ]);
          return result;
        },
        fieldOf,
      );
    },

    /** The declared events `actor` may see, newest first, with their sectors and the number of quickscans each opened. */
    async listEvents(actor: Actor) {
      const events = await db
        .selectFrom('cycleEvent')
        .where(readCondition(actor, 'cycle-events'))
        .select(['id', 'name', 'description', 'declaredByOrgId', 'declaredByUserId', 'declaredAt', 'dueAt'])
        .select((eb) => [
          eb.selectFrom('cycle').whereRef('cycle.eventId', '=', 'cycleEvent.id').select(sql<number>`count(*)::int`.as('n')).as('quickscans'),
          sql<string[]>`array(select sector_id::text from cycle_event_sector where event_id = cycle_event.id order by sector_id)`.as('sectorIds'),
        ])
        .orderBy('declaredAt', 'desc')
        .execute();
      return events.map((event) => ({ ...event, quickscans: Number(event.quickscans ?? 0) }));
    },
  };
}

export type CyclesService = ReturnType<typeof createCyclesService>;
