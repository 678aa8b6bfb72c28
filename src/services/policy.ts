import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { forbidden } from '../domain/errors.ts';
import { publicOrganisationKinds } from '../domain/roles.ts';
import { hasRole, type Actor } from './actor.ts';

/**
 * The need-to-know rules of Vitaal (DESIGN.md §1), in one place. Reads are SQL conditions so that lists,
 * counts and pagination only ever see permitted rows; writes are checked against the stored row and the input.
 *
 * - A user sees its own organisation's data.
 * - A ministry sees the providers (and their assets and designations) of the vital processes it is responsible for.
 * - A supervisor sees the providers of the sectors it supervises.
 * - The coordinator sees across sectors, for analysis.
 * - The admin runs the platform (organisations, users, reference data) and sees no registry content.
 * - CSIRT and partner users see the public reference data and their own organisation.
 */
export type ProtectedResource =
  | 'advisories'
  | 'sectors'
  | 'vital-processes'
  | 'organisations'
  | 'process-providers'
  | 'assets'
  | 'dependencies'
  | 'vendors'
  | 'products'
  | 'product-uses'
  | 'high-risk-findings'
  | 'users'
  | 'audit'
  | 'cycles'
  | 'cycle-events'
  | 'vitality-assessments'
  | 'vitality-thresholds'
  | 'indicator-scores';

const always = sql<boolean>`true`;
const never = sql<boolean>`false`;

const anyOf = (conditions: RawBuilder<boolean>[]): RawBuilder<boolean> =>
  conditions.length === 0 ? never : sql<boolean>`(${sql.join(conditions, sql` or `)})`;

const isUnrestricted = (actor: Actor) => actor.kind === 'system' || hasRole(actor, 'coordinator');

const processesOfMinistry = (organisationId: string) => sql`select id from vital_process where ministry_id = ${organisationId}`;
const processesSupervisedBy = (organisationId: string) =>
  sql`select vp.id from vital_process vp join supervision s on s.sector_id = vp.sector_id where s.supervisor_id = ${organisationId}`;
const providersOfProcesses = (processes: RawBuilder<unknown>) =>
  sql`select provider_id from process_provider where process_id in (${processes})`;

/** Condition on a column holding a provider's organisation id: may the actor see that provider's registry content? */
export function providerVisible(actor: Actor, column: string): RawBuilder<boolean> {
  if (isUnrestricted(actor)) return always;
  if (actor.kind !== 'user') return never;
  const ref = sql.ref(column);
  const conditions: RawBuilder<boolean>[] = [];
  if (hasRole(actor, 'provider')) conditions.push(sql<boolean>`${ref} = ${actor.organisationId}`);
  if (hasRole(actor, 'ministry')) conditions.push(sql<boolean>`${ref} in (${providersOfProcesses(processesOfMinistry(actor.organisationId))})`);
  if (hasRole(actor, 'supervisor'))
    conditions.push(sql<boolean>`${ref} in (${providersOfProcesses(processesSupervisedBy(actor.organisationId))})`);
  return anyOf(conditions);
}

/** Condition on a column holding a process id: may the actor see that process's designations? */
function processDesignationsVisible(actor: Actor, column: string): RawBuilder<boolean> {
  if (isUnrestricted(actor)) return always;
  if (actor.kind !== 'user') return never;
  const ref = sql.ref(column);
  const conditions: RawBuilder<boolean>[] = [];
  if (hasRole(actor, 'ministry')) conditions.push(sql<boolean>`${ref} in (${processesOfMinistry(actor.organisationId)})`);
  if (hasRole(actor, 'supervisor')) conditions.push(sql<boolean>`${ref} in (${processesSupervisedBy(actor.organisationId)})`);
  return anyOf(conditions);
}

/** Roles that write advisories and messages (DESIGN.md §2.8). */
const advisoryAuthorRoles = ['csirt', 'coordinator', 'ministry', 'provider'] as const;

/**
 * TLP 2.0 on every read of an advisory: `mayRead` of domain/tlp.ts as SQL on the table aliased `advisory`.
 * Recipient organisations are those of the audience: named, members of a named sector, or of a named role (`advisoriesAddressedTo`).
 * Clients (AMBER when the author allows them; a named GREEN community): a ministry's clients are the providers
 * designated for its vital processes; a provider has none on the platform (its customers are not participants).
 * The coordinator and the admin read no more than any other reader; the operator is no community participant.
 */
function advisoryReadable(actor: Actor): RawBuilder<boolean> {
  if (actor.kind === 'system') return always;
  return advisoryReadableBy({
    userId: sql`${actor.userId}`,
    organisationId: sql`${actor.organisationId}`,
    isProvider: actor.organisationKind === 'provider' ? always : never,
    isParticipant: actor.organisationKind === 'operator' ? never : always,
  });
}

/** One reader as SQL: values bound for a signed-in actor, or columns of `app_user` and `organisation` for every user at once. */
interface AdvisoryReader {
  userId: RawBuilder<unknown>;
  organisationId: RawBuilder<unknown>;
  isProvider: RawBuilder<boolean>;
  /** Every organisation but the platform operator takes part in the community. */
  isParticipant: RawBuilder<boolean>;
}

/**
 * The ids of the advisories whose audience names one of `organisations` (a query of organisation ids): by name, by a
 * sector it is a member of, or by its kind. A set made once per reader, not a test per advisory: planning a test per
 * advisory (against a view of unions) took PostgreSQL a third longer for each list of advisories, at each new
 * connection and after each ANALYZE.
 */
