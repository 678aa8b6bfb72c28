import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import {
  amsterdamIso,
  assessSignificance,
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
import { parseInstant, reportingRegimes, type ReportingRegime, type ReportingStep } from '../domain/reporting-deadlines.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { fieldOfConstraint } from './database-errors.ts';
import { findClassifications, regimesOfClassification } from './entity-classification.ts';
import { authorizeIncidentWrite, incidentReadable } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

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
}

export interface ReportInput {
  regime: ReportingRegime;
  step: ReportingStep;
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
  dueAt: Date;
  dueAtLocal: string;
  basis: string;
  recipients: RecipientView[];
  fields: ReportField[];
  status: 'due' | 'submitted';
  submittedAt: Date | null;
  submittedAtLocal: string | null;
  content: Record<string, unknown> | null;
  submittedByUserId: string | null;
  late: boolean;
}

export interface IncidentEventView {
  id: string;
  at: Date;
  kind: 'created' | 'updated' | 'report-submitted' | 'deadline-moved';
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

  const pastInstant = (text: string, pathName: string, at: Date): Date => {
    const instant = parseInstant(text, pathName);
    if (instant.getTime() > at.getTime() + clockSkewMs) throw invalid('instant-in-future', `${pathName.slice(1)} lies in the future.`, [{ path: pathName, message: 'must not lie in the future' }]);
    return instant;
  };

  const incidentQuery = (executor: Executor, actor: Actor) =>
    executor
      .selectFrom('incident')
      .innerJoin('organisation', 'organisation.id', 'incident.organisationId')
      .where(incidentReadable(actor))
      .select([
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
      ]);
  type IncidentRow = Awaited<ReturnType<ReturnType<typeof incidentQuery>['execute']>>[number];

  /** The recipient organisations of each kind for the given entities: the CSIRTs, the supervisors of the entity's sectors, the coordinator. */
  async function recipientOrganisations(executor: Executor, organisationIds: string[]) {
    const bodies = await executor.selectFrom('organisation').select(['id', 'name', 'kind']).where('kind', 'in', ['csirt', 'coordinator']).orderBy('name').execute();
    const supervisors =
      organisationIds.length === 0
        ? []
        : await executor
            .selectFrom('processProvider')
            .innerJoin('vitalProcess', 'vitalProcess.id', 'processProvider.processId')
            .innerJoin('supervision', 'supervision.sectorId', 'vitalProcess.sectorId')
            .innerJoin('organisation', 'organisation.id', 'supervision.supervisorId')
            .select(['processProvider.providerId', 'organisation.id', 'organisation.name'])
            .distinct()
            .where('processProvider.providerId', 'in', organisationIds)
            .where('processProvider.status', '<>', 'withdrawn')
            .orderBy('organisation.name')
            .execute();
    return (organisationId: string, kind: RecipientKind) =>
      kind === 'supervisor'
        ? supervisors.filter((row) => row.providerId === organisationId).map(({ id, name }) => ({ id, name }))
        : bodies.filter((body) => body.kind === kind).map(({ id, name }) => ({ id, name }));
  }

