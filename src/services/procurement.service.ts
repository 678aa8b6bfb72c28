import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { matchCountryRules, selectCountryList, type ProductParty } from '../domain/country-policy.ts';
import { DomainError, invalid, notFound, type ErrorDetail } from '../domain/errors.ts';
import {
  checkAnalysis,
  checkProcurementReference,
  decideQuickscan,
  scoreAnalysis,
  type AnalysisInput,
  type AssetCriticality,
  type DataAccess,
  type NetworkAccess,
  type ProcurementReference,
  type QuickscanFacts,
} from '../domain/procurement.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { getCycleContext } from './cycle-context.ts';
import { readCountryLists } from './high-risk-scan.ts';
import { authorizeProcurementWrite, cycleContentReadCondition, procurementAssessmentReadable, providerVisible, readCondition } from './policy.ts';
import { isUuid, type Page } from './registry/registry.service.ts';
import { createRiskService, readReference } from './risk.service.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

/**
 * Procurement risk assessment (issue 5 item 6): a provider or a ministry describes a planned purchase and answers the
 * quickscan; Vitaal derives the asset's criticality, the vendor's jurisdiction and control (vendor register and the
 * high-risk country policy) and the known alternatives, and the domain rule decides whether a full risk analysis is
 * needed. The analysis (risks, measures, weighted criteria with national security's weight shown) and the decision
 * follow; the result is linked into the resilience analysis (cycle step 2) of the process as a procurement input.
 */

export interface QuickscanAnswers {
  dataAccess: DataAccess;
  networkAccess: NetworkAccess;
  physicalAccess: boolean;
  /** Stated by the buyer; otherwise taken from the substitutability data of the product or the asset's class. */
  qualifiedAlternatives?: number;
}

export interface ProcurementInput {
  /** The buying organisation; defaults to the actor's own. */
  buyerOrgId?: string;
  title: string;
  description?: string;
  purchaseKind: 'hardware' | 'firmware' | 'software' | 'service';
  vendorId?: string;
  productId?: string;
  assetId?: string;
  processId?: string;
  quickscan: QuickscanAnswers;
}

export interface ProcurementFilters {
  buyerOrgId?: string;
  status?: string;
  fullAnalysisRequired?: boolean;
}

const columns = [
  'procurementAssessment.id',
  'procurementAssessment.buyerOrgId',
  'procurementAssessment.title',
  'procurementAssessment.description',
  'procurementAssessment.purchaseKind',
  'procurementAssessment.vendorId',
  'procurementAssessment.productId',
  'procurementAssessment.assetId',
  'procurementAssessment.processId',
  'procurementAssessment.quickscan',
  'procurementAssessment.outcome',
  'procurementAssessment.fullAnalysisRequired',
  'procurementAssessment.status',
  'procurementAssessment.analysis',
  'procurementAssessment.decision',
  'procurementAssessment.decisionRationale',
  'procurementAssessment.decidedAt',
  'procurementAssessment.createdByUserId',
  'procurementAssessment.createdAt',
  'procurementAssessment.updatedAt',
] as const;

/** `reference` of a cycle input that points at an assessment. */
export const procurementInputReference = (id: string) => `procurement-assessment:${id}`;