const advisoriesAddressedTo = (organisations: RawBuilder<unknown>) =>
  sql`select ra.advisory_id from advisory_audience ra where ra.organisation_id in (${organisations})
    or ra.sector_id in (select m.sector_id from sector_member m where m.organisation_id in (${organisations}))
    or ra.role in (select o.kind from organisation o where o.id in (${organisations}))`;

function advisoryReadableBy({ userId, organisationId: own, isProvider, isParticipant }: AdvisoryReader): RawBuilder<boolean> {
  const recipient = sql<boolean>`advisory.id in (${advisoriesAddressedTo(sql`select ${own}::uuid`)})`;
  const named = sql<boolean>`exists (select 1 from advisory_audience a where a.advisory_id = advisory.id and a.user_id = ${userId})`;
  const ministriesServed = sql`select vp.ministry_id from process_provider pp join vital_process vp on vp.id = pp.process_id where pp.provider_id = ${own} and pp.status <> 'withdrawn'`;
  const client = sql<boolean>`(${isProvider} and advisory.id in (${advisoriesAddressedTo(ministriesServed)}))`;
  const wholeCommunity = sql<boolean>`(${isParticipant} and not exists (select 1 from advisory_audience a where a.advisory_id = advisory.id))`;
  return sql<boolean>`(advisory.author_user_id = ${userId}
    or advisory.tlp = 'TLP:CLEAR'
    or (advisory.tlp = 'TLP:RED' and ${named})
    or (advisory.tlp in ('TLP:AMBER+STRICT', 'TLP:AMBER', 'TLP:GREEN') and (advisory.author_org_id = ${own} or ${recipient}))
    or (advisory.tlp = 'TLP:GREEN' and ${wholeCommunity})
    or (((advisory.tlp = 'TLP:AMBER' and advisory.amber_clients) or advisory.tlp = 'TLP:GREEN') and ${client}))`;
}

/**
 * The same TLP read condition for every user at once, on `app_user` joined with `organisation` (and the table
 * aliased `advisory`): who may read a message, for its notifications and e-mails. Never a second form of the rule.
 */
export const advisoryReadableByUser = (): RawBuilder<boolean> =>
  advisoryReadableBy({
    userId: sql.ref('app_user.id'),
    organisationId: sql.ref('app_user.organisation_id'),
    isProvider: sql<boolean>`(organisation.kind = 'provider')`,
    isParticipant: sql<boolean>`(organisation.kind <> 'operator')`,
  });

/**
 * Organisations an author may name in a message's audience (the compose form's directory), as a condition on
 * `organisation`: the CSIRT serves the whole vital infrastructure (its constituency, REFERENCE.md §9) and the
 * coordinator sees every organisation; other authors name the organisations they may see. The operator is never a recipient.
 */
export function audienceDirectoryCondition(actor: Actor): RawBuilder<boolean> {
  const participant = sql<boolean>`organisation.kind <> 'operator'`;
  if (actor.kind === 'system' || hasRole(actor, 'csirt') || hasRole(actor, 'coordinator')) return participant;
  return sql<boolean>`(${participant} and ${readCondition(actor, 'organisations')})`;
}

const assetsVisible = (actor: Actor) => sql`select id from asset where ${providerVisible(actor, 'asset.provider_id')}`;

/** Ids of the products the given assets use, and of every product inside them (components, transitively). */
const productsUsedBy = (assets: RawBuilder<unknown>) => sql`with recursive reach(id) as (
    select product_id from product_use where asset_id in (${assets})
    union select pc.child_product_id from product_component pc join reach on pc.parent_product_id = reach.id)
  select id from reach`;

