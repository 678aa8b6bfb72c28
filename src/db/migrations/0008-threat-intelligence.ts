import { sql, type Kysely } from 'kysely';

/**
 * Threat intelligence imported as STIX 2.1 (issue 7): every imported object (threat actors, intrusion sets,
 * indicators, vulnerabilities, reports, identities, relationships, …) once per importing organisation under its
 * STIX id, with its TLP label and the full object as received; and TAXII 2.1 status resources of POSTed envelopes.
 * Re-importing the same object updates it only when its `modified` is newer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table stix_object (
      id uuid primary key default gen_random_uuid(),
      stix_id text not null check (stix_id ~ '^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F-]{36}$'),
      type text not null check (type in ('threat-actor','intrusion-set','indicator','vulnerability','report','note','identity','infrastructure','incident','relationship','marking-definition')),
      name text,
      description text,
      tlp text not null check (tlp in ('TLP:CLEAR','TLP:GREEN','TLP:AMBER','TLP:AMBER+STRICT','TLP:RED')),
      importing_org_id uuid not null references organisation(id),
      imported_by_user_id uuid references app_user(id),
      relationship_type text,
      source_ref text,
      target_ref text,
      created timestamptz not null,
      modified timestamptz not null,
      object jsonb not null,
      imported_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (importing_org_id, stix_id),
      check ((type = 'relationship') = (source_ref is not null and target_ref is not null and relationship_type is not null))
    );
    create index stix_object_updated_idx on stix_object (updated_at, stix_id);
    create index stix_object_stix_id_idx on stix_object (stix_id);

    create table taxii_status (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user(id),
      collection text not null,
      status text not null check (status in ('pending','complete')),
      request_timestamp timestamptz not null default now(),
      total_count integer not null check (total_count >= 0),
      success_count integer not null check (success_count >= 0),
      failure_count integer not null check (failure_count >= 0),
      pending_count integer not null check (pending_count >= 0),
      successes jsonb not null default '[]',
      failures jsonb not null default '[]',
      check (success_count + failure_count + pending_count = total_count)
    );
    create index taxii_status_user_idx on taxii_status (user_id);
  `.execute(db);
}
