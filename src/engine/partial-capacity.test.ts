import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResponsePoint } from '../domain/response-table.ts';
import { failNodes, randomSmallModel, simulateScenario, type NamedFailure } from '../../test/cascade.ts';
import { CAUSE_GROUP, CAUSE_INITIAL, type CascadeResult } from './cascade.ts';
import { compileGraph, responseCapacity, type CascadeGraph, type GraphModel } from './graph.ts';
import { measureImpact } from './impact.ts';
import { randomIndex } from './random.ts';

// Partial capacity (DESIGN.md §5, domain/response-table.ts): hand-computed small cases and the monotonicity property.

function run(model: GraphModel, failures: NamedFailure[]) {
  const { graph, result } = simulateScenario(model, failures);
  const capacity = Array.from(result.capacityNodes, (v, j) => [graph.nodeIds[v]!, result.capacityHours[j]!, result.capacityValues[j]!] as const);
  const failed = Array.from(result.failedNodes, (v) => [graph.nodeIds[v]!, result.failedAtHours[v]!, result.causeKind[v]!] as const);
  return { graph, result, capacity, failed };
}

const suppliers = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `s${i + 1}` }));
/** Node d needs group `feed` of `count` suppliers s1..sN. */
const fedBy = (count: number, group: Omit<NonNullable<GraphModel['groups']>[number], 'node' | 'id'>, d: Partial<GraphModel['nodes'][number]> = {}): GraphModel => ({
  nodes: [...suppliers(count), { id: 'd', population: 1000, euroPerHour: 100, ...d }],
  dependencies: suppliers(count).map((s) => ({ dependent: 'd', supplier: s.id, group: 'feed' })),
  groups: [{ node: 'd', id: 'feed', ...group }],
});

const linear: ResponsePoint[] = [
  [0, 0],
  [1, 1],
];
/** Below half the supply: down; from half on, 0.6 rising linearly to 1. */
const step: ResponsePoint[] = [
  [0, 0],
  [0.5, 0],
  [0.5, 0.6],
  [1, 1],
];

describe('response tables', () => {
  it('interpolates linearly and takes the later point at a step', () => {
    const points = Float64Array.from(step.flat());
    expect([0, 0.25, 0.49, 0.5, 0.75, 1].map((x) => responseCapacity(points, 0, 4, x))).toEqual([0, 0, 0, 0.6, 0.8, 1]);
  });

  it('sets k to the fewest working suppliers with capacity above 0, unless a larger k is stated', () => {
    expect(compileGraph(fedBy(4, { response: linear })).groupK[0]).toBe(1);
    expect(compileGraph(fedBy(4, { response: step })).groupK[0]).toBe(2);
    expect(compileGraph(fedBy(4, { response: step, k: 3 })).groupK[0]).toBe(3);
    // Capacity above 0 with no supply at all: without a stated k the group never fails.
    expect(compileGraph(fedBy(4, { response: [[0, 0.3], [1, 1]] })).groupK[0]).toBe(0);
  });

  it('refuses a bad table in a model with the path of the point', () => {
    expect(() => compileGraph(fedBy(2, { response: [[0, 0], [0.5, 0.9], [0.7, 0.5], [1, 1]] }))).toThrow(/\/groups\/0\/response\/2: capacity must not fall/);
  });
});

