import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failNodes, randomSmallModel, simulateScenario, type NamedFailure } from '../../test/cascade.ts';
import { CAUSE_GIANT_RULE, CAUSE_GROUP, CAUSE_INITIAL, CAUSE_SOURCE_RULE, createCascadeWorkspace, simulateCascade, type CascadeResult } from './cascade.ts';
import { compileGraph, type CascadeGraph, type GraphModel } from './graph.ts';
import { measureImpact } from './impact.ts';
import { createRandom, randomIndex } from './random.ts';
import { sampleRandomFailures } from './scenarios.ts';

interface Failure {
  id: string;
  atHours: number;
  cause: number;
  supplier?: string;
  recoveredAtHours?: number;
}

function run(model: GraphModel, failures: NamedFailure[], horizonHours?: number) {
  const { graph, result } = simulateScenario(model, failures, horizonHours);
  return { graph, result, failed: describeFailures(graph, result) };
}

function describeFailures(graph: CascadeGraph, result: CascadeResult): Failure[] {
  return Array.from(result.failedNodes, (v) => {
    const failure: Failure = { id: graph.nodeIds[v]!, atHours: result.failedAtHours[v]!, cause: result.causeKind[v]! };
    if (result.causeSupplier[v]! >= 0) failure.supplier = graph.nodeIds[result.causeSupplier[v]!];
    if (!Number.isNaN(result.recoveredAtHours[v]!)) failure.recoveredAtHours = result.recoveredAtHours[v]!;
    return failure;
  });
}

const nodes = (...ids: string[]) => ids.map((id) => ({ id }));