  async function withObligations(executor: Executor, rows: IncidentRow[]): Promise<IncidentView[]> {
    if (rows.length === 0) return [];
    const obligations = await executor.selectFrom('reportObligation').selectAll().where('incidentId', 'in', rows.map((row) => row.id)).orderBy('dueAt').orderBy('regime', 'desc').execute();
    const recipientsOf = await recipientOrganisations(executor, [...new Set(rows.map((row) => row.organisationId))]);
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
        obligations: obligations
          .filter((obligation) => obligation.incidentId === row.id)
          .map((obligation) => {
            const dueAt = new Date(obligation.dueAt);
            const submittedAt = obligation.submittedAt ? new Date(obligation.submittedAt) : null;
            const regime = obligation.regime as ReportingRegime;
            const step = obligation.step as ReportingStep;
            return {
              id: obligation.id,
              regime,
              step,
              dueAt,
              dueAtLocal: amsterdamIso(dueAt),
              basis: obligation.basis,
              recipients: (obligation.recipients as RecipientKind[]).map((kind) => ({ kind, organisations: recipientsOf(row.organisationId, kind) })),
              fields: reportFieldsOf(regime, step),
              status: submittedAt ? 'submitted' : 'due',
              submittedAt,
              submittedAtLocal: submittedAt ? amsterdamIso(submittedAt) : null,
              content: obligation.content,
              submittedByUserId: obligation.submittedByUserId,
              late: isLate(dueAt, submittedAt, at),
            } satisfies ObligationView;
          }),
      };
    });
  }

  async function findVisible(executor: Executor, actor: Actor, id: string): Promise<IncidentView | undefined> {
    if (!isUuid(id)) return undefined;
    const [incident] = await withObligations(executor, await incidentQuery(executor, actor).where('incident.id', '=', id).execute());
    if (!incident) return undefined;
    const events = await executor.selectFrom('incidentEvent').select(['id', 'at', 'kind', 'actorUserId', 'actorOrgId', 'details']).where('incidentId', '=', id).orderBy('at').orderBy('id').execute();
    return { ...incident, history: events.map((event) => ({ ...event, kind: event.kind as IncidentEventView['kind'] })) };
  }

  const system = { kind: 'system', via: 'incidents' } as const;
  const reread = async (tx: Transaction<Database>, id: string) => (await findVisible(tx, system, id)) as IncidentView;

  const recordEvent = (tx: Transaction<Database>, actor: Actor, incidentId: string, kind: IncidentEventView['kind'], details: Record<string, unknown>, at = now()) =>
    tx.insertInto('incidentEvent').values({ incidentId, kind, at, actorUserId: userOf(actor), actorOrgId: orgOf(actor), details: JSON.stringify(details) }).execute();

  /**
   * Recomputes every deadline from awareness and the submissions so far (a final report runs from the submitted
   * notification, NIS2 art. 23(4)(d); a detailed report from the initial notification, CER art. 15(1)); records each move.
   */
  async function recomputeDeadlines(tx: Transaction<Database>, actor: Actor, incident: IncidentView) {
    const submittedAt = (regime: ReportingRegime, step: ReportingStep) => incident.obligations.find((o) => o.regime === regime && o.step === step)?.submittedAt ?? undefined;
    const computed = obligationsOf(
      {
        awareAt: incident.awareAt,
        regimes: incident.regimes,
        trustService: incident.trustService,
        notificationSubmittedAt: submittedAt('nis2', 'incident-notification'),
        initialNotificationSubmittedAt: submittedAt('cer', 'initial-notification'),
      },
      incident.significance,
    );
    for (const obligation of incident.obligations) {
      const next = computed.find((candidate) => candidate.regime === obligation.regime && candidate.step === obligation.step);
      if (!next || next.dueAt === obligation.dueAt.toISOString()) continue;
      await tx.updateTable('reportObligation').set({ dueAt: new Date(next.dueAt) }).where('id', '=', obligation.id).execute();
      await recordEvent(tx, actor, incident.id, 'deadline-moved', { regime: obligation.regime, step: obligation.step, from: obligation.dueAt.toISOString(), to: next.dueAt, basis: next.basis });
    }
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
        let query = incidentQuery(tx, actor);
        if (filters.organisationId) query = query.where('incident.organisationId', '=', filters.organisationId);
        if (filters.status) query = query.where('incident.status', '=', filters.status);
        const { total } = await query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
        const items = await withObligations(tx, await query.orderBy('incident.awareAt', 'desc').orderBy('incident.id').limit(page.limit).offset(page.offset).execute());
        await appendAudit(tx, actor, { action: 'list', objectType: 'incident', details: { filters, count: items.length } });
        return { items, total: Number(total), ...page };
      });
    },

    /** One incident with its obligations and its whole history; not-found when absent or not visible. */
    async get(actor: Actor, id: string): Promise<IncidentView> {
      return inTransaction(db, async (tx) => {
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
          const computed = obligationsOf({ awareAt, regimes, trustService: input.trustService ?? false }, significance);
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
              .values(computed.map((o) => ({ incidentId: id, regime: o.regime, step: o.step, dueAt: new Date(o.dueAt), basis: o.basis, recipients: recipientsFile.recipients[o.regime] })))
              .execute();
          await recordEvent(tx, actor, id, 'created', { input, regimes, regimesSource: source, significant: significance.significant, obligations: computed.map((o) => ({ regime: o.regime, step: o.step, dueAt: o.dueAt })) }, at);
          const incident = await reread(tx, id);
          await appendAudit(tx, actor, { action: 'create', objectType: 'incident', objectId: id, subjectOrgId: organisationId, after: incident });
          return incident;
        },
        fieldOf,
      );
    },

    /** Changes the title, description or status (open/resolved); every change is kept in the history. */
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
          const next = { title: patch.title ?? before.title, description: patch.description ?? before.description, status, resolvedAt };
          const changes = Object.fromEntries(
            Object.entries(next)
              .map(([name, value]) => [name, { from: (before as unknown as Record<string, unknown>)[name] ?? null, to: value }] as const)
              .filter(([, change]) => String(change.from instanceof Date ? change.from.toISOString() : change.from) !== String(change.to instanceof Date ? change.to.toISOString() : change.to)),
          );
          if (Object.keys(changes).length === 0) return before;
          await tx.updateTable('incident').set({ ...next, updatedAt: at }).where('id', '=', id).execute();
          await recordEvent(tx, actor, id, 'updated', { changes }, at);
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
        const obligation = before.obligations.find((o) => o.regime === input.regime && o.step === input.step);
        if (!obligation)
          throw invalid('no-such-obligation', `Incident ${before.number} has no ${input.regime} ${input.step}; its obligations are: ${before.obligations.map((o) => `${o.regime} ${o.step}`).join(', ') || 'none'}.`, [
            { path: '/step', message: 'not an obligation of this incident' },
          ]);
        if (obligation.submittedAt) throw new DomainError('report-already-submitted', `The ${input.regime} ${input.step} of ${before.number} was submitted on ${obligation.submittedAt.toISOString()} and is kept as it was.`);
        const at = now();
        const submittedAt = input.submittedAt !== undefined ? pastInstant(input.submittedAt, '/submittedAt', at) : at;
        if (submittedAt.getTime() < before.awareAt.getTime()) throw invalid('submitted-before-aware', 'submittedAt lies before awareAt.', [{ path: '/submittedAt', message: 'must not lie before awareAt' }]);
        checkReportContent(input.regime, input.step, input.content);
        await tx.updateTable('reportObligation').set({ submittedAt, content: JSON.stringify(input.content), submittedByUserId: userOf(actor), recordedAt: at }).where('id', '=', obligation.id).execute();
        await tx.updateTable('incident').set({ updatedAt: at }).where('id', '=', id).execute();
        const late = isLate(obligation.dueAt, submittedAt, at);
        await recordEvent(tx, actor, id, 'report-submitted', { regime: input.regime, step: input.step, submittedAt: submittedAt.toISOString(), dueAt: obligation.dueAt.toISOString(), late, content: input.content }, at);
        await recomputeDeadlines(tx, actor, await reread(tx, id));
        const after = await reread(tx, id);
        await appendAudit(tx, actor, { action: 'update', objectType: 'incident', objectId: id, subjectOrgId: before.organisationId, before, after, details: { report: `${input.regime}.${input.step}`, late } });
        return after;
      });
    },

    /**
     * The countdown and overdue view: report obligations of the incidents `actor` may see, soonest due first.
     * `overdue`: not submitted and past due; `due-soon`: not submitted and due within `withinHours`; `due`: not
     * submitted; `submitted`; `late`: submitted late or overdue.
     */
    async listObligations(actor: Actor, filters: { state?: ObligationState; withinHours?: number; organisationId?: string }) {
      return inTransaction(db, async (tx) => {
        const at = now();
        let query = tx
          .selectFrom('reportObligation')
          .innerJoin('incident', 'incident.id', 'reportObligation.incidentId')
          .where(incidentReadable(actor))
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
        const selected = await query.orderBy('reportObligation.dueAt').limit(1000).execute();
        const incidentIds = [...new Set(selected.map((row) => row.incidentId))];
        const incidents = incidentIds.length === 0 ? [] : await withObligations(tx, await incidentQuery(tx, actor).where('incident.id', 'in', incidentIds).execute());
        const items: ObligationListItem[] = selected.flatMap(({ id, incidentId }) => {
          const incident = incidents.find((candidate) => candidate.id === incidentId);
          const obligation = incident?.obligations.find((candidate) => candidate.id === id);
          return incident && obligation ? [{ ...obligation, incidentId, incidentNumber: incident.number, incidentTitle: incident.title, organisationId: incident.organisationId, organisationName: incident.organisationName }] : [];
        });
        await appendAudit(tx, actor, { action: 'list', objectType: 'report-obligation', details: { filters, count: items.length } });
        return { items, now: at };
      });
    },
  };
}

export type IncidentsService = ReturnType<typeof createIncidentsService>;
