import { sql, type Kysely } from 'kysely';

/** The cyclus vitaal: cycles and their steps, declared events, versioned vitality thresholds, vitality assessments and indicator scores. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vitality_threshold_version (
      id uuid primary key default gen_random_uuid(),
      version integer not null unique check (version >= 1),
      label text not null,
      source text not null,
      confirmed boolean not null,
      note text,
      measures jsonb not null,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now()
    );

    create table cycle_event (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      description text,
      declared_by_org_id uuid references organisation(id),
      declared_by_user_id uuid references app_user(id),
      declared_at timestamptz not null,
      due_at timestamptz not null,
      created_at timestamptz not null default now(),
      check (due_at > declared_at)
    );

    create table cycle_event_sector (
      event_id uuid not null references cycle_event(id),
      sector_id uuid not null references sector(id),
      primary key (event_id, sector_id)
    );

    create table cycle (
      id uuid primary key default gen_random_uuid(),
      process_id uuid not null references vital_process(id),
      kind text not null check (kind in ('regular','quickscan')),
      trigger text not null check (trigger in ('schedule','event')),
      event_id uuid references cycle_event(id),
      opened_at timestamptz not null,
      due_at timestamptz not null,
      completed_at timestamptz,
      opened_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (due_at > opened_at),
      check ((trigger = 'event') = (event_id is not null)),
      check (completed_at is null or completed_at >= opened_at)
    );
    create index cycle_process_idx on cycle (process_id);
    create index cycle_open_due_idx on cycle (due_at) where completed_at is null;
    create index cycle_event_idx on cycle (event_id);

    create table cycle_step (
      cycle_id uuid not null references cycle(id),
      step text not null check (step in ('designation','analysis','measures','effectiveness')),
      position smallint not null check (position between 1 and 4),
      state text not null default 'not-started' check (state in ('not-started','in-progress','completed')),
      started_at timestamptz,
      started_by_user_id uuid references app_user(id),
      completed_at timestamptz,
      completed_by_user_id uuid references app_user(id),
      primary key (cycle_id, step),
      check ((state = 'not-started') = (started_at is null)),
      check ((state = 'completed') = (completed_at is not null)),
      check (completed_at is null or completed_at >= started_at)
    );

    create table vitality_assessment (
      id uuid primary key default gen_random_uuid(),
      process_id uuid not null references vital_process(id),
      cycle_id uuid references cycle(id),
      threshold_version_id uuid not null references vitality_threshold_version(id),
      criteria jsonb not null,
      findings jsonb not null,
      proposed_category text not null check (proposed_category in ('A','B','not-vital')),
      assessed_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      decided_category text check (decided_category in ('A','B','not-vital')),
      rationale text,
      eu_interest boolean,
      nato_interest boolean,
      decided_by_user_id uuid references app_user(id),
      decided_at timestamptz,
      check ((decided_at is null) = (decided_category is null)),
      check (decided_at is null or (rationale is not null and eu_interest is not null and nato_interest is not null))
    );
    create index vitality_assessment_process_idx on vitality_assessment (process_id);

    create table indicator_score (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      provider_id uuid not null references organisation(id),
      indicator text not null check (indicator in ('physical','digital','economic','chain-dependencies','crisis-management')),
      score integer not null,
      rationale text not null,
      evidence text[] not null default '{}',
      scored_by_user_id uuid references app_user(id),
      scored_at timestamptz not null default now(),
      unique (cycle_id, provider_id, indicator)
    );
    create index indicator_score_provider_idx on indicator_score (provider_id);
  `.execute(db);
}
