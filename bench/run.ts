// `npm run bench [-- --quick] [-- --full] [-- --size 1e6/1e7] [-- --supply-chain]`: the engine against a plain typed-array baseline, graphology and
// NetworkX (when python3 has it) on the same generated graphs, in one run; then Monte Carlo on two workers, the SBOM ingest and the
// nationwide high-risk scan (on PGlite, and on a PostgreSQL server when one is installed).
// Each library runs in its own process, so that each peak memory (maxRSS) is its own. Not part of npm test.
// `--size LABEL` runs the graph cases of that size only (no Monte Carlo, no SBOM ingest, no high-risk scan).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { generateErdosRenyiEdges } from '../src/engine/generators.ts';
import { buildCascadeGraph, RULE_SOURCE } from '../src/engine/graph.ts';
import { createRandom, randomIndex } from '../src/engine/random.ts';
import { runMonteCarloInWorkers } from '../src/engine/worker-pool.ts';
import { findPostgresBinDir, startPostgresServer, type PostgresServer } from '../test/postgres-server.ts';
import { coupledCase, dependencyCase, erdosRenyi, sizes, writeArrays, type Size } from './cases.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const full = args.has('--full');
// Only the SBOM ingest and the high-risk scan (issue 5).
const supplyChainOnly = args.has('--supply-chain');
const root = path.resolve(import.meta.dirname, '..');
const workDir = path.join(root, '.tmp', 'bench');
const sizeIndex = process.argv.indexOf('--size');
const onlySize = sizeIndex > 0 ? process.argv[sizeIndex + 1] : undefined;
if (onlySize !== undefined && !sizes.some((size) => size.label === onlySize)) throw new Error(`--size: one of ${sizes.map((size) => size.label).join(', ')}`);
const benchSizes = supplyChainOnly ? [] : onlySize !== undefined ? sizes.filter((size) => size.label === onlySize) : quick ? sizes.slice(0, 1) : sizes;

type Timings = Record<string, unknown>;

function runChild(command: string, childArgs: string[], env: NodeJS.ProcessEnv = {}): Timings | string {
  const child = spawnSync(command, childArgs, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  if (child.status !== 0) return `failed: ${(child.stderr || child.stdout || String(child.error)).trim().split('\n').slice(-1)[0]}`;
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Timings;
}
const runTs = (file: string, index: number, env?: NodeJS.ProcessEnv) => runChild(process.execPath, ['--import', 'tsx', path.join('bench', file), String(index)], env);

const hasNetworkx = spawnSync('python3', ['-c', 'import networkx, numpy'], { stdio: 'ignore' }).status === 0;
if (!hasNetworkx) console.log('NetworkX not installed (python3 -c "import networkx" fails): its columns stay empty.');

function writeNetworkxInput(size: Size, prefix: string): void {
  const er = erdosRenyi(size);
  const coupled = coupledCase(size);
  const dependency = dependencyCase(size.nodes);
  const groupOf = dependency.model.memberGroup!;
  writeArrays(prefix, {
    er_sources: er.sources,
    er_targets: er.targets,
    a_sources: coupled.a.sources,
    a_targets: coupled.a.targets,
    b_sources: coupled.b.sources,
    b_targets: coupled.b.targets,
    coupled_failed: Int32Array.from(coupled.failures, (f) => f.node),
    dep_dependent: Int32Array.from(groupOf, (g) => dependency.model.groupNode![g]!),
    dep_supplier: dependency.model.memberSupplier!,
    dep_group: groupOf,
    group_k: dependency.model.groupK!,
    dep_failed: Int32Array.from(dependency.failures, (f) => f.node),
  });
  fs.writeFileSync(`${prefix}.meta`, `${size.nodes}\n`);
}

interface Row {
  size: string;
  case: string;
  engine: number;
  plain?: number;
  graphology?: number;
  networkx?: number;
}
const rows: Row[] = [];
const memory: { size: string; engine: number; graphology?: number; networkx?: number }[] = [];
const notes: string[] = [];
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);

