import { sql, type Kysely } from 'kysely';

/**
 * Messaging around advisories (issue 7): replies, links to vendors, products and incidents, attachments kept in the
 * database with their digest, in-app notifications, each user's e-mail digest choice, and the outbox from which a
 * worker delivers e-mail (so that publishing never waits on SMTP and nothing is lost while SMTP is down).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table advisory add column reply_to_id uuid references advisory(id);
    create index advisory_reply_to_idx on advisory (reply_to_id) where reply_to_id is not null;

    create table advisory_vendor (
      advisory_id uuid not null references advisory(id) on delete cascade,
      vendor_id uuid not null references vendor(id),
      primary key (advisory_id, vendor_id)
    );
    create table advisory_product (
      advisory_id uuid not null references advisory(id) on delete cascade,
      product_id uuid not null references product(id),
      primary key (advisory_id, product_id)
    );
    create table advisory_incident (
      advisory_id uuid not null references advisory(id) on delete cascade,
      incident_id uuid not null,
      primary key (advisory_id, incident_id)
    );

    create table advisory_attachment (
      id uuid primary key default gen_random_uuid(),
      advisory_id uuid not null references advisory(id) on delete cascade,
      filename text not null check (length(filename) between 1 and 255),
      media_type text not null,
      size_bytes integer not null check (size_bytes >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      uploaded_by uuid not null references app_user(id),
      created_at timestamptz not null default now()
    );
    create index advisory_attachment_advisory_idx on advisory_attachment (advisory_id);

    create table notification (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      advisory_id uuid not null references advisory(id) on delete cascade,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (user_id, advisory_id)
    );
    create index notification_user_idx on notification (user_id, created_at desc);

    create table notification_preference (
      user_id uuid primary key references app_user(id) on delete cascade,
      email text not null default 'immediate' check (email in ('immediate','daily','none')),
      last_digest_at timestamptz
    );

    create table outbox (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('message','digest')),
      user_id uuid references app_user(id) on delete set null,
      advisory_id uuid references advisory(id) on delete set null,
      recipient text not null,
      subject text not null,
      text_body text not null,
      status text not null default 'pending' check (status in ('pending','sending','sent','failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index outbox_due_idx on outbox (next_attempt_at) where status = 'pending';
  `.execute(db);
  // Incidents arrive in their own migration (0005); the link gets its foreign key whenever that table exists.
  await sql`
    do $$ begin
      if to_regclass('incident') is not null then
        alter table advisory_incident add constraint advisory_incident_incident_id_fkey foreign key (incident_id) references incident(id);
      end if;
    end $$;
  `.execute(db);
}
