import { sql, type Kysely } from 'kysely';

/** The channel on which a change to the report deadlines of incidents is announced. */
export const deadlinesChannel = 'vitaal_deadlines';

/**
 * A notice on `deadlinesChannel` whenever a report obligation is added, removed, moved, submitted or withdrawn, or an
 * incident is opened, reopened or resolved. Every read of incidents first brings up to date those whose NIS2
 * final-report deadline passed while they were still open; the server remembers the earliest such deadline, so that
 * until then the reads skip that check (a statement each), and forgets it at each notice, from whichever process or
 * tool the change came.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_deadlines_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(deadlinesChannel)}, '');
      return null;
    end $$;
    create trigger report_obligation_deadlines_changed after insert or update of regime, step, due_at, submitted_at, withdrawn_at or delete or truncate on report_obligation
      for each statement execute function notify_deadlines_changed();
    create trigger incident_deadlines_changed after update of status or delete or truncate on incident
      for each statement execute function notify_deadlines_changed();
  `.execute(db);
}
