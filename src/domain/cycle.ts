import { DomainError, invalid } from './errors.ts';

/**
 * The cyclus vitaal: designation → resilience analysis → action programme → effectiveness, repeated.
 * A regular cycle walks all four steps; a quickscan is the short form of step 2 (DESIGN.md §2.4).
 * The period between regular cycles is data (data/reference/cycle-rules.json), since REFERENCE.md §4 marks it unconfirmed.
 */
export const cycleKinds = ['regular', 'quickscan'] as const;
export type CycleKind = (typeof cycleKinds)[number];

export const cycleTriggers = ['schedule', 'event'] as const;
export type CycleTrigger = (typeof cycleTriggers)[number];

export const cycleSteps = ['designation', 'analysis', 'measures', 'effectiveness'] as const;
export type CycleStep = (typeof cycleSteps)[number];

export const stepStates = ['not-started', 'in-progress', 'completed'] as const;
export type StepState = (typeof stepStates)[number];

export const cycleStatuses = ['completed', 'overdue', 'due-soon', 'on-track'] as const;
export type CycleStatus = (typeof cycleStatuses)[number];

export interface CycleRules {
  regularPeriodYears: number;
  dueSoonDays: number;
}

/** The steps a cycle of `kind` walks, in order. */
export const stepsOf = (kind: CycleKind): readonly CycleStep[] => (kind === 'regular' ? cycleSteps : ['analysis']);

/** `at` plus whole calendar years (UTC); 29 February falls back to 28 February in a common year. */
export function addYears(at: Date, years: number): Date {
  const result = new Date(at);
  result.setUTCFullYear(result.getUTCFullYear() + years);
  if (result.getUTCDate() !== at.getUTCDate()) result.setUTCDate(0);
  return result;
}

const datesOutOfOrder = (message: string, path: string) => invalid('dates-out-of-order', message, [{ path, message }]);

/**
 * The due date of a new cycle: the one asked for, or by default the latest allowed. A regular cycle is due at most
 * `regularPeriodYears` after the last completed regular cycle of the process (after its opening when there is none).
 * Throws `dates-out-of-order` when the due date is not after the opening, `due-date-too-late` beyond the limit.
 */
export function decideDueAt(input: { kind: CycleKind; openedAt: Date; dueAt?: Date; lastCompletedAt?: Date }, rules: CycleRules): Date {
  const latest = addYears(input.lastCompletedAt ?? input.openedAt, rules.regularPeriodYears);
  const dueAt = input.dueAt ?? latest;
  if (dueAt.getTime() <= input.openedAt.getTime()) throw datesOutOfOrder('The due date must lie after the opening of the cycle.', '/dueAt');
  if (input.kind === 'regular' && dueAt.getTime() > latest.getTime())
    throw invalid('due-date-too-late', `A regular cycle is due at most ${rules.regularPeriodYears} years after the last completed one, by ${latest.toISOString()}.`, [
      { path: '/dueAt', message: `must be on or before ${latest.toISOString()}` },
    ]);
  return dueAt;
}

export interface StepRecord {
  step: CycleStep;
  state: StepState;
  startedAt: Date | null;
  completedAt: Date | null;
}

/**
 * Moves one step of a cycle to `state` at instant `at` and returns the changed step. A step starts or completes only
 * after its predecessor completed, never before the predecessor's completion or the cycle's opening, and a completion
 * never precedes the step's start. States only move forward (not-started → in-progress → completed).
 */
export function moveStep(cycle: { kind: CycleKind; openedAt: Date; steps: readonly StepRecord[] }, step: CycleStep, state: Exclude<StepState, 'not-started'>, at: Date): StepRecord {
  const order = stepsOf(cycle.kind);
  const index = order.indexOf(step);
  if (index < 0) throw invalid('step-not-in-cycle', `A ${cycle.kind} cycle has no ${step} step; its steps are ${order.join(', ')}.`, [{ path: '/step', message: 'not a step of this cycle' }]);
  const current = cycle.steps.find((record) => record.step === step) ?? { step, state: 'not-started', startedAt: null, completedAt: null };
  const previous = index > 0 ? cycle.steps.find((record) => record.step === order[index - 1]) : undefined;
  if (index > 0 && previous?.state !== 'completed')
    throw new DomainError('step-out-of-order', `The ${step} step cannot move before the ${order[index - 1]} step is completed.`, [{ path: '/step', message: 'predecessor not completed' }]);
  const rank = stepStates.indexOf(state);
  if (rank <= stepStates.indexOf(current.state))
    throw new DomainError('step-transition-invalid', `The ${step} step is ${current.state} and cannot become ${state}.`, [{ path: '/state', message: `already ${current.state}` }]);
  if (at.getTime() < cycle.openedAt.getTime()) throw datesOutOfOrder('A step cannot move before the cycle was opened.', '/at');
  if (previous?.completedAt && at.getTime() < previous.completedAt.getTime())
    throw datesOutOfOrder(`The ${step} step cannot move before the ${previous.step} step was completed.`, '/at');
  if (state === 'completed' && current.startedAt && at.getTime() < current.startedAt.getTime())
    throw datesOutOfOrder(`The ${step} step cannot be completed before it started.`, '/at');
  return state === 'in-progress' ? { step, state, startedAt: at, completedAt: null } : { step, state, startedAt: current.startedAt ?? at, completedAt: at };
}

/** Whether a cycle is completed, overdue (past its due date), due soon (within `dueSoonDays` of `now`) or on track. */
export function statusOf(cycle: { dueAt: Date; completedAt: Date | null }, now: Date, dueSoonDays: number): CycleStatus {
  if (cycle.completedAt) return 'completed';
  if (cycle.dueAt.getTime() < now.getTime()) return 'overdue';
  if (cycle.dueAt.getTime() <= now.getTime() + dueSoonDays * 86_400_000) return 'due-soon';
  return 'on-track';
}
