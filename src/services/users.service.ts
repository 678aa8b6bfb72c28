import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { roleOrganisationKind, type Role } from '../domain/roles.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { hashPassword } from './auth.service.ts';
import { authorizeWrite, readCondition } from './policy.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

export interface UserInput {
  email: string;
  name: string;
  organisationId: string;
  roles: Role[];
  password?: string;
}

export interface UserPatch {
  name?: string;
  roles?: Role[];
  disabled?: boolean;
  password?: string;
}

const publicColumns = ['id', 'email', 'name', 'organisationId', 'roles', 'disabled', 'createdAt', 'lastLoginAt'] as const;

/** User accounts: who may see them is the policy's `users` rule; only administrators change them. */
export function createUsersService(db: Kysely<Database>) {
  async function checkRolesFit(tx: Kysely<Database>, organisationId: string, roles: readonly Role[]) {
    const organisation = await tx.selectFrom('organisation').select('kind').where('id', '=', organisationId).executeTakeFirst();
    if (!organisation) throw invalid('unknown-reference', 'The organisation does not exist.', [{ path: '/organisationId', message: 'unknown organisation' }]);
    const misfits = roles.filter((role) => roleOrganisationKind[role] !== organisation.kind);
    if (misfits.length > 0)
      throw invalid('role-does-not-fit-organisation', `Role ${misfits.join(', ')} cannot be given to a user of a ${organisation.kind} organisation.`, [
        { path: '/roles', message: `not allowed for a ${organisation.kind}` },
      ]);
  }

  return {
    async list(actor: Actor, filters: { organisationId?: string }, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        let query = tx.selectFrom('appUser').where(readCondition(actor, 'users'));
        if (filters.organisationId) query = query.where('organisationId', '=', filters.organisationId);
        const { rows: items, total } = await pageWithTotal(tx, query.select(publicColumns).orderBy('email'), query.select((eb) => eb.fn.countAll<number>().as('total')), page);
        await appendAudit(tx, actor, { action: 'list', objectType: 'user', details: { filters, count: items.length } });
        return { items, total, ...page };
      });
    },

    async get(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const user = await tx.selectFrom('appUser').select(publicColumns).where(readCondition(actor, 'users')).where('id', '=', id).executeTakeFirst();
        if (!user) throw notFound('user', id);
        await appendAudit(tx, actor, { action: 'read', objectType: 'user', objectId: id, subjectOrgId: user.organisationId });
        return user;
      });
    },

    async create(actor: Actor, input: UserInput) {
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      return inTransaction(db, async (tx) => {
        const after = { ...input, email: input.email.toLowerCase(), password: undefined };
        await authorizeWrite(actor, 'users', { tx, after });
        await checkRolesFit(tx, input.organisationId, input.roles);
        const user = await tx
          .insertInto('appUser')
          .values({ email: after.email, name: input.name, organisationId: input.organisationId, roles: input.roles, passwordHash })
          .returning(publicColumns)
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'user', objectId: user.id, subjectOrgId: user.organisationId, after: user });
        return user;
      }, (constraint) => (constraint.includes('email') ? 'email' : constraint));
    },

    async update(actor: Actor, id: string, patch: UserPatch) {
      const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
      return inTransaction(db, async (tx) => {
        const before = await tx.selectFrom('appUser').select(publicColumns).where(readCondition(actor, 'users')).where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('user', id);
        await authorizeWrite(actor, 'users', { tx, before, after: { ...before, ...patch, password: undefined } });
        if (patch.roles) await checkRolesFit(tx, before.organisationId, patch.roles);
        const user = await tx
          .updateTable('appUser')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
            ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
            // A new password also lifts a lockout.
            ...(passwordHash ? { passwordHash, failedLogins: 0 } : {}),
          })
          .where('id', '=', id)
          .returning(publicColumns)
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'update', objectType: 'user', objectId: id, subjectOrgId: user.organisationId, before, after: user, details: { passwordChanged: Boolean(passwordHash) } });
        return user;
      });
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
