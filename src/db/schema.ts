import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the database, in camelCase (`withCamelCaseNames` of camel-case.ts maps them to snake_case columns). */
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
  /** Migration 0010: who last changed the status, and when. */
  statusChangedAt: Generated<Date | null>;
  statusChangedByUserId: Generated<string | null>;
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

/** Migration 0011: the names, purl namespaces and CPE vendors under which a vendor appears in SBOMs. */
export interface VendorAliasTable {
  id: Generated<string>;
  vendorId: string;
  kind: string;
  value: string;
  normalised: string;
  createdAt: CreatedAt;
}

/** Migration 0011: the parent of a vendor in its ownership chain. */
export interface VendorOwnershipTable {
  vendorId: string;
  parentVendorId: string;
  stakePercent: ColumnType<string | null, number | null | undefined, number | null>;
  source: string | null;
  updatedAt: Timestamp;
}

/** Migration 0011: a merge of one vendor record into another, with what moved (for the split). */
export interface VendorMergeTable {
  id: Generated<string>;
  sourceVendorId: string;
  targetVendorId: string;
  sourceSnapshot: ColumnType<unknown, string, string>;
  moved: ColumnType<unknown, string, string>;
  mergedAt: Generated<Date>;
  mergedBy: string | null;
  splitAt: Date | null;
  splitBy: string | null;
}

