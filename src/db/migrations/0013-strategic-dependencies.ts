import { sql, type Kysely } from 'kysely';

/**
 * Strategic dependencies (issue 5 items 5–7): substitutability per asset class or product (qualified alternatives
 * and time to switch, with their source), procurement risk assessments (quickscan, full analysis, decision) and the
 * investment-screening register of acquisitions, investments and ownership changes in vital providers and in
 * vendors of key assets, with the notification duty and its status.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table substitutability (
      id uuid primary key default gen_random_uuid(),
      asset_class text check (length(asset_class) between 1 and 100),
      product_id uuid references product(id),
      qualified_alternatives integer not null check (qualified_alternatives >= 0),
      switch_months double precision not null check (switch_months >= 0),
      source text not null check (length(source) between 1 and 2000),
      confirmed boolean not null default false,
      note text,
      updated_by_user_id uuid references app_user(id),
      updated_at timestamptz not null default now(),
      check ((asset_class is null) <> (product_id is null))
    );
    create unique index substitutability_asset_class_idx on substitutability (asset_class) where asset_class is not null;
    create unique index substitutability_product_idx on substitutability (product_id) where product_id is not null;

    create table procurement_assessment (
      id uuid primary key default gen_random_uuid(),
      buyer_org_id uuid not null references organisation(id),
      title text not null check (length(title) between 1 and 300),
      description text,
      purchase_kind text not null check (purchase_kind in ('hardware','firmware','software','service')),
      vendor_id uuid references vendor(id),
      product_id uuid references product(id),
      asset_id uuid references asset(id),
      process_id uuid references vital_process(id),
      quickscan jsonb not null,
      outcome jsonb not null,
      full_analysis_required boolean not null,
      status text not null default 'quickscan' check (status in ('quickscan','analysis','decided')),
      analysis jsonb,
      decision text check (decision in ('proceed','proceed-with-measures','do-not-proceed')),
      decision_rationale text,
      decided_at timestamptz,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((decision is null) = (status <> 'decided'))
    );
    create index procurement_assessment_buyer_idx on procurement_assessment (buyer_org_id, created_at desc);

    create table ownership_change (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('acquisition','investment','merger','ownership-change')),
      target_org_id uuid references organisation(id),
      target_vendor_id uuid references vendor(id),
      acquirer_name text not null check (length(acquirer_name) between 1 and 300),
      acquirer_vendor_id uuid references vendor(id),
      acquirer_country text not null check (acquirer_country ~ '^[A-Z]{2}$'),
      acquirer_controlled_from_country text check (acquirer_controlled_from_country ~ '^[A-Z]{2}$'),
      stake_before_percent numeric check (stake_before_percent between 0 and 100),
      stake_percent numeric not null check (stake_percent between 0 and 100),
      gains_control boolean not null default false,
      occurred_on date not null,
      description text,
      source text,
      screening jsonb not null,
      flagged boolean not null,
      notification_duty text not null check (notification_duty in ('required','to-assess','not-required')),
      notification_status text not null default 'not-notified'
        check (notification_status in ('not-notified','notified','under-review','approved','approved-with-conditions','prohibited','not-required')),
      notified_on date,
      decided_on date,
      registered_by_org_id uuid references organisation(id),
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (target_org_id is not null or target_vendor_id is not null)
    );
    create index ownership_change_target_org_idx on ownership_change (target_org_id);
    create index ownership_change_target_vendor_idx on ownership_change (target_vendor_id);
  `.execute(db);
}
