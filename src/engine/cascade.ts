import { EventQueue, grow } from './event-queue.ts';
import { responseCapacity, RULE_GIANT, RULE_NONE, RULE_SOURCE, type CascadeGraph } from './graph.ts';

/**
 * The cascade of DESIGN.md §5: a pure, synchronous discrete-event simulation. Same-time events run from a
 * FIFO; when it drains, each layer that changed gets one connectivity epoch (`source`, `giant-component`),
 * whose failures go back into the FIFO, until a fixed point; then time advances to the next delayed event
 * (buffer expiry, repair, restart). Without repair every node fails at most once and every dependency is
 * counted down at most once.
 *
 * Partial capacity (groups with a response table, domain/response-table.ts): a working node's capacity is the
 * least over its groups of the table's value at the fraction of the group's suppliers working (1 for a group
 * without a table). A group below its k while its buffer lasts keeps giving the capacity it last had (its
 * table's value at k). Capacity 0 is failure, decided as before by k (the table sets k). Degraded suppliers
 * count as working: only failures propagate. Without tables none of this runs.
 */

/** Why a node failed (`CascadeResult.causeKind`). */
export const CAUSE_NONE = 0;
export const CAUSE_INITIAL = 1;
/** A requirement group fell below k (after its buffer); `causeGroup` and `causeSupplier` say which. */
export const CAUSE_GROUP = 2;
export const CAUSE_SOURCE_RULE = 3;
export const CAUSE_GIANT_RULE = 4;

const UP = 0;
const DOWN = 1;
const RESTARTING = 2;

// Per-group working state, interleaved so that the one cache line a supplier's failure touches holds all of it
// (the cascade is bound by random memory access, not by arithmetic).
const GROUP_STRIDE = 4;
/** Working suppliers minus k: the group holds while ≥ 0. */
const G_SLACK = 0;
/** The dependent u, or ~u when the group has a buffer (its bufferHours then need no read of their own). */
const G_NODE = 1;
/** The supplier whose failure took the group below k. */
const G_TIP = 2;
/** Bumped when the group recovers, so that a pending buffer expiry of an earlier episode is void. */
const G_EPISODE = 3;

const EVENT_FAIL = 0;
const EVENT_EXPIRE = 1;
const EVENT_REPAIR = 2;
const EVENT_RESTART = 3;

export interface InitialFailure {
  /** Dense node index. */
  node: number;
  atHours?: number;
  /** Overrides the node's repairHours; NaN or absent: the node's own. */
  repairHours?: number;
}

export interface CascadeScenario {
  initialFailures: readonly InitialFailure[];
  /** Events after the horizon are not simulated. */
  horizonHours: number;
}

/**
 * The outcome of one run. Per-node arrays are indexed by node and valid for the nodes in `failedNodes`;
 * they belong to the workspace and are overwritten by its next run.
 */
export interface CascadeResult {
  /** Nodes in the order of their first failure. */
  failedNodes: Int32Array;
  failedAtHours: Float64Array;
  causeKind: Uint8Array;
  /** The group that fell below k, or -1. */
  causeGroup: Int32Array;
  /** The supplier whose failure took the group below k, or -1. */
  causeSupplier: Int32Array;
  /** Last return to service, NaN when still down at the horizon. */
  recoveredAtHours: Float64Array;
  /** Every change of state in time order: `changeNodes[i]` ≥ 0 went down, `~changeNodes[i]` came back up. */
  changeHours: Float64Array;
  changeNodes: Int32Array;
  /**
   * Changes of capacity of working nodes (only with response tables; else empty), in time order: node
   * `capacityNodes[j]` works at `capacityValues[j]` from `capacityHours[j]`, until its next capacity change or
   * failure. The entry comes before change `capacityAt[j]` of the state log (the same instant keeps this order).
   * A node that comes back up works at capacity 1 unless an entry follows.
   */
  capacityHours: Float64Array;
  capacityNodes: Int32Array;
  capacityValues: Float64Array;
  capacityAt: Int32Array;
  /** Events handled and connectivity epochs run (the work done). */
  eventCount: number;
  epochCount: number;
}

