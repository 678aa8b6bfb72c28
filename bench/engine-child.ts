// One size, the Vitaal engine and a plain typed-array baseline, in a fresh process so that maxRSS is the engine's own.
import { createCascadeWorkspace, simulateCascade } from '../src/engine/cascade.ts';
import { breadthFirstDistances, connectedComponents } from '../src/engine/connectivity.ts';
import { buildAdjacency, buildCascadeGraph, type CascadeGraph } from '../src/engine/graph.ts';
import { coupledCase, coupledModel, dependencyCase, erdosRenyi, sizes, time } from './cases.ts';

const size = sizes[Number(process.argv[2])]!;
const repeat = size.nodes >= 1e6 ? 2 : size.nodes >= 1e5 ? 5 : 10;

function plainBfs(offsets: Int32Array, targets: Int32Array, start: number): Int32Array {
  const n = offsets.length - 1;
  const distance = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  distance[start] = 0;
  queue[0] = start;
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const w = targets[e]!;
      if (distance[w] === -1) {
        distance[w] = distance[v]! + 1;
        queue[tail++] = w;
      }
    }
  }
  return distance;
}

function plainComponents(offsets: Int32Array, targets: Int32Array): number {
  const n = offsets.length - 1;
  const label = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (label[s] !== -1) continue;
    label[s] = count;
    queue[0] = s;
    let tail = 1;
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = targets[e]!;
        if (label[w] === -1) {
          label[w] = count;
          queue[tail++] = w;
        }
      }
    }
    count++;
  }
  return count;
}

/** Buldyrev's iteration on plain arrays: giant of A, partners, giant of B, partners, until nothing changes. */
function plainBuldyrev(graph: CascadeGraph, half: number, failed: Int32Array): number {
  const n = 2 * half;
  const alive = new Uint8Array(n).fill(1);
  for (let i = 0; i < failed.length; i++) alive[failed[i]!] = 0;
  const label = new Int32Array(n);
  const queue = new Int32Array(n);
  let stamp = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (let layer = 0; layer < 2; layer++) {
      const from = layer * half;
      let best = -1;
      let bestSize = 0;
      const base = stamp;
      for (let s = from; s < from + half; s++) {
        if (!alive[s] || label[s]! > base) continue;
        const c = ++stamp;
        label[s] = c;
        queue[0] = s;
        let tail = 1;
        for (let head = 0; head < tail; head++) {
          const v = queue[head]!;
          for (let e = graph.linkOffsets[v]!; e < graph.linkOffsets[v + 1]!; e++) {
            const w = graph.linkTargets[e]!;
            if (alive[w] && label[w]! <= base) {
              label[w] = c;
              queue[tail++] = w;
            }
          }
        }
        if (tail > bestSize) {
          bestSize = tail;
          best = c;
        }
      }
      for (let v = from; v < from + half; v++) {
        if (alive[v] && label[v] !== best) {
          alive[v] = 0;
          changed = true;
        }
      }
      for (let v = 0; v < half; v++) {
        if (!alive[v] || !alive[v + half]) {
          if (alive[v] || alive[v + half]) changed = true;
          alive[v] = 0;
          alive[v + half] = 0;
        }
      }
    }
  }
  let survivors = 0;
  for (let v = 0; v < half; v++) survivors += alive[v]!;
  return survivors;
}

/** Dependency propagation on plain arrays, without time (buffers ignored): the lower bound of the event simulation. */
function plainDependencyCascade(graph: CascadeGraph, failed: Int32Array): number {
  const working = new Int32Array(graph.groupCount);
  for (let g = 0; g < graph.groupCount; g++) working[g] = graph.memberOffsets[g + 1]! - graph.memberOffsets[g]!;
  const down = new Uint8Array(graph.nodeCount);
  const queue = new Int32Array(graph.nodeCount);
  let tail = 0;
  for (let i = 0; i < failed.length; i++) {
    down[failed[i]!] = 1;
    queue[tail++] = failed[i]!;
  }
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let i = graph.supplierOffsets[v]!; i < graph.supplierOffsets[v + 1]!; i++) {
      const g = graph.supplierGroups[i]!;
      if (working[g]!-- === graph.groupK[g]) {
        const u = graph.groupNode[g]!;
        if (!down[u]) {
          down[u] = 1;
          queue[tail++] = u;
        }
      }
    }
  }
  return tail;
}

let er = erdosRenyi(size);
let adjacency = buildAdjacency(size.nodes, er.sources, er.targets);
const buildMs = time(1, () => (adjacency = buildAdjacency(size.nodes, er.sources, er.targets)));
const { offsets, targets } = adjacency;
const bfs = { engine: time(repeat, () => breadthFirstDistances(offsets, targets, 0)), plain: time(repeat, () => plainBfs(offsets, targets, 0)) };
const components = { engine: time(repeat, () => connectedComponents(offsets, targets)), plain: time(repeat, () => plainComponents(offsets, targets)) };
adjacency = undefined as never;
er = undefined as never;

const coupled = coupledCase(size);
let coupledGraph = buildCascadeGraph(coupledModel(size, coupled));
const coupledFailed = Int32Array.from(coupled.failures, (f) => f.node);
// A workspace holds a run's state; it is allocated once per graph and reused by every run (as the N-1 sweep and each
// Monte Carlo worker do), so its allocation is timed apart, as graph construction is.
function allocateWorkspace(graph: CascadeGraph) {
  const started = performance.now();
  const workspace = createCascadeWorkspace(graph);
  return { workspace, ms: performance.now() - started };
}
const coupledAllocation = allocateWorkspace(coupledGraph);
let coupledWorkspace = coupledAllocation.workspace;
let survivors = 0;
const buldyrev = {
  workspaceMs: coupledAllocation.ms,
  engine: time(repeat, () => {
    const result = simulateCascade(coupledWorkspace, { initialFailures: coupled.failures, horizonHours: 0 });
    survivors = coupled.half - result.failedNodes.filter((v) => v < coupled.half).length;
  }),
  plain: time(repeat, () => plainBuldyrev(coupledGraph, coupled.half, coupledFailed)),
  survivingFraction: 0,
};
buldyrev.survivingFraction = survivors / coupled.half;
if (plainBuldyrev(coupledGraph, coupled.half, coupledFailed) !== survivors) throw new Error('engine and baseline disagree on the Buldyrev cascade');
// Each case's data is freed before the next, so that peak memory is that of the largest case alone.
coupledWorkspace = undefined as never;
coupledGraph = undefined as never;

const dependency = dependencyCase(size.nodes);
const compileStart = performance.now();
const dependencyGraph = buildCascadeGraph(dependency.model);
const dependencyCompileMs = performance.now() - compileStart;
const dependencyFailed = Int32Array.from(dependency.failures, (f) => f.node);
const { workspace: dependencyWorkspace, ms: dependencyWorkspaceMs } = allocateWorkspace(dependencyGraph);
let failedCount = 0;
const dependencyCascade = {
  workspaceMs: dependencyWorkspaceMs,
  engine: time(repeat, () => (failedCount = simulateCascade(dependencyWorkspace, { initialFailures: dependency.failures, horizonHours: 1e9 }).failedNodes.length)),
  plain: time(repeat, () => plainDependencyCascade(dependencyGraph, dependencyFailed)),
  compileMs: dependencyCompileMs,
  failed: 0,
};
dependencyCascade.failed = failedCount;
if (plainDependencyCascade(dependencyGraph, dependencyFailed) !== failedCount) throw new Error('engine and baseline disagree on the dependency cascade');

process.stdout.write(`${JSON.stringify({ buildMs, bfs, components, buldyrev, dependencyCascade, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
