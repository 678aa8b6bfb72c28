import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely, type Selectable, type SelectQueryBuilder, type Transaction } from 'kysely';
import { DateTime } from 'luxon';
import { selectInSql } from '../db/deferred-begin.ts';
import { unheard, type ChangeNotices } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { applicableRegimes, approvalInvalidatedAt, controlStatuses, gapReason, regimeCatalogues, type ControlStatus, type DutyRegime, type GapReason } from '../domain/duty-of-care.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { amsterdamIso } from '../domain/reporting-deadlines.ts';
import { classifyEntity, type CerOutcome, type Nis2Outcome, type ScopingReason } from '../domain/scoping.ts';
import { parseOscalCatalog, type CatalogueControl, type OscalCatalogDocument } from '../interop/oscal.ts';
import { serialiseTable } from '../interop/tabular.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeDutyOfCareWrite, dutyOfCareVisible } from './policy.ts';
import { isUuid, type Page, type Paged } from './registry/registry.service.ts';
import { createNoticedCache } from './noticed-cache.ts';
import { pageWithTotal } from './paging.ts';
import { inTransaction } from './transaction.ts';

export interface ScopingInput {
  sector: string;
  employees: number;
  turnoverEur: number;
  balanceSheetEur: number;
  flags?: string[];
}

export interface ScopingVersion {
  version: number;
  sector: string;
  employees: number;
  turnoverEur: number;
  balanceSheetEur: number;
  flags: string[];
  nis2: Nis2Outcome;
  cer: CerOutcome;
  size: string;
  reasons: ScopingReason[];
  recordedByUserId: string | null;
  recordedByOrgId: string | null;
  recordedAt: Date;
}

export interface CatalogueSummary {
  id: string;
  title: string;
  version: string;
  oscalVersion: string;
  /** The regime that makes the catalogue apply (shipped catalogues), or null for an imported one. */
  regime: DutyRegime | null;
  builtin: boolean;
  controlCount: number;
}

export interface Evidence {
  text: string;
  href?: string;
}

export interface ControlStatusInput {
  status: ControlStatus;
  evidence?: Evidence[];
  owner?: string | null;
  reviewDate?: string | null;
}

export interface ControlState {
  status: ControlStatus;
  evidence: Evidence[];
  owner: string | null;
  reviewDate: string | null;
  recordedByUserId: string | null;
  recordedAt: Date;
}

export interface Gap {
  organisationId: string;
  organisationName: string;
  catalogueId: string;
  controlId: string;
  label: string;
  title: string;
  status: ControlStatus | null;
  reviewDate: string | null;
  owner: string | null;
  reason: GapReason;
}

export type StatusCounts = Record<ControlStatus, number> & { unassessed: number };

/** What the supervisor dashboard shows of one entity's duty of care. */
export interface EntityStatus {
  organisationId: string;
  organisationName: string;
  nis2: Nis2Outcome | null;
  cer: CerOutcome | null;
  catalogueIds: string[];
  counts: StatusCounts;
  gaps: Gap[];
  /** The management body's approval (NIS2 art. 20) while it still holds; null when none was given or a control changed since. */
  approval: { approvedAt: Date; approvedBy: string } | null;
  /** The last approval given, also when a later control change invalidated it. */
  lastApproval: { approvedAt: Date; approvedBy: string; note: string | null; invalidatedAt: Date | null } | null;
}

export interface EntityControls extends EntityStatus {
  catalogues: { id: string; title: string; regime: DutyRegime | null; controls: (CatalogueControl & { state: ControlState | null; gap: GapReason | null })[] }[];
}

interface LoadedCatalogue {
  summary: CatalogueSummary;
  document: OscalCatalogDocument;
  controls: CatalogueControl[];
}

export interface DutyOfCareOptions {
  dataDir: string;
  now?: () => Date;
  /** Notices of changes to the imported catalogues: while they are heard, the catalogues are read once, not at each use. */
  catalogueNotices?: ChangeNotices;
}

const reviewDatePattern = /^\d{4}-\d{2}-\d{2}$/;
const slugOf = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '') || 'catalogue';

