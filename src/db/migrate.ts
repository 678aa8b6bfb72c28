import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/0001-foundation.ts';
import * as cycle from './migrations/0002-cycle.ts';
import * as supplyChain from './migrations/0003-supply-chain.ts';
import * as informationSharing from './migrations/0004-information-sharing.ts';
import * as incidents from './migrations/0005-incidents.ts';
import * as supervision from './migrations/0006-supervision.ts';
import * as dutyOfCare from './migrations/0007-duty-of-care.ts';
import * as threatIntelligence from './migrations/0008-threat-intelligence.ts';
import * as messaging from './migrations/0009-messaging.ts';
import * as cycleProgramme from './migrations/0010-cycle-programme.ts';
import * as sbom from './migrations/0011-sbom.ts';
import * as scenarios from './migrations/0012-scenarios.ts';
import * as strategicDependencies from './migrations/0013-strategic-dependencies.ts';
import * as incidentObligations from './migrations/0014-incident-obligations.ts';
import * as listOrderIndexes from './migrations/0015-list-order-indexes.ts';
import * as credentialNotices from './migrations/0016-credential-notices.ts';
import * as catalogueNotices from './migrations/0017-catalogue-notices.ts';
import * as deadlineNotices from './migrations/0018-deadline-notices.ts';
import * as dropRecipientView from './migrations/0019-drop-recipient-view.ts';
import * as obligationIncidentIndex from './migrations/0020-obligation-incident-index.ts';
import * as auditLogStatistics from './migrations/0021-audit-log-statistics.ts';
import { DomainError } from '../domain/errors.ts';
import type { Database } from './schema.ts';

/** Every migration, in order; their names are the schema versions reported by health. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-cycle': cycle,
  '0003-supply-chain': supplyChain,
  '0004-information-sharing': informationSharing,
  '0005-incidents': incidents,
  '0006-supervision': supervision,
  '0007-duty-of-care': dutyOfCare,
  '0008-threat-intelligence': threatIntelligence,
  '0009-messaging': messaging,
  '0010-cycle-programme': cycleProgramme,
  '0011-sbom': sbom,
  '0012-scenarios': scenarios,
  '0013-strategic-dependencies': strategicDependencies,
  '0014-incident-obligations': incidentObligations,
  '0015-list-order-indexes': listOrderIndexes,
  '0016-credential-notices': credentialNotices,
  '0017-catalogue-notices': catalogueNotices,
  '0018-deadline-notices': deadlineNotices,
  '0019-drop-recipient-view': dropRecipientView,
  '0020-obligation-incident-index': obligationIncidentIndex,
  '0021-audit-log-statistics': auditLogStatistics,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Schema versions in the order they are applied (Kysely applies migrations in name order). */
export const schemaVersions: readonly string[] = Object.keys(migrations).sort();

export const latestSchemaVersion = schemaVersions.at(-1) as string;

/** Applies every pending migration in one run; throws (and applies nothing further) when one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<{ applied: string[]; version: string }> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return { applied: (results ?? []).map((result) => result.migrationName), version: await readSchemaVersion(db) };
}

/**
 * Applies the migrations up to and including `version` (a restore loads a backup at the schema version it was made
 * with, then migrates to the latest). Refuses a version this build does not know, or one older than the database's.
 */
export async function migrateTo(db: Kysely<Database>, version: string): Promise<void> {
  const target = schemaVersions.indexOf(version);
  if (target < 0) throw new DomainError('backup-invalid', `Schema version "${version}" is unknown to this Vitaal (it knows ${schemaVersions.at(0)} to ${latestSchemaVersion})`);
  const current = await readSchemaVersion(db);
  if (schemaVersions.indexOf(current) > target) throw new DomainError('restore-target-not-empty', `The database is at schema version ${current}, newer than ${version}`);
  const { error } = await new Migrator({ db, provider }).migrateTo(version);
  if (error) throw new Error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** The name of the last applied migration, or `none` on an empty database. */
export async function readSchemaVersion(db: Kysely<Database>): Promise<string> {
  const migrator = new Migrator({ db, provider });
  const applied = (await migrator.getMigrations()).filter((migration) => migration.executedAt);
  return applied.at(-1)?.name ?? 'none';
}
