import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rankGraphFile, simulateFiles } from './simulation.service.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-simulation-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

// A power plant feeds two substations; a pumping station needs either substation, with 8 hours of backup power.
const graphPath = write('graph.json', {
  layers: [{ id: 'power', connectivity: 'source' }],
  nodes: [
    { id: 'plant', layer: 'power', source: true },
    { id: 'sub-1', layer: 'power', population: 1000 },
    { id: 'sub-2', layer: 'power', population: 2000 },
    { id: 'pump', population: 10000, euroPerHour: 500, restartHours: 1 },
  ],
  links: [{ source: 'plant', target: 'sub-1' }, { source: 'plant', target: 'sub-2' }],
  dependencies: [
    { dependent: 'pump', supplier: 'sub-1', group: 'power' },
    { dependent: 'pump', supplier: 'sub-2', group: 'power' },
  ],
  groups: [{ node: 'pump', id: 'power', k: 1, bufferHours: 8 }],
});

describe('simulation service', () => {
  it('runs a scenario file: failed nodes with time and cause, impact, timings', async () => {
    const scenarioPath = write('scenario.json', { initialFailures: [{ node: 'plant', atHours: 0, repairHours: 20 }] });
    const report = await simulateFiles({ graphPath, scenarioPath, horizonHours: 48 });
    expect(report.failed).toEqual([
      { id: 'plant', atHours: 0, cause: { kind: 'initial' }, recoveredAtHours: 20 },
      { id: 'sub-1', atHours: 0, cause: { kind: 'source-rule', layer: 'power' }, recoveredAtHours: 20 },
      { id: 'sub-2', atHours: 0, cause: { kind: 'source-rule', layer: 'power' }, recoveredAtHours: 20 },
      { id: 'pump', atHours: 8, cause: { kind: 'dependency', supplier: 'sub-2', group: 'power' }, recoveredAtHours: 21 },
    ]);
    expect(report.summary.impact.map((sample) => [sample.atHours, sample.populationAffected, sample.eurosLost])).toEqual([
      [24, 0, 13 * 500],
      [48, 0, 13 * 500],
    ]);
    expect(report.summary).toMatchObject({ nodes: 4, failed: 4, downAtHorizon: 0, horizonHours: 48 });
    expect(Object.keys(report.timings)).toEqual(['loadMs', 'compileMs', 'simulateMs']);
  });

  it('random failures follow the seed', async () => {
    const scenarioPath = write('random.json', { initialFailures: [], randomFailures: { probability: 0.5 } });
    const first = await simulateFiles({ graphPath, scenarioPath, seed: 7 });
    const again = await simulateFiles({ graphPath, scenarioPath, seed: 7 });
    expect(again.failed).toEqual(first.failed);
  });

  it('refuses a scenario naming an unknown node, with its path', async () => {
    const scenarioPath = write('bad.json', { initialFailures: ['plant', 'sub-9'] });
    await expect(simulateFiles({ graphPath, scenarioPath })).rejects.toMatchObject({ code: 'scenario-invalid', details: [{ path: '/initialFailures/1', message: 'unknown node "sub-9"' }] });
  });

  it('ranks single points of failure', async () => {
    const report = await rankGraphFile({ graphPath, top: 2 });
    expect(report.ranking.map((entry) => [entry.id, entry.dominatedCount, entry.impact['24']!.populationAffected])).toEqual([
      ['plant', 3, 13000],
      ['pump', 0, 10000],
    ]);
  });
});
