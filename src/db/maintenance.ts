import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/*
 * PGlite runs no autovacuum. Without this its planner never gets statistics, so it plans loaded tables as if they were
 * empty (nested loops that cost tens of times more than the hash joins it picks once it knows the sizes), and dead rows
 * are never reclaimed. A PostgreSQL server's autovacuum does the same by itself.
 */

/** The tables of the schema never analyzed, or whose size moved by more than a fifth since they last were. */
export async function tablesDueForMaintenance(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r'
      and (c.reltuples < 0 or abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages) > 1 + c.relpages / 5)
    order by c.relname`.execute(db);
  return rows.map((row) => row.name);
}

/** Vacuums and analyzes the due tables one statement at a time, so that requests run in between; returns their names. */
export async function maintainTables(db: Kysely<Database>): Promise<string[]> {
  const tables = await tablesDueForMaintenance(db);
  for (const table of tables) await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
  return tables;
}

/** Runs `maintainTables` now and every `intervalMs` until stopped; a failed round is reported to `onError` and retried next time. */
export function scheduleTableMaintenance(db: Kysely<Database>, intervalMs: number, onError: (error: unknown) => void) {
  let running: Promise<unknown> | undefined;
  const round = () => {
    running ??= maintainTables(db)
      .catch(onError)
      .finally(() => (running = undefined));
  };
  round();
  const timer = setInterval(round, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
