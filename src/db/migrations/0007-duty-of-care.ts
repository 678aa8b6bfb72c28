import { sql, type Kysely } from 'kysely';

/**
 * NIS2 and CER duty of care (issue 6, items 1–2): versioned scoping per organisation, imported OSCAL control
 * catalogues (the shipped NIS2 and CER catalogues are files, not rows), the implementation status of each control per
 * entity with its history, and the management body's approval (NIS2 art. 20). Nothing is updated in place except
 * `superseded_at`, so every earlier state stays readable.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisation_scoping (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      version integer not null check (version >= 1),
      sector_key text not null,
      employees double precision not null check (employees >= 0),
      turnover_eur double precision not null check (turnover_eur >= 0),
      balance_sheet_eur double precision not null check (balance_sheet_eur >= 0),
      flags text[] not null default '{}',
      nis2 text not null check (nis2 in ('essential','important','out-of-scope')),
      cer text not null check (cer in ('critical','critical-european-significance','not-critical')),
      size text not null,
      reasons jsonb not null,
      recorded_by_user_id uuid references app_user(id),
      recorded_by_org_id uuid references organisation(id),
      recorded_at timestamptz not null default now(),
      unique (organisation_id, version)
    );

    create table control_catalogue (
      id text primary key check (id ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null,
      version text not null,
      oscal_version text not null,
      document jsonb not null,
      imported_by_user_id uuid references app_user(id),
      imported_at timestamptz not null default now()
    );

    create table control_status (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      catalogue_id text not null,
      control_id text not null,
      status text not null check (status in ('implemented','partial','planned','not-implemented','not-applicable')),
      evidence jsonb not null default '[]',
      owner text,
      review_date date,
      recorded_by_user_id uuid references app_user(id),
      recorded_at timestamptz not null default now(),
      superseded_at timestamptz
    );
    create unique index control_status_current_idx on control_status (organisation_id, catalogue_id, control_id) where superseded_at is null;
    create index control_status_history_idx on control_status (organisation_id, recorded_at);

    create table management_approval (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      approved_by text not null,
      approved_at timestamptz not null,
      note text,
      recorded_by_user_id uuid references app_user(id),
      recorded_at timestamptz not null default now()
    );
    create index management_approval_org_idx on management_approval (organisation_id, approved_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table management_approval; drop table control_status; drop table control_catalogue; drop table organisation_scoping;`.execute(db);
}
