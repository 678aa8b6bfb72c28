import { invalid } from './errors.ts';

/**
 * Cycle step 2: the resilience analysis scores five indicators (REFERENCE.md §4 marks the five as unconfirmed,
 * following the summary of Kamerstuk 30 821 nr. 203) on a maturity scale that is data (data/reference/resilience-scale.json).
 */
export const resilienceIndicators = ['physical', 'digital', 'economic', 'chain-dependencies', 'crisis-management'] as const;
export type ResilienceIndicator = (typeof resilienceIndicators)[number];

export interface MaturityScale {
  label: string;
  source: string;
  confirmed: boolean;
  levels: { score: number; nameNl: string; nameEn: string; description: string }[];
}

/** Checks a scale file: whole, strictly increasing scores with names. */
export function parseMaturityScale(input: unknown): MaturityScale {
  const scale = input as MaturityScale;
  const levels = Array.isArray(scale?.levels) ? scale.levels : [];
  const ok =
    typeof scale?.label === 'string' &&
    typeof scale.source === 'string' &&
    typeof scale.confirmed === 'boolean' &&
    levels.length >= 2 &&
    levels.every((level, index) => Number.isInteger(level.score) && (index === 0 || level.score > (levels[index - 1] as { score: number }).score) && typeof level.nameEn === 'string' && typeof level.nameNl === 'string');
  if (!ok) throw invalid('file-unreadable', 'The maturity scale needs a label, source, confirmed flag and at least two levels with increasing whole scores.');
  return scale;
}

/** Throws `score-invalid` unless `score` is one of the scale's levels. */
export function checkScore(scale: MaturityScale, score: number): void {
  if (!scale.levels.some((level) => level.score === score))
    throw invalid('score-invalid', `A score must be one of the scale's levels: ${scale.levels.map((level) => level.score).join(', ')}.`, [{ path: '/score', message: 'not a level of the scale' }]);
}

/** Stable name of the rule below, so that the interface can show it in its own language. */
export const aggregationRuleKey = 'weakest-provider';
export const aggregationRule = 'The process score of an indicator is the lowest provider score (the weakest provider sets the resilience of the process); the mean is shown beside it.';

/** Per indicator: the process score (minimum over providers), the mean and the number of providers scored. Indicators without scores are absent. */
export function aggregateScores(scores: readonly { indicator: ResilienceIndicator; score: number }[]) {
  return resilienceIndicators.flatMap((indicator) => {
    const values = scores.filter((entry) => entry.indicator === indicator).map((entry) => entry.score);
    if (values.length === 0) return [];
    return [{ indicator, score: Math.min(...values), mean: values.reduce((sum, value) => sum + value, 0) / values.length, providers: values.length }];
  });
}
