import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { appendAudit, verifyAuditChain } from './audit.ts';
import { readCondition } from './policy.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

/** Reading the audit log (scoped by the policy; reads of it are audited too) and verifying its hash chain. */
export function createAuditLogService(db: Kysely<Database>) {
  return {
    async list(actor: Actor, filters: { objectType?: string; objectId?: string; action?: string }, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        let query = tx.selectFrom('auditLog').where(readCondition(actor, 'audit'));
        if (filters.objectType) query = query.where('objectType', '=', filters.objectType);
        if (filters.objectId) query = query.where('objectId', '=', filters.objectId);
        if (filters.action) query = query.where('action', '=', filters.action);
        const { rows: items, total } = await pageWithTotal(tx, query.selectAll().orderBy('seq', 'desc'), query.select((eb) => eb.fn.countAll<number>().as('total')), page);
        await appendAudit(tx, actor, { action: 'list', objectType: 'audit-entry', details: { filters, count: items.length } });
        return { items, total, ...page };
      });
    },

    verify: () => verifyAuditChain(db),
  };
}

export type AuditLogService = ReturnType<typeof createAuditLogService>;