/** Reusable buffers for runs over one graph (a Monte Carlo worker keeps one). */
export interface CascadeWorkspace {
  graph: CascadeGraph;
  state: Uint8Array;
  damaged: Uint8Array;
  failedAtHours: Float64Array;
  recoveredAtHours: Float64Array;
  causeKind: Uint8Array;
  causeGroup: Int32Array;
  causeSupplier: Int32Array;
  restartToken: Int32Array;
  /** `GROUP_STRIDE` entries per group (G_SLACK, G_NODE, G_TIP, G_EPISODE). */
  groupState: Int32Array;
  /** Whether any layer has a connectivity rule (else failures need no epoch bookkeeping). */
  connectivity: boolean;
  /** Whether the run schedules repairs; without, a node fails at most once. */
  recovery: boolean;
  /** Connectivity labels of the epochs (see runEpoch). */
  mark: Int32Array;
  nextLabel: number;
  queue: Int32Array;
  failedOrder: Int32Array;
  failedCount: number;
  changeHours: Float64Array;
  changeNodes: Int32Array;
  changeCount: number;
  /** Capacity of each working node as last logged (1: full); empty without response tables. */
  capacity: Float64Array;
  capacityHours: Float64Array;
  capacityNodes: Int32Array;
  capacityValues: Float64Array;
  capacityAt: Int32Array;
  capacityCount: number;
  layerDirty: Uint8Array;
  dirtyLayers: Int32Array;
  dirtyCount: number;
  events: EventQueue;
  /** Time of the event being handled. */
  nowHours: number;
  /** Whether runs that qualify take the fast path (see runFailuresOnly); false forces the general one (tests compare them). */
  fastPath: boolean;
  /** The fast path's FIFO of same-time failures: node, and the group that tipped it or -1 for an initial failure. */
  fastNodes: Int32Array;
  fastGroups: Int32Array;
  /** The supplier that tipped the group, or -1. */
  fastTips: Int32Array;
  /** The fast path's pending buffer expiries (dependent, group, tipping supplier), linked per expiry time. */
  expiryNodes: Int32Array;
  expiryGroups: Int32Array;
  expiryTips: Int32Array;
  expiryNext: Int32Array;
}

/** Allocates the buffers for `graph` (O(nodes + groups)). */
export function createCascadeWorkspace(graph: CascadeGraph): CascadeWorkspace {
  const n = graph.nodeCount;
  const connectivity = graph.layerRule.some((rule) => rule !== RULE_NONE);
  const groupState = new Int32Array(graph.groupCount * GROUP_STRIDE);
  for (let g = 0; g < graph.groupCount; g++) {
    groupState[g * GROUP_STRIDE + G_SLACK] = groupSlack(graph, g);
    groupState[g * GROUP_STRIDE + G_NODE] = graph.groupBufferHours[g]! > 0 ? ~graph.groupNode[g]! : graph.groupNode[g]!;
    groupState[g * GROUP_STRIDE + G_TIP] = -1;
  }
  return {
    graph,
    state: new Uint8Array(n),
    damaged: new Uint8Array(n),
    failedAtHours: new Float64Array(n).fill(Number.NaN),
    recoveredAtHours: new Float64Array(n).fill(Number.NaN),
    causeKind: new Uint8Array(n),
    causeGroup: new Int32Array(n).fill(-1),
    causeSupplier: new Int32Array(n).fill(-1),
    restartToken: new Int32Array(n),
    groupState,
    connectivity,
    recovery: false,
    mark: new Int32Array(connectivity ? n : 0).fill(-1),
    nextLabel: 0,
    queue: new Int32Array(connectivity ? n : 0),
    failedOrder: new Int32Array(n),
    failedCount: 0,
    // Without repair every node changes state at most once: room for all of them saves the copies of growing.
    changeHours: new Float64Array(Math.max(256, n)),
    changeNodes: new Int32Array(Math.max(256, n)),
    capacity: new Float64Array(graph.responseOffsets ? n : 0).fill(1),
    capacityHours: new Float64Array(16),
    capacityNodes: new Int32Array(16),
    capacityValues: new Float64Array(16),
    capacityAt: new Int32Array(16),
    capacityCount: 0,
    changeCount: 0,
    layerDirty: new Uint8Array(graph.layerIds.length),
    dirtyLayers: new Int32Array(graph.layerIds.length),
    dirtyCount: 0,
    events: new EventQueue(n),
    nowHours: 0,
    fastPath: true,
    fastNodes: new Int32Array(1024),
    fastGroups: new Int32Array(1024),
    fastTips: new Int32Array(1024),
    expiryNodes: new Int32Array(1024),
    expiryGroups: new Int32Array(1024),
    expiryTips: new Int32Array(1024),
    expiryNext: new Int32Array(1024),
  };
}

