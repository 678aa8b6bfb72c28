import fs from 'node:fs/promises';
import { invalid } from '../domain/errors.ts';
import { CAUSE_GIANT_RULE, CAUSE_GROUP, CAUSE_INITIAL, CAUSE_SOURCE_RULE, createCascadeWorkspace, simulateCascade, type CascadeResult, type InitialFailure } from '../engine/cascade.ts';
import { compileGraph, type CascadeGraph } from '../engine/graph.ts';
import { measureImpact } from '../engine/impact.ts';
import { createRandom } from '../engine/random.ts';
import { rankingHours, rankSinglePointsOfFailure, type SinglePointOfFailure } from '../engine/ranking.ts';
import { sampleRandomFailures } from '../engine/scenarios.ts';
import { parseGraphFile, parseScenarioFile, type GraphFile } from '../interop/graph-file.ts';

/**
 * Simulations on graph and scenario files (DESIGN.md §5): read and check the files, compile, run the
 * engine, map dense indices back to ids. No database: `vitaal simulate` and `vitaal rank` run on files alone.
 */

export type FailureCause =
  | { kind: 'initial' }
  | { kind: 'dependency'; supplier: string; group?: string }
  | { kind: 'source-rule'; layer: string }
  | { kind: 'giant-component-rule'; layer: string };

export interface FailedNode {
  id: string;
  atHours: number;
  cause: FailureCause;
  recoveredAtHours?: number;
}

/** A node that worked below full capacity at some time (graphs with response tables only). */
export interface DegradedNode {
  id: string;
  /** First time below full capacity. */
  atHours: number;
  lowestCapacity: number;
  /** 0 when the node is down at the horizon. */
  capacityAtHorizon: number;
  /** Every change of its capacity while working, in time order (a failure or restart is in `failed`). */
  capacity: { atHours: number; capacity: number }[];
}

export interface ImpactAt {
  atHours: number;
  nodesDown: number;
  /** Graphs with response tables only. */
  nodesDegraded?: number;
  populationAffected: number;
  eurosLost: number;
  downByLayer: Record<string, number>;
}

export interface SimulationReport {
  failed: FailedNode[];
  /** Graphs with response tables only. */
  degraded?: DegradedNode[];
  summary: {
    nodes: number;
    initialFailures: number;
    failed: number;
    downAtHorizon: number;
    horizonHours: number;
    seed: number;
    impact: ImpactAt[];
    layers: Record<string, { nodes: number; failed: number; downAtHorizon: number }>;
  };
  timings: { loadMs: number; compileMs: number; simulateMs: number };
}

export interface SimulateFilesInput {
  graphPath: string;
  scenarioPath: string;
  /** Overrides the scenario's horizon (default 168 hours). */
  horizonHours?: number;
  seed?: number;
}

export const defaultHorizonHours = 168;
const noLayer = '(none)';

