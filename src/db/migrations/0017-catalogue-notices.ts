import { sql, type Kysely } from 'kysely';

/** The channel on which a change to the imported control catalogues is announced. */
export const cataloguesChannel = 'vitaal_catalogues';

/**
 * A notice on `cataloguesChannel` whenever an imported control catalogue is added, changed or removed. Every
 * duty-of-care list and supervision dashboard applies the catalogues; the server remembers them (a statement fewer, and
 * no OSCAL document parsed anew, on each) and forgets them at each notice, from whichever process or tool the change came.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_catalogues_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(cataloguesChannel)}, '');
      return null;
    end $$;
    create trigger control_catalogue_changed after insert or update or delete or truncate on control_catalogue
      for each statement execute function notify_catalogues_changed();
  `.execute(db);
}
