import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notFound } from '../domain/errors.ts';
import { vendorCandidates, type VendorIndex } from '../domain/vendor-aliases.ts';
import { byteChunks, passing } from '../interop/chunks.ts';
import { readSbom, type SbomComponent, type SbomDocument, type SbomSource } from '../interop/sbom/index.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeSbomWrite, readCondition, sbomReadCondition } from './policy.ts';
import { isUuid, type Page } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { loadVendorIndex } from './vendors.service.ts';
import { pageWithTotal } from './paging.ts';

/** Follows an import: `read` with the bytes read so far (it may throw to stop the import: a size limit), then `written` with `done` of `total` components. */
export interface SbomProgress {
  read?(bytes: number): void;
  written?(done: number, total: number): void;
}

export interface SbomImportSummary {
  sbomId: string;
  /** `created` for a new BOM, `updated` when it replaced an earlier version of the same BOM on the asset. */
  outcome: 'created' | 'updated';
  format: 'cyclonedx' | 'spdx';
  encoding: 'json' | 'xml';
  specVersion: string;
  name: string;
  components: number;
  services: number;
  dependencies: number;
  /** Distinct vendors of the register the components resolved to. */
  vendorsResolved: number;
  /** Distinct party names (or purl namespaces, CPE vendors) that matched no vendor. */
  vendorsUnresolved: number;
  componentsResolved: number;
  componentsUnresolved: number;
  /** Components and services that name no party at all. */
  componentsWithoutParty: number;
  /** Up to 20 of the unresolved names, most frequent first: candidates for new vendor aliases. */
  unresolvedNames: string[];
  /** Products (unlisted) that stand for the resolved components, for the high-risk scan. */
  products: number;
}

const sbomColumns = [
  'sbom.id',
  'sbom.assetId',
  'asset.providerId',
  'sbom.format',
  'sbom.encoding',
  'sbom.specVersion',
  'sbom.serialNumber',
  'sbom.name',
  'sbom.bomVersion',
  'sbom.sha256',
  'sbom.componentCount',
  'sbom.serviceCount',
  'sbom.dependencyCount',
  'sbom.vendorsResolved',
  'sbom.vendorsUnresolved',
  'sbom.imports',
  'sbom.createdAt',
  'sbom.updatedAt',
] as const;

/** Rows per bulk statement: one JSON parameter each, so the database parses the batch in one go. */
const batchSize = 5000;

/** Inserts rows in batches through `json_to_recordset` (about twice as fast as jsonb here), whatever their number (no bind-parameter limit). */
async function insertJsonBatches<T>(rows: T[], write: (json: string) => Promise<unknown>, onBatch?: (written: number) => void) {
  for (let start = 0; start < rows.length; start += batchSize) {
    await write(JSON.stringify(rows.slice(start, start + batchSize)));
    onBatch?.(Math.min(rows.length, start + batchSize));
  }
}

/**
 * A text[] as PostgreSQL's array literal: json_to_recordset turns a JSON array into text[] element by element, which
 * on a PostgreSQL server costs more than the rest of the row (1.3 s per 10⁵ components); the literal is parsed in one go.
 */
const textArrayLiteral = (values: string[]) => `{${values.map((value) => `"${value.replaceAll(/["\\]/g, '\\$&')}"`).join(',')}}`;

interface Resolution {
  vendorId: string | null;
  manufacturerId: string | null;
  via: string | null;
}

function resolveAll(nodes: SbomComponent[], index: VendorIndex) {
  const unresolved = new Map<string, number>();
  let withoutParty = 0;
  const resolutions = nodes.map((node): Resolution => {
    const candidates = vendorCandidates(node);
    const match = index.resolve(candidates);
    const manufacturer = node.names.manufacturer ? index.resolve(vendorCandidates({ names: { manufacturer: node.names.manufacturer } })) : undefined;
    if (!match) {
      const first = candidates[0];
      if (first) unresolved.set(first.value, (unresolved.get(first.value) ?? 0) + 1);
      else withoutParty++;
    }
    return { vendorId: match?.vendorId ?? null, manufacturerId: manufacturer && manufacturer.vendorId !== match?.vendorId ? manufacturer.vendorId : null, via: match?.via ?? null };
  });
  return { resolutions, unresolved, withoutParty };
}

/**
 * The product graph of a BOM: resolved components become products; nesting and the dependency graph become
 * "product inside product" edges, passing through components whose vendor is unknown (they have no product), so
 * that firmware of a known vendor inside a device of an unknown one is still found under the asset. The asset uses
 * the nearest products below the BOM's top-level nodes (its subject, and whatever nothing else contains or needs).
 */
