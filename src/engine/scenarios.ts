import type { InitialFailure } from './cascade.ts';
import type { CascadeGraph } from './graph.ts';
import { randomIndex, type Random } from './random.ts';

/** Each node (of `layer`, when given) fails at hour 0 with `probability`, independently. */
export function sampleRandomFailures(graph: CascadeGraph, random: Random, probability: number, layer?: number): InitialFailure[] {
  const failures: InitialFailure[] = [];
  if (layer === undefined) {
    for (let v = 0; v < graph.nodeCount; v++) if (random.next() < probability) failures.push({ node: v, atHours: 0 });
    return failures;
  }
  for (let i = graph.layerOffsets[layer]!; i < graph.layerOffsets[layer + 1]!; i++) if (random.next() < probability) failures.push({ node: graph.layerNodes[i]!, atHours: 0 });
  return failures;
}

/** A regional hazard: a circle around a random located node; nodes inside fail with their fragility. */
export interface RegionalHazard {
  /** Planar coordinates in km per node (NaN: no location, never hit). */
  xKm: Float64Array;
  yKm: Float64Array;
  radiusKm: number;
  /** Probability that a node inside the circle fails (per node, or one value for all). */
  fragility: Float64Array | number;
  /** Repair time of the damaged nodes (default: each node's own). */
  repairHours?: number;
}

/** Samples one regional event: the centre is a uniformly chosen located node, so hazards land where assets are. */
export function sampleRegionalFailures(random: Random, hazard: RegionalHazard): InitialFailure[] {
  const { xKm, yKm, radiusKm, fragility } = hazard;
  const n = xKm.length;
  let centre = randomIndex(random, n);
  for (let tries = 0; tries < 32 && Number.isNaN(xKm[centre]!); tries++) centre = randomIndex(random, n);
  const cx = xKm[centre]!;
  const cy = yKm[centre]!;
  const radius2 = radiusKm * radiusKm;
  const failures: InitialFailure[] = [];
  for (let v = 0; v < n; v++) {
    const dx = xKm[v]! - cx;
    const dy = yKm[v]! - cy;
    if (!(dx * dx + dy * dy <= radius2)) continue;
    const p = typeof fragility === 'number' ? fragility : fragility[v]!;
    if (random.next() < p) failures.push(hazard.repairHours === undefined ? { node: v, atHours: 0 } : { node: v, atHours: 0, repairHours: hazard.repairHours });
  }
  return failures;
}