/** The SQL condition that limits reads of `resource` (whose table is aliased by its table name) to what `actor` may see. */
export function readCondition(actor: Actor, resource: ProtectedResource): RawBuilder<boolean> {
  const own = actor.kind === 'user' ? actor.organisationId : undefined;
  switch (resource) {
    case 'advisories':
      return advisoryReadable(actor);
    case 'sectors':
    case 'vital-processes':
      return always;
    case 'organisations':
      if (isUnrestricted(actor) || hasRole(actor, 'admin')) return always;
      return anyOf([
        sql<boolean>`organisation.id = ${own}`,
        sql<boolean>`organisation.kind in (${sql.join(publicOrganisationKinds)})`,
        sql<boolean>`(organisation.kind = 'provider' and ${providerVisible(actor, 'organisation.id')})`,
      ]);
    case 'process-providers':
      return anyOf([
        sql<boolean>`${processDesignationsVisible(actor, 'process_provider.process_id')}`,
        ...(hasRole(actor, 'provider') ? [sql<boolean>`process_provider.provider_id = ${own}`] : []),
      ]);
    case 'assets':
      return providerVisible(actor, 'asset.provider_id');
    case 'dependencies':
      if (isUnrestricted(actor)) return always;
      // Stated as false when no provider is visible: "in (select … where false)" still scanned every dependency.
      if (providerVisible(actor, 'asset.provider_id') === never) return never;
      // A provider's own assets are few: read first as an array, they let both ends' indexes find its dependencies (on
      // the demo ×10, 0.3 ms where "in (…)" walked every dependency in list order for 10 ms). Ministries and
      // supervisors see most dependencies, and for them walking the list order is the faster (5 ms against 13).
      if (!hasRole(actor, 'ministry') && !hasRole(actor, 'supervisor'))
        return sql<boolean>`(dependency.dependent_id = any(array(${assetsVisible(actor)})) or dependency.supplier_id = any(array(${assetsVisible(actor)})))`;
      return sql<boolean>`(dependency.dependent_id in (${assetsVisible(actor)}) or dependency.supplier_id in (${assetsVisible(actor)}))`;
    // Supply chain: the vendor register and its listed products are open to every signed-in user; an unlisted product
    // (known from a provider's own records, such as an SBOM) only to those who may see an asset that uses it or a product it sits inside.
    case 'vendors':
      return always;
    case 'products':
      if (isUnrestricted(actor)) return always;
      return sql<boolean>`(product.listed or product.id in (${productsUsedBy(assetsVisible(actor))}))`;
    case 'product-uses':
      return providerVisible(actor, 'asset.provider_id');
    // A finding belongs to the asset it is anchored on (the key asset): its provider, the ministry of its process, the supervisor of its sector.
    case 'high-risk-findings':
      if (isUnrestricted(actor)) return always;
      if (actor.kind !== 'user') return never;
      return anyOf([
        ...(hasRole(actor, 'provider') ? [sql<boolean>`asset.provider_id = ${own}`] : []),
        ...(hasRole(actor, 'ministry') ? [sql<boolean>`asset.process_id in (${processesOfMinistry(actor.organisationId)})`] : []),
        ...(hasRole(actor, 'supervisor') ? [sql<boolean>`asset.process_id in (${processesSupervisedBy(actor.organisationId)})`] : []),
      ]);
    case 'users':
      if (actor.kind === 'system' || hasRole(actor, 'admin')) return always;
      return sql<boolean>`app_user.organisation_id = ${own}`;
    case 'audit':
      if (actor.kind === 'system' || hasRole(actor, 'admin')) return always;
      return sql<boolean>`(audit_log.actor_org_id = ${own} or audit_log.subject_org_id = ${own})`;
    // Cyclus vitaal: the responsible ministry, the supervisor of the sector and the coordinator see a process's cycles;
    // a provider sees the cycles of the processes it is (or is proposed to be) designated for, not the assessments.
    case 'cycles':
      return anyOf([
        processDesignationsVisible(actor, 'cycle.process_id'),
        ...(hasRole(actor, 'provider') ? [sql<boolean>`cycle.process_id in (select process_id from process_provider where provider_id = ${own} and status <> 'withdrawn')`] : []),
      ]);
    case 'cycle-events':
      return isUnrestricted(actor) || hasRole(actor, 'ministry') || hasRole(actor, 'supervisor') ? always : never;
    case 'vitality-assessments':
      return processDesignationsVisible(actor, 'vitality_assessment.process_id');
    case 'vitality-thresholds':
      return always;
    // A provider sees only its own indicator scores; the ministry, the supervisor of the sector and the coordinator see all of a process.
    case 'indicator-scores':
      return anyOf([
        sql<boolean>`indicator_score.cycle_id in (select id from cycle where ${processDesignationsVisible(actor, 'cycle.process_id')})`,
        ...(hasRole(actor, 'provider') ? [sql<boolean>`indicator_score.provider_id = ${own}`] : []),
      ]);
  }
}

/** Resources whose reads are written to the audit log (content that is not public reference data). */
export const auditedReads: ReadonlySet<ProtectedResource> = new Set(['process-providers', 'assets', 'dependencies', 'users', 'audit', 'cycles', 'vitality-assessments', 'indicator-scores']);

type Row = Record<string, unknown>;

/** What a write needs to look up beyond the row itself. */
interface WriteContext {
  tx: Transaction<Database>;
  /** The stored row for an update; absent for a create. */
  before?: Row;
  /** The row as it will be after the write. */
  after: Row;
}

const ministryOfProcess = async (tx: Transaction<Database>, processId: unknown) =>
  (await tx.selectFrom('vitalProcess').select('ministryId').where('id', '=', String(processId)).executeTakeFirst())?.ministryId;

const assetReadable = async (tx: Transaction<Database>, actor: Actor, assetId: unknown) =>
  (await tx
    .selectFrom('asset')
    .select('id')
    .where('id', '=', String(assetId))
    .where(providerVisible(actor, 'asset.provider_id'))
    .executeTakeFirst()) !== undefined;

const providerOfAsset = async (tx: Transaction<Database>, assetId: unknown) =>
  (await tx.selectFrom('asset').select('providerId').where('id', '=', String(assetId)).executeTakeFirst())?.providerId;

/**
 * Throws `forbidden` unless `actor` may create or change a record of `resource` so that it becomes `after`.
 * The caller has already checked that an updated row was readable (else it answered not-found).
 */
