import { createCascadeWorkspace, simulateCascade, type CascadeWorkspace, type InitialFailure } from './cascade.ts';
import type { CascadeGraph } from './graph.ts';
import { writeImpact } from './impact.ts';
import { createRandom } from './random.ts';
import { sampleRandomFailures, sampleRegionalFailures, type RegionalHazard } from './scenarios.ts';

/**
 * Monte Carlo over sampled scenarios (pure; engine/worker-pool.ts spreads ranges over threads).
 * Scenario i draws from its own stream `createRandom(seed, i)`, so results do not depend on how the range
 * is split, and baseline and mitigation see the same scenarios (common random numbers).
 */

export type HazardSpec = ({ kind: 'random'; probability: number; layer?: number }) | ({ kind: 'regional' } & RegionalHazard);

/** Changes to compare against the baseline (for example longer buffers). */
export interface Mitigation {
  groupBufferHours?: Float64Array;
  repairHours?: Float64Array;
  restartHours?: Float64Array;
}

export interface MonteCarloSpec {
  scenarioCount: number;
  seed: number;
  horizonHours: number;
  /** Times at which impact is measured, ascending (e.g. 24, 72, 168). */
  sampleHours: number[];
  hazard: HazardSpec;
  mitigation?: Mitigation;
}

/** Impact per scenario: for scenario i and sample time h, [population, euros, nodesDown] at ((i - from) * times + h) * 3. */
export interface MonteCarloPartial {
  from: number;
  to: number;
  impacts: Float64Array;
  mitigatedImpacts?: Float64Array;
  /** Scenarios in which each node failed. */
  failureCounts: Int32Array;
  mitigatedFailureCounts?: Int32Array;
}

/** The graph with the mitigation's fields in place of the baseline's (arrays shared, not copied). */
export function applyMitigation(graph: CascadeGraph, mitigation: Mitigation): CascadeGraph {
  return {
    ...graph,
    groupBufferHours: mitigation.groupBufferHours ?? graph.groupBufferHours,
    repairHours: mitigation.repairHours ?? graph.repairHours,
    restartHours: mitigation.restartHours ?? graph.restartHours,
  };
}

/** The initial failures of scenario `index`. */
export function sampleScenario(graph: CascadeGraph, spec: MonteCarloSpec, index: number): InitialFailure[] {
  const random = createRandom(spec.seed, index);
  return spec.hazard.kind === 'random' ? sampleRandomFailures(graph, random, spec.hazard.probability, spec.hazard.layer) : sampleRegionalFailures(random, spec.hazard);
}

/** Runs scenarios from..to-1; `onProgress(done)` after each (done counts from 1). */
export function runMonteCarloRange(graph: CascadeGraph, spec: MonteCarloSpec, from: number, to: number, onProgress?: (done: number) => void): MonteCarloPartial {
  const times = spec.sampleHours.length;
  const horizonHours = Math.max(spec.horizonHours, spec.sampleHours[times - 1] ?? 0);
  const count = to - from;
  const baseline = createCascadeWorkspace(graph);
  const mitigated = spec.mitigation ? createCascadeWorkspace(applyMitigation(graph, spec.mitigation)) : undefined;
  const partial: MonteCarloPartial = { from, to, impacts: new Float64Array(count * times * 3), failureCounts: new Int32Array(graph.nodeCount) };
  if (mitigated) {
    partial.mitigatedImpacts = new Float64Array(count * times * 3);
    partial.mitigatedFailureCounts = new Int32Array(graph.nodeCount);
  }
  const runOne = (workspace: CascadeWorkspace, initialFailures: InitialFailure[], impacts: Float64Array, counts: Int32Array, offset: number) => {
    const result = simulateCascade(workspace, { initialFailures, horizonHours });
    writeImpact(workspace.graph, result, spec.sampleHours, impacts, offset);
    for (let i = 0; i < result.failedNodes.length; i++) counts[result.failedNodes[i]!]!++;
  };
  for (let i = from; i < to; i++) {
    const failures = sampleScenario(graph, spec, i);
    const offset = (i - from) * times * 3;
    runOne(baseline, failures, partial.impacts, partial.failureCounts, offset);
    if (mitigated) runOne(mitigated, failures, partial.mitigatedImpacts!, partial.mitigatedFailureCounts!, offset);
    onProgress?.(i - from + 1);
  }
  return partial;
}