const groupSlack = (graph: CascadeGraph, g: number) => graph.memberOffsets[g + 1]! - graph.memberOffsets[g]! - graph.groupK[g]!;

/**
 * Puts back what the previous run touched (proportional to the nodes that failed, not to the graph; after a cascade
 * through a large part of the graph, a sweep over all of it, which reads memory in order instead of at random).
 */
function resetWorkspace(ws: CascadeWorkspace): void {
  const { graph } = ws;
  if (ws.failedCount * 4 > graph.nodeCount) {
    ws.state.fill(UP);
    ws.damaged.fill(0);
    ws.failedAtHours.fill(Number.NaN);
    ws.recoveredAtHours.fill(Number.NaN);
    ws.causeKind.fill(CAUSE_NONE);
    ws.causeGroup.fill(-1);
    ws.causeSupplier.fill(-1);
    for (let g = 0; g < graph.groupCount; g++) ws.groupState[g * GROUP_STRIDE + G_SLACK] = groupSlack(graph, g);
    ws.failedCount = 0;
  }
  for (let i = 0; i < ws.failedCount; i++) {
    const v = ws.failedOrder[i]!;
    ws.state[v] = UP;
    ws.damaged[v] = 0;
    ws.failedAtHours[v] = Number.NaN;
    ws.recoveredAtHours[v] = Number.NaN;
    ws.causeKind[v] = CAUSE_NONE;
    ws.causeGroup[v] = -1;
    ws.causeSupplier[v] = -1;
    for (let i2 = graph.supplierOffsets[v]!; i2 < graph.supplierOffsets[v + 1]!; i2++) {
      const g = graph.supplierGroups[i2]!;
      ws.groupState[g * GROUP_STRIDE + G_SLACK] = groupSlack(graph, g);
    }
  }
  for (let j = 0; j < ws.capacityCount; j++) ws.capacity[ws.capacityNodes[j]!] = 1;
  ws.capacityCount = 0;
  ws.failedCount = 0;
  ws.changeCount = 0;
  for (let i = 0; i < ws.dirtyCount; i++) ws.layerDirty[ws.dirtyLayers[i]!] = 0;
  ws.dirtyCount = 0;
  ws.events.reset();
}

/**
 * Runs `scenario` on the workspace's graph. Deterministic: no randomness inside (sample random initial
 * failures with a seeded generator before). The result's arrays belong to the workspace.
 */
