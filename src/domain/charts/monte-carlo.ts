import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './theme.ts';

/** The distribution of one impact measure at one moment, as the Monte Carlo summary gives it. */
export interface ImpactDistribution {
  atHours: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export const distributionStatistics = ['mean', 'p50', 'p90', 'p99', 'max'] as const;

/**
 * The Monte Carlo distribution of people affected (or any measure) over time: one line per statistic (mean, median,
 * 90th and 99th percentile, worst case) against the hours after the event, so that the spread shows at a glance.
 */
export function monteCarloDistributionSpec(
  distributions: readonly ImpactDistribution[],
  titles: { hours: string; value: string; statistic: string; statistics: Record<(typeof distributionStatistics)[number], string> },
): TopLevelSpec {
  const values = distributions.flatMap((distribution) =>
    distributionStatistics.map((statistic, order) => ({ hours: distribution.atHours, statistic: titles.statistics[statistic], order, value: distribution[statistic] })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 'container',
    height: 240,
    data: { values },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'hours', type: 'quantitative', title: titles.hours, axis: { values: distributions.map((d) => d.atHours) } },
      y: { field: 'value', type: 'quantitative', title: titles.value },
      color: { field: 'statistic', type: 'nominal', title: titles.statistic, sort: distributionStatistics.map((statistic) => titles.statistics[statistic]) },
    },
  };
}
