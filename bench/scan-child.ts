// Nationwide high-risk scan target of issue 5: 10³ assets (one in ten a key asset) using 10⁶ products and
// components (each asset a thousand, nested three levels deep under ten products it uses directly), vendors from
// several countries, dependencies between the assets; the whole scan of `vitaal scan high-risk` in under 5 s. The
// data is generated in the database with generate_series (not part of the measurement), in a folder-backed PGlite (or a PostgreSQL server: DATABASE_URL),
// in a process of its own so that maxRSS is the scan's. `tsx bench/scan-child.ts [assets]`; prints one JSON line last.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemActor } from '../src/services/actor.ts';
import { createServices } from '../src/services/index.ts';

const assetCount = Number(process.argv[2] ?? 1000);
const perAsset = 1000;
const platform = systemActor('bench');

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitaal-bench-scan-'));
// DATABASE_URL: a PostgreSQL server (bench/run.ts starts a fresh one), else a folder-backed PGlite.
const handle = await openDatabase(process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite', dataDir });
await migrateToLatest(handle.db);
const services = createServices(handle, { sessionHours: 8, dataDir: path.resolve(import.meta.dirname, '..', 'data') });
const provider = await services.registry.create(platform, 'organisations', { code: 'bench-provider', name: 'Bench provider', kind: 'provider' });
const { db } = handle;
// Vendors: one in fifty established in a listed country, one in a hundred controlled from one.
await sql`insert into vendor (code, name, country, controlled_from_country)
  select 'v' || v, 'Vendor ' || v, case when v % 50 = 0 then 'CN' else 'NL' end, case when v % 100 = 7 then 'RU' end from generate_series(0, 399) as v`.execute(db);
await sql`insert into asset (code, provider_id, name, kind, key_asset)
  select 'a' || a, ${provider.id}::uuid, 'Asset ' || a, 'system', a % 10 = 0 from generate_series(0, ${assetCount - 1}::int) as a`.execute(db);
// Chains of five assets, each depending on the one before, so findings also travel along registry dependencies.
await sql`insert into dependency (dependent_id, supplier_id, type)
  select d.id, s.id, 'cyber' from generate_series(1, ${assetCount - 1}::int) as a
  join asset d on d.code = 'a' || a join asset s on s.code = 'a' || (a - 1) where a % 5 <> 0`.execute(db);
// Products k of asset a: k < 10 used directly, every other k inside product k / 10 (a ten-ary tree, three levels).
await sql`insert into product (code, name, kind, vendor_id)
  select 'p' || a || '-' || k, 'Product ' || k, case when k < 10 then 'hardware' when k < 100 then 'firmware' else 'software' end,
    (select id from vendor where code = 'v' || ((a * 7 + k * 13) % 400))
  from generate_series(0, ${assetCount - 1}::int) as a, generate_series(0, ${perAsset - 1}::int) as k`.execute(db);
await sql`insert into product_use (asset_id, product_id)
  select asset.id, product.id from generate_series(0, ${assetCount - 1}::int) as a, generate_series(0, 9) as k
  join asset on true join product on true where asset.code = 'a' || a and product.code = 'p' || a || '-' || k`.execute(db);
await sql`insert into product_component (parent_product_id, child_product_id)
  select parent.id, child.id from product child
  join product parent on parent.code = split_part(child.code, '-', 1) || '-' || (split_part(child.code, '-', 2)::int / 10)
  where split_part(child.code, '-', 2)::int >= 10`.execute(db);
await sql`analyze`.execute(db);
const counts = (await sql<{ products: number; components: number }>`select (select count(*) from product)::int as products, (select count(*) from product_component)::int as components`.execute(db)).rows[0]!;

const started = performance.now();
const cpuBefore = process.cpuUsage();
const scan = await services.supplyChain.scanHighRisk(platform);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const usage = process.resourceUsage();
await handle.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ assets: assetCount, products: counts.products, components: counts.components, findings: scan.summary.findings, inCore: scan.summary.inCore, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMb: usage.maxRSS / 1024 }));
