import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './theme.ts';

export interface ProcessCount {
  sector: string;
  category: string;
  count: number;
}

/** A stacked horizontal bar per sector: how many of its vital processes are in each category. */
export function processesBySectorSpec(counts: readonly ProcessCount[], titles: { sector: string; count: string; category: string }): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    width: 'container',
    data: { values: counts.map((count) => ({ ...count })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'sector', type: 'nominal', title: titles.sector, sort: '-x' },
      x: { field: 'count', type: 'quantitative', aggregate: 'sum', title: titles.count, axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'category', type: 'nominal', title: titles.category },
    },
  };
}

/** Counts processes per sector label and category label. */
export function countProcesses<P>(processes: readonly P[], sectorOf: (process: P) => string, categoryOf: (process: P) => string): ProcessCount[] {
  const counts = new Map<string, ProcessCount>();
  for (const process of processes) {
    const sector = sectorOf(process);
    const category = categoryOf(process);
    const key = `${sector}\u0000${category}`;
    const entry = counts.get(key) ?? { sector, category, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
