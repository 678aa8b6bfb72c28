import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { designationStatuses, type DesignationStatus } from '../domain/registry.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { assertCycleOpen, getCycleContext, userOf } from './cycle-context.ts';
import { authorizeCycleContentWrite, cycleContentReadCondition, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

export interface DesignationInput {
  providerId: string;
  status: DesignationStatus;
  note?: string;
  at?: string;
}

export interface NotificationInput {
  providerId: string;
  message: string;
  at?: string;
}

const instantOf = (value: string | undefined, fallback: Date) => {
  if (value === undefined) return fallback;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw invalid('invalid-instant', 'at is not a date-time.', [{ path: '/at', message: 'not a date-time' }]);
  return at;
};

const notificationColumns = ['id', 'cycleId', 'providerId', 'status', 'message', 'sentByUserId', 'sentAt', 'acknowledgedAt', 'acknowledgedByUserId'] as const;

/**
 * Cycle step 1, second half: the providers of the process identified (status proposed, designated, withdrawn — kept on
 * process_provider, with who changed it and when) and notified (one record per notification) within a cycle.
 */
export function createCycleDesignationService(db: Kysely<Database>, options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());

  return {
    /** The providers of the cycle's process `actor` may see, with their status, the changes and notifications within this cycle. */
    async list(actor: Actor, cycleId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const providers = await tx
          .selectFrom('processProvider')
          .innerJoin('organisation', 'organisation.id', 'processProvider.providerId')
          .where('processProvider.processId', '=', cycle.processId)
          .where(readCondition(actor, 'process-providers'))
          .select([
            'processProvider.id',
            'processProvider.providerId',
            'organisation.name as providerName',
            'organisation.code as providerCode',
            'processProvider.role',
            'processProvider.status',
            'processProvider.statusChangedAt',
            'processProvider.statusChangedByUserId',
            'processProvider.notifiedAt',
          ])
          .orderBy('organisation.name')
          .execute();
        const changes = await tx
          .selectFrom('designationChange')
          .where('cycleId', '=', cycleId)
          .where(cycleContentReadCondition(actor, 'designation-changes'))
          .select(['id', 'providerId', 'status', 'previousStatus', 'note', 'changedByUserId', 'changedAt'])
          .orderBy('changedAt')
          .execute();
        const notifications = await tx
          .selectFrom('providerNotification')
          .where('cycleId', '=', cycleId)
          .where(cycleContentReadCondition(actor, 'provider-notifications'))
          .select([...notificationColumns])
          .orderBy('sentAt')
          .execute();
        await appendAudit(tx, actor, { action: 'list', objectType: 'cycle-designation', objectId: cycleId, subjectOrgId: cycle.ministryId, details: { count: providers.length } });
        return { items: providers.map((provider) => ({ ...provider, status: provider.status as DesignationStatus, changes: changes.filter((change) => change.providerId === provider.providerId), notifications: notifications.filter((entry) => entry.providerId === provider.providerId) })) };
      });
    },

    /** Identifies a provider for the process (proposed), designates or withdraws it; the responsible ministry, while the cycle is open. */
    async setStatus(actor: Actor, cycleId: string, input: DesignationInput) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        await authorizeCycleContentWrite(actor, 'designation-changes', { tx, processId: cycle.processId, providerId: input.providerId });
        assertCycleOpen(cycle);
        if (!designationStatuses.includes(input.status)) throw invalid('validation-failed', 'Unknown designation status.', [{ path: '/status', message: 'unknown status' }]);
        const provider = isUuid(input.providerId) ? await tx.selectFrom('organisation').select(['id', 'kind']).where('id', '=', input.providerId).executeTakeFirst() : undefined;
        if (provider?.kind !== 'provider') throw new DomainError('unknown-reference', 'The provider does not exist.', [{ path: '/providerId', message: 'not a provider organisation' }]);
        const at = instantOf(input.at, now());
        if (at.getTime() < cycle.openedAt.getTime()) throw invalid('dates-out-of-order', 'A designation cannot change before the cycle was opened.', [{ path: '/at', message: 'before the opening of the cycle' }]);
        const before = await tx.selectFrom('processProvider').selectAll().where('processId', '=', cycle.processId).where('providerId', '=', input.providerId).executeTakeFirst();
        // A new cycle re-confirms the standing designations; within one cycle a status is recorded once.
        const lastInCycle = await tx.selectFrom('designationChange').select('status').where('cycleId', '=', cycleId).where('providerId', '=', input.providerId).orderBy('changedAt', 'desc').limit(1).executeTakeFirst();
        if ((lastInCycle ?? before)?.status === input.status && (lastInCycle || !before || input.status !== 'designated'))
          throw new DomainError('designation-unchanged', `The provider is already ${input.status}.`, [{ path: '/status', message: `already ${input.status}` }]);
        const values = { status: input.status, statusChangedAt: at, statusChangedByUserId: userOf(actor), updatedAt: at };
        const after = before
          ? await tx.updateTable('processProvider').set(values).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow()
          : await tx.insertInto('processProvider').values({ processId: cycle.processId, providerId: input.providerId, ...values }).returningAll().executeTakeFirstOrThrow();
        const change = await tx
          .insertInto('designationChange')
          .values({ cycleId, processProviderId: after.id, providerId: input.providerId, status: input.status, previousStatus: before?.status ?? null, note: input.note ?? null, changedByUserId: userOf(actor), changedAt: at })
          .returning(['id', 'providerId', 'status', 'previousStatus', 'note', 'changedByUserId', 'changedAt'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: before ? 'update' : 'create', objectType: 'process-provider', objectId: after.id, subjectOrgId: input.providerId, before, after, details: { cycleId, changeId: change.id } });
        return change;
      });
    },

    /** Records that the provider was informed of its current status (the ministry); the designation's notifiedAt follows. */
    async notify(actor: Actor, cycleId: string, input: NotificationInput) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        await authorizeCycleContentWrite(actor, 'provider-notifications', { tx, processId: cycle.processId, providerId: input.providerId });
        assertCycleOpen(cycle);
        const designation = isUuid(input.providerId)
          ? await tx.selectFrom('processProvider').select(['id', 'status']).where('processId', '=', cycle.processId).where('providerId', '=', input.providerId).executeTakeFirst()
          : undefined;
        if (!designation) throw new DomainError('provider-not-designated', 'The provider has not been identified for this process; set its status first.', [{ path: '/providerId', message: 'not identified' }]);
        const sentAt = instantOf(input.at, now());
        if (sentAt.getTime() < cycle.openedAt.getTime()) throw invalid('dates-out-of-order', 'A notification cannot precede the opening of the cycle.', [{ path: '/at', message: 'before the opening of the cycle' }]);
        const row = await tx
          .insertInto('providerNotification')
          .values({ cycleId, providerId: input.providerId, status: designation.status, message: input.message, sentByUserId: userOf(actor), sentAt })
          .returning([...notificationColumns])
          .executeTakeFirstOrThrow();
        await tx.updateTable('processProvider').set({ notifiedAt: sentAt, updatedAt: sentAt }).where('id', '=', designation.id).execute();
        await appendAudit(tx, actor, { action: 'create', objectType: 'provider-notification', objectId: row.id, subjectOrgId: input.providerId, after: row, details: { cycleId } });
        return row;
      });
    },

    /** The provider confirms it received a notification. */
    async acknowledge(actor: Actor, cycleId: string, notificationId: string) {
      return inTransaction(db, async (tx) => {
        const cycle = await getCycleContext(tx, actor, cycleId);
        const before = isUuid(notificationId)
          ? await tx.selectFrom('providerNotification').select([...notificationColumns]).where('id', '=', notificationId).where('cycleId', '=', cycleId).where(cycleContentReadCondition(actor, 'provider-notifications')).executeTakeFirst()
          : undefined;
        if (!before) throw notFound('provider-notification', notificationId);
        await authorizeCycleContentWrite(actor, 'provider-notifications', { tx, processId: cycle.processId, providerId: before.providerId, action: 'acknowledge' });
        if (before.acknowledgedAt) return before;
        const after = await tx
          .updateTable('providerNotification')
          .set({ acknowledgedAt: now(), acknowledgedByUserId: userOf(actor) })
          .where('id', '=', notificationId)
          .returning([...notificationColumns])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'update', objectType: 'provider-notification', objectId: notificationId, subjectOrgId: before.providerId, before, after });
        return after;
      });
    },
  };
}

export type CycleDesignationService = ReturnType<typeof createCycleDesignationService>;
