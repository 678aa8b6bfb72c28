import type { Kysely, Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, notFound, type ErrorDetail } from '../domain/errors.ts';
import { isOverdue, type MeasureScope, type MeasureStatus } from '../domain/programme.ts';
import type { ResilienceIndicator } from '../domain/resilience.ts';
import type { MaturityScale } from '../domain/resilience.ts';
import type { RiskMethod } from '../domain/risk.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { assertCycleOpen, getCycleContext, userOf, type CycleContext } from './cycle-context.ts';
import { authorizeCycleContentWrite, cycleContentReadCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

export interface MeasureInput {
  title: string;
  description?: string;
  scope: MeasureScope;
  ownerOrgId: string;
  dueAt: string;
  status?: MeasureStatus;
  costEstimateEur?: number;
  sharedWithProviders?: boolean;
  /** The other vital processes a cross-sector measure spans (the cycle's own process is always included). */
  processIds?: string[];
  scenarios?: { scenarioId: string; expectedLikelihoodClass?: string; expectedImpactClass?: string }[];
  indicators?: { indicator: ResilienceIndicator; expectedScore?: number }[];
}

export type MeasurePatch = Partial<Pick<MeasureInput, 'title' | 'description' | 'status' | 'dueAt' | 'costEstimateEur' | 'sharedWithProviders'>>;

export interface MeasureFilters {
  status?: MeasureStatus;
  scope?: MeasureScope;
  overdue?: boolean;
}

type Executor = Kysely<Database> | Transaction<Database>;

const measureColumns = [
  'measure.id',
  'measure.cycleId',
  'measure.title',
  'measure.description',
  'measure.scope',
  'measure.ownerOrgId',
  'organisation.name as ownerName',
  'measure.dueAt',
  'measure.status',
  'measure.costEstimateEur',
  'measure.sharedWithProviders',
  'measure.createdByUserId',
  'measure.createdAt',
  'measure.updatedAt',
] as const;

/** Cycle step 3: the action programme. Measures with their links to scenarios, indicators and (cross-sector) other processes. */
export function createProgrammeService(db: Kysely<Database>, options: { method: RiskMethod; scale: MaturityScale; now?: () => Date }) {
  const now = options.now ?? (() => new Date());

  /** The measures matching `where` that `actor` may see, with their links and the overdue flag. */
  async function measuresOf(executor: Executor, actor: Actor, where: { cycleId?: string; measureId?: string; scope?: MeasureScope }, filters: MeasureFilters = {}) {
    // A measure's processes, scenarios and indicators come with it, in the same statement.
    let query = executor
      .selectFrom('measure')
      .innerJoin('organisation', 'organisation.id', 'measure.ownerOrgId')
      .where(cycleContentReadCondition(actor, 'measures'))
      .select([...measureColumns])
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('measureProcess')
            .innerJoin('vitalProcess', 'vitalProcess.id', 'measureProcess.processId')
            .select(['vitalProcess.id', 'vitalProcess.code', 'vitalProcess.nameNl', 'vitalProcess.nameEn'])
            .whereRef('measureProcess.measureId', '=', 'measure.id')
            .orderBy('vitalProcess.code'),
        ).as('processes'),
        jsonArrayFrom(
          eb
            .selectFrom('measureScenario')
            .innerJoin('riskScenario', 'riskScenario.id', 'measureScenario.scenarioId')
            .select(['measureScenario.scenarioId', 'riskScenario.key', 'riskScenario.title', 'measureScenario.expectedLikelihoodClass', 'measureScenario.expectedImpactClass'])
            .whereRef('measureScenario.measureId', '=', 'measure.id')
            .orderBy('riskScenario.key'),
        ).as('scenarios'),
        jsonArrayFrom(eb.selectFrom('measureIndicator').select(['indicator', 'expectedScore']).whereRef('measureIndicator.measureId', '=', 'measure.id').orderBy('indicator')).as('indicators'),
      ]);
    if (where.cycleId) query = query.where('measure.cycleId', '=', where.cycleId);
    if (where.measureId) query = query.where('measure.id', '=', where.measureId);
    if (filters.status) query = query.where('measure.status', '=', filters.status);
    const scope = filters.scope ?? where.scope;
    if (scope) query = query.where('measure.scope', '=', scope);
    const rows = await query.orderBy('measure.dueAt').orderBy('measure.id').execute();
    const at = now();
    const items = rows.map((row) => ({
      ...row,
      scope: row.scope as MeasureScope,
      status: row.status as MeasureStatus,
      overdue: isOverdue(row, at),
      indicators: row.indicators.map((entry) => ({ indicator: entry.indicator as ResilienceIndicator, expectedScore: entry.expectedScore })),
    }));
    return filters.overdue === undefined ? items : items.filter((item) => item.overdue === filters.overdue);
  }

  const dueAtOf = (value: string, cycle: CycleContext) => {
    const dueAt = new Date(value);
    if (Number.isNaN(dueAt.getTime())) throw invalid('invalid-instant', 'dueAt is not a date-time.', [{ path: '/dueAt', message: 'not a date-time' }]);
    if (dueAt.getTime() <= cycle.openedAt.getTime()) throw invalid('dates-out-of-order', 'A measure is due after the opening of its cycle.', [{ path: '/dueAt', message: 'before the opening of the cycle' }]);
    return dueAt;
  };

  /** Checks the links of a new measure: scenarios of this cycle, known processes, expected values on the method's classes and the scale. */
  async function checkLinks(tx: Transaction<Database>, cycle: CycleContext, input: MeasureInput) {
    const details: ErrorDetail[] = [];
    const processIds = [...new Set(input.processIds ?? [])].filter((id) => id !== cycle.processId);
    if (input.scope === 'cross-sector' && processIds.length === 0) details.push({ path: '/processIds', message: 'a cross-sector measure spans at least one other process' });
    if (input.scope === 'sectoral' && processIds.length > 0) details.push({ path: '/processIds', message: 'a sectoral measure concerns its own process only' });
    const knownProcesses = processIds.length === 0 ? [] : await tx.selectFrom('vitalProcess').select('id').where('id', 'in', processIds.filter(isUuid)).execute();
    processIds.forEach((id, index) => knownProcesses.some((process) => process.id === id) || details.push({ path: `/processIds/${index}`, message: 'unknown vital process' }));
    const scenarioIds = (input.scenarios ?? []).map((entry) => entry.scenarioId);
    const ownScenarios = scenarioIds.length === 0 ? [] : await tx.selectFrom('riskScenario').select('id').where('cycleId', '=', cycle.id).where('id', 'in', scenarioIds.filter(isUuid)).execute();
    (input.scenarios ?? []).forEach((entry, index) => {
      if (!ownScenarios.some((scenario) => scenario.id === entry.scenarioId)) details.push({ path: `/scenarios/${index}/scenarioId`, message: 'not a scenario of this cycle' });
      if (entry.expectedLikelihoodClass && !options.method.likelihood.classes.some((entry2) => entry2.class === entry.expectedLikelihoodClass))
        details.push({ path: `/scenarios/${index}/expectedLikelihoodClass`, message: 'not a likelihood class of the method' });
      if (entry.expectedImpactClass && !options.method.impact.classes.some((entry2) => entry2.class === entry.expectedImpactClass)) details.push({ path: `/scenarios/${index}/expectedImpactClass`, message: 'not an impact class of the method' });
    });
    (input.indicators ?? []).forEach((entry, index) => {
      if (entry.expectedScore !== undefined && !options.scale.levels.some((level) => level.score === entry.expectedScore)) details.push({ path: `/indicators/${index}/expectedScore`, message: 'not a level of the maturity scale' });
    });
    if (new Set((input.indicators ?? []).map((entry) => entry.indicator)).size !== (input.indicators ?? []).length) details.push({ path: '/indicators', message: 'an indicator is named twice' });
    if (new Set(scenarioIds).size !== scenarioIds.length) details.push({ path: '/scenarios', message: 'a scenario is named twice' });
    if (details.length > 0) throw invalid('measure-link-invalid', 'The measure’s links do not fit its cycle, the risk method or the maturity scale.', details);
    return processIds;
  }

  async function findMeasure(tx: Transaction<Database>, actor: Actor, cycleId: string, measureId: string) {
    const found = isUuid(measureId) ? (await measuresOf(tx, actor, { cycleId, measureId }))[0] : undefined;
    if (!found) throw notFound('measure', measureId);
    return found;
  }

  return {
    measuresOf,

    /** The measures of a cycle `actor` may see, filterable by status, scope and overdue, grouped by status for a kanban view. */
    async list(actor: Actor, cycleId: string, filters: MeasureFilters) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const items = await measuresOf(tx, actor, { cycleId }, filters);
        await appendAudit(tx, actor, { action: 'list', objectType: 'measure', objectId: cycleId, subjectOrgId: cycle.ministryId, details: { filters, count: items.length } });
        return { items, overdue: items.filter((item) => item.overdue).length, totalCostEur: items.filter((item) => item.status !== 'cancelled').reduce((sum, item) => sum + (item.costEstimateEur ?? 0), 0) };
      });
    },

    /** Adds a measure to the cycle's action programme (the responsible ministry; the coordinator for cross-sector measures). */
    async create(actor: Actor, cycleId: string, input: MeasureInput) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        await authorizeCycleContentWrite(actor, 'measures', { tx, processId: cycle.processId, scope: input.scope });
        assertCycleOpen(cycle);
        const dueAt = dueAtOf(input.dueAt, cycle);
        const owner = isUuid(input.ownerOrgId) ? await tx.selectFrom('organisation').select('id').where('id', '=', input.ownerOrgId).executeTakeFirst() : undefined;
        if (!owner) throw new DomainError('unknown-reference', 'The owner organisation does not exist.', [{ path: '/ownerOrgId', message: 'unknown organisation' }]);
        const processIds = await checkLinks(tx, cycle, input);
        const { id } = await tx
          .insertInto('measure')
          .values({
            cycleId,
            title: input.title,
            description: input.description ?? null,
            scope: input.scope,
            ownerOrgId: input.ownerOrgId,
            dueAt,
            status: input.status ?? 'planned',
            costEstimateEur: input.costEstimateEur ?? null,
            sharedWithProviders: input.sharedWithProviders ?? false,
            createdByUserId: userOf(actor),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (processIds.length > 0) await tx.insertInto('measureProcess').values(processIds.map((processId) => ({ measureId: id, processId }))).execute();
        if (input.scenarios?.length)
          await tx
            .insertInto('measureScenario')
            .values(input.scenarios.map((entry) => ({ measureId: id, scenarioId: entry.scenarioId, expectedLikelihoodClass: entry.expectedLikelihoodClass ?? null, expectedImpactClass: entry.expectedImpactClass ?? null })))
            .execute();
        if (input.indicators?.length) await tx.insertInto('measureIndicator').values(input.indicators.map((entry) => ({ measureId: id, indicator: entry.indicator, expectedScore: entry.expectedScore ?? null }))).execute();
        const after = (await measuresOf(tx, { kind: 'system', via: 'programme' }, { measureId: id }))[0]!;
        await appendAudit(tx, actor, { action: 'create', objectType: 'measure', objectId: id, subjectOrgId: cycle.ministryId, after, details: { cycleId } });
        return after;
      });
    },

    /** Changes a measure; the provider that owns it may report its status only. */
    async update(actor: Actor, cycleId: string, measureId: string, patch: MeasurePatch) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const before = await findMeasure(tx, actor, cycleId, measureId);
        const statusOnly = Object.keys(patch).every((key) => key === 'status');
        await authorizeCycleContentWrite(actor, 'measures', { tx, processId: cycle.processId, scope: before.scope, ownerOrgId: before.ownerOrgId, action: statusOnly ? 'status' : 'write' });
        const { dueAt, ...rest } = patch;
        await tx
          .updateTable('measure')
          .set({ ...rest, ...(dueAt !== undefined ? { dueAt: dueAtOf(dueAt, cycle) } : {}), updatedAt: new Date() })
          .where('id', '=', measureId)
          .execute();
        const after = (await measuresOf(tx, { kind: 'system', via: 'programme' }, { measureId }))[0]!;
        await appendAudit(tx, actor, { action: 'update', objectType: 'measure', objectId: measureId, subjectOrgId: cycle.ministryId, before, after, details: { cycleId } });
        return after;
      });
    },
  };
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
