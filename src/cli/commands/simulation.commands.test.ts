import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { bufferedOutput } from '../output.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-simulate-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const graph = {
  nodes: [{ id: 'sub-1', population: 100 }, { id: 'pump-1', population: 50 }],
  dependencies: [{ dependent: 'pump-1', supplier: 'sub-1' }],
};

async function vitaal(...args: string[]) {
  const { output, stdout, stderr } = bufferedOutput();
  const exitCode = await main(args, output);
  return { exitCode, stdout: stdout(), stderr: stderr() };
}

describe('vitaal simulate and rank (no database)', () => {
  it('prints failed, summary and timings', async () => {
    const run = await vitaal('simulate', '--graph', write('g.json', graph), '--scenario', write('s.json', { initialFailures: ['sub-1'] }), '--horizon-hours', '24', '--seed', '3');
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.failed).toEqual([
      { id: 'sub-1', atHours: 0, cause: { kind: 'initial' } },
      { id: 'pump-1', atHours: 0, cause: { kind: 'dependency', supplier: 'sub-1' } },
    ]);
    expect(result.summary).toMatchObject({ failed: 2, horizonHours: 24, seed: 3 });
    expect(result.timings).toHaveProperty('simulateMs');
  });

  it('writes the result to --out', async () => {
    const out = path.join(dir, 'result.json');
    const run = await vitaal('simulate', '--graph', write('g2.json', graph), '--scenario', write('s2.json', { initialFailures: [] }), '--out', out);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).failed).toEqual([]);
  });

  it('refuses a malformed graph with the path of the offending element and a non-zero exit', async () => {
    const bad = { ...graph, dependencies: [...graph.dependencies, { dependent: 'pump-1', supplier: 'sub-9' }] };
    const run = await vitaal('simulate', '--graph', write('bad.json', bad), '--scenario', write('s3.json', { initialFailures: ['sub-1'] }));
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('/dependencies/1/supplier: unknown node "sub-9"');
    expect(run.stdout).toBe('');
  });

  it('reports degraded nodes and their capacity for a graph with a response table (partial capacity)', async () => {
    const partial = {
      nodes: [{ id: 'sub-1' }, { id: 'sub-2' }, { id: 'pump-1', population: 100, euroPerHour: 10 }],
      dependencies: ['sub-1', 'sub-2'].map((supplier) => ({ dependent: 'pump-1', supplier, group: 'power' })),
      groups: [{ node: 'pump-1', id: 'power', response: [[0, 0], [1, 1]] }],
    };
    const run = await vitaal('simulate', '--graph', write('p.json', partial), '--scenario', write('p-s.json', { initialFailures: [{ node: 'sub-1', atHours: 2 }] }), '--horizon-hours', '24');
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.failed).toEqual([{ id: 'sub-1', atHours: 2, cause: { kind: 'initial' } }]);
    expect(result.degraded).toEqual([{ id: 'pump-1', atHours: 2, lowestCapacity: 0.5, capacityAtHorizon: 0.5, capacity: [{ atHours: 2, capacity: 0.5 }] }]);
    expect(result.summary.impact.at(-1)).toMatchObject({ atHours: 24, nodesDown: 1, nodesDegraded: 1, populationAffected: 50, eurosLost: 5 * 22 });
    const bad = { ...partial, groups: [{ node: 'pump-1', id: 'power', response: [[0, 0], [0.5, 0.7], [0.6, 0.4], [1, 1]] }] };
    const refused = await vitaal('simulate', '--graph', write('p-bad.json', bad), '--scenario', write('p-s2.json', { initialFailures: [] }));
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('/groups/0/response/2: capacity must not fall');
  });

  it('refuses a bad option value', async () => {
    const run = await vitaal('simulate', '--graph', write('g4.json', graph), '--scenario', write('s4.json', { initialFailures: [] }), '--horizon-hours', 'soon');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--horizon-hours');
  });

  it('ranks single points of failure as a table and as JSON', async () => {
    const file = write('g5.json', graph);
    const table = await vitaal('rank', '--graph', file);
    expect(table.exitCode).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(/^1\s+sub-1\s+150/);
    const json = await vitaal('rank', '--graph', file, '--json', '--top', '1');
    expect(JSON.parse(json.stdout).ranking).toEqual([expect.objectContaining({ rank: 1, id: 'sub-1', dominatedCount: 1 })]);
  });
});
