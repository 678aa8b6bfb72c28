// SBOM ingest target of issue 5: a set of CycloneDX 1.6 JSON SBOMs with 10⁵ components in all, each validated
// against the official schema, its vendors resolved and written (components, products, graph) into a PGlite
// database persisted to a folder, or a PostgreSQL server (DATABASE_URL) (the platform's embedded default; an in-memory PGlite spends seconds growing its
// in-memory files instead), in under 10 s. Runs in a process of its own so that maxRSS is the ingest's.
// With BENCH_SBOM=single-file, the components come in one large file instead (memory must follow the model, not the file).
// `tsx bench/sbom-child.ts [components] [documents]`; prints one JSON line last.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { readSbom } from '../src/interop/sbom/index.ts';
import { systemActor } from '../src/services/actor.ts';
import { createServices } from '../src/services/index.ts';

const totalComponents = Number(process.argv[2] ?? 100_000);
// BENCH_SBOM=single-file: the components in one large SBOM with what a generator writes besides, streamed from disk.
const singleFile = process.env.BENCH_SBOM === 'single-file';
const documents = singleFile ? 1 : Number(process.argv[3] ?? 10);
const perDocument = Math.ceil(totalComponents / documents);
const platform = systemActor('bench');

type Component = Record<string, unknown>;
type Dependency = { ref: string; dependsOn: string[] };

/** The parts of a deterministic SBOM: libraries with purls (half of the namespaces belong to registered vendors), devices with firmware inside, a dependency graph. */
function* sbomParts(documentIndex: number, count: number, decorate: (component: Component) => Component): Generator<['component', Component] | ['dependency', Dependency]> {
  let seed = documentIndex + 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    const vendor = Math.floor(random() * 400);
    const ref = `c${documentIndex}-${i}`;
    if (i % 100 === 0) {
      yield [
        'component',
        decorate({
          type: 'device',
          'bom-ref': ref,
          name: `device-${i}`,
          version: '1',
          manufacturer: { name: `Vendor ${vendor} Ltd.` },
          components: [{ type: 'firmware', 'bom-ref': `${ref}-fw`, name: `firmware-${i}`, version: '2', cpe: `cpe:2.3:o:vendor${(vendor + 7) % 400}:fw:2:*:*:*:*:*:*:*` }],
        }),
      ];
      i++;
    } else
      yield [
        'component',
        decorate({ type: 'library', 'bom-ref': ref, name: `lib-${i}`, version: `${i % 7}.0.0`, purl: `pkg:maven/org.vendor${vendor}/lib-${i}@${i % 7}.0.0`, ...(i % 3 === 0 ? { supplier: { name: `Vendor ${vendor} Ltd.` } } : {}) }),
      ];
    if (i > 2) yield ['dependency', { ref, dependsOn: [`c${documentIndex}-${Math.floor(random() * (i - 1))}`].filter((target) => !target.endsWith('-0') || i % 100 !== 0) }];
  }
}

const head = (documentIndex: number) => ({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(documentIndex).padStart(12, '0')}`,
  version: 1,
  metadata: { component: { type: 'application', 'bom-ref': `root-${documentIndex}`, name: `system-${documentIndex}`, version: '1' } },
});
const rootDependency = (documentIndex: number, components: Component[]): Dependency => ({ ref: `root-${documentIndex}`, dependsOn: components.slice(0, 50).map((component) => component['bom-ref'] as string) });

function makeSbom(documentIndex: number): string {
  const components: Component[] = [];
  const dependencies: Dependency[] = [];
  for (const [kind, part] of sbomParts(documentIndex, perDocument, (component) => component)) (kind === 'component' ? components : dependencies).push(part as never);
  return JSON.stringify({ ...head(documentIndex), components, dependencies: [rootDependency(documentIndex, components), ...dependencies] });
}

/** What a generator such as cyclonedx-npm writes besides: a description, a license, a hash, references, a property. */
const asGenerated = (component: Component): Component => ({
  ...component,
  description: `${component.name as string}: a component described in a sentence of ordinary length, as registries give it.`,
  licenses: [{ license: { id: 'Apache-2.0' } }],
  hashes: [{ alg: 'SHA-512', content: createHash('sha512').update(component['bom-ref'] as string).digest('hex') }],
  externalReferences: [
    { type: 'vcs', url: `https://git.example.org/${component.name as string}.git` },
    { type: 'website', url: `https://${component.name as string}.example.org/` },
  ],
  properties: [{ name: 'cdx:npm:package:path', value: `node_modules/${component.name as string}` }],
});