function productGraph(document: SbomDocument, nodes: SbomComponent[], resolved: (index: number) => boolean) {
  const indexOf = new Map(nodes.map((node, index) => [node.ref, index]));
  const children: number[][] = nodes.map(() => []);
  const hasParent = new Array<boolean>(nodes.length).fill(false);
  const link = (from: number | undefined, to: number | undefined) => {
    if (from === undefined || to === undefined || from === to) return;
    children[from]!.push(to);
    hasParent[to] = true;
  };
  nodes.forEach((node, index) => link(node.parentRef === null ? undefined : indexOf.get(node.parentRef), index));
  for (const dependency of document.dependencies) for (const target of dependency.dependsOn) link(indexOf.get(dependency.ref), indexOf.get(target));

  // Nearest resolved nodes below `starts`, walking through unresolved ones only.
  const nearest = (starts: number[], self: number) => {
    const found = new Set<number>();
    const seen = new Set<number>([self]);
    const stack = [...starts];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (resolved(node)) found.add(node);
      else stack.push(...children[node]!);
    }
    return found;
  };
  const edges: [number, number][] = [];
  nodes.forEach((_, index) => {
    if (resolved(index)) for (const child of nearest(children[index]!, index)) edges.push([index, child]);
  });
  const tops = nodes.map((node, index) => (node.root || !hasParent[index] ? index : -1)).filter((index) => index >= 0);
  const used = nearest(tops, -1);
  return { edges, used: [...used] };
}

