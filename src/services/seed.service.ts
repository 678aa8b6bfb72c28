import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Role } from '../domain/roles.ts';
import { systemActor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { seedDemoMessages, type DemoMessage } from './demo-messages.ts';
import { scaleDemo, type DemoFiles } from './demo-scale.ts';
import { hashPassword } from './auth.service.ts';
import type { RegistryService } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { seedCrisisDemo } from './crisis-plans.seed.ts';
import { seedCycleDemo } from './cycles.seed.ts';
import { seedDutyOfCareDemo } from './duty-of-care.seed.ts';
import { seedIncidentsDemo } from './incidents.seed.ts';
import { seedThreatIntelDemo } from './stix.service.ts';
import { seedStrategicDependenciesDemo } from './strategic-dependencies.seed.ts';

/** The password of every demo account; printed at start, never used outside the demo dataset. */
export const demoPassword = 'vitaal-demo-2026';

interface SectorFile { code: string; nameNl: string; nameEn: string; matches: string[] }
interface OrganisationFile { code: string; name: string; kind: string; country?: string; kvkNumber?: string }
interface ProcessFile { id: string; name_nl: string; name_en: string; sector: string; category: 'A' | 'B' | null; ministry: string; source?: string; notes?: string }
interface SupervisionFile { supervisor: string; sectors: string[] }
interface ProcessProviderFile { process: string; provider: string; role?: string; status?: string }
interface AssetFile { code: string; provider: string; process?: string; name: string; kind: string; assetType?: string; keyAsset?: boolean; latitude?: number; longitude?: number; populationServed?: number; euroPerHour?: number }
interface DependencyFile { dependent: string; supplier: string; type: string; group?: string; k?: number; bufferHours?: number; crossBorderCountry?: string }
interface VendorFile { code: string; name: string; country: string; controlledFromCountry?: string; aliases?: string[]; products: { code: string; name: string; kind: string }[] }
interface UserFile { email: string; name: string; organisation: string; roles: Role[] }

export interface SeedReport {
  skipped: boolean;
  created: number;
  updated: number;
}

/**
 * Loads the reference data (sectors, public bodies, the 28 vital processes, supervision) and, on request, the
 * fictional demo dataset. Idempotent: records are matched on their codes, and an unchanged data set is skipped.
 */
export function createSeedService(db: Kysely<Database>, registry: RegistryService, dataDir: string) {
  const actor = systemActor('seed');
  const read = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as T;
  const readFolder = (folder: string): DemoFiles =>
    Object.fromEntries(fs.readdirSync(path.join(dataDir, folder)).filter((name) => name.endsWith('.json')).map((name) => [name, read(`${folder}/${name}`)]));
  const fingerprint = (folder: string) => {
    const hash = createHash('sha256');
    const root = path.join(dataDir, folder);
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => fs.statSync(path.join(root, file)).isFile());
    for (const file of files.sort()) hash.update(file).update(fs.readFileSync(path.join(root, file)));
    return hash.digest('hex');
  };

  async function idsByCode(table: 'organisation' | 'sector' | 'vitalProcess' | 'asset' | 'vendor' | 'product'): Promise<Map<string, string>> {
    const rows = await db.selectFrom(table).select(['id', 'code']).execute();
    return new Map(rows.map((row) => [row.code, row.id]));
  }

  const lookup = (map: Map<string, string>, code: string, what: string) => {
    const id = map.get(code);
    if (!id) throw new Error(`Seed data refers to unknown ${what} "${code}"`);
    return id;
  };

  /** Runs `load` unless the folder's files are unchanged since the last successful run. */
  async function once(folder: string, load: () => Promise<{ created: number; updated: number }>, variant = ''): Promise<SeedReport> {
    const key = `seed:${folder}`;
    const current = fingerprint(folder) + variant;
    const stored = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
    if (stored?.value === current) return { skipped: true, created: 0, updated: 0 };
    const counts = await load();
    // Until tables are analyzed the planner takes them for nearly empty and chooses nested loops that cost tens of
    // times more on the loaded data. A server's autovacuum would analyze within minutes; PGlite has none.
    await sql`analyze`.execute(db);
    await db.insertInto('setting').values({ key, value: current }).onConflict((oc) => oc.column('key').doUpdateSet({ value: current })).execute();
    return { skipped: false, ...counts };
  }

  const sum = (results: { created: number; updated: number }[]) =>
    results.reduce((total, result) => ({ created: total.created + result.created, updated: total.updated + result.updated }), { created: 0, updated: 0 });

  return {
    seedReference: () =>
      once('reference', async () => {
        const sectors = read<SectorFile[]>('reference/sectors.json');
        const results = [await registry.upsertMany(actor, 'sectors', sectors.map(({ code, nameNl, nameEn }) => ({ code, nameNl, nameEn })))];
        results.push(await registry.upsertMany(actor, 'organisations', read<OrganisationFile[]>('reference/organisations.json').map(organisationValues)));
        const sectorIds = await idsByCode('sector');
        const organisationIds = await idsByCode('organisation');
        const sectorOf = (name: string) => sectors.find((sector) => sector.matches.includes(name))?.code ?? name;
        const ministries = read<{ map: Record<string, string> }>('reference/ministry-map.json').map;
        const processes = read<ProcessFile[]>('reference/vital-processes.json').map((process) => ({
          code: process.id,
          nameNl: process.name_nl,
          nameEn: process.name_en,
          sectorId: lookup(sectorIds, sectorOf(process.sector), 'sector'),
          category: process.category,
          ministryId: lookup(organisationIds, ministries[process.ministry] ?? process.ministry, 'ministry'),
          source: process.source || null,
          notes: process.notes || null,
        }));
        results.push(await registry.upsertMany(actor, 'vital-processes', processes));
        const supervision = read<SupervisionFile[]>('reference/supervision.json').flatMap((entry) =>
          entry.sectors.map((sector) => ({ supervisorId: lookup(organisationIds, entry.supervisor, 'supervisor'), sectorId: lookup(sectorIds, sector, 'sector') })),
        );
        if (supervision.length > 0) await db.insertInto('supervision').values(supervision).onConflict((oc) => oc.doNothing()).execute();
        return sum(results);
      }),

    /** `scale` > 1 seeds the demo that many times over (src/services/demo-scale.ts), for load tests. */
    seedDemo: ({ scale = 1 }: { scale?: number } = {}) =>
      once('demo', async () => {
        const demo = scaleDemo(readFolder('demo'), scale);
        const file = <T>(name: string) => demo[name] as T;
        const results = [await registry.upsertMany(actor, 'organisations', file<OrganisationFile[]>('organisations.json').map(organisationValues))];
        const organisationIds = await idsByCode('organisation');
        const processIds = await idsByCode('vitalProcess');
        results.push(
          await registry.upsertMany(
            actor,
            'process-providers',
            file<ProcessProviderFile[]>('process-providers.json').map((entry) => ({
              processId: lookup(processIds, entry.process, 'vital process'),
              providerId: lookup(organisationIds, entry.provider, 'provider'),
              role: entry.role,
              status: entry.status,
            })),
          ),
        );
        results.push(
          await registry.upsertMany(
            actor,
            'assets',
            file<AssetFile[]>('assets.json').map(({ provider, process, ...asset }) => ({
              ...asset,
              providerId: lookup(organisationIds, provider, 'provider'),
              processId: process ? lookup(processIds, process, 'vital process') : null,
            })),
          ),
        );
        const assetIds = await idsByCode('asset');
        results.push(
          await registry.upsertMany(
            actor,
            'dependencies',
            file<DependencyFile[]>('dependencies.json').map((dependency) => ({
              dependentId: lookup(assetIds, dependency.dependent, 'asset'),
              supplierId: lookup(assetIds, dependency.supplier, 'asset'),
              type: dependency.type,
              groupName: dependency.group ?? null,
              k: dependency.k ?? null,
              bufferHours: dependency.bufferHours ?? 0,
              crossBorderCountry: dependency.crossBorderCountry ?? null,
            })),
          ),
        );
        await seedVendors(file<VendorFile[]>('vendors.json'), file<{ asset: string; product: string }[]>('product-uses.json'), assetIds);
        results.push(await seedUsers(file<UserFile[]>('users.json'), organisationIds));
        results.push(await seedDemoMessages(db, file<DemoMessage[]>('messages.json')));
        results.push(await seedDutyOfCareDemo(db, dataDir, file('duty-of-care.json'), organisationIds));
        results.push(await seedIncidentsDemo(db, dataDir, file('incidents.json'), await idsByCode('organisation')));
        results.push(await seedCrisisDemo(db, file('crisis-plans.json')));
        results.push(await seedCycleDemo(db, dataDir, file('cycles.json')));
        results.push(await seedThreatIntelDemo(db, dataDir, file('threat-intel.json')));
        results.push(await seedStrategicDependenciesDemo(db, dataDir, file('strategic-dependencies.json')));
        return sum(results);
        // A scaled demo is another data set: seeding it after the plain one must not be skipped.
      }, scale > 1 ? `x${scale}` : ''),

    /** The demo accounts, for printing at start. */
    demoAccounts: () => read<UserFile[]>('demo/users.json').map(({ email, roles }) => ({ email, roles, password: demoPassword })),
  };

  async function seedVendors(vendors: VendorFile[], uses: { asset: string; product: string }[], assetIds: Map<string, string>) {
    await inTransaction(db, async (tx) => {
      for (const vendor of vendors) {
        const values = { code: vendor.code, name: vendor.name, country: vendor.country, controlledFromCountry: vendor.controlledFromCountry ?? null, aliases: vendor.aliases ?? [] };
        const { id } = await tx
          .insertInto('vendor')
          .values(values)
          .onConflict((oc) => oc.column('code').doUpdateSet(values))
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const product of vendor.products) {
          const productValues = { ...product, vendorId: id };
          await tx.insertInto('product').values(productValues).onConflict((oc) => oc.column('code').doUpdateSet(productValues)).execute();
        }
      }
      const productIds = new Map((await tx.selectFrom('product').select(['id', 'code']).execute()).map((row) => [row.code, row.id]));
      const rows = uses.map((use) => ({ assetId: lookup(assetIds, use.asset, 'asset'), productId: lookup(productIds, use.product, 'product') }));
      if (rows.length > 0) await tx.insertInto('productUse').values(rows).onConflict((oc) => oc.doNothing()).execute();
      await appendAudit(tx, actor, { action: 'seed', objectType: 'vendor', details: { vendors: vendors.length, productUses: rows.length } });
    });
  }

  async function seedUsers(users: UserFile[], organisationIds: Map<string, string>) {
    const passwordHash = await hashPassword(demoPassword);
    return inTransaction(db, async (tx) => {
      let created = 0;
      for (const user of users) {
        const inserted = await tx
          .insertInto('appUser')
          .values({ email: user.email, name: user.name, roles: user.roles, organisationId: lookup(organisationIds, user.organisation, 'organisation'), passwordHash })
          .onConflict((oc) => oc.column('email').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) {
          created++;
          await appendAudit(tx, actor, { action: 'create', objectType: 'user', objectId: inserted.id, subjectOrgId: organisationIds.get(user.organisation) ?? null });
        }
      }
      return { created, updated: 0 };
    });
  }
}

const organisationValues = ({ code, name, kind, country, kvkNumber }: OrganisationFile) => ({ code, name, kind, country: country ?? 'NL', kvkNumber: kvkNumber ?? null });

export type SeedService = ReturnType<typeof createSeedService>;
