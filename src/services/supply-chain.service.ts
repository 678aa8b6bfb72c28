import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { normaliseCountry } from '../domain/countries.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { createHighRiskScan } from './high-risk-scan.ts';
import { authorizeWrite, readCondition } from './policy.ts';
import { isUuid, type Page } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { recomputeOwnedControl } from './vendors.service.ts';
import { pageWithTotal } from './paging.ts';

export const productKinds = ['hardware', 'firmware', 'software', 'service'] as const;

export interface VendorInput {
  code?: string;
  name?: string;
  aliases?: string[];
  /** Country of establishment: an ISO code or a name in free text, stored as ISO 3166-1 alpha-2. */
  country?: string;
  /** Country of the ultimate controlling party, in free text; null when the vendor is controlled where it is established. */
  controlledFromCountry?: string | null;
  controllingParty?: string | null;
  kvkNumber?: string | null;
  lei?: string | null;
}

export interface ProductInput {
  code?: string;
  name?: string;
  kind?: (typeof productKinds)[number];
  vendorId?: string;
  manufacturerId?: string | null;
  /** In the shared register (default); false for a product known only from a provider's own records. */
  listed?: boolean;
  /** Products inside this one (firmware in a device); replaces the whole set on update. */
  componentIds?: string[];
}

export interface VendorFilters {
  q?: string;
  country?: string;
  controlledFromCountry?: string;
  kvkNumber?: string;
  lei?: string;
}

export interface ProductFilters {
  vendorId?: string;
  manufacturerId?: string;
  kind?: string;
  q?: string;
}

export interface ProductUseFilters {
  assetId?: string;
  productId?: string;
  providerId?: string;
  keyAsset?: boolean;
}

const vendorColumns = ['id', 'code', 'name', 'aliases', 'country', 'controlledFromCountry', 'controllingParty', 'kvkNumber', 'lei', 'createdAt', 'updatedAt'] as const;
const productColumns = ['product.id', 'product.code', 'product.name', 'product.kind', 'product.vendorId', 'product.manufacturerId', 'product.listed', 'product.createdAt', 'product.updatedAt'] as const;

/** A country given as free text, as ISO 3166-1 alpha-2; refused naming the field when it denotes no country. */
function countryField(text: string | null | undefined, field: string): string | null | undefined {
  if (text === undefined || text === null) return text;
  const code = normaliseCountry(text);
  if (!code) throw invalid('unknown-country', `"${text}" is not a country Vitaal recognises; give an ISO 3166-1 code or the country's name.`, [{ path: `/${field}`, message: 'unknown country' }]);
  return code;
}