/** The shipped catalogues, validated against the OSCAL schema when the service starts (a broken file stops the start). */
export function readBuiltinCatalogues(dataDir: string): LoadedCatalogue[] {
  return (Object.entries(regimeCatalogues) as [DutyRegime, string][]).map(([regime, id]) => {
    const file = path.join(dataDir, 'reference', 'catalogues', `${id}.json`);
    const { document, controls } = parseOscalCatalog(JSON.parse(fs.readFileSync(file, 'utf8')), `reference/catalogues/${id}.json`);
    return { document, controls, summary: summaryOf(id, document, controls.length, regime) };
  });
}

function summaryOf(id: string, document: OscalCatalogDocument, controlCount: number, regime: DutyRegime | null): CatalogueSummary {
  const { title, version } = document.catalog.metadata;
  return { id, title, version, oscalVersion: document.catalog.metadata['oscal-version'], regime, builtin: regime !== null, controlCount };
}

type ScopingRow = Selectable<Database['organisationScoping']>;

const scopingVersionOf = (row: ScopingRow): ScopingVersion => ({
  version: row.version,
  sector: row.sectorKey,
  employees: row.employees,
  turnoverEur: row.turnoverEur,
  balanceSheetEur: row.balanceSheetEur,
  flags: row.flags,
  nis2: row.nis2 as Nis2Outcome,
  cer: row.cer as CerOutcome,
  size: row.size,
  reasons: row.reasons as ScopingReason[],
  recordedByUserId: row.recordedByUserId,
  recordedByOrgId: row.recordedByOrgId,
  recordedAt: row.recordedAt,
});

/** The current state of one control of an entity. */
interface StoredControlState {
  catalogueId: string;
  controlId: string;
  state: ControlState;
}

/** A current control state as the entity views read it, inside a JSON aggregate (without evidence for the lists). */
type StoredControlStateJson = Omit<ControlState, 'evidence' | 'recordedAt'> & { catalogueId: string; controlId: string; evidence?: Evidence[]; recordedAt: string };

interface Organisation {
  id: string;
  name: string;
}

/** A query selecting organisations (id and name), not yet run. */
type EntitiesQuery = SelectQueryBuilder<Database, 'organisation', Organisation>;

const storedStateOf = ({ catalogueId, controlId, evidence, recordedAt, ...state }: StoredControlStateJson): StoredControlState => ({
  catalogueId,
  controlId,
  state: { ...state, evidence: evidence ?? [], recordedAt: new Date(recordedAt) },
});

/**
 * A page of the gaps of many entities, in order: only the gaps on it are built, the others only counted. Most controls
 * of most entities are gaps (unassessed): on the demo ×10, a coordinator's page of 50 built all 5 990.
 */
interface GapPage {
  offset: number;
  limit: number;
  /** Gaps met so far, on the page or not: the total once every entity is through. */
  counted: number;
}

/** Counts a gap met in order, and says whether the page (if any) shows it. */
function onGapPage(page: GapPage | undefined): boolean {
  if (!page) return true;
  const index = page.counted++;
  return index >= page.offset && index < page.offset + page.limit;
}

/**
 * One entity's duty of care from its stored rows: the catalogues that apply, every control's state and gap, the counts
 * and the approval. Without `withControls` the catalogues list no controls (see entitiesStatuses): the lists of many
 * entities need only the counts and gaps, and copying every control of every entity was most of their cost. With a
 * `gapPage`, the gaps are those of the page only.
 */