export function createProcurementService(db: Kysely<Database>, options: { dataDir: string }) {
  const risk = createRiskService(db, options);

  function readProcurementReference(): ProcurementReference {
    const file = readReference(options.dataDir, 'procurement-risk.json');
    const problems = checkProcurementReference(file);
    if (problems.length > 0) throw invalid('file-unreadable', `reference/procurement-risk.json: ${problems.join('; ')}.`);
    return file as ProcurementReference;
  }

  const select = (tx: Transaction<Database>, actor: Actor) => tx.selectFrom('procurementAssessment').where(procurementAssessmentReadable(actor)).select([...columns]);

  async function find(tx: Transaction<Database>, actor: Actor, id: string) {
    const row = isUuid(id) ? await select(tx, actor).where('procurementAssessment.id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound('procurement-assessment', id);
    return row;
  }

  /** The cycles of the resilience analysis the assessment is linked into, as far as the actor may read their inputs. */
  const cycleLinks = (tx: Transaction<Database>, actor: Actor, id: string) =>
    tx
      .selectFrom('cycleInput')
      .where('cycleInput.reference', '=', procurementInputReference(id))
      .where('cycleInput.kind', '=', 'procurement')
      .where(cycleContentReadCondition(actor, 'cycle-inputs'))
      .select(['cycleInput.id as inputId', 'cycleInput.cycleId', 'cycleInput.linkedAt'])
      .orderBy('cycleInput.linkedAt')
      .execute();

  /** Derives the quickscan facts from the registry: criticality, vendor jurisdiction and control, alternatives. */
  async function deriveFacts(tx: Transaction<Database>, actor: Actor, buyerOrgId: string, input: ProcurementInput) {
    const errors: ErrorDetail[] = [];
    const product = input.productId
      ? isUuid(input.productId)
        ? await tx.selectFrom('product').select(['product.id', 'product.vendorId', 'product.manufacturerId']).where('product.id', '=', input.productId).where(readCondition(actor, 'products')).executeTakeFirst()
        : undefined
      : null;
    if (product === undefined) errors.push({ path: '/productId', message: 'no product with this id is visible to you' });
    const vendorId = input.vendorId ?? product?.vendorId;
    const vendorRow = (id: string | null | undefined) =>
      id && isUuid(id) ? tx.selectFrom('vendor').select(['id', 'code', 'name', 'country', 'controlledFromCountry']).where('id', '=', id).executeTakeFirst() : Promise.resolve(undefined);
    const vendor = await vendorRow(vendorId);
    if (input.vendorId !== undefined && !vendor) errors.push({ path: '/vendorId', message: 'no vendor with this id' });
    const manufacturer = await vendorRow(product?.manufacturerId);
    const asset = input.assetId
      ? isUuid(input.assetId)
        ? await tx.selectFrom('asset').select(['id', 'providerId', 'processId', 'keyAsset', 'assetType', 'kind']).where('id', '=', input.assetId).where(providerVisible(actor, 'asset.provider_id')).executeTakeFirst()
        : undefined
      : null;
    if (asset === undefined) errors.push({ path: '/assetId', message: 'no asset with this id is visible to you' });
    else if (asset && asset.providerId !== buyerOrgId && (await tx.selectFrom('organisation').select('kind').where('id', '=', buyerOrgId).executeTakeFirst())?.kind === 'provider')
      errors.push({ path: '/assetId', message: 'a provider assesses purchases for its own assets' });
    const processId = input.processId ?? asset?.processId ?? null;
    if (input.processId !== undefined && !(isUuid(input.processId) && (await tx.selectFrom('vitalProcess').select('id').where('id', '=', input.processId).executeTakeFirst())))
      errors.push({ path: '/processId', message: 'no vital process with this id' });
    if (errors.length > 0) throw new DomainError('unknown-reference', `The purchase refers to records that do not exist or are not yours: ${errors.map((e) => e.path).join(', ')}.`, errors);

    const criticality: AssetCriticality = asset ? (asset.keyAsset ? 'key-asset' : asset.processId ? 'vital-process' : 'other') : processId ? 'vital-process' : 'unknown';
    const list = selectCountryList(readCountryLists(options.dataDir));
    const parties: ProductParty[] = [
      ...(vendor ? [{ role: 'vendor' as const, ...vendor }] : []),
      ...(manufacturer && manufacturer.id !== vendor?.id ? [{ role: 'manufacturer' as const, ...manufacturer }] : []),
    ];
    const matches = matchCountryRules(parties, list);
    // The buyer's statement wins; else the product's own entry, else the asset class's.
    let alternatives: { value: number; from: 'stated' | 'product' | 'asset-class'; source: string | null } | null = null;
    if (input.quickscan.qualifiedAlternatives !== undefined) alternatives = { value: input.quickscan.qualifiedAlternatives, from: 'stated', source: null };
    else {
      const byProduct = product ? await tx.selectFrom('substitutability').select(['qualifiedAlternatives', 'source']).where('productId', '=', product.id).executeTakeFirst() : undefined;
      const assetClass = asset ? (asset.assetType ?? asset.kind) : undefined;
      const byClass = !byProduct && assetClass ? await tx.selectFrom('substitutability').select(['qualifiedAlternatives', 'source']).where('assetClass', '=', assetClass).executeTakeFirst() : undefined;
      const found = byProduct ?? byClass;
      if (found) alternatives = { value: found.qualifiedAlternatives, from: byProduct ? 'product' : 'asset-class', source: found.source };
    }
    const facts: QuickscanFacts = {
      dataAccess: input.quickscan.dataAccess,
      networkAccess: input.quickscan.networkAccess,
      physicalAccess: input.quickscan.physicalAccess,
      assetCriticality: criticality,
      vendor: vendor ? { country: vendor.country, controlledFromCountry: vendor.controlledFromCountry } : null,
      highRiskMatches: matches.map((match) => ({ country: match.country, relation: match.relation })),
      qualifiedAlternatives: alternatives?.value ?? null,
    };
    const derived = {
      assetCriticality: criticality,
      vendor: vendor ?? null,
      manufacturer: manufacturer && manufacturer.id !== vendor?.id ? manufacturer : null,
      countryList: { version: list.version, matches: matches.map(({ party, ...match }) => ({ ...match, party: { role: party.role, id: party.id, name: party.name } })) },
      alternatives,
    };
    return { facts, derived, vendorId: vendor?.id ?? null, productId: product?.id ?? null, assetId: asset?.id ?? null, processId };
  }

  const view = async (tx: Transaction<Database>, actor: Actor, row: Awaited<ReturnType<typeof find>>) => ({ ...row, cycleLinks: await cycleLinks(tx, actor, row.id) });

  return {
    /** The criteria with their weights (national security's among them) and where they come from, for the wizard. */
    reference() {
      const { source, confirmed, criteria, quickscan, highRiskScore } = readProcurementReference();
      return { source, confirmed, criteria, quickscan, highRiskScore };
    },

    async list(actor: Actor, filters: ProcurementFilters, page: Page) {
      return inTransaction(db, async (tx) => {
        let query = select(tx, actor);
        if (filters.buyerOrgId !== undefined) query = query.where('procurementAssessment.buyerOrgId', '=', filters.buyerOrgId);
        if (filters.status !== undefined) query = query.where('procurementAssessment.status', '=', filters.status);
        if (filters.fullAnalysisRequired !== undefined) query = query.where('procurementAssessment.fullAnalysisRequired', '=', filters.fullAnalysisRequired);
        const { rows: items, total } = await pageWithTotal(tx, query.orderBy('procurementAssessment.createdAt', 'desc').orderBy('procurementAssessment.id'), tx.selectFrom(query.as('visible')).select((eb) => eb.fn.countAll<string>().as('total')), page);
        await appendAudit(tx, actor, { action: 'list', objectType: 'procurement-assessment', details: { count: items.length } });
        return { items, total, ...page };
      });
    },

    async get(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const row = await find(tx, actor, id);
        await appendAudit(tx, actor, { action: 'read', objectType: 'procurement-assessment', objectId: id, subjectOrgId: row.buyerOrgId });
        return view(tx, actor, row);
      });
    },

    /** Records a planned purchase with its quickscan; the rule's outcome (full analysis needed, and why) is stored with the facts it used. */
    async create(actor: Actor, input: ProcurementInput) {
      return inTransaction(db, async (tx) => {
        const buyerOrgId = input.buyerOrgId ?? (actor.kind === 'user' ? actor.organisationId : undefined);
        if (buyerOrgId === undefined || !isUuid(buyerOrgId)) throw invalid('validation-failed', 'Name the buying organisation.', [{ path: '/buyerOrgId', message: 'required' }]);
        authorizeProcurementWrite(actor, buyerOrgId);
        const reference = readProcurementReference();
        const { facts, derived, ...links } = await deriveFacts(tx, actor, buyerOrgId, input);
        const outcome = { ...decideQuickscan(facts, reference.quickscan), facts, derived, rules: { ...reference.quickscan, source: reference.source, confirmed: reference.confirmed } };
        const { id } = await tx
          .insertInto('procurementAssessment')
          .values({
            buyerOrgId,
            title: input.title,
            description: input.description ?? null,
            purchaseKind: input.purchaseKind,
            ...links,
            quickscan: JSON.stringify(input.quickscan),
            outcome: JSON.stringify(outcome),
            fullAnalysisRequired: outcome.fullAnalysisRequired,
            createdByUserId: actor.kind === 'user' ? actor.userId : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = await find(tx, actor, id);
        await appendAudit(tx, actor, { action: 'create', objectType: 'procurement-assessment', objectId: id, subjectOrgId: buyerOrgId, after: row });
        return view(tx, actor, row);
      });
    },

    /** Records (or replaces) the full analysis: risks with measures, and a score per criterion, weighted by the reference. */
    async putAnalysis(actor: Actor, id: string, input: AnalysisInput) {
      return inTransaction(db, async (tx) => {
        const before = await find(tx, actor, id);
        authorizeProcurementWrite(actor, before.buyerOrgId);
        if (before.status === 'decided') throw new DomainError('procurement-assessment-decided', 'The assessment is decided; its analysis no longer changes.');
        const reference = readProcurementReference();
        const errors = checkAnalysis(input, reference, '');
        if (errors.length > 0) throw invalid('validation-failed', `The analysis does not fit the criteria: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
        const analysis = { ...input, result: scoreAnalysis(input, reference), reference: { source: reference.source, confirmed: reference.confirmed }, analysedAt: new Date().toISOString() };
        await tx.updateTable('procurementAssessment').set({ analysis: JSON.stringify(analysis), status: 'analysis', updatedAt: new Date() }).where('id', '=', id).execute();
        const row = await find(tx, actor, id);
        await appendAudit(tx, actor, { action: 'update', objectType: 'procurement-assessment', objectId: id, subjectOrgId: row.buyerOrgId, before, after: row, details: { part: 'analysis' } });
        return view(tx, actor, row);
      });
    },

    /** Decides the purchase; refused while a required full analysis is missing. */
    async decide(actor: Actor, id: string, input: { decision: 'proceed' | 'proceed-with-measures' | 'do-not-proceed'; rationale: string }) {
      return inTransaction(db, async (tx) => {
        const before = await find(tx, actor, id);
        authorizeProcurementWrite(actor, before.buyerOrgId);
        if (before.status === 'decided') throw new DomainError('procurement-assessment-decided', 'The assessment is already decided.');
        if (before.fullAnalysisRequired && before.analysis === null)
          throw new DomainError('procurement-analysis-missing', 'The quickscan requires a full risk analysis before the purchase is decided.', [{ path: '/decision', message: 'record the analysis first' }]);
        await tx.updateTable('procurementAssessment').set({ status: 'decided', decision: input.decision, decisionRationale: input.rationale, decidedAt: new Date(), updatedAt: new Date() }).where('id', '=', id).execute();
        const row = await find(tx, actor, id);
        await appendAudit(tx, actor, { action: 'update', objectType: 'procurement-assessment', objectId: id, subjectOrgId: row.buyerOrgId, before, after: row, details: { part: 'decision' } });
        return view(tx, actor, row);
      });
    },

    /**
     * Links the assessment into the resilience analysis of a cycle (step 2) as a procurement input. The reader of the
     * assessment must be the one who runs that cycle (its responsible ministry); the cycle must be of the assessment's process.
     */
    async linkToCycle(actor: Actor, id: string, input: { cycleId: string; note?: string }) {
      const assessment = await inTransaction(db, async (tx) => {
        const row = await find(tx, actor, id);
        const cycle = await getCycleContext(tx, actor, input.cycleId);
        if (row.processId !== null && cycle.processId !== row.processId)
          throw invalid('validation-failed', 'The cycle belongs to another vital process than the purchase.', [{ path: '/cycleId', message: 'cycle of another process' }]);
        return row;
      });
      const outcome = assessment.outcome as { fullAnalysisRequired: boolean };
      const decision = assessment.decision ? `; decision: ${assessment.decision}` : '';
      return risk.linkInput(actor, input.cycleId, {
        kind: 'procurement',
        title: `${assessment.title} (${outcome.fullAnalysisRequired ? 'full analysis required' : 'no full analysis required'}${decision})`,
        reference: procurementInputReference(id),
        ...(assessment.vendorId ? { vendorId: assessment.vendorId } : {}),
        ...(input.note ? { note: input.note } : {}),
      });
    },
  };
}

export type ProcurementService = ReturnType<typeof createProcurementService>;
