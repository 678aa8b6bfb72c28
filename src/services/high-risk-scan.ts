import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { countryName } from '../domain/countries.ts';
import { matchCountryRules, parseCountryLists, selectCountryList, type CountryList, type CountryRuleMatch, type ProductParty } from '../domain/country-policy.ts';
import { invalid } from '../domain/errors.ts';
import { scanHighRisk, type ScanHit } from '../engine/supply-chain-scan.ts';
import { systemActor, type Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { readCondition } from './policy.ts';
import { inTransaction } from './transaction.ts';

/** One link of a finding's evidence chain; `id`, `code` and `name` are null where the reader may not see the record. */
export interface ChainStep {
  kind: 'key-asset' | 'asset' | 'product' | 'component' | 'vendor' | 'manufacturer' | 'country-rule';
  id: string | null;
  code: string | null;
  name: string | null;
  note: string;
}

export interface HighRiskFinding {
  /** `core`: in the dependency closure of a key asset; `flagged`: used, but outside every key asset's closure. */
  level: 'core' | 'flagged';
  /** The asset the finding belongs to: the key asset, or the using asset for `flagged`. */
  anchorAssetId: string;
  providerId: string;
  flaggedProductId: string | null;
  /** How many (asset, product path) pairs in the key asset's closure lead to the flagged product; `chain` shows a shortest one. */
  occurrences: number;
  chain: ChainStep[];
  rules: (Omit<CountryRuleMatch, 'party'> & { party: { role: 'vendor' | 'manufacturer'; id: string; code: string; name: string } })[];
  explanation: string;
}

export interface HighRiskGroup {
  sector: { id: string; code: string; nameNl: string; nameEn: string } | null;
  process: { id: string; code: string; nameNl: string; nameEn: string } | null;
  findings: HighRiskFinding[];
}

export interface HighRiskScan {
  /** The list applied; each entry with the country's Dutch and English name, so that readers need no name table. */
  list: CountryList & { entries: (CountryList['entries'][number] & { nameNl: string; nameEn: string })[] };
  summary: { findings: number; inCore: number; flaggedProducts: number; keyAssetsAffected: number };
  groups: HighRiskGroup[];
}

const platform = systemActor('scan');

/** Reads the versioned high-risk country lists from the data folder (on every scan, so that an edit takes effect at once). */
export function readCountryLists(dataDir: string): CountryList[] {
  const file = path.join(dataDir, 'reference', 'high-risk-countries.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw invalid('country-list-invalid', `The high-risk country list ${file} cannot be read.`);
  }
  try {
    return parseCountryLists(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError) throw invalid('country-list-invalid', `The high-risk country list ${file} is not valid JSON: ${error.message}`);
    throw error;
  }
}

/**
 * The high-risk scan (motion Rajkowski & Van Weerdenburg, Kamerstuk 26 643 nr. 830): products whose vendor or
 * manufacturer is established in, or controlled from, a listed country, found in the dependency closure of key
 * assets. The walk runs over the whole registry; the reader then sees the findings anchored on assets it may
 * see (provider: its own; ministry: its processes'; supervisor: its sectors'; coordinator: all), with every
 * record it may not see in the chain redacted.
 */
export function createHighRiskScan(db: Kysely<Database>, dataDir: string) {
  return async function scan(actor: Actor, options: { listVersion?: string } = {}): Promise<HighRiskScan> {
    const list = selectCountryList(readCountryLists(dataDir), options.listVersion);
    return inTransaction(db, async (tx) => {
      await sql`set local work_mem = '128MB'`.execute(tx);
      const vendors = await tx.selectFrom('vendor').select(['id', 'code', 'name', 'country', 'controlledFromCountry']).execute();
      const vendorById = new Map(vendors.map((vendor) => [vendor.id, vendor]));
      const party = (role: ProductParty['role'], id: string): ProductParty => ({ role, ...(vendorById.get(id) as (typeof vendors)[number]) });
      // The rules look at each party alone, so the flagged products are those of flagged vendors; only they and the
      // products they sit inside (their ancestors) can be on a chain, so only that part of a nationwide product graph
      // of millions is read.
      const flaggedVendorIds = vendors.filter((vendor) => matchCountryRules([party('vendor', vendor.id)], list).length > 0).map((vendor) => vendor.id);
      // Computed once into a temporary table (dropped at commit): four queries below read it.
      await sql`create temporary table flagged_reach on commit drop as
        with recursive reach(id) as (
          select id from product where vendor_id = any(${flaggedVendorIds}::uuid[]) or manufacturer_id = any(${flaggedVendorIds}::uuid[])
          union
          select product_component.parent_product_id from product_component join reach on product_component.child_product_id = reach.id
        )
        select id from reach`.execute(tx);
      // Its size is known only now; without statistics the planner would scan the product tables instead of using their keys.
      await sql`analyze flagged_reach`.execute(tx);
      const inReach = (column: 'product.id' | 'productUse.productId' | 'productComponent.childProductId') => sql<boolean>`${sql.ref(column)} in (select id from flagged_reach)`;
      const [assets, dependencies, uses, components, products, processes] = await Promise.all([
        tx.selectFrom('asset').select(['id', 'code', 'name', 'providerId', 'processId', 'keyAsset']).orderBy('code').execute(),
        tx.selectFrom('dependency').select(['dependentId', 'supplierId', 'type']).orderBy('dependentId').orderBy('supplierId').execute(),
        tx.selectFrom('productUse').select(['assetId', 'productId']).where(inReach('productUse.productId')).orderBy('assetId').orderBy('productId').execute(),
        tx.selectFrom('productComponent').select(['parentProductId', 'childProductId']).where(inReach('productComponent.childProductId')).orderBy('parentProductId').orderBy('childProductId').execute(),
        tx.selectFrom('product').select(['id', 'code', 'name', 'kind', 'vendorId', 'manufacturerId']).where(inReach('product.id')).execute(),
        tx.selectFrom('vitalProcess').innerJoin('sector', 'sector.id', 'vitalProcess.sectorId')
          .select(['vitalProcess.id', 'vitalProcess.code', 'vitalProcess.nameNl', 'vitalProcess.nameEn', 'sector.id as sectorId', 'sector.code as sectorCode', 'sector.nameNl as sectorNameNl', 'sector.nameEn as sectorNameEn']).execute(),
      ]);
      const matchesByProduct = new Map<string, CountryRuleMatch[]>();
      for (const product of products) {
        const parties = [party('vendor', product.vendorId), ...(product.manufacturerId && product.manufacturerId !== product.vendorId ? [party('manufacturer', product.manufacturerId)] : [])];
        const matches = matchCountryRules(parties, list);
        if (matches.length > 0) matchesByProduct.set(product.id, matches);
      }
      const hits = scanHighRisk({ assets, dependencies, uses, components, flagged: new Set(matchesByProduct.keys()) });

      const idsOf = async (rows: Promise<{ id: string }[]>) => new Set((await rows).map((row) => row.id));
      const [anchorsVisible, assetsVisible, productsVisible] = await Promise.all([
        idsOf(tx.selectFrom('asset').select('id').where(readCondition(actor, 'high-risk-findings')).execute()),
        idsOf(tx.selectFrom('asset').select('id').where(readCondition(actor, 'assets')).execute()),
        idsOf(tx.selectFrom('product').select('product.id').where(inReach('product.id')).where(readCondition(actor, 'products')).execute()),
      ]);

      const assetById = new Map(assets.map((asset) => [asset.id, asset]));
      const productById = new Map(products.map((product) => [product.id, product]));
      const dependencyType = new Map(dependencies.map((dependency) => [`${dependency.dependentId}>${dependency.supplierId}`, dependency.type]));
      const processById = new Map(processes.map((process) => [process.id, process]));

      const hidden = (kind: ChainStep['kind'], note: string): ChainStep => ({ kind, id: null, code: null, name: null, note });
      const assetStep = (id: string, index: number, path: string[], keyAsset: boolean): ChainStep => {
        const kind = index === 0 && keyAsset ? 'key-asset' : 'asset';
        const how = index === 0 ? (keyAsset ? 'key asset' : 'uses the product') : `${dependencyType.get(`${path[index - 1]}>${id}`) ?? ''} supplier of the previous asset`.trim();
        if (!assetsVisible.has(id)) return hidden(kind, `${how} (an asset of another organisation)`);
        const asset = assetById.get(id)!;
        return { kind, id, code: asset.code, name: asset.name, note: how };
      };
      const productStep = (id: string, index: number): ChainStep => {
        const kind = index === 0 ? 'product' : 'component';
        const product = productById.get(id)!;
        const note = index === 0 ? `${product.kind} used by the asset` : `${product.kind} inside the previous product`;
        return productsVisible.has(id) ? { kind, id, code: product.code, name: product.name, note } : hidden(kind, `${note} (not visible to you)`);
      };

      const findingOf = (hit: ScanHit): HighRiskFinding => {
        const anchorAssetId = hit.keyAssetId ?? (hit.assetPath[0] as string);
        const flaggedProductId = hit.productPath.at(-1) as string;
        const matches = matchesByProduct.get(flaggedProductId)!;
        const first = matches[0]!;
        const chain = [
          ...hit.assetPath.map((id, index) => assetStep(id, index, hit.assetPath, hit.keyAssetId !== null)),
          ...hit.productPath.map(productStep),
          { kind: first.party.role, id: first.party.id, code: first.party.code, name: first.party.name, note: `${first.party.role} of the flagged product` } as ChainStep,
          {
            kind: 'country-rule',
            id: null,
            code: first.country,
            name: countryName(first.country),
            note: `${first.relation === 'established-in' ? 'established in' : 'controlled from'} ${countryName(first.country)} (${first.country}), on high-risk list ${list.version}${first.confirmed ? '' : ' (entry unconfirmed)'}`,
          } as ChainStep,
        ];
        return {
          level: hit.keyAssetId ? 'core' : 'flagged',
          anchorAssetId,
          providerId: assetById.get(anchorAssetId)!.providerId,
          flaggedProductId: productsVisible.has(flaggedProductId) ? flaggedProductId : null,
          occurrences: hit.occurrences,
          chain,
          rules: matches.map(({ party: { role, id, code, name }, ...rule }) => ({ ...rule, party: { role, id, code, name } })),
          explanation: chain.map((step) => `${step.name ?? '[hidden]'}${step.code && step.kind !== 'country-rule' ? ` (${step.code})` : ''}: ${step.note}`).join(' → '),
        };
      };

      const groups = new Map<string, HighRiskGroup>();
      let inCore = 0;
      for (const hit of hits) {
        const anchor = assetById.get(hit.keyAssetId ?? (hit.assetPath[0] as string))!;
        if (!anchorsVisible.has(anchor.id)) continue;
        const process = anchor.processId ? processById.get(anchor.processId) : undefined;
        const key = process?.id ?? '';
        let group = groups.get(key);
        if (!group) {
          group = {
            sector: process ? { id: process.sectorId, code: process.sectorCode, nameNl: process.sectorNameNl, nameEn: process.sectorNameEn } : null,
            process: process ? { id: process.id, code: process.code, nameNl: process.nameNl, nameEn: process.nameEn } : null,
            findings: [],
          };
          groups.set(key, group);
        }
        group.findings.push(findingOf(hit));
        if (hit.keyAssetId) inCore++;
      }
      const sorted = [...groups.values()].sort((a, b) => (a.sector?.code ?? '~').localeCompare(b.sector?.code ?? '~') || (a.process?.code ?? '~').localeCompare(b.process?.code ?? '~'));
      const findings = sorted.flatMap((group) => group.findings);
      const summary = {
        findings: findings.length,
        inCore,
        flaggedProducts: new Set(findings.map((finding) => finding.flaggedProductId).filter(Boolean)).size,
        keyAssetsAffected: new Set(findings.filter((finding) => finding.level === 'core').map((finding) => finding.anchorAssetId)).size,
      };
      await appendAudit(tx, actor.kind === 'system' ? platform : actor, { action: 'list', objectType: 'high-risk-finding', details: { listVersion: list.version, ...summary } });
      const named = { ...list, entries: list.entries.map((entry) => ({ ...entry, nameNl: countryName(entry.country, 'nl'), nameEn: countryName(entry.country) })) };
      return { list: named, summary, groups: sorted };
    });
  };
}