/** Joins partial results of adjacent ranges (in any order). */
export function mergeMonteCarlo(parts: MonteCarloPartial[]): MonteCarloPartial {
  const sorted = [...parts].sort((a, b) => a.from - b.from);
  const concat = (arrays: Float64Array[]) => {
    const out = new Float64Array(arrays.reduce((sum, a) => sum + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const sum = (arrays: Int32Array[]) => {
    const out = new Int32Array(arrays[0]!.length);
    for (const a of arrays) for (let v = 0; v < a.length; v++) out[v]! += a[v]!;
    return out;
  };
  const merged: MonteCarloPartial = {
    from: sorted[0]!.from,
    to: sorted[sorted.length - 1]!.to,
    impacts: concat(sorted.map((p) => p.impacts)),
    failureCounts: sum(sorted.map((p) => p.failureCounts)),
  };
  if (sorted.every((p) => p.mitigatedImpacts)) {
    merged.mitigatedImpacts = concat(sorted.map((p) => p.mitigatedImpacts!));
    merged.mitigatedFailureCounts = sum(sorted.map((p) => p.mitigatedFailureCounts!));
  }
  return merged;
}

export interface Distribution {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface HorizonSummary {
  atHours: number;
  populationAffected: Distribution;
  eurosLost: Distribution;
  nodesDown: Distribution;
}

export interface MonteCarloSummary {
  scenarioCount: number;
  baseline: HorizonSummary[];
  mitigated?: HorizonSummary[];
  /** Paired (common random numbers) reduction by the mitigation: mean and standard error of baseline − mitigated. */
  reduction?: { atHours: number; populationAffected: { mean: number; standardError: number }; eurosLost: { mean: number; standardError: number } }[];
  /** Fraction of scenarios in which each node failed (importance), indexed by node. */
  failureFrequency: Float64Array;
  mitigatedFailureFrequency?: Float64Array;
}

/** Nearest-rank percentiles and the mean of `values` (sorted in place). */
export function describeDistribution(values: Float64Array): Distribution {
  values.sort();
  const n = values.length;
  if (n === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  let total = 0;
  for (let i = 0; i < n; i++) total += values[i]!;
  const rank = (q: number) => values[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!;
  return { mean: total / n, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: values[n - 1]! };
}

function column(impacts: Float64Array, times: number, time: number, metric: number): Float64Array {
  const count = impacts.length / (times * 3);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = impacts[(i * times + time) * 3 + metric]!;
  return out;
}

function summarizeImpacts(impacts: Float64Array, sampleHours: number[]): HorizonSummary[] {
  const times = sampleHours.length;
  return sampleHours.map((atHours, t) => ({
    atHours,
    populationAffected: describeDistribution(column(impacts, times, t, 0)),
    eurosLost: describeDistribution(column(impacts, times, t, 1)),
    nodesDown: describeDistribution(column(impacts, times, t, 2)),
  }));
}

function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; standardError: number } {
  const n = a.length;
  if (n === 0) return { mean: 0, standardError: 0 };
  let mean = 0;
  for (let i = 0; i < n; i++) mean += a[i]! - b[i]!;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (a[i]! - b[i]! - mean) ** 2;
  variance /= Math.max(1, n - 1);
  return { mean, standardError: Math.sqrt(variance / n) };
}

/** Distributions per sample time, the paired reduction by the mitigation, and node importance. */
export function summarizeMonteCarlo(spec: MonteCarloSpec, merged: MonteCarloPartial): MonteCarloSummary {
  const count = merged.to - merged.from;
  const times = spec.sampleHours.length;
  const frequency = (counts: Int32Array) => Float64Array.from(counts, (c) => (count === 0 ? 0 : c / count));
  const summary: MonteCarloSummary = {
    scenarioCount: count,
    baseline: summarizeImpacts(merged.impacts, spec.sampleHours),
    failureFrequency: frequency(merged.failureCounts),
  };
  if (merged.mitigatedImpacts && merged.mitigatedFailureCounts) {
    const mitigatedImpacts = merged.mitigatedImpacts;
    summary.mitigated = summarizeImpacts(mitigatedImpacts, spec.sampleHours);
    summary.mitigatedFailureFrequency = frequency(merged.mitigatedFailureCounts);
    summary.reduction = spec.sampleHours.map((atHours, t) => ({
      atHours,
      populationAffected: pairedDifference(column(merged.impacts, times, t, 0), column(mitigatedImpacts, times, t, 0)),
      eurosLost: pairedDifference(column(merged.impacts, times, t, 1), column(mitigatedImpacts, times, t, 1)),
    }));
  }
  return summary;
}
