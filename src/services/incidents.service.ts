import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { unheard, type ChangeNotices } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import {
  assessSignificance,
  checkIntermediateRequest,
  checkReportContent,
  isLate,
  obligationsOf,
  recipientKinds,
  reportFieldsOf,
  type IncidentStatus,
  type RecipientKind,
  type ReportField,
  type SignificanceAssessment,
  type SignificanceFacts,
} from '../domain/incidents.ts';
import { amsterdamIso, intermediateReportBasis, parseInstant, reportingRegimes, type ReportingRegime, type ReportingStep } from '../domain/reporting-deadlines.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { findClassifications, regimesOfClassification } from './entity-classification.ts';
import { authorizeIncidentWrite, authorizeIntermediateRequest, incidentReadable } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { createNoticedCache } from './noticed-cache.ts';
import { pageWithTotal } from './paging.ts';

export interface IncidentInput {
  /** The entity (a provider organisation); a provider's own when absent. */
  organisationId?: string;
  /** The entity's own reference for the incident (unique per entity). */
  reference?: string;
  title: string;
  description?: string;
  /** ISO 8601 with an offset: when the entity became aware. */
  awareAt: string;
  /** The regimes that apply; from the entity's stored scoping when absent. */
  regimes?: ReportingRegime[];
  trustService?: boolean;
  significance: SignificanceFacts;
}

export interface IncidentPatch {
  title?: string;
  description?: string;
  status?: IncidentStatus;
  /** When handling ended; defaults to now when the status becomes resolved. */
  resolvedAt?: string;
  /** The facts of NIS2 art. 23(3), reassessed; the obligations that apply are derived again. */
  significance?: SignificanceFacts;
}

export interface IntermediateRequestInput {
  /** ISO 8601 with an offset: the date the CSIRT or authority sets (NIS2 art. 23(4)(c)). */
  dueAt: string;
  note?: string;
}

export interface ReportInput {
  regime: ReportingRegime;
  step: ReportingStep;
  /** Which obligation, when the step occurs more than once (intermediate reports); the earliest open one when absent. */
  obligationId?: string;
  /** When the report was sent to its recipients; defaults to now. */
  submittedAt?: string;
  content: Record<string, unknown>;
}

export interface RecipientView {
  kind: RecipientKind;
  organisations: { id: string; name: string }[];
}

export interface ObligationView {
  id: string;
  regime: ReportingRegime;
  step: ReportingStep;
  /** Null for a NIS2 final report awaiting the end of handling (art. 23(4)(e)). */
  dueAt: Date | null;
  dueAtLocal: string | null;
  basis: string;
  recipients: RecipientView[];
  fields: ReportField[];
  /** `withdrawn`: no longer applies (the significance changed); kept, takes no submission. */
  status: 'due' | 'submitted' | 'withdrawn';
  withdrawnAt: Date | null;
  /** Who asked for an intermediate report (NIS2 art. 23(4)(c)), when and why; null for the other steps. */
  request: { at: Date; organisationId: string; organisationName: string; note: string } | null;
  submittedAt: Date | null;
  submittedAtLocal: string | null;
  content: Record<string, unknown> | null;
  submittedByUserId: string | null;
  late: boolean;
}

export interface IncidentEventView {
  id: string;
  at: Date;
  kind: 'created' | 'updated' | 'report-submitted' | 'deadline-moved' | 'obligation-added' | 'obligation-withdrawn' | 'intermediate-requested';
  actorUserId: string | null;
  actorOrgId: string | null;
  details: Record<string, unknown>;
}

export interface IncidentView {
  id: string;
  number: string;
  organisationId: string;
  organisationName: string;
  reference: string | null;
  title: string;
  description: string;
  awareAt: Date;
  awareAtLocal: string;
  regimes: ReportingRegime[];
  regimesSource: 'given' | 'classification';
  trustService: boolean;
  significance: SignificanceFacts & SignificanceAssessment;
  status: IncidentStatus;
  resolvedAt: Date | null;
  createdByUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
  obligations: ObligationView[];
  /** Every change and every submission, oldest first (on reads of one incident). */
  history?: IncidentEventView[];
}

export type ObligationState = 'overdue' | 'due-soon' | 'due' | 'submitted' | 'late';

