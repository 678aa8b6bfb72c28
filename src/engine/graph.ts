import { invalid } from '../domain/errors.ts';
import { responseTableProblem, type ResponsePoint } from '../domain/response-table.ts';

/**
 * The dependency model the cascade engine works on (DESIGN.md §5), compiled once into CSR typed arrays:
 * node ids map to dense indices 0..nodeCount-1, every field is one named typed array, and ids are mapped
 * back only at the edge (`nodeIds`).
 */

export type ConnectivityRule = 'none' | 'source' | 'giant-component';
export const connectivityRules: readonly ConnectivityRule[] = ['none', 'source', 'giant-component'];

/** Rule codes as stored in `CascadeGraph.layerRule`. */
export const RULE_NONE = 0;
export const RULE_SOURCE = 1;
export const RULE_GIANT = 2;

export interface ModelLayer {
  id: string;
  connectivity: ConnectivityRule;
}

export interface ModelNode {
  id: string;
  layer?: string;
  source?: boolean;
  /** People who lose the service while the node is down. */
  population?: number;
  /** Economic loss per hour while the node is down. */
  euroPerHour?: number;
  /** Hours to repair the node once damaged by a scenario (absent: no repair within the horizon). */
  repairHours?: number;
  /** Hours to restart once its supply and connectivity are back (default 0). */
  restartHours?: number;
}

/** An undirected connection inside one layer. */
export interface ModelLink {
  source: string;
  target: string;
}

/** "dependent needs supplier"; dependencies that name the same `group` of one dependent form a k-of-n group. */
export interface ModelDependency {
  dependent: string;
  supplier: string;
  group?: string;
  type?: string;
}

export interface ModelGroup {
  node: string;
  id: string;
  /** Suppliers that must work (default 1: a named group lists alternatives). */
  k?: number;
  /** Hours the dependent keeps working after the group falls below k (default 0). */
  bufferHours?: number;
  /**
   * Partial capacity (domain/response-table.ts): `[fraction of suppliers working, capacity]` points. With a
   * table, k defaults to what the table implies (the fewest working suppliers that leave capacity above 0).
   */
  response?: ResponsePoint[];
}

/** The model as written in the graph file of DESIGN.md §5. */
export interface GraphModel {
  layers?: ModelLayer[];
  nodes: ModelNode[];
  links?: ModelLink[];
  dependencies?: ModelDependency[];
  groups?: ModelGroup[];
}

/** The compiled model. Groups of node v are `groupOffsets[v]..groupOffsets[v+1]`; suppliers of group g are `memberSuppliers[memberOffsets[g]..memberOffsets[g+1]]`. */
export interface CascadeGraph {
  nodeCount: number;
  /** Dense index → node id (index order = order of the input). */
  nodeIds: string[];
  layerIds: string[];
  /** Per layer: RULE_NONE, RULE_SOURCE or RULE_GIANT. */
  layerRule: Uint8Array;
  /** Per node: layer index, or -1 without a layer. */
  layerOf: Int32Array;
  /** Nodes of layer l are `layerNodes[layerOffsets[l]..layerOffsets[l+1]]`. */
  layerOffsets: Int32Array;
  layerNodes: Int32Array;
  isSource: Uint8Array;
  population: Float64Array;
  euroPerHour: Float64Array;
  /** NaN: not repaired within the horizon. */
  repairHours: Float64Array;
  restartHours: Float64Array;
  /** Undirected intra-layer links: neighbours of v are `linkTargets[linkOffsets[v]..linkOffsets[v+1]]`. */
  linkOffsets: Int32Array;
  linkTargets: Int32Array;
  groupCount: number;
  groupOffsets: Int32Array;
  groupNode: Int32Array;
  groupK: Int32Array;
  groupBufferHours: Float64Array;
  /** The group's name, or undefined for the 1-of-1 group of an unnamed dependency. */
  groupNames: (string | undefined)[];
  memberOffsets: Int32Array;
  memberSuppliers: Int32Array;
  /**
   * Response tables (partial capacity), absent when no group has one: the points of group g are
   * `responsePoints[2i], responsePoints[2i+1]` (fraction, capacity) for i in `responseOffsets[g]..responseOffsets[g+1]`;
   * an empty range means no table. `groupK` already holds the k the table implies.
   */
  responseOffsets?: Int32Array;
  responsePoints?: Float64Array;
  /** Groups that supplier s belongs to: `supplierGroups[supplierOffsets[s]..supplierOffsets[s+1]]`. */
  supplierOffsets: Int32Array;
  supplierGroups: Int32Array;
}

