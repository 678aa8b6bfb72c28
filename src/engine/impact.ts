import type { CascadeResult } from './cascade.ts';
import type { CascadeGraph } from './graph.ts';

/** The impact of a run at one moment. */
export interface ImpactSample {
  atHours: number;
  nodesDown: number;
  /** Working nodes below full capacity (response tables only). */
  nodesDegraded: number;
  /** People served by nodes that are down at that moment, plus (1 − capacity) of those served by degraded nodes. */
  populationAffected: number;
  /** Loss rate at that moment (degraded nodes: their rate × (1 − capacity)). */
  euroPerHourLost: number;
  /** Cumulative loss from hour 0 to `atHours`. */
  eurosLost: number;
  /** Nodes down per layer (index as `graph.layerIds`), then those without a layer last. */
  downByLayer: number[];
}

/**
 * Replays a run's changes of state (and of capacity) in time order, integrating the loss rate. A node that is
 * down counts in full; a degraded one by its lost share (1 − capacity). Without capacity changes the sums are
 * those of down nodes alone, in the same order of operations.
 */
class ImpactReplay {
  nodesDown = 0;
  nodesDegraded = 0;
  population = 0;
  rate = 0;
  euros = 0;
  private lastHours = 0;
  private i = 0;
  private j = 0;
  /** Capacity of the degraded working nodes (runs with response tables only). */
  private readonly degraded: Map<number, number> | undefined;

  constructor(
    private readonly graph: CascadeGraph,
    private readonly result: CascadeResult,
    private readonly downByLayer?: number[],
  ) {
    if (result.capacityNodes.length > 0) this.degraded = new Map();
  }

  /** Applies every change up to and including `at` and integrates the loss to `at`. */
  advanceTo(at: number): void {
    const { changeHours, changeNodes, capacityHours, capacityAt } = this.result;
    const { graph } = this;
    for (;;) {
      // A capacity change goes before the state change at its position in the log.
      const capacityFirst = this.j < capacityAt.length && capacityAt[this.j]! <= this.i;
      if (capacityFirst) {
        if (capacityHours[this.j]! > at) break;
        this.integrateTo(capacityHours[this.j]!);
        this.applyCapacity(this.result.capacityNodes[this.j]!, this.result.capacityValues[this.j]!);
        this.j++;
        continue;
      }
      if (this.i >= changeHours.length || changeHours[this.i]! > at) break;
      this.integrateTo(changeHours[this.i]!);
      const encoded = changeNodes[this.i++]!;
      const down = encoded >= 0;
      const v = down ? encoded : ~encoded;
      const sign = down ? 1 : -1;
      this.nodesDown += sign;
      this.population += sign * graph.population[v]!;
      this.rate += sign * graph.euroPerHour[v]!;
      if (down && this.degraded !== undefined && this.degraded.size > 0) this.applyCapacity(v, 1, true);
      if (this.downByLayer) {
        const layer = graph.layerOf[v]!;
        this.downByLayer[layer < 0 ? graph.layerIds.length : layer]! += sign;
      }
    }
    this.integrateTo(at);
  }

  private integrateTo(hours: number): void {
    this.euros += this.rate * (hours - this.lastHours);
    this.lastHours = hours;
  }

  /** Node v works at `capacity` from now on; `failing`: it just went down and its degraded share was already counted in full. */
  private applyCapacity(v: number, capacity: number, failing = false): void {
    const degraded = this.degraded!;
    const previous = degraded.get(v);
    if (previous === undefined && failing) return;
    const was = previous ?? 1;
    // Failing: the node was counted in full above, on top of its degraded share 1 − was: take that share back.
    const lost = failing ? was - 1 : was - capacity;
    this.population += lost * this.graph.population[v]!;
    this.rate += lost * this.graph.euroPerHour[v]!;
    if (previous !== undefined) this.nodesDegraded--;
    if (failing || capacity >= 1) degraded.delete(v);
    else {
      degraded.set(v, capacity);
      this.nodesDegraded++;
    }
  }
}

/** Impact at each of `sampleHours` (any order; returned ascending), replaying the run's changes of state. */
export function measureImpact(graph: CascadeGraph, result: CascadeResult, sampleHours: readonly number[]): ImpactSample[] {
  const times = [...sampleHours].sort((a, b) => a - b);
  const downByLayer = new Array<number>(graph.layerIds.length + 1).fill(0);
  const replay = new ImpactReplay(graph, result, downByLayer);
  return times.map((at) => {
    replay.advanceTo(at);
    return {
      atHours: at,
      nodesDown: replay.nodesDown,
      nodesDegraded: replay.nodesDegraded,
      populationAffected: replay.population,
      euroPerHourLost: replay.rate,
      eurosLost: replay.euros,
      downByLayer: [...downByLayer],
    };
  });
}

/**
 * People affected, and euros lost, at `atHours` without building samples: the hot path of the N-1 sweep and Monte Carlo.
 * Writes [populationAffected, eurosLost, nodesDown] for each time into `into` at `offset` (times ascending).
 */
export function writeImpact(graph: CascadeGraph, result: CascadeResult, ascendingHours: readonly number[], into: Float64Array, offset: number): void {
  const replay = new ImpactReplay(graph, result);
  let out = offset;
  for (const at of ascendingHours) {
    replay.advanceTo(at);
    into[out++] = replay.population;
    into[out++] = replay.euros;
    into[out++] = replay.nodesDown;
  }
}