export function simulateCascade(ws: CascadeWorkspace, scenario: CascadeScenario): CascadeResult {
  resetWorkspace(ws);
  const { graph, events } = ws;
  const horizon = scenario.horizonHours;
  ws.recovery = false;
  for (const failure of scenario.initialFailures) {
    const at = failure.atHours ?? 0;
    if (at > horizon) continue;
    events.schedule(at, EVENT_FAIL, failure.node, -1, CAUSE_INITIAL);
    const repair = failure.repairHours !== undefined && !Number.isNaN(failure.repairHours) ? failure.repairHours : graph.repairHours[failure.node]!;
    if (!Number.isNaN(repair) && at + repair <= horizon) {
      events.schedule(at + repair, EVENT_REPAIR, failure.node, -1, 0);
      ws.recovery = true;
    }
  }
  let eventCount = 0;
  let epochCount = 0;
  ws.nowHours = 0;
  if (ws.fastPath && !ws.recovery && !ws.connectivity && !graph.responseOffsets) eventCount = runFailuresOnly(ws, horizon);
  else for (;;) {
    if (!events.hasNow) {
      if (events.peekTime() > horizon) break;
      events.advance();
    }
    while (events.hasNow) {
      events.shiftNow();
      handleEvent(ws);
      eventCount++;
    }
    // The FIFO has drained: one connectivity epoch per changed layer; their failures refill the FIFO.
    // An epoch queues events but marks no layer, so the dirty list is stable while it runs.
    for (let i = 0; i < ws.dirtyCount; i++) {
      const layer = ws.dirtyLayers[i]!;
      ws.layerDirty[layer] = 0;
      runEpoch(ws, layer, ws.nowHours, ws.recovery);
      epochCount++;
    }
    ws.dirtyCount = 0;
  }
  return {
    failedNodes: ws.failedOrder.subarray(0, ws.failedCount),
    failedAtHours: ws.failedAtHours,
    causeKind: ws.causeKind,
    causeGroup: ws.causeGroup,
    causeSupplier: ws.causeSupplier,
    recoveredAtHours: ws.recoveredAtHours,
    changeHours: ws.changeHours.subarray(0, ws.changeCount),
    changeNodes: ws.changeNodes.subarray(0, ws.changeCount),
    capacityHours: ws.capacityHours.subarray(0, ws.capacityCount),
    capacityNodes: ws.capacityNodes.subarray(0, ws.capacityCount),
    capacityValues: ws.capacityValues.subarray(0, ws.capacityCount),
    capacityAt: ws.capacityAt.subarray(0, ws.capacityCount),
    eventCount,
    epochCount,
  };
}

/**
 * The general loop's work for a run without repair, connectivity layers or response tables, in the same order with
 * the same results. Every same-time event is then a failure (initial, a zero-buffer group, or a buffer that ran out:
 * without repair a group that fell below k stays below it, so every expiry is live), so one tight loop over a FIFO
 * of (node, group) pairs does them, like the plain baseline: with little work between nodes the CPU overlaps the
 * random reads of consecutive nodes. Buffer expiries still wait in the heap. Returns the events handled.
 */
