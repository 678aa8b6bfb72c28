import { sql, type Kysely } from 'kysely';

/**
 * Supervision under NIS2 art. 32–34 (issue 6, item 4): inspections (ex ante for essential entities only, ex post for
 * all), findings with their follow-up, and enforcement actions, each per supervised entity and supervisor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table inspection (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      supervisor_id uuid not null references organisation(id),
      kind text not null check (kind in ('ex-ante','ex-post')),
      status text not null check (status in ('planned','done')),
      date date not null,
      scope text not null check (length(scope) between 1 and 4000),
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index inspection_organisation_idx on inspection (organisation_id);

    create table finding (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      supervisor_id uuid not null references organisation(id),
      inspection_id uuid references inspection(id),
      title text not null check (length(title) between 1 and 300),
      description text not null default '',
      status text not null check (status in ('open','in-progress','resolved')),
      due_date date,
      resolved_on date,
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'resolved') = (resolved_on is not null))
    );
    create index finding_organisation_idx on finding (organisation_id);

    create table enforcement_action (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation(id),
      supervisor_id uuid not null references organisation(id),
      finding_id uuid references finding(id),
      kind text not null check (kind in ('warning','binding-instruction','order','order-subject-to-penalty','fine','suspension','management-ban')),
      status text not null check (status in ('intended','imposed','complied','withdrawn')),
      decided_on date not null,
      amount_eur double precision check (amount_eur is null or amount_eur >= 0),
      description text not null default '',
      created_by_user_id uuid references app_user(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index enforcement_action_organisation_idx on enforcement_action (organisation_id);
  `.execute(db);
}
