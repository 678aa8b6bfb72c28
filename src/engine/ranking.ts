import { createCascadeWorkspace, simulateCascade } from './cascade.ts';
import { rankDominators } from './dominators.ts';
import type { CascadeGraph } from './graph.ts';
import { writeImpact } from './impact.ts';

/** The horizons of the N-1 ranking: 24 hours, 72 hours, 7 days. */
export const rankingHours = [24, 72, 168] as const;

export interface SinglePointOfFailure {
  node: number;
  /** Nodes cut off by this node alone under pure reachability (dominator tree). */
  dominatedCount: number;
  dominatedPopulation: number;
  /** Full-semantics impact of this node failing at hour 0, at each of `rankingHours`. */
  populationAffected: number[];
  eurosLost: number[];
  nodesDown: number[];
}

export interface RankingOptions {
  /** Nodes to fail one at a time (default: every node). */
  candidates?: ArrayLike<number>;
  /** Called after each candidate with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * N-1 sweep with the full semantics (groups, buffers, connectivity, repair) plus the dominator count of
 * each candidate; ranked by people affected at 24 h, then 72 h, then 7 days, then euros at 7 days, then
 * by the nodes it dominates. One cascade per candidate on a shared workspace.
 */
export function rankSinglePointsOfFailure(graph: CascadeGraph, options: RankingOptions = {}): SinglePointOfFailure[] {
  const dominators = rankDominators(graph);
  const workspace = createCascadeWorkspace(graph);
  const candidates = options.candidates ?? Int32Array.from({ length: graph.nodeCount }, (_, v) => v);
  const horizon = rankingHours[rankingHours.length - 1]!;
  const impact = new Float64Array(rankingHours.length * 3);
  const ranking: SinglePointOfFailure[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const node = candidates[i]!;
    const result = simulateCascade(workspace, { initialFailures: [{ node, atHours: 0 }], horizonHours: horizon });
    writeImpact(graph, result, rankingHours, impact, 0);
    ranking.push({
      node,
      dominatedCount: dominators.dominatedCount[node]!,
      dominatedPopulation: dominators.dominatedPopulation[node]!,
      populationAffected: rankingHours.map((_, h) => impact[h * 3]!),
      eurosLost: rankingHours.map((_, h) => impact[h * 3 + 1]!),
      nodesDown: rankingHours.map((_, h) => impact[h * 3 + 2]!),
    });
    options.onProgress?.(i + 1, candidates.length);
  }
  return ranking.sort(compareSinglePointsOfFailure);
}

/** The order of the ranking (most people affected at 24 h first); exported so that rankings of separate candidate batches merge alike. */
export function compareSinglePointsOfFailure(a: SinglePointOfFailure, b: SinglePointOfFailure): number {
  const last = rankingHours.length - 1;
  return (
    b.populationAffected[0]! - a.populationAffected[0]! ||
    b.populationAffected[1]! - a.populationAffected[1]! ||
    b.populationAffected[2]! - a.populationAffected[2]! ||
    b.eurosLost[last]! - a.eurosLost[last]! ||
    b.nodesDown[last]! - a.nodesDown[last]! ||
    b.dominatedCount - a.dominatedCount ||
    a.node - b.node
  );
}