function runFailuresOnly(ws: CascadeWorkspace, horizon: number): number {
  const { graph, events, groupState, state, damaged, failedAtHours, causeKind, causeGroup, causeSupplier, failedOrder, changeHours, changeNodes } = ws;
  const { supplierOffsets, supplierGroups, groupBufferHours } = graph;
  let fifoNode = ws.fastNodes;
  let fifoGroup = ws.fastGroups;
  let fifoTip = ws.fastTips;
  // Buffer expiries wait in one list per expiry time, appended in creation order, which is the heap's order within a
  // time (the initial failures in `events` were created first); a small heap orders the distinct times.
  let expiryNode = ws.expiryNodes;
  let expiryGroup = ws.expiryGroups;
  let expiryTip = ws.expiryTips;
  let expiryNext = ws.expiryNext;
  let expiryCount = 0;
  const lists = new Map<number, { head: number; last: number }>();
  const times: number[] = [];
  // Without repair each node fails and logs its change at most once: failedOrder and the change log have room.
  let failedCount = 0;
  let eventCount = 0;
  for (;;) {
    const now = Math.min(events.peekTime(), times.length > 0 ? times[0]! : Number.POSITIVE_INFINITY);
    if (!(now <= horizon)) break;
    ws.nowHours = now;
    let tail = 0;
    if (events.peekTime() === now) {
      events.advance();
      // Only initial failures wait in `events`.
      for (; events.hasNow; tail++) {
        events.shiftNow();
        if (tail === fifoNode.length) [fifoNode, fifoGroup, fifoTip] = growFifo(ws, tail * 2);
        fifoNode[tail] = events.nodeNow;
        fifoGroup[tail] = -1;
        fifoTip[tail] = -1;
      }
    }
    if (times.length > 0 && times[0] === now) {
      popTime(times);
      const list = lists.get(now)!;
      lists.delete(now);
      for (let e = list.head; e >= 0; e = expiryNext[e]!, tail++) {
        if (tail === fifoNode.length) [fifoNode, fifoGroup, fifoTip] = growFifo(ws, tail * 2);
        fifoNode[tail] = expiryNode[e]!;
        fifoGroup[tail] = expiryGroup[e]!;
        fifoTip[tail] = expiryTip[e]!;
      }
    }
    for (let head = 0; head < tail; head++) {
      const v = fifoNode[head]!;
      const group = fifoGroup[head]!;
      if (group < 0) damaged[v] = 1;
      if (state[v] !== UP) continue;
      state[v] = DOWN;
      failedAtHours[v] = now;
      causeKind[v] = group < 0 ? CAUSE_INITIAL : CAUSE_GROUP;
      causeGroup[v] = group;
      causeSupplier[v] = fifoTip[head]!;
      failedOrder[failedCount] = v;
      changeHours[failedCount] = now;
      changeNodes[failedCount++] = v;
      for (let i = supplierOffsets[v]!, end = supplierOffsets[v + 1]!; i < end; i++) {
        const g = supplierGroups[i]!;
        const at = g * GROUP_STRIDE;
        if (groupState[at + G_SLACK]!-- !== 0) continue;
        // The group fell below k; without repair it stays below, so its expiry will be live and v stays its tip.
        groupState[at + G_TIP] = v;
        const coded = groupState[at + G_NODE]!;
        if (coded < 0) {
          if (state[~coded] !== UP) continue;
          groupState[at + G_EPISODE]!++;
          if (expiryCount === expiryNode.length) {
            const size = expiryCount * 2;
            expiryNode = ws.expiryNodes = grow(expiryNode, size);
            expiryGroup = ws.expiryGroups = grow(expiryGroup, size);
            expiryTip = ws.expiryTips = grow(expiryTip, size);
            expiryNext = ws.expiryNext = grow(expiryNext, size);
          }
          const e = expiryCount++;
          expiryNode[e] = ~coded;
          expiryGroup[e] = g;
          expiryTip[e] = v;
          expiryNext[e] = -1;
          const expiresAt = now + groupBufferHours[g]!;
          const list = lists.get(expiresAt);
          if (list) {
            expiryNext[list.last] = e;
            list.last = e;
          } else {
            lists.set(expiresAt, { head: e, last: e });
            pushTime(times, expiresAt);
          }
          continue;
        }
        if (state[coded] !== UP) continue;
        if (tail === fifoNode.length) [fifoNode, fifoGroup, fifoTip] = growFifo(ws, tail * 2);
        fifoNode[tail] = coded;
        fifoGroup[tail] = g;
        fifoTip[tail++] = v;
      }
    }
    eventCount += tail;
  }
  ws.failedCount = failedCount;
  ws.changeCount = failedCount;
  return eventCount;
}

/** Doubles the fast path's FIFO (kept in the workspace for the next run). */
function growFifo(ws: CascadeWorkspace, size: number): [Int32Array, Int32Array, Int32Array] {
  ws.fastNodes = grow(ws.fastNodes, size);
  ws.fastGroups = grow(ws.fastGroups, size);
  ws.fastTips = grow(ws.fastTips, size);
  return [ws.fastNodes, ws.fastGroups, ws.fastTips];
}

/** A binary min-heap of distinct times in a plain array. */
function pushTime(heap: number[], time: number): void {
  let i = heap.length;
  heap.push(time);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= time) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = time;
}

