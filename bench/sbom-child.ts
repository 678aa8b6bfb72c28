// SBOM ingest target of issue 5: a set of CycloneDX 1.6 JSON SBOMs with 10⁵ components in all, each validated
// against the official schema, its vendors resolved and written (components, products, graph) into a PGlite
// database persisted to a folder, or a PostgreSQL server (DATABASE_URL) (the platform's embedded default; an in-memory PGlite spends seconds growing its
// in-memory files instead), in under 10 s. Runs in a process of its own so that maxRSS is the ingest's.
// `tsx bench/sbom-child.ts [components] [documents]`; prints one JSON line last.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { readSbom } from '../src/interop/sbom/index.ts';
import { systemActor } from '../src/services/actor.ts';
import { createServices } from '../src/services/index.ts';

const totalComponents = Number(process.argv[2] ?? 100_000);
const documents = Number(process.argv[3] ?? 10);
const perDocument = Math.ceil(totalComponents / documents);
const platform = systemActor('bench');

/** A deterministic SBOM: libraries with purls (half of the namespaces belong to registered vendors), devices with firmware inside, a dependency graph. */
function makeSbom(documentIndex: number): string {
  let seed = documentIndex + 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const components: Record<string, unknown>[] = [];
  const dependencies: { ref: string; dependsOn: string[] }[] = [];
  for (let i = 0; i < perDocument; i++) {
    const vendor = Math.floor(random() * 400);
    const ref = `c${documentIndex}-${i}`;
    if (i % 100 === 0) {
      components.push({
        type: 'device',
        'bom-ref': ref,
        name: `device-${i}`,
        version: '1',
        manufacturer: { name: `Vendor ${vendor} Ltd.` },
        components: [{ type: 'firmware', 'bom-ref': `${ref}-fw`, name: `firmware-${i}`, version: '2', cpe: `cpe:2.3:o:vendor${(vendor + 7) % 400}:fw:2:*:*:*:*:*:*:*` }],
      });
      i++;
    } else components.push({ type: 'library', 'bom-ref': ref, name: `lib-${i}`, version: `${i % 7}.0.0`, purl: `pkg:maven/org.vendor${vendor}/lib-${i}@${i % 7}.0.0`, ...(i % 3 === 0 ? { supplier: { name: `Vendor ${vendor} Ltd.` } } : {}) });
    if (i > 2) dependencies.push({ ref, dependsOn: [`c${documentIndex}-${Math.floor(random() * (i - 1))}`].filter((target) => !target.endsWith('-0') || i % 100 !== 0) });
  }
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:00000000-0000-4000-8000-${String(documentIndex).padStart(12, '0')}`,
    version: 1,
    metadata: { component: { type: 'application', 'bom-ref': `root-${documentIndex}`, name: `system-${documentIndex}`, version: '1' } },
    components,
    dependencies: [{ ref: `root-${documentIndex}`, dependsOn: components.slice(0, 50).map((component) => component['bom-ref'] as string) }, ...dependencies],
  });
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
await readSbom(makeSbom(999).slice(0, 0) || '{"bomFormat":"CycloneDX","specVersion":"1.6"}');
const files = Array.from({ length: documents }, (_, d) => makeSbom(d));
const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file), 0);

const started = performance.now();
const cpuBefore = process.cpuUsage();
let components = 0;
let resolved = 0;
for (const [d, file] of files.entries()) {
  const summary = await services.sboms.importSbom(platform, assets[d]!.id, file);
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
