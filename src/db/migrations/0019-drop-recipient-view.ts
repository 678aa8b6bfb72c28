import { sql, type Kysely } from 'kysely';

/**
 * The recipient organisations of a message are no longer a view (migration 0004): the read condition of advisories
 * (services/policy.ts) names them as a set per statement, which PostgreSQL plans in a fraction of the time it took to
 * expand the view (a union over the union of `sector_member`) inside a test per advisory.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop view advisory_recipient_organisation`.execute(db);
}
