import { sql, type Kysely } from 'kysely';

/**
 * Advisories and messages under TLP 2.0 (issue 7): the message, its audience, links to vital processes,
 * read receipts and acknowledgements, and the views that say which organisations belong to a sector and
 * which organisations receive a message. Ids never change, so that STIX objects can be derived from them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table advisory (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('advisory','threat-information','sector-notice','request-for-information')),
      threat_domain text check (threat_domain in ('digital','physical')),
      tlp text not null check (tlp in ('TLP:CLEAR','TLP:GREEN','TLP:AMBER','TLP:AMBER+STRICT','TLP:RED')),
      amber_clients boolean not null default false,
      title text not null check (length(title) between 1 and 300),
      body text not null,
      author_user_id uuid not null references app_user(id),
      author_org_id uuid not null references organisation(id),
      forwarded_from_id uuid references advisory(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((kind = 'threat-information') = (threat_domain is not null))
    );
    create index advisory_author_org_idx on advisory (author_org_id);
    create index advisory_created_idx on advisory (created_at desc, id);

    create table advisory_audience (
      id uuid primary key default gen_random_uuid(),
      advisory_id uuid not null references advisory(id) on delete cascade,
      organisation_id uuid references organisation(id),
      sector_id uuid references sector(id),
      role text check (role in ('coordinator','ministry','provider','supervisor','csirt','partner')),
      user_id uuid references app_user(id),
      check (num_nonnulls(organisation_id, sector_id, role, user_id) = 1)
    );
    create index advisory_audience_advisory_idx on advisory_audience (advisory_id);
    create index advisory_audience_organisation_idx on advisory_audience (organisation_id) where organisation_id is not null;
    create index advisory_audience_user_idx on advisory_audience (user_id) where user_id is not null;

    create table advisory_process (
      advisory_id uuid not null references advisory(id) on delete cascade,
      process_id uuid not null references vital_process(id),
      primary key (advisory_id, process_id)
    );

    create table advisory_read (
      advisory_id uuid not null references advisory(id) on delete cascade,
      user_id uuid not null references app_user(id),
      first_read_at timestamptz not null default now(),
      last_read_at timestamptz not null default now(),
      read_count integer not null default 1,
      acknowledged_at timestamptz,
      primary key (advisory_id, user_id)
    );
    create index advisory_read_user_idx on advisory_read (user_id);

    -- The organisations of a sector: the providers designated for its processes, the ministries responsible
    -- for them and the supervisors of the sector.
    create view sector_member as
      select vp.sector_id, pp.provider_id as organisation_id
        from process_provider pp join vital_process vp on vp.id = pp.process_id
        where pp.status <> 'withdrawn'
      union
      select sector_id, ministry_id from vital_process
      union
      select sector_id, supervisor_id from supervision;

    -- The recipient organisations of a message: named, in a named sector, or of a named role (a role names
    -- the organisations of its kind). Persons (RED) are not organisations and are not here.
    create view advisory_recipient_organisation as
      select advisory_id, organisation_id from advisory_audience where organisation_id is not null
      union
      select a.advisory_id, m.organisation_id from advisory_audience a join sector_member m on m.sector_id = a.sector_id
      union
      select a.advisory_id, o.id from advisory_audience a join organisation o on o.kind = a.role;
  `.execute(db);
}
