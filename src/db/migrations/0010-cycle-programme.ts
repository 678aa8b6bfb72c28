import { sql, type Kysely } from 'kysely';

/**
 * The rest of the cyclus vitaal (issue 3): who designated and notified which provider within a cycle (step 1), threats,
 * risk scenarios with their class scores and the strategic inputs of the analysis (step 2), the action programme
 * (step 3) and the re-assessment after measures (step 4). Scores carry a phase: `analysis` (step 2) or `reassessment`
 * (step 4), so that both live in the same cycle and can be compared.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table process_provider
      add column status_changed_at timestamptz,
      add column status_changed_by_user_id uuid references app_user(id);

    create table designation_change (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      process_provider_id uuid not null references process_provider(id),
      provider_id uuid not null references organisation(id),
      status text not null check (status in ('proposed','designated','withdrawn')),
      previous_status text check (previous_status in ('proposed','designated','withdrawn')),
      note text,
      changed_by_user_id uuid references app_user(id),
      changed_at timestamptz not null
    );
    create index designation_change_cycle_idx on designation_change (cycle_id);

    create table provider_notification (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      provider_id uuid not null references organisation(id),
      status text not null check (status in ('proposed','designated','withdrawn')),
      message text not null,
      sent_by_user_id uuid references app_user(id),
      sent_at timestamptz not null,
      acknowledged_at timestamptz,
      acknowledged_by_user_id uuid references app_user(id),
      check (acknowledged_at is null or acknowledged_at >= sent_at)
    );
    create index provider_notification_cycle_idx on provider_notification (cycle_id);

    alter table cycle add column scores_shared_with_providers boolean not null default false;

    alter table indicator_score
      add column phase text not null default 'analysis' check (phase in ('analysis','reassessment')),
      drop constraint indicator_score_cycle_id_provider_id_indicator_key,
      add constraint indicator_score_phase_key unique (cycle_id, provider_id, indicator, phase);

    create table cycle_threat (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      threat_key text not null,
      sub_threat_key text not null default '',
      rationale text,
      linked_by_user_id uuid references app_user(id),
      linked_at timestamptz not null default now(),
      unique (cycle_id, threat_key, sub_threat_key)
    );

    create table risk_scenario (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      key text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null,
      description text,
      threat_key text,
      shared_with_providers boolean not null default false,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (cycle_id, key)
    );

    create table risk_scenario_score (
      id uuid primary key default gen_random_uuid(),
      scenario_id uuid not null references risk_scenario(id),
      phase text not null check (phase in ('analysis','reassessment')),
      likelihood_class text not null,
      impacts jsonb not null,
      impact_score double precision not null,
      impact_class text not null,
      risk_score double precision not null,
      rationale text,
      scored_by_user_id uuid references app_user(id),
      scored_at timestamptz not null,
      unique (scenario_id, phase)
    );

    create table cycle_input (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      kind text not null check (kind in ('high-risk-finding','vendor','strategic-dependency','procurement')),
      reference text,
      vendor_id uuid references vendor(id),
      title text not null,
      note text,
      linked_by_user_id uuid references app_user(id),
      linked_at timestamptz not null default now()
    );
    create index cycle_input_cycle_idx on cycle_input (cycle_id);

    create table measure (
      id uuid primary key default gen_random_uuid(),
      cycle_id uuid not null references cycle(id),
      title text not null,
      description text,
      scope text not null check (scope in ('sectoral','cross-sector')),
      owner_org_id uuid not null references organisation(id),
      due_at timestamptz not null,
      status text not null default 'planned' check (status in ('planned','in-progress','done','cancelled')),
      cost_estimate_eur double precision check (cost_estimate_eur >= 0),
      shared_with_providers boolean not null default false,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index measure_cycle_idx on measure (cycle_id);
    create index measure_owner_idx on measure (owner_org_id);

    create table measure_process (
      measure_id uuid not null references measure(id),
      process_id uuid not null references vital_process(id),
      primary key (measure_id, process_id)
    );

    create table measure_scenario (
      measure_id uuid not null references measure(id),
      scenario_id uuid not null references risk_scenario(id),
      expected_likelihood_class text,
      expected_impact_class text,
      primary key (measure_id, scenario_id)
    );

    create table measure_indicator (
      measure_id uuid not null references measure(id),
      indicator text not null check (indicator in ('physical','digital','economic','chain-dependencies','crisis-management')),
      expected_score integer,
      primary key (measure_id, indicator)
    );
  `.execute(db);
}
