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
 * Recipient organisations are the view `advisory_recipient_organisation` (named, by sector, by role).
 * Clients (AMBER when the author allows them; a named GREEN community): a ministry's clients are the providers
 * designated for its vital processes; a provider has none on the platform (its customers are not participants).
 * The coordinator and the admin read no more than any other reader; the operator is no community participant.
 */
function advisoryReadable(actor: Actor): RawBuilder<boolean> {
  if (actor.kind === 'system') return always;
  const own = actor.organisationId;
  const recipient = sql<boolean>`exists (select 1 from advisory_recipient_organisation r where r.advisory_id = advisory.id and r.organisation_id = ${own})`;
  const named = sql<boolean>`exists (select 1 from advisory_audience a where a.advisory_id = advisory.id and a.user_id = ${actor.userId})`;
  const client =
    actor.organisationKind === 'provider'
      ? sql<boolean>`exists (select 1 from process_provider pp join vital_process vp on vp.id = pp.process_id join advisory_recipient_organisation r on r.organisation_id = vp.ministry_id
          where r.advisory_id = advisory.id and pp.provider_id = ${own} and pp.status <> 'withdrawn')`
      : never;
  const wholeCommunity = actor.organisationKind === 'operator' ? never : sql<boolean>`not exists (select 1 from advisory_audience a where a.advisory_id = advisory.id)`;
  return sql<boolean>`(advisory.author_user_id = ${actor.userId}
    or advisory.tlp = 'TLP:CLEAR'
    or (advisory.tlp = 'TLP:RED' and ${named})
    or (advisory.tlp in ('TLP:AMBER+STRICT', 'TLP:AMBER', 'TLP:GREEN') and (advisory.author_org_id = ${own} or ${recipient}))
    or (advisory.tlp = 'TLP:AMBER' and advisory.amber_clients and ${client})
    or (advisory.tlp = 'TLP:GREEN' and (${wholeCommunity} or ${client})))`;
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
