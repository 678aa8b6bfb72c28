import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/schema.ts';
import { statusOf } from '../domain/cycle.ts';
import { groupBy } from '../domain/grouping.ts';
import { effectOf, trendOf, type EffectVerdict, type Trend } from '../domain/programme.ts';
import { aggregateScores, resilienceIndicators, type ResilienceIndicator } from '../domain/resilience.ts';
import { classScore, type RiskMethod, type ScorePhase } from '../domain/risk.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { getCycleContext, seesWholeCycle, type CycleContext } from './cycle-context.ts';
import { cycleOverseenCondition, readCondition } from './policy.ts';
import type { ProgrammeService } from './programme.service.ts';
import type { RiskService } from './risk.service.ts';
import { inTransaction } from './transaction.ts';

type Executor = Kysely<Database> | Transaction<Database>;
const system: Actor = { kind: 'system', via: 'effectiveness' };

type PhaseScores = Record<ScorePhase, Map<ResilienceIndicator, number>>;

interface ScoreRow {
  phase: string;
  indicator: string;
  score: number;
}

/** The process score per indicator of each phase from a cycle's scores: the minimum over providers, see domain/resilience.ts. */
function phaseScores(rows: readonly ScoreRow[]): PhaseScores {
  const ofPhase = (phase: ScorePhase) =>
    new Map(aggregateScores(rows.filter((row) => row.phase === phase).map((row) => ({ indicator: row.indicator as ResilienceIndicator, score: row.score }))).map((entry) => [entry.indicator, entry.score]));
  return { analysis: ofPhase('analysis'), reassessment: ofPhase('reassessment') };
}

/** The process scores of each cycle (`phaseScores`), in one statement. */
async function processScores(executor: Executor, cycleIds: readonly string[]): Promise<(cycleId: string) => PhaseScores> {
  const rows = cycleIds.length === 0 ? [] : await executor.selectFrom('indicatorScore').select(['cycleId', 'phase', 'indicator', 'score']).where(sql<boolean>`cycle_id = any(${cycleIds}::uuid[])`).execute();
  const byCycle = groupBy(rows, (row) => row.cycleId);
  return (cycleId) => phaseScores(byCycle.get(cycleId) ?? []);
}

/** The latest value: the re-assessment when there is one, else the analysis. */
const latest = <T>(analysis: T | undefined | null, reassessment: T | undefined | null) => reassessment ?? analysis ?? null;

/**
 * Cycle step 4: the effect of each measure (expected against observed), the trend of every indicator and risk within the
 * cycle and against the previous cycle of the same process, and what improved, worsened or was never addressed.
 * Also the coordinator's cross-sector overview.
 */