function popTime(heap: number[]): void {
  const last = heap.pop()!;
  const size = heap.length;
  if (size === 0) return;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= last) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
}

function handleEvent(ws: CascadeWorkspace): void {
  const { events } = ws;
  const node = events.nodeNow;
  ws.nowHours = events.nowHours;
  switch (events.kindNow) {
    case EVENT_FAIL:
      failNode(ws, node, events.auxNow, events.groupNow);
      break;
    case EVENT_EXPIRE: {
      const g = events.groupNow;
      const at = g * GROUP_STRIDE;
      if (events.auxNow === ws.groupState[at + G_EPISODE] && ws.groupState[at + G_SLACK]! < 0 && ws.state[node] === UP)
        failNode(ws, node, CAUSE_GROUP, g);
      break;
    }
    case EVENT_REPAIR:
      ws.damaged[node] = 0;
      tryRestart(ws, node);
      break;
    case EVENT_RESTART:
      if (ws.state[node] === RESTARTING && events.auxNow === ws.restartToken[node]) restartNode(ws, node);
      break;
  }
}

function logChange(ws: CascadeWorkspace, node: number): void {
  if (ws.changeCount === ws.changeNodes.length) {
    ws.changeHours = grow(ws.changeHours, ws.changeCount * 2);
    ws.changeNodes = grow(ws.changeNodes, ws.changeCount * 2);
  }
  ws.changeHours[ws.changeCount] = ws.nowHours;
  ws.changeNodes[ws.changeCount++] = node;
}

function markLayer(ws: CascadeWorkspace, node: number): void {
  const layer = ws.graph.layerOf[node]!;
  if (layer < 0 || ws.graph.layerRule[layer] === RULE_NONE || ws.layerDirty[layer]) return;
  ws.layerDirty[layer] = 1;
  ws.dirtyLayers[ws.dirtyCount++] = layer;
}

function failNode(ws: CascadeWorkspace, v: number, cause: number, group: number): void {
  const { graph, events, groupState, state } = ws;
  if (cause === CAUSE_INITIAL) ws.damaged[v] = 1;
  const before = state[v]!;
  if (before === DOWN) return;
  state[v] = DOWN;
  const now = ws.nowHours;
  if (!ws.recovery || Number.isNaN(ws.failedAtHours[v]!)) {
    ws.failedAtHours[v] = now;
    ws.causeKind[v] = cause;
    ws.causeGroup[v] = group;
    ws.causeSupplier[v] = group >= 0 ? groupState[group * GROUP_STRIDE + G_TIP]! : -1;
    ws.failedOrder[ws.failedCount++] = v;
  }
  if (before === RESTARTING) {
    ws.restartToken[v]!++;
    return;
  }
  logChange(ws, v);
  if (ws.connectivity) markLayer(ws, v);
  const { supplierGroups, groupBufferHours } = graph;
  for (let i = graph.supplierOffsets[v]!, end = graph.supplierOffsets[v + 1]!; i < end; i++) {
    const g = supplierGroups[i]!;
    const at = g * GROUP_STRIDE;
    if (groupState[at + G_SLACK]!-- !== 0) continue;
    // The group just fell below k.
    groupState[at + G_TIP] = v;
    const coded = groupState[at + G_NODE]!;
    const u = coded < 0 ? ~coded : coded;
    const dependent = state[u];
    if (dependent === UP) {
      if (coded < 0) events.schedule(now + groupBufferHours[g]!, EVENT_EXPIRE, u, g, ++groupState[at + G_EPISODE]!);
      else events.pushNow(EVENT_FAIL, u, g, CAUSE_GROUP);
    } else if (dependent === RESTARTING) {
      ws.state[u] = DOWN;
      ws.restartToken[u]!++;
    }
  }
  if (graph.responseOffsets) {
    ws.capacity[v] = 1;
    updateDependentCapacities(ws, v);
  }
}

