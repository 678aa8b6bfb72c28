import { sql, type RawBuilder } from 'kysely';
import type { NotFoundNoun } from '../../domain/errors.ts';
import { assetKinds, categories, dependencyTypes, designationStatuses, providerRoles } from '../../domain/registry.ts';
import { organisationKinds } from '../../domain/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { ProtectedResource } from '../policy.ts';

/**
 * Declarative description of each registry resource: the API schemas, the CSV/XLSX columns and the generic
 * list/read/create/update use cases are all derived from it, so a field is described once.
 */
export type FieldType =
  | { kind: 'string'; maxLength?: number; pattern?: string; format?: 'email' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'integer'; minimum?: number; maximum?: number }
  | { kind: 'number'; minimum?: number; maximum?: number }
  | { kind: 'boolean' }
  | { kind: 'string-list'; values?: readonly string[] }
  | { kind: 'reference'; resource: RegistryResourceName }
  | { kind: 'timestamp' };

export interface FieldSpec {
  name: string;
  type: FieldType;
  description: string;
  /** Must be given on create (and never null). */
  required?: boolean;
  nullable?: boolean;
  /** Set by the platform, never by a client (timestamps). */
  readOnly?: boolean;
  /** Given on create and never changed afterwards. */
  immutable?: boolean;
}

export interface FilterSpec {
  /** Query-string name. */
  name: string;
  /** The field it compares with equality, and whose type the query value has. */
  field: string;
  description: string;
  /** A condition other than equality on `field`, in SQL over the resource's table. */
  condition?: (value: string) => RawBuilder<boolean>;
}

export interface ResourceSpec {
  name: RegistryResourceName;
  table: keyof Database & ('sector' | 'vitalProcess' | 'organisation' | 'processProvider' | 'asset' | 'dependency');
  /** Singular noun for messages and error codes (`asset` → `asset-not-found`). */
  noun: NotFoundNoun;
  policy: ProtectedResource;
  /** The human code that identifies a record in files; the natural key used by imports. */
  naturalKey: readonly string[];
  fields: readonly FieldSpec[];
  filters: readonly FilterSpec[];
  /** Column holding the organisation the record belongs to, for the audit log. */
  ownerField?: string;
  orderBy: string;
}

export type RegistryResourceName = 'sectors' | 'vital-processes' | 'organisations' | 'process-providers' | 'assets' | 'dependencies';

