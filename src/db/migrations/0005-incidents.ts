import { sql, type Kysely } from 'kysely';

/**
 * Incident reporting under NIS2 art. 23 and CER art. 15 (issue 6, item 3): an incident at an entity, its report
 * obligations with their deadlines (recomputed when a submission moves a later deadline), and an append-only history
 * of every change and every submission. Instants are timestamptz (UTC); a submitted report is never overwritten.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence incident_number_seq;

    create table incident (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      organisation_id uuid not null references organisation(id),
      reference text check (reference is null or length(reference) between 1 and 100),
      title text not null check (length(title) between 1 and 300),
      description text not null default '',
      aware_at timestamptz not null,
      regimes text[] not null check (cardinality(regimes) between 1 and 2 and regimes <@ array['nis2','cer']::text[]),
      regimes_source text not null check (regimes_source in ('given','classification')),
      trust_service boolean not null default false,
      severe_operational_disruption boolean not null,
      financial_loss boolean not null,
      damage_to_others boolean not null,
      status text not null default 'open' check (status in ('open','resolved')),
      resolved_at timestamptz,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, reference),
      check ((status = 'resolved') = (resolved_at is not null)),
      check (resolved_at is null or resolved_at >= aware_at)
    );
    create index incident_organisation_idx on incident (organisation_id);

    create table report_obligation (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incident(id),
      regime text not null check (regime in ('nis2','cer')),
      step text not null check (step in ('early-warning','incident-notification','final-report','initial-notification','detailed-report')),
      due_at timestamptz not null,
      basis text not null,
      recipients text[] not null,
      submitted_at timestamptz,
      content jsonb,
      submitted_by_user_id uuid references app_user(id),
      recorded_at timestamptz,
      unique (incident_id, regime, step),
      check ((submitted_at is null) = (content is null)),
      check ((submitted_at is null) = (recorded_at is null))
    );
    create index report_obligation_open_due_idx on report_obligation (due_at) where submitted_at is null;

    create table incident_event (
      id uuid primary key default gen_random_uuid(),
      incident_id uuid not null references incident(id),
      at timestamptz not null default now(),
      kind text not null check (kind in ('created','updated','report-submitted','deadline-moved')),
      actor_user_id uuid references app_user(id),
      actor_org_id uuid references organisation(id),
      details jsonb not null
    );
    create index incident_event_incident_idx on incident_event (incident_id, at);
  `.execute(db);
}