function groupsHold(ws: CascadeWorkspace, v: number): boolean {
  const { graph } = ws;
  for (let g = graph.groupOffsets[v]!; g < graph.groupOffsets[v + 1]!; g++) if (ws.groupState[g * GROUP_STRIDE + G_SLACK]! < 0) return false;
  return true;
}

/** A working node's capacity: the least its groups give (see the top of this file). */
function nodeCapacity(ws: CascadeWorkspace, v: number, responseOffsets: Int32Array, responsePoints: Float64Array): number {
  const { graph } = ws;
  let capacity = 1;
  for (let g = graph.groupOffsets[v]!; g < graph.groupOffsets[v + 1]!; g++) {
    const from = responseOffsets[g]!;
    const to = responseOffsets[g + 1]!;
    if (from === to) continue;
    const k = graph.groupK[g]!;
    const working = Math.max(k, ws.groupState[g * GROUP_STRIDE + G_SLACK]! + k);
    capacity = Math.min(capacity, responseCapacity(responsePoints, from, to, working / (graph.memberOffsets[g + 1]! - graph.memberOffsets[g]!)));
  }
  return capacity;
}

/** Logs the capacity of working node v when it differs from the one last logged. */
function updateCapacity(ws: CascadeWorkspace, v: number, responseOffsets: Int32Array, responsePoints: Float64Array): void {
  const capacity = nodeCapacity(ws, v, responseOffsets, responsePoints);
  if (capacity === ws.capacity[v]) return;
  ws.capacity[v] = capacity;
  if (ws.capacityCount === ws.capacityNodes.length) {
    const size = ws.capacityCount * 2;
    ws.capacityHours = grow(ws.capacityHours, size);
    ws.capacityNodes = grow(ws.capacityNodes, size);
    ws.capacityValues = grow(ws.capacityValues, size);
    ws.capacityAt = grow(ws.capacityAt, size);
  }
  const j = ws.capacityCount++;
  ws.capacityHours[j] = ws.nowHours;
  ws.capacityNodes[j] = v;
  ws.capacityValues[j] = capacity;
  ws.capacityAt[j] = ws.changeCount;
}

/** After supplier v failed or came back: the working dependents whose groups with a table it belongs to. */
function updateDependentCapacities(ws: CascadeWorkspace, v: number): void {
  const { graph } = ws;
  const responseOffsets = graph.responseOffsets!;
  const responsePoints = graph.responsePoints!;
  for (let i = graph.supplierOffsets[v]!; i < graph.supplierOffsets[v + 1]!; i++) {
    const g = graph.supplierGroups[i]!;
    const u = graph.groupNode[g]!;
    if (responseOffsets[g] !== responseOffsets[g + 1] && ws.state[u] === UP) updateCapacity(ws, u, responseOffsets, responsePoints);
  }
}

/** A failed node whose damage is repaired and whose groups hold restarts; in a connectivity layer its layer's epoch decides. */
function tryRestart(ws: CascadeWorkspace, v: number): void {
  if (ws.state[v] !== DOWN || ws.damaged[v] || !groupsHold(ws, v)) return;
  const layer = ws.graph.layerOf[v]!;
  if (layer >= 0 && ws.graph.layerRule[layer] !== RULE_NONE) markLayer(ws, v);
  else scheduleRestart(ws, v);
}

function scheduleRestart(ws: CascadeWorkspace, v: number): void {
  ws.state[v] = RESTARTING;
  const token = ++ws.restartToken[v]!;
  const delay = ws.graph.restartHours[v]!;
  if (delay > 0) ws.events.schedule(ws.nowHours + delay, EVENT_RESTART, v, -1, token);
  else ws.events.pushNow(EVENT_RESTART, v, -1, token);
}