const ms = (value: number | undefined) => (value === undefined ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(0));

for (const size of benchSizes) {
  const index = sizes.indexOf(size);
  console.error(`[${size.label}] engine…`);
  const engine = runTs('engine-child.ts', index);
  if (typeof engine === 'string') throw new Error(`engine ${size.label}: ${engine}`);
  const withLibraries = size.nodes < 1e6 || full;
  let graphology: Timings | string | undefined;
  let networkx: Timings | string | undefined;
  if (withLibraries) {
    console.error(`[${size.label}] graphology…`);
    graphology = runTs('graphology-child.ts', index);
    if (hasNetworkx) {
      console.error(`[${size.label}] NetworkX…`);
      const prefix = path.join(workDir, `size-${index}`);
      writeNetworkxInput(size, prefix);
      networkx = runChild('python3', [path.join('bench', 'networkx_case.py'), prefix, size.nodes >= 1e6 ? '1' : size.nodes >= 1e5 ? '1' : '3']);
    }
  } else notes.push(`${size.label}: graphology and NetworkX skipped (several GB and minutes at this size; run with --full)`);
  for (const [name, value] of [['graphology', graphology], ['NetworkX', networkx]] as const) if (typeof value === 'string') notes.push(`${size.label}: ${name} ${value}`);
  const lib = (value: Timings | string | undefined, key: string) => (typeof value === 'object' ? num(value[key]) : undefined);
  const pair = (key: string) => engine[key] as { engine: number; plain: number };
  rows.push(
    { size: size.label, case: 'BFS', engine: pair('bfs').engine, plain: pair('bfs').plain, graphology: lib(graphology, 'bfs'), networkx: lib(networkx, 'bfs') },
    { size: size.label, case: 'connected components', engine: pair('components').engine, plain: pair('components').plain, graphology: lib(graphology, 'components'), networkx: lib(networkx, 'components') },
    { size: size.label, case: 'Buldyrev cascade', engine: pair('buldyrev').engine, plain: pair('buldyrev').plain, graphology: lib(graphology, 'buldyrev'), networkx: lib(networkx, 'buldyrev') },
    {
      size: `${size.label.split('/')[0]}/3·${size.label.split('/')[0]}`,
      case: 'dependency cascade',
      engine: pair('dependencyCascade').engine,
      plain: pair('dependencyCascade').plain,
      graphology: lib(graphology, 'dependencyCascade'),
      networkx: lib(networkx, 'dependencyCascade'),
    },
  );
  memory.push({ size: size.label, engine: engine.maxRssMb as number, graphology: lib(graphology, 'maxRssMb'), networkx: lib(networkx, 'maxRssMb') });
  const workspaceMs = (key: string) => ms((engine[key] as { workspaceMs: number }).workspaceMs);
  notes.push(`${size.label}: cascade workspaces allocated once per graph and reused by every run, as in the N-1 sweep and Monte Carlo (not in the times above): Buldyrev ${workspaceMs('buldyrev')} ms, dependency ${workspaceMs('dependencyCascade')} ms`);
  const fractions = [(engine.buldyrev as { survivingFraction: number }).survivingFraction, lib(graphology, 'survivingFraction'), lib(networkx, 'survivingFraction')];
  notes.push(`${size.label}: Buldyrev surviving fraction engine/graphology/NetworkX = ${fractions.map((f) => (f === undefined ? '-' : f.toFixed(4))).join(' / ')}`);
}