/** The model in dense indices, for generated graphs that never had string ids (benchmarks, tests, Monte Carlo workers). */
export interface IndexedModel {
  nodeCount: number;
  nodeIds?: string[];
  layerIds?: string[];
  layerRule?: Uint8Array;
  layerOf?: Int32Array;
  isSource?: Uint8Array;
  population?: Float64Array;
  euroPerHour?: Float64Array;
  repairHours?: Float64Array;
  restartHours?: Float64Array;
  linkSources?: Int32Array;
  linkTargets?: Int32Array;
  /** One entry per group: its dependent node, k and buffer. */
  groupNode?: Int32Array;
  groupK?: Int32Array;
  groupBufferHours?: Float64Array;
  groupNames?: (string | undefined)[];
  /** Response tables per group, laid out as in `CascadeGraph` (checked: see domain/response-table.ts); k 0 lets the table alone decide. */
  groupResponseOffsets?: Int32Array;
  responsePoints?: Float64Array;
  /** One entry per dependency: the group it belongs to and its supplier. */
  memberGroup?: Int32Array;
  memberSupplier?: Int32Array;
}

/** Counting sort of `keys` (values in 0..bucketCount-1): CSR offsets and the order of the entries, stable. */
export function bucketOffsets(keys: Int32Array, bucketCount: number): { offsets: Int32Array; order: Int32Array } {
  const offsets = new Int32Array(bucketCount + 1);
  for (let i = 0; i < keys.length; i++) offsets[keys[i]! + 1]!++;
  for (let b = 0; b < bucketCount; b++) offsets[b + 1]! += offsets[b]!;
  const cursor = offsets.slice(0, bucketCount);
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[cursor[keys[i]!]!++] = i;
  return { offsets, order };
}

/** Undirected adjacency in CSR from an edge list (each edge appears in both endpoints' lists). */
export function buildAdjacency(nodeCount: number, sources: Int32Array, targets: Int32Array): { offsets: Int32Array; targets: Int32Array } {
  const offsets = new Int32Array(nodeCount + 1);
  const edgeCount = sources.length;
  for (let e = 0; e < edgeCount; e++) {
    offsets[sources[e]! + 1]!++;
    offsets[targets[e]! + 1]!++;
  }
  for (let v = 0; v < nodeCount; v++) offsets[v + 1]! += offsets[v]!;
  const cursor = offsets.slice(0, nodeCount);
  const adjacent = new Int32Array(2 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const a = sources[e]!;
    const b = targets[e]!;
    adjacent[cursor[a]!++] = b;
    adjacent[cursor[b]!++] = a;
  }
  return { offsets, targets: adjacent };
}

