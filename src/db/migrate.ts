import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/0001-foundation.ts';
import * as cycle from './migrations/0002-cycle.ts';
import * as supplyChain from './migrations/0003-supply-chain.ts';
import * as informationSharing from './migrations/0004-information-sharing.ts';
import type { Database } from './schema.ts';

/** Every migration, in order; their names are the schema versions reported by health. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-cycle': cycle,
  '0003-supply-chain': supplyChain,
  '0004-information-sharing': informationSharing,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const latestSchemaVersion = Object.keys(migrations).at(-1) as string;

/** Applies every pending migration in one run; throws (and applies nothing further) when one fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<{ applied: string[]; version: string }> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  return { applied: (results ?? []).map((result) => result.migrationName), version: await readSchemaVersion(db) };
}

/** The name of the last applied migration, or `none` on an empty database. */
export async function readSchemaVersion(db: Kysely<Database>): Promise<string> {
  const migrator = new Migrator({ db, provider });
  const applied = (await migrator.getMigrations()).filter((migration) => migration.executedAt);
  return applied.at(-1)?.name ?? 'none';
}
