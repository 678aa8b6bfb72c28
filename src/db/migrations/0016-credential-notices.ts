import { sql, type Kysely } from 'kysely';

/** The channel on which a change to who may sign in with what is announced. */
export const credentialsChannel = 'vitaal_credentials';

/**
 * A notice on `credentialsChannel` whenever a change may end or alter a signed-in user: a token revoked or expired, a
 * session ended, a user disabled or given other roles, an organisation of another kind. The server remembers the users
 * behind tokens and sessions (a statement fewer on every request) and forgets them at each notice, from whichever
 * process or tool the change came. Columns that change in normal use (last use, failed logins) send none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_credentials_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(credentialsChannel)}, '');
      return null;
    end $$;
    create trigger api_token_credentials_changed after update of user_id, token_hash, expires_at, revoked_at or delete or truncate on api_token
      for each statement execute function notify_credentials_changed();
    create trigger session_credentials_changed after update of user_id, token_hash, expires_at or delete or truncate on session
      for each statement execute function notify_credentials_changed();
    create trigger app_user_credentials_changed after update of organisation_id, email, roles, disabled or delete or truncate on app_user
      for each statement execute function notify_credentials_changed();
    create trigger organisation_credentials_changed after update of kind or delete or truncate on organisation
      for each statement execute function notify_credentials_changed();
  `.execute(db);
}