const defined = <T extends Record<string, unknown>>(values: T) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** The vendor register, products (with their components) and where they are used, and the high-risk scan; policy-checked and audited. */
export function createSupplyChainService(db: Kysely<Database>, options: { dataDir: string }) {
  const vendorFieldOf = (constraint: string) => (constraint === 'vendor_lei_idx' ? 'lei' : fieldOfConstraint('vendor', constraint));
  const productFieldOf = (constraint: string) => fieldOfConstraint('product', constraint);
  const useFieldOf = (constraint: string) => (constraint === 'product_use_pkey' ? 'productId' : fieldOfConstraint('product_use', constraint));

  const findVendor = (tx: Transaction<Database>, id: string) =>
    isUuid(id) ? tx.selectFrom('vendor').select(vendorColumns).where('id', '=', id).where(readCondition({ kind: 'system', via: 'lookup' }, 'vendors')).executeTakeFirst() : Promise.resolve(undefined);

  const selectProducts = (tx: Transaction<Database>, actor: Actor) =>
    tx
      .selectFrom('product')
      .where(readCondition(actor, 'products'))
      .select([...productColumns, sql<string[]>`array(select child_product_id from product_component where parent_product_id = product.id order by child_product_id)`.as('componentIds')]);

  const findProduct = async (tx: Transaction<Database>, actor: Actor, id: string) => (isUuid(id) ? selectProducts(tx, actor).where('product.id', '=', id).executeTakeFirst() : undefined);

  const vendorValues = (input: VendorInput) =>
    defined({
      code: input.code,
      name: input.name,
      aliases: input.aliases,
      country: countryField(input.country, 'country') ?? undefined,
      controlledFromCountry: countryField(input.controlledFromCountry, 'controlledFromCountry'),
      controllingParty: input.controllingParty,
      kvkNumber: input.kvkNumber,
      lei: input.lei,
    });

  /** Replaces the components of `productId`; refuses a set that would make the product contain itself. */
  async function setComponents(tx: Transaction<Database>, productId: string, componentIds: string[]) {
    await tx.deleteFrom('productComponent').where('parentProductId', '=', productId).execute();
    const children = [...new Set(componentIds)];
    if (children.length === 0) return;
    if (children.includes(productId)) throw new DomainError('product-component-cycle', 'A product cannot contain itself.', [{ path: '/componentIds', message: 'contains the product itself' }]);
    const cycle = await sql<{ id: string }>`with recursive below(id) as (
        select child_product_id from product_component where parent_product_id in (${sql.join(children)})
        union select pc.child_product_id from product_component pc join below on pc.parent_product_id = below.id)
      select id from below where id = ${productId} limit 1`.execute(tx);
    if (cycle.rows.length > 0) throw new DomainError('product-component-cycle', 'A component already contains this product.', [{ path: '/componentIds', message: 'would contain the product itself' }]);
    await tx.insertInto('productComponent').values(children.map((childProductId) => ({ parentProductId: productId, childProductId }))).execute();
  }

  return {
    /** A page of vendors; `q` matches code, name or an alias (case-insensitive, part of the text). */
    async listVendors(actor: Actor, filters: VendorFilters, page: Page) {
      let query = db.selectFrom('vendor').where(readCondition(actor, 'vendors'));
      if (filters.q) {
        const pattern = likePattern(filters.q);
        query = query.where(sql<boolean>`(lower(vendor.code) like ${pattern} or lower(vendor.name) like ${pattern} or exists (select 1 from unnest(vendor.aliases) alias where lower(alias) like ${pattern}))`);
      }
      for (const key of ['country', 'controlledFromCountry'] as const) {
        const value = filters[key];
        if (value !== undefined) query = query.where(key, '=', countryField(value, key) as string);
      }
      if (filters.kvkNumber !== undefined) query = query.where('kvkNumber', '=', filters.kvkNumber);
      if (filters.lei !== undefined) query = query.where('lei', '=', filters.lei);
      const { rows: items, total } = await pageWithTotal(db, query.select(vendorColumns).orderBy('name').orderBy('id'), query.select((eb) => eb.fn.countAll<string>().as('total')), page);
      return { items, total, ...page };
    },

    async getVendor(actor: Actor, id: string) {
      const vendor = isUuid(id) ? await db.selectFrom('vendor').select(vendorColumns).where('id', '=', id).where(readCondition(actor, 'vendors')).executeTakeFirst() : undefined;
      if (!vendor) throw notFound('vendor', id);
      return vendor;
    },

    /** Registers a vendor; countries are normalised from free text to ISO 3166-1 alpha-2. */
    async createVendor(actor: Actor, input: VendorInput) {
      return inTransaction(
        db,
        async (tx) => {
          const values = vendorValues(input);
          await authorizeWrite(actor, 'vendors', { tx, after: values });
          const vendor = await tx
            .insertInto('vendor')
            .values(values as Required<Pick<typeof values, 'code' | 'name' | 'country'>> & typeof values)
            .returning(vendorColumns)
            .executeTakeFirstOrThrow();
          await appendAudit(tx, actor, { action: 'create', objectType: 'vendor', objectId: vendor.id, after: vendor });
          return vendor;
        },
        vendorFieldOf,
      );
    },

    async updateVendor(actor: Actor, id: string, patch: VendorInput) {
      return inTransaction(
        db,
        async (tx) => {
          const before = await findVendor(tx, id);
          if (!before) throw notFound('vendor', id);
          if (patch.code !== undefined && patch.code !== before.code) throw invalid('field-immutable', 'code cannot be changed after creation.', [{ path: '/code', message: 'cannot be changed' }]);
          const changes = vendorValues(patch);
          await authorizeWrite(actor, 'vendors', { tx, before, after: { ...before, ...changes } });
          const vendor = await tx.updateTable('vendor').set({ ...changes, updatedAt: new Date() }).where('id', '=', id).returning(vendorColumns).executeTakeFirstOrThrow();
          if (changes.country !== undefined || changes.controlledFromCountry !== undefined) await recomputeOwnedControl(tx, id);
          await appendAudit(tx, actor, { action: 'update', objectType: 'vendor', objectId: id, before, after: vendor });
          return vendor;
        },
        vendorFieldOf,
      );
    },

    /** A page of the products `actor` may see, with their component ids. */
    async listProducts(actor: Actor, filters: ProductFilters, page: Page) {
      return inTransaction(db, async (tx) => {
        let query = selectProducts(tx, actor);
        if (filters.vendorId !== undefined) query = query.where('product.vendorId', '=', filters.vendorId);
        if (filters.manufacturerId !== undefined) query = query.where('product.manufacturerId', '=', filters.manufacturerId);
        if (filters.kind !== undefined) query = query.where('product.kind', '=', filters.kind);
        if (filters.q) query = query.where(sql<boolean>`(lower(product.code) like ${likePattern(filters.q)} or lower(product.name) like ${likePattern(filters.q)})`);
        const { rows: items, total } = await pageWithTotal(tx, query.orderBy('product.code').orderBy('product.id'), tx.selectFrom(query.as('visible')).select((eb) => eb.fn.countAll<string>().as('total')), page);
        return { items, total, ...page };
      });
    },

    async getProduct(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const product = await findProduct(tx, actor, id);
        if (!product) throw notFound('product', id);
        return product;
      });
    },

    /** Registers a product of a vendor (and, when another, its manufacturer), with the products inside it. */
    async createProduct(actor: Actor, input: ProductInput) {
      return inTransaction(
        db,
        async (tx) => {
          const { componentIds = [], ...values } = input;
          await authorizeWrite(actor, 'products', { tx, after: values });
          const { id } = await tx
            .insertInto('product')
            .values(values as Required<Omit<ProductInput, 'componentIds' | 'manufacturerId'>> & ProductInput)
            .returning('id')
            .executeTakeFirstOrThrow();
          await setComponents(tx, id, componentIds);
          const product = (await findProduct(tx, { kind: 'system', via: 'lookup' }, id))!;
          await appendAudit(tx, actor, { action: 'create', objectType: 'product', objectId: id, after: product });
          return product;
        },
        (constraint) => (constraint.startsWith('product_component_') ? 'componentIds' : productFieldOf(constraint)),
      );
    },

    async updateProduct(actor: Actor, id: string, patch: ProductInput) {
      return inTransaction(
        db,
        async (tx) => {
          const before = await findProduct(tx, actor, id);
          if (!before) throw notFound('product', id);
          if (patch.code !== undefined && patch.code !== before.code) throw invalid('field-immutable', 'code cannot be changed after creation.', [{ path: '/code', message: 'cannot be changed' }]);
          const { componentIds, ...changes } = patch;
          await authorizeWrite(actor, 'products', { tx, before, after: { ...before, ...changes } });
          await tx.updateTable('product').set({ ...defined(changes), updatedAt: new Date() }).where('id', '=', id).execute();
          if (componentIds) await setComponents(tx, id, componentIds);
          const product = (await findProduct(tx, { kind: 'system', via: 'lookup' }, id))!;
          await appendAudit(tx, actor, { action: 'update', objectType: 'product', objectId: id, before, after: product });
          return product;
        },
        (constraint) => (constraint.startsWith('product_component_') ? 'componentIds' : productFieldOf(constraint)),
      );
    },

    /** Where products are used: the asset, its provider and process, and whether it is a key asset. */
    async listProductUses(actor: Actor, filters: ProductUseFilters, page: Page) {
      return inTransaction(db, async (tx) => {
        let query = tx.selectFrom('productUse').innerJoin('asset', 'asset.id', 'productUse.assetId').where(readCondition(actor, 'product-uses'));
        if (filters.assetId !== undefined) query = query.where('productUse.assetId', '=', filters.assetId);
        if (filters.productId !== undefined) query = query.where('productUse.productId', '=', filters.productId);
        if (filters.providerId !== undefined) query = query.where('asset.providerId', '=', filters.providerId);
        if (filters.keyAsset !== undefined) query = query.where('asset.keyAsset', '=', filters.keyAsset);
        const { rows: items, total } = await pageWithTotal(
          tx,
          query
            .select(['productUse.assetId', 'productUse.productId', 'asset.providerId', 'asset.processId', 'asset.keyAsset'])
            .orderBy('asset.code')
            .orderBy('productUse.productId'),
          query.select((eb) => eb.fn.countAll<string>().as('total')),
          page,
        );
        await appendAudit(tx, actor, { action: 'list', objectType: 'product-use', details: { filters, count: items.length } });
        return { items, total, ...page };
      });
    },

    /** Records that an asset uses a product: the asset's provider (or the coordinator) does. */
    async createProductUse(actor: Actor, input: { assetId: string; productId: string }) {
      return inTransaction(
        db,
        async (tx) => {
          const asset = isUuid(input.assetId)
            ? await tx.selectFrom('asset').select(['id', 'providerId', 'processId', 'keyAsset']).where('id', '=', input.assetId).where(readCondition(actor, 'assets')).executeTakeFirst()
            : undefined;
          if (!asset) throw notFound('asset', input.assetId);
          // An unlisted product is visible only once an asset uses it; its (unguessable) id is what the recording party knows.
          if (!(await findProduct(tx, { kind: 'system', via: 'lookup' }, input.productId))) throw notFound('product', input.productId);
          await authorizeWrite(actor, 'product-uses', { tx, after: input });
          await tx.insertInto('productUse').values(input).execute();
          const use = { assetId: asset.id, productId: input.productId, providerId: asset.providerId, processId: asset.processId, keyAsset: asset.keyAsset };
          await appendAudit(tx, actor, { action: 'create', objectType: 'product-use', objectId: `${asset.id}/${input.productId}`, subjectOrgId: asset.providerId, after: use });
          return use;
        },
        useFieldOf,
      );
    },

    scanHighRisk: createHighRiskScan(db, options.dataDir),
  };
}

export type SupplyChainService = ReturnType<typeof createSupplyChainService>;
