import { sql, type Kysely } from 'kysely';

/**
 * Vendors as SBOMs name them, and the SBOMs themselves (issue 5).
 *
 * - `vendor_alias`: the names, purl namespaces and CPE vendors under which a vendor appears; one vendor per alias.
 * - `vendor_ownership`: the parent of a vendor, so that the chain up to the ultimate controlling party is kept
 *   (the vendor's `controlling_party` and `controlled_from_country` are derived from its top).
 * - `vendor_merge`: each merge of one vendor record into another, with what moved, so that a split restores it.
 * - `sbom`, `sbom_component`: an SBOM attached to a provider's asset and every component and service in it,
 *   with the product it became when its vendor was resolved.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table vendor_alias (
      id uuid primary key default gen_random_uuid(),
      vendor_id uuid not null references vendor(id),
      kind text not null check (kind in ('name','purl-namespace','cpe-vendor')),
      value text not null check (length(value) between 1 and 300),
      normalised text not null check (normalised <> ''),
      created_at timestamptz not null default now(),
      unique (kind, normalised)
    );
    create index vendor_alias_vendor_idx on vendor_alias (vendor_id);

    create table vendor_ownership (
      vendor_id uuid primary key references vendor(id),
      parent_vendor_id uuid not null references vendor(id),
      stake_percent numeric(5,2) check (stake_percent > 0 and stake_percent <= 100),
      source text,
      updated_at timestamptz not null default now(),
      check (vendor_id <> parent_vendor_id)
    );
    create index vendor_ownership_parent_idx on vendor_ownership (parent_vendor_id);

    create table vendor_merge (
      id uuid primary key default gen_random_uuid(),
      source_vendor_id uuid not null,
      target_vendor_id uuid not null references vendor(id),
      source_snapshot jsonb not null,
      moved jsonb not null,
      merged_at timestamptz not null default now(),
      merged_by uuid,
      split_at timestamptz,
      split_by uuid
    );
    create index vendor_merge_target_idx on vendor_merge (target_vendor_id);
    create index vendor_merge_source_idx on vendor_merge (source_vendor_id);

    create table sbom (
      id uuid primary key default gen_random_uuid(),
      asset_id uuid not null references asset(id),
      format text not null check (format in ('cyclonedx','spdx')),
      encoding text not null check (encoding in ('json','xml')),
      spec_version text not null,
      serial_number text,
      name text not null,
      bom_version integer,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      component_count integer not null,
      service_count integer not null,
      dependency_count integer not null,
      vendors_resolved integer not null,
      vendors_unresolved integer not null,
      imports integer not null default 1,
      imported_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index sbom_asset_serial_idx on sbom (asset_id, serial_number) where serial_number is not null;
    create index sbom_asset_name_idx on sbom (asset_id, name);

    create table sbom_component (
      sbom_id uuid not null references sbom(id) on delete cascade,
      ordinal integer not null,
      ref text not null,
      parent_ref text,
      root boolean not null,
      type text not null,
      kind text not null check (kind in ('hardware','firmware','software','service')),
      name text not null,
      version text,
      "group" text,
      purl text,
      cpe text,
      names jsonb not null,
      trust_zone text,
      depends_on text[] not null default '{}',
      resolved_via text,
      product_id uuid references product(id),
      primary key (sbom_id, ordinal)
    );
    create index sbom_component_product_idx on sbom_component (product_id);
  `.execute(db);
}