/** Builds the CSR graph from a model in dense indices. Groups must be given sorted by node or not: they are re-ordered by node. */
export function buildCascadeGraph(model: IndexedModel): CascadeGraph {
  const n = model.nodeCount;
  const layerIds = model.layerIds ?? [];
  const layerOf = model.layerOf ?? new Int32Array(n).fill(-1);
  const layerKeys = new Int32Array(n);
  for (let v = 0; v < n; v++) layerKeys[v] = layerOf[v]! < 0 ? layerIds.length : layerOf[v]!;
  const layers = bucketOffsets(layerKeys, layerIds.length + 1);
  const links = buildAdjacency(n, model.linkSources ?? new Int32Array(0), model.linkTargets ?? new Int32Array(0));

  // Groups re-ordered so that the groups of node v are contiguous.
  const inputGroupNode = model.groupNode ?? new Int32Array(0);
  const groupCount = inputGroupNode.length;
  const byNode = bucketOffsets(inputGroupNode, n);
  const newIndexOf = new Int32Array(groupCount);
  for (let g = 0; g < groupCount; g++) newIndexOf[byNode.order[g]!] = g;
  const groupNode = new Int32Array(groupCount);
  const groupK = new Int32Array(groupCount);
  const groupBufferHours = new Float64Array(groupCount);
  const groupNames: (string | undefined)[] = new Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    const old = byNode.order[g]!;
    groupNode[g] = inputGroupNode[old]!;
    groupK[g] = model.groupK ? model.groupK[old]! : 1;
    groupBufferHours[g] = model.groupBufferHours ? model.groupBufferHours[old]! : 0;
    groupNames[g] = model.groupNames?.[old];
  }

  const memberGroupInput = model.memberGroup ?? new Int32Array(0);
  const memberSupplierInput = model.memberSupplier ?? new Int32Array(0);
  const memberGroup = new Int32Array(memberGroupInput.length);
  for (let d = 0; d < memberGroup.length; d++) memberGroup[d] = newIndexOf[memberGroupInput[d]!]!;
  const members = bucketOffsets(memberGroup, groupCount);
  const memberSuppliers = new Int32Array(memberGroup.length);
  for (let i = 0; i < memberSuppliers.length; i++) memberSuppliers[i] = memberSupplierInput[members.order[i]!]!;
  const response = model.groupResponseOffsets && model.responsePoints ? reorderResponses(model.groupResponseOffsets, model.responsePoints, byNode.order, members.offsets, groupK) : undefined;
  const bySupplier = bucketOffsets(memberSupplierInput, n);
  const supplierGroups = new Int32Array(memberGroup.length);
  for (let i = 0; i < supplierGroups.length; i++) supplierGroups[i] = memberGroup[bySupplier.order[i]!]!;

  return {
    nodeCount: n,
    nodeIds: model.nodeIds ?? Array.from({ length: n }, (_, v) => String(v)),
    layerIds,
    layerRule: model.layerRule ?? new Uint8Array(layerIds.length),
    layerOf,
    layerOffsets: layers.offsets.subarray(0, layerIds.length + 1),
    layerNodes: layers.order,
    isSource: model.isSource ?? new Uint8Array(n),
    population: model.population ?? new Float64Array(n),
    euroPerHour: model.euroPerHour ?? new Float64Array(n),
    repairHours: model.repairHours ?? new Float64Array(n).fill(Number.NaN),
    restartHours: model.restartHours ?? new Float64Array(n),
    linkOffsets: links.offsets,
    linkTargets: links.targets,
    groupCount,
    groupOffsets: byNode.offsets,
    groupNode,
    groupK,
    groupBufferHours,
    groupNames,
    memberOffsets: members.offsets,
    memberSuppliers,
    ...response,
    supplierOffsets: bySupplier.offsets,
    supplierGroups,
  };
}

/**
 * The response tables in the compiled group order, and each table's k: the larger of the stated k and the
 * fewest working suppliers that leave capacity above 0 (so that "capacity 0" and "below k" are one event).
 */
