import { sql, type Kysely } from 'kysely';

/**
 * The obligations of an incident by its id: every incident read and every page of incidents or obligations looks them
 * up, and the only index leading with `incident_id` (0014) is partial, so each lookup scanned the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index report_obligation_incident_idx on report_obligation (incident_id)`.execute(db);
}
