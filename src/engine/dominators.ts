import { RULE_NONE, RULE_SOURCE, type CascadeGraph } from './graph.ts';

/**
 * Dominator trees (Lengauer & Tarjan 1979, the simple version with path compression, O(m log n)).
 * Node d dominates v when every path from the root to v passes through d: under pure reachability from
 * the sources, d's failure alone cuts v off. That makes d an exact single point of failure for v.
 */

/** Immediate dominators of a directed CSR graph from `root`: idom[root] = root, -1 for unreachable nodes. Also the DFS order. */
export function findImmediateDominators(offsets: Int32Array, targets: Int32Array, root: number): { idom: Int32Array; order: Int32Array } {
  const n = offsets.length - 1;
  // Predecessors in CSR.
  const predOffsets = new Int32Array(n + 1);
  for (let e = 0; e < targets.length; e++) predOffsets[targets[e]! + 1]!++;
  for (let v = 0; v < n; v++) predOffsets[v + 1]! += predOffsets[v]!;
  const cursor = predOffsets.slice(0, n);
  const preds = new Int32Array(targets.length);
  for (let v = 0; v < n; v++) for (let e = offsets[v]!; e < offsets[v + 1]!; e++) preds[cursor[targets[e]!]!++] = v;

  const dfn = new Int32Array(n).fill(-1);
  const vertex = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const semi = new Int32Array(n);
  const label = new Int32Array(n);
  const ancestor = new Int32Array(n).fill(-1);
  const idom = new Int32Array(n).fill(-1);
  const bucketHead = new Int32Array(n).fill(-1);
  const bucketNext = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const edgeAt = new Int32Array(n);

  // Iterative depth-first numbering.
  let count = 0;
  let top = 0;
  stack[0] = root;
  dfn[root] = count;
  vertex[count++] = root;
  edgeAt[root] = offsets[root]!;
  while (top >= 0) {
    const v = stack[top]!;
    if (edgeAt[v]! < offsets[v + 1]!) {
      const w = targets[edgeAt[v]!++]!;
      if (dfn[w] === -1) {
        dfn[w] = count;
        vertex[count++] = w;
        parent[w] = v;
        edgeAt[w] = offsets[w]!;
        stack[++top] = w;
      }
    } else top--;
  }
  for (let i = 0; i < count; i++) {
    const v = vertex[i]!;
    semi[v] = i;
    label[v] = v;
  }

  const path = new Int32Array(n);
  const evaluate = (v: number): number => {
    if (ancestor[v] === -1) return v;
    let length = 0;
    for (let x = v; ancestor[ancestor[x]!] !== -1; x = ancestor[x]!) path[length++] = x;
    for (let i = length - 1; i >= 0; i--) {
      const x = path[i]!;
      const a = ancestor[x]!;
      if (semi[label[a]!]! < semi[label[x]!]!) label[x] = label[a]!;
      ancestor[x] = ancestor[a]!;
    }
    return label[v]!;
  };

  for (let i = count - 1; i >= 1; i--) {
    const w = vertex[i]!;
    for (let e = predOffsets[w]!; e < predOffsets[w + 1]!; e++) {
      const v = preds[e]!;
      if (dfn[v] === -1) continue;
      const u = evaluate(v);
      if (semi[u]! < semi[w]!) semi[w] = semi[u]!;
    }
    const s = vertex[semi[w]!]!;
    bucketNext[w] = bucketHead[s]!;
    bucketHead[s] = w;
    const p = parent[w]!;
    ancestor[w] = p;
    for (let v = bucketHead[p]!; v !== -1; v = bucketNext[v]!) {
      const u = evaluate(v);
      idom[v] = semi[u]! < semi[v]! ? u : p;
    }
    bucketHead[p] = -1;
  }
  for (let i = 1; i < count; i++) {
    const w = vertex[i]!;
    if (idom[w] !== vertex[semi[w]!]) idom[w] = idom[idom[w]!]!;
  }
  idom[root] = root;
  return { idom, order: vertex.slice(0, count) };
}

export interface DominatorRanking {
  /** Immediate dominator of each node (dense index), -1 when it hangs directly off the sources or is never supplied. */
  idom: Int32Array;
  /** Nodes cut off by the failure of each node alone (itself excluded). */
  dominatedCount: Int32Array;
  /** People served by those nodes. */
  dominatedPopulation: Float64Array;
}

/**
 * Exact single points of failure under pure reachability: supply flows from the sources (nodes marked
 * `source`, and nodes that need nothing outside a `source` layer) along dependencies (supplier → dependent)
 * and along links of layers with a connectivity rule. k-of-n groups and buffers are ignored here (any
 * one supplier suffices); the N-1 sweep applies the full semantics.
 */
export function rankDominators(graph: CascadeGraph): DominatorRanking {
  const n = graph.nodeCount;
  const root = n;
  const outDegree = new Int32Array(n + 2);
  const isRootChild = (v: number) => {
    const layer = graph.layerOf[v]!;
    const hasGroups = graph.groupOffsets[v + 1]! > graph.groupOffsets[v]!;
    return graph.isSource[v] === 1 || (!hasGroups && (layer < 0 || graph.layerRule[layer] !== RULE_SOURCE));
  };
  const carriesLinks = (v: number) => graph.layerOf[v]! >= 0 && graph.layerRule[graph.layerOf[v]!] !== RULE_NONE;
  for (let v = 0; v < n; v++) {
    if (isRootChild(v)) outDegree[root + 1]!++;
    outDegree[v + 1]! += graph.supplierOffsets[v + 1]! - graph.supplierOffsets[v]!;
    if (carriesLinks(v)) outDegree[v + 1]! += graph.linkOffsets[v + 1]! - graph.linkOffsets[v]!;
  }
  const offsets = new Int32Array(n + 2);
  for (let v = 0; v <= n; v++) offsets[v + 1] = offsets[v]! + outDegree[v + 1]!;
  const targets = new Int32Array(offsets[n + 1]!);
  const cursor = offsets.slice(0, n + 1);
  for (let v = 0; v < n; v++) {
    if (isRootChild(v)) targets[cursor[root]!++] = v;
    for (let i = graph.supplierOffsets[v]!; i < graph.supplierOffsets[v + 1]!; i++) targets[cursor[v]!++] = graph.groupNode[graph.supplierGroups[i]!]!;
    if (carriesLinks(v)) for (let e = graph.linkOffsets[v]!; e < graph.linkOffsets[v + 1]!; e++) targets[cursor[v]!++] = graph.linkTargets[e]!;
  }
  const { idom, order } = findImmediateDominators(offsets, targets, root);
  const size = new Int32Array(n + 1);
  const population = new Float64Array(n + 1);
  for (let i = order.length - 1; i >= 1; i--) {
    const w = order[i]!;
    size[w]!++;
    population[w]! += graph.population[w]!;
    const d = idom[w]!;
    size[d]! += size[w]!;
    population[d]! += population[w]!;
  }
  const dominatedCount = new Int32Array(n);
  const dominatedPopulation = new Float64Array(n);
  const nodeIdom = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const reachable = idom[v] !== -1;
    dominatedCount[v] = reachable ? size[v]! - 1 : 0;
    dominatedPopulation[v] = reachable ? population[v]! - graph.population[v]! : 0;
    nodeIdom[v] = reachable && idom[v] !== root ? idom[v]! : -1;
  }
  return { idom: nodeIdom, dominatedCount, dominatedPopulation };
}
