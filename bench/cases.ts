// Generated inputs shared by the benchmark processes: every process rebuilds them from the same seeds.
import fs from 'node:fs';
import path from 'node:path';
import type { InitialFailure } from '../src/engine/cascade.ts';
import { coupleLayers, generateErdosRenyiEdges } from '../src/engine/generators.ts';
import { buildCascadeGraph, type IndexedModel } from '../src/engine/graph.ts';
import { createRandom, randomIndex } from '../src/engine/random.ts';

export interface Size {
  label: string;
  nodes: number;
  edges: number;
}

export const sizes: Size[] = [
  { label: '1e4/1e5', nodes: 1e4, edges: 1e5 },
  { label: '1e5/1e6', nodes: 1e5, edges: 1e6 },
  { label: '1e6/1e7', nodes: 1e6, edges: 1e7 },
];

/** Fraction of layer A kept in the Buldyrev case (mean degree 20 per layer: p_c = 2.4554/20 ≈ 0.123). */
export const buldyrevKeep = 0.2;
/** Initial failures in the dependency cascade. */
export const dependencyInitialFraction = 0.01;

export function erdosRenyi(size: Size) {
  return generateErdosRenyiEdges(createRandom(1), size.nodes, (2 * size.edges) / size.nodes);
}

/** Two layers of nodes/2 each with edges/2 links each, one-to-one mutual dependencies, and the kept mask of layer A. */
export function coupledCase(size: Size) {
  const half = size.nodes / 2;
  const k = size.edges / half;
  const random = createRandom(2);
  const a = generateErdosRenyiEdges(random, half, k);
  const b = generateErdosRenyiEdges(random, half, k, half);
  const failures: InitialFailure[] = [];
  for (let v = 0; v < half; v++) if (random.next() >= buldyrevKeep) failures.push({ node: v, atHours: 0 });
  return { half, a, b, failures };
}

export function coupledModel(size: Size, c = coupledCase(size)): IndexedModel {
  return coupleLayers(c.half, c.a, c.b);
}

/**
 * The dependency cascade: each node needs supplier 1 (1-of-1, buffer 0, 2, 4 or 8 hours) and one of
 * suppliers 2 and 3 (1-of-2): n nodes, 3n dependencies, 2n groups; 1% fail at hour 0.
 */
export function dependencyCase(nodes: number) {
  const random = createRandom(3);
  const groupNode = new Int32Array(2 * nodes);
  const groupK = new Int32Array(2 * nodes).fill(1);
  const groupBufferHours = new Float64Array(2 * nodes);
  const memberGroup = new Int32Array(3 * nodes);
  const memberSupplier = new Int32Array(3 * nodes);
  const supplier = (v: number) => {
    let s = randomIndex(random, nodes);
    while (s === v) s = randomIndex(random, nodes);
    return s;
  };
  for (let v = 0; v < nodes; v++) {
    groupNode[2 * v] = v;
    groupNode[2 * v + 1] = v;
    groupBufferHours[2 * v] = [0, 2, 4, 8][randomIndex(random, 4)]!;
    memberGroup[3 * v] = 2 * v;
    memberSupplier[3 * v] = supplier(v);
    memberGroup[3 * v + 1] = 2 * v + 1;
    memberSupplier[3 * v + 1] = supplier(v);
    memberGroup[3 * v + 2] = 2 * v + 1;
    memberSupplier[3 * v + 2] = supplier(v);
  }
  const failures: InitialFailure[] = [];
  for (let v = 0; v < nodes; v++) if (random.next() < dependencyInitialFraction) failures.push({ node: v, atHours: 0 });
  const model: IndexedModel = { nodeCount: nodes, groupNode, groupK, groupBufferHours, memberGroup, memberSupplier };
  return { model, failures };
}

export const buildModel = buildCascadeGraph;

/** Writes typed arrays as raw little-endian files `<prefix>.<name>.<i32|f64>` for the NetworkX process. */
export function writeArrays(prefix: string, arrays: Record<string, Int32Array | Float64Array>): void {
  fs.mkdirSync(path.dirname(prefix), { recursive: true });
  for (const [name, array] of Object.entries(arrays)) {
    fs.writeFileSync(`${prefix}.${name}.${array instanceof Int32Array ? 'i32' : 'f64'}`, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
}

/** Milliseconds of the fastest of `repeat` runs (after one warm-up when repeat > 1). */
export function time(repeat: number, work: () => unknown): number {
  if (repeat > 1) work();
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