function reorderResponses(inputOffsets: Int32Array, inputPoints: Float64Array, order: Int32Array, memberOffsets: Int32Array, groupK: Int32Array) {
  const groupCount = order.length;
  const responseOffsets = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) responseOffsets[g + 1] = responseOffsets[g]! + inputOffsets[order[g]! + 1]! - inputOffsets[order[g]!]!;
  const responsePoints = new Float64Array(2 * responseOffsets[groupCount]!);
  for (let g = 0; g < groupCount; g++) {
    const from = inputOffsets[order[g]!]!;
    const to = inputOffsets[order[g]! + 1]!;
    if (from === to) continue;
    responsePoints.set(inputPoints.subarray(2 * from, 2 * to), 2 * responseOffsets[g]!);
    const size = memberOffsets[g + 1]! - memberOffsets[g]!;
    let k = 0;
    while (k < size && responseCapacity(responsePoints, responseOffsets[g]!, responseOffsets[g + 1]!, k / size) <= 0) k++;
    groupK[g] = Math.max(groupK[g]!, k);
  }
  return { responseOffsets, responsePoints };
}

/** The capacity that a table (points `from..to` of `points`) gives at `fraction` of supply: piecewise linear, the later point at a step. */
export function responseCapacity(points: Float64Array, from: number, to: number, fraction: number): number {
  let i = from;
  while (i + 1 < to && points[2 * (i + 1)]! <= fraction) i++;
  if (i + 1 === to) return points[2 * i + 1]!;
  const x0 = points[2 * i]!;
  const y0 = points[2 * i + 1]!;
  return y0 + ((points[2 * i + 3]! - y0) * (fraction - x0)) / (points[2 * i + 2]! - x0);
}

const ruleCode: Record<ConnectivityRule, number> = { none: RULE_NONE, source: RULE_SOURCE, 'giant-component': RULE_GIANT };

/**
 * Compiles a graph model: ids to dense indices, named groups (default k 1, buffer 0) and one 1-of-1 group per
 * unnamed dependency. Refuses unknown ids and links across layers with the JSON path of the element
 * (the file reader checks the same, earlier, with a schema).
 */