export function createEffectivenessService(db: Kysely<Database>, deps: { risk: RiskService; programme: ProgrammeService; method: RiskMethod; dueSoonDays: number; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const { method } = deps;

  /** The cycle of the same process opened before this one that has scores (the one to compare with), if any. */
  async function previousCycle(executor: Executor, cycle: CycleContext) {
    return executor
      .selectFrom('cycle')
      .select(['id', 'openedAt', 'completedAt', 'kind'])
      .where('processId', '=', cycle.processId)
      .where('openedAt', '<', cycle.openedAt)
      .where((eb) => eb.exists(eb.selectFrom('indicatorScore').select('indicatorScore.id').whereRef('indicatorScore.cycleId', '=', 'cycle.id')))
      .orderBy('openedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The process score per indicator for every cycle of the process up to this one, oldest first (for the trend chart). */
  async function history(executor: Executor, cycle: CycleContext) {
    const cycles = await executor.selectFrom('cycle').select(['id', 'openedAt', 'kind']).where('processId', '=', cycle.processId).where('openedAt', '<=', cycle.openedAt).orderBy('openedAt').execute();
    const points: { cycleId: string; openedAt: Date; label: string; indicator: ResilienceIndicator; score: number }[] = [];
    const scoresOf = await processScores(executor, cycles.map((entry) => entry.id));
    for (const entry of cycles) {
      const { analysis, reassessment } = scoresOf(entry.id);
      for (const indicator of resilienceIndicators) {
        const score = latest(analysis.get(indicator), reassessment.get(indicator));
        if (score !== null) points.push({ cycleId: entry.id, openedAt: entry.openedAt, label: `${entry.openedAt.toISOString().slice(0, 10)} (${entry.kind})`, indicator, score });
      }
    }
    return points;
  }

  /** The effectiveness view of one cycle as `actor` may see it (nothing about indicators for a provider unless the scores are shared). */
  async function evaluate(executor: Executor, actor: Actor, cycle: CycleContext) {
    const whole = await seesWholeCycle(executor, actor, cycle.id);
    const showScores = whole || cycle.scoresSharedWithProviders;
    const previous = await previousCycle(executor, cycle);
    const scoresOf = await processScores(executor, previous ? [cycle.id, previous.id] : [cycle.id]);
    const { analysis, reassessment } = scoresOf(cycle.id);
    const previousScores = previous && scoresOf(previous.id);
    const measures = await deps.programme.measuresOf(executor, actor, { cycleId: cycle.id });
    const addressedIndicators = new Set(measures.filter((measure) => measure.status !== 'cancelled').flatMap((measure) => measure.indicators.map((entry) => entry.indicator)));
    const addressedScenarios = new Set(measures.filter((measure) => measure.status !== 'cancelled').flatMap((measure) => measure.scenarios.map((entry) => entry.scenarioId)));

    const indicators = showScores
      ? resilienceIndicators.flatMap((indicator) => {
          const before = analysis.get(indicator) ?? null;
          const after = reassessment.get(indicator) ?? null;
          const previousValue = previousScores ? latest(previousScores.analysis.get(indicator), previousScores.reassessment.get(indicator)) : null;
          if (before === null && after === null) return [];
          return [{ indicator, analysis: before, reassessment: after, previous: previousValue, trendInCycle: trendOf(before, after, true), trendSincePrevious: trendOf(previousValue, latest(before, after), true), addressed: addressedIndicators.has(indicator) }];
        })
      : [];

    const scenarios = await deps.risk.scenariosOf(executor, actor, cycle.id);
    const previousScenarios = previous ? await deps.risk.scenariosOf(executor, system, previous.id) : [];
    const risks = scenarios.map((scenario) => {
      const earlier = previousScenarios.find((entry) => entry.key === scenario.key);
      const previousRisk = earlier ? latest(earlier.analysis?.riskScore, earlier.reassessment?.riskScore) : null;
      const before = scenario.analysis?.riskScore ?? null;
      const after = scenario.reassessment?.riskScore ?? null;
      return {
        scenarioId: scenario.id,
        key: scenario.key,
        title: scenario.title,
        analysis: before,
        reassessment: after,
        previous: previousRisk,
        trendInCycle: trendOf(before, after, false),
        trendSincePrevious: trendOf(previousRisk, latest(before, after), false),
        addressed: addressedScenarios.has(scenario.id),
      };
    });

    const effects = measures.map((measure) => ({
      measureId: measure.id,
      title: measure.title,
      status: measure.status,
      indicators: showScores
        ? measure.indicators.map((entry) => ({
            indicator: entry.indicator,
            baseline: analysis.get(entry.indicator) ?? null,
            expected: entry.expectedScore,
            observed: reassessment.get(entry.indicator) ?? null,
            verdict: effectOf({ baseline: analysis.get(entry.indicator) ?? null, expected: entry.expectedScore, observed: reassessment.get(entry.indicator) ?? null, higherIsBetter: true }),
          }))
        : [],
      scenarios: measure.scenarios.map((entry) => {
        const scenario = scenarios.find((candidate) => candidate.id === entry.scenarioId);
        const classes = (phase: ScorePhase) => scenario?.[phase] ?? null;
        const verdictOf = (expected: string | null, kind: 'likelihood' | 'impact'): EffectVerdict => {
          const list = kind === 'likelihood' ? method.likelihood.classes : method.impact.classes;
          const pick = (phase: ScorePhase) => classScore(list, kind === 'likelihood' ? classes(phase)?.likelihoodClass : classes(phase)?.impactClass) ?? null;
          return effectOf({ baseline: pick('analysis'), expected: classScore(list, expected) ?? null, observed: pick('reassessment'), higherIsBetter: false });
        };
        return {
          scenarioId: entry.scenarioId,
          key: entry.key,
          expectedLikelihoodClass: entry.expectedLikelihoodClass,
          observedLikelihoodClass: classes('reassessment')?.likelihoodClass ?? null,
          expectedImpactClass: entry.expectedImpactClass,
          observedImpactClass: classes('reassessment')?.impactClass ?? null,
          likelihoodVerdict: verdictOf(entry.expectedLikelihoodClass, 'likelihood'),
          impactVerdict: verdictOf(entry.expectedImpactClass, 'impact'),
        };
      }),
    }));

    const pick = (trend: Trend) => [
      ...indicators.filter((entry) => entry.trendInCycle === trend || (entry.trendInCycle === 'not-reassessed' && entry.trendSincePrevious === trend)).map((entry) => ({ kind: 'indicator' as const, key: entry.indicator, title: entry.indicator })),
      ...risks.filter((entry) => entry.trendInCycle === trend || (entry.trendInCycle === 'not-reassessed' && entry.trendSincePrevious === trend)).map((entry) => ({ kind: 'risk' as const, key: entry.key, title: entry.title })),
    ];
    const summary = {
      improved: pick('improved'),
      worsened: pick('worsened'),
      neverAddressed: [
        ...indicators.filter((entry) => !entry.addressed).map((entry) => ({ kind: 'indicator' as const, key: entry.indicator, title: entry.indicator })),
        ...risks.filter((entry) => !entry.addressed).map((entry) => ({ kind: 'risk' as const, key: entry.key, title: entry.title })),
      ],
    };
    return { previousCycleId: previous?.id ?? null, indicators, risks, effects, summary, history: showScores ? await history(executor, cycle) : [] };
  }

  return {
    evaluate,

    /** The effectiveness view of a cycle (step 4). */
    async get(actor: Actor, cycleId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const result = await evaluate(tx, actor, cycle);
        await appendAudit(tx, actor, { action: 'read', objectType: 'cycle-effectiveness', objectId: cycleId, subjectOrgId: cycle.ministryId });
        return result;
      });
    },

    /**
     * The cross-sector overview: the latest cycle of every process `actor` oversees with its status and step, the weakest
     * process scores nationwide (lowest first), and the cross-sector measures.
     */
    async overview(actor: Actor, options: { weakest?: number } = {}) {
      return inTransaction(db, async (tx) => {
        const cycles = await tx
          .selectFrom('cycle')
          .innerJoin('vitalProcess', 'vitalProcess.id', 'cycle.processId')
          .innerJoin('sector', 'sector.id', 'vitalProcess.sectorId')
          .where(cycleOverseenCondition(actor))
          .where(readCondition(actor, 'cycles'))
          .where(sql<boolean>`cycle.opened_at = (select max(c2.opened_at) from cycle c2 where c2.process_id = cycle.process_id)`)
          .select(['cycle.id', 'cycle.processId', 'vitalProcess.code as processCode', 'vitalProcess.nameNl as processNameNl', 'vitalProcess.nameEn as processNameEn', 'vitalProcess.category', 'vitalProcess.ministryId', 'sector.code as sectorCode', 'cycle.kind', 'cycle.openedAt', 'cycle.dueAt', 'cycle.completedAt'])
          // Each cycle's steps and scores in the same statement (they were two more).
          .select((eb) => [
            jsonArrayFrom(eb.selectFrom('cycleStep').select(['cycleStep.step', 'cycleStep.state']).whereRef('cycleStep.cycleId', '=', 'cycle.id').orderBy('cycleStep.position')).as('steps'),
            jsonArrayFrom(eb.selectFrom('indicatorScore').select(['indicatorScore.phase', 'indicatorScore.indicator', 'indicatorScore.score']).whereRef('indicatorScore.cycleId', '=', 'cycle.id')).as('scores'),
          ])
          .orderBy('vitalProcess.code')
          .execute();
        const at = now();
        const processes = cycles.map(({ steps, scores: _scores, ...cycle }) => ({
          ...cycle,
          status: statusOf(cycle, at, deps.dueSoonDays),
          currentStep: steps.find((step) => step.state !== 'completed')?.step ?? null,
          stepsCompleted: steps.filter((step) => step.state === 'completed').length,
          steps: steps.length,
        }));
        const weakest: { processId: string; processCode: string; cycleId: string; indicator: ResilienceIndicator; score: number }[] = [];
        for (const cycle of cycles) {
          const { analysis, reassessment } = phaseScores(cycle.scores);
          for (const indicator of resilienceIndicators) {
            const score = latest(analysis.get(indicator), reassessment.get(indicator));
            if (score !== null) weakest.push({ processId: cycle.processId, processCode: cycle.processCode, cycleId: cycle.id, indicator, score });
          }
        }
        weakest.sort((a, b) => a.score - b.score || a.processCode.localeCompare(b.processCode) || a.indicator.localeCompare(b.indicator));
        const crossSector = await deps.programme.measuresOf(tx, actor, { scope: 'cross-sector' });
        await appendAudit(tx, actor, { action: 'read', objectType: 'cycle-overview', details: { processes: processes.length } });
        return { processes, weakestIndicators: weakest.slice(0, options.weakest ?? 20), crossSectorMeasures: crossSector };
      });
    },
  };
}

export type EffectivenessService = ReturnType<typeof createEffectivenessService>;
