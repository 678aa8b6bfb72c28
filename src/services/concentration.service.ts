import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { checkConcentrationBands, marketConcentration, type ConcentrationBands } from '../domain/concentration.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { authorizeSubstitutabilityWrite, dependenceUsesVisible, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { readReference } from './risk.service.ts';
import { inTransaction } from './transaction.ts';

/**
 * Concentration and substitutability (issue 5 item 5): per vendor, the providers, processes and sectors that depend on
 * it and through which products; per asset class, the market concentration (HHI) with the qualified alternatives and
 * the time to switch; and the assets a vendor cut-off takes down, for the cascade scenario of that name.
 */

type Executor = Kysely<Database> | Transaction<Database>;

/** The vendor and every vendor it controls, directly or down its ownership chain. */
const controlledVendors = (vendorId: string) => sql`with recursive controlled(id) as (
    select ${vendorId}::uuid
    union select o.vendor_id from vendor_ownership o join controlled c on o.parent_vendor_id = c.id)
  select id from controlled`;

/**
 * Pairs (product used by an asset, product of one of `vendors`) where the used product is the vendor's own product or
 * holds it as a component at any depth (firmware inside a device, a library inside software).
 */
const productsReaching = (vendors: RawBuilder<unknown>) => sql`with recursive reach(product_id, via_id) as (
    select id, id from product where vendor_id in (${vendors}) or manufacturer_id in (${vendors})
    union select pc.parent_product_id, reach.via_id from product_component pc join reach on pc.child_product_id = reach.product_id)
  select product_id, via_id from reach`;

/** Every asset using a product sold or made by the vendor or a vendor it controls (also inside another product): the cut-off scenario's failures. */
export async function assetsCutOffFromVendor(db: Executor, vendorId: string): Promise<string[]> {
  const rows = await sql<{ assetId: string }>`select distinct pu.asset_id as "assetId" from product_use pu
    where pu.product_id in (select product_id from (${productsReaching(controlledVendors(vendorId))}) reach)
    order by 1`.execute(db);
  return rows.rows.map((row) => row.assetId);
}

export interface SubstitutabilityInput {
  qualifiedAlternatives: number;
  switchMonths: number;
  source: string;
  confirmed?: boolean;
  note?: string | null;
}

const substitutabilityColumns = ['id', 'assetClass', 'productId', 'qualifiedAlternatives', 'switchMonths', 'source', 'confirmed', 'note', 'updatedByUserId', 'updatedAt'] as const;

/** The asset class of an asset: its type when known, else its kind. */
export const assetClassOf = (assetType: string | null, kind: string) => assetType ?? kind;
const assetClassSql = sql<string>`coalesce(a.asset_type, a.kind)`;

