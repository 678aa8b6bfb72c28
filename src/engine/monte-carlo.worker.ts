import { parentPort, workerData } from 'node:worker_threads';
import type { CascadeGraph } from './graph.ts';
import { runMonteCarloRange, type MonteCarloSpec } from './monte-carlo.ts';

/** One Monte Carlo worker: runs its range of scenarios and reports progress every `progressEvery` scenarios. */
export interface MonteCarloWorkerData {
  graph: CascadeGraph;
  spec: MonteCarloSpec;
  from: number;
  to: number;
  progressEvery: number;
}

const { graph, spec, from, to, progressEvery } = workerData as MonteCarloWorkerData;
let reported = 0;
const partial = runMonteCarloRange(graph, spec, from, to, (done) => {
  if (done - reported >= progressEvery || done === to - from) {
    parentPort!.postMessage({ type: 'progress', done: done - reported });
    reported = done;
  }
});
const transfer = [partial.impacts.buffer, partial.failureCounts.buffer];
if (partial.mitigatedImpacts) transfer.push(partial.mitigatedImpacts.buffer);
if (partial.mitigatedFailureCounts) transfer.push(partial.mitigatedFailureCounts.buffer);
parentPort!.postMessage({ type: 'done', partial }, transfer as ArrayBuffer[]);