const ratio = (slow: number | undefined, fast: number | undefined) => (slow === undefined || fast === undefined ? '-' : `${(slow / fast).toFixed(slow / fast < 10 ? 2 : 0)}×`);
const table = [
  ['nodes/edges', 'case', 'engine ms', 'plain ms', 'engine/plain', 'graphology ms', 'graphology/engine', 'NetworkX ms', 'NetworkX/engine'],
  ...rows.map((r) => [r.size, r.case, ms(r.engine), ms(r.plain), ratio(r.engine, r.plain), ms(r.graphology), ratio(r.graphology, r.engine), ms(r.networkx), ratio(r.networkx, r.engine)]),
];
if (rows.length > 0) {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log('\nTimes are the fastest of the runs (graph construction and cascade workspace allocation not counted); X/engine > 1 means the engine is faster.');
  for (const row of table) console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  console.log('\nPeak memory (maxRSS, MB, whole process):');
  for (const m of memory) console.log(`  ${m.size.padEnd(9)} engine ${m.engine.toFixed(0)}  graphology ${m.graphology?.toFixed(0) ?? '-'}  NetworkX ${m.networkx?.toFixed(0) ?? '-'}`);
  for (const note of notes) console.log(`  note: ${note}`);
}
if (onlySize !== undefined) process.exit(0);

