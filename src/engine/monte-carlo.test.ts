import { describe, expect, it } from 'vitest';
import { compileGraph, type CascadeGraph } from './graph.ts';
import { describeDistribution, mergeMonteCarlo, runMonteCarloRange, summarizeMonteCarlo, type MonteCarloSpec } from './monte-carlo.ts';
import { runMonteCarloInWorkers } from './worker-pool.ts';

// A grid substation feeds 20 pumps through an 8-hour battery; pumps serve 100 people each.
function pumpModel(): CascadeGraph {
  const pumps = Array.from({ length: 20 }, (_, i) => `pump-${i}`);
  return compileGraph({
    nodes: [{ id: 'sub', population: 0, repairHours: 12 }, ...pumps.map((id) => ({ id, population: 100, euroPerHour: 10, repairHours: 6 }))],
    dependencies: pumps.map((dependent) => ({ dependent, supplier: 'sub', group: 'power' })),
    groups: pumps.map((node) => ({ node, id: 'power', k: 1, bufferHours: 8 })),
  });
}

const spec = (graph: CascadeGraph, mitigate = false): MonteCarloSpec => ({
  scenarioCount: 200,
  seed: 42,
  horizonHours: 168,
  sampleHours: [10, 24],
  hazard: { kind: 'random', probability: 0.1 },
  mitigation: mitigate ? { groupBufferHours: new Float64Array(graph.groupCount).fill(16) } : undefined,
});

describe('Monte Carlo', () => {
  it('nearest-rank percentiles', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(describeDistribution(values)).toEqual({ mean: 50.5, p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('gives the same result however the scenarios are split', () => {
    const graph = pumpModel();
    const whole = runMonteCarloRange(graph, spec(graph), 0, 200);
    const split = mergeMonteCarlo([runMonteCarloRange(graph, spec(graph), 77, 200), runMonteCarloRange(graph, spec(graph), 0, 77)]);
    expect(split).toEqual(whole);
  });

  it('a longer buffer is compared on the same scenarios (common random numbers) and never does worse', () => {
    const graph = pumpModel();
    const summary = summarizeMonteCarlo(spec(graph, true), runMonteCarloRange(graph, spec(graph, true), 0, 200));
    const at10 = summary.reduction![0]!;
    // The substation fails in about 10% of the scenarios; a 16-hour battery then saves every pump at hour 10.
    expect(at10.populationAffected.mean).toBeGreaterThan(0);
    expect(summary.mitigated![0]!.populationAffected.mean).toBeLessThan(summary.baseline[0]!.populationAffected.mean);
    const subIndex = graph.nodeIds.indexOf('sub');
    expect(summary.failureFrequency[subIndex]).toBeGreaterThan(0.05);
    expect(summary.failureFrequency[subIndex]).toBeLessThan(0.15);
  });

  it('runs on worker threads with progress, with the single-thread result', { timeout: 30_000 }, async () => {
    const graph = pumpModel();
    const progress: number[] = [];
    const parallel = await runMonteCarloInWorkers(graph, spec(graph, true), { workerCount: 2, onProgress: (done) => progress.push(done) });
    expect(parallel).toEqual(summarizeMonteCarlo(spec(graph, true), runMonteCarloRange(graph, spec(graph, true), 0, 200)));
    expect(progress.at(-1)).toBe(200);
  });

  it('can be cancelled', { timeout: 30_000 }, async () => {
    const graph = pumpModel();
    const controller = new AbortController();
    const run = runMonteCarloInWorkers(graph, { ...spec(graph), scenarioCount: 10_000_000 }, { workerCount: 2, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'simulation-cancelled' });
  });
});