export function compileGraph(model: GraphModel): CascadeGraph {
  const n = model.nodes.length;
  const layers = model.layers ?? [];
  const layerIndex = new Map(layers.map((layer, index) => [layer.id, index]));
  const indexOf = new Map<string, number>();
  const nodeIds: string[] = new Array(n);
  const layerOf = new Int32Array(n).fill(-1);
  const isSource = new Uint8Array(n);
  const population = new Float64Array(n);
  const euroPerHour = new Float64Array(n);
  const repairHours = new Float64Array(n).fill(Number.NaN);
  const restartHours = new Float64Array(n);
  model.nodes.forEach((node, v) => {
    if (indexOf.has(node.id)) throw refuse(`/nodes/${v}/id`, `duplicate node "${node.id}"`);
    indexOf.set(node.id, v);
    nodeIds[v] = node.id;
    if (node.layer !== undefined) {
      const layer = layerIndex.get(node.layer);
      if (layer === undefined) throw refuse(`/nodes/${v}/layer`, `unknown layer "${node.layer}"`);
      layerOf[v] = layer;
    }
    isSource[v] = node.source ? 1 : 0;
    population[v] = node.population ?? 0;
    euroPerHour[v] = node.euroPerHour ?? 0;
    repairHours[v] = node.repairHours ?? Number.NaN;
    restartHours[v] = node.restartHours ?? 0;
  });
  const nodeAt = (id: string, path: string) => {
    const v = indexOf.get(id);
    if (v === undefined) throw refuse(path, `unknown node "${id}"`);
    return v;
  };

  const links = model.links ?? [];
  const linkSources = new Int32Array(links.length);
  const linkTargets = new Int32Array(links.length);
  links.forEach((link, e) => {
    const a = nodeAt(link.source, `/links/${e}/source`);
    const b = nodeAt(link.target, `/links/${e}/target`);
    if (layerOf[a] === -1 || layerOf[a] !== layerOf[b]) throw refuse(`/links/${e}`, `a link joins two nodes of one layer ("${link.source}", "${link.target}")`);
    linkSources[e] = a;
    linkTargets[e] = b;
  });

  const groupNodes: number[] = [];
  const groupKs: number[] = [];
  const groupBuffers: number[] = [];
  const groupNames: (string | undefined)[] = [];
  const responseOf: (ResponsePoint[] | undefined)[] = [];
  const namedGroup = new Map<string, number>();
  const groupKey = (node: number, name: string) => `${node}\u0000${name}`;
  (model.groups ?? []).forEach((group, index) => {
    const node = nodeAt(group.node, `/groups/${index}/node`);
    const key = groupKey(node, group.id);
    if (namedGroup.has(key)) throw refuse(`/groups/${index}/id`, `duplicate group "${group.id}" of node "${group.node}"`);
    if (group.response) {
      const problem = responseTableProblem(group.response);
      if (problem) throw refuse(problem.index < 0 ? `/groups/${index}/response` : `/groups/${index}/response/${problem.index}`, problem.message);
      responseOf[groupNodes.length] = group.response;
    }
    namedGroup.set(key, groupNodes.length);
    groupNodes.push(node);
    groupKs.push(group.k ?? (group.response ? 0 : 1));
    groupBuffers.push(group.bufferHours ?? 0);
    groupNames.push(group.id);
  });
  const dependencies = model.dependencies ?? [];
  const memberGroup = new Int32Array(dependencies.length);
  const memberSupplier = new Int32Array(dependencies.length);
  dependencies.forEach((dependency, d) => {
    const dependent = nodeAt(dependency.dependent, `/dependencies/${d}/dependent`);
    memberSupplier[d] = nodeAt(dependency.supplier, `/dependencies/${d}/supplier`);
    let group: number | undefined;
    if (dependency.group !== undefined) {
      const key = groupKey(dependent, dependency.group);
      group = namedGroup.get(key);
      if (group === undefined) {
        group = groupNodes.length;
        namedGroup.set(key, group);
        groupNodes.push(dependent);
        groupKs.push(1);
        groupBuffers.push(0);
        groupNames.push(dependency.group);
      }
    } else {
      group = groupNodes.length;
      groupNodes.push(dependent);
      groupKs.push(1);
      groupBuffers.push(0);
      groupNames.push(undefined);
    }
    memberGroup[d] = group;
  });
  const responses = responseOf.length > 0 ? packResponses(responseOf, groupNodes.length) : {};

  return buildCascadeGraph({
    nodeCount: n,
    nodeIds,
    layerIds: layers.map((layer) => layer.id),
    layerRule: Uint8Array.from(layers, (layer) => ruleCode[layer.connectivity]),
    layerOf,
    isSource,
    population,
    euroPerHour,
    repairHours,
    restartHours,
    linkSources,
    linkTargets,
    groupNode: Int32Array.from(groupNodes),
    groupK: Int32Array.from(groupKs),
    groupBufferHours: Float64Array.from(groupBuffers),
    groupNames,
    ...responses,
    memberGroup,
    memberSupplier,
  });
}

function packResponses(responseOf: (readonly ResponsePoint[] | undefined)[], groupCount: number): { groupResponseOffsets: Int32Array; responsePoints: Float64Array } {
  const groupResponseOffsets = new Int32Array(groupCount + 1);
  for (let g = 0; g < groupCount; g++) groupResponseOffsets[g + 1] = groupResponseOffsets[g]! + (responseOf[g]?.length ?? 0);
  const responsePoints = new Float64Array(2 * groupResponseOffsets[groupCount]!);
  responseOf.forEach((points, g) => points?.forEach(([fraction, capacity], i) => responsePoints.set([fraction, capacity], 2 * (groupResponseOffsets[g]! + i))));
  return { groupResponseOffsets, responsePoints };
}

/** Dense index of a node id (a linear scan: for the edges of the program, not for loops). */
export function findNodeIndex(graph: CascadeGraph, id: string): number | undefined {
  const index = graph.nodeIds.indexOf(id);
  return index < 0 ? undefined : index;
}

const refuse = (path: string, message: string) => invalid('graph-invalid', `${path}: ${message}`, [{ path, message }]);
