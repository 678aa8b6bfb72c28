import fc from 'fast-check';
import { createCascadeWorkspace, simulateCascade, type CascadeResult } from '../src/engine/cascade.ts';
import { compileGraph, type CascadeGraph, type GraphModel, type ModelDependency, type ModelGroup } from '../src/engine/graph.ts';
import { createRandom, randomIndex, type Random } from '../src/engine/random.ts';

/**
 * Shared helpers of the cascade engine tests (src/engine/*.test.ts): hand-written scenarios by node id, and the
 * random small models of the property tests.
 */

/** A failure of a hand-written scenario: at hour 0 unless told, repaired after the node's own repair hours unless told. */
export interface NamedFailure {
  id: string;
  atHours?: number;
  repairHours?: number;
}

/** Compiles the model and simulates the failures, named by node id, on a fresh workspace. */
export function simulateScenario(model: GraphModel, failures: NamedFailure[], horizonHours = 1000): { graph: CascadeGraph; result: CascadeResult } {
  const graph = compileGraph(model);
  const index = (id: string) => graph.nodeIds.indexOf(id);
  const result = simulateCascade(createCascadeWorkspace(graph), {
    initialFailures: failures.map((f) => ({ node: index(f.id), atHours: f.atHours ?? 0, repairHours: f.repairHours })),
    horizonHours,
  });
  return { graph, result };
}

/** Simulates the nodes failing, without repair, on a fresh workspace: the runs the monotonicity properties compare. */
export function failNodes(graph: CascadeGraph, nodes: number[], horizonHours = 1000): CascadeResult {
  return simulateCascade(createCascadeWorkspace(graph), { initialFailures: nodes.map((node) => ({ node })), horizonHours });
}

/** How the random models of one property test are drawn. */
export interface RandomModelShape {
  /** Chance that a node lies in a layer rather than in none. */
  layerChance: number;
  /** Dependencies drawn per node; a node drawn as its own supplier is dropped. */
  dependenciesPerNode: number;
  /** Chance that a dependency joins a named group (g0 or g1) rather than standing as a 1-of-1 group of its own. */
  namedGroupChance: number;
  /** The rest of a named group of `size` suppliers (k, buffer, response table), drawn from `random`. */
  group: (size: number, random: Random) => Omit<ModelGroup, 'node' | 'id'>;
}

/**
 * A random small model (2 to 14 nodes): layers with the none and source rules and links within them, source nodes,
 * dependencies in unnamed and named groups. fast-check draws the size, the rules and a seed, and the model follows
 * from the seed, so that a failing case shrinks by those three.
 */
export function randomSmallModel(shape: RandomModelShape): fc.Arbitrary<GraphModel> {
  return fc
    .record({ n: fc.integer({ min: 2, max: 14 }), rules: fc.array(fc.constantFrom('none' as const, 'source' as const), { minLength: 1, maxLength: 2 }), seed: fc.integer() })
    .map(({ n, rules, seed }): GraphModel => {
      const random = createRandom(seed);
      const pick = (bound: number) => randomIndex(random, bound);
      const layers = rules.map((connectivity, i) => ({ id: `l${i}`, connectivity }));
      const nodes = Array.from({ length: n }, (_, v) => ({ id: `n${v}`, layer: random.next() < shape.layerChance ? `l${pick(layers.length)}` : undefined, source: random.next() < 0.3 }));
      const links = [];
      for (let e = 0; e < n; e++) {
        const a = nodes[pick(n)]!;
        const b = nodes[pick(n)]!;
        if (a !== b && a.layer !== undefined && a.layer === b.layer) links.push({ source: a.id, target: b.id });
      }
      const dependencies: ModelDependency[] = [];
      for (let d = 0; d < n * shape.dependenciesPerNode; d++) {
        const dependent = `n${pick(n)}`;
        const supplier = `n${pick(n)}`;
        if (dependent !== supplier) dependencies.push({ dependent, supplier, group: random.next() < shape.namedGroupChance ? `g${pick(2)}` : undefined });
      }
      const groups = [...new Set(dependencies.filter((d) => d.group).map((d) => `${d.dependent}/${d.group}`))].map((name) => {
        const [node, id] = name.split('/') as [string, string];
        const size = dependencies.filter((d) => d.dependent === node && d.group === id).length;
        return { node, id, ...shape.group(size, random) };
      });
      return { layers, nodes, links, dependencies, groups };
    });
}
