import { Worker } from 'node:worker_threads';
import { DomainError } from '../domain/errors.ts';
import type { CascadeGraph } from './graph.ts';
import { mergeMonteCarlo, summarizeMonteCarlo, type MonteCarloPartial, type MonteCarloSpec, type MonteCarloSummary } from './monte-carlo.ts';
import type { MonteCarloWorkerData } from './monte-carlo.worker.ts';

export interface PoolOptions {
  /** Threads to use (the caller decides, e.g. from os.availableParallelism()). */
  workerCount: number;
  /** Called with (scenarios done, total) as workers report. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting terminates the workers and rejects with `simulation-cancelled`. */
  signal?: AbortSignal;
}

// From dist/ the worker is plain .js. Under tsx (development, tests) it is .ts, and Node 20 does not apply
// `--import tsx` inside workers: a small bootstrap registers tsx's loader in the worker, then imports the file.
const isTypeScript = import.meta.url.endsWith('.ts');
const workerUrl = new URL(`./monte-carlo.worker.${isTypeScript ? 'ts' : 'js'}`, import.meta.url);

function startWorker(workerData: MonteCarloWorkerData): Worker {
  if (!isTypeScript) return new Worker(workerUrl, { workerData });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

const cancelled = () => new DomainError('simulation-cancelled', 'The simulation was cancelled.');

/** Runs a Monte Carlo spec over `workerCount` worker threads, each on a contiguous range of scenarios; same result as one thread. */
export async function runMonteCarloInWorkers(graph: CascadeGraph, spec: MonteCarloSpec, options: PoolOptions): Promise<MonteCarloSummary> {
  const total = spec.scenarioCount;
  const workerCount = Math.max(1, Math.min(options.workerCount, total));
  if (options.signal?.aborted) throw cancelled();
  const workers: Worker[] = [];
  let done = 0;
  const stopAll = () => Promise.all(workers.map((worker) => worker.terminate()));
  const runs = Array.from({ length: workerCount }, (_, w) => {
    const from = Math.floor((total * w) / workerCount);
    const to = Math.floor((total * (w + 1)) / workerCount);
    const data: MonteCarloWorkerData = { graph, spec, from, to, progressEvery: Math.max(1, Math.ceil((to - from) / 100)) };
    const worker = startWorker(data);
    workers.push(worker);
    return new Promise<MonteCarloPartial>((resolve, reject) => {
      let result: MonteCarloPartial | undefined;
      worker.on('message', (message: { type: 'progress'; done: number } | { type: 'done'; partial: MonteCarloPartial }) => {
        if (message.type === 'progress') {
          done += message.done;
          options.onProgress?.(done, total);
        } else result = message.partial;
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (result ? resolve(result) : reject(options.signal?.aborted ? cancelled() : new Error(`Monte Carlo worker stopped with exit code ${code}`))));
    });
  });
  const onAbort = () => void stopAll();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const parts = await Promise.all(runs);
    return summarizeMonteCarlo(spec, mergeMonteCarlo(parts));
  } catch (error) {
    await stopAll();
    throw options.signal?.aborted ? cancelled() : error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