export async function authorizeWrite(actor: Actor, resource: ProtectedResource, { tx, before, after }: WriteContext): Promise<void> {
  if (actor.kind === 'system') return;
  const own = actor.organisationId;
  const deny = (why: string) => {
    throw forbidden(why);
  };
  switch (resource) {
    case 'advisories':
      if (!advisoryAuthorRoles.some((role) => hasRole(actor, role))) deny('Advisories and messages are written by the CSIRT, the coordinator, a ministry or a provider.');
      return;
    case 'sectors':
      if (!hasRole(actor, 'admin')) deny('Only an administrator manages sectors.');
      return;
    case 'vital-processes': {
      if (hasRole(actor, 'admin') || hasRole(actor, 'coordinator')) return;
      const responsible = hasRole(actor, 'ministry') && before?.ministryId === own && after.ministryId === own;
      if (!before || !responsible) deny('Only the responsible ministry, the coordinator or an administrator changes a vital process.');
      return;
    }
    case 'organisations':
      if (hasRole(actor, 'admin')) return;
      if (!before || before.id !== own || after.kind !== before.kind || after.code !== before.code)
        deny('Only an administrator manages organisations; a user may update its own organisation’s details.');
      return;
    case 'process-providers': {
      if (hasRole(actor, 'coordinator')) return;
      const ministries = [await ministryOfProcess(tx, after.processId), before && (await ministryOfProcess(tx, before.processId))];
      if (!hasRole(actor, 'ministry') || ministries.some((ministry) => ministry !== undefined && ministry !== own))
        deny('Only the ministry responsible for the vital process (or the coordinator) designates its providers.');
      return;
    }
    case 'assets':
      if (!hasRole(actor, 'provider') || after.providerId !== own || (before && before.providerId !== own))
        deny('A provider manages its own assets only.');
      return;
    case 'dependencies': {
      if (hasRole(actor, 'coordinator')) return;
      const bothVisible = (await assetReadable(tx, actor, after.dependentId)) && (await assetReadable(tx, actor, after.supplierId));
      const ownsDependent = hasRole(actor, 'provider') && (await providerOfAsset(tx, after.dependentId)) === own;
      const ministry = hasRole(actor, 'ministry');
      if (!bothVisible || !(ownsDependent || ministry)) deny('A dependency is recorded by the owner of the dependent asset, its ministry or the coordinator, between assets they can see.');
      return;
    }
    case 'vendors':
    case 'products':
      if (!hasRole(actor, 'admin') && !hasRole(actor, 'coordinator')) deny('Only an administrator or the coordinator manages the vendor and product register.');
      return;
    case 'product-uses':
      if (hasRole(actor, 'coordinator')) return;
      if (!hasRole(actor, 'provider') || (await providerOfAsset(tx, after.assetId)) !== own) deny('A provider records the products of its own assets only.');
      return;
    case 'high-risk-findings':
      deny('Findings are computed by the scan, not written.');
      return;
    case 'users':
      if (!hasRole(actor, 'admin')) deny('Only an administrator manages user accounts.');
      return;
    case 'audit':
      deny('The audit log is append-only.');
      return;
    // A ministry runs the cycles and assessments of its own processes; the coordinator follows them but does not edit them.
    case 'cycles':
    case 'vitality-assessments': {
      const ministries = [await ministryOfProcess(tx, after.processId), ...(before ? [await ministryOfProcess(tx, before.processId)] : [])];
      if (!hasRole(actor, 'ministry') || ministries.some((ministry) => ministry !== own))
        deny('Only the ministry responsible for the vital process runs its cycle and vitality assessment.');
      return;
    }
    // The coordinator declares events for any sector; a ministry only for sectors in which it is responsible for a process.
    case 'cycle-events': {
      if (hasRole(actor, 'coordinator')) return;
      const sectorIds = (after.sectorIds as string[]).filter((sectorId) => typeof sectorId === 'string');
      const ownSectors = sectorIds.length === 0 ? [] : await tx.selectFrom('vitalProcess').select('sectorId').distinct().where('ministryId', '=', actor.organisationId).where('sectorId', 'in', sectorIds).execute();
      if (!hasRole(actor, 'ministry') || ownSectors.length !== new Set(sectorIds).size)
        deny('Only the coordinator, or a ministry for sectors in which it is responsible for a process, declares an event.');
      return;
    }
    case 'vitality-thresholds':
      if (!hasRole(actor, 'admin') && !hasRole(actor, 'coordinator')) deny('Only an administrator or the coordinator changes the vitality thresholds.');
      return;
    // A provider scores its own part; the responsible ministry may score any provider of its process.
    case 'indicator-scores': {
      const ministry = hasRole(actor, 'ministry') && (await ministryOfProcess(tx, after.processId)) === own;
      if (!ministry && !(hasRole(actor, 'provider') && after.providerId === own)) deny('A provider scores its own part; the responsible ministry any provider of its process.');
    }
  }
}

/**
 * NIS2/CER duty of care (scoping, control status, management approval) of an organisation: the organisation itself,
 * the ministry responsible for a process it is designated for, the supervisor of that process's sector, and the
 * coordinator. The same circle as a provider's registry content, so one rule serves both.
 */
export const dutyOfCareVisible = (actor: Actor, column: string): RawBuilder<boolean> => providerVisible(actor, column);

export type DutyOfCareWrite = 'scoping' | 'control-status' | 'management-approval' | 'catalogues';

/**
 * Throws `forbidden` unless `actor` may write `what` for `organisationId` (the caller has already answered not-found
 * when the organisation is not visible). Scoping is recorded by the organisation itself, its ministry or its
 * supervisor; the control status and the management body's approval by the organisation itself only; catalogues
 * are imported by an administrator or the coordinator.
 */
export async function authorizeDutyOfCareWrite(actor: Actor, what: DutyOfCareWrite, tx: Transaction<Database>, organisationId?: string): Promise<void> {
  if (actor.kind === 'system') return;
  const own = organisationId !== undefined && actor.organisationId === organisationId && hasRole(actor, 'provider');
  switch (what) {
    case 'catalogues':
      if (!hasRole(actor, 'admin') && !hasRole(actor, 'coordinator')) throw forbidden('Only an administrator or the coordinator imports control catalogues.');
      return;
    case 'scoping': {
      if (own) return;
      const overseer = (hasRole(actor, 'ministry') || hasRole(actor, 'supervisor')) && organisationId !== undefined;
      const asOverseer = { ...actor, roles: actor.roles.filter((role) => role === 'ministry' || role === 'supervisor') };
      const visible =
        overseer &&
        (await tx.selectFrom('organisation').select('id').where('id', '=', organisationId).where(providerVisible(asOverseer, 'organisation.id')).executeTakeFirst()) !== undefined;
      if (!visible) throw forbidden('Scoping is recorded by the organisation itself, the ministry of its vital process or its supervisor.');
      return;
    }
    case 'control-status':
    case 'management-approval':
      if (!own) throw forbidden('An entity records its own control status and its management body’s approval.');
  }
}