const code: FieldSpec = {
  name: 'code',
  type: { kind: 'string', maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$' },
  description: 'Human identifier, unique, lower-case (`elektriciteit-landelijk`).',
  required: true,
  immutable: true,
};
const timestamps: FieldSpec[] = [
  { name: 'createdAt', type: { kind: 'timestamp' }, description: 'When the record was created (UTC).', readOnly: true },
  { name: 'updatedAt', type: { kind: 'timestamp' }, description: 'When the record was last changed (UTC).', readOnly: true },
];
const name = (description: string): FieldSpec => ({ name: 'name', type: { kind: 'string', maxLength: 300 }, description, required: true });
const countryCode = { kind: 'string', pattern: '^[A-Z]{2}$' } as const;

export const resources: Record<RegistryResourceName, ResourceSpec> = {
  sectors: {
    name: 'sectors',
    table: 'sector',
    noun: 'sector',
    policy: 'sectors',
    naturalKey: ['code'],
    orderBy: 'code',
    fields: [
      code,
      { name: 'nameNl', type: { kind: 'string', maxLength: 300 }, description: 'Name in Dutch.', required: true },
      { name: 'nameEn', type: { kind: 'string', maxLength: 300 }, description: 'Name in English.', required: true },
      ...timestamps,
    ],
    filters: [],
  },
  'vital-processes': {
    name: 'vital-processes',
    table: 'vitalProcess',
    noun: 'vital-process',
    policy: 'vital-processes',
    naturalKey: ['code'],
    orderBy: 'code',
    fields: [
      code,
      { name: 'nameNl', type: { kind: 'string', maxLength: 500 }, description: 'Name in Dutch.', required: true },
      { name: 'nameEn', type: { kind: 'string', maxLength: 500 }, description: 'Name in English.', required: true },
      { name: 'sectorId', type: { kind: 'reference', resource: 'sectors' }, description: 'Sector of the process.', required: true },
      { name: 'category', type: { kind: 'enum', values: categories }, description: 'Category A or B; null where the list gives none.', nullable: true },
      { name: 'ministryId', type: { kind: 'reference', resource: 'organisations' }, description: 'The responsible ministry (vakdepartement).', required: true },
      { name: 'euInterest', type: { kind: 'boolean' }, description: 'The process serves an EU interest.' },
      { name: 'natoInterest', type: { kind: 'boolean' }, description: 'The process serves a NATO interest.' },
      { name: 'listVersion', type: { kind: 'string', maxLength: 100 }, description: 'Version of the published list the record follows.' },
      { name: 'source', type: { kind: 'string', maxLength: 2000 }, description: 'Where the record’s facts come from.', nullable: true },
      { name: 'notes', type: { kind: 'string', maxLength: 5000 }, description: 'Remarks, including unconfirmed facts.', nullable: true },
      ...timestamps,
    ],
    filters: [
      { name: 'sectorId', field: 'sectorId', description: 'Only processes of this sector.' },
      { name: 'category', field: 'category', description: 'Only processes of this category (A or B).' },
      { name: 'ministryId', field: 'ministryId', description: 'Only processes of this ministry.' },
    ],
  },
  organisations: {
    name: 'organisations',
    table: 'organisation',
    noun: 'organisation',
    policy: 'organisations',
    naturalKey: ['code'],
    orderBy: 'name',
    ownerField: 'id',
    fields: [
      code,
      name('Legal or usual name.'),
      { name: 'kind', type: { kind: 'enum', values: organisationKinds }, description: 'What the organisation is.', required: true, immutable: true },
      { name: 'country', type: countryCode, description: 'Country of establishment (ISO 3166-1 alpha-2).' },
      { name: 'kvkNumber', type: { kind: 'string', pattern: '^[0-9]{8}$' }, description: 'Dutch Chamber of Commerce number.', nullable: true },
      { name: 'lei', type: { kind: 'string', pattern: '^[A-Z0-9]{20}$' }, description: 'Legal Entity Identifier.', nullable: true },
      ...timestamps,
    ],
    filters: [{ name: 'kind', field: 'kind', description: 'Only organisations of this kind.' }],
  },
  'process-providers': {
    name: 'process-providers',
    table: 'processProvider',
    noun: 'process-provider',
    policy: 'process-providers',
    naturalKey: ['processId', 'providerId'],
    orderBy: 'createdAt',
    ownerField: 'providerId',
    fields: [
      { name: 'processId', type: { kind: 'reference', resource: 'vital-processes' }, description: 'The vital process.', required: true, immutable: true },
      { name: 'providerId', type: { kind: 'reference', resource: 'organisations' }, description: 'The vital provider.', required: true, immutable: true },
      { name: 'role', type: { kind: 'enum', values: providerRoles }, description: 'The provider’s part in the process.' },
      { name: 'status', type: { kind: 'enum', values: designationStatuses }, description: 'Designation state.' },
      { name: 'notifiedAt', type: { kind: 'timestamp' }, description: 'When the provider was informed of its status.', nullable: true },
      ...timestamps,
    ],
    filters: [
      { name: 'processId', field: 'processId', description: 'Only providers of this process.' },
      { name: 'providerId', field: 'providerId', description: 'Only processes of this provider.' },
      { name: 'status', field: 'status', description: 'Only designations in this state.' },
    ],
  },
  assets: {
    name: 'assets',
    table: 'asset',
    noun: 'asset',
    policy: 'assets',
    naturalKey: ['code'],
    orderBy: 'code',
    ownerField: 'providerId',
    fields: [
      code,
      { name: 'providerId', type: { kind: 'reference', resource: 'organisations' }, description: 'The provider that owns the asset.', required: true },
      { name: 'processId', type: { kind: 'reference', resource: 'vital-processes' }, description: 'The vital process the asset serves.', nullable: true },
      name('Name of the site, system or service.'),
      { name: 'kind', type: { kind: 'enum', values: assetKinds }, description: 'Site, system or service.', required: true },
      { name: 'assetType', type: { kind: 'string', maxLength: 100 }, description: 'Type, such as `substation` or `data-centre`.', nullable: true },
      { name: 'keyAsset', type: { kind: 'boolean' }, description: 'Core of the vital process (core network, control system, safety system).' },
      { name: 'latitude', type: { kind: 'number', minimum: -90, maximum: 90 }, description: 'WGS84 latitude.', nullable: true },
      { name: 'longitude', type: { kind: 'number', minimum: -180, maximum: 180 }, description: 'WGS84 longitude.', nullable: true },
      { name: 'populationServed', type: { kind: 'integer', minimum: 0 }, description: 'People who depend on the asset.' },
      { name: 'euroPerHour', type: { kind: 'number', minimum: 0 }, description: 'Economic loss per hour of outage, in euros.' },
      ...timestamps,
    ],
    filters: [
      { name: 'providerId', field: 'providerId', description: 'Only assets of this provider.' },
      { name: 'processId', field: 'processId', description: 'Only assets serving this process.' },
      { name: 'kind', field: 'kind', description: 'Only assets of this kind.' },
    ],
  },
  dependencies: {
    name: 'dependencies',
    table: 'dependency',
    noun: 'dependency',
    policy: 'dependencies',
    naturalKey: ['dependentId', 'supplierId'],
    orderBy: 'createdAt',
    fields: [
      { name: 'dependentId', type: { kind: 'reference', resource: 'assets' }, description: 'The asset that needs the supplier.', required: true, immutable: true },
      { name: 'supplierId', type: { kind: 'reference', resource: 'assets' }, description: 'The asset it needs.', required: true, immutable: true },
      { name: 'type', type: { kind: 'enum', values: dependencyTypes }, description: 'Physical, cyber, geographic or logical.', required: true },
      { name: 'groupName', type: { kind: 'string', maxLength: 100 }, description: 'Requirement group: suppliers in one group back each other up.', nullable: true },
      { name: 'k', type: { kind: 'integer', minimum: 1 }, description: 'Suppliers of the group that must work (k-of-n).', nullable: true },
      { name: 'bufferHours', type: { kind: 'number', minimum: 0 }, description: 'Hours the dependent keeps working without the supplier (backup power, stock).' },
      { name: 'crossBorderCountry', type: countryCode, description: 'Country of a supplier abroad.', nullable: true },
      ...timestamps,
    ],
    filters: [
      { name: 'dependentId', field: 'dependentId', description: 'Only dependencies of this asset.' },
      { name: 'supplierId', field: 'supplierId', description: 'Only dependencies on this asset.' },
      { name: 'type', field: 'type', description: 'Only dependencies of this type.' },
      {
        name: 'processId',
        field: 'dependentId',
        description: 'Only dependencies with an asset of this vital process at either end.',
        condition: (processId) =>
          sql<boolean>`(dependency.dependent_id in (select id from asset where process_id = ${processId}) or dependency.supplier_id in (select id from asset where process_id = ${processId}))`,
      },
    ],
  },
};

export const resourceNames = Object.keys(resources) as RegistryResourceName[];

/** Fields a client may send on create. */
export const writableFields = (spec: ResourceSpec) => spec.fields.filter((field) => !field.readOnly);
/** Fields a client may send on update. */
export const updatableFields = (spec: ResourceSpec) => writableFields(spec).filter((field) => !field.immutable);