export function createConcentrationService(db: Kysely<Database>, options: { dataDir: string }) {
  /** Read on every call so that an edit of the reference file takes effect at once. */
  function readBands(): { bands: ConcentrationBands; source: string; confirmed: boolean } {
    const file = readReference(options.dataDir, 'concentration.json') as { bands?: unknown; source?: string; confirmed?: boolean };
    const problems = checkConcentrationBands(file.bands);
    if (problems.length > 0 || typeof file.source !== 'string') throw invalid('file-unreadable', `reference/concentration.json: ${[...problems, ...(typeof file.source === 'string' ? [] : ['source is required'])].join('; ')}.`);
    return { bands: file.bands as ConcentrationBands, source: file.source, confirmed: file.confirmed === true };
  }

  /** Uses of products reaching `vendors`, by assets the actor may see, with the asset's provider, process and sector. */
  const usesReaching = (tx: Executor, actor: Actor, vendors: RawBuilder<unknown>) =>
    sql<{ productId: string; viaId: string; assetId: string; providerId: string; processId: string | null; sectorId: string | null; keyAsset: boolean }>`
      select distinct reach.product_id as "productId", reach.via_id as "viaId", a.id as "assetId", a.provider_id as "providerId", a.process_id as "processId", vp.sector_id as "sectorId", a.key_asset as "keyAsset"
      from (${productsReaching(vendors)}) reach
      join product_use pu on pu.product_id = reach.product_id
      join asset a on a.id = pu.asset_id
      left join vital_process vp on vp.id = a.process_id
      where ${dependenceUsesVisible(actor, 'a.provider_id')}`.execute(tx);

  return {
    /**
     * Who depends on a vendor (and on the vendors it controls): providers, processes and sectors, through which products
     * (the product used, and whether the vendor's product is that product itself or inside it), over the uses the actor may see.
     */
    async vendorDependence(actor: Actor, vendorId: string) {
      return inTransaction(db, async (tx) => {
        const vendor = isUuid(vendorId) ? await tx.selectFrom('vendor').select(['id', 'code', 'name', 'country', 'controlledFromCountry']).where('id', '=', vendorId).where(readCondition(actor, 'vendors')).executeTakeFirst() : undefined;
        if (!vendor) throw notFound('vendor', vendorId);
        const controlled = await sql<{ id: string; code: string; name: string }>`select v.id, v.code, v.name from vendor v where v.id in (${controlledVendors(vendorId)}) and v.id <> ${vendorId} order by v.code`.execute(tx);
        const uses = (await usesReaching(tx, actor, controlledVendors(vendorId))).rows;
        const productIds = [...new Set(uses.flatMap((use) => [use.productId, use.viaId]))];
        const products = productIds.length === 0 ? [] : await tx.selectFrom('product').select(['id', 'code', 'name', 'kind', 'vendorId']).where('id', 'in', productIds).execute();
        const productOf = new Map(products.map((product) => [product.id, product]));
        const processIds = [...new Set(uses.map((use) => use.processId).filter((id): id is string => id !== null))];
        const processes = processIds.length === 0 ? [] : await tx.selectFrom('vitalProcess').select(['id', 'code', 'nameNl', 'nameEn', 'sectorId']).where('id', 'in', processIds).orderBy('code').execute();
        const sectorIds = [...new Set(processes.map((process) => process.sectorId))];
        const sectors = sectorIds.length === 0 ? [] : await tx.selectFrom('sector').select(['id', 'code', 'nameNl', 'nameEn']).where('id', 'in', sectorIds).orderBy('code').execute();
        const distinct = (values: (string | null)[]) => new Set(values.filter((value) => value !== null)).size;
        const byProduct = new Map<string, typeof uses>();
        for (const use of uses) byProduct.set(use.productId, [...(byProduct.get(use.productId) ?? []), use]);
        const through = [...byProduct].map(([productId, rows]) => {
          const product = productOf.get(productId)!;
          const assets = new Set(rows.map((row) => row.assetId));
          return {
            product,
            vendorProducts: [...new Set(rows.map((row) => row.viaId))].map((id) => productOf.get(id)!).sort((a, b) => a.code.localeCompare(b.code)),
            direct: rows.some((row) => row.viaId === productId),
            assets: assets.size,
            keyAssets: new Set(rows.filter((row) => row.keyAsset).map((row) => row.assetId)).size,
            providers: distinct(rows.map((row) => row.providerId)),
          };
        });
        through.sort((a, b) => b.assets - a.assets || a.product.code.localeCompare(b.product.code));
        const result = {
          vendor,
          controlledVendors: controlled.rows,
          totals: {
            providers: distinct(uses.map((use) => use.providerId)),
            processes: processIds.length,
            sectors: sectorIds.length,
            assets: distinct(uses.map((use) => use.assetId)),
            keyAssets: distinct(uses.filter((use) => use.keyAsset).map((use) => use.assetId)),
          },
          processes: processes.map((process) => ({ ...process, providers: distinct(uses.filter((use) => use.processId === process.id).map((use) => use.providerId)) })),
          sectors,
          products: through,
        };
        await appendAudit(tx, actor, { action: 'read', objectType: 'vendor-dependence', objectId: vendorId, details: { assets: result.totals.assets } });
        return result;
      });
    },

    /** Every vendor with uses the actor may see, ranked by the providers that depend on it (through any product, also as a component). */
    async vendorRanking(actor: Actor, limit: number) {
      return inTransaction(db, async (tx) => {
        const rows = await sql<{ vendorId: string; code: string; name: string; country: string; controlledFromCountry: string | null; providers: number; processes: number; sectors: number; assets: number; keyAssets: number }>`
          with recursive reach(product_id, vendor_id) as (
            select id, vendor_id from product
            union select id, manufacturer_id from product where manufacturer_id is not null
            union select pc.parent_product_id, reach.vendor_id from product_component pc join reach on pc.child_product_id = reach.product_id)
          select v.id as "vendorId", v.code, v.name, v.country, v.controlled_from_country as "controlledFromCountry",
            count(distinct a.provider_id)::int as providers, count(distinct a.process_id)::int as processes, count(distinct vp.sector_id)::int as sectors,
            count(distinct a.id)::int as assets, count(distinct a.id) filter (where a.key_asset)::int as "keyAssets"
          from reach join product_use pu on pu.product_id = reach.product_id join asset a on a.id = pu.asset_id
            join vendor v on v.id = reach.vendor_id left join vital_process vp on vp.id = a.process_id
          where ${dependenceUsesVisible(actor, 'a.provider_id')}
          group by v.id, v.code, v.name, v.country, v.controlled_from_country
          order by providers desc, assets desc, v.code
          limit ${limit}`.execute(tx);
        await appendAudit(tx, actor, { action: 'list', objectType: 'vendor-dependence', details: { count: rows.rows.length } });
        return { items: rows.rows };
      });
    },

    /**
     * Per asset class (an asset's type, else its kind): the vendors' shares of the assets using their products directly,
     * the HHI with its band (reference data), and the class's qualified alternatives and time to switch when recorded.
     */
    async assetClassConcentration(actor: Actor) {
      const { bands, source, confirmed } = readBands();
      return inTransaction(db, async (tx) => {
        const rows = await sql<{ assetClass: string; vendorId: string; uses: number }>`
          select ${assetClassSql} as "assetClass", p.vendor_id as "vendorId", count(distinct a.id)::int as uses
          from product_use pu join asset a on a.id = pu.asset_id join product p on p.id = pu.product_id
          where ${dependenceUsesVisible(actor, 'a.provider_id')}
          group by 1, 2`.execute(tx);
        const vendorIds = [...new Set(rows.rows.map((row) => row.vendorId))];
        const vendors = vendorIds.length === 0 ? [] : await tx.selectFrom('vendor').select(['id', 'code', 'name', 'country', 'controlledFromCountry']).where('id', 'in', vendorIds).execute();
        const vendorOf = new Map(vendors.map((vendor) => [vendor.id, vendor]));
        const entries = await tx.selectFrom('substitutability').select([...substitutabilityColumns]).where('assetClass', 'is not', null).execute();
        const entryOf = new Map(entries.map((entry) => [entry.assetClass!, entry]));
        const classes = new Map<string, Map<string, number>>();
        for (const row of rows.rows) classes.set(row.assetClass, (classes.get(row.assetClass) ?? new Map()).set(row.vendorId, row.uses));
        const items = [...classes]
          .map(([assetClass, uses]) => {
            const concentration = marketConcentration(uses, bands);
            return { assetClass, ...concentration, shares: concentration.shares.map((share) => ({ ...share, vendor: vendorOf.get(share.vendorId)! })), substitutability: entryOf.get(assetClass) ?? null };
          })
          .sort((a, b) => b.hhi - a.hhi || a.assetClass.localeCompare(b.assetClass));
        await appendAudit(tx, actor, { action: 'list', objectType: 'asset-class-concentration', details: { count: items.length } });
        return { bands, source, confirmed, items };
      });
    },

    /** Recorded alternatives and switching times: every asset-class entry and the product entries on products the actor may see. */
    async listSubstitutability(actor: Actor) {
      const items = await db
        .selectFrom('substitutability')
        .leftJoin('product', 'product.id', 'substitutability.productId')
        .where(sql<boolean>`(substitutability.product_id is null or ${readCondition(actor, 'products')})`)
        .select(substitutabilityColumns.map((column) => `substitutability.${column}` as const))
        .orderBy('substitutability.assetClass')
        .orderBy('substitutability.productId')
        .execute();
      return { items };
    },

    /** Records (or replaces) the alternatives and switching time of an asset class or a product, with its source. */
    async putSubstitutability(actor: Actor, key: { assetClass: string } | { productId: string }, input: SubstitutabilityInput) {
      return inTransaction(
        db,
        async (tx) => {
          authorizeSubstitutabilityWrite(actor);
          if ('productId' in key && !(isUuid(key.productId) && (await tx.selectFrom('product').select('id').where('id', '=', key.productId).where(readCondition(actor, 'products')).executeTakeFirst())))
            throw notFound('product', key.productId);
          const match = 'productId' in key ? tx.selectFrom('substitutability').where('productId', '=', key.productId) : tx.selectFrom('substitutability').where('assetClass', '=', key.assetClass);
          const before = await match.select([...substitutabilityColumns]).executeTakeFirst();
          const values = {
            qualifiedAlternatives: input.qualifiedAlternatives,
            switchMonths: input.switchMonths,
            source: input.source,
            confirmed: input.confirmed ?? false,
            note: input.note ?? null,
            updatedByUserId: actor.kind === 'user' ? actor.userId : null,
            updatedAt: new Date(),
          };
          const row = before
            ? await tx.updateTable('substitutability').set(values).where('id', '=', before.id).returning([...substitutabilityColumns]).executeTakeFirstOrThrow()
            : await tx
                .insertInto('substitutability')
                .values({ ...values, ...('productId' in key ? { productId: key.productId } : { assetClass: key.assetClass }) })
                .returning([...substitutabilityColumns])
                .executeTakeFirstOrThrow();
          await appendAudit(tx, actor, { action: before ? 'update' : 'create', objectType: 'substitutability', objectId: row.id, before, after: row });
          return row;
        },
        (constraint) => fieldOfConstraint('substitutability', constraint),
      );
    },
  };
}

export type ConcentrationService = ReturnType<typeof createConcentrationService>;