describe('hand-computed partial capacity', () => {
  it('linear table: each lost supplier of four takes a quarter of capacity; the last one fails the node', () => {
    const { capacity, failed, graph, result } = run(fedBy(4, { response: linear }), [
      { id: 's1', atHours: 0 },
      { id: 's2', atHours: 2 },
      { id: 's3', atHours: 4 },
      { id: 's4', atHours: 6 },
    ]);
    expect(capacity).toEqual([
      ['d', 0, 0.75],
      ['d', 2, 0.5],
      ['d', 4, 0.25],
    ]);
    expect(failed.at(-1)).toEqual(['d', 6, CAUSE_GROUP]);
    expect(graph.nodeIds[result.causeSupplier[graph.nodeIds.indexOf('d')]!]).toBe('s4');
    // People: (1 − capacity) × 1000; euros: 25, 50, 75, then 100 per hour, two hours each.
    const samples = measureImpact(graph, result, [1, 3, 5, 7, 8]);
    expect(samples.map((s) => [s.atHours, s.nodesDown, s.nodesDegraded, s.populationAffected, s.eurosLost])).toEqual([
      [1, 1, 1, 250, 25],
      [3, 2, 1, 500, 50 + 50],
      [5, 3, 1, 750, 150 + 75],
      [7, 5, 0, 1000, 300 + 100],
      [8, 5, 0, 1000, 500],
    ]);
  });

  it('step table with a buffer: degraded to 0.8 and 0.6, then held at 0.6 while the buffer lasts, then down', () => {
    const { capacity, failed } = run(fedBy(4, { response: step, bufferHours: 3 }), [
      { id: 's1', atHours: 0 },
      { id: 's2', atHours: 1 },
      { id: 's3', atHours: 2 },
    ]);
    expect(capacity).toEqual([
      ['d', 0, 0.8],
      ['d', 1, 0.6],
    ]);
    expect(failed.at(-1)).toEqual(['d', 5, CAUSE_GROUP]);
  });

  it('supply back within the buffer: no failure, capacity stays 0.6 and rises to 0.8 when a second supplier returns', () => {
    const { capacity, failed } = run(fedBy(4, { response: step, bufferHours: 3 }), [
      { id: 's1', atHours: 0 },
      { id: 's2', atHours: 1, repairHours: 5 },
      { id: 's3', atHours: 2, repairHours: 2 },
    ]);
    expect(failed.map(([id]) => id)).toEqual(['s1', 's2', 's3']);
    expect(capacity).toEqual([
      ['d', 0, 0.8],
      ['d', 1, 0.6],
      ['d', 6, 0.8],
    ]);
  });

  it('a node works at the least capacity of its groups; an unnamed dependency still fails it outright', () => {
    const model: GraphModel = {
      nodes: [{ id: 'a1' }, { id: 'a2' }, { id: 'x' }, { id: 'd', population: 100, euroPerHour: 10 }],
      dependencies: [
        { dependent: 'd', supplier: 'a1', group: 'power' },
        { dependent: 'd', supplier: 'a2', group: 'power' },
        { dependent: 'd', supplier: 'x' },
      ],
      groups: [{ node: 'd', id: 'power', response: linear }],
    };
    const { capacity, failed, graph, result } = run(model, [
      { id: 'a1', atHours: 0 },
      { id: 'x', atHours: 4 },
    ]);
    expect(capacity).toEqual([['d', 0, 0.5]]);
    expect(failed).toEqual([
      ['a1', 0, CAUSE_INITIAL],
      ['x', 4, CAUSE_INITIAL],
      ['d', 4, CAUSE_GROUP],
    ]);
    // Degraded half for 4 hours (5 €/h), then down in full (10 €/h): 20 + 20 at hour 6; 100 people, not 150.
    const [sample] = measureImpact(graph, result, [6]);
    expect([sample!.populationAffected, sample!.eurosLost, sample!.nodesDegraded]).toEqual([100, 40, 0]);
  });

  it('a repaired supplier gives the capacity back', () => {
    const { capacity, graph, result } = run(fedBy(2, { response: linear }), [{ id: 's1', atHours: 0, repairHours: 5 }]);
    expect(capacity).toEqual([
      ['d', 0, 0.5],
      ['d', 5, 1],
    ]);
    const samples = measureImpact(graph, result, [4, 6]);
    expect(samples.map((s) => [s.populationAffected, s.eurosLost, s.nodesDegraded])).toEqual([
      [500, 200, 1],
      [0, 250, 0],
    ]);
  });

  it('process rule: a vital process is down when its assets fall below 60 %, degraded above', () => {
    const assets = suppliers(5);
    const model: GraphModel = {
      nodes: [...assets, { id: 'process' }],
      dependencies: assets.map((asset) => ({ dependent: 'process', supplier: asset.id, group: 'capacity' })),
      groups: [{ node: 'process', id: 'capacity', response: [[0, 0], [0.6, 0], [0.6, 0.6], [1, 1]] }],
    };
    const { capacity, failed } = run(model, [
      { id: 's1', atHours: 1 },
      { id: 's2', atHours: 2 },
      { id: 's3', atHours: 3 },
    ]);
    expect(capacity).toEqual([
      ['process', 1, 0.8],
      ['process', 2, 0.6],
    ]);
    expect(failed.at(-1)).toEqual(['process', 3, CAUSE_GROUP]);
  });

  it('a table with capacity left at no supply never fails its node by itself', () => {
    const { capacity, failed } = run(fedBy(2, { response: [[0, 0.3], [1, 1]] }), [{ id: 's1' }, { id: 's2' }]);
    expect(failed.map(([id]) => id)).toEqual(['s1', 's2']);
    expect(capacity.map(([, , c]) => c)).toEqual([expect.closeTo(0.65, 12), 0.3]);
  });

  it('without tables there is no capacity log', () => {
    const { result, graph } = run(fedBy(2, {}), [{ id: 's1' }]);
    expect(graph.responseOffsets).toBeUndefined();
    expect(result.capacityNodes.length).toBe(0);
  });
});

