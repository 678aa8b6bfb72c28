/**
 * Cycle steps 3 and 4: the action programme (measures) and its effectiveness. Measures are sectoral (one process) or
 * cross-sector (spanning several processes); step 4 compares what a measure was expected to achieve with what the
 * re-assessment observed, and compares a cycle with the previous cycle of the same process.
 */
export const measureScopes = ['sectoral', 'cross-sector'] as const;
export type MeasureScope = (typeof measureScopes)[number];

export const measureStatuses = ['planned', 'in-progress', 'done', 'cancelled'] as const;
export type MeasureStatus = (typeof measureStatuses)[number];

/** A measure is overdue when it is neither done nor cancelled and its due date has passed. */
export const isOverdue = (measure: { status: string; dueAt: Date }, now: Date) => (measure.status === 'planned' || measure.status === 'in-progress') && measure.dueAt.getTime() < now.getTime();

export const trends = ['improved', 'worsened', 'unchanged', 'new', 'not-reassessed'] as const;
export type Trend = (typeof trends)[number];

/**
 * The direction of a change. `higherIsBetter` for maturity scores; risk scores are better when lower.
 * `new` when there is no earlier value, `not-reassessed` when there is no later one.
 */
export function trendOf(before: number | null | undefined, after: number | null | undefined, higherIsBetter: boolean): Trend {
  if (after === null || after === undefined) return 'not-reassessed';
  if (before === null || before === undefined) return 'new';
  if (after === before) return 'unchanged';
  return after > before === higherIsBetter ? 'improved' : 'worsened';
}

export const effectVerdicts = ['achieved', 'partly-achieved', 'not-achieved', 'not-measured'] as const;
export type EffectVerdict = (typeof effectVerdicts)[number];

/**
 * Expected against observed effect of a measure on one value. Achieved when the observed value reaches the expected
 * one; partly when it moved in the right direction from the baseline; not achieved otherwise.
 */
export function effectOf(input: { baseline: number | null; expected: number | null; observed: number | null; higherIsBetter: boolean }): EffectVerdict {
  const { baseline, expected, observed, higherIsBetter } = input;
  if (observed === null || expected === null) return 'not-measured';
  const better = (a: number, b: number) => (higherIsBetter ? a >= b : a <= b);
  if (better(observed, expected)) return 'achieved';
  if (baseline !== null && observed !== baseline && better(observed, baseline)) return 'partly-achieved';
  return 'not-achieved';
}
