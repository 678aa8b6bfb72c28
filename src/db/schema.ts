import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the database, in camelCase (Kysely's CamelCasePlugin maps them to snake_case columns). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export interface SettingTable {
  key: string;
  value: string;
}

export interface OrganisationTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  country: Generated<string>;
  kvkNumber: string | null;
  lei: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  organisationId: string;
  email: string;
  name: string;
  roles: string[];
  passwordHash: string | null;
  oidcSubject: string | null;
  disabled: Generated<boolean>;
  failedLogins: Generated<number>;
  createdAt: CreatedAt;
  lastLoginAt: Date | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: CreatedAt;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface SessionTable {
  id: Generated<string>;
  userId: string;
  tokenHash: string;
  createdAt: CreatedAt;
  expiresAt: Date;
}

export interface SectorTable {
  id: Generated<string>;
  code: string;
  nameNl: string;
  nameEn: string;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface VitalProcessTable {
  id: Generated<string>;
  code: string;
  nameNl: string;
  nameEn: string;
  sectorId: string;
  category: string | null;
  ministryId: string;
  euInterest: Generated<boolean>;
  natoInterest: Generated<boolean>;
  listVersion: Generated<string>;
  source: string | null;
  notes: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface ProcessProviderTable {
  id: Generated<string>;
  processId: string;
  providerId: string;
  role: Generated<string>;
  status: Generated<string>;
  notifiedAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SupervisionTable {
  supervisorId: string;
  sectorId: string;
}

export interface AssetTable {
  id: Generated<string>;
  code: string;
  providerId: string;
  processId: string | null;
  name: string;
  kind: string;
  assetType: string | null;
  keyAsset: Generated<boolean>;
  latitude: number | null;
  longitude: number | null;
  populationServed: Generated<number>;
  euroPerHour: Generated<number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface DependencyTable {
  id: Generated<string>;
  dependentId: string;
  supplierId: string;
  type: string;
  groupName: string | null;
  k: number | null;
  bufferHours: Generated<number>;
  crossBorderCountry: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface VendorTable {
  id: Generated<string>;
  code: string;
  name: string;
  aliases: Generated<string[]>;
  country: string;
  controlledFromCountry: string | null;
  createdAt: CreatedAt;
}

export interface ProductTable {
  id: Generated<string>;
  code: string;
  vendorId: string;
  name: string;
  kind: string;
}

export interface ProductUseTable {
  assetId: string;
  productId: string;
}

export interface AuditLogTable {
  seq: ColumnType<number, number, never>;
  at: ColumnType<Date, Date, never>;
  actorUserId: string | null;
  actorOrgId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  subjectOrgId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prevHash: string;
  hash: string;
}

export interface Database {
  setting: SettingTable;
  organisation: OrganisationTable;
  appUser: AppUserTable;
  apiToken: ApiTokenTable;
  session: SessionTable;
  sector: SectorTable;
  vitalProcess: VitalProcessTable;
  processProvider: ProcessProviderTable;
  supervision: SupervisionTable;
  asset: AssetTable;
  dependency: DependencyTable;
  vendor: VendorTable;
  product: ProductTable;
  productUse: ProductUseTable;
  auditLog: AuditLogTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type UserRow = Selectable<AppUserTable>;
export type AssetRow = Selectable<AssetTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationPatch = Updateable<OrganisationTable>;