/** SBOM ingest (CycloneDX 1.4–1.7 JSON/XML, SPDX 2.3 JSON) onto a provider's asset, and reading SBOMs back; policy-checked and audited. */
export function createSbomService(db: Kysely<Database>) {
  const findSbom = (tx: Transaction<Database> | Kysely<Database>, actor: Actor, id: string) =>
    isUuid(id) ? tx.selectFrom('sbom').innerJoin('asset', 'asset.id', 'sbom.assetId').select(sbomColumns).where('sbom.id', '=', id).where(sbomReadCondition(actor)).executeTakeFirst() : Promise.resolve(undefined);

  async function store(tx: Transaction<Database>, actor: Actor, assetIdOrCode: string, document: SbomDocument, sha256: string, onProgress?: SbomProgress['written']): Promise<SbomImportSummary> {
    const asset = await tx
      .selectFrom('asset')
      .select(['id', 'providerId'])
      .where(isUuid(assetIdOrCode) ? 'id' : 'code', '=', assetIdOrCode)
      .where(readCondition(actor, 'assets'))
      .executeTakeFirst();
    if (!asset) throw notFound('asset', assetIdOrCode);
    const assetId = asset.id;
    await authorizeSbomWrite(actor, tx, assetId);

    // The same BOM again: the same serialNumber / documentNamespace on this asset, else the same name.
    const existing =
      (document.serialNumber
        ? await tx.selectFrom('sbom').select(['id', 'imports']).where('assetId', '=', assetId).where('serialNumber', '=', document.serialNumber).executeTakeFirst()
        : undefined) ?? (await tx.selectFrom('sbom').select(['id', 'imports']).where('assetId', '=', assetId).where('name', '=', document.name).orderBy('createdAt').executeTakeFirst());

    const nodes = [...document.components, ...document.services];
    const { resolutions, unresolved, withoutParty } = resolveAll(nodes, await loadVendorIndex(tx));
    const vendorIds = new Set(resolutions.map((resolution) => resolution.vendorId).filter(Boolean));
    const counts = {
      componentCount: document.components.filter((component) => !component.root).length,
      serviceCount: document.services.length,
      dependencyCount: document.dependencies.reduce((sum, dependency) => sum + dependency.dependsOn.length, 0),
      vendorsResolved: vendorIds.size,
      vendorsUnresolved: unresolved.size,
    };
    const header = {
      format: document.format,
      encoding: document.encoding,
      specVersion: document.specVersion,
      serialNumber: document.serialNumber,
      name: document.name,
      bomVersion: document.version,
      sha256,
      ...counts,
    };
    const importedBy = actor.kind === 'user' ? actor.userId : null;
    const sbom = existing
      ? await tx.updateTable('sbom').set({ ...header, imports: existing.imports + 1, importedBy, updatedAt: new Date() }).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()
      : await tx.insertInto('sbom').values({ assetId, ...header, importedBy }).returning('id').executeTakeFirstOrThrow();

    // Replace what an earlier version wrote: its component rows, the uses and edges of its products.
    const codePrefix = `sbom:${sbom.id}:`;
    const oldProducts = (await tx.selectFrom('product').select('id').where('code', 'like', `${codePrefix}%`).execute()).map((row) => row.id);
    await tx.deleteFrom('sbomComponent').where('sbomId', '=', sbom.id).execute();
    if (oldProducts.length > 0) {
      await tx.deleteFrom('productUse').where('assetId', '=', assetId).where('productId', 'in', oldProducts).execute();
      await tx.deleteFrom('productComponent').where('parentProductId', 'in', oldProducts).execute();
    }

    const total = nodes.length;
    onProgress?.(0, total);
    const productRows = nodes.flatMap((node, index) => {
      const resolution = resolutions[index]!;
      if (!resolution.vendorId) return [];
      return [{ code: `${codePrefix}${node.ref}`, name: node.version ? `${node.name} ${node.version}` : node.name, kind: node.kind, vendor_id: resolution.vendorId, manufacturer_id: resolution.manufacturerId }];
    });
    const productIdByCode = new Map<string, string>();
    await insertJsonBatches(productRows, async (json) => {
      const rows = await sql<{ id: string; code: string }>`
        insert into product (code, name, kind, vendor_id, manufacturer_id, listed)
        select code, name, kind, vendor_id, manufacturer_id, false from json_to_recordset(${json}::json) as r(code text, name text, kind text, vendor_id uuid, manufacturer_id uuid)
        on conflict (code) do update set name = excluded.name, kind = excluded.kind, vendor_id = excluded.vendor_id, manufacturer_id = excluded.manufacturer_id, updated_at = now()
        returning id, code`.execute(tx);
      for (const row of rows.rows) productIdByCode.set(row.code, row.id);
    });
    const productOf = (index: number) => (resolutions[index]!.vendorId ? productIdByCode.get(`${codePrefix}${nodes[index]!.ref}`)! : null);

    const current = new Set(productIdByCode.values());
    const stale = oldProducts.filter((id) => !current.has(id));
    if (stale.length > 0) {
      await tx.deleteFrom('productUse').where('productId', 'in', stale).execute();
      await tx.deleteFrom('productComponent').where((eb) => eb.or([eb('childProductId', 'in', stale), eb('parentProductId', 'in', stale)])).execute();
      await tx.deleteFrom('product').where('id', 'in', stale).execute();
    }

    const graph = productGraph(document, nodes, (index) => resolutions[index]!.vendorId !== null);
    await insertJsonBatches(
      graph.edges.map(([parent, child]) => ({ p: productOf(parent), c: productOf(child) })),
      (json) => sql`insert into product_component (parent_product_id, child_product_id) select p, c from json_to_recordset(${json}::json) as r(p uuid, c uuid) on conflict do nothing`.execute(tx),
    );
    await insertJsonBatches(
      graph.used.map((index) => ({ p: productOf(index) })),
      (json) => sql`insert into product_use (asset_id, product_id) select ${assetId}::uuid, p from json_to_recordset(${json}::json) as r(p uuid) on conflict do nothing`.execute(tx),
    );

    const dependsOn = new Map<string, string[]>();
    for (const dependency of document.dependencies) dependsOn.set(dependency.ref, [...(dependsOn.get(dependency.ref) ?? []), ...dependency.dependsOn]);
    await insertJsonBatches(
      nodes.map((node, index) => ({
        o: index,
        ref: node.ref,
        parent_ref: node.parentRef,
        root: node.root,
        type: node.type,
        kind: node.kind,
        name: node.name,
        version: node.version,
        grp: node.group,
        purl: node.purl,
        cpe: node.cpe,
        names: node.names,
        trust_zone: node.trustZone,
        depends_on: textArrayLiteral(dependsOn.get(node.ref) ?? []),
        via: resolutions[index]!.via,
        product_id: productOf(index),
      })),
      (json) => sql`
        insert into sbom_component (sbom_id, ordinal, ref, parent_ref, root, type, kind, name, version, "group", purl, cpe, names, trust_zone, depends_on, resolved_via, product_id)
        select ${sbom.id}::uuid, o, ref, parent_ref, root, type, kind, name, version, grp, purl, cpe, names::jsonb, trust_zone, depends_on::text[], via, product_id
        from json_to_recordset(${json}::json) as r(o integer, ref text, parent_ref text, root boolean, type text, kind text, name text, version text, grp text, purl text, cpe text,
          names json, trust_zone text, depends_on text, via text, product_id uuid)`.execute(tx),
      (written) => onProgress?.(written, total),
    );

    const summary: SbomImportSummary = {
      sbomId: sbom.id,
      outcome: existing ? 'updated' : 'created',
      format: document.format,
      encoding: document.encoding,
      specVersion: document.specVersion,
      name: document.name,
      components: counts.componentCount,
      services: counts.serviceCount,
      dependencies: counts.dependencyCount,
      vendorsResolved: counts.vendorsResolved,
      vendorsUnresolved: counts.vendorsUnresolved,
      componentsResolved: resolutions.filter((resolution) => resolution.vendorId).length,
      componentsUnresolved: resolutions.filter((resolution) => !resolution.vendorId).length,
      componentsWithoutParty: withoutParty,
      unresolvedNames: [...unresolved].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 20).map(([name]) => name),
      products: productRows.length,
    };
    await appendAudit(tx, actor, { action: 'import', objectType: 'sbom', objectId: sbom.id, subjectOrgId: asset.providerId, after: { assetId, ...header }, details: { ...summary } });
    return summary;
  }

  return {
    /**
     * Imports an SBOM file onto an asset (given by id, or by code). The document is read and checked against its official schema first;
     * an invalid one is refused whole (`sbom-invalid`) and nothing is written. A new version of a BOM already on
     * the asset (same serialNumber or SPDX documentNamespace, else the same name) replaces it. A stream is read as it
     * comes, never held whole.
     */
    async importSbom(actor: Actor, assetIdOrCode: string, content: SbomSource, progress: SbomProgress = {}): Promise<SbomImportSummary> {
      const hash = createHash('sha256');
      let bytes = 0;
      const document = await readSbom(
        passing(byteChunks(content), (chunk) => {
          hash.update(chunk);
          progress.read?.((bytes += chunk.byteLength));
        }),
      );
      const sha256 = hash.digest('hex');
      return inTransaction(db, (tx) => store(tx, actor, assetIdOrCode, document, sha256, progress.written));
    },

    /** A page of the SBOMs `actor` may see (those of the assets it may see), optionally of one asset. */
    async listSboms(actor: Actor, filters: { assetId?: string }, page: Page) {
      let query = db.selectFrom('sbom').innerJoin('asset', 'asset.id', 'sbom.assetId').where(sbomReadCondition(actor));
      if (filters.assetId !== undefined) {
        if (!isUuid(filters.assetId) || !(await db.selectFrom('asset').select('id').where('id', '=', filters.assetId).where(readCondition(actor, 'assets')).executeTakeFirst()))
          throw notFound('asset', filters.assetId);
        query = query.where('sbom.assetId', '=', filters.assetId);
      }
      const { rows: items, total } = await pageWithTotal(db, query.select(sbomColumns).orderBy('sbom.updatedAt', 'desc').orderBy('sbom.id'), query.select((eb) => eb.fn.countAll<string>().as('total')), page);
      return { items, total, ...page };
    },

    /** One SBOM with a page of its components and services, each with the vendor it resolved to (if any). */
    async getSbom(actor: Actor, id: string, page: Page) {
      const sbom = await findSbom(db, actor, id);
      if (!sbom) throw notFound('sbom', id);
      const { rows: components, total } = await pageWithTotal(
        db,
        db
          .selectFrom('sbomComponent')
          .leftJoin('product', 'product.id', 'sbomComponent.productId')
          .leftJoin('vendor', 'vendor.id', 'product.vendorId')
          .select([
            'sbomComponent.ref',
            'sbomComponent.parentRef',
            'sbomComponent.root',
            'sbomComponent.type',
            'sbomComponent.kind',
            'sbomComponent.name',
            'sbomComponent.version',
            'sbomComponent.group',
            'sbomComponent.purl',
            'sbomComponent.cpe',
            'sbomComponent.names',
            'sbomComponent.trustZone',
            'sbomComponent.dependsOn',
            'sbomComponent.resolvedVia',
            'sbomComponent.productId',
            'vendor.id as vendorId',
            'vendor.name as vendorName',
            'vendor.country as vendorCountry',
          ])
          .where('sbomComponent.sbomId', '=', sbom.id)
          .orderBy('sbomComponent.ordinal'),
        db.selectFrom('sbomComponent').select((eb) => eb.fn.countAll<string>().as('total')).where('sbomId', '=', sbom.id),
        page,
      );
      return { ...sbom, components: { items: components, total, ...page } };
    },
  };
}

export type SbomService = ReturnType<typeof createSbomService>;
