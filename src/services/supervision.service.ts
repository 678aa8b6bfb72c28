import { sql, type Kysely, type Transaction } from 'kysely';
import { selectInSql } from '../db/deferred-begin.ts';
import type { Database } from '../db/schema.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { CerOutcome, Nis2Outcome } from '../domain/scoping.ts';
import {
  checkEnforcement,
  checkInspection,
  supervisionRegimeOf,
  type EnforcementKind,
  type EntityClassification,
  type FindingStatus,
  type InspectionKind,
  type SupervisionRegimeView,
} from '../domain/supervision.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import type { EntityStatus } from './duty-of-care.service.ts';
import { findClassifications } from './entity-classification.ts';
import { authorizeSupervisionRead, authorizeSupervisionWrite, supervisedEntityVisible } from './policy.ts';
import { isUuid, type Page, type Paged } from './registry/registry.service.ts';
import { pageWithTotal } from './paging.ts';
import { inTransaction } from './transaction.ts';

export interface InspectionInput {
  kind: InspectionKind;
  status: 'planned' | 'done';
  /** YYYY-MM-DD: the planned date, or the date it was done. */
  date: string;
  scope: string;
}

export interface FindingInput {
  inspectionId?: string | null;
  title: string;
  description?: string;
  status?: FindingStatus;
  dueDate?: string | null;
  resolvedOn?: string | null;
}

export interface EnforcementInput {
  findingId?: string | null;
  kind: EnforcementKind;
  status: 'intended' | 'imposed' | 'complied' | 'withdrawn';
  decidedOn: string;
  amountEur?: number | null;
  description?: string;
}

export interface InspectionView extends InspectionInput {
  id: string;
  organisationId: string;
  supervisorId: string;
  supervisorName: string;
}
export interface FindingView {
  id: string;
  organisationId: string;
  supervisorId: string;
  inspectionId: string | null;
  title: string;
  description: string;
  status: FindingStatus;
  dueDate: string | null;
  resolvedOn: string | null;
  overdue: boolean;
}
export interface EnforcementView {
  id: string;
  organisationId: string;
  supervisorId: string;
  findingId: string | null;
  kind: EnforcementKind;
  status: EnforcementInput['status'];
  decidedOn: string;
  amountEur: number | null;
  description: string;
}

export interface SupervisedEntityView {
  organisationId: string;
  organisationName: string;
  code: string;
  sectors: { id: string; code: string; nameNl: string; nameEn: string }[];
  classification: { nis2: EntityClassification; cer: CerOutcome | 'unknown'; scopingVersion: number | null };
  supervision: SupervisionRegimeView;
  /** The duty-of-care status (controls counted by status, gaps, management approval); null when nothing is recorded. */
  dutyOfCare: { counts: Record<string, number>; gaps: number; approved: boolean; approvedAt: Date | null } | null;
  incidents: { total: number; open: number; reports: { onTime: number; late: number; overdue: number; due: number } };
  inspections: { planned: number; done: number; next: string | null; last: string | null };
  findings: { open: number; overdue: number };
  enforcement: { active: number; total: number };
}

export interface SupervisedEntityDetail extends SupervisedEntityView {
  inspectionList: InspectionView[];
  findingList: FindingView[];
  enforcementList: EnforcementView[];
}

/** The duty-of-care reads the dashboard uses (services.dutyOfCare), passed in so that this service needs no other service's internals. */
export interface DutyOfCareReader {
  statusesOf(tx: Transaction<Database>, actor: Actor, organisationIds: readonly string[]): Promise<EntityStatus[]>;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (text: string) => datePattern.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const checkDate = (text: string | null | undefined, pathName: string) => {
  if (text !== null && text !== undefined && !isCalendarDate(text)) throw invalid('invalid-value', `${pathName.slice(1)} is not a calendar date (YYYY-MM-DD).`, [{ path: pathName, message: 'must be YYYY-MM-DD' }]);
};
const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);
const supervisorOf = (actor: Actor, organisationId: string, tx: Transaction<Database>) =>
  actor.kind === 'user'
    ? actor.organisationId
    : tx
        .selectFrom('supervision')
        .innerJoin('vitalProcess', 'vitalProcess.sectorId', 'supervision.sectorId')
        .innerJoin('processProvider', 'processProvider.processId', 'vitalProcess.id')
        .select('supervision.supervisorId')
        .where('processProvider.providerId', '=', organisationId)
        .orderBy('supervision.supervisorId')
        .executeTakeFirst()
        .then((row) => {
          if (!row) throw notFound('supervised-entity', organisationId);
          return row.supervisorId;
        });