async function readText(path: string, what: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    throw invalid('file-unreadable', `Cannot read the ${what} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const elapsedMs = (since: number) => Math.round((performance.now() - since) * 10) / 10;

function causeOf(graph: CascadeGraph, kind: number, group: number, supplier: number, node: number): FailureCause {
  const layer = graph.layerIds[graph.layerOf[node]!] ?? noLayer;
  if (kind === CAUSE_INITIAL) return { kind: 'initial' };
  if (kind === CAUSE_GROUP) {
    const name = graph.groupNames[group];
    return name === undefined ? { kind: 'dependency', supplier: graph.nodeIds[supplier]! } : { kind: 'dependency', supplier: graph.nodeIds[supplier]!, group: name };
  }
  if (kind === CAUSE_SOURCE_RULE) return { kind: 'source-rule', layer };
  if (kind === CAUSE_GIANT_RULE) return { kind: 'giant-component-rule', layer };
  throw new Error(`unknown cause ${kind}`);
}

/** Runs the scenario file on the graph file: the failed nodes with time and cause, impact over time, timings. */
export async function simulateFiles(input: SimulateFilesInput): Promise<SimulationReport> {
  const loadStart = performance.now();
  const graphFile = parseGraphFile(await readText(input.graphPath, 'graph'));
  const scenario = parseScenarioFile(await readText(input.scenarioPath, 'scenario'), graphFile);
  const loadMs = elapsedMs(loadStart);

  const compileStart = performance.now();
  const graph = compileGraph(graphFile);
  const indexOf = new Map(graph.nodeIds.map((id, v) => [id, v]));
  const compileMs = elapsedMs(compileStart);

  const simulateStart = performance.now();
  const horizonHours = input.horizonHours ?? scenario.horizonHours ?? defaultHorizonHours;
  const seed = input.seed ?? 1;
  const initialFailures: InitialFailure[] = scenario.initialFailures.map((failure) => ({ node: indexOf.get(failure.node)!, atHours: failure.atHours ?? 0, repairHours: failure.repairHours }));
  if (scenario.randomFailures) {
    const layer = scenario.randomFailures.layer === undefined ? undefined : graph.layerIds.indexOf(scenario.randomFailures.layer);
    initialFailures.push(...sampleRandomFailures(graph, createRandom(seed), scenario.randomFailures.probability, layer));
  }
  const { failed, degraded, summary } = runAndReport(graph, initialFailures, horizonHours, seed);
  const simulateMs = elapsedMs(simulateStart);
  return { failed, ...(degraded ? { degraded } : {}), summary, timings: { loadMs, compileMs, simulateMs } };
}

/** Runs one cascade on a compiled graph and maps the result back to ids: failed nodes with cause, impact at 24 h, 72 h, 7 days and the horizon. */
export function runAndReport(graph: CascadeGraph, initialFailures: InitialFailure[], horizonHours: number, seed: number): Omit<SimulationReport, 'timings'> & { result: CascadeResult } {
  const result = simulateCascade(createCascadeWorkspace(graph), { initialFailures, horizonHours });
  const sampleHours = [...new Set([...rankingHours.filter((h) => h < horizonHours), horizonHours])];
  const samples = measureImpact(graph, result, sampleHours);
  const layerName = (index: number) => (index < graph.layerIds.length ? graph.layerIds[index]! : noLayer);
  const byLayer = (counts: number[]) => Object.fromEntries(counts.map((count, index) => [layerName(index), count]).filter(([, count]) => count !== 0));
  const layers: SimulationReport['summary']['layers'] = {};
  for (let v = 0; v < graph.nodeCount; v++) {
    const name = layerName(graph.layerOf[v]! < 0 ? graph.layerIds.length : graph.layerOf[v]!);
    layers[name] ??= { nodes: 0, failed: 0, downAtHorizon: 0 };
    layers[name].nodes++;
  }
  const failed = Array.from(result.failedNodes, (v): FailedNode => {
    const layer = layers[layerName(graph.layerOf[v]! < 0 ? graph.layerIds.length : graph.layerOf[v]!)]!;
    layer.failed++;
    const entry: FailedNode = { id: graph.nodeIds[v]!, atHours: result.failedAtHours[v]!, cause: causeOf(graph, result.causeKind[v]!, result.causeGroup[v]!, result.causeSupplier[v]!, v) };
    const recovered = result.recoveredAtHours[v]!;
    if (!Number.isNaN(recovered)) entry.recoveredAtHours = recovered;
    return entry;
  });
  const last = samples[samples.length - 1]!;
  const partial = graph.responseOffsets !== undefined;
  last.downByLayer.forEach((count, index) => {
    if (count > 0) layers[layerName(index)]!.downAtHorizon = count;
  });
  return {
    result,
    failed,
    ...(partial ? { degraded: reportDegraded(graph, result) } : {}),
    summary: {
      nodes: graph.nodeCount,
      initialFailures: initialFailures.length,
      failed: failed.length,
      downAtHorizon: last.nodesDown,
      horizonHours,
      seed,
      impact: samples.map((sample) => ({
        atHours: sample.atHours,
        nodesDown: sample.nodesDown,
        ...(partial ? { nodesDegraded: sample.nodesDegraded } : {}),
        populationAffected: sample.populationAffected,
        eurosLost: sample.eurosLost,
        downByLayer: byLayer(sample.downByLayer),
      })),
      layers,
    },
  };
}

/** Nodes that worked below full capacity, from the run's capacity log, in order of first degradation. */
function reportDegraded(graph: CascadeGraph, result: CascadeResult): DegradedNode[] {
  const byNode = new Map<number, DegradedNode>();
  for (let j = 0; j < result.capacityNodes.length; j++) {
    const v = result.capacityNodes[j]!;
    const capacity = result.capacityValues[j]!;
    let entry = byNode.get(v);
    if (!entry) byNode.set(v, (entry = { id: graph.nodeIds[v]!, atHours: result.capacityHours[j]!, lowestCapacity: 1, capacityAtHorizon: 1, capacity: [] }));
    entry.capacity.push({ atHours: result.capacityHours[j]!, capacity });
    entry.lowestCapacity = Math.min(entry.lowestCapacity, capacity);
  }
  // The state log decides the end: down (0), or back up after the last capacity change (1, full).
  const lastChange = new Map<number, number>();
  for (let i = 0; i < result.changeNodes.length; i++) {
    const encoded = result.changeNodes[i]!;
    const v = encoded >= 0 ? encoded : ~encoded;
    if (byNode.has(v)) lastChange.set(v, i);
  }
  const lastCapacityAt = new Map<number, number>();
  for (let j = 0; j < result.capacityNodes.length; j++) lastCapacityAt.set(result.capacityNodes[j]!, result.capacityAt[j]!);
  for (const [v, entry] of byNode) {
    const i = lastChange.get(v);
    const last = entry.capacity[entry.capacity.length - 1]!.capacity;
    if (i === undefined || lastCapacityAt.get(v)! > i) entry.capacityAtHorizon = last;
    else entry.capacityAtHorizon = result.changeNodes[i]! >= 0 ? 0 : 1;
  }
  return [...byNode.values()];
}

export interface RankedNode {
  rank: number;
  id: string;
  /** Nodes cut off by this node alone under pure reachability (dominator tree). */
  dominatedCount: number;
  dominatedPopulation: number;
  /** Full-semantics impact of this node failing alone, keyed by hours (24, 72, 168). */
  impact: Record<string, { populationAffected: number; eurosLost: number; nodesDown: number }>;
}

export interface RankingReport {
  nodes: number;
  ranking: RankedNode[];
  timings: { loadMs: number; compileMs: number; rankMs: number };
}

/** Single points of failure of a graph file: dominators plus an N-1 sweep, the `top` first (default all). */
export async function rankGraphFile(input: { graphPath: string; top?: number; onProgress?: (done: number, total: number) => void }): Promise<RankingReport> {
  const loadStart = performance.now();
  const graphFile: GraphFile = parseGraphFile(await readText(input.graphPath, 'graph'));
  const loadMs = elapsedMs(loadStart);
  const compileStart = performance.now();
  const graph = compileGraph(graphFile);
  const compileMs = elapsedMs(compileStart);
  const rankStart = performance.now();
  const ranking = rankSinglePointsOfFailure(graph, { onProgress: input.onProgress });
  const rankMs = elapsedMs(rankStart);
  return { nodes: graph.nodeCount, ranking: reportRanking(graph, ranking, input.top), timings: { loadMs, compileMs, rankMs } };
}

/** Dense indices of a ranking back to ids, with rank numbers and impact keyed by hours; the `top` first (default all). */
export function reportRanking(graph: CascadeGraph, ranking: SinglePointOfFailure[], top = ranking.length): RankedNode[] {
  return ranking.slice(0, top).map((entry, index) => ({
    rank: index + 1,
    id: graph.nodeIds[entry.node]!,
    dominatedCount: entry.dominatedCount,
    dominatedPopulation: entry.dominatedPopulation,
    impact: Object.fromEntries(
      rankingHours.map((hours, h) => [String(hours), { populationAffected: entry.populationAffected[h]!, eurosLost: entry.eurosLost[h]!, nodesDown: entry.nodesDown[h]! }]),
    ),
  }));
}
