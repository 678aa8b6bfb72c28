import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCascadeWorkspace, simulateCascade, type CascadeResult, type CascadeWorkspace, type InitialFailure } from './cascade.ts';
import { buildCascadeGraph, type IndexedModel } from './graph.ts';
import { createRandom, randomIndex } from './random.ts';

/** Everything a run exposes, copied out of the workspace. */
function snapshot(result: CascadeResult) {
  const failed = Array.from(result.failedNodes);
  return {
    failed,
    failedAtHours: failed.map((v) => result.failedAtHours[v]),
    causeKind: failed.map((v) => result.causeKind[v]),
    causeGroup: failed.map((v) => result.causeGroup[v]),
    causeSupplier: failed.map((v) => result.causeSupplier[v]),
    recoveredAtHours: failed.map((v) => result.recoveredAtHours[v]),
    changeHours: Array.from(result.changeHours),
    changeNodes: Array.from(result.changeNodes),
    capacity: [Array.from(result.capacityHours), Array.from(result.capacityNodes), Array.from(result.capacityValues), Array.from(result.capacityAt)],
    eventCount: result.eventCount,
    epochCount: result.epochCount,
  };
}

/** A random dependency model without repair, layers or response tables (the fast path's case): k-of-n groups, buffers 0 or not. */
function randomModel(seed: number, nodes: number, groupsPerNode: number): IndexedModel {
  const random = createRandom(seed);
  const groupNode: number[] = [];
  const groupK: number[] = [];
  const groupBufferHours: number[] = [];
  const memberGroup: number[] = [];
  const memberSupplier: number[] = [];
  for (let v = 0; v < nodes; v++) {
    for (let j = randomIndex(random, groupsPerNode + 1); j > 0; j--) {
      const g = groupNode.length;
      const size = 1 + randomIndex(random, 3);
      groupNode.push(v);
      groupK.push(1 + randomIndex(random, size));
      // Mostly zero buffers (the common case), some equal ones (ties in time), some odd ones.
      groupBufferHours.push(random.next() < 0.5 ? 0 : [1, 2, 2.5, 4][randomIndex(random, 4)]!);
      for (let m = 0; m < size; m++) {
        memberGroup.push(g);
        memberSupplier.push(randomIndex(random, nodes));
      }
    }
  }
  return {
    nodeCount: nodes,
    groupNode: Int32Array.from(groupNode),
    groupK: Int32Array.from(groupK),
    groupBufferHours: Float64Array.from(groupBufferHours),
    memberGroup: Int32Array.from(memberGroup),
    memberSupplier: Int32Array.from(memberSupplier),
  };
}

function randomFailures(seed: number, nodes: number, count: number): InitialFailure[] {
  const random = createRandom(seed, 1);
  return Array.from({ length: count }, () => ({ node: randomIndex(random, nodes), atHours: [0, 0, 1, 2, 3.5][randomIndex(random, 5)]! }));
}

function runBoth(fast: CascadeWorkspace, general: CascadeWorkspace, initialFailures: InitialFailure[], horizonHours: number) {
  general.fastPath = false;
  return [snapshot(simulateCascade(fast, { initialFailures, horizonHours })), snapshot(simulateCascade(general, { initialFailures, horizonHours }))] as const;
}

describe('the fast path for runs without repair, layers or response tables', () => {
  it('gives what the general event path gives on random models (also when a workspace is reused)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 1, 2.5, 1000), (seed, nodes, groupsPerNode, failures, horizon) => {
        const graph = buildCascadeGraph(randomModel(seed, nodes, groupsPerNode));
        const fast = createCascadeWorkspace(graph);
        const general = createCascadeWorkspace(graph);
        for (let round = 0; round < 2; round++) {
          const [a, b] = runBoth(fast, general, randomFailures(seed + round, nodes, failures), horizon);
          expect(a).toEqual(b);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives what the general path gives on a larger cascade', () => {
    const graph = buildCascadeGraph(randomModel(7, 20_000, 3));
    const [a, b] = runBoth(createCascadeWorkspace(graph), createCascadeWorkspace(graph), randomFailures(7, 20_000, 200), 1000);
    expect(a.failed.length).toBeGreaterThan(1000);
    expect(a).toEqual(b);
  });
});

describe('a reused workspace', () => {
  it('gives what a fresh one gives, after small and after large cascades (the reset sweeps the whole graph after large ones)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), (seed, nodes, first, second, general) => {
        const graph = buildCascadeGraph(randomModel(seed, nodes, 2));
        const reused = createCascadeWorkspace(graph);
        const fresh = createCascadeWorkspace(graph);
        reused.fastPath = fresh.fastPath = !general;
        simulateCascade(reused, { initialFailures: randomFailures(seed, nodes, first), horizonHours: 1000 });
        const scenario = { initialFailures: randomFailures(seed + 1, nodes, second), horizonHours: 1000 };
        expect(snapshot(simulateCascade(reused, scenario))).toEqual(snapshot(simulateCascade(fresh, scenario)));
      }),
      { numRuns: 300 },
    );
  });
});
