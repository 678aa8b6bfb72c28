import { buildCascadeGraph, RULE_GIANT, type CascadeGraph, type IndexedModel } from './graph.ts';
import { randomIndex, type Random } from './random.ts';

/**
 * Synthetic models for the correctness anchor and the benchmarks: Erdős–Rényi layers G(n, m) with
 * m = round(k·n/2) edges (self-loops redrawn, rare multi-edges kept: negligible for large n).
 */

/** Edge list of an Erdős–Rényi graph on nodes offset..offset+n-1 with mean degree k. */
export function generateErdosRenyiEdges(random: Random, n: number, k: number, offset = 0): { sources: Int32Array; targets: Int32Array } {
  const m = Math.round((k * n) / 2);
  const sources = new Int32Array(m);
  const targets = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const a = randomIndex(random, n);
    let b = randomIndex(random, n);
    while (b === a) b = randomIndex(random, n);
    sources[e] = a + offset;
    targets[e] = b + offset;
  }
  return { sources, targets };
}

/** One ER layer under the giant-component rule, no dependencies: site percolation, P = p(1 − e^(−kP)). */
export function generatePercolationLayer(random: Random, n: number, k: number): CascadeGraph {
  const { sources, targets } = generateErdosRenyiEdges(random, n, k);
  return buildCascadeGraph({ nodeCount: n, layerIds: ['layer'], layerRule: Uint8Array.of(RULE_GIANT), layerOf: new Int32Array(n), linkSources: sources, linkTargets: targets });
}

/**
 * Buldyrev et al. (Nature 2010): two ER layers A (nodes 0..n-1) and B (n..2n-1) under the giant-component
 * rule, A_i and B_i depending on each other 1-of-1 with no buffer. P = p(1 − e^(−kP))², p_c = 2.4554/k.
 */
export function generateCoupledLayers(random: Random, n: number, k: number): CascadeGraph {
  return buildCascadeGraph(coupleLayers(n, generateErdosRenyiEdges(random, n, k), generateErdosRenyiEdges(random, n, k, n)));
}

/** The model of two layers of `n` nodes each (B's links already offset by n), coupled one-to-one both ways. */
export function coupleLayers(n: number, a: EdgeList, b: EdgeList): IndexedModel {
  const linkSources = new Int32Array(a.sources.length + b.sources.length);
  linkSources.set(a.sources);
  linkSources.set(b.sources, a.sources.length);
  const linkTargets = new Int32Array(linkSources.length);
  linkTargets.set(a.targets);
  linkTargets.set(b.targets, a.targets.length);
  const layerOf = new Int32Array(2 * n);
  layerOf.fill(1, n);
  const each = Int32Array.from({ length: 2 * n }, (_, i) => i);
  return {
    nodeCount: 2 * n,
    layerIds: ['a', 'b'],
    layerRule: Uint8Array.of(RULE_GIANT, RULE_GIANT),
    layerOf,
    linkSources,
    linkTargets,
    groupNode: each,
    memberGroup: each,
    memberSupplier: Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? i + n : i - n)),
  };
}

type EdgeList = ReturnType<typeof generateErdosRenyiEdges>;

/** The fixed point of P = p(1 − e^(−kP))^power (power 1: one layer, 2: two coupled layers), from P = 1. */
export function solvePercolation(p: number, k: number, power: 1 | 2): number {
  let value = 1;
  for (let i = 0; i < 100_000; i++) {
    const next = p * (1 - Math.exp(-k * value)) ** power;
    if (Math.abs(next - value) < 1e-12) return next;
    value = next;
  }
  return value;
}
