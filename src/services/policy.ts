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
  | 'sectors'
  | 'vital-processes'
  | 'organisations'
  | 'process-providers'
  | 'assets'
  | 'dependencies'
  | 'users'
  | 'audit';

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

const assetsVisible = (actor: Actor) => sql`select id from asset where ${providerVisible(actor, 'asset.provider_id')}`;

/** The SQL condition that limits reads of `resource` (whose table is aliased by its table name) to what `actor` may see. */
export function readCondition(actor: Actor, resource: ProtectedResource): RawBuilder<boolean> {
  const own = actor.kind === 'user' ? actor.organisationId : undefined;
  switch (resource) {
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
    case 'users':
      if (actor.kind === 'system' || hasRole(actor, 'admin')) return always;
      return sql<boolean>`app_user.organisation_id = ${own}`;
    case 'audit':
      if (actor.kind === 'system' || hasRole(actor, 'admin')) return always;
      return sql<boolean>`(audit_log.actor_org_id = ${own} or audit_log.subject_org_id = ${own})`;
  }
}

/** Resources whose reads are written to the audit log (content that is not public reference data). */
export const auditedReads: ReadonlySet<ProtectedResource> = new Set(['process-providers', 'assets', 'dependencies', 'users', 'audit']);

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
    case 'users':
      if (!hasRole(actor, 'admin')) deny('Only an administrator manages user accounts.');
      return;
    case 'audit':
      deny('The audit log is append-only.');
  }
}
