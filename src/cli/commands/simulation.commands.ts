import fs from 'node:fs';
import { invalid } from '../../domain/errors.ts';
import { rankGraphFile, simulateFiles } from '../../services/simulation.service.ts';
import type { Command } from '../command.ts';

function requiredPath(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw invalid('missing-option', `--${name} FILE is required.`);
  return value;
}

function optionalNumber(values: Record<string, string | boolean | undefined>, name: string, check: (n: number) => boolean, expected: string): number | undefined {
  const value = values[name];
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!check(number)) throw invalid('invalid-option', `--${name} must be ${expected}, not "${String(value)}".`);
  return number;
}

const formatNumber = (value: number) => Math.round(value).toLocaleString('en-US');

export const simulationCommands: Command[] = [
  {
    words: ['simulate'],
    standalone: true,
    summary: 'Run a cascade scenario on a graph file (DESIGN.md §5) and print the failed nodes, impact and timings as JSON.',
    options: {
      graph: { type: 'string', description: 'Graph file (JSON: layers, nodes, links, dependencies, groups)', path: true },
      scenario: { type: 'string', description: 'Scenario file (JSON: initialFailures)', path: true },
      'horizon-hours': { type: 'string', description: 'Hours to simulate (default: the scenario\'s, else 168)' },
      seed: { type: 'string', description: 'Seed for random failures (default 1)' },
      out: { type: 'string', description: 'Write the result to this file instead of stdout', path: true },
    },
    async run({ output, values }) {
      const report = await simulateFiles({
        graphPath: requiredPath(values, 'graph'),
        scenarioPath: requiredPath(values, 'scenario'),
        horizonHours: optionalNumber(values, 'horizon-hours', (n) => Number.isFinite(n) && n > 0, 'a positive number of hours'),
        seed: optionalNumber(values, 'seed', (n) => Number.isSafeInteger(n), 'an integer'),
      });
      const json = JSON.stringify(report, null, 2);
      if (typeof values.out === 'string') {
        fs.writeFileSync(values.out, `${json}\n`);
        output.err(`${report.summary.failed} of ${report.summary.nodes} nodes failed; result written to ${values.out}`);
      } else output.out(json);
      return 0;
    },
  },
  {
    words: ['rank'],
    standalone: true,
    summary: 'Rank the single points of failure of a graph file: dominator tree and an N-1 sweep (impact at 24 h, 72 h, 7 days).',
    options: {
      graph: { type: 'string', description: 'Graph file (JSON)', path: true },
      top: { type: 'string', description: 'Show the first N (default 20)' },
      json: { type: 'boolean', description: 'Print JSON instead of a table' },
    },
    async run({ output, values }) {
      const top = optionalNumber(values, 'top', (n) => Number.isSafeInteger(n) && n > 0, 'a positive integer') ?? 20;
      const report = await rankGraphFile({ graphPath: requiredPath(values, 'graph'), top });
      if (values.json) {
        output.out(JSON.stringify(report, null, 2));
        return 0;
      }
      const rows = report.ranking.map((entry) => [
        String(entry.rank),
        entry.id,
        formatNumber(entry.impact['24']!.populationAffected),
        formatNumber(entry.impact['72']!.populationAffected),
        formatNumber(entry.impact['168']!.populationAffected),
        formatNumber(entry.impact['168']!.eurosLost),
        String(entry.dominatedCount),
      ]);
      const header = ['#', 'node', 'people 24h', 'people 72h', 'people 7d', 'euros 7d', 'dominates'];
      const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
      const line = (cells: string[]) => cells.map((cell, column) => (column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
      output.out([line(header), ...rows.map(line), '', `${report.nodes} nodes ranked in ${Math.round(report.timings.rankMs)} ms`].join('\n'));
      return 0;
    },
  },
];
