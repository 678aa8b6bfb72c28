// `npm run bench:load [-- --seconds 20] [-- --rate 200] [-- --postgres [--tcp]]`: the load scenario of issue 8 (test/resilience/load-scenario.ts)
// on the demo ×10, as a report: throughput, p50/p95/p99 latency and errors per route group, then the target
// "p99 of reads under 100 ms at 200 reads/s" checked and reported, not enforced (a shared machine is no yardstick).
// Then an overload burst, to show the shedding. Only 127.0.0.1; every phase bounded in time and request count.
// The embedded database by default; `--postgres` serves from a PostgreSQL server of its own, as deployed in production,
// reached through its Unix socket (an application on the database's machine), or with `--tcp` over 127.0.0.1 (as from another host).
import { parseArgs } from 'node:util';
import { Acknowledged, formatTable, planRequests, runFlood, runSteady, signInDemoUsers, startLoadServer, totalOf } from '../test/resilience/load-scenario.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, rate: { type: 'string', default: '200' }, 'no-overload': { type: 'boolean', default: false }, postgres: { type: 'boolean', default: false }, tcp: { type: 'boolean', default: false } } });
const seconds = Math.min(60, Number(values.seconds));
const rate = Number(values.rate);
const targetP99Ms = 100;

// Rate limits lifted (one address, eight tokens); shedding at the server's defaults, as deployed.
const database = values.postgres ? 'postgres' : 'pglite';
const transport = values.tcp ? 'tcp' : 'socket';
const load = await startLoadServer({ VITAAL_RATE_LIMIT_PER_USER: '1000000', VITAAL_RATE_LIMIT_PER_ADDRESS: '1000000' }, { database, transport });
try {
  const acknowledged = new Acknowledged();
  const { plans, serverErrors } = await planRequests(load.server.url, await signInDemoUsers(load.server.url), acknowledged);
  for (const error of serverErrors) console.log(`Left out of the mix: ${error}`);
  // A warm-up at the full rate, so that JIT and the first planning of every statement on every pooled connection are
  // not measured (after 2 s at half the rate, the first seconds measured still had p50s of half a second).
  await runSteady(load.server.url, plans, { seconds: 10, readRate: rate, writeRate: 5 }, acknowledged);

  const generatorBefore = process.cpuUsage();
  const steady = await runSteady(load.server.url, plans, { seconds, readRate: rate, writeRate: 5 }, acknowledged);
  const generatorCpu = process.cpuUsage(generatorBefore);
  const reads = totalOf(steady, 'read');
  console.log(formatTable(`\nSteady: ${rate} reads/s + 5 writes/s per write group (Poisson arrivals, latency from when each request was due), ${seconds} s, demo ×10 on ${database === 'postgres' ? `a PostgreSQL server (${transport === 'tcp' ? 'TCP, 127.0.0.1' : 'Unix socket'})` : 'the embedded PGlite'}`, [...steady, reads, totalOf(steady, 'write')]));
  const met = reads.p99 < targetP99Ms && reads.throughput >= rate * 0.95;
  console.log(`\nTarget p99 < ${targetP99Ms} ms at ${rate} reads/s: ${met ? 'MET' : 'NOT MET'} (p99 ${reads.p99.toFixed(1)} ms at ${reads.throughput.toFixed(1)} reads/s)`);
  // The generator does the same work for every request in every run, so its CPU time per request shows how fast the
  // machine ran during this one: on one day the runs that missed the target had it a quarter higher (on another, some
  // misses came at the usual figure, so it does not explain every miss).
  const requests = steady.reduce((sum, group) => sum + group.requests, 0);
  console.log(`Machine speed during the run: the load generator used ${((generatorCpu.user + generatorCpu.system) / 1000 / requests).toFixed(3)} ms of CPU per request (the same work in every run; higher means a slower machine)`);

  if (!values['no-overload']) {
    const overload = await runFlood(load.server.url, plans, { seconds: 5, connections: 32 }, acknowledged);
    console.log(formatTable('\nOverload: 32 connections per group, unthrottled, 5 s', [...overload, totalOf(overload, 'read'), totalOf(overload, 'write')]));
  }
  const lost = await acknowledged.missing(load.server.url);
  console.log(`\nAcknowledged writes: ${acknowledged.writes.length}, missing afterwards: ${lost.length}; server ${load.server.process.exitCode === null ? 'still running' : 'EXITED'}`);
} finally {
  await load.stop();
}