/** Migration 0011: an SBOM attached to a provider's asset. */
export interface SbomTable {
  id: Generated<string>;
  assetId: string;
  format: string;
  encoding: string;
  specVersion: string;
  serialNumber: string | null;
  name: string;
  bomVersion: number | null;
  sha256: string;
  componentCount: number;
  serviceCount: number;
  dependencyCount: number;
  vendorsResolved: number;
  vendorsUnresolved: number;
  imports: Generated<number>;
  importedBy: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** Migration 0011: one component or service of an SBOM (written in bulk by the ingest). */
export interface SbomComponentTable {
  sbomId: string;
  ordinal: number;
  ref: string;
  parentRef: string | null;
  root: boolean;
  type: string;
  kind: string;
  name: string;
  version: string | null;
  group: string | null;
  purl: string | null;
  cpe: string | null;
  names: ColumnType<Record<string, string>, string, string>;
  trustZone: string | null;
  dependsOn: string[];
  resolvedVia: string | null;
  productId: string | null;
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
  /** Migration 0010: whether the providers see the process scores (the aggregate over all providers). */
  scoresSharedWithProviders: Generated<boolean>;
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
  /** Migration 0010: `analysis` (step 2) or `reassessment` (step 4). */
  phase: Generated<string>;
}

/** Migration 0010: the rest of the cyclus vitaal (designation changes, notifications, threats, scenarios, inputs, measures). */
export interface DesignationChangeTable {
  id: Generated<string>;
  cycleId: string;
  processProviderId: string;
  providerId: string;
  status: string;
  previousStatus: string | null;
  note: string | null;
  changedByUserId: string | null;
  changedAt: Timestamp;
}

export interface ProviderNotificationTable {
  id: Generated<string>;
  cycleId: string;
  providerId: string;
  status: string;
  message: string;
  sentByUserId: string | null;
  sentAt: Timestamp;
  acknowledgedAt: Timestamp | null;
  acknowledgedByUserId: string | null;
}

export interface CycleThreatTable {
  id: Generated<string>;
  cycleId: string;
  threatKey: string;
  subThreatKey: Generated<string>;
  rationale: string | null;
  linkedByUserId: string | null;
  linkedAt: Generated<Date>;
}

export interface RiskScenarioTable {
  id: Generated<string>;
  cycleId: string;
  key: string;
  title: string;
  description: string | null;
  threatKey: string | null;
  sharedWithProviders: Generated<boolean>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface RiskScenarioScoreTable {
  id: Generated<string>;
  scenarioId: string;
  phase: string;
  likelihoodClass: string;
  impacts: Json<Record<string, string>>;
  impactScore: number;
  impactClass: string;
  riskScore: number;
  rationale: string | null;
  scoredByUserId: string | null;
  scoredAt: Timestamp;
}

export interface CycleInputTable {
  id: Generated<string>;
  cycleId: string;
  kind: string;
  reference: string | null;
  vendorId: string | null;
  title: string;
  note: string | null;
  linkedByUserId: string | null;
  linkedAt: Generated<Date>;
}

export interface MeasureTable {
  id: Generated<string>;
  cycleId: string;
  title: string;
  description: string | null;
  scope: string;
  ownerOrgId: string;
  dueAt: Timestamp;
  status: Generated<string>;
  costEstimateEur: number | null;
  sharedWithProviders: Generated<boolean>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface MeasureProcessTable {
  measureId: string;
  processId: string;
}

export interface MeasureScenarioTable {
  measureId: string;
  scenarioId: string;
  expectedLikelihoodClass: string | null;
  expectedImpactClass: string | null;
}

export interface MeasureIndicatorTable {
  measureId: string;
  indicator: string;
  expectedScore: number | null;
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
  /** Migration 0009: the message this one answers. */
  replyToId: Generated<string | null>;
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

/** Migration 0009: links of a message to vendors, products and incidents. */
export interface AdvisoryVendorTable {
  advisoryId: string;
  vendorId: string;
}
export interface AdvisoryProductTable {
  advisoryId: string;
  productId: string;
}
export interface AdvisoryIncidentTable {
  advisoryId: string;
  incidentId: string;
}

export interface AdvisoryAttachmentTable {
  id: Generated<string>;
  advisoryId: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  content: Uint8Array;
  uploadedBy: string;
  createdAt: CreatedAt;
}

export interface NotificationTable {
  id: Generated<string>;
  userId: string;
  advisoryId: string;
  createdAt: CreatedAt;
  readAt: Timestamp | null;
}

export interface NotificationPreferenceTable {
  userId: string;
  email: Generated<string>;
  lastDigestAt: Timestamp | null;
}

export interface OutboxTable {
  id: Generated<string>;
  kind: string;
  userId: string | null;
  advisoryId: string | null;
  recipient: string;
  subject: string;
  textBody: string;
  status: Generated<string>;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  lastError: string | null;
  createdAt: CreatedAt;
  sentAt: Timestamp | null;
}

/** A view of migration 0004: the organisations of a sector. */
export interface SectorMemberView {
  sectorId: ColumnType<string, never, never>;
  organisationId: ColumnType<string, never, never>;
}

/** Migration 0007: NIS2/CER scoping versions, imported control catalogues, control status history, management approvals. */
export interface OrganisationScopingTable {
  id: Generated<string>;
  organisationId: string;
  version: number;
  sectorKey: string;
  employees: number;
  turnoverEur: number;
  balanceSheetEur: number;
  flags: string[];
  nis2: string;
  cer: string;
  size: string;
  reasons: ColumnType<unknown, string, string>;
  recordedByUserId: string | null;
  recordedByOrgId: string | null;
  recordedAt: Timestamp;
}

export interface ControlCatalogueTable {
  id: string;
  title: string;
  version: string;
  oscalVersion: string;
  document: ColumnType<unknown, string, string>;
  importedByUserId: string | null;
  importedAt: Timestamp;
}

export interface ControlStatusTable {
  id: Generated<string>;
  organisationId: string;
  catalogueId: string;
  controlId: string;
  status: string;
  evidence: ColumnType<unknown, string, string>;
  owner: string | null;
  reviewDate: ColumnType<string | null, string | null, string | null>;
  recordedByUserId: string | null;
  recordedAt: Timestamp;
  supersededAt: Timestamp | null;
}

export interface ManagementApprovalTable {
  id: Generated<string>;
  organisationId: string;
  approvedBy: string;
  approvedAt: Timestamp;
  note: string | null;
  recordedByUserId: string | null;
  recordedAt: Timestamp;
}

/** Tables of migration 0012 (cascade simulations on the registry, crisis plans and exercises). */
export interface ProcessCapacityRuleTable {
  processId: string;
  minCapacity: number;
  rationale: string | null;
  updatedByUserId: string | null;
  updatedAt: Timestamp;
}

export interface SimulationScenarioTable {
  id: Generated<string>;
  name: string;
  description: string | null;
  ownerOrgId: string | null;
  createdByUserId: string | null;
  definition: Json<unknown>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SimulationJobTable {
  id: Generated<string>;
  kind: string;
  status: Generated<string>;
  scenarioId: string | null;
  input: Json<unknown>;
  done: Generated<number>;
  total: Generated<number>;
  result: Json<unknown> | null;
  error: Json<unknown> | null;
  createdByUserId: string | null;
  ownerOrgId: string | null;
  createdAt: CreatedAt;
  startedAt: Timestamp | null;
  finishedAt: Timestamp | null;
}

export interface CrisisPlanTable {
  id: Generated<string>;
  processId: string;
  title: string;
  summary: string | null;
  escalationLevels: Json<unknown[]>;
  actions: Json<unknown[]>;
  roles: Json<unknown[]>;
  contacts: Json<unknown[]>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface CrisisPlanScenarioTable {
  planId: string;
  scenarioId: string;
}

export interface ExerciseTable {
  id: Generated<string>;
  planId: string;
  scenarioId: string;
  name: string;
  scheduledAt: Timestamp;
  startedAt: Timestamp | null;
  completedAt: Timestamp | null;
  createdByUserId: string | null;
  createdAt: CreatedAt;
}

export interface ExerciseInjectTable {
  id: Generated<string>;
  exerciseId: string;
  offsetMinutes: number;
  message: string;
  targetRole: string;
}

export interface ExerciseObservationTable {
  id: Generated<string>;
  exerciseId: string;
  injectId: string | null;
  offsetMinutes: number | null;
  text: string;
  observedByUserId: string | null;
  observedAt: Generated<Date>;
}

export interface ExerciseLessonTable {
  id: Generated<string>;
  exerciseId: string;
  title: string;
  description: string;
  measureId: string | null;
  createdByUserId: string | null;
  createdAt: CreatedAt;
}

/** Migration 0013: qualified alternatives and time to switch, per asset class or per product, with their source. */
export interface SubstitutabilityTable {
  id: Generated<string>;
  assetClass: string | null;
  productId: string | null;
  qualifiedAlternatives: number;
  switchMonths: number;
  source: string;
  confirmed: Generated<boolean>;
  note: string | null;
  updatedByUserId: string | null;
  updatedAt: Timestamp;
}

/** Migration 0013: a procurement risk assessment (quickscan, full analysis, decision) of a planned purchase. */
export interface ProcurementAssessmentTable {
  id: Generated<string>;
  buyerOrgId: string;
  title: string;
  description: string | null;
  purchaseKind: string;
  vendorId: string | null;
  productId: string | null;
  assetId: string | null;
  processId: string | null;
  quickscan: Json<unknown>;
  outcome: Json<unknown>;
  fullAnalysisRequired: boolean;
  status: Generated<string>;
  analysis: ColumnType<unknown, string | null | undefined, string | null>;
  decision: string | null;
  decisionRationale: string | null;
  decidedAt: Date | null;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** Migration 0013: an acquisition, investment or ownership change in a vital provider or a vendor (investment screening). */
export interface OwnershipChangeTable {
  id: Generated<string>;
  kind: string;
  targetOrgId: string | null;
  targetVendorId: string | null;
  acquirerName: string;
  acquirerVendorId: string | null;
  acquirerCountry: string;
  acquirerControlledFromCountry: string | null;
  stakeBeforePercent: ColumnType<string | null, number | null | undefined, number | null>;
  stakePercent: ColumnType<string, number, number>;
  gainsControl: boolean;
  occurredOn: ColumnType<string, string, string>;
  description: string | null;
  source: string | null;
  screening: Json<unknown>;
  flagged: boolean;
  notificationDuty: string;
  notificationStatus: Generated<string>;
  notifiedOn: ColumnType<string | null, string | null | undefined, string | null>;
  decidedOn: ColumnType<string | null, string | null | undefined, string | null>;
  registeredByOrgId: string | null;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** Migration 0008: STIX 2.1 objects imported per organisation, and TAXII 2.1 status resources. */
export interface StixObjectTable {
  id: Generated<string>;
  stixId: string;
  type: string;
  name: string | null;
  description: string | null;
  tlp: string;
  importingOrgId: string;
  importedByUserId: string | null;
  relationshipType: string | null;
  sourceRef: string | null;
  targetRef: string | null;
  created: Timestamp;
  modified: Timestamp;
  object: Json<Record<string, unknown>>;
  importedAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface TaxiiStatusTable {
  id: Generated<string>;
  userId: string;
  collection: string;
  status: string;
  requestTimestamp: Timestamp;
  totalCount: number;
  successCount: number;
  failureCount: number;
  pendingCount: number;
  successes: Json<{ id: string; version?: string; message?: string }[]>;
  failures: Json<{ id: string; version?: string; message?: string }[]>;
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
  vendorAlias: VendorAliasTable;
  vendorOwnership: VendorOwnershipTable;
  vendorMerge: VendorMergeTable;
  sbom: SbomTable;
  sbomComponent: SbomComponentTable;
  auditLog: AuditLogTable;
  advisory: AdvisoryTable;
  advisoryAudience: AdvisoryAudienceTable;
  advisoryProcess: AdvisoryProcessTable;
  advisoryRead: AdvisoryReadTable;
  advisoryVendor: AdvisoryVendorTable;
  advisoryProduct: AdvisoryProductTable;
  advisoryIncident: AdvisoryIncidentTable;
  advisoryAttachment: AdvisoryAttachmentTable;
  notification: NotificationTable;
  notificationPreference: NotificationPreferenceTable;
  outbox: OutboxTable;
  sectorMember: SectorMemberView;
  vitalityThresholdVersion: VitalityThresholdVersionTable;
  cycleEvent: CycleEventTable;
  cycleEventSector: CycleEventSectorTable;
  cycle: CycleTable;
  cycleStep: CycleStepTable;
  vitalityAssessment: VitalityAssessmentTable;
  indicatorScore: IndicatorScoreTable;
  designationChange: DesignationChangeTable;
  providerNotification: ProviderNotificationTable;
  cycleThreat: CycleThreatTable;
  riskScenario: RiskScenarioTable;
  riskScenarioScore: RiskScenarioScoreTable;
  cycleInput: CycleInputTable;
  measure: MeasureTable;
  measureProcess: MeasureProcessTable;
  measureScenario: MeasureScenarioTable;
  measureIndicator: MeasureIndicatorTable;
  processCapacityRule: ProcessCapacityRuleTable;
  simulationScenario: SimulationScenarioTable;
  simulationJob: SimulationJobTable;
  crisisPlan: CrisisPlanTable;
  crisisPlanScenario: CrisisPlanScenarioTable;
  exercise: ExerciseTable;
  exerciseInject: ExerciseInjectTable;
  exerciseObservation: ExerciseObservationTable;
  exerciseLesson: ExerciseLessonTable;
  substitutability: SubstitutabilityTable;
  procurementAssessment: ProcurementAssessmentTable;
  ownershipChange: OwnershipChangeTable;
  organisationScoping: OrganisationScopingTable;
  controlCatalogue: ControlCatalogueTable;
  controlStatus: ControlStatusTable;
  managementApproval: ManagementApprovalTable;
  incident: IncidentTable;
  reportObligation: ReportObligationTable;
  incidentEvent: IncidentEventTable;
  inspection: InspectionTable;
  finding: FindingTable;
  enforcementAction: EnforcementActionTable;
  stixObject: StixObjectTable;
  taxiiStatus: TaxiiStatusTable;
}

/** Migration 0005: incidents, their report obligations (NIS2 art. 23, CER art. 15) and their append-only history. */
export interface IncidentTable {
  id: Generated<string>;
  number: string;
  organisationId: string;
  reference: string | null;
  title: string;
  description: Generated<string>;
  awareAt: Timestamp;
  regimes: string[];
  regimesSource: string;
  trustService: Generated<boolean>;
  severeOperationalDisruption: boolean;
  financialLoss: boolean;
  damageToOthers: boolean;
  status: Generated<string>;
  resolvedAt: Timestamp | null;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface ReportObligationTable {
  id: Generated<string>;
  incidentId: string;
  regime: string;
  step: string;
  /** Null only for a NIS2 final report awaiting the end of handling (migration 0014, art. 23(4)(e)). */
  dueAt: Timestamp | null;
  basis: string;
  recipients: string[];
  submittedAt: Timestamp | null;
  content: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  submittedByUserId: string | null;
  recordedAt: Timestamp | null;
  withdrawnAt: Timestamp | null;
  requestedAt: Timestamp | null;
  requestedByOrgId: string | null;
  requestedByUserId: string | null;
  requestNote: Generated<string>;
}

export interface IncidentEventTable {
  id: Generated<string>;
  incidentId: string;
  at: Timestamp;
  kind: string;
  actorUserId: string | null;
  actorOrgId: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;  /** Migration 0014: the order of recording. */
  seq: Generated<string>;
}

/** Migration 0006: supervision (NIS2 art. 32–34): inspections, findings and enforcement actions per supervised entity. */
export interface InspectionTable {
  id: Generated<string>;
  organisationId: string;
  supervisorId: string;
  kind: string;
  status: string;
  date: ColumnType<string, string, string>;
  scope: string;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface FindingTable {
  id: Generated<string>;
  organisationId: string;
  supervisorId: string;
  inspectionId: string | null;
  title: string;
  description: Generated<string>;
  status: string;
  dueDate: ColumnType<string | null, string | null, string | null>;
  resolvedOn: ColumnType<string | null, string | null, string | null>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface EnforcementActionTable {
  id: Generated<string>;
  organisationId: string;
  supervisorId: string;
  findingId: string | null;
  kind: string;
  status: string;
  decidedOn: ColumnType<string, string, string>;
  amountEur: ColumnType<number | null, number | null, number | null>;
  description: Generated<string>;
  createdByUserId: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type OrganisationRow = Selectable<OrganisationTable>;
export type UserRow = Selectable<AppUserTable>;
export type AssetRow = Selectable<AssetTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type OrganisationPatch = Updateable<OrganisationTable>;