describe('hand-computed cascades', () => {
  const cases: { name: string; model: GraphModel; failures: Parameters<typeof run>[1]; horizonHours?: number; expected: Failure[] }[] = [
    {
      name: 'a chain of 1-of-1 dependencies fails at once, each tipped by its supplier',
      model: { nodes: nodes('a', 'b', 'c'), dependencies: [{ dependent: 'b', supplier: 'a' }, { dependent: 'c', supplier: 'b' }] },
      failures: [{ id: 'a' }],
      expected: [
        { id: 'a', atHours: 0, cause: CAUSE_INITIAL },
        { id: 'b', atHours: 0, cause: CAUSE_GROUP, supplier: 'a' },
        { id: 'c', atHours: 0, cause: CAUSE_GROUP, supplier: 'b' },
      ],
    },
    {
      name: 'a buffer delays the failure by its hours',
      model: { nodes: nodes('grid', 'pump'), dependencies: [{ dependent: 'pump', supplier: 'grid', group: 'power' }], groups: [{ node: 'pump', id: 'power', k: 1, bufferHours: 8 }] },
      failures: [{ id: 'grid', atHours: 2 }],
      expected: [
        { id: 'grid', atHours: 2, cause: CAUSE_INITIAL },
        { id: 'pump', atHours: 10, cause: CAUSE_GROUP, supplier: 'grid' },
      ],
    },
    {
      name: 'supply back before the buffer runs out: nothing fails downstream',
      model: { nodes: nodes('grid', 'pump'), dependencies: [{ dependent: 'pump', supplier: 'grid', group: 'power' }], groups: [{ node: 'pump', id: 'power', bufferHours: 8 }] },
      failures: [{ id: 'grid', atHours: 0, repairHours: 5 }],
      expected: [{ id: 'grid', atHours: 0, cause: CAUSE_INITIAL, recoveredAtHours: 5 }],
    },
    {
      name: 'repair after the buffer: the dependent restarts after its restart hours',
      model: {
        nodes: [{ id: 'grid' }, { id: 'pump', restartHours: 2 }],
        dependencies: [{ dependent: 'pump', supplier: 'grid', group: 'power' }],
        groups: [{ node: 'pump', id: 'power', bufferHours: 8 }],
      },
      failures: [{ id: 'grid', atHours: 0, repairHours: 10 }],
      expected: [
        { id: 'grid', atHours: 0, cause: CAUSE_INITIAL, recoveredAtHours: 10 },
        { id: 'pump', atHours: 8, cause: CAUSE_GROUP, supplier: 'grid', recoveredAtHours: 12 },
      ],
    },
    {
      name: 'the node repair time applies when the scenario gives none',
      model: { nodes: [{ id: 'a', repairHours: 3 }, { id: 'b' }], dependencies: [{ dependent: 'b', supplier: 'a' }] },
      failures: [{ id: 'a', atHours: 1 }],
      expected: [
        { id: 'a', atHours: 1, cause: CAUSE_INITIAL, recoveredAtHours: 4 },
        { id: 'b', atHours: 1, cause: CAUSE_GROUP, supplier: 'a', recoveredAtHours: 4 },
      ],
    },
    {
      name: '2-of-3 holds with one supplier down and fails with two; the second one tipped it',
      model: {
        nodes: nodes('s1', 's2', 's3', 'd'),
        dependencies: ['s1', 's2', 's3'].map((supplier) => ({ dependent: 'd', supplier, group: 'feed' })),
        groups: [{ node: 'd', id: 'feed', k: 2 }],
      },
      failures: [{ id: 's1', atHours: 0 }, { id: 's3', atHours: 3 }],
      expected: [
        { id: 's1', atHours: 0, cause: CAUSE_INITIAL },
        { id: 's3', atHours: 3, cause: CAUSE_INITIAL },
        { id: 'd', atHours: 3, cause: CAUSE_GROUP, supplier: 's3' },
      ],
    },
    {
      name: 'every group must hold: two unnamed dependencies are two 1-of-1 groups',
      model: { nodes: nodes('a', 'b', 'd'), dependencies: [{ dependent: 'd', supplier: 'a' }, { dependent: 'd', supplier: 'b' }] },
      failures: [{ id: 'b' }],
      expected: [
        { id: 'b', atHours: 0, cause: CAUSE_INITIAL },
        { id: 'd', atHours: 0, cause: CAUSE_GROUP, supplier: 'b' },
      ],
    },
    {
      name: 'source rule: cut off from every source, a node fails; another source keeps its part',
      model: {
        layers: [{ id: 'power', connectivity: 'source' }],
        nodes: [{ id: 's1', layer: 'power', source: true }, { id: 'x', layer: 'power' }, { id: 'y', layer: 'power' }, { id: 's2', layer: 'power', source: true }, { id: 'z', layer: 'power' }],
        links: [{ source: 's1', target: 'x' }, { source: 'x', target: 'y' }, { source: 's2', target: 'z' }],
      },
      failures: [{ id: 'x', atHours: 1 }],
      expected: [
        { id: 'x', atHours: 1, cause: CAUSE_INITIAL },
        { id: 'y', atHours: 1, cause: CAUSE_SOURCE_RULE },
      ],
    },
    {
      name: 'source rule with repair: the source comes back, then its neighbours one restart time after another',
      model: {
        layers: [{ id: 'power', connectivity: 'source' }],
        nodes: [{ id: 's', layer: 'power', source: true }, { id: 'x', layer: 'power', restartHours: 1 }, { id: 'y', layer: 'power', restartHours: 1 }],
        links: [{ source: 's', target: 'x' }, { source: 'x', target: 'y' }],
      },
      failures: [{ id: 's', atHours: 0, repairHours: 4 }],
      expected: [
        { id: 's', atHours: 0, cause: CAUSE_INITIAL, recoveredAtHours: 4 },
        { id: 'x', atHours: 0, cause: CAUSE_SOURCE_RULE, recoveredAtHours: 5 },
        { id: 'y', atHours: 0, cause: CAUSE_SOURCE_RULE, recoveredAtHours: 6 },
      ],
    },
    {
      name: 'giant-component rule: the smaller piece fails',
      model: {
        layers: [{ id: 'telecom', connectivity: 'giant-component' }],
        nodes: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, layer: 'telecom' })),
        links: [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']].map(([source, target]) => ({ source: source!, target: target! })),
      },
      failures: [{ id: 'b', atHours: 2 }],
      expected: [
        { id: 'b', atHours: 2, cause: CAUSE_INITIAL },
        { id: 'a', atHours: 2, cause: CAUSE_GIANT_RULE },
      ],
    },
    {
      name: 'none rule: links do not matter',
      model: {
        layers: [{ id: 'water', connectivity: 'none' }],
        nodes: ['a', 'b', 'c'].map((id) => ({ id, layer: 'water' })),
        links: [{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }],
      },
      failures: [{ id: 'b' }],
      expected: [{ id: 'b', atHours: 0, cause: CAUSE_INITIAL }],
    },
    {
      name: 'connectivity failures feed dependencies across layers, to a fixed point',
      model: {
        layers: [{ id: 'power', connectivity: 'source' }, { id: 'telecom', connectivity: 'source' }],
        nodes: [
          { id: 'plant', layer: 'power', source: true },
          { id: 'sub', layer: 'power' },
          { id: 'core', layer: 'telecom', source: true },
          { id: 'mast', layer: 'telecom' },
          { id: 'scada', layer: 'telecom' },
        ],
        links: [{ source: 'plant', target: 'sub' }, { source: 'core', target: 'mast' }, { source: 'mast', target: 'scada' }],
        dependencies: [{ dependent: 'mast', supplier: 'sub', group: 'power' }],
        groups: [{ node: 'mast', id: 'power', bufferHours: 4 }],
      },
      failures: [{ id: 'plant', atHours: 1 }],
      expected: [
        { id: 'plant', atHours: 1, cause: CAUSE_INITIAL },
        { id: 'sub', atHours: 1, cause: CAUSE_SOURCE_RULE },
        { id: 'mast', atHours: 5, cause: CAUSE_GROUP, supplier: 'sub' },
        { id: 'scada', atHours: 5, cause: CAUSE_SOURCE_RULE },
      ],
    },
    {
      name: 'events after the horizon are not simulated',
      model: { nodes: nodes('grid', 'pump'), dependencies: [{ dependent: 'pump', supplier: 'grid', group: 'power' }], groups: [{ node: 'pump', id: 'power', bufferHours: 8 }] },
      failures: [{ id: 'grid', atHours: 0 }],
      horizonHours: 6,
      expected: [{ id: 'grid', atHours: 0, cause: CAUSE_INITIAL }],
    },
  ];
  it.each(cases)('$name', ({ model, failures, horizonHours, expected }) => {
    expect(run(model, failures, horizonHours).failed).toEqual(expected);
  });

  it('measures people affected and euros lost over time', () => {
    const model: GraphModel = {
      nodes: [{ id: 'grid', population: 1000, euroPerHour: 100 }, { id: 'pump', population: 50, euroPerHour: 10 }],
      dependencies: [{ dependent: 'pump', supplier: 'grid', group: 'power' }],
      groups: [{ node: 'pump', id: 'power', bufferHours: 8 }],
    };
    const { graph, result } = run(model, [{ id: 'grid', atHours: 2, repairHours: 10 }], 48);
    const samples = measureImpact(graph, result, [24, 1, 10, 12]);
    expect(samples.map((s) => [s.atHours, s.nodesDown, s.populationAffected, s.eurosLost])).toEqual([
      [1, 0, 0, 0],
      [10, 2, 1050, 800],
      [12, 0, 0, 1000 + 20],
      [24, 0, 0, 1020],
    ]);
  });
});

