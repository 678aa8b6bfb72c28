import { describe, expect, it } from 'vitest';
import { createCascadeWorkspace, simulateCascade } from './cascade.ts';
import { generateCoupledLayers, generatePercolationLayer, solvePercolation } from './generators.ts';
import type { CascadeGraph } from './graph.ts';
import { createRandom } from './random.ts';

// The correctness anchor of DESIGN.md §5 at 10⁵ nodes per layer, mean degree k = 4.
const n = 100_000;
const k = 4;

/** Fails each node of layer A (nodes 0..n-1) with probability 1 − p and returns the fraction of A still working. */
function survivingFraction(graph: CascadeGraph, p: number, seed: number): number {
  const random = createRandom(seed, 1);
  const initialFailures = [];
  for (let v = 0; v < n; v++) if (random.next() >= p) initialFailures.push({ node: v, atHours: 0 });
  const result = simulateCascade(createCascadeWorkspace(graph), { initialFailures, horizonHours: 0 });
  let working = 0;
  for (let v = 0; v < n; v++) if (Number.isNaN(result.failedAtHours[v]!)) working++;
  return working / n;
}

describe('single Erdős–Rényi layer (giant-component rule): P = p(1 − e^(−kP)), p_c = 1/k', () => {
  const graph = generatePercolationLayer(createRandom(2010), n, k);
  it.each([0.4, 0.6, 0.9])('p = %s matches theory within 0.01', (p) => {
    expect(Math.abs(survivingFraction(graph, p, 7) - solvePercolation(p, k, 1))).toBeLessThan(0.01);
  });
  it('below p_c = 0.25 the giant component vanishes', () => {
    expect(survivingFraction(graph, 0.2, 7)).toBeLessThan(0.01);
  });
});

describe('two coupled Erdős–Rényi layers (Buldyrev et al., Nature 2010): P = p(1 − e^(−kP))², p_c = 2.4554/k', () => {
  it('theory gives the values DESIGN.md quotes', () => {
    expect(solvePercolation(0.63, k, 2)).toBeCloseTo(0.4066, 3);
    expect(solvePercolation(0.7, k, 2)).toBeCloseTo(0.5576, 3);
    expect(solvePercolation(0.6, k, 2)).toBeLessThan(1e-6);
  });

  // Close to p_c, finite-size fluctuations are largest: average over three independent graphs and failures.
  it.each([
    { p: 0.63, seeds: [1, 2, 3] },
    { p: 0.65, seeds: [1, 2] },
    { p: 0.7, seeds: [1] },
  ])('p = $p: surviving fraction within 0.01 of theory', { timeout: 20_000 }, ({ p, seeds }) => {
    const mean = seeds.reduce((sum, seed) => sum + survivingFraction(generateCoupledLayers(createRandom(seed), n, k), p, seed), 0) / seeds.length;
    expect(Math.abs(mean - solvePercolation(p, k, 2))).toBeLessThan(0.01);
  });

  it('p = 0.60 (below p_c = 0.6139): the mutual giant component collapses', { timeout: 20_000 }, () => {
    expect(survivingFraction(generateCoupledLayers(createRandom(4), n, k), 0.6, 4)).toBeLessThan(0.01);
  });
});