function restartNode(ws: CascadeWorkspace, v: number): void {
  const { graph } = ws;
  if (ws.damaged[v] || !groupsHold(ws, v)) {
    ws.state[v] = DOWN;
    return;
  }
  ws.state[v] = UP;
  ws.recoveredAtHours[v] = ws.nowHours;
  logChange(ws, ~v);
  markLayer(ws, v);
  for (let i = graph.supplierOffsets[v]!; i < graph.supplierOffsets[v + 1]!; i++) {
    const g = graph.supplierGroups[i]!;
    const at = g * GROUP_STRIDE;
    if (++ws.groupState[at + G_SLACK]! !== 0) continue;
    ws.groupState[at + G_EPISODE]!++; // cancels a pending buffer expiry
    const coded = ws.groupState[at + G_NODE]!;
    tryRestart(ws, coded < 0 ? ~coded : coded);
  }
  if (graph.responseOffsets) {
    updateCapacity(ws, v, graph.responseOffsets, graph.responsePoints!);
    updateDependentCapacities(ws, v);
  }
}

/** One connectivity epoch on `layer`: working nodes that break its rule fail; with recovery, ready neighbours of the kept part restart. */
function runEpoch(ws: CascadeWorkspace, layer: number, now: number, recovery: boolean): void {
  const { graph, state, mark, queue } = ws;
  const { linkOffsets, linkTargets, layerNodes } = graph;
  const from = graph.layerOffsets[layer]!;
  const to = graph.layerOffsets[layer + 1]!;
  const rule = graph.layerRule[layer];
  // Labels only grow, so `mark[v] >= base` means "reached in this epoch" without clearing; the kept part has label `keep`.
  if (ws.nextLabel > 0x3fffffff - graph.nodeCount) {
    mark.fill(-1);
    ws.nextLabel = 0;
  }
  const base = ws.nextLabel;
  let keep = -1;
  if (rule === RULE_SOURCE) {
    keep = ws.nextLabel++;
    let tail = 0;
    for (let i = from; i < to; i++) {
      const v = layerNodes[i]!;
      if (state[v] === UP && graph.isSource[v]) {
        mark[v] = keep;
        queue[tail++] = v;
      }
    }
    for (let head = 0; head < tail; head++) {
      const v = queue[head]!;
      for (let e = linkOffsets[v]!, end = linkOffsets[v + 1]!; e < end; e++) {
        const w = linkTargets[e]!;
        if (mark[w]! < base && state[w] === UP) {
          mark[w] = keep;
          queue[tail++] = w;
        }
      }
    }
  } else if (rule === RULE_GIANT) {
    let bestSize = 0;
    for (let i = from; i < to; i++) {
      const s = layerNodes[i]!;
      if (state[s] !== UP || mark[s]! >= base) continue;
      const label = ws.nextLabel++;
      mark[s] = label;
      queue[0] = s;
      let tail = 1;
      for (let head = 0; head < tail; head++) {
        const v = queue[head]!;
        for (let e = linkOffsets[v]!, end = linkOffsets[v + 1]!; e < end; e++) {
          const w = linkTargets[e]!;
          if (mark[w]! < base && state[w] === UP) {
            mark[w] = label;
            queue[tail++] = w;
          }
        }
      }
      if (tail > bestSize) {
        bestSize = tail;
        keep = label;
      }
    }
  }
  const cause = rule === RULE_SOURCE ? CAUSE_SOURCE_RULE : CAUSE_GIANT_RULE;
  for (let i = from; i < to; i++) {
    const v = layerNodes[i]!;
    if (state[v] === UP && mark[v] !== keep) ws.events.pushNow(EVENT_FAIL, v, -1, cause);
  }
  if (!recovery) return;
  for (let i = from; i < to; i++) {
    const v = layerNodes[i]!;
    if (state[v] !== DOWN || ws.damaged[v] || !groupsHold(ws, v)) continue;
    let ready = rule === RULE_SOURCE && graph.isSource[v] === 1;
    for (let e = linkOffsets[v]!; !ready && e < linkOffsets[v + 1]!; e++) ready = mark[linkTargets[e]!] === keep;
    // A giant-component layer with nothing working restarts from any ready node.
    if (!ready && rule === RULE_GIANT && keep < 0) ready = true;
    if (ready) scheduleRestart(ws, v);
  }
}