export interface ObligationListItem extends ObligationView {
  incidentId: string;
  incidentNumber: string;
  incidentTitle: string;
  organisationId: string;
  organisationName: string;
}

export interface IncidentsOptions {
  dataDir: string;
  now?: () => Date;
  /** Notices of changes to report deadlines: while they are heard, reads skip the overdue check until the next deadline. */
  deadlineNotices?: ChangeNotices;
}

interface RecipientsFile {
  source: string;
  confirmed: boolean;
  recipients: Record<ReportingRegime, RecipientKind[]>;
}

/** Who receives the reports of each regime (data/reference/incident-recipients.json: unconfirmed for the Dutch laws, hence data). */
export function readIncidentRecipients(dataDir: string): RecipientsFile {
  const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', 'incident-recipients.json'), 'utf8')) as RecipientsFile;
  for (const regime of reportingRegimes)
    if (!Array.isArray(file.recipients?.[regime]) || !file.recipients[regime].every((kind) => (recipientKinds as readonly string[]).includes(kind)))
      throw invalid('file-unreadable', `reference/incident-recipients.json needs recipients.${regime} as a list of ${recipientKinds.join(', ')}.`);
  return file;
}

// A client clock a little ahead of the server's is no reason to refuse an instant.
const clockSkewMs = 5 * 60_000;
const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);
const orgOf = (actor: Actor) => (actor.kind === 'user' ? actor.organisationId : null);
const fieldOf = (constraint: string) => fieldOfConstraint('incident', constraint);

type Executor = Kysely<Database> | Transaction<Database>;