/**
 * Simulations on the registry (issue 4). What a user may simulate is what it may see: the model holds only the
 * assets of providers it may see (`providerVisible`: its own, its ministry's processes, its supervised sectors; the
 * coordinator sees all), the dependencies between two such assets, and the vital processes those assets serve, with
 * a process's capacity counted over the visible assets only. A dependency on an asset the user may not see is left
 * out rather than shown as an anonymous supplier, so that a result never reveals another provider's assets.
 * Only the roles that see assets simulate (coordinator, ministry, provider, supervisor).
 */
export const simulationRoles = ['coordinator', 'ministry', 'provider', 'supervisor'] as const;

export function authorizeSimulation(actor: Actor): void {
  if (actor.kind === 'system') return;
  if (!simulationRoles.some((role) => hasRole(actor, role))) throw forbidden('Simulations are run by the coordinator, a ministry, a provider or a supervisor, on the assets they may see.');
}

/** The assets a simulation of `actor` may hold (condition on a column holding the asset's provider id). */
export const simulationAssetsVisible = (actor: Actor, providerColumn = 'asset.provider_id'): RawBuilder<boolean> => providerVisible(actor, providerColumn);

/**
 * Saved scenarios (table aliased `simulation_scenario`): read by the owner organisation, the coordinator and the
 * readers of a crisis plan the scenario exercises; the definition names asset ids, and running it only ever uses the
 * runner's own view. A job and its result are read and cancelled by the user who started it only (the result reflects
 * that user's view).
 */
export function scenarioReadable(actor: Actor): RawBuilder<boolean> {
  if (isUnrestricted(actor)) return always;
  if (actor.kind !== 'user') return never;
  return sql<boolean>`(simulation_scenario.owner_org_id = ${actor.organisationId}
    or simulation_scenario.id in (select cps.scenario_id from crisis_plan_scenario cps join crisis_plan on crisis_plan.id = cps.plan_id where ${crisisPlanReadable(actor)}))`;
}

/** A scenario is saved or changed by a simulating user of its owner organisation (or the coordinator). */
export function authorizeScenarioWrite(actor: Actor, ownerOrgId: string | null | undefined): void {
  authorizeSimulation(actor);
  if (actor.kind === 'system' || hasRole(actor, 'coordinator')) return;
  if (ownerOrgId !== undefined && ownerOrgId !== actor.organisationId) throw forbidden('A scenario is changed by its own organisation or the coordinator.');
}

export function jobReadable(actor: Actor): RawBuilder<boolean> {
  if (actor.kind === 'system') return always;
  return sql<boolean>`simulation_job.created_by_user_id = ${actor.userId}`;
}

/**
 * National crisis plans per vital-process outage (table aliased `crisis_plan`) and their exercises: read by the
 * coordinator, the ministry responsible for the process, the supervisor of its sector and the providers designated
 * for it (they act in the plan); written (plans, exercises, injects, lessons) by the coordinator and the responsible
 * ministry; observations are recorded by anyone who may read the plan (the exercise's participants).
 */
export function crisisPlanReadable(actor: Actor): RawBuilder<boolean> {
  return anyOf([
    processDesignationsVisible(actor, 'crisis_plan.process_id'),
    ...(hasRole(actor, 'provider') && actor.kind === 'user'
      ? [sql<boolean>`crisis_plan.process_id in (select process_id from process_provider where provider_id = ${actor.organisationId} and status <> 'withdrawn')`]
      : []),
  ]);
}

/**
 * What `actor` may do with a crisis plan of a process whose responsible ministry is `ministryId`, by the rule above;
 * `authorizeCrisisPlanWrite` applies it, and the web interface offers the forms it reports.
 */
export function crisisPlanAbilities(actor: Actor, ministryId: string | null | undefined) {
  const write = actor.kind === 'system' || hasRole(actor, 'coordinator') || (actor.kind === 'user' && hasRole(actor, 'ministry') && typeof ministryId === 'string' && ministryId === actor.organisationId);
  return { edit: write, planExercises: write, recordLessons: write, recordObservations: true };
}

export async function authorizeCrisisPlanWrite(actor: Actor, tx: Transaction<Database>, processId: string): Promise<void> {
  if (actor.kind === 'system' || hasRole(actor, 'coordinator')) return;
  if (!crisisPlanAbilities(actor, await ministryOfProcess(tx, processId)).edit)
    throw forbidden('A crisis plan, its exercises and lessons are written by the coordinator or the ministry responsible for the vital process.');
}

/** The capacity level of a vital process (when it counts as down in a simulation) is set by the coordinator or its responsible ministry. */
export const authorizeCapacityRuleWrite = authorizeCrisisPlanWrite;

/** The parts of a cycle beyond its steps and indicator scores (migration 0010), each aliased by its table name. */
export type CycleContentResource = 'designation-changes' | 'provider-notifications' | 'cycle-threats' | 'risk-scenarios' | 'cycle-inputs' | 'measures';

const cycleContentTables: Record<CycleContentResource, string> = {
  'designation-changes': 'designation_change',
  'provider-notifications': 'provider_notification',
  'cycle-threats': 'cycle_threat',
  'risk-scenarios': 'risk_scenario',
  'cycle-inputs': 'cycle_input',
  measures: 'measure',
};

