import { sql, type Kysely } from 'kysely';

/**
 * No planner statistics for the audit log's hashes, digests and details: no query filters on them (an entry is found
 * by its sequence number), and computing them was more than half of each ANALYZE of the log, which autovacuum runs
 * about once a minute while the API serves reads (every read is an entry). On a log of 20 000 entries: 130 ms, of which
 * the details alone took 50.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_log
      alter column details set statistics 0,
      alter column hash set statistics 0,
      alter column prev_hash set statistics 0,
      alter column before_digest set statistics 0,
      alter column after_digest set statistics 0
  `.execute(db);
}
