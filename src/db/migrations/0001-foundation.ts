import { sql, type Kysely } from 'kysely';

/** Organisations, accounts, the registry of cycle step 1, vendors and the hash-chained audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table setting (
      key text primary key,
      value text not null
    );

    create table organisation (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      kind text not null check (kind in ('coordinator','ministry','provider','vendor','supervisor','csirt','partner','operator')),
      country char(2) not null default 'NL',
      kvk_number text,
      lei text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table app_user (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      email text not null unique check (email = lower(email)),
      name text not null,
      roles text[] not null,
      password_hash text,
      oidc_subject text unique,
      disabled boolean not null default false,
      failed_logins integer not null default 0,
      created_at timestamptz not null default now(),
      last_login_at timestamptz
    );

    create table api_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );

    create table session (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index session_expires_idx on session (expires_at);

    create table sector (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name_nl text not null,
      name_en text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table vital_process (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name_nl text not null,
      name_en text not null,
      sector_id uuid not null references sector(id),
      category char(1) check (category in ('A','B')),
      ministry_id uuid not null references organisation(id),
      eu_interest boolean not null default false,
      nato_interest boolean not null default false,
      list_version text not null default 'nctv-ab',
      source text,
      notes text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index vital_process_sector_idx on vital_process (sector_id);
    create index vital_process_ministry_idx on vital_process (ministry_id);

    create table process_provider (
      id uuid primary key default gen_random_uuid(),
      process_id uuid not null references vital_process(id),
      provider_id uuid not null references organisation(id),
      role text not null default 'operator',
      status text not null default 'proposed' check (status in ('proposed','designated','withdrawn')),
      notified_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (process_id, provider_id)
    );
    create index process_provider_provider_idx on process_provider (provider_id);

    create table supervision (
      supervisor_id uuid not null references organisation(id),
      sector_id uuid not null references sector(id),
      primary key (supervisor_id, sector_id)
    );

    create table asset (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      provider_id uuid not null references organisation(id),
      process_id uuid references vital_process(id),
      name text not null,
      kind text not null check (kind in ('site','system','service')),
      asset_type text,
      key_asset boolean not null default false,
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      population_served integer not null default 0 check (population_served >= 0),
      euro_per_hour double precision not null default 0 check (euro_per_hour >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index asset_provider_idx on asset (provider_id);
    create index asset_process_idx on asset (process_id);

    create table dependency (
      id uuid primary key default gen_random_uuid(),
      dependent_id uuid not null references asset(id),
      supplier_id uuid not null references asset(id),
      type text not null check (type in ('physical','cyber','geographic','logical')),
      group_name text,
      k integer check (k >= 1),
      buffer_hours double precision not null default 0 check (buffer_hours >= 0),
      cross_border_country char(2),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (dependent_id, supplier_id),
      check (dependent_id <> supplier_id)
    );
    create index dependency_supplier_idx on dependency (supplier_id);

    create table vendor (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      aliases text[] not null default '{}',
      country char(2) not null,
      controlled_from_country char(2),
      created_at timestamptz not null default now()
    );

    create table product (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      vendor_id uuid not null references vendor(id),
      name text not null,
      kind text not null check (kind in ('hardware','firmware','software','service'))
    );

    create table product_use (
      asset_id uuid not null references asset(id),
      product_id uuid not null references product(id),
      primary key (asset_id, product_id)
    );

    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_user_id uuid,
      actor_org_id uuid,
      action text not null,
      object_type text not null,
      object_id text,
      subject_org_id uuid,
      before_digest text,
      after_digest text,
      details jsonb not null default '{}',
      prev_hash text not null,
      hash text not null
    );
    create index audit_log_actor_org_idx on audit_log (actor_org_id);
    create index audit_log_subject_org_idx on audit_log (subject_org_id);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
  `.execute(db);
}