function entityView(
  organisation: { id: string; name: string },
  current: Pick<ScopingVersion, 'sector' | 'nis2' | 'cer'> | undefined,
  stored: readonly StoredControlState[],
  catalogues: readonly LoadedCatalogue[],
  approval: { approvedAt: Date; approvedBy: string; note: string | null } | undefined,
  changesAfterApproval: readonly Date[],
  day: string,
  shown: { withControls: boolean; gapPage?: GapPage },
): EntityControls {
  // By catalogue, then control: a list of every entity looks up each control of each entity, most of them without a state.
  const states = new Map<string, Map<string, ControlState>>();
  for (const row of stored) {
    let ofCatalogue = states.get(row.catalogueId);
    if (!ofCatalogue) states.set(row.catalogueId, (ofCatalogue = new Map()));
    ofCatalogue.set(row.controlId, row.state);
  }
  const regimes = applicableRegimes(current ? { nis2: current.nis2, cer: current.cer, sectorKey: current.sector } : null);
  const applicable = catalogues.filter(({ summary }) => (summary.regime !== null && regimes.includes(summary.regime)) || states.has(summary.id));
  const counts: StatusCounts = { implemented: 0, partial: 0, planned: 0, 'not-implemented': 0, 'not-applicable': 0, unassessed: 0 };
  const gaps: Gap[] = [];
  const views = applicable.map(({ summary, controls }) => {
    const controlViews: EntityControls['catalogues'][number]['controls'] = [];
    const ofCatalogue = states.get(summary.id);
    for (const control of controls) {
      const state = ofCatalogue?.get(control.id) ?? null;
      if (state) counts[state.status]++;
      else counts.unassessed++;
      const gap = gapReason(state ?? undefined, day);
      if (gap && onGapPage(shown.gapPage))
        gaps.push({
          organisationId: organisation.id,
          organisationName: organisation.name,
          catalogueId: summary.id,
          controlId: control.id,
          label: control.label,
          title: control.title,
          status: state?.status ?? null,
          reviewDate: state?.reviewDate ?? null,
          owner: state?.owner ?? null,
          reason: gap,
        });
      if (shown.withControls) controlViews.push({ ...control, state, gap });
    }
    return { id: summary.id, title: summary.title, regime: summary.regime, controls: controlViews };
  });
  const lastApproval = approval ? { approvedAt: approval.approvedAt, approvedBy: approval.approvedBy, note: approval.note, invalidatedAt: approvalInvalidatedAt(approval.approvedAt, changesAfterApproval) } : null;
  return {
    organisationId: organisation.id,
    organisationName: organisation.name,
    nis2: current?.nis2 ?? null,
    cer: current?.cer ?? null,
    catalogueIds: views.map((view) => view.id),
    counts,
    gaps,
    approval: lastApproval && !lastApproval.invalidatedAt ? { approvedAt: lastApproval.approvedAt, approvedBy: lastApproval.approvedBy } : null,
    lastApproval,
    catalogues: views,
  };
}

