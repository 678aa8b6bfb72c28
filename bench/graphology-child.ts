// One size with graphology (its own BFS and components packages; cascades written on its API), in a fresh process.
import { MultiDirectedGraph, MultiUndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import { bfsFromNode } from 'graphology-traversal';
import { coupledCase, dependencyCase, erdosRenyi, sizes, time } from './cases.ts';

const size = sizes[Number(process.argv[2])]!;
const repeat = size.nodes >= 1e6 ? 1 : 3;

function undirected(n: number, sources: Int32Array, targets: Int32Array, offset = 0): MultiUndirectedGraph {
  const graph = new MultiUndirectedGraph({ allowSelfLoops: false });
  for (let v = 0; v < n; v++) graph.addNode(v + offset);
  for (let e = 0; e < sources.length; e++) graph.addUndirectedEdge(sources[e]!, targets[e]!);
  return graph;
}

const er = erdosRenyi(size);
const start = performance.now();
const graph = undirected(size.nodes, er.sources, er.targets);
const buildMs = performance.now() - start;
const bfs = time(repeat, () => {
  const depth = new Map<string, number>();
  bfsFromNode(graph, '0', (node, _attributes, d) => void depth.set(node, d));
});
const components = time(repeat, () => connectedComponents(graph));

// Buldyrev on graphology: the giant component of each layer among living nodes, then the partners, until stable.
const coupled = coupledCase(size);
const layerA = undirected(coupled.half, coupled.a.sources, coupled.a.targets);
const layerB = undirected(coupled.half, coupled.b.sources, coupled.b.targets, coupled.half);
let survivors = 0;
const buldyrev = time(repeat, () => {
  const alive = new Set<string>([...layerA.nodes(), ...layerB.nodes()]);
  const partner = (node: string) => String((Number(node) + coupled.half) % (2 * coupled.half));
  for (const failure of coupled.failures) {
    alive.delete(String(failure.node));
    alive.delete(partner(String(failure.node)));
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const layer of [layerA, layerB]) {
      let giant: Set<string> = new Set();
      const seen = new Set<string>();
      layer.forEachNode((node) => {
        if (!alive.has(node) || seen.has(node)) return;
        const component = new Set<string>([node]);
        seen.add(node);
        const queue = [node];
        for (let head = 0; head < queue.length; head++)
          layer.forEachNeighbor(queue[head]!, (w) => {
            if (alive.has(w) && !seen.has(w)) {
              seen.add(w);
              component.add(w);
              queue.push(w);
            }
          });
        if (component.size > giant.size) giant = component;
      });
      layer.forEachNode((node) => {
        if (alive.has(node) && !giant.has(node)) {
          alive.delete(node);
          alive.delete(partner(node));
          changed = true;
        }
      });
    }
  }
  survivors = layerA.filterNodes((node) => alive.has(node)).length;
});

// Dependency cascade on a directed graphology graph (edge attributes: group), without time like the baseline.
const dependency = dependencyCase(size.nodes);
const directed = new MultiDirectedGraph<Record<string, unknown>, { group: number }>();
for (let v = 0; v < size.nodes; v++) directed.addNode(v);
const { groupNode, groupK, memberGroup, memberSupplier } = dependency.model;
for (let d = 0; d < memberGroup!.length; d++) directed.addDirectedEdge(memberSupplier![d]!, groupNode![memberGroup![d]!]!, { group: memberGroup![d]! });
let failed = 0;
const dependencyCascade = time(repeat, () => {
  const working = new Map<number, number>();
  const down = new Set<string>();
  const queue: string[] = [];
  for (const f of dependency.failures) {
    down.add(String(f.node));
    queue.push(String(f.node));
  }
  for (let head = 0; head < queue.length; head++)
    directed.forEachOutEdge(queue[head]!, (_edge, attributes, _source, target) => {
      const g = attributes.group;
      const size2 = (working.get(g) ?? countMembers(g)) - 1;
      working.set(g, size2);
      if (size2 === groupK![g]! - 1 && !down.has(target)) {
        down.add(target);
        queue.push(target);
      }
    });
  failed = down.size;
});
function countMembers(g: number): number {
  // Groups 2v hold one supplier, groups 2v+1 two (see bench/cases.ts).
  return g % 2 === 0 ? 1 : 2;
}

process.stdout.write(`${JSON.stringify({ buildMs, bfs, components, buldyrev, survivingFraction: survivors / coupled.half, dependencyCascade, failed, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
