import { sql, type Kysely } from 'kysely';

/**
 * Cascade simulations on the registry (issue 4): the capacity level below which a vital process is down,
 * saved scenarios, simulation jobs (progress, cancellation, result), national crisis plans per vital-process
 * outage linked to the scenarios that exercise them, and exercises with injects, observations and lessons.
 * A lesson's `measure_id` points at a measure of the action programme once that table exists (no foreign key
 * here, so that this migration does not depend on it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table process_capacity_rule (
      process_id uuid primary key references vital_process(id),
      min_capacity double precision not null check (min_capacity > 0 and min_capacity <= 1),
      rationale text,
      updated_by_user_id uuid references app_user(id),
      updated_at timestamptz not null default now()
    );

    create table simulation_scenario (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 300),
      description text,
      owner_org_id uuid references organisation(id),
      created_by_user_id uuid references app_user(id),
      definition jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index simulation_scenario_owner_idx on simulation_scenario (owner_org_id);

    create table simulation_job (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('simulate','monte-carlo','rank')),
      status text not null default 'queued' check (status in ('queued','running','succeeded','failed','cancelled')),
      scenario_id uuid references simulation_scenario(id) on delete set null,
      input jsonb not null,
      done integer not null default 0 check (done >= 0),
      total integer not null default 0 check (total >= 0),
      result jsonb,
      error jsonb,
      created_by_user_id uuid references app_user(id),
      owner_org_id uuid references organisation(id),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index simulation_job_creator_idx on simulation_job (created_by_user_id, created_at desc);

    create table crisis_plan (
      id uuid primary key default gen_random_uuid(),
      process_id uuid not null references vital_process(id),
      title text not null check (length(title) between 1 and 300),
      summary text,
      escalation_levels jsonb not null default '[]',
      actions jsonb not null default '[]',
      roles jsonb not null default '[]',
      contacts jsonb not null default '[]',
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index crisis_plan_process_idx on crisis_plan (process_id);

    create table crisis_plan_scenario (
      plan_id uuid not null references crisis_plan(id) on delete cascade,
      scenario_id uuid not null references simulation_scenario(id) on delete cascade,
      primary key (plan_id, scenario_id)
    );
    create index crisis_plan_scenario_scenario_idx on crisis_plan_scenario (scenario_id);

    create table exercise (
      id uuid primary key default gen_random_uuid(),
      plan_id uuid not null references crisis_plan(id),
      scenario_id uuid not null references simulation_scenario(id),
      name text not null check (length(name) between 1 and 300),
      scheduled_at timestamptz not null,
      started_at timestamptz,
      completed_at timestamptz,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      check (completed_at is null or started_at is not null)
    );
    create index exercise_plan_idx on exercise (plan_id);

    create table exercise_inject (
      id uuid primary key default gen_random_uuid(),
      exercise_id uuid not null references exercise(id) on delete cascade,
      offset_minutes integer not null check (offset_minutes >= 0),
      message text not null check (length(message) between 1 and 4000),
      target_role text not null check (length(target_role) between 1 and 200)
    );
    create index exercise_inject_exercise_idx on exercise_inject (exercise_id, offset_minutes);

    create table exercise_observation (
      id uuid primary key default gen_random_uuid(),
      exercise_id uuid not null references exercise(id) on delete cascade,
      inject_id uuid references exercise_inject(id) on delete set null,
      offset_minutes integer check (offset_minutes >= 0),
      text text not null check (length(text) between 1 and 8000),
      observed_by_user_id uuid references app_user(id),
      observed_at timestamptz not null default now()
    );
    create index exercise_observation_exercise_idx on exercise_observation (exercise_id, observed_at);

    create table exercise_lesson (
      id uuid primary key default gen_random_uuid(),
      exercise_id uuid not null references exercise(id) on delete cascade,
      title text not null check (length(title) between 1 and 300),
      description text not null,
      measure_id uuid,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now()
    );
    create index exercise_lesson_exercise_idx on exercise_lesson (exercise_id);
  `.execute(db);
}