/** A random small model: layers with the none and source rules, unnamed and named k-of-n groups with buffers. */
const smallModel = randomSmallModel({
  layerChance: 0.7,
  dependenciesPerNode: 1.5,
  namedGroupChance: 0.5,
  group: (size, random) => ({ k: 1 + randomIndex(random, size), bufferHours: randomIndex(random, 3) * 2 }),
});

const failedSet = (graph: CascadeGraph, model: GraphModel, initial: number[]) => {
  const result = failNodes(graph, initial);
  return { set: new Set(result.failedNodes), at: Float64Array.from(result.failedAtHours) };
};

describe('cascade invariants (property tests)', () => {
  it('same seed, same result', () => {
    fc.assert(
      fc.property(smallModel, fc.integer(), (model, seed) => {
        const graph = compileGraph(model);
        const runOnce = () => {
          const result = simulateCascade(createCascadeWorkspace(graph), { initialFailures: sampleRandomFailures(graph, createRandom(seed), 0.3), horizonHours: 100 });
          return describeFailures(graph, result);
        };
        expect(runOnce()).toEqual(runOnce());
      }),
    );
  });

  it('more initial failures never give fewer failed nodes (no repair; none and source rules)', () => {
    fc.assert(
      fc.property(smallModel, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (model, first, extra) => {
        const graph = compileGraph(model);
        const n = graph.nodeCount;
        const fewer = failedSet(graph, model, first.map((i) => i % n));
        const more = failedSet(graph, model, [...first, ...extra].map((i) => i % n));
        for (const v of fewer.set) expect(more.set.has(v)).toBe(true);
      }),
    );
  });

  it('a longer buffer never makes a node fail earlier', () => {
    fc.assert(
      fc.property(smallModel, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.nat(), (model, initial, which) => {
        const graph = compileGraph(model);
        const failures = initial.map((i) => i % graph.nodeCount);
        const before = failedSet(graph, model, failures);
        const longer = { ...graph, groupBufferHours: Float64Array.from(graph.groupBufferHours) };
        if (graph.groupCount > 0) longer.groupBufferHours[which % graph.groupCount]! += 5;
        const after = failedSet(longer, model, failures);
        for (let v = 0; v < graph.nodeCount; v++) {
          const t0 = Number.isNaN(before.at[v]!) ? Infinity : before.at[v]!;
          const t1 = Number.isNaN(after.at[v]!) ? Infinity : after.at[v]!;
          expect(t1).toBeGreaterThanOrEqual(t0);
        }
      }),
    );
  });

  it('a k-of-n group with k ≤ working suppliers holds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), fc.array(fc.nat()), (n, kSeed, down) => {
        const k = 1 + (kSeed % n);
        const suppliers = Array.from({ length: n }, (_, i) => `s${i}`);
        const model: GraphModel = {
          nodes: [...nodes(...suppliers), { id: 'd' }],
          dependencies: suppliers.map((supplier) => ({ dependent: 'd', supplier, group: 'g' })),
          groups: [{ node: 'd', id: 'g', k }],
        };
        const failing = [...new Set(down.map((i) => suppliers[i % n]!))];
        const { failed } = run(model, failing.map((id) => ({ id })));
        expect(failed.some((f) => f.id === 'd')).toBe(n - failing.length < k);
      }),
    );
  });
});