/** Capacity of every node at `atHours` from the run's logs: 0 down, 1 up, else the last logged capacity. */
function capacitiesAt(graph: CascadeGraph, result: CascadeResult, atHours: number): Float64Array {
  const capacity = new Float64Array(graph.nodeCount).fill(1);
  let j = 0;
  for (let i = 0; i <= result.changeNodes.length; i++) {
    for (; j < result.capacityNodes.length && result.capacityAt[j]! <= i && result.capacityHours[j]! <= atHours; j++) capacity[result.capacityNodes[j]!] = result.capacityValues[j]!;
    if (i === result.changeNodes.length || result.changeHours[i]! > atHours) break;
    const encoded = result.changeNodes[i]!;
    if (encoded >= 0) capacity[encoded] = 0;
    else capacity[~encoded] = 1;
  }
  return capacity;
}

const tables: ResponsePoint[][] = [linear, step, [[0, 0], [0.3, 0.7], [1, 1]], [[0, 0.3], [1, 1]]];

/** A random small model with none/source layers, k-of-n groups with buffers, and response tables on some groups. */
const modelWithTables = randomSmallModel({
  layerChance: 0.5,
  dependenciesPerNode: 2,
  namedGroupChance: 0.8,
  group: (size, random) => {
    const response = random.next() < 0.7 ? tables[randomIndex(random, tables.length)] : undefined;
    return { bufferHours: randomIndex(random, 3) * 2, ...(response ? { response } : { k: 1 + randomIndex(random, size) }) };
  },
});

describe('partial capacity invariants (property tests)', () => {
  it('more initial failures never raise any node capacity at any time (no repair; none and source rules)', () => {
    fc.assert(
      fc.property(modelWithTables, fc.array(fc.nat(), { maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (model, first, extra) => {
        const graph = compileGraph(model);
        const n = graph.nodeCount;
        const runWith = (initial: number[]) => {
          const result = failNodes(graph, initial);
          return [0, 1, 2, 3, 4, 6, 1000].map((t) => capacitiesAt(graph, result, t));
        };
        const fewer = runWith(first.map((i) => i % n));
        const more = runWith([...first, ...extra].map((i) => i % n));
        fewer.forEach((capacities, t) => capacities.forEach((capacity, v) => expect(more[t]![v]!).toBeLessThanOrEqual(capacity)));
      }),
    );
  });

  it('capacity stays within 0..1 and people affected never exceed the people served', () => {
    fc.assert(
      fc.property(modelWithTables, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (model, initial) => {
        const withPeople: GraphModel = { ...model, nodes: model.nodes.map((node, v) => ({ ...node, population: 10 * (v + 1) })) };
        const graph = compileGraph(withPeople);
        const result = failNodes(graph, initial.map((i) => i % graph.nodeCount));
        for (const capacity of result.capacityValues) expect(capacity >= 0 && capacity <= 1).toBe(true);
        const served = graph.population.reduce((sum, people) => sum + people, 0);
        for (const sample of measureImpact(graph, result, [0, 2, 4, 1000])) expect(sample.populationAffected).toBeLessThanOrEqual(served + 1e-9);
      }),
    );
  });
});