/** Use cases of incident reporting (NIS2 art. 23, CER art. 15): report, follow the deadlines, submit each report, keep the history. */
export function createIncidentsService(db: Kysely<Database>, options: IncidentsOptions) {
  const recipientsFile = readIncidentRecipients(options.dataDir);
  const now = options.now ?? (() => new Date());
  /** The earliest NIS2 final-report deadline of an open incident: no read before it has an incident to bring up to date. */
  const nextFinalReportDue = createNoticedCache<{ dueAt: Date | null }>(options.deadlineNotices ?? unheard);

  const pastInstant = (text: string, pathName: string, at: Date): Date => {
    const instant = parseInstant(text, pathName);
    if (instant.getTime() > at.getTime() + clockSkewMs) throw invalid('instant-in-future', `${pathName.slice(1)} lies in the future.`, [{ path: pathName, message: 'must not lie in the future' }]);
    return instant;
  };

  /**
   * The incidents `actor` may see, each with its obligations and the organisations its reports go to, in one statement
   * (they were three: every incident read ran them). The recipients are the national bodies (the CSIRTs, the
   * coordinator) and the supervisors of the entity's sectors. In a page of incidents, the obligations and recipients
   * are read for the page's rows only: PostgreSQL evaluates such subqueries after the limit.
   */
  const incidentQuery = (executor: Executor, actor: Actor) =>
    executor
      .selectFrom('incident')
      .innerJoin('organisation', 'organisation.id', 'incident.organisationId')
      .where(incidentReadable(actor))
      .select((eb) => [
        'incident.id',
        'incident.number',
        'incident.organisationId',
        'organisation.name as organisationName',
        'incident.reference',
        'incident.title',
        'incident.description',
        'incident.awareAt',
        'incident.regimes',
        'incident.regimesSource',
        'incident.trustService',
        'incident.severeOperationalDisruption',
        'incident.financialLoss',
        'incident.damageToOthers',
        'incident.status',
        'incident.resolvedAt',
        'incident.createdByUserId',
        'incident.createdAt',
        'incident.updatedAt',
        jsonArrayFrom(
          eb
            .selectFrom('reportObligation')
            .selectAll('reportObligation')
            // A lookup by key per obligation: as a join, PostgreSQL hashed every organisation for each incident of a page.
            .select((obligation) => obligation.selectFrom('organisation as requester').select('requester.name').whereRef('requester.id', '=', 'reportObligation.requestedByOrgId').as('requesterName'))
            .whereRef('reportObligation.incidentId', '=', 'incident.id')
            .orderBy(sql`due_at nulls last`)
            .orderBy('regime', 'desc')
            .orderBy('requestedAt'),
        ).as('obligations'),
        jsonArrayFrom(eb.selectFrom('organisation as body').select(['body.id', 'body.name', 'body.kind']).where('body.kind', 'in', ['csirt', 'coordinator']).orderBy('body.name')).as('nationalBodies'),
        jsonArrayFrom(
          eb
            .selectFrom('processProvider')
            .innerJoin('vitalProcess', 'vitalProcess.id', 'processProvider.processId')
            .innerJoin('supervision', 'supervision.sectorId', 'vitalProcess.sectorId')
            .innerJoin('organisation as supervisor', 'supervisor.id', 'supervision.supervisorId')
            .select(['supervisor.id', 'supervisor.name'])
            .distinct()
            .whereRef('processProvider.providerId', '=', 'incident.organisationId')
            .where('processProvider.status', '<>', 'withdrawn')
            .orderBy('supervisor.name'),
        ).as('supervisors'),
      ]);
  type IncidentRow = Awaited<ReturnType<ReturnType<typeof incidentQuery>['execute']>>[number];

  /** The organisations a report goes to: the supervisors of the entity's sectors, or the national bodies of that kind. */
  const recipientsOf = (row: IncidentRow, kind: RecipientKind) =>
    (kind === 'supervisor' ? row.supervisors : row.nationalBodies.filter((body) => body.kind === kind)).map(({ id, name }) => ({ id, name }));

  /** The incidents with their obligations: all of them, or (`onlyObligations`, for a page of obligations) those named. */
  function withObligations(rows: IncidentRow[], onlyObligations?: readonly string[]): IncidentView[] {
    const shown = onlyObligations && new Set(onlyObligations);
    const at = now();
    return rows.map((row) => {
      const facts = { severeOperationalDisruption: row.severeOperationalDisruption, financialLoss: row.financialLoss, damageToOthers: row.damageToOthers };
      const awareAt = new Date(row.awareAt);
      return {
        id: row.id,
        number: row.number,
        organisationId: row.organisationId,
        organisationName: row.organisationName,
        reference: row.reference,
        title: row.title,
        description: row.description,
        awareAt,
        awareAtLocal: amsterdamIso(awareAt),
        regimes: row.regimes as ReportingRegime[],
        regimesSource: row.regimesSource as IncidentView['regimesSource'],
        trustService: row.trustService,
        significance: { ...facts, ...assessSignificance(facts) },
        status: row.status as IncidentStatus,
        resolvedAt: row.resolvedAt,
        createdByUserId: row.createdByUserId,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        obligations: row.obligations.filter((obligation) => !shown || shown.has(obligation.id)).map((obligation) => {
          const dueAt = obligation.dueAt ? new Date(obligation.dueAt) : null;
          const submittedAt = obligation.submittedAt ? new Date(obligation.submittedAt) : null;
          const regime = obligation.regime as ReportingRegime;
          const step = obligation.step as ReportingStep;
          const request = obligation.requestedAt
            ? { at: new Date(obligation.requestedAt), organisationId: obligation.requestedByOrgId as string, organisationName: obligation.requesterName ?? '', note: obligation.requestNote }
            : null;
          return {
            id: obligation.id,
            regime,
            step,
            dueAt,
            dueAtLocal: dueAt ? amsterdamIso(dueAt) : null,
            basis: obligation.basis,
            // An intermediate report goes to the body that asked for it.
            recipients: (obligation.recipients as RecipientKind[]).map((kind) => ({
              kind,
              organisations: request ? [{ id: request.organisationId, name: request.organisationName }] : recipientsOf(row, kind),
            })),
            fields: reportFieldsOf(regime, step),
            status: submittedAt ? 'submitted' : obligation.withdrawnAt ? 'withdrawn' : 'due',
            withdrawnAt: obligation.withdrawnAt ? new Date(obligation.withdrawnAt) : null,
            request,
            submittedAt,
            submittedAtLocal: submittedAt ? amsterdamIso(submittedAt) : null,
            content: obligation.content,
            submittedByUserId: obligation.submittedByUserId,
            late: !obligation.withdrawnAt && isLate(dueAt, submittedAt, at),
          } satisfies ObligationView;
        }),
      };
    });
  }

  async function findVisible(executor: Executor, actor: Actor, id: string): Promise<IncidentView | undefined> {
    if (!isUuid(id)) return undefined;
    const [incident] = withObligations(await incidentQuery(executor, actor).where('incident.id', '=', id).execute());
    if (!incident) return undefined;
    const events = await executor.selectFrom('incidentEvent').select(['id', 'at', 'kind', 'actorUserId', 'actorOrgId', 'details']).where('incidentId', '=', id).orderBy('at').orderBy('seq').execute();
    return { ...incident, history: events.map((event) => ({ ...event, kind: event.kind as IncidentEventView['kind'] })) };
  }

  const system = { kind: 'system', via: 'incidents' } as const;
  const reread = async (tx: Transaction<Database>, id: string) => (await findVisible(tx, system, id)) as IncidentView;

  const recordEvent = (tx: Transaction<Database>, actor: Actor, incidentId: string, kind: IncidentEventView['kind'], details: Record<string, unknown>, at = now()) =>
    tx.insertInto('incidentEvent').values({ incidentId, kind, at, actorUserId: userOf(actor), actorOrgId: orgOf(actor), details: JSON.stringify(details) }).execute();

  /**
   * Brings the stored obligations in line with the rules (reporting-deadlines.ts) as of `at`: deadlines moved by a
   * submission (NIS2 art. 23(4)(d), CER art. 15(1)) or by the end of handling (art. 23(4)(e)); a progress report added
   * when the incident is still ongoing at the final-report deadline; obligations that no longer apply (the significance
   * changed, art. 23(3)) withdrawn, never deleted. A submitted report keeps the deadline it was judged against.
   * Intermediate reports exist on request (art. 23(4)(c)) and are left as they are. Every change is recorded.
   */
  async function reconcile(tx: Transaction<Database>, actor: Actor, incident: IncidentView, at: Date) {
    const stored = incident.obligations.filter((o) => o.step !== 'intermediate-report');
    const find = (regime: ReportingRegime, step: ReportingStep) => stored.find((o) => o.regime === regime && o.step === step);
    const submittedAt = (regime: ReportingRegime, step: ReportingStep) => find(regime, step)?.submittedAt ?? undefined;
    const computed = obligationsOf(
      {
        awareAt: incident.awareAt,
        regimes: incident.regimes,
        trustService: incident.trustService,
        notificationSubmittedAt: submittedAt('nis2', 'incident-notification'),
        initialNotificationSubmittedAt: submittedAt('cer', 'initial-notification'),
        finalReportSubmittedAt: submittedAt('nis2', 'final-report'),
        resolvedAt: incident.resolvedAt ?? undefined,
        asOf: at,
      },
      incident.significance,
    );
    const event = (kind: IncidentEventView['kind'], details: Record<string, unknown>) => recordEvent(tx, actor, incident.id, kind, details, at);
    for (const next of computed) {
      const existing = find(next.regime, next.step);
      const dueAt = next.dueAt ? new Date(next.dueAt) : null;
      if (!existing) {
        await tx.insertInto('reportObligation').values({ incidentId: incident.id, regime: next.regime, step: next.step, dueAt, basis: next.basis, recipients: recipientsFile.recipients[next.regime] }).execute();
        await event('obligation-added', { regime: next.regime, step: next.step, dueAt: next.dueAt, basis: next.basis });
      } else if (existing.status === 'withdrawn') {
        await tx.updateTable('reportObligation').set({ withdrawnAt: null, dueAt, basis: next.basis }).where('id', '=', existing.id).execute();
        await event('obligation-added', { regime: next.regime, step: next.step, dueAt: next.dueAt, basis: next.basis, reinstated: true });
      } else if (existing.status === 'due' && ((existing.dueAt?.toISOString() ?? null) !== next.dueAt || existing.basis !== next.basis)) {
        await tx.updateTable('reportObligation').set({ dueAt, basis: next.basis }).where('id', '=', existing.id).execute();
        await event('deadline-moved', { regime: next.regime, step: next.step, from: existing.dueAt?.toISOString() ?? null, to: next.dueAt, basis: next.basis });
      }
    }
    for (const existing of stored)
      if (existing.status === 'due' && !computed.some((next) => next.regime === existing.regime && next.step === existing.step)) {
        await tx.updateTable('reportObligation').set({ withdrawnAt: at }).where('id', '=', existing.id).execute();
        await event('obligation-withdrawn', { regime: existing.regime, step: existing.step, dueAt: existing.dueAt?.toISOString() ?? null, significant: incident.significance.significant });
      }
  }

  /**
   * Time alone turns a final report into a progress report (NIS2 art. 23(4)(e)): an open incident whose final-report
   * deadline has passed is still ongoing then. Reads bring such incidents up to date first, in their transaction.
   */
  async function reconcileOverdueOngoing(tx: Transaction<Database>, at: Date) {
    const pendingFinalReports = tx
      .selectFrom('reportObligation')
      .innerJoin('incident', 'incident.id', 'reportObligation.incidentId')
      .where('incident.status', '=', 'open')
      .where('reportObligation.regime', '=', 'nis2')
      .where('reportObligation.step', '=', 'final-report')
      .where('reportObligation.submittedAt', 'is', null)
      .where('reportObligation.withdrawnAt', 'is', null);
    // Compared with this service's clock, not the cache's: the deadline is remembered without an expiry.
    const next = await nextFinalReportDue.lookup('next', async () => ({
      dueAt: (await pendingFinalReports.select((eb) => eb.fn.min('reportObligation.dueAt').as('dueAt')).executeTakeFirst())?.dueAt ?? null,
    }));
    if (!next?.dueAt || next.dueAt > at) return;
    const rows = await pendingFinalReports.select('incident.id').distinct().where('reportObligation.dueAt', '<=', at).execute();
    for (const { id } of rows) await reconcile(tx, system, await reread(tx, id), at);
  }

  async function regimesFor(tx: Transaction<Database>, organisationId: string, given: ReportingRegime[] | undefined): Promise<{ regimes: ReportingRegime[]; source: 'given' | 'classification' }> {
    if (given !== undefined) {
      if (given.length === 0) throw invalid('no-regime', `Give at least one regime: ${reportingRegimes.join(', ')}.`, [{ path: '/regimes', message: 'must not be empty' }]);
      given.forEach((regime, index) => {
        if (!reportingRegimes.includes(regime)) throw invalid('unknown-regime', `Unknown regime "${regime}"; choose from: ${reportingRegimes.join(', ')}.`, [{ path: `/regimes/${index}`, message: `must be one of: ${reportingRegimes.join(', ')}` }]);
      });
      return { regimes: reportingRegimes.filter((regime) => given.includes(regime)), source: 'given' };
    }
    const classification = (await findClassifications(tx, [organisationId])).get(organisationId);
    const regimes = classification ? regimesOfClassification(classification) : [];
    if (regimes.length === 0)
      throw invalid('no-regime', classification ? 'The entity’s scoping puts it outside NIS2 and CER; give the regimes that apply.' : 'The entity has no recorded scoping; give the regimes that apply (nis2, cer).', [
        { path: '/regimes', message: 'required when the entity’s scoping does not decide them' },
      ]);
    return { regimes, source: 'classification' };
  }

  return {
    recipients: recipientsFile,

    /** A page of the incidents `actor` may see, the most recent awareness first, each with its obligations. */
    async list(actor: Actor, filters: { organisationId?: string; status?: IncidentStatus }, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        await reconcileOverdueOngoing(tx, now());
        let query = incidentQuery(tx, actor);
        if (filters.organisationId) query = query.where('incident.organisationId', '=', filters.organisationId);
        if (filters.status) query = query.where('incident.status', '=', filters.status);
        const { rows, total } = await pageWithTotal(tx, query.orderBy('incident.awareAt', 'desc').orderBy('incident.id'), query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')), page);
        const items = withObligations(rows);
        await appendAudit(tx, actor, { action: 'list', objectType: 'incident', details: { filters, count: items.length } });
        return { items, total, ...page };
      });
    },

    /** One incident with its obligations and its whole history; not-found when absent or not visible. */
    async get(actor: Actor, id: string): Promise<IncidentView> {
      return inTransaction(db, async (tx) => {
        await reconcileOverdueOngoing(tx, now());
        const incident = await findVisible(tx, actor, id);
        if (!incident) throw notFound('incident', id);
        await appendAudit(tx, actor, { action: 'read', objectType: 'incident', objectId: id, subjectOrgId: incident.organisationId });
        return incident;
      });
    },

    /** Reports an incident of an entity and generates every report obligation that applies, with its deadline and recipients. */
    async create(actor: Actor, input: IncidentInput): Promise<IncidentView> {
      return inTransaction(
        db,
        async (tx) => {
          const organisationId = input.organisationId ?? orgOf(actor);
          if (!organisationId) throw invalid('validation-failed', 'Name the entity: organisationId.', [{ path: '/organisationId', message: 'required field is missing' }]);
          authorizeIncidentWrite(actor, organisationId);
          const entity = isUuid(organisationId) ? await tx.selectFrom('organisation').select(['id', 'kind']).where('id', '=', organisationId).executeTakeFirst() : undefined;
          if (!entity) throw new DomainError('unknown-reference', 'The entity does not exist.', [{ path: '/organisationId', message: 'unknown organisation' }]);
          if (entity.kind !== 'provider') throw invalid('entity-not-provider', 'An incident is reported by a provider organisation (an entity).', [{ path: '/organisationId', message: 'not a provider' }]);
          const at = now();
          const awareAt = pastInstant(input.awareAt, '/awareAt', at);
          const { regimes, source } = await regimesFor(tx, organisationId, input.regimes);
          const significance = assessSignificance(input.significance);
          const computed = obligationsOf({ awareAt, regimes, trustService: input.trustService ?? false, asOf: at }, significance);
          const { n } = (await sql<{ n: number }>`select nextval('incident_number_seq')::int as n`.execute(tx)).rows[0] as { n: number };
          const { id } = await tx
            .insertInto('incident')
            .values({
              number: `INC-${at.getUTCFullYear()}-${String(n).padStart(5, '0')}`,
              organisationId,
              reference: input.reference ?? null,
              title: input.title,
              description: input.description ?? '',
              awareAt,
              regimes,
              regimesSource: source,
              trustService: input.trustService ?? false,
              ...input.significance,
              createdByUserId: userOf(actor),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (computed.length > 0)
            await tx
              .insertInto('reportObligation')
              .values(computed.map((o) => ({ incidentId: id, regime: o.regime, step: o.step, dueAt: o.dueAt ? new Date(o.dueAt) : null, basis: o.basis, recipients: recipientsFile.recipients[o.regime] })))
              .execute();
          await recordEvent(tx, actor, id, 'created', { input, regimes, regimesSource: source, significant: significance.significant, obligations: computed.map((o) => ({ regime: o.regime, step: o.step, dueAt: o.dueAt })) }, at);
          const incident = await reread(tx, id);
          await appendAudit(tx, actor, { action: 'create', objectType: 'incident', objectId: id, subjectOrgId: organisationId, after: incident });
          return incident;
        },
        fieldOf,
      );
    },

    /**
     * Changes the title, description, status (open/resolved) or the significance facts (NIS2 art. 23(3)); every change
     * is kept in the history, and the obligations are derived again: resolving after the final-report deadline gives
     * the final report one month after handling (art. 23(4)(e)); a changed significance adds or withdraws the NIS2
     * obligations, a submitted report staying as it was.
     */
    async update(actor: Actor, id: string, patch: IncidentPatch): Promise<IncidentView> {
      return inTransaction(
        db,
        async (tx) => {
          const before = await findVisible(tx, actor, id);
          if (!before) throw notFound('incident', id);
          authorizeIncidentWrite(actor, before.organisationId);
          const at = now();
          const status = patch.status ?? before.status;
          if (patch.resolvedAt !== undefined && status !== 'resolved') throw invalid('validation-failed', 'resolvedAt is only given for a resolved incident.', [{ path: '/resolvedAt', message: 'only with status resolved' }]);
          const resolvedAt: Date | null = status === 'resolved' ? (patch.resolvedAt !== undefined ? pastInstant(patch.resolvedAt, '/resolvedAt', at) : (before.resolvedAt ?? at)) : null;
          if (resolvedAt && resolvedAt.getTime() < before.awareAt.getTime()) throw invalid('dates-out-of-order', 'resolvedAt lies before awareAt.', [{ path: '/resolvedAt', message: 'must not lie before awareAt' }]);
          const { severeOperationalDisruption, financialLoss, damageToOthers } = before.significance;
          const facts = patch.significance ?? { severeOperationalDisruption, financialLoss, damageToOthers };
          const next = { title: patch.title ?? before.title, description: patch.description ?? before.description, status, resolvedAt };
          const previous = { title: before.title, description: before.description, status: before.status, resolvedAt: before.resolvedAt, significance: { severeOperationalDisruption, financialLoss, damageToOthers } };
          const comparable = (value: unknown) => JSON.stringify(value instanceof Date ? value.toISOString() : (value ?? null));
          const changes = Object.fromEntries(
            Object.entries({ ...next, significance: facts })
              .map(([name, value]) => [name, { from: previous[name as keyof typeof previous] ?? null, to: value }] as const)
              .filter(([, change]) => comparable(change.from) !== comparable(change.to)),
          );
          if (Object.keys(changes).length === 0) return before;
          await tx.updateTable('incident').set({ ...next, ...facts, updatedAt: at }).where('id', '=', id).execute();
          await recordEvent(tx, actor, id, 'updated', { changes, ...(changes.significance ? { significant: assessSignificance(facts).significant } : {}) }, at);
          await reconcile(tx, actor, await reread(tx, id), at);
          const after = await reread(tx, id);
          await appendAudit(tx, actor, { action: 'update', objectType: 'incident', objectId: id, subjectOrgId: before.organisationId, before, after });
          return after;
        },
        fieldOf,
      );
    },

    /**
     * Records the submission of one report with its content. A late report is accepted and flagged; a submitted report
     * is never replaced. Submitting a notification moves the deadline of the report that runs from it.
     */
    async submitReport(actor: Actor, id: string, input: ReportInput): Promise<IncidentView> {
      return inTransaction(db, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (!before) throw notFound('incident', id);
        authorizeIncidentWrite(actor, before.organisationId);
        const candidates = before.obligations.filter((o) => o.regime === input.regime && o.step === input.step && (input.obligationId === undefined || o.id === input.obligationId));
        const obligation = candidates.find((o) => o.status === 'due') ?? candidates[0];
        if (!obligation)
          throw invalid('no-such-obligation', `Incident ${before.number} has no ${input.regime} ${input.step}; its obligations are: ${before.obligations.map((o) => `${o.regime} ${o.step}`).join(', ') || 'none'}.`, [
            { path: '/step', message: 'not an obligation of this incident' },
          ]);
        if (obligation.status === 'withdrawn')
          throw new DomainError('obligation-withdrawn', `The ${input.regime} ${input.step} of ${before.number} no longer applies (withdrawn ${obligation.withdrawnAt?.toISOString()}); it is kept in the history.`);
        if (obligation.submittedAt) throw new DomainError('report-already-submitted', `The ${input.regime} ${input.step} of ${before.number} was submitted on ${obligation.submittedAt.toISOString()} and is kept as it was.`);
        const at = now();
        const submittedAt = input.submittedAt !== undefined ? pastInstant(input.submittedAt, '/submittedAt', at) : at;
        if (submittedAt.getTime() < before.awareAt.getTime()) throw invalid('submitted-before-aware', 'submittedAt lies before awareAt.', [{ path: '/submittedAt', message: 'must not lie before awareAt' }]);
        checkReportContent(input.regime, input.step, input.content);
        await tx.updateTable('reportObligation').set({ submittedAt, content: JSON.stringify(input.content), submittedByUserId: userOf(actor), recordedAt: at }).where('id', '=', obligation.id).execute();
        await tx.updateTable('incident').set({ updatedAt: at }).where('id', '=', id).execute();
        const late = isLate(obligation.dueAt, submittedAt, at);
        await recordEvent(
          tx,
          actor,
          id,
          'report-submitted',
          { obligationId: obligation.id, regime: input.regime, step: input.step, submittedAt: submittedAt.toISOString(), dueAt: obligation.dueAt?.toISOString() ?? null, late, content: input.content },
          at,
        );
        await reconcile(tx, actor, await reread(tx, id), at);
        const after = await reread(tx, id);
        await appendAudit(tx, actor, { action: 'update', objectType: 'incident', objectId: id, subjectOrgId: before.organisationId, before, after, details: { report: `${input.regime}.${input.step}`, late } });
        return after;
      });
    },

    /**
     * NIS2 art. 23(4)(c): the CSIRT or the competent authority (the entity's supervisor) asks for an intermediate report
     * by the date it sets; the entity then has one more obligation, submitted like the others and flagged when late.
     */
    async requestIntermediateReport(actor: Actor, id: string, input: IntermediateRequestInput): Promise<IncidentView> {
      return inTransaction(db, async (tx) => {
        const before = await findVisible(tx, actor, id);
        if (!before) throw notFound('incident', id);
        const kind = authorizeIntermediateRequest(actor);
        const at = now();
        const dueAt = parseInstant(input.dueAt, '/dueAt');
        checkIntermediateRequest(before.regimes, before.significance, at, dueAt);
        const requester = orgOf(actor);
        if (!requester) throw invalid('validation-failed', 'An intermediate report is requested by an organisation.', [{ path: '/dueAt', message: 'no requesting organisation' }]);
        const note = input.note ?? '';
        await tx
          .insertInto('reportObligation')
          .values({ incidentId: id, regime: 'nis2', step: 'intermediate-report', dueAt, basis: intermediateReportBasis, recipients: [kind], requestedAt: at, requestedByOrgId: requester, requestedByUserId: userOf(actor), requestNote: note })
          .execute();
        await tx.updateTable('incident').set({ updatedAt: at }).where('id', '=', id).execute();
        await recordEvent(tx, actor, id, 'intermediate-requested', { regime: 'nis2', step: 'intermediate-report', dueAt: dueAt.toISOString(), note, requestedBy: requester }, at);
        const after = await reread(tx, id);
        await appendAudit(tx, actor, { action: 'update', objectType: 'incident', objectId: id, subjectOrgId: before.organisationId, before, after, details: { report: 'nis2.intermediate-report', requested: true } });
        return after;
      });
    },

    /**
     * The countdown and overdue view: report obligations of the incidents `actor` may see, soonest due first.
     * `overdue`: not submitted and past due; `due-soon`: not submitted and due within `withinHours`; `due`: not
     * submitted; `submitted`; `late`: submitted late or overdue.
     */
    async listObligations(actor: Actor, filters: { state?: ObligationState; withinHours?: number; organisationId?: string }, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        const at = now();
        await reconcileOverdueOngoing(tx, at);
        let query = tx
          .selectFrom('reportObligation')
          .innerJoin('incident', 'incident.id', 'reportObligation.incidentId')
          .where(incidentReadable(actor))
          .where('reportObligation.withdrawnAt', 'is', null)
          .select(['reportObligation.id', 'reportObligation.incidentId']);
        if (filters.organisationId) query = query.where('incident.organisationId', '=', filters.organisationId);
        switch (filters.state) {
          case 'overdue':
            query = query.where('reportObligation.submittedAt', 'is', null).where('reportObligation.dueAt', '<', at);
            break;
          case 'due-soon':
            query = query
              .where('reportObligation.submittedAt', 'is', null)
              .where('reportObligation.dueAt', '>=', at)
              .where('reportObligation.dueAt', '<=', new Date(at.getTime() + (filters.withinHours ?? 24) * 3_600_000));
            break;
          case 'due':
            query = query.where('reportObligation.submittedAt', 'is', null);
            break;
          case 'submitted':
            query = query.where('reportObligation.submittedAt', 'is not', null);
            break;
          case 'late':
            query = query.where(sql<boolean>`coalesce(report_obligation.submitted_at, ${at}) > report_obligation.due_at`);
            break;
        }
        const { rows: selected, total } = await pageWithTotal(
          tx,
          query.orderBy(sql`report_obligation.due_at nulls last`).orderBy('reportObligation.id'),
          query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')),
          page,
        );
        const incidentIds = [...new Set(selected.map((row) => row.incidentId))];
        const incidents = new Map(
          (incidentIds.length === 0 ? [] : withObligations(await incidentQuery(tx, actor).where('incident.id', 'in', incidentIds).execute(), selected.map((row) => row.id))).map((incident) => [incident.id, incident]),
        );
        const items: ObligationListItem[] = selected.flatMap(({ id, incidentId }) => {
          const incident = incidents.get(incidentId);
          const obligation = incident?.obligations.find((candidate) => candidate.id === id);
          return incident && obligation ? [{ ...obligation, incidentId, incidentNumber: incident.number, incidentTitle: incident.title, organisationId: incident.organisationId, organisationName: incident.organisationName }] : [];
        });
        await appendAudit(tx, actor, { action: 'list', objectType: 'report-obligation', details: { filters, count: items.length } });
        return { items, total, ...page, now: at };
      });
    },
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