const cyclesOfProvider = (providerId: string) =>
  sql`select c.id from cycle c join process_provider pp on pp.process_id = c.process_id where pp.provider_id = ${providerId} and pp.status <> 'withdrawn'`;

/**
 * Reads of a cycle's content. The responsible ministry, the supervisor of the sector and the coordinator see all of it.
 * A provider sees its own part (its designation history, its notifications, the measures it owns), the threats linked
 * to the processes it serves, and the scenarios and measures the ministry shares back; never the strategic inputs.
 * The ministries of the other processes a cross-sector measure spans see that measure too.
 */
export function cycleContentReadCondition(actor: Actor, resource: CycleContentResource): RawBuilder<boolean> {
  const table = cycleContentTables[resource];
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`${column('cycle_id')} in (select id from cycle where ${processDesignationsVisible(actor, 'cycle.process_id')})`];
  if (resource === 'measures') conditions.push(sql<boolean>`measure.id in (select measure_id from measure_process where ${processDesignationsVisible(actor, 'measure_process.process_id')})`);
  if (actor.kind === 'user' && hasRole(actor, 'provider')) {
    const own = actor.organisationId;
    const ofOwnCycles = sql<boolean>`${column('cycle_id')} in (${cyclesOfProvider(own)})`;
    switch (resource) {
      case 'designation-changes':
      case 'provider-notifications':
        conditions.push(sql<boolean>`${column('provider_id')} = ${own}`);
        break;
      case 'cycle-threats':
        conditions.push(ofOwnCycles);
        break;
      case 'risk-scenarios':
        conditions.push(sql<boolean>`(risk_scenario.shared_with_providers and ${ofOwnCycles})`);
        break;
      case 'measures':
        conditions.push(sql<boolean>`(measure.owner_org_id = ${own} or (measure.shared_with_providers and ${ofOwnCycles}))`);
        break;
      case 'cycle-inputs':
        break;
    }
  }
  return anyOf(conditions);
}

/** What a write of cycle content needs: the cycle's process, and for some writes the provider or owner concerned. */
interface CycleContentWrite {
  tx: Transaction<Database>;
  processId: string;
  /** `acknowledge` (a notification) and `status` (of a measure) are the writes a provider may make. */
  action?: 'write' | 'acknowledge' | 'status';
  providerId?: string;
  ownerOrgId?: string;
  scope?: string;
}

/**
 * Writes of a cycle's content. The responsible ministry runs the cycle; the coordinator may also draw up cross-sector
 * measures; a provider acknowledges its own notifications and reports the status of the measures it owns.
 */
export async function authorizeCycleContentWrite(actor: Actor, resource: CycleContentResource, write: CycleContentWrite): Promise<void> {
  if (actor.kind === 'system') return;
  const own = actor.organisationId;
  const responsible = hasRole(actor, 'ministry') && (await ministryOfProcess(write.tx, write.processId)) === own;
  if (write.action === 'acknowledge') {
    if (resource !== 'provider-notifications' || !hasRole(actor, 'provider') || write.providerId !== own) throw forbidden('Only the provider notified acknowledges a notification.');
    return;
  }
  if (write.action === 'status' && resource === 'measures' && (responsible || (hasRole(actor, 'provider') && write.ownerOrgId === own))) return;
  if (resource === 'measures' && write.scope === 'cross-sector' && hasRole(actor, 'coordinator')) return;
  if (!responsible) throw forbidden('Only the ministry responsible for the vital process runs its cycle (the coordinator may add cross-sector measures; a provider reports on the measures it owns).');
}

/**
 * Incidents (table aliased `incident`; NIS2 art. 23, CER art. 15): the entity itself, the ministry responsible for a
 * process it provides and the supervisor of that process's sector (the circle of `providerVisible`), the CSIRT for
 * every incident under NIS2 (the reports go to it), and the coordinator for all.
 */
export function incidentReadable(actor: Actor): RawBuilder<boolean> {
  return anyOf([providerVisible(actor, 'incident.organisation_id'), ...(hasRole(actor, 'csirt') ? [sql<boolean>`'nis2' = any(incident.regimes)`] : [])]);
}

/** Throws `forbidden` unless `actor` is the entity itself: only it reports an incident, changes it and submits its reports. */
export function authorizeIncidentWrite(actor: Actor, organisationId: string): void {
  if (actor.kind === 'system') return;
  if (!hasRole(actor, 'provider') || actor.organisationId !== organisationId) throw forbidden('An entity reports, updates and submits the reports of its own incidents only.');
}

/**
 * NIS2 art. 23(4)(c): the CSIRT or the competent authority (the supervisor) asks the entity for an intermediate report.
 * The caller has checked that the incident is visible to the actor (else it answered not-found).
 */
export function authorizeIntermediateRequest(actor: Actor): 'csirt' | 'supervisor' {
  if (actor.kind === 'system') return 'csirt';
  if (hasRole(actor, 'csirt')) return 'csirt';
  if (hasRole(actor, 'supervisor')) return 'supervisor';
  throw forbidden('An intermediate report is requested by the CSIRT or the competent authority (the entity’s supervisor).');
}

/** Supervised entities (condition on a column holding a provider's id): a supervisor's are the providers of the processes in its sectors; the coordinator's all. */
export function supervisedEntityVisible(actor: Actor, column: string): RawBuilder<boolean> {
  if (isUnrestricted(actor)) return always;
  if (actor.kind !== 'user' || !hasRole(actor, 'supervisor')) return never;
  return sql<boolean>`${sql.ref(column)} in (${providersOfProcesses(processesSupervisedBy(actor.organisationId))})`;
}

