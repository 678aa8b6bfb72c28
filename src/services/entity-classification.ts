import { sql, type Kysely, type Transaction } from 'kysely';
import { selectInSql } from '../db/deferred-begin.ts';
import type { Database } from '../db/schema.ts';
import type { ReportingRegime } from '../domain/reporting-deadlines.ts';
import type { CerOutcome, Nis2Outcome } from '../domain/scoping.ts';

export interface EntityClassification {
  nis2: Nis2Outcome;
  cer: CerOutcome;
  /** The scoping version it comes from. */
  version: number;
  recordedAt: Date;
}

/** The current (highest-version) stored scoping row of each of `organisationIds` that has one, as a table to select from or join. */
const currentScopings = (organisationIds: readonly string[]) =>
  sql`(select distinct on (organisation_id) * from organisation_scoping where organisation_id = any(${organisationIds}::uuid[]) order by organisation_id, version desc)`;

/** The current stored NIS2/CER scoping of each organisation that has one (table of migration 0007). */
export async function findClassifications(executor: Kysely<Database> | Transaction<Database>, organisationIds: readonly string[]): Promise<Map<string, EntityClassification>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await selectInSql(
    executor,
    sql<{ organisationId: string; nis2: string; cer: string; version: number; recordedAt: Date }>`select organisation_id, nis2, cer, version, recorded_at from ${currentScopings(organisationIds)} as scoping`,
  );
  return new Map(rows.map((row) => [row.organisationId, { nis2: row.nis2 as Nis2Outcome, cer: row.cer as CerOutcome, version: row.version, recordedAt: row.recordedAt }]));
}

/** The reporting regimes a classification brings: NIS2 for an essential or important entity, CER for a critical entity. */
export function regimesOfClassification(classification: EntityClassification): ReportingRegime[] {
  return [...(classification.nis2 !== 'out-of-scope' ? (['nis2'] as const) : []), ...(classification.cer !== 'not-critical' ? (['cer'] as const) : [])];
}
