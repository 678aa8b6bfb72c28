import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { transactionRecordingReads } from './audit.ts';
import { translateDatabaseError } from './database-errors.ts';

/**
 * Runs `work` in one transaction: everything it writes (audit entries included) commits together or not at all. Its
 * reads and lists are recorded in the audit log as soon as it has committed, before the answer is returned.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (tx: Transaction<Database>) => Promise<T>,
  fieldOf?: (constraint: string) => string,
): Promise<T> {
  // A use case run inside another's transaction (a lesson learned becoming a measure) joins it: both commit together or not at all.
  if (db.isTransaction) return work(db as Transaction<Database>);
  try {
    return await transactionRecordingReads(db, work);
  } catch (error) {
    throw translateDatabaseError(error, fieldOf);
  }
}
