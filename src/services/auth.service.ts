import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import type { Kysely } from 'kysely';
import type { ChangeNotices } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import { isRole, type OrganisationKind, type Role } from '../domain/roles.ts';
import type { Actor, UserActor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { createNoticedCache } from './noticed-cache.ts';
import { inTransaction } from './transaction.ts';

const tokenPrefix = 'vt_';
/** How fresh an API token's last-use time is kept. */
const lastUsedResolutionMs = 60_000;
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = (prefix = '') => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Consecutive failed logins after which an account is refused until an administrator resets it. */
export const maxFailedLogins = 10;

export const minimumPasswordLength = 12;

/** Password hashing with argon2id (OWASP's first choice), at the library's default cost. */
export const hashPassword = (password: string) => {
  if (password.length < minimumPasswordLength)
    throw invalid('password-too-short', `A password needs at least ${minimumPasswordLength} characters.`, [{ path: '/password', message: 'too short' }]);
  return argon2.hash(password, { type: argon2.argon2id });
};

const userActorColumns = ['appUser.id as userId', 'appUser.email', 'appUser.organisationId', 'organisation.kind as organisationKind', 'appUser.roles'] as const;

/** Sign-in with password or OIDC, sessions for the browser and bearer tokens for programs. */
export function createAuthService(db: Kysely<Database>, credentialNotices: ChangeNotices, options: { sessionHours: number }) {
  const sessionUsers = createNoticedCache<{ actor: UserActor; expiresAt: Date }>(credentialNotices, (session) => session.expiresAt);
  const tokenUsers = createNoticedCache<{ actor: UserActor; expiresAt: Date | null; tokenId: string; lastUsedAt: Date | null }>(credentialNotices, (token) => token.expiresAt);
  const actorQuery = () =>
    db.selectFrom('appUser').innerJoin('organisation', 'organisation.id', 'appUser.organisationId').select(userActorColumns).where('appUser.disabled', '=', false);

  const toActor = (row: { userId: string; email: string; organisationId: string; organisationKind: string; roles: string[] }): UserActor => ({
    kind: 'user',
    userId: row.userId,
    email: row.email,
    organisationId: row.organisationId,
    organisationKind: row.organisationKind as OrganisationKind,
    roles: row.roles.filter(isRole) as Role[],
  });

  async function startSession(actor: UserActor, method: string) {
    const token = newSecret();
    const expiresAt = new Date(Date.now() + options.sessionHours * 3600_000);
    await inTransaction(db, async (tx) => {
      await tx.insertInto('session').values({ userId: actor.userId, tokenHash: hashSecret(token), expiresAt }).execute();
      await tx.updateTable('appUser').set({ lastLoginAt: new Date(), failedLogins: 0 }).where('id', '=', actor.userId).execute();
      await appendAudit(tx, actor, { action: 'login', objectType: 'user', objectId: actor.userId, subjectOrgId: actor.organisationId, details: { method } });
    });
    return { token, expiresAt, actor };
  }

  return {
    /** Checks an e-mail and password; a new session on success. The same error for unknown users and wrong passwords. */
    async loginWithPassword(email: string, password: string) {
      const refused = new DomainError('login-failed', 'Unknown e-mail address or wrong password.');
      const user = await db
        .selectFrom('appUser')
        .select(['id', 'passwordHash', 'failedLogins', 'disabled', 'organisationId'])
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst();
      if (!user || !user.passwordHash || user.disabled) {
        await argon2.hash(password); // same time for unknown accounts, so that timing does not reveal which exist
        throw refused;
      }
      if (user.failedLogins >= maxFailedLogins)
        throw new DomainError('account-locked', 'This account is locked after too many failed logins; ask an administrator to reset it.');
      if (!(await argon2.verify(user.passwordHash, password))) {
        await inTransaction(db, async (tx) => {
          await tx.updateTable('appUser').set((eb) => ({ failedLogins: eb('failedLogins', '+', 1) })).where('id', '=', user.id).execute();
          await appendAudit(tx, { kind: 'system', via: 'login' }, { action: 'login-failed', objectType: 'user', objectId: user.id, subjectOrgId: user.organisationId });
        });
        throw refused;
      }
      const row = await actorQuery().where('appUser.id', '=', user.id).executeTakeFirstOrThrow();
      return startSession(toActor(row), 'password');
    },

    /** A session for a user found by OIDC: matched on the subject, else on the e-mail claim (then bound to the subject). */
    async loginWithOidc(subject: string, email: string | undefined) {
      let row = await actorQuery().where('appUser.oidcSubject', '=', subject).executeTakeFirst();
      if (!row && email) {
        row = await actorQuery().where('appUser.email', '=', email.toLowerCase()).where('appUser.oidcSubject', 'is', null).executeTakeFirst();
        if (row) await db.updateTable('appUser').set({ oidcSubject: subject }).where('id', '=', row.userId).execute();
      }
      if (!row) throw new DomainError('oidc-user-unknown', 'No Vitaal account matches this sign-in; ask an administrator for an account.');
      return startSession(toActor(row), 'oidc');
    },

    /** The user behind a session cookie, or undefined when it is unknown or expired. */
    async findSessionActor(token: string): Promise<UserActor | undefined> {
      const tokenHash = hashSecret(token);
      const found = await sessionUsers.lookup(tokenHash, async () => {
        const row = await actorQuery()
          .innerJoin('session', 'session.userId', 'appUser.id')
          .select('session.expiresAt')
          .where('session.tokenHash', '=', tokenHash)
          .where('session.expiresAt', '>', new Date())
          .executeTakeFirst();
        return row && { actor: toActor(row), expiresAt: row.expiresAt };
      });
      return found?.actor;
    },

    async logout(actor: Actor, token: string) {
      await inTransaction(db, async (tx) => {
        await tx.deleteFrom('session').where('tokenHash', '=', hashSecret(token)).execute();
        if (actor.kind === 'user') await appendAudit(tx, actor, { action: 'logout', objectType: 'user', objectId: actor.userId, subjectOrgId: actor.organisationId });
      });
    },

    /** The user behind a bearer token, or undefined when it is unknown, expired or revoked. */
    async findTokenActor(token: string): Promise<UserActor | undefined> {
      if (!token.startsWith(tokenPrefix)) return undefined;
      const tokenHash = hashSecret(token);
      const found = await tokenUsers.lookup(tokenHash, async () => {
        const row = await actorQuery()
          .innerJoin('apiToken', 'apiToken.userId', 'appUser.id')
          .select(['apiToken.id as tokenId', 'apiToken.lastUsedAt', 'apiToken.expiresAt'])
          .where('apiToken.tokenHash', '=', tokenHash)
          .where('apiToken.revokedAt', 'is', null)
          .where((eb) => eb.or([eb('apiToken.expiresAt', 'is', null), eb('apiToken.expiresAt', '>', new Date())]))
          .executeTakeFirst();
        return row && { actor: toActor(row), expiresAt: row.expiresAt, tokenId: row.tokenId, lastUsedAt: row.lastUsedAt };
      });
      if (!found) return undefined;
      // To the minute: a write on every request would make each read a commit, which under load costs more than the read.
      const now = new Date();
      if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() >= lastUsedResolutionMs) {
        found.lastUsedAt = now;
        await db.updateTable('apiToken').set({ lastUsedAt: now }).where('id', '=', found.tokenId).execute();
      }
      return found.actor;
    },

    /** The signed-in user with its organisation, for the UI's header and navigation. */
    async describe(actor: UserActor) {
      return db
        .selectFrom('appUser')
        .innerJoin('organisation', 'organisation.id', 'appUser.organisationId')
        .select(['appUser.id', 'appUser.email', 'appUser.name', 'appUser.roles', 'organisation.id as organisationId', 'organisation.name as organisationName', 'organisation.kind as organisationKind'])
        .where('appUser.id', '=', actor.userId)
        .executeTakeFirstOrThrow();
    },

    /** Makes an API token for a user; the secret is returned once and only its hash is stored. */
    async createToken(actor: Actor, email: string, name: string, expiresDays?: number) {
      if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays > 0))
        throw invalid('invalid-expiry', 'The expiry must be a whole number of days above zero.', [{ path: '/expiresDays', message: 'must be a positive integer' }]);
      return inTransaction(db, async (tx) => {
        const user = await tx.selectFrom('appUser').select(['id', 'organisationId']).where('email', '=', email.toLowerCase()).executeTakeFirst();
        if (!user) throw notFound('user', email);
        const token = newSecret(tokenPrefix);
        const expiresAt = expiresDays ? new Date(Date.now() + expiresDays * 86_400_000) : null;
        const row = await tx
          .insertInto('apiToken')
          .values({ userId: user.id, name, tokenHash: hashSecret(token), expiresAt })
          .returning(['id', 'createdAt', 'expiresAt'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'token-create', objectType: 'api-token', objectId: row.id, subjectOrgId: user.organisationId, details: { userId: user.id } });
        return { id: row.id, token, userEmail: email.toLowerCase(), createdAt: row.createdAt, expiresAt: row.expiresAt };
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