/** NIS2/CER duty of care: stored scoping per organisation, control catalogues (OSCAL), control status per entity, gaps, management approval. */
export function createDutyOfCareService(db: Kysely<Database>, options: DutyOfCareOptions) {
  const builtins = readBuiltinCatalogues(options.dataDir);
  const now = options.now ?? (() => new Date());
  // The calendar day in Europe/Amsterdam: luxon's zone conversion asked Intl for the offset at every list of entities.
  const today = () => amsterdamIso(now()).slice(0, 10);
  const userOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null);

  const importedCatalogues = createNoticedCache<{ catalogues: LoadedCatalogue[] }>(options.catalogueNotices ?? unheard);
  async function allCatalogues(executor: Kysely<Database> | Transaction<Database>): Promise<LoadedCatalogue[]> {
    const imported = await importedCatalogues.lookup('imported', async () => {
      const rows = await executor.selectFrom('controlCatalogue').select(['id', 'document']).orderBy('id').execute();
      return {
        catalogues: rows.map((row) => {
          const { document, controls } = parseOscalCatalog(row.document, `catalogue ${row.id}`);
          return { document, controls, summary: summaryOf(row.id, document, controls.length, null) };
        }),
      };
    });
    return [...builtins, ...imported!.catalogues];
  }

  async function findCatalogue(executor: Kysely<Database> | Transaction<Database>, id: string): Promise<LoadedCatalogue> {
    const found = (await allCatalogues(executor)).find((catalogue) => catalogue.summary.id === id);
    if (!found) throw notFound('catalogue', id);
    return found;
  }

  /** The organisation's name when `actor` may see its duty of care; not-found otherwise (no hint that it exists). */
  async function visibleOrganisation(tx: Transaction<Database>, actor: Actor, organisationId: string): Promise<{ id: string; name: string }> {
    const row = isUuid(organisationId)
      ? await tx.selectFrom('organisation').select(['id', 'name']).where('id', '=', organisationId).where(dutyOfCareVisible(actor, 'organisation.id')).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('organisation', organisationId);
    return row;
  }

  async function scopingHistory(tx: Transaction<Database>, organisationId: string): Promise<ScopingVersion[]> {
    const rows = await tx.selectFrom('organisationScoping').selectAll().where('organisationId', '=', organisationId).orderBy('version', 'desc').execute();
    return rows.map(scopingVersionOf);
  }

  /**
   * Everything the entity views are built from, for many entities in a fixed number of queries (a list of every
   * entity is read under load by coordinators and supervisors); the caller has checked visibility. `entities` are the
   * organisations themselves, or the query that selects the visible ones in their order: then their ids do not travel
   * to the server and back (for a coordinator's 700 entities, a statement and two milliseconds).
   */
  async function entityViews(tx: Transaction<Database>, entities: readonly Organisation[] | EntitiesQuery, shown: { withControls: boolean; gapPage?: GapPage }): Promise<EntityControls[]> {
    const listed = Array.isArray(entities) ? (entities as readonly Organisation[]) : undefined;
    if (listed?.length === 0) return [];
    // One array parameter, not one per entity: the statement text (and its prepared plan) is the same for any number.
    const source = listed ? sql`(select id, null::text as name from unnest(${listed.map((organisation) => organisation.id)}::uuid[]) as id)` : sql`(${entities as EntitiesQuery})`;
    // Per entity in one statement: its current scoping, its last management approval, the first control change after
    // that approval (which invalidates it), and its current control states (one round trip fewer than reading them apart,
    // on every list of entities). Evidence is shown only with the controls; the lists of many entities leave it in the database.
    const [standings, catalogues] = await Promise.all([
      selectInSql(
        tx,
        sql<{ organisationId: string; organisationName: string | null; sector: string | null; nis2: string | null; cer: string | null; approvedAt: Date | null; approvedBy: string | null; note: string | null; firstChange: Date | null; states: StoredControlStateJson[] | null }>`
        select entity.id as organisation_id, entity.name as organisation_name, scoping.sector_key as sector, scoping.nis2, scoping.cer, approval.approved_at, approval.approved_by, approval.note,
          (select min(control_status.recorded_at) from control_status where control_status.organisation_id = entity.id and control_status.recorded_at > approval.approved_at) as first_change,
          (select json_agg(json_build_object('catalogue_id', catalogue_id, 'control_id', control_id, 'status', status, 'owner', owner, 'review_date', review_date,
                  'recorded_by_user_id', recorded_by_user_id, 'recorded_at', recorded_at${shown.withControls ? sql`, 'evidence', evidence` : sql``}))
             from control_status where control_status.organisation_id = entity.id and control_status.superseded_at is null) as states
        from ${source} as entity
        left join lateral (select sector_key, nis2, cer from organisation_scoping where organisation_id = entity.id order by version desc limit 1) scoping on true
        left join lateral (select approved_at, approved_by, note from management_approval where organisation_id = entity.id order by approved_at desc, recorded_at desc limit 1) approval on true
        ${listed ? sql`` : sql`order by entity.name, entity.id`}`,
      ),
      allCatalogues(tx),
    ]);
    const standingOf = new Map(standings.map((row) => [row.organisationId, row]));
    const organisations = listed ?? standings.map((row) => ({ id: row.organisationId, name: row.organisationName as string }));
    const day = today();
    return organisations.map((organisation) => {
      const standing = standingOf.get(organisation.id);
      const scoping = standing?.sector && standing.nis2 && standing.cer ? { sector: standing.sector, nis2: standing.nis2 as Nis2Outcome, cer: standing.cer as CerOutcome } : undefined;
      const approval = standing?.approvedAt && standing.approvedBy ? { approvedAt: standing.approvedAt, approvedBy: standing.approvedBy, note: standing.note } : undefined;
      return entityView(organisation, scoping, (standing?.states ?? []).map(storedStateOf), catalogues, approval, standing?.firstChange ? [new Date(standing.firstChange)] : [], day, shown);
    });
  }

  async function entityControls(tx: Transaction<Database>, organisation: Organisation): Promise<EntityControls> {
    return (await entityViews(tx, [organisation], { withControls: true }))[0] as EntityControls;
  }

  const withoutCatalogues = ({ catalogues: _catalogues, ...status }: EntityControls): EntityStatus => status;

  /** The statuses (counts, gaps, approval) of many entities, without their controls; with a `gapPage`, only its gaps. */
  async function entitiesStatuses(tx: Transaction<Database>, entities: readonly Organisation[] | EntitiesQuery, gapPage?: GapPage): Promise<EntityStatus[]> {
    return (await entityViews(tx, entities, { withControls: false, gapPage })).map(withoutCatalogues);
  }

  /** Visible entities with a duty of care: a stored scoping or any control status; optionally those of one (Dutch) sector or of some organisations. */
  function visibleEntities(tx: Transaction<Database>, actor: Actor, filters: { sectorId?: string; organisationIds?: readonly string[] }) {
    let query = tx
      .selectFrom('organisation')
      .where(dutyOfCareVisible(actor, 'organisation.id'))
      .where((eb) =>
        eb.or([
          eb.exists(eb.selectFrom('organisationScoping').select('organisationScoping.id').whereRef('organisationScoping.organisationId', '=', 'organisation.id')),
          eb.exists(eb.selectFrom('controlStatus').select('controlStatus.id').whereRef('controlStatus.organisationId', '=', 'organisation.id')),
        ]),
      );
    if (filters.sectorId !== undefined) {
      const { sectorId } = filters;
      if (!isUuid(sectorId)) throw notFound('sector', sectorId);
      query = query.where('organisation.id', 'in', (eb) => eb.selectFrom('sectorMember').select('sectorMember.organisationId').where('sectorMember.sectorId', '=', sectorId));
    }
    if (filters.organisationIds !== undefined) query = query.where('organisation.id', 'in', filters.organisationIds);
    return query;
  }

  async function entityPage(tx: Transaction<Database>, actor: Actor, filters: { sectorId?: string }, page: Page) {
    const query = visibleEntities(tx, actor, filters);
    return pageWithTotal(tx, query.select(['organisation.id', 'organisation.name']).orderBy('organisation.name').orderBy('organisation.id'), query.select((eb) => eb.fn.countAll<number>().as('total')), page);
  }

  /** The query selecting every visible entity (id and name), for entityViews to read their views in the same statement. */
  const allVisibleEntities = (tx: Transaction<Database>, actor: Actor, filters: { sectorId?: string; organisationIds?: readonly string[] }) =>
    visibleEntities(tx, actor, filters).select(['organisation.id', 'organisation.name']);

  /** The gaps of one entity or of every visible one, in order: all of them, or those of `gapPage`. */
  async function gapsOf(actor: Actor, filters: { sectorId?: string; organisationId?: string }, gapPage?: GapPage): Promise<Gap[]> {
    return inTransaction(db, async (tx) => {
      const entities = filters.organisationId ? [await visibleOrganisation(tx, actor, filters.organisationId)] : allVisibleEntities(tx, actor, filters);
      const gaps = (await entitiesStatuses(tx, entities, gapPage)).flatMap((entity) => entity.gaps);
      await appendAudit(tx, actor, { action: 'list', objectType: 'duty-of-care-gap', details: { ...filters, count: gaps.length } });
      return gaps;
    });
  }

  return {
    /** The shipped and imported control catalogues. */
    async listCatalogues(): Promise<CatalogueSummary[]> {
      return (await allCatalogues(db)).map((catalogue) => catalogue.summary);
    },

    /** One catalogue with its controls flattened (statement and guidance prose). */
    async getCatalogue(id: string): Promise<CatalogueSummary & { controls: CatalogueControl[] }> {
      const { summary, controls } = await findCatalogue(db, id);
      return { ...summary, controls };
    },

    /** The catalogue as the OSCAL catalog document it was shipped or imported as. */
    async exportOscal(actor: Actor, id: string): Promise<OscalCatalogDocument> {
      const { document } = await findCatalogue(db, id);
      return document;
    },

    /**
     * Imports an OSCAL catalog (administrator or coordinator). The whole document is refused, with every offending
     * JSON path, when it is invalid; nothing is written then. The id defaults to the title in kebab-case.
     */
    async importOscal(actor: Actor, document: unknown, requestedId?: string): Promise<CatalogueSummary> {
      return inTransaction(db, async (tx) => {
        await authorizeDutyOfCareWrite(actor, 'catalogues', tx);
        const parsed = parseOscalCatalog(document);
        const id = requestedId ?? slugOf(parsed.document.catalog.metadata.title);
        if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw invalid('validation-failed', `Catalogue id "${id}" must be kebab-case (a-z, 0-9, -).`, [{ path: '/id', message: 'must be kebab-case' }]);
        if ((await allCatalogues(tx)).some((catalogue) => catalogue.summary.id === id)) throw conflict('already-exists', `A catalogue with id "${id}" already exists.`);
        const { metadata } = parsed.document.catalog;
        await tx
          .insertInto('controlCatalogue')
          .values({ id, title: metadata.title, version: metadata.version, oscalVersion: metadata['oscal-version'], document: JSON.stringify(parsed.document), importedByUserId: userOf(actor) })
          .execute();
        await appendAudit(tx, actor, { action: 'import', objectType: 'control-catalogue', objectId: id, after: parsed.document, details: { controls: parsed.controls.length } });
        return summaryOf(id, parsed.document, parsed.controls.length, null);
      });
    },

    /** The current scoping of an organisation and every earlier version, newest first. */
    async getScoping(actor: Actor, organisationId: string): Promise<{ organisationId: string; current: ScopingVersion | null; history: ScopingVersion[] }> {
      return inTransaction(db, async (tx) => {
        await visibleOrganisation(tx, actor, organisationId);
        const history = await scopingHistory(tx, organisationId);
        await appendAudit(tx, actor, { action: 'read', objectType: 'organisation-scoping', objectId: organisationId, subjectOrgId: organisationId });
        return { organisationId, current: history[0] ?? null, history };
      });
    },

    /** Records a new scoping version: the inputs and the outcome the NIS2/CER rules compute from them, with every reason. */
    async putScoping(actor: Actor, organisationId: string, input: ScopingInput) {
      return inTransaction(db, async (tx) => {
        await visibleOrganisation(tx, actor, organisationId);
        await authorizeDutyOfCareWrite(actor, 'scoping', tx, organisationId);
        const flags = input.flags ?? [];
        const result = classifyEntity({ ...input, flags });
        const last = await tx.selectFrom('organisationScoping').select((eb) => eb.fn.max('version').as('version')).where('organisationId', '=', organisationId).executeTakeFirst();
        const version = Number(last?.version ?? 0) + 1;
        await tx
          .insertInto('organisationScoping')
          .values({
            organisationId,
            version,
            sectorKey: input.sector,
            employees: input.employees,
            turnoverEur: input.turnoverEur,
            balanceSheetEur: input.balanceSheetEur,
            flags,
            nis2: result.nis2,
            cer: result.cer,
            size: result.size,
            reasons: JSON.stringify(result.reasons),
            recordedByUserId: userOf(actor),
            recordedByOrgId: actor.kind === 'user' ? actor.organisationId : null,
            recordedAt: now(),
          })
          .execute();
        const history = await scopingHistory(tx, organisationId);
        await appendAudit(tx, actor, { action: 'create', objectType: 'organisation-scoping', objectId: organisationId, subjectOrgId: organisationId, after: history[0], details: { version } });
        return { organisationId, current: history[0] ?? null, history };
      });
    },

    /**
     * One entity's duty of care for the supervisor dashboard: the catalogues that apply, the controls counted by status,
     * the gaps, and the management approval while it holds. Not-found when `actor` may not see the entity.
     */
    async entityStatus(actor: Actor, organisationId: string): Promise<EntityStatus> {
      return inTransaction(db, async (tx) => {
        const organisation = await visibleOrganisation(tx, actor, organisationId);
        const [status] = (await entitiesStatuses(tx, [organisation])) as [EntityStatus];
        await appendAudit(tx, actor, { action: 'read', objectType: 'duty-of-care', objectId: organisationId, subjectOrgId: organisationId });
        return status;
      });
    },

    /** The entity status with every applicable control and its current state. */
    async entityControls(actor: Actor, organisationId: string): Promise<EntityControls> {
      return inTransaction(db, async (tx) => {
        const organisation = await visibleOrganisation(tx, actor, organisationId);
        const controls = await entityControls(tx, organisation);
        await appendAudit(tx, actor, { action: 'read', objectType: 'duty-of-care', objectId: organisationId, subjectOrgId: organisationId });
        return controls;
      });
    },

    /** A page of the duty-of-care status of every entity `actor` may see (with a scoping or control status), by name, optionally of one sector. */
    async listEntities(actor: Actor, filters: { sectorId?: string }, page: Page): Promise<Paged<EntityStatus>> {
      return inTransaction(db, async (tx) => {
        const { rows, total } = await entityPage(tx, actor, filters, page);
        const items = await entitiesStatuses(tx, rows);
        await appendAudit(tx, actor, { action: 'list', objectType: 'duty-of-care', details: { ...filters, ...page, count: items.length } });
        return { items, total, ...page };
      });
    },

    /**
     * The status of those of `organisationIds` whose duty of care `actor` may see (the supervisor dashboard's page of
     * entities), read and audited in the caller's transaction, so that the dashboard is one consistent snapshot.
     */
    async statusesOf(tx: Transaction<Database>, actor: Actor, organisationIds: readonly string[]): Promise<EntityStatus[]> {
      const ids = organisationIds.filter(isUuid);
      if (ids.length === 0) return [];
      const items = await entitiesStatuses(tx, allVisibleEntities(tx, actor, { organisationIds: ids }));
      await appendAudit(tx, actor, { action: 'list', objectType: 'duty-of-care', details: { count: items.length } });
      return items;
    },

    /** A page of the gaps of one entity (organisationId) or of every visible entity, optionally of one sector. */
    async gaps(actor: Actor, filters: { sectorId?: string; organisationId?: string }, page: Page): Promise<Paged<Gap>> {
      const gapPage: GapPage = { ...page, counted: 0 };
      const items = await gapsOf(actor, filters, gapPage);
      return { items, total: gapPage.counted, ...page };
    },

    /** Records a control's status (the entity itself); the previous state stays in the history. */
    async setControlStatus(actor: Actor, organisationId: string, catalogueId: string, controlId: string, input: ControlStatusInput): Promise<ControlState> {
      return inTransaction(db, async (tx) => {
        await visibleOrganisation(tx, actor, organisationId);
        await authorizeDutyOfCareWrite(actor, 'control-status', tx, organisationId);
        const catalogue = await findCatalogue(tx, catalogueId);
        if (!catalogue.controls.some((control) => control.id === controlId)) throw notFound('control', controlId);
        if (!(controlStatuses as readonly string[]).includes(input.status))
          throw invalid('validation-failed', `Unknown status "${input.status}"; choose one of: ${controlStatuses.join(', ')}.`, [{ path: '/status', message: `must be one of: ${controlStatuses.join(', ')}` }]);
        const reviewDate = input.reviewDate ?? null;
        if (reviewDate !== null && (!reviewDatePattern.test(reviewDate) || !DateTime.fromISO(reviewDate).isValid))
          throw invalid('review-date-invalid', `Review date "${reviewDate}" is not a calendar date (YYYY-MM-DD).`, [{ path: '/reviewDate', message: 'not a calendar date (YYYY-MM-DD)' }]);
        const at = now();
        const before = await tx
          .updateTable('controlStatus')
          .set({ supersededAt: at })
          .where('organisationId', '=', organisationId)
          .where('catalogueId', '=', catalogueId)
          .where('controlId', '=', controlId)
          .where('supersededAt', 'is', null)
          .returning(['status'])
          .executeTakeFirst();
        const state: ControlState = { status: input.status, evidence: input.evidence ?? [], owner: input.owner ?? null, reviewDate, recordedByUserId: userOf(actor), recordedAt: at };
        await tx
          .insertInto('controlStatus')
          .values({ organisationId, catalogueId, controlId, status: state.status, evidence: JSON.stringify(state.evidence), owner: state.owner, reviewDate, recordedByUserId: state.recordedByUserId, recordedAt: at })
          .execute();
        await appendAudit(tx, actor, {
          action: before ? 'update' : 'create',
          objectType: 'control-status',
          objectId: `${catalogueId}/${controlId}`,
          subjectOrgId: organisationId,
          before,
          after: state,
        });
        return state;
      });
    },

    /** Every recorded state of one control of an entity, newest first. */
    async controlHistory(actor: Actor, organisationId: string, catalogueId: string, controlId: string): Promise<ControlState[]> {
      return inTransaction(db, async (tx) => {
        await visibleOrganisation(tx, actor, organisationId);
        const rows = await tx
          .selectFrom('controlStatus')
          .select(['status', 'evidence', 'owner', sql<string | null>`review_date::text`.as('reviewDate'), 'recordedByUserId', 'recordedAt'])
          .where('organisationId', '=', organisationId)
          .where('catalogueId', '=', catalogueId)
          .where('controlId', '=', controlId)
          .orderBy('recordedAt', 'desc')
          .execute();
        await appendAudit(tx, actor, { action: 'read', objectType: 'control-status', objectId: `${catalogueId}/${controlId}`, subjectOrgId: organisationId });
        return rows.map((row) => ({ ...row, status: row.status as ControlStatus, evidence: row.evidence as Evidence[] }));
      });
    },

    /**
     * Records that the entity's management body approved its measures (NIS2 art. 20(1)), by whom and when (default now,
     * never in the future). A control change recorded after `approvedAt` invalidates the approval.
     */
    async approve(actor: Actor, organisationId: string, input: { approvedBy: string; approvedAt?: string; note?: string }): Promise<EntityStatus> {
      return inTransaction(db, async (tx) => {
        const organisation = await visibleOrganisation(tx, actor, organisationId);
        await authorizeDutyOfCareWrite(actor, 'management-approval', tx, organisationId);
        const approvedAt = input.approvedAt === undefined ? now() : new Date(input.approvedAt);
        if (Number.isNaN(approvedAt.getTime())) throw invalid('invalid-instant', 'approvedAt is not a date-time.', [{ path: '/approvedAt', message: 'not a date-time' }]);
        if (approvedAt.getTime() > now().getTime() + 60_000) throw invalid('dates-out-of-order', 'An approval cannot lie in the future.', [{ path: '/approvedAt', message: 'lies in the future' }]);
        await tx.insertInto('managementApproval').values({ organisationId, approvedBy: input.approvedBy, approvedAt, note: input.note ?? null, recordedByUserId: userOf(actor) }).execute();
        await appendAudit(tx, actor, { action: 'create', objectType: 'management-approval', objectId: organisationId, subjectOrgId: organisationId, after: { ...input, approvedAt } });
        return ((await entitiesStatuses(tx, [organisation])) as [EntityStatus])[0];
      });
    },

    /** The gap report as an XLSX workbook. */
    async gapsXlsx(actor: Actor, filters: { sectorId?: string; organisationId?: string } = {}): Promise<Buffer> {
      const gaps = await gapsOf(actor, filters);
      const columns = ['organisation', 'catalogue', 'control', 'label', 'title', 'status', 'reviewDate', 'owner', 'reason'] as const;
      return serialiseTable(
        'xlsx',
        columns,
        gaps.map((gap) => ({ organisation: gap.organisationName, catalogue: gap.catalogueId, control: gap.controlId, label: gap.label, title: gap.title, status: gap.status, reviewDate: gap.reviewDate, owner: gap.owner, reason: gap.reason })),
        'Gaps',
      );
    },
  };
}

export type DutyOfCareService = ReturnType<typeof createDutyOfCareService>;
