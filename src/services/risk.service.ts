import fs from 'node:fs';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { aggregationRuleText, checkThreat, parseRiskMethod, parseThreatCatalogue, scoreScenario, type ScenarioScoreInput, type ScorePhase } from '../domain/risk.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { assertCycleOpen, assertPhaseOpen, getCycleContext, userOf, type CycleContext } from './cycle-context.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { authorizeCycleContentWrite, cycleContentReadCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

export interface ThreatLinkInput {
  threatKey: string;
  subThreatKey?: string;
  rationale?: string;
}

export interface ScenarioInput {
  key: string;
  title: string;
  description?: string;
  threatKey?: string;
  sharedWithProviders?: boolean;
}

export type ScenarioPatch = Partial<Omit<ScenarioInput, 'key'>>;

export interface ScenarioScoreBody extends ScenarioScoreInput {
  phase?: ScorePhase;
  rationale?: string;
}

export interface CycleInputBody {
  kind: 'high-risk-finding' | 'vendor' | 'strategic-dependency' | 'procurement';
  title: string;
  reference?: string;
  vendorId?: string;
  note?: string;
}

type Executor = Kysely<Database> | Transaction<Database>;

const scenarioColumns = ['id', 'cycleId', 'key', 'title', 'description', 'threatKey', 'sharedWithProviders', 'createdByUserId', 'createdAt', 'updatedAt'] as const;
const scoreColumns = ['id', 'scenarioId', 'phase', 'likelihoodClass', 'impacts', 'impactScore', 'impactClass', 'riskScore', 'rationale', 'scoredByUserId', 'scoredAt'] as const;

/** Reads a reference file of the data folder. */
export const readReference = (dataDir: string, name: string): unknown => JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', name), 'utf8'));

/**
 * Cycle step 2 beyond the indicator scores: threats of the threat landscape linked to the process, risk scenarios
 * scored on the national risk method (analysis and re-assessment), the risk diagram's data, and the strategic
 * dependencies and procurement findings linked in as inputs.
 */
export function createRiskService(db: Kysely<Database>, options: { dataDir: string }) {
  const method = parseRiskMethod(readReference(options.dataDir, 'risk-method.json'));
  const threats = parseThreatCatalogue(readReference(options.dataDir, 'threats.json'));
  const rule = aggregationRuleText(method);

  /** The scenarios of a cycle `actor` may see, each with its analysis and re-assessment scores. */
  async function scenariosOf(executor: Executor, actor: Actor, cycleId: string) {
    const scenarios = await executor.selectFrom('riskScenario').where('cycleId', '=', cycleId).where(cycleContentReadCondition(actor, 'risk-scenarios')).select([...scenarioColumns]).orderBy('key').execute();
    const scores = scenarios.length === 0 ? [] : await executor.selectFrom('riskScenarioScore').select([...scoreColumns]).where('scenarioId', 'in', scenarios.map((scenario) => scenario.id)).execute();
    const scoreOf = (scenarioId: string, phase: ScorePhase) => {
      const found = scores.find((score) => score.scenarioId === scenarioId && score.phase === phase);
      return found ? { ...found, phase } : null;
    };
    return scenarios.map((scenario) => ({ ...scenario, analysis: scoreOf(scenario.id, 'analysis'), reassessment: scoreOf(scenario.id, 'reassessment') }));
  }

  async function findScenario(tx: Transaction<Database>, actor: Actor, cycle: CycleContext, scenarioId: string) {
    const scenario = isUuid(scenarioId)
      ? await tx.selectFrom('riskScenario').select([...scenarioColumns]).where('id', '=', scenarioId).where('cycleId', '=', cycle.id).where(cycleContentReadCondition(actor, 'risk-scenarios')).executeTakeFirst()
      : undefined;
    if (!scenario) throw notFound('risk-scenario', scenarioId);
    return scenario;
  }

  /** The points of the risk diagram: one per scored scenario and phase, likelihood class × aggregated impact. */
  const diagramPoints = (scenarios: Awaited<ReturnType<typeof scenariosOf>>) =>
    scenarios.flatMap((scenario) =>
      (['analysis', 'reassessment'] as const).flatMap((phase) => {
        const score = scenario[phase];
        return score ? [{ scenarioId: scenario.id, key: scenario.key, title: scenario.title, phase, likelihoodClass: score.likelihoodClass, impactClass: score.impactClass, impactScore: score.impactScore, riskScore: score.riskScore }] : [];
      }),
    );

  return {
    method,
    threats,
    aggregationRule: rule,
    scenariosOf,
    diagramPoints,

    /** Shares the process scores (the aggregate over all providers) with the providers, or stops sharing them. */
    async shareScores(actor: Actor, cycleId: string, shared: boolean) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        await authorizeCycleContentWrite(actor, 'risk-scenarios', { tx, processId: cycle.processId });
        await tx.updateTable('cycle').set({ scoresSharedWithProviders: shared, updatedAt: new Date() }).where('id', '=', cycleId).execute();
        await appendAudit(tx, actor, { action: 'update', objectType: 'cycle', objectId: cycleId, subjectOrgId: cycle.ministryId, before: { scoresSharedWithProviders: cycle.scoresSharedWithProviders }, after: { scoresSharedWithProviders: shared } });
        return { scoresSharedWithProviders: shared };
      });
    },

    /** The threats linked to a cycle's process. */
    async listThreats(actor: Actor, cycleId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const items = await tx.selectFrom('cycleThreat').where('cycleId', '=', cycleId).where(cycleContentReadCondition(actor, 'cycle-threats')).select(['id', 'threatKey', 'subThreatKey', 'rationale', 'linkedByUserId', 'linkedAt']).orderBy('threatKey').execute();
        await appendAudit(tx, actor, { action: 'list', objectType: 'cycle-threat', objectId: cycleId, subjectOrgId: cycle.ministryId, details: { count: items.length } });
        return { catalogue: threats, items };
      });
    },

    /** Links a threat (and sub-threat) of the catalogue to the cycle's process. */
    async linkThreat(actor: Actor, cycleId: string, input: ThreatLinkInput) {
      return inTransaction(
        db,
        async (tx) => {
          const cycle = await getCycleContext(tx, actor, cycleId);
          await authorizeCycleContentWrite(actor, 'cycle-threats', { tx, processId: cycle.processId });
          assertCycleOpen(cycle);
          checkThreat(threats, input.threatKey, input.subThreatKey);
          const row = await tx
            .insertInto('cycleThreat')
            .values({ cycleId, threatKey: input.threatKey, subThreatKey: input.subThreatKey ?? '', rationale: input.rationale ?? null, linkedByUserId: userOf(actor) })
            .returning(['id', 'threatKey', 'subThreatKey', 'rationale', 'linkedByUserId', 'linkedAt'])
            .executeTakeFirstOrThrow();
          await appendAudit(tx, actor, { action: 'create', objectType: 'cycle-threat', objectId: row.id, subjectOrgId: cycle.ministryId, after: row, details: { cycleId } });
          return row;
        },
        (constraint) => (constraint.includes('threat') ? 'threatKey' : fieldOfConstraint('cycle_threat', constraint)),
      );
    },

    /** The scenarios of a cycle with their scores, the method and its rule, and the points of the risk diagram. */
    async listScenarios(actor: Actor, cycleId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const items = await scenariosOf(tx, actor, cycleId);
        await appendAudit(tx, actor, { action: 'list', objectType: 'risk-scenario', objectId: cycleId, subjectOrgId: cycle.ministryId, details: { count: items.length } });
        return { method, aggregationRule: rule, aggregationRuleKey: method.aggregation.rule, items, diagram: diagramPoints(items) };
      });
    },

    /** A new risk scenario of the cycle; its key is stable across cycles so that trends can follow it. */
    async createScenario(actor: Actor, cycleId: string, input: ScenarioInput) {
      return inTransaction(
        db,
        async (tx) => {
          const cycle = await getCycleContext(tx, actor, cycleId);
          await authorizeCycleContentWrite(actor, 'risk-scenarios', { tx, processId: cycle.processId });
          assertCycleOpen(cycle);
          if (input.threatKey) checkThreat(threats, input.threatKey);
          const row = await tx
            .insertInto('riskScenario')
            .values({ cycleId, key: input.key, title: input.title, description: input.description ?? null, threatKey: input.threatKey ?? null, sharedWithProviders: input.sharedWithProviders ?? false, createdByUserId: userOf(actor) })
            .returning([...scenarioColumns])
            .executeTakeFirstOrThrow();
          await appendAudit(tx, actor, { action: 'create', objectType: 'risk-scenario', objectId: row.id, subjectOrgId: cycle.ministryId, after: row, details: { cycleId } });
          return { ...row, analysis: null, reassessment: null };
        },
        (constraint) => (constraint.includes('key') ? 'key' : fieldOfConstraint('risk_scenario', constraint)),
      );
    },

    /** Changes a scenario's title, description, threat or whether it is shared with the providers. */
    async updateScenario(actor: Actor, cycleId: string, scenarioId: string, patch: ScenarioPatch) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const before = await findScenario(tx, actor, cycle, scenarioId);
        await authorizeCycleContentWrite(actor, 'risk-scenarios', { tx, processId: cycle.processId });
        assertCycleOpen(cycle);
        if (patch.threatKey) checkThreat(threats, patch.threatKey);
        await tx.updateTable('riskScenario').set({ ...patch, updatedAt: new Date() }).where('id', '=', scenarioId).execute();
        const after = (await scenariosOf(tx, { kind: 'system', via: 'risk' }, cycleId)).find((scenario) => scenario.id === scenarioId)!;
        await appendAudit(tx, actor, { action: 'update', objectType: 'risk-scenario', objectId: scenarioId, subjectOrgId: cycle.ministryId, before, after });
        return after;
      });
    },

    /** Scores a scenario (analysis in step 2, re-assessment in step 4) and aggregates it by the method's rule. */
    async scoreScenario(actor: Actor, cycleId: string, scenarioId: string, input: ScenarioScoreBody) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        await findScenario(tx, actor, cycle, scenarioId);
        await authorizeCycleContentWrite(actor, 'risk-scenarios', { tx, processId: cycle.processId });
        const phase = input.phase ?? 'analysis';
        assertPhaseOpen(cycle, phase);
        const score = scoreScenario(method, input);
        const values = {
          likelihoodClass: score.likelihoodClass,
          impacts: JSON.stringify(score.impacts),
          impactScore: score.impactScore,
          impactClass: score.impactClass,
          riskScore: score.riskScore,
          rationale: input.rationale ?? null,
          scoredByUserId: userOf(actor),
          scoredAt: new Date(),
        };
        const before = await tx.selectFrom('riskScenarioScore').select([...scoreColumns]).where('scenarioId', '=', scenarioId).where('phase', '=', phase).executeTakeFirst();
        const row = await tx
          .insertInto('riskScenarioScore')
          .values({ scenarioId, phase, ...values })
          .onConflict((conflict) => conflict.columns(['scenarioId', 'phase']).doUpdateSet(values))
          .returning([...scoreColumns])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: before ? 'update' : 'create', objectType: 'risk-scenario-score', objectId: row.id, subjectOrgId: cycle.ministryId, before, after: row, details: { cycleId, scenarioId, phase } });
        return { ...row, phase, aggregationRule: rule };
      });
    },

    /** The strategic dependencies and procurement findings linked into the analysis. */
    async listInputs(actor: Actor, cycleId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const items = await tx
          .selectFrom('cycleInput')
          .leftJoin('vendor', 'vendor.id', 'cycleInput.vendorId')
          .where('cycleInput.cycleId', '=', cycleId)
          .where(cycleContentReadCondition(actor, 'cycle-inputs'))
          .select(['cycleInput.id', 'cycleInput.kind', 'cycleInput.title', 'cycleInput.reference', 'cycleInput.vendorId', 'vendor.name as vendorName', 'vendor.country as vendorCountry', 'cycleInput.note', 'cycleInput.linkedByUserId', 'cycleInput.linkedAt'])
          .orderBy('cycleInput.linkedAt')
          .execute();
        await appendAudit(tx, actor, { action: 'list', objectType: 'cycle-input', objectId: cycleId, subjectOrgId: cycle.ministryId, details: { count: items.length } });
        return { items };
      });
    },

    /** Links a high-risk scan finding, a vendor, a strategic dependency or a procurement finding into the analysis. */
    async linkInput(actor: Actor, cycleId: string, input: CycleInputBody) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        await authorizeCycleContentWrite(actor, 'cycle-inputs', { tx, processId: cycle.processId });
        assertCycleOpen(cycle);
        if (input.vendorId !== undefined && !(isUuid(input.vendorId) && (await tx.selectFrom('vendor').select('id').where('id', '=', input.vendorId).executeTakeFirst())))
          throw new DomainError('unknown-reference', 'The vendor does not exist.', [{ path: '/vendorId', message: 'unknown vendor' }]);
        const row = await tx
          .insertInto('cycleInput')
          .values({ cycleId, kind: input.kind, title: input.title, reference: input.reference ?? null, vendorId: input.vendorId ?? null, note: input.note ?? null, linkedByUserId: userOf(actor) })
          .returning(['id', 'kind', 'title', 'reference', 'vendorId', 'note', 'linkedByUserId', 'linkedAt'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'cycle-input', objectId: row.id, subjectOrgId: cycle.ministryId, after: row, details: { cycleId } });
        return row;
      });
    },
  };
}

export type RiskService = ReturnType<typeof createRiskService>;
