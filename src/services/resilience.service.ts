import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import { aggregateScores, aggregationRule, aggregationRuleKey, checkScore, parseMaturityScale, type ResilienceIndicator } from '../domain/resilience.ts';
import type { ScorePhase } from '../domain/risk.ts';
import { assertPhaseOpen, getCycleContext, seesWholeCycle } from './cycle-context.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeWrite, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

export interface ScoreInput {
  providerId: string;
  indicator: ResilienceIndicator;
  score: number;
  rationale: string;
  evidence?: string[];
  /** `analysis` (step 2, the default) or `reassessment` (step 4, after the measures). */
  phase?: ScorePhase;
}

const scoreColumns = ['id', 'cycleId', 'providerId', 'indicator', 'phase', 'score', 'rationale', 'evidence', 'scoredByUserId', 'scoredAt'] as const;

/** Cycle step 2: indicator scores per provider on the maturity scale of data/reference/resilience-scale.json, and the process aggregate. */
export function createResilienceService(db: Kysely<Database>, options: { dataDir: string }) {
  const scale = parseMaturityScale(JSON.parse(fs.readFileSync(path.join(options.dataDir, 'reference', 'resilience-scale.json'), 'utf8')));

  const visibleCycle = (executor: Kysely<Database>, actor: Actor, id: string) =>
    executor
      .selectFrom('cycle')
      .innerJoin('vitalProcess', 'vitalProcess.id', 'cycle.processId')
      .select(['cycle.id', 'cycle.processId', 'vitalProcess.ministryId'])
      .where(readCondition(actor, 'cycles'))
      .where('cycle.id', '=', id)
      .executeTakeFirst();

  return {
    scale,

    /**
     * The scores of a cycle `actor` may see (a provider: only its own), with the aggregate per phase and its rule: over all
     * providers (the process score) for those who oversee the cycle, and for a provider once the ministry shared it back.
     */
    async list(actor: Actor, cycleId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = isUuid(cycleId) ? await visibleCycle(tx, actor, cycleId) : undefined;
        if (!cycle) throw notFound('cycle', cycleId);
        const items = await tx
          .selectFrom('indicatorScore')
          .select([...scoreColumns])
          .where('cycleId', '=', cycleId)
          .where(readCondition(actor, 'indicator-scores'))
          .orderBy('phase')
          .orderBy('providerId')
          .orderBy('indicator')
          .execute();
        await appendAudit(tx, actor, { action: 'list', objectType: 'indicator-score', objectId: cycleId, subjectOrgId: cycle.ministryId, details: { count: items.length } });
        const typed = items.map((item) => ({ ...item, indicator: item.indicator as ResilienceIndicator, phase: item.phase as ScorePhase }));
        const context = await getCycleContext(tx, actor, cycleId);
        // Without sharing, a provider's aggregate is over its own scores only: the process scores are not its to see.
        const showAll = context.scoresSharedWithProviders || (await seesWholeCycle(tx, actor, cycleId));
        const all = showAll ? await tx.selectFrom('indicatorScore').select(['indicator', 'score', 'phase']).where('cycleId', '=', cycleId).execute() : typed;
        const aggregateOf = (phase: ScorePhase) => aggregateScores(all.filter((entry) => entry.phase === phase).map((entry) => ({ indicator: entry.indicator as ResilienceIndicator, score: entry.score })));
        return { scale, items: typed, aggregate: aggregateOf('analysis'), reassessmentAggregate: aggregateOf('reassessment'), aggregationRule, aggregationRuleKey, sharedWithProviders: context.scoresSharedWithProviders };
      });
    },

    /** Enters or replaces one provider's score of one indicator, while the cycle's analysis step is not completed. */
    async score(actor: Actor, cycleId: string, input: ScoreInput) {
      return inTransaction(db, async (tx) => {
        const cycle = isUuid(cycleId) ? await visibleCycle(tx, actor, cycleId) : undefined;
        if (!cycle) throw notFound('cycle', cycleId);
        await authorizeWrite(actor, 'indicator-scores', { tx, after: { processId: cycle.processId, providerId: input.providerId } });
        checkScore(scale, input.score);
        const phase = input.phase ?? 'analysis';
        const designated = await tx
          .selectFrom('processProvider')
          .select('id')
          .where('processId', '=', cycle.processId)
          .where('providerId', '=', input.providerId)
          .where('status', '<>', 'withdrawn')
          .executeTakeFirst();
        if (!designated) throw new DomainError('provider-not-designated', 'The provider is not designated for this cycle’s vital process.', [{ path: '/providerId', message: 'not designated' }]);
        const analysis = await tx.selectFrom('cycleStep').select('state').where('cycleId', '=', cycleId).where('step', '=', 'analysis').executeTakeFirst();
        if (phase === 'analysis' && analysis?.state === 'completed') throw new DomainError('analysis-closed', 'The analysis step of this cycle is completed; its scores are final.');
        assertPhaseOpen(await getCycleContext(tx, { kind: 'system', via: 'resilience' }, cycleId), phase);
        const before = await tx
          .selectFrom('indicatorScore')
          .select([...scoreColumns])
          .where('cycleId', '=', cycleId)
          .where('providerId', '=', input.providerId)
          .where('indicator', '=', input.indicator)
          .where('phase', '=', phase)
          .executeTakeFirst();
        const values = { score: input.score, rationale: input.rationale, evidence: input.evidence ?? [], scoredByUserId: actor.kind === 'user' ? actor.userId : null, scoredAt: new Date() };
        const row = await tx
          .insertInto('indicatorScore')
          .values({ cycleId, providerId: input.providerId, indicator: input.indicator, phase, ...values })
          .onConflict((conflict) => conflict.columns(['cycleId', 'providerId', 'indicator', 'phase']).doUpdateSet({ ...values, evidence: sql`excluded.evidence` }))
          .returning([...scoreColumns])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: before ? 'update' : 'create', objectType: 'indicator-score', objectId: row.id, subjectOrgId: input.providerId, before, after: row });
        return { ...row, indicator: row.indicator as ResilienceIndicator, phase: row.phase as ScorePhase };
      });
    },
  };
}

export type ResilienceService = ReturnType<typeof createResilienceService>;
