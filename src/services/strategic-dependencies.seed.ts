import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { NotificationStatus } from '../domain/investment-screening.ts';
import type { AnalysisInput } from '../domain/procurement.ts';
import { systemActor } from './actor.ts';
import { createInvestmentScreeningService, type OwnershipChangeInput } from './investment-screening.service.ts';
import { createProcurementService, type ProcurementInput, type QuickscanAnswers } from './procurement.service.ts';

/** data/demo/strategic-dependencies.json: procurement assessments and ownership changes that name their records by code. */
export interface StrategicDependenciesDemoFile {
  procurement: {
    buyer: string;
    title: string;
    description?: string;
    purchaseKind: ProcurementInput['purchaseKind'];
    vendor?: string;
    product?: string;
    asset?: string;
    quickscan: QuickscanAnswers;
    analysis?: AnalysisInput;
    decision?: { decision: 'proceed' | 'proceed-with-measures' | 'do-not-proceed'; rationale: string };
    /** Link the result into the open cycle of the purchase's process, when there is one. */
    linkIntoCycle?: boolean;
  }[];
  ownershipChanges: (Omit<OwnershipChangeInput, 'targetOrgId' | 'targetVendorId' | 'acquirerVendorId'> & {
    targetProvider?: string;
    targetVendor?: string;
    acquirerVendor?: string;
    /** A status recorded after the screening; only one that needs no dates (such as not-required). */
    notificationStatus?: NotificationStatus;
  })[];
}

/**
 * Seeds the demo's procurement assessments (through quickscan, analysis, decision and cycle link, as a buyer would) and
 * ownership changes (screened as they are registered). Records already there (by buyer and title, by acquirer and date)
 * are left as they are, so a second run adds nothing.
 */
export async function seedStrategicDependenciesDemo(db: Kysely<Database>, dataDir: string, file: StrategicDependenciesDemoFile): Promise<{ created: number; updated: number }> {
  const actor = systemActor('seed');
  const procurement = createProcurementService(db, { dataDir });
  const screening = createInvestmentScreeningService(db, { dataDir });
  const idOf = async (table: 'organisation' | 'vendor' | 'product' | 'asset', code: string | undefined) => {
    if (code === undefined) return undefined;
    const row = await db.selectFrom(table).select('id').where('code', '=', code).executeTakeFirst();
    if (!row) throw new Error(`Strategic-dependencies demo data refers to unknown ${table} "${code}"`);
    return row.id;
  };
  const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  let created = 0;

  for (const entry of file.procurement) {
    const buyerOrgId = (await idOf('organisation', entry.buyer)) as string;
    if (await db.selectFrom('procurementAssessment').select('id').where('buyerOrgId', '=', buyerOrgId).where('title', '=', entry.title).executeTakeFirst()) continue;
    const assessment = await procurement.create(
      actor,
      defined({
        buyerOrgId,
        title: entry.title,
        description: entry.description,
        purchaseKind: entry.purchaseKind,
        vendorId: await idOf('vendor', entry.vendor),
        productId: await idOf('product', entry.product),
        assetId: await idOf('asset', entry.asset),
        quickscan: entry.quickscan,
      }),
    );
    created++;
    if (entry.analysis) await procurement.putAnalysis(actor, assessment.id, entry.analysis);
    if (entry.decision) await procurement.decide(actor, assessment.id, entry.decision);
    if (entry.linkIntoCycle && assessment.processId) {
      const cycle = await db.selectFrom('cycle').select('id').where('processId', '=', assessment.processId).where('completedAt', 'is', null).orderBy('openedAt', 'desc').executeTakeFirst();
      if (cycle) await procurement.linkToCycle(actor, assessment.id, { cycleId: cycle.id, note: 'Demo: besluit uit de inkoopbeoordeling.' });
    }
  }

  for (const { targetProvider, targetVendor, acquirerVendor, notificationStatus, ...entry } of file.ownershipChanges) {
    if (await db.selectFrom('ownershipChange').select('id').where('acquirerName', '=', entry.acquirerName).where('occurredOn', '=', entry.occurredOn).executeTakeFirst()) continue;
    const change = await screening.create(actor, defined({ ...entry, targetOrgId: await idOf('organisation', targetProvider), targetVendorId: await idOf('vendor', targetVendor), acquirerVendorId: await idOf('vendor', acquirerVendor) }));
    created++;
    if (notificationStatus) await screening.update(actor, change.id, { notificationStatus });
  }
  return { created, updated: 0 };
}