/** One large SBOM written to `file` piece by piece (never whole in memory), components first, then the dependency graph. */
async function writeLargeSbom(file: string, count: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  const dependencies: string[] = [JSON.stringify({ ref: 'root-0', dependsOn: ['c0-1', 'c0-2'] })];
  await write(`${JSON.stringify(head(0)).slice(0, -1)},"components":[`);
  let first = true;
  for (const [kind, part] of sbomParts(0, count, asGenerated)) {
    if (kind === 'dependency') dependencies.push(JSON.stringify(part));
    else {
      await write(`${first ? '' : ','}${JSON.stringify(part)}`);
      first = false;
    }
  }
  await write(`],"dependencies":[${dependencies.join(',')}]}`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-bench-sbom-'));
// DATABASE_URL: a PostgreSQL server (bench/run.ts starts a fresh one), else a folder-backed PGlite.
const handle = await openDatabase(process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite', dataDir });
await migrateToLatest(handle.db);
const services = createServices(handle, { sessionHours: 8, dataDir: path.resolve(import.meta.dirname, '..', 'data') });
const provider = await services.registry.create(platform, 'organisations', { code: 'bench-provider', name: 'Bench provider', kind: 'provider' });
// Half of the vendors registered: by name (200) and by purl namespace (the same 200).
for (let v = 0; v < 200; v++) {
  const vendor = await services.supplyChain.createVendor(platform, { code: `vendor-${v}`, name: `Vendor ${v} Ltd.`, country: v % 10 === 0 ? 'CN' : 'NL' });
  await services.vendors.addAlias(platform, vendor.id, { kind: 'purl-namespace', value: `maven/org.vendor${v}` });
  await services.vendors.addAlias(platform, vendor.id, { kind: 'cpe-vendor', value: `vendor${v}` });
}
const assets = [];
for (let d = 0; d < documents; d++)
  assets.push(await services.registry.create(platform, 'assets', { code: `bench-asset-${d}`, name: `Asset ${d}`, kind: 'site', providerId: provider.id, latitude: 52, longitude: 5, populationServed: 0 }));

// Schemas compile once per process: warm them up outside the measurement, as a running server would have.
await readSbom('{"bomFormat":"CycloneDX","specVersion":"1.6"}');
const largeFile = path.join(dataDir, 'large.cdx.json');
if (singleFile) await writeLargeSbom(largeFile, perDocument);
const files = singleFile ? [] : Array.from({ length: documents }, (_, d) => makeSbom(d));
const bytes = singleFile ? fs.statSync(largeFile).size : files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);
const content = (d: number) => (singleFile ? fs.createReadStream(largeFile, { highWaterMark: 1 << 20 }) : files[d]!);

const started = performance.now();
const cpuBefore = process.cpuUsage();
let components = 0;
let resolved = 0;
for (let d = 0; d < documents; d++) {
  const summary = await services.sboms.importSbom(platform, assets[d]!.id, content(d));
  components += summary.components;
  resolved += summary.componentsResolved;
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
// PGlite runs in this process, so its CPU time is the work itself (a PostgreSQL server's is not counted); on a busy
// machine wall time can be far longer.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const usage = process.resourceUsage();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ documents, components, resolved, megabytes: bytes / 1e6, seconds, cpuSeconds, maxRssMb: usage.maxRSS / 1024 }));