type Executor = Kysely<Database> | Transaction<Database>;
type RecordTable = 'inspection' | 'finding' | 'enforcementAction';

/**
 * Supervision under NIS2 art. 32–34 (issue 6, item 4): the supervisor's dashboard of the entities it supervises with
 * classification, duty of care, incidents and reporting timeliness, inspections, findings and enforcement; essential
 * entities supervised ex ante and ex post, important ones ex post only.
 */
export function createSupervisionService(db: Kysely<Database>, options: { dutyOfCare?: DutyOfCareReader; now?: () => Date }) {
  const now = options.now ?? (() => new Date());
  const today = () => now().toISOString().slice(0, 10);

  const visibleEntities = (executor: Executor, actor: Actor) =>
    executor.selectFrom('organisation').where('kind', '=', 'provider').where(supervisedEntityVisible(actor, 'organisation.id'));
  const entityColumns = ['id', 'name', 'code'] as const;

  async function entityPage(tx: Transaction<Database>, actor: Actor, page: Page) {
    const query = visibleEntities(tx, actor);
    return pageWithTotal(tx, query.select(entityColumns).orderBy('name').orderBy('id'), query.select((eb) => eb.fn.countAll<number>().as('total')), page);
  }

  async function findEntity(executor: Executor, actor: Actor, organisationId: string) {
    const entity = isUuid(organisationId) ? await visibleEntities(executor, actor).select(entityColumns).where('id', '=', organisationId).executeTakeFirst() : undefined;
    if (!entity) throw notFound('supervised-entity', organisationId);
    return entity;
  }

  const inspectionColumns = (executor: Executor) =>
    executor
      .selectFrom('inspection')
      .innerJoin('organisation as supervisor', 'supervisor.id', 'inspection.supervisorId')
      .select(['inspection.id', 'inspection.organisationId', 'inspection.supervisorId', 'supervisor.name as supervisorName', 'inspection.kind', 'inspection.status', 'inspection.scope', sql<string>`inspection.date::text`.as('date')]);
  const findingColumns = (executor: Executor) =>
    executor
      .selectFrom('finding')
      .select(['id', 'organisationId', 'supervisorId', 'inspectionId', 'title', 'description', 'status', sql<string | null>`due_date::text`.as('dueDate'), sql<string | null>`resolved_on::text`.as('resolvedOn')]);
  const enforcementColumns = (executor: Executor) =>
    executor.selectFrom('enforcementAction').select(['id', 'organisationId', 'supervisorId', 'findingId', 'kind', 'status', 'amountEur', 'description', sql<string>`decided_on::text`.as('decidedOn')]);

  /** A finding not resolved by its due date; one rule for the list of findings and the dashboard's count. */
  const findingOverdue = (date: string) => sql<boolean>`(finding.status <> 'resolved' and finding.due_date < ${date}::date)`;

  async function recordsOf(executor: Executor, organisationIds: string[]) {
    if (organisationIds.length === 0) return { inspections: [], findings: [], enforcement: [] };
    const [inspections, findings, enforcement] = await Promise.all([
      inspectionColumns(executor).where('inspection.organisationId', 'in', organisationIds).orderBy('inspection.date', 'desc').execute(),
      findingColumns(executor).select(findingOverdue(today()).as('overdue')).where('organisationId', 'in', organisationIds).orderBy('dueDate').orderBy('createdAt').execute(),
      enforcementColumns(executor).where('organisationId', 'in', organisationIds).orderBy('decidedOn', 'desc').execute(),
    ]);
    return {
      inspections: inspections.map((row) => ({ ...row, kind: row.kind as InspectionKind, status: row.status as InspectionView['status'] })),
      findings: findings.map((row) => ({ ...row, status: row.status as FindingStatus, overdue: Boolean(row.overdue) })),
      enforcement: enforcement.map((row) => ({ ...row, kind: row.kind as EnforcementKind, status: row.status as EnforcementView['status'] })),
    };
  }

  type EntitySummary = Pick<SupervisedEntityView, 'classification' | 'sectors' | 'incidents' | 'inspections' | 'findings' | 'enforcement'>;
  type SummaryCount = 'incidentsTotal' | 'incidentsOpen' | 'reportsOnTime' | 'reportsLate' | 'reportsOverdue' | 'reportsDue' | 'inspectionsPlanned' | 'inspectionsDone' | 'findingsOpen' | 'findingsOverdue' | 'enforcementActive' | 'enforcementTotal';

  /**
   * What the dashboard shows of each entity besides its duty of care, read by the database in one statement: its
   * current classification; the sectors it provides in; its incidents and the timeliness of their reports (on time, late:
   * submitted after the deadline, overdue, still due; an obligation withdrawn because the significance changed counts
   * for nothing, and a final report awaiting the end of handling, NIS2 art. 23(4)(e), cannot be late); its inspections,
   * findings and enforcement actions.
   */
  async function summariesOf(executor: Executor, organisationIds: string[]): Promise<Map<string, EntitySummary>> {
    if (organisationIds.length === 0) return new Map();
    const at = now();
    // Each table aggregated once for the whole page and joined by entity: correlated subqueries per entity and table
    // cost the database twice as much. The page's ids are one parameter, read by every part (an array parameter per
    // part was a fifth of the statement's time); the cast in `any((select ids from page)::uuid[])` makes the subquery
    // one array value, where without it PostgreSQL would compare each id with the whole array.
    const rows = await selectInSql(
      executor,
      sql<
        { organisationId: string; nis2: Nis2Outcome | null; cer: CerOutcome | null; scopingVersion: number | null; sectors: EntitySummary['sectors'] | null } & Record<SummaryCount, number | null> & { inspectionsNext: string | null; inspectionsLast: string | null }
      >`
      with page as (select ${organisationIds}::uuid[] as ids)
      select entity.id as organisation_id, scoping.nis2, scoping.cer, scoping.version as scoping_version, sectors.list as sectors,
        incidents.total as incidents_total, incidents.open as incidents_open,
        reports.on_time as reports_on_time, reports.late as reports_late, reports.overdue as reports_overdue, reports.due as reports_due,
        inspections.planned as inspections_planned, inspections.done as inspections_done, inspections.next as inspections_next, inspections.last as inspections_last,
        findings.open as findings_open, findings.overdue as findings_overdue, enforcement.active as enforcement_active, enforcement.total as enforcement_total
      from unnest((select ids from page)) as entity(id)
      left join lateral (select nis2, cer, version from organisation_scoping where organisation_id = entity.id order by version desc limit 1) scoping on true
      left join (
        select provider_id, json_agg(json_build_object('id', id, 'code', code, 'nameNl', name_nl, 'nameEn', name_en) order by code) as list
          from (select distinct process_provider.provider_id, sector.id, sector.code, sector.name_nl, sector.name_en from process_provider
                  join vital_process on vital_process.id = process_provider.process_id join sector on sector.id = vital_process.sector_id
                 where process_provider.provider_id = any((select ids from page)::uuid[]) and process_provider.status <> 'withdrawn') provided
         group by provider_id) sectors on sectors.provider_id = entity.id
      left join (
        select organisation_id, count(*) as total, count(*) filter (where status = 'open') as open
          from incident where organisation_id = any((select ids from page)::uuid[]) group by organisation_id) incidents on incidents.organisation_id = entity.id
      left join (
        select incident.organisation_id,
            count(*) filter (where report_obligation.submitted_at <= coalesce(report_obligation.due_at, report_obligation.submitted_at)) as on_time,
            count(*) filter (where report_obligation.submitted_at > report_obligation.due_at) as late,
            count(*) filter (where report_obligation.submitted_at is null and report_obligation.due_at < ${at}) as overdue,
            count(*) filter (where report_obligation.submitted_at is null and coalesce(report_obligation.due_at >= ${at}, true)) as due
          from report_obligation join incident on incident.id = report_obligation.incident_id
         where incident.organisation_id = any((select ids from page)::uuid[]) and report_obligation.withdrawn_at is null
         group by incident.organisation_id) reports on reports.organisation_id = entity.id
      left join (
        select organisation_id, count(*) filter (where status = 'planned') as planned, count(*) filter (where status = 'done') as done,
            (min(date) filter (where status = 'planned'))::text as next, (max(date) filter (where status = 'done'))::text as last
          from inspection where organisation_id = any((select ids from page)::uuid[]) group by organisation_id) inspections on inspections.organisation_id = entity.id
      left join (
        select organisation_id, count(*) filter (where status <> 'resolved') as open, count(*) filter (where ${findingOverdue(today())}) as overdue
          from finding where organisation_id = any((select ids from page)::uuid[]) group by organisation_id) findings on findings.organisation_id = entity.id
      left join (
        select organisation_id, count(*) filter (where status in ('intended', 'imposed')) as active, count(*) as total
          from enforcement_action where organisation_id = any((select ids from page)::uuid[]) group by organisation_id) enforcement on enforcement.organisation_id = entity.id`,
    );
    return new Map(
      rows.map((row) => {
        const count = (name: SummaryCount) => row[name] ?? 0;
        const summary: EntitySummary = {
          classification: { nis2: row.nis2 ?? 'unknown', cer: row.cer ?? 'unknown', scopingVersion: row.scopingVersion },
          sectors: row.sectors ?? [],
          incidents: { total: count('incidentsTotal'), open: count('incidentsOpen'), reports: { onTime: count('reportsOnTime'), late: count('reportsLate'), overdue: count('reportsOverdue'), due: count('reportsDue') } },
          inspections: { planned: count('inspectionsPlanned'), done: count('inspectionsDone'), next: row.inspectionsNext, last: row.inspectionsLast },
          findings: { open: count('findingsOpen'), overdue: count('findingsOverdue') },
          enforcement: { active: count('enforcementActive'), total: count('enforcementTotal') },
        };
        return [row.organisationId, summary];
      }),
    );
  }

  async function entityViews(executor: Executor, entities: { id: string; name: string; code: string }[], dutyOfCare: Map<string, EntityStatus>): Promise<SupervisedEntityView[]> {
    const ids = entities.map((entity) => entity.id);
    const summaries = await summariesOf(executor, ids);
    return entities.map((entity) => {
      const summary = summaries.get(entity.id) as EntitySummary;
      const status = dutyOfCare.get(entity.id);
      return {
        organisationId: entity.id,
        organisationName: entity.name,
        code: entity.code,
        supervision: supervisionRegimeOf(summary.classification.nis2),
        dutyOfCare: status ? { counts: status.counts, gaps: status.gaps.length, approved: status.approval !== null, approvedAt: status.approval?.approvedAt ?? null } : null,
        ...summary,
      };
    });
  }

  const dutyOfCareOf = async (tx: Transaction<Database>, actor: Actor, organisationIds: readonly string[]) =>
    new Map((options.dutyOfCare ? await options.dutyOfCare.statusesOf(tx, actor, organisationIds) : []).map((status) => [status.organisationId, status]));

  const classificationOf = async (tx: Transaction<Database>, organisationId: string): Promise<EntityClassification> =>
    (await findClassifications(tx, [organisationId])).get(organisationId)?.nis2 ?? 'unknown';

  /** Finds a record of `table` on an entity `actor` supervises; not-found otherwise. */
  async function findRecord(tx: Transaction<Database>, actor: Actor, table: RecordTable, id: string, noun: 'inspection' | 'finding' | 'enforcement-action') {
    const row = isUuid(id)
      ? await tx.selectFrom(table).select(['id', 'organisationId', 'supervisorId']).where('id', '=', id).where(supervisedEntityVisible(actor, `${table === 'enforcementAction' ? 'enforcement_action' : table}.organisation_id`)).executeTakeFirst()
      : undefined;
    if (!row) throw notFound(noun, id);
    return row;
  }

  async function checkLink(tx: Transaction<Database>, table: 'inspection' | 'finding', id: string | null | undefined, organisationId: string, pathName: string) {
    if (id === null || id === undefined) return;
    const row = isUuid(id) ? await tx.selectFrom(table).select('id').where('id', '=', id).where('organisationId', '=', organisationId).executeTakeFirst() : undefined;
    if (!row) throw invalid('unknown-reference', `${pathName.slice(1)} names no ${table} of this entity.`, [{ path: pathName, message: `unknown ${table} of this entity` }]);
  }

  async function readEntity(tx: Transaction<Database>, actor: Actor, organisationId: string): Promise<SupervisedEntityDetail> {
    const entity = await findEntity(tx, actor, organisationId);
    const [view] = await entityViews(tx, [entity], await dutyOfCareOf(tx, actor, [entity.id]));
    const { inspections, findings, enforcement } = await recordsOf(tx, [entity.id]);
    return { ...(view as SupervisedEntityView), inspectionList: inspections, findingList: findings, enforcementList: enforcement };
  }

  const audited = async <T>(tx: Transaction<Database>, actor: Actor, action: 'create' | 'update', objectType: string, objectId: string, organisationId: string, after: T, before?: unknown) => {
    await appendAudit(tx, actor, { action, objectType, objectId, subjectOrgId: organisationId, before, after });
    return after;
  };

  return {
    /** A page of the supervisor dashboard: the entities `actor` supervises (the coordinator: every provider) by name, with what the view needs. */
    async listEntities(actor: Actor, page: Page): Promise<Paged<SupervisedEntityView>> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        const { rows, total } = await entityPage(tx, actor, page);
        const dutyOfCare = await dutyOfCareOf(tx, actor, rows.map((row) => row.id));
        const items = await entityViews(tx, rows, dutyOfCare);
        await appendAudit(tx, actor, { action: 'list', objectType: 'supervised-entity', details: { ...page, count: items.length } });
        return { items, total, ...page };
      });
    },

    /** One supervised entity with its inspections, findings and enforcement actions. */
    async getEntity(actor: Actor, organisationId: string): Promise<SupervisedEntityDetail> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        const detail = await readEntity(tx, actor, organisationId);
        await appendAudit(tx, actor, { action: 'read', objectType: 'supervised-entity', objectId: organisationId, subjectOrgId: organisationId });
        return detail;
      });
    },

    /** Plans or records an inspection; an ex-ante inspection only of an essential entity (NIS2 art. 32–33). */
    async createInspection(actor: Actor, organisationId: string, input: InspectionInput): Promise<InspectionView> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        await findEntity(tx, actor, organisationId);
        authorizeSupervisionWrite(actor);
        checkDate(input.date, '/date');
        checkInspection(input.kind, await classificationOf(tx, organisationId));
        const { id } = await tx
          .insertInto('inspection')
          .values({ ...input, organisationId, supervisorId: await supervisorOf(actor, organisationId, tx), createdByUserId: userOf(actor) })
          .returning('id')
          .executeTakeFirstOrThrow();
        return audited(tx, actor, 'create', 'inspection', id, organisationId, (await inspectionColumns(tx).where('inspection.id', '=', id).executeTakeFirstOrThrow()) as InspectionView);
      }, (constraint) => fieldOfConstraint('inspection', constraint));
    },

    async updateInspection(actor: Actor, id: string, patch: Partial<InspectionInput>): Promise<InspectionView> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        const before = await findRecord(tx, actor, 'inspection', id, 'inspection');
        authorizeSupervisionWrite(actor, before.supervisorId);
        checkDate(patch.date, '/date');
        if (patch.kind) checkInspection(patch.kind, await classificationOf(tx, before.organisationId));
        await tx.updateTable('inspection').set({ ...patch, updatedAt: now() }).where('id', '=', id).execute();
        return audited(tx, actor, 'update', 'inspection', id, before.organisationId, (await inspectionColumns(tx).where('inspection.id', '=', id).executeTakeFirstOrThrow()) as InspectionView, before);
      }, (constraint) => fieldOfConstraint('inspection', constraint));
    },

    /** Records a finding with its follow-up (status, due date), optionally from an inspection of the same entity. */
    async createFinding(actor: Actor, organisationId: string, input: FindingInput): Promise<FindingView> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        await findEntity(tx, actor, organisationId);
        authorizeSupervisionWrite(actor);
        checkDate(input.dueDate, '/dueDate');
        checkDate(input.resolvedOn, '/resolvedOn');
        await checkLink(tx, 'inspection', input.inspectionId, organisationId, '/inspectionId');
        const status = input.status ?? 'open';
        const { id } = await tx
          .insertInto('finding')
          .values({
            organisationId,
            supervisorId: await supervisorOf(actor, organisationId, tx),
            inspectionId: input.inspectionId ?? null,
            title: input.title,
            description: input.description ?? '',
            status,
            dueDate: input.dueDate ?? null,
            resolvedOn: status === 'resolved' ? (input.resolvedOn ?? today()) : null,
            createdByUserId: userOf(actor),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return audited(tx, actor, 'create', 'finding', id, organisationId, (await recordsOf(tx, [organisationId])).findings.find((row) => row.id === id) as FindingView);
      }, (constraint) => fieldOfConstraint('finding', constraint));
    },

    /** Follows a finding up: status, due date, resolution date (today when resolved without one). */
    async updateFinding(actor: Actor, id: string, patch: Partial<Omit<FindingInput, 'inspectionId'>>): Promise<FindingView> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        const before = await findRecord(tx, actor, 'finding', id, 'finding');
        authorizeSupervisionWrite(actor, before.supervisorId);
        checkDate(patch.dueDate, '/dueDate');
        checkDate(patch.resolvedOn, '/resolvedOn');
        const resolution = patch.status === undefined ? {} : { resolvedOn: patch.status === 'resolved' ? (patch.resolvedOn ?? today()) : null };
        await tx
          .updateTable('finding')
          .set({ ...patch, ...resolution, updatedAt: now() })
          .where('id', '=', id)
          .execute();
        return audited(tx, actor, 'update', 'finding', id, before.organisationId, (await recordsOf(tx, [before.organisationId])).findings.find((row) => row.id === id) as FindingView, before);
      }, (constraint) => fieldOfConstraint('finding', constraint));
    },

    /** Records an enforcement action; suspension and a management ban only against an essential entity (NIS2 art. 32(5)). */
    async createEnforcement(actor: Actor, organisationId: string, input: EnforcementInput): Promise<EnforcementView> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        await findEntity(tx, actor, organisationId);
        authorizeSupervisionWrite(actor);
        checkDate(input.decidedOn, '/decidedOn');
        await checkLink(tx, 'finding', input.findingId, organisationId, '/findingId');
        checkEnforcement(input.kind, await classificationOf(tx, organisationId));
        const { id } = await tx
          .insertInto('enforcementAction')
          .values({ ...input, findingId: input.findingId ?? null, amountEur: input.amountEur ?? null, description: input.description ?? '', organisationId, supervisorId: await supervisorOf(actor, organisationId, tx), createdByUserId: userOf(actor) })
          .returning('id')
          .executeTakeFirstOrThrow();
        return audited(tx, actor, 'create', 'enforcement-action', id, organisationId, (await enforcementColumns(tx).where('id', '=', id).executeTakeFirstOrThrow()) as EnforcementView);
      }, (constraint) => fieldOfConstraint('enforcement_action', constraint));
    },

    async updateEnforcement(actor: Actor, id: string, patch: Partial<Pick<EnforcementInput, 'status' | 'amountEur' | 'description' | 'decidedOn'>>): Promise<EnforcementView> {
      authorizeSupervisionRead(actor);
      return inTransaction(db, async (tx) => {
        const before = await findRecord(tx, actor, 'enforcementAction', id, 'enforcement-action');
        authorizeSupervisionWrite(actor, before.supervisorId);
        checkDate(patch.decidedOn, '/decidedOn');
        await tx.updateTable('enforcementAction').set({ ...patch, updatedAt: now() }).where('id', '=', id).execute();
        return audited(tx, actor, 'update', 'enforcement-action', id, before.organisationId, (await enforcementColumns(tx).where('id', '=', id).executeTakeFirstOrThrow()) as EnforcementView, before);
      }, (constraint) => fieldOfConstraint('enforcement_action', constraint));
    },
  };
}

export type SupervisionService = ReturnType<typeof createSupervisionService>;
