import type { CascadeResult } from './cascade.ts';
import type { CascadeGraph } from './graph.ts';

/** The impact of a run at one moment. */
export interface ImpactSample {
  atHours: number;
  nodesDown: number;
  /** People served by nodes that are down at that moment. */
  populationAffected: number;
  /** Loss rate at that moment. */
  euroPerHourLost: number;
  /** Cumulative loss from hour 0 to `atHours`. */
  eurosLost: number;
  /** Nodes down per layer (index as `graph.layerIds`), then those without a layer last. */
  downByLayer: number[];
}

/** Impact at each of `sampleHours` (any order; returned ascending), replaying the run's changes of state. */
export function measureImpact(graph: CascadeGraph, result: CascadeResult, sampleHours: readonly number[]): ImpactSample[] {
  const times = [...sampleHours].sort((a, b) => a - b);
  const layerCount = graph.layerIds.length;
  const downByLayer = new Array<number>(layerCount + 1).fill(0);
  let nodesDown = 0;
  let population = 0;
  let rate = 0;
  let euros = 0;
  let lastHours = 0;
  let i = 0;
  const samples: ImpactSample[] = [];
  const { changeHours, changeNodes } = result;
  for (const at of times) {
    for (; i < changeHours.length && changeHours[i]! <= at; i++) {
      euros += rate * (changeHours[i]! - lastHours);
      lastHours = changeHours[i]!;
      const encoded = changeNodes[i]!;
      const down = encoded >= 0;
      const v = down ? encoded : ~encoded;
      const sign = down ? 1 : -1;
      nodesDown += sign;
      population += sign * graph.population[v]!;
      rate += sign * graph.euroPerHour[v]!;
      const layer = graph.layerOf[v]!;
      downByLayer[layer < 0 ? layerCount : layer]! += sign;
    }
    euros += rate * (at - lastHours);
    lastHours = at;
    samples.push({ atHours: at, nodesDown, populationAffected: population, euroPerHourLost: rate, eurosLost: euros, downByLayer: [...downByLayer] });
  }
  return samples;
}

/**
 * People affected, and euros lost, at `atHours` without building samples: the hot path of the N-1 sweep and Monte Carlo.
 * Writes [populationAffected, eurosLost, nodesDown] for each time into `into` at `offset` (times ascending).
 */
export function writeImpact(graph: CascadeGraph, result: CascadeResult, ascendingHours: readonly number[], into: Float64Array, offset: number): void {
  let nodesDown = 0;
  let population = 0;
  let rate = 0;
  let euros = 0;
  let lastHours = 0;
  let i = 0;
  const { changeHours, changeNodes } = result;
  let out = offset;
  for (const at of ascendingHours) {
    for (; i < changeHours.length && changeHours[i]! <= at; i++) {
      euros += rate * (changeHours[i]! - lastHours);
      lastHours = changeHours[i]!;
      const encoded = changeNodes[i]!;
      const sign = encoded >= 0 ? 1 : -1;
      const v = encoded >= 0 ? encoded : ~encoded;
      nodesDown += sign;
      population += sign * graph.population[v]!;
      rate += sign * graph.euroPerHour[v]!;
    }
    euros += rate * (at - lastHours);
    lastHours = at;
    into[out++] = population;
    into[out++] = euros;
    into[out++] = nodesDown;
  }
}