/** Only supervisors (for their own entities) and the coordinator read the supervision view. */
export function authorizeSupervisionRead(actor: Actor): void {
  if (!isUnrestricted(actor) && !hasRole(actor, 'supervisor')) throw forbidden('The supervision view is for supervisors (their own entities) and the coordinator.');
}

/**
 * Inspections, findings and enforcement actions are written by a supervisor of the entity; a record it wrote stays
 * its own (`supervisorId` of the stored row), so one supervisor never changes another's. The caller has checked that
 * the entity is supervised by the actor (else it answered not-found).
 */
export function authorizeSupervisionWrite(actor: Actor, recordSupervisorId?: string): void {
  if (actor.kind === 'system') return;
  if (!hasRole(actor, 'supervisor')) throw forbidden('Inspections, findings and enforcement actions are recorded by the entity’s supervisor.');
  if (recordSupervisorId !== undefined && recordSupervisorId !== actor.organisationId) throw forbidden('A supervisor changes its own inspections, findings and enforcement actions only.');
}

/** Condition on the table `cycle`: may the actor oversee the whole cycle (every provider's part), as its ministry, supervisor or the coordinator? */
export const cycleOverseenCondition = (actor: Actor): RawBuilder<boolean> => processDesignationsVisible(actor, 'cycle.process_id');

/**
 * Imported STIX objects (table aliased `stix_object`) under TLP 2.0, the importing organisation being the recipient
 * (FIRST TLP 2.0 definitions): RED only to the person who imported it; AMBER+STRICT and AMBER within the importing
 * organisation (its clients are not on the platform); GREEN to the community (every participant, not the operator);
 * CLEAR to everyone. The coordinator and the admin read no more than any other reader.
 */
export function stixObjectReadable(actor: Actor): RawBuilder<boolean> {
  if (actor.kind === 'system') return always;
  const participant = actor.organisationKind === 'operator' ? never : always;
  return sql<boolean>`(stix_object.tlp = 'TLP:CLEAR'
    or (stix_object.tlp = 'TLP:RED' and stix_object.imported_by_user_id = ${actor.userId})
    or (stix_object.tlp in ('TLP:AMBER+STRICT', 'TLP:AMBER', 'TLP:GREEN') and stix_object.importing_org_id = ${actor.organisationId})
    or (stix_object.tlp = 'TLP:GREEN' and ${participant}))`;
}

/** Throws `forbidden` unless `actor` may import STIX: every participant (the administrator runs the platform, it shares no intelligence). */
export function authorizeStixImport(actor: Actor): void {
  if (actor.kind === 'system') return;
  if (actor.roles.every((role) => role === 'admin')) throw forbidden('Threat intelligence is imported by the participants of the platform, not by its administrator.');
}

/** A TAXII status resource (table `taxii_status`) is read by the user who sent the envelope only. */
export function taxiiStatusReadable(actor: Actor): RawBuilder<boolean> {
  if (actor.kind === 'system') return always;
  return sql<boolean>`taxii_status.user_id = ${actor.userId}`;
}

/**
 * SBOMs (issue 5) are read with the asset they are attached to (its provider, that provider's ministry and
 * supervisor, the coordinator): the condition is on the table `asset` joined to `sbom`.
 */
export const sbomReadCondition = (actor: Actor): RawBuilder<boolean> => providerVisible(actor, 'asset.provider_id');

/** An SBOM is attached to an asset by the asset's provider, or by the coordinator. */
export async function authorizeSbomWrite(actor: Actor, tx: Transaction<Database>, assetId: string): Promise<void> {
  if (actor.kind === 'system' || hasRole(actor, 'coordinator')) return;
  if (!hasRole(actor, 'provider') || (await providerOfAsset(tx, assetId)) !== actor.organisationId) throw forbidden('A provider attaches SBOMs to its own assets only.');
}

/**
 * Strategic dependencies (issue 5 items 5–7). Concentration figures (how many providers, processes and sectors depend
 * on a vendor; the HHI of an asset class) are counted over the product uses the actor may see, so that a provider
 * counts its own, a ministry its processes', a supervisor its sectors' and the coordinator all; the condition is on
 * a column holding the using asset's provider id. Substitutability (alternatives, time to switch) is market
 * knowledge open to every signed-in user and kept by the administrator or the coordinator, like the vendor register.
 */
export const dependenceUsesVisible = (actor: Actor, providerColumn: string): RawBuilder<boolean> => providerVisible(actor, providerColumn);

export function authorizeSubstitutabilityWrite(actor: Actor): void {
  if (actor.kind === 'system' || hasRole(actor, 'admin') || hasRole(actor, 'coordinator')) return;
  throw forbidden('Only an administrator or the coordinator records alternatives and switching times.');
}

/**
 * Procurement risk assessments (table aliased `procurement_assessment`): the buying organisation (a provider or a
 * ministry), the ministry and the supervisor of a buying provider (`providerVisible`), and the coordinator. Another
 * provider never sees them. Only the buying organisation's provider or ministry users write them.
 */
export function procurementAssessmentReadable(actor: Actor): RawBuilder<boolean> {
  if (isUnrestricted(actor)) return always;
  if (actor.kind !== 'user') return never;
  return anyOf([sql<boolean>`procurement_assessment.buyer_org_id = ${actor.organisationId}`, providerVisible(actor, 'procurement_assessment.buyer_org_id')]);
}

