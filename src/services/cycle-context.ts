import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CycleKind, CycleStep, StepState } from '../domain/cycle.ts';
import { DomainError, notFound } from '../domain/errors.ts';
import type { ScorePhase } from '../domain/risk.ts';
import type { Actor } from './actor.ts';
import { cycleOverseenCondition, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';

export interface CycleContext {
  id: string;
  processId: string;
  ministryId: string;
  sectorId: string;
  processCode: string;
  processNameNl: string;
  processNameEn: string;
  kind: CycleKind;
  openedAt: Date;
  dueAt: Date;
  completedAt: Date | null;
  scoresSharedWithProviders: boolean;
  steps: { step: CycleStep; state: StepState; completedAt: Date | null }[];
}

/** The cycle `actor` may see with its process and step states; not-found when absent or not visible. */
export async function getCycleContext(executor: Kysely<Database> | Transaction<Database>, actor: Actor, cycleId: string): Promise<CycleContext> {
  const row = isUuid(cycleId)
    ? await executor
        .selectFrom('cycle')
        .innerJoin('vitalProcess', 'vitalProcess.id', 'cycle.processId')
        .where(readCondition(actor, 'cycles'))
        .where('cycle.id', '=', cycleId)
        .select([
          'cycle.id',
          'cycle.processId',
          'vitalProcess.ministryId',
          'vitalProcess.sectorId',
          'vitalProcess.code as processCode',
          'vitalProcess.nameNl as processNameNl',
          'vitalProcess.nameEn as processNameEn',
          'cycle.kind',
          'cycle.openedAt',
          'cycle.dueAt',
          'cycle.completedAt',
          'cycle.scoresSharedWithProviders',
        ])
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound('cycle', cycleId);
  const steps = await executor.selectFrom('cycleStep').select(['step', 'state', 'completedAt']).where('cycleId', '=', cycleId).orderBy('position').execute();
  return { ...row, kind: row.kind as CycleKind, steps: steps.map((step) => ({ ...step, step: step.step as CycleStep, state: step.state as StepState })) };
}

/** Throws `cycle-closed` when the cycle is completed. */
export function assertCycleOpen(cycle: CycleContext): void {
  if (cycle.completedAt) throw new DomainError('cycle-closed', 'The cycle is completed; its content is final.');
}

export const stepState = (cycle: Pick<CycleContext, 'steps'>, step: CycleStep): StepState | undefined => cycle.steps.find((entry) => entry.step === step)?.state;

/** May scores of `phase` change: analysis scores until the analysis step is completed, re-assessment scores while the effectiveness step is in progress. */
export const phaseOpen = (cycle: Pick<CycleContext, 'steps'>, phase: ScorePhase): boolean =>
  phase === 'analysis' ? stepState(cycle, 'analysis') !== 'completed' : stepState(cycle, 'effectiveness') === 'in-progress';

/**
 * Throws `phase-not-open` unless scores of `phase` may change: analysis scores until the analysis step is completed,
 * re-assessment scores (step 4) while the effectiveness step is in progress.
 */
export function assertPhaseOpen(cycle: CycleContext, phase: ScorePhase): void {
  if (!phaseOpen(cycle, phase))
    throw new DomainError(
      'phase-not-open',
      phase === 'analysis' ? 'The analysis step of this cycle is completed; its scores are final.' : 'Re-assessment scores are entered while the effectiveness step is in progress.',
      [{ path: '/phase', message: `${phase} is not open` }],
    );
}

export const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

/** May `actor` see every provider's part of the cycle (the ministry, the supervisor, the coordinator), rather than only its own? */
export const seesWholeCycle = async (executor: Kysely<Database> | Transaction<Database>, actor: Actor, cycleId: string) =>
  (await executor.selectFrom('cycle').select('id').where('id', '=', cycleId).where(cycleOverseenCondition(actor)).executeTakeFirst()) !== undefined;
