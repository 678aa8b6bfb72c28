import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './theme.ts';

/** One cell of the high-risk heat map: findings of one level in one sector. */
export interface HeatMapCell {
  sector: string;
  level: string;
  findings: number;
}

/**
 * Counts findings per sector label and level label. Every level appears for every sector (with 0), so that the heat
 * map is a full grid and an empty cell reads as "none found" rather than as missing data.
 */
export function countFindings<G, F>(groups: readonly G[], sectorOf: (group: G) => string, findingsOf: (group: G) => readonly F[], levelOf: (finding: F) => string, levels: readonly string[]): HeatMapCell[] {
  const cells = new Map<string, HeatMapCell>();
  const cell = (sector: string, level: string) => {
    const key = `${sector}\u0000${level}`;
    let entry = cells.get(key);
    if (!entry) {
      entry = { sector, level, findings: 0 };
      cells.set(key, entry);
    }
    return entry;
  };
  for (const group of groups) {
    const sector = sectorOf(group);
    for (const level of levels) cell(sector, level);
    for (const finding of findingsOf(group)) cell(sector, levelOf(finding)).findings += 1;
  }
  return [...cells.values()];
}

/** The high-risk scan as a heat map: sectors down, finding levels across, the count in each cell, darker when higher. */
export function highRiskHeatMapSpec(cells: readonly HeatMapCell[], levels: readonly string[], titles: { sector: string; level: string; findings: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 360,
    data: { values: cells.map((cell) => ({ ...cell })) },
    encoding: {
      y: { field: 'sector', type: 'nominal', title: titles.sector },
      x: { field: 'level', type: 'nominal', title: titles.level, scale: { domain: [...levels] }, axis: { labelAngle: 0 } },
    },
    layer: [
      {
        mark: { type: 'rect', tooltip: true, stroke: '#ffffff', strokeWidth: 2 },
        encoding: { color: { field: 'findings', type: 'quantitative', title: titles.findings, scale: { scheme: 'oranges', domainMin: 0 }, legend: { format: 'd', tickMinStep: 1 } } },
      },
      {
        mark: { type: 'text', fontSize: 13, fontWeight: 'bold' },
        // White on the dark cells, black on the light ones: both keep a contrast of at least 4.5:1.
        encoding: { text: { field: 'findings', type: 'quantitative' }, color: { condition: { test: `datum.findings > ${Math.max(1, ...cells.map((cell) => cell.findings)) / 2}`, value: '#ffffff' }, value: '#000000' } },
      },
    ],
  };
}

export interface ConcentrationBar {
  assetClass: string;
  hhi: number;
  /** The band label (unconcentrated, moderate, high) as shown in the legend. */
  level: string;
}

/** HHI per asset class as bars coloured by band, with the band thresholds drawn as dashed rules (0–10 000). */
export function concentrationSpec(bars: readonly ConcentrationBar[], bands: { moderate: number; high: number }, titles: { assetClass: string; hhi: string; level: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 'container',
    layer: [
      {
        data: { values: bars.map((bar) => ({ ...bar })) },
        mark: { type: 'bar', tooltip: true },
        encoding: {
          y: { field: 'assetClass', type: 'nominal', title: titles.assetClass, sort: '-x' },
          x: { field: 'hhi', type: 'quantitative', title: titles.hhi, scale: { domain: [0, 10_000] } },
          color: { field: 'level', type: 'nominal', title: titles.level },
        },
      },
      {
        data: { values: [{ threshold: bands.moderate }, { threshold: bands.high }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#333333' },
        encoding: { x: { field: 'threshold', type: 'quantitative' } },
      },
    ],
  };
}