export function authorizeProcurementWrite(actor: Actor, buyerOrgId: string): void {
  if (actor.kind === 'system') return;
  if (!(hasRole(actor, 'provider') || hasRole(actor, 'ministry')) || actor.organisationId !== buyerOrgId)
    throw forbidden('A procurement assessment is drawn up by the buying provider or ministry itself.');
}

/**
 * Investment screening (table aliased `ownership_change`): a change in a provider is read by the provider itself, its
 * ministry and its supervisor (`providerVisible`); a change in a vendor (no target organisation) by the ministries and
 * supervisors; the registering organisation and the coordinator read what they registered or everything.
 */
export function ownershipChangeReadable(actor: Actor): RawBuilder<boolean> {
  if (isUnrestricted(actor)) return always;
  if (actor.kind !== 'user') return never;
  return anyOf([
    sql<boolean>`ownership_change.registered_by_org_id = ${actor.organisationId}`,
    sql<boolean>`(ownership_change.target_org_id is not null and ${providerVisible(actor, 'ownership_change.target_org_id')})`,
    ...(hasRole(actor, 'ministry') || hasRole(actor, 'supervisor') ? [sql<boolean>`ownership_change.target_org_id is null`] : []),
  ]);
}

/**
 * A change is registered and updated by the coordinator, by a ministry (for a provider of its processes or for a
 * vendor), or by the target provider itself (both the investor and the target notify under the Wet Vifo).
 */
export async function authorizeOwnershipChangeWrite(actor: Actor, tx: Transaction<Database>, target: { targetOrgId: string | null }): Promise<void> {
  if (actor.kind === 'system' || hasRole(actor, 'coordinator')) return;
  const { targetOrgId } = target;
  if (hasRole(actor, 'provider') && targetOrgId === actor.organisationId) return;
  if (hasRole(actor, 'ministry')) {
    if (targetOrgId === null) return;
    const asMinistry = { ...actor, roles: ['ministry' as const] };
    const visible = await tx.selectFrom('organisation').select('id').where('id', '=', targetOrgId).where(providerVisible(asMinistry, 'organisation.id')).executeTakeFirst();
    if (visible) return;
  }
  throw forbidden('An ownership change is registered by the coordinator, the ministry of the target’s vital process or the target provider itself.');
}

/** The cross-sector overview as a report (PDF, XLSX) is for those who oversee cycles; each sees in it only the processes it oversees (cycleOverseenCondition). */
export function authorizeCycleOverviewReport(actor: Actor): void {
  if (actor.kind === 'system' || hasRole(actor, 'coordinator') || hasRole(actor, 'ministry') || hasRole(actor, 'supervisor')) return;
  throw forbidden('The cross-sector overview report is for the coordinator, the ministries and the supervisors.');
}

/** What a cycle is in, as far as abilities depend on it: its responsible ministry, its providers (not withdrawn) and which of its parts are still open. */
export interface CycleAbilityState {
  ministryId: string;
  providerIds: readonly string[];
  open: boolean;
  analysisOpen: boolean;
  reassessmentOpen: boolean;
}

/**
 * What `actor` may do in a cycle, by the rules of `authorizeWrite` ('cycles', 'indicator-scores') and
 * `authorizeCycleContentWrite` above, so that the web interface offers exactly the forms these would accept.
 * The write checks stay authoritative; this is their summary for one cycle.
 */
export function cycleAbilities(actor: Actor, cycle: CycleAbilityState) {
  const own = actor.kind === 'user' ? actor.organisationId : undefined;
  const runsCycle = actor.kind === 'system' || (hasRole(actor, 'ministry') && cycle.ministryId === own);
  const ownPart = hasRole(actor, 'provider') && own !== undefined && cycle.providerIds.includes(own);
  const coordinator = hasRole(actor, 'coordinator');
  const scopes = (all: boolean, crossSector: boolean): ('sectoral' | 'cross-sector')[] => (all ? ['sectoral', 'cross-sector'] : crossSector ? ['cross-sector'] : []);
  return {
    runsCycle,
    moveSteps: runsCycle && cycle.open,
    designateProviders: runsCycle && cycle.open,
    shareScores: runsCycle,
    linkThreatsAndInputs: runsCycle && cycle.open,
    addScenarios: runsCycle && cycle.open,
    scoreScenarios: runsCycle && (cycle.analysisOpen || cycle.reassessmentOpen),
    /** Providers whose indicator scores the actor may enter (in the open phases). */
    scoreProviderIds: runsCycle ? [...cycle.providerIds] : ownPart && own ? [own] : [],
    analysisOpen: cycle.analysisOpen,
    reassessmentOpen: cycle.reassessmentOpen,
    addMeasureScopes: cycle.open ? scopes(runsCycle, coordinator) : [],
    /** Measures of these scopes the actor may change entirely. */
    editMeasureScopes: scopes(runsCycle, coordinator),
    /** Measures owned by these organisations the actor may report the status of. */
    measureStatusOwnerIds: hasRole(actor, 'provider') && own ? [own] : [],
    /** Enter a vitality assessment of the process and decide on it (authorizeWrite 'vitality-assessments'; not tied to the cycle being open). */
    assessVitality: runsCycle,
    /** Change a scenario's title, description, threat or sharing (as addScenarios: the responsible ministry while the cycle is open). */
    editScenarios: runsCycle && cycle.open,
    /** Confirm receipt of the notifications sent to the actor's own organisation. */
    acknowledgeNotifications: ownPart,
  };
}

export type CycleAbilities = ReturnType<typeof cycleAbilities>;
