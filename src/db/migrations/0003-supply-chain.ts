import { sql, type Kysely } from 'kysely';

/**
 * Supply chain (issue 5): vendor identifiers (KvK, LEI) and ultimate controlling party, the manufacturer of a
 * product beside its vendor, whether a product is listed in the shared register (or known only from a provider's
 * own records, such as an SBOM), and products inside products (firmware in a device, a component of a software
 * product, the provider of a service) so that the high-risk scan can walk into them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table vendor
      add column kvk_number text check (kvk_number ~ '^[0-9]{8}$'),
      add column lei text check (lei ~ '^[A-Z0-9]{20}$'),
      add column controlling_party text,
      add column updated_at timestamptz not null default now(),
      add constraint vendor_country_check check (country ~ '^[A-Z]{2}$'),
      add constraint vendor_controlled_from_country_check check (controlled_from_country ~ '^[A-Z]{2}$');
    create unique index vendor_lei_idx on vendor (lei) where lei is not null;
    create index vendor_country_idx on vendor (country);
    create index vendor_controlled_from_country_idx on vendor (controlled_from_country);

    alter table product
      add column manufacturer_id uuid references vendor(id),
      add column listed boolean not null default true,
      add column created_at timestamptz not null default now(),
      add column updated_at timestamptz not null default now();
    create index product_vendor_idx on product (vendor_id);
    create index product_manufacturer_idx on product (manufacturer_id);

    create table product_component (
      parent_product_id uuid not null references product(id),
      child_product_id uuid not null references product(id),
      primary key (parent_product_id, child_product_id),
      check (parent_product_id <> child_product_id)
    );
    create index product_component_child_idx on product_component (child_product_id);

    create index product_use_product_idx on product_use (product_id);
  `.execute(db);
}
