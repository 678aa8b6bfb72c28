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
  kvkNumber: string | null;
  lei: string | null;
  /** Name of the ultimate controlling party (the top of the ownership chain). */
  controllingParty: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface ProductTable {
  id: Generated<string>;
  code: string;
  vendorId: string;
  manufacturerId: string | null;
  /** In the shared register (every signed-in user sees it); false for products known only from a provider's own records. */
  listed: Generated<boolean>;
  name: string;
  kind: string;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** A product inside another: firmware in a device, a library in software, the provider behind a service. */
export interface ProductComponentTable {
  parentProductId: string;
  childProductId: string;
}

export interface ProductUseTable {
  assetId: string;
  productId: string;
}

/** JSON column: written as text (JSON.stringify), read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface VitalityThresholdVersionTable {
  id: Generated<string>;
  version: number;
  label: string;
  source: string;
  confirmed: boolean;
  note: string | null;
  measures: Json<unknown[]>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
}

export interface CycleEventTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  declaredByOrgId: string | null;
  declaredByUserId: string | null;
  declaredAt: Timestamp;
  dueAt: Timestamp;
  createdAt: CreatedAt;
}

export interface CycleEventSectorTable {
  eventId: string;
  sectorId: string;
}

export interface CycleTable {
  id: Generated<string>;
  processId: string;
  kind: string;
  trigger: string;
  eventId: string | null;
  openedAt: Timestamp;
  dueAt: Timestamp;
  completedAt: Timestamp | null;
  openedByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface CycleStepTable {
  cycleId: string;
  step: string;
  position: number;
  state: Generated<string>;
  startedAt: Timestamp | null;
  startedByUserId: string | null;
  completedAt: Timestamp | null;
  completedByUserId: string | null;
}

export interface VitalityAssessmentTable {
  id: Generated<string>;
  processId: string;
  cycleId: string | null;
  thresholdVersionId: string;
  criteria: Json<unknown[]>;
  findings: Json<unknown[]>;
  proposedCategory: string;
  assessedByUserId: string | null;
  createdAt: CreatedAt;
  decidedCategory: string | null;
  rationale: string | null;
  euInterest: boolean | null;
  natoInterest: boolean | null;
  decidedByUserId: string | null;
  decidedAt: Timestamp | null;
}

export interface IndicatorScoreTable {
  id: Generated<string>;
  cycleId: string;
  providerId: string;
  indicator: string;
  score: number;
  rationale: string;
  evidence: Generated<string[]>;
  scoredByUserId: string | null;
  scoredAt: Timestamp;
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

export interface AdvisoryTable {
  id: Generated<string>;
  kind: string;
  threatDomain: string | null;
  tlp: string;
  amberClients: Generated<boolean>;
  title: string;
  body: string;
  authorUserId: string;
  authorOrgId: string;
  forwardedFromId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface AdvisoryAudienceTable {
  id: Generated<string>;
  advisoryId: string;
  organisationId: string | null;
  sectorId: string | null;
  role: string | null;
  userId: string | null;
}

export interface AdvisoryProcessTable {
  advisoryId: string;
  processId: string;
}

export interface AdvisoryReadTable {
  advisoryId: string;
  userId: string;
  firstReadAt: Timestamp;
  lastReadAt: Timestamp;
  readCount: Generated<number>;
  acknowledgedAt: Timestamp | null;
}

/** Views of migration 0004: the organisations of a sector, and the recipient organisations of a message. */
export interface SectorMemberView {
  sectorId: ColumnType<string, never, never>;
  organisationId: ColumnType<string, never, never>;
}

export interface AdvisoryRecipientOrganisationView {
  advisoryId: ColumnType<string, never, never>;
  organisationId: ColumnType<string, never, never>;
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
  productComponent: ProductComponentTable;
  auditLog: AuditLogTable;
  advisory: AdvisoryTable;
  advisoryAudience: AdvisoryAudienceTable;
  advisoryProcess: AdvisoryProcessTable;
  advisoryRead: AdvisoryReadTable;
  sectorMember: SectorMemberView;
  advisoryRecipientOrganisation: AdvisoryRecipientOrganisationView;
  vitalityThresholdVersion: VitalityThresholdVersionTable;
  cycleEvent: CycleEventTable;
  cycleEventSector: CycleEventSectorTable;
  cycle: CycleTable;
  cycleStep: CycleStepTable;
  vitalityAssessment: VitalityAssessmentTable;
  indicatorScore: IndicatorScoreTable;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type UserRow = Selectable<AppUserTable>;
export type AssetRow = Selectable<AssetTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationPatch = Updateable<OrganisationTable>;
