import { describe, expect, it } from 'vitest';
import { distributionStatistics, monteCarloDistributionSpec } from './monte-carlo.ts';

describe('Monte Carlo distribution chart', () => {
  it('has one point per statistic and sample time, with the statistics in a fixed order', () => {
    const names = { mean: 'Mean', p50: 'Median', p90: 'P90', p99: 'P99', max: 'Max' };
    const spec = monteCarloDistributionSpec(
      [
        { atHours: 24, mean: 10, p50: 5, p90: 20, p99: 40, max: 50 },
        { atHours: 168, mean: 30, p50: 25, p90: 60, p99: 90, max: 100 },
      ],
      { hours: 'Hours', value: 'People', statistic: 'Measure', statistics: names },
    ) as { data: { values: { hours: number; statistic: string; value: number }[] }; encoding: { color: { sort: string[] } } };
    expect(spec.data.values).toHaveLength(2 * distributionStatistics.length);
    expect(spec.data.values.find((v) => v.hours === 168 && v.statistic === 'P99')?.value).toBe(90);
    expect(spec.encoding.color.sort).toEqual(['Mean', 'Median', 'P90', 'P99', 'Max']);
  });
});
