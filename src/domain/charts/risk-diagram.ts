import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './theme.ts';

export interface RiskPoint {
  key: string;
  title: string;
  /** `analysis` or `reassessment`, or any label the caller shows in the legend. */
  phase: string;
  likelihoodClass: string;
  impactScore: number;
  riskScore: number;
}

/**
 * The risk diagram of the national risk method: likelihood class on the x-axis, aggregated impact on the y-axis, one
 * point per scenario and phase, labelled with the scenario key. Classes are the method's (data), in their order.
 */
export function riskDiagramSpec(
  points: readonly RiskPoint[],
  method: { likelihoodClasses: readonly string[]; impactClasses: readonly { class: string; score: number }[] },
  titles: { likelihood: string; impact: string; phase: string },
): TopLevelSpec {
  const scores = method.impactClasses.map((entry) => entry.score);
  const domain = [Math.min(...scores) - 0.5, Math.max(...scores) + 0.5];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 420,
    height: 320,
    data: { values: points.map((point) => ({ ...point })) },
    encoding: {
      x: { field: 'likelihoodClass', type: 'ordinal', title: titles.likelihood, scale: { domain: [...method.likelihoodClasses] }, axis: { labelAngle: 0 } },
      y: {
        field: 'impactScore',
        type: 'quantitative',
        title: titles.impact,
        scale: { domain },
        axis: { values: scores, labelExpr: `{${method.impactClasses.map((entry) => `'${entry.score}': '${entry.class}'`).join(', ')}}[datum.value] || datum.value` },
      },
    },
    layer: [
      { mark: { type: 'point', filled: true, size: 120, tooltip: true }, encoding: { color: { field: 'phase', type: 'nominal', title: titles.phase }, shape: { field: 'phase', type: 'nominal' } } },
      { mark: { type: 'text', dx: 10, align: 'left', fontSize: 10 }, encoding: { text: { field: 'key', type: 'nominal' } } },
    ],
  };
}

export interface TrendPoint {
  /** The cycle, as shown on the x-axis (for example its opening date and kind). */
  label: string;
  indicator: string;
  score: number;
}

/** The process score per indicator across cycles: one line per indicator on the maturity scale. */
export function indicatorTrendSpec(points: readonly TrendPoint[], scale: { min: number; max: number }, titles: { cycle: string; score: string; indicator: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 420,
    height: 260,
    data: { values: points.map((point) => ({ ...point })) },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: 'label', type: 'ordinal', title: titles.cycle, sort: null, axis: { labelAngle: 0 } },
      y: { field: 'score', type: 'quantitative', title: titles.score, scale: { domain: [scale.min, scale.max] }, axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'indicator', type: 'nominal', title: titles.indicator },
    },
  };
}