/** Monte Carlo: regional scenarios on a 10⁵-asset model (1% of it a power grid under the source rule) on two workers. */
async function monteCarlo() {
  const assetCount = 100_000;
  const scenarioCount = quick ? 500 : 10_000;
  const random = createRandom(5);
  const powerCount = 1000;
  const power = generateErdosRenyiEdges(random, powerCount, 4);
  const layerOf = new Int32Array(assetCount).fill(-1).fill(0, 0, powerCount);
  const isSource = new Uint8Array(assetCount);
  for (let v = 0; v < powerCount; v += 20) isSource[v] = 1;
  const xKm = Float64Array.from({ length: assetCount }, () => random.next() * 300);
  const yKm = Float64Array.from({ length: assetCount }, () => random.next() * 200);
  const groupNode: number[] = [];
  const groupBuffer: number[] = [];
  const memberGroup: number[] = [];
  const memberSupplier: number[] = [];
  for (let v = powerCount; v < assetCount; v++) {
    // Power from either of two substations (1-of-2, 4–24 h of backup); a fifth of the assets also need another asset.
    const g = groupNode.length;
    groupNode.push(v);
    groupBuffer.push(4 + randomIndex(random, 21));
    memberGroup.push(g, g);
    memberSupplier.push(randomIndex(random, powerCount), randomIndex(random, powerCount));
    if (random.next() < 0.2) {
      groupNode.push(v);
      groupBuffer.push(0);
      memberGroup.push(g + 1);
      memberSupplier.push(powerCount + randomIndex(random, assetCount - powerCount));
    }
  }
  const model = buildCascadeGraph({
    nodeCount: assetCount,
    layerIds: ['power'],
    layerRule: Uint8Array.of(RULE_SOURCE),
    layerOf,
    isSource,
    population: Float64Array.from({ length: assetCount }, () => randomIndex(random, 5000)),
    euroPerHour: Float64Array.from({ length: assetCount }, () => randomIndex(random, 10_000)),
    restartHours: new Float64Array(assetCount).fill(2),
    linkSources: power.sources,
    linkTargets: power.targets,
    groupNode: Int32Array.from(groupNode),
    groupBufferHours: Float64Array.from(groupBuffer),
    memberGroup: Int32Array.from(memberGroup),
    memberSupplier: Int32Array.from(memberSupplier),
  });
  const started = performance.now();
  let lastPercent = -1;
  const summary = await runMonteCarloInWorkers(
    model,
    {
      scenarioCount,
      seed: 1,
      horizonHours: 168,
      sampleHours: [24, 72, 168],
      hazard: { kind: 'regional', xKm, yKm, radiusKm: 15, fragility: 0.6, repairHours: 36 },
      mitigation: { groupBufferHours: Float64Array.from(groupBuffer, (hours) => (hours > 0 ? hours + 24 : 0)) },
    },
    {
      workerCount: 2,
      onProgress: (done, total) => {
        const percent = Math.floor((100 * done) / total);
        if (percent % 10 === 0 && percent !== lastPercent) process.stderr.write(`monte carlo ${percent}%\n`);
        lastPercent = percent;
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const at24 = summary.baseline[0]!.populationAffected;
  console.log(
    `\nMonte Carlo: ${scenarioCount} regional scenarios (baseline + mitigation, common random numbers) on ${assetCount} assets, 2 workers: ${seconds.toFixed(1)} s` +
      (quick ? '' : ` (target < 60 s)`) +
      `\n  people affected at 24 h: mean ${at24.mean.toFixed(0)}, p50 ${at24.p50}, p90 ${at24.p90}, p99 ${at24.p99}; ` +
      `mitigation (+24 h buffers) saves ${summary.reduction![0]!.populationAffected.mean.toFixed(0)} ± ${summary.reduction![0]!.populationAffected.standardError.toFixed(0)} people at 24 h`,
  );
}
if (!supplyChainOnly) await monteCarlo();

// Issue 5's SBOM ingest and nationwide high-risk scan, each in a process of its own (so that maxRSS is its own): on
// the embedded PGlite (folder-backed), and on a fresh PostgreSQL server, as deployed in production, when one is installed.
const postgresBinDir = findPostgresBinDir();
const databases: { label: string; start?: () => Promise<PostgresServer> }[] = [
  { label: 'PGlite' },
  ...(postgresBinDir ? [{ label: 'PostgreSQL', start: () => startPostgresServer(postgresBinDir, { durable: true }) }] : []),
];
if (!postgresBinDir) console.log('\nNo PostgreSQL server installed (initdb not found): SBOM ingest and scan on PGlite only.');

async function onEachDatabase(file: string, size: number, report: (result: Timings, database: string) => string, env: NodeJS.ProcessEnv = {}) {
  for (const database of databases) {
    const server = await database.start?.();
    try {
      const result = runTs(file, size, { ...env, ...(server ? { DATABASE_URL: server.url } : {}) });
      console.log(typeof result === 'string' ? `  ${database.label}: ${result}` : `  ${database.label}: ${report(result, database.label)}`);
    } finally {
      await server?.stop();
    }
  }
}
const cpu = (result: Timings, database: string) => (database === 'PGlite' ? ` (CPU ${(result.cpuSeconds as number).toFixed(1)} s)` : '');

// SBOM ingest: CycloneDX 1.6 JSON SBOMs with 10⁵ components in all (10⁴ with --quick), schema-validated and written.
const sbomComponents = quick ? 10_000 : 100_000;
console.error('SBOM ingest…');
console.log(`\nSBOM ingest: ${sbomComponents} components in 10 CycloneDX 1.6 JSON documents${quick ? '' : ' (target < 10 s)'}`);
const ingestReport = (sbom: Timings, database: string) =>
  `${(sbom.megabytes as number).toFixed(1)} MB, ${sbom.resolved} components with a resolved vendor: ${(sbom.seconds as number).toFixed(1)} s${cpu(sbom, database)}, peak memory ${(sbom.maxRssMb as number).toFixed(0)} MB`;
await onEachDatabase('sbom-child.ts', sbomComponents, ingestReport);
// The same number of components in one file with what a generator writes besides, streamed from disk: read, checked
// and mapped item by item, so memory follows the components kept, not the file (PGlite's own memory is most of its peak).
console.log(`\nSBOM ingest of one large file: ${sbomComponents} components in one CycloneDX 1.6 JSON file streamed from disk`);
await onEachDatabase('sbom-child.ts', sbomComponents, ingestReport, { BENCH_SBOM: 'single-file' });

// The nationwide high-risk scan: 10³ assets with 10⁶ products and components in all (10² and 10⁵ with --quick).
const scanAssets = quick ? 100 : 1000;
console.error('High-risk scan…');
console.log(`\nHigh-risk scan: ${scanAssets} assets with ${scanAssets * 1000} products and components${quick ? '' : ' (target < 5 s)'}`);
await onEachDatabase(
  'scan-child.ts',
  scanAssets,
  (scan, database) =>
    `${scan.products} products with ${scan.components} component links, ${scan.findings} findings (${scan.inCore} in core): ${(scan.seconds as number).toFixed(1)} s${cpu(scan, database)}, peak memory ${(scan.maxRssMb as number).toFixed(0)} MB`,
);
