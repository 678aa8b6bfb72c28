import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breadthFirstDistances, connectedComponents, giantComponent, reachableFromSources } from './connectivity.ts';
import { findImmediateDominators, rankDominators } from './dominators.ts';
import { buildAdjacency, compileGraph } from './graph.ts';
import { rankSinglePointsOfFailure } from './ranking.ts';

const undirected = (n: number, edges: [number, number][]) => buildAdjacency(n, Int32Array.from(edges, (e) => e[0]), Int32Array.from(edges, (e) => e[1]));

function directed(n: number, edges: [number, number][]) {
  const offsets = new Int32Array(n + 1);
  for (const [a] of edges) offsets[a + 1]!++;
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(edges.length);
  for (const [a, b] of edges) targets[cursor[a]!++] = b;
  return { offsets, targets };
}

describe('connectivity', () => {
  // 0-1-2-3   4-5   6
  const { offsets, targets } = undirected(7, [[0, 1], [1, 2], [2, 3], [4, 5]]);
  it('BFS distances', () => expect(Array.from(breadthFirstDistances(offsets, targets, 0))).toEqual([0, 1, 2, 3, -1, -1, -1]));
  it('BFS through alive nodes only', () => expect(Array.from(breadthFirstDistances(offsets, targets, 0, Uint8Array.of(1, 1, 0, 1, 1, 1, 1)))).toEqual([0, 1, -1, -1, -1, -1, -1]));
  it('components', () => {
    const components = connectedComponents(offsets, targets);
    expect(Array.from(components.componentOf)).toEqual([0, 0, 0, 0, 1, 1, 2]);
    expect(Array.from(components.sizes)).toEqual([4, 2, 1]);
  });
  it('giant component with a failed node', () => {
    const { member, size } = giantComponent(offsets, targets, Uint8Array.of(1, 0, 1, 1, 1, 1, 1));
    expect(size).toBe(2);
    expect(Array.from(member)).toEqual([0, 0, 1, 1, 0, 0, 0]);
  });
  it('reachability from sources', () => expect(Array.from(reachableFromSources(offsets, targets, [3, 6], Uint8Array.of(1, 1, 1, 1, 1, 1, 1)))).toEqual([1, 1, 1, 1, 0, 0, 1]));
});

/** Brute force: d dominates v when removing d makes v unreachable from the root. */
function bruteForceDominators(n: number, edges: [number, number][], root: number): Set<number>[] {
  const reach = (removed: number) => {
    const seen = new Set<number>();
    if (removed === root) return seen;
    const stack = [root];
    seen.add(root);
    while (stack.length) {
      const v = stack.pop()!;
      for (const [a, b] of edges) {
        if (a !== v || b === removed || seen.has(b)) continue;
        seen.add(b);
        stack.push(b);
      }
    }
    return seen;
  };
  const all = reach(-1);
  return Array.from({ length: n }, (_, v) => {
    const dominators = new Set<number>();
    if (!all.has(v)) return dominators;
    for (let d = 0; d < n; d++) if (d !== v && !reach(d).has(v)) dominators.add(d);
    return dominators;
  });
}

describe('Lengauer–Tarjan dominators', () => {
  it('matches brute force on random directed graphs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }))), ([n, edges]) => {
        const { offsets, targets } = directed(n, edges);
        const { idom } = findImmediateDominators(offsets, targets, 0);
        const expected = bruteForceDominators(n, edges, 0);
        for (let v = 0; v < n; v++) {
          const chain = new Set<number>();
          if (idom[v] !== -1) for (let d = v; d !== 0; d = idom[d]!) if (idom[d] !== d) chain.add(idom[d]!);
          if (v !== 0) expect(chain).toEqual(expected[v]);
        }
      }),
    );
  });

  it('finds the single points of failure of a small model under pure reachability', () => {
    // plant → sub → pump; plant → mast; pump and mast → scada (two separate groups: the full semantics needs both).
    const graph = compileGraph({
      nodes: [{ id: 'plant', source: true }, { id: 'sub' }, { id: 'pump', population: 10 }, { id: 'mast', population: 5 }, { id: 'scada', population: 100 }],
      dependencies: [
        { dependent: 'sub', supplier: 'plant' },
        { dependent: 'pump', supplier: 'sub' },
        { dependent: 'mast', supplier: 'plant' },
        { dependent: 'scada', supplier: 'pump' },
        { dependent: 'scada', supplier: 'mast' },
      ],
    });
    const { dominatedCount, dominatedPopulation, idom } = rankDominators(graph);
    expect(Array.from(dominatedCount)).toEqual([4, 1, 0, 0, 0]);
    expect(Array.from(dominatedPopulation)).toEqual([115, 10, 0, 0, 0]);
    expect(Array.from(idom)).toEqual([-1, 0, 1, 0, 0]);
    // The N-1 sweep with the full semantics sees that scada also needs pump (and hence sub).
    const ranking = rankSinglePointsOfFailure(graph);
    expect(ranking.map((entry) => [graph.nodeIds[entry.node], entry.populationAffected[0]])).toEqual([
      ['plant', 115],
      ['sub', 110],
      ['pump', 110],
      ['mast', 105],
      ['scada', 100],
    ]);
  });
});
