import { sql, type Kysely, type Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../db/schema.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import { buildDailyDigests, dueForDigest, maxDeliveryAttempts, messageMail, retryDelayMs, type EmailDigestOption } from '../domain/message-mail.ts';
import type { Tlp } from '../domain/tlp.ts';
import { hasRole, type Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { advisoryReadableByUser, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

/** Messaging settings the services need (src/config.ts `messaging`). */
export interface MessagingOptions {
  attachmentMaxBytes: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
}

export const defaultMessagingOptions: MessagingOptions = { attachmentMaxBytes: 10 * 1024 * 1024, smtpUrl: undefined, mailFrom: 'Vitaal <noreply@vitaal.invalid>', publicUrl: 'http://127.0.0.1:8080' };

/** What the outbox worker needs of a mail transport (nodemailer's, or a test double). */
export interface MailTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

// No user has this id: the system actor has no notifications.
const noUser = '00000000-0000-0000-0000-000000000000';
const userIdOf = (actor: Actor) => (actor.kind === 'user' ? actor.userId : noUser);

/** Users who may read `advisoryId` under its label (the policy's TLP condition for every user at once), its author excepted. */
const readersOf = (tx: Transaction<Database>, advisoryId: string) =>
  tx
    .selectFrom('appUser')
    .innerJoin('organisation', 'organisation.id', 'appUser.organisationId')
    .innerJoin('advisory', (join) => join.on('advisory.id', '=', advisoryId))
    .leftJoin('notificationPreference', 'notificationPreference.userId', 'appUser.id')
    .where(advisoryReadableByUser())
    .where('appUser.disabled', '=', false)
    .whereRef('appUser.id', '<>', 'advisory.authorUserId')
    .select(['appUser.id', 'appUser.email', 'notificationPreference.email as emailOption']);

/**
 * Inside the publishing transaction: a notification for every user who may read the new message, and a mail in the
 * outbox for those who want one at once. Delivery is the worker's: publishing never waits on SMTP.
 */
export async function notifyReaders(tx: Transaction<Database>, advisoryId: string, publicUrl: string): Promise<number> {
  const readers = await readersOf(tx, advisoryId).execute();
  if (readers.length === 0) return 0;
  await tx
    .insertInto('notification')
    .values(readers.map((reader) => ({ userId: reader.id, advisoryId })))
    .onConflict((conflict) => conflict.columns(['userId', 'advisoryId']).doNothing())
    .execute();
  const advisory = await tx.selectFrom('advisory').select(['id', 'tlp', 'title', 'body', 'createdAt']).where('id', '=', advisoryId).executeTakeFirstOrThrow();
  const mail = messageMail({ ...advisory, tlp: advisory.tlp as Tlp }, publicUrl);
  const immediate = readers.filter((reader) => (reader.emailOption ?? 'immediate') === 'immediate');
  if (immediate.length > 0)
    await tx
      .insertInto('outbox')
      .values(immediate.map((reader) => ({ kind: 'message', userId: reader.id, advisoryId, recipient: reader.email, subject: mail.subject, textBody: mail.text })))
      .execute();
  return readers.length;
}

/** Marks the caller's notification of a message read (opening or acknowledging the message does so). */
export async function markNotificationRead(tx: Transaction<Database>, userId: string, advisoryId: string): Promise<void> {
  await tx.updateTable('notification').set({ readAt: sql`now()` }).where('userId', '=', userId).where('advisoryId', '=', advisoryId).where('readAt', 'is', null).execute();
}

/** In-app notifications, e-mail digest preferences and the outbox. */
export function createNotificationsService(db: Kysely<Database>, options: MessagingOptions) {
  // A notification shows only while its message is readable to its user under the policy's TLP condition.
  const mine = (tx: Transaction<Database>, actor: Actor) =>
    tx
      .selectFrom('notification')
      .innerJoin('advisory', 'advisory.id', 'notification.advisoryId')
      .where('notification.userId', '=', userIdOf(actor))
      .where(readCondition(actor, 'advisories'));

  return {
    /** The caller's notifications, newest first, with the number still unread. */
    async list(actor: Actor, filters: { unread?: boolean }, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        const { unread } = await mine(tx, actor)
          .where('notification.readAt', 'is', null)
          .select((eb) => eb.fn.countAll<number>().as('unread'))
          .executeTakeFirstOrThrow();
        const query = filters.unread ? mine(tx, actor).where('notification.readAt', 'is', null) : mine(tx, actor);
        const { rows: items, total } = await pageWithTotal(
          tx,
          query
            .select(['notification.id', 'notification.advisoryId', 'notification.createdAt', 'notification.readAt', 'advisory.tlp', 'advisory.kind', 'advisory.title'])
            .orderBy('notification.createdAt', 'desc')
            .orderBy('notification.id'),
          query.select((eb) => eb.fn.countAll<number>().as('total')),
          page,
        );
        return { items, total, unread: Number(unread), ...page };
      });
    },

    async markRead(actor: Actor, id: string) {
      return inTransaction(db, async (tx) => {
        const found = isUuid(id) ? await mine(tx, actor).where('notification.id', '=', id).select('notification.id').executeTakeFirst() : undefined;
        if (!found) throw notFound('notification', id);
        const row = await tx
          .updateTable('notification')
          .set({ readAt: sql`coalesce(read_at, now())` })
          .where('id', '=', id)
          .returning(['id', 'advisoryId', 'readAt'])
          .executeTakeFirstOrThrow();
        return row;
      });
    },

    async markAllRead(actor: Actor) {
      return inTransaction(db, async (tx) => {
        const result = await tx
          .updateTable('notification')
          .set({ readAt: sql`now()` })
          .where('userId', '=', userIdOf(actor))
          .where('readAt', 'is', null)
          .executeTakeFirst();
        return { marked: Number(result.numUpdatedRows) };
      });
    },

    async getPreferences(actor: Actor) {
      const row = await db.selectFrom('notificationPreference').select(['email', 'lastDigestAt']).where('userId', '=', userIdOf(actor)).executeTakeFirst();
      return { email: (row?.email ?? 'immediate') as EmailDigestOption, lastDigestAt: row?.lastDigestAt ?? null };
    },

    async setPreferences(actor: Actor, input: { email: EmailDigestOption }) {
      if (actor.kind !== 'user') throw forbidden('Notification preferences belong to a person.');
      return inTransaction(db, async (tx) => {
        // A user who switches to the daily digest starts from now, so the digest never repeats mails already sent.
        const row = await tx
          .insertInto('notificationPreference')
          .values({ userId: actor.userId, email: input.email, lastDigestAt: sql`now()` })
          .onConflict((conflict) => conflict.column('userId').doUpdateSet({ email: input.email, lastDigestAt: sql`case when notification_preference.email = 'daily' then notification_preference.last_digest_at else now() end` }))
          .returning(['email', 'lastDigestAt'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'update', objectType: 'notification-preference', objectId: actor.userId, subjectOrgId: actor.organisationId, details: { email: input.email } });
        return { email: row.email as EmailDigestOption, lastDigestAt: row.lastDigestAt };
      });
    },

    /** The outbox, newest first, for the platform itself (CLI) or an administrator. */
    async listOutbox(actor: Actor, filters: { status?: string }, page: { limit: number; offset: number }) {
      if (actor.kind !== 'system' && !hasRole(actor, 'admin')) throw forbidden('Only the platform operator reads the outbox.');
      let query = db.selectFrom('outbox');
      if (filters.status) query = query.where('status', '=', filters.status);
      const items = await query
        .select(['id', 'kind', 'recipient', 'subject', 'textBody', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'createdAt', 'sentAt', 'advisoryId'])
        .orderBy('createdAt', 'desc')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
      return { items };
    },

    /**
     * The outbox worker over the transport configured by VITAAL_SMTP_URL (without it, mails stay in the local outbox
     * and only digests are built); tests pass their own transport and clock.
     */
    outboxWorker(overrides: { transport?: MailTransport; now?: () => Date } = {}) {
      const transport = overrides.transport ?? (options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined);
      return createOutboxWorker(db, transport, { ...options, now: overrides.now });
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;

/**
 * Delivers the outbox: claims due mails, sends them, and on failure retries with backoff until the last attempt;
 * builds the daily digests when due. Without a transport it only builds digests. `runOnce` does one round (tests call it with a fixed clock); `start` polls.
 */
export function createOutboxWorker(db: Kysely<Database>, transport: MailTransport | undefined, options: Pick<MessagingOptions, 'mailFrom' | 'publicUrl'> & { now?: () => Date; batchSize?: number }) {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 20;

  async function buildDigests(at: Date) {
    const users = await db
      .selectFrom('notificationPreference')
      .innerJoin('appUser', 'appUser.id', 'notificationPreference.userId')
      .select(['appUser.id as userId', 'appUser.email', 'notificationPreference.lastDigestAt'])
      .where('notificationPreference.email', '=', 'daily')
      .where('appUser.disabled', '=', false)
      .execute();
    // Polled every few seconds, due once a day: the messages are read only for the users a digest is due for.
    const due = dueForDigest(at, users);
    if (due.length === 0) return 0;
    const items = await db
      .selectFrom('notification')
      .innerJoin('appUser', 'appUser.id', 'notification.userId')
      .innerJoin('organisation', 'organisation.id', 'appUser.organisationId')
      .innerJoin('advisory', 'advisory.id', 'notification.advisoryId')
      .innerJoin('notificationPreference', 'notificationPreference.userId', 'appUser.id')
      .where('notificationPreference.email', '=', 'daily')
      .where(sql<boolean>`notification.user_id = any(${due.map((user) => user.userId)}::uuid[])`)
      .where((eb) => eb.or([eb('notificationPreference.lastDigestAt', 'is', null), eb('notification.createdAt', '>', eb.ref('notificationPreference.lastDigestAt'))]))
      .where(advisoryReadableByUser())
      .select(['notification.userId', 'advisory.id', 'advisory.tlp', 'advisory.title', 'advisory.body', 'notification.createdAt'])
      .execute();
    const digests = buildDailyDigests(
      at,
      due.map((user) => ({ ...user, lastDigestAt: user.lastDigestAt ?? null })),
      items.map((item) => ({ ...item, tlp: item.tlp as Tlp })),
      options.publicUrl,
    );
    if (digests.length === 0) return 0;
    await db.transaction().execute(async (tx) => {
      const mails = digests.flatMap((digest) => (digest.mail ? [{ kind: 'digest', userId: digest.userId, recipient: digest.mail.recipient, subject: digest.mail.subject, textBody: digest.mail.text }] : []));
      if (mails.length > 0) await tx.insertInto('outbox').values(mails).execute();
      await tx
        .updateTable('notificationPreference')
        .set({ lastDigestAt: at })
        .where('userId', 'in', digests.map((digest) => digest.userId))
        .execute();
    });
    return digests.filter((digest) => digest.mail).length;
  }

  async function deliver(at: Date) {
    // Without SMTP the mails stay in the local outbox, to be read with `vitaal outbox list`.
    if (!transport) return { claimed: 0, sent: 0 };
    // Claimed rows are marked `sending`, so that two workers never send the same mail.
    const claimed = await db
      .updateTable('outbox')
      .set({ status: 'sending' })
      .where('id', 'in', (eb) => eb.selectFrom('outbox').select('id').where('status', '=', 'pending').where('nextAttemptAt', '<=', at).orderBy('nextAttemptAt').limit(batchSize).forUpdate().skipLocked())
      .returning(['id', 'recipient', 'subject', 'textBody', 'attempts'])
      .execute();
    let sent = 0;
    for (const mail of claimed) {
      try {
        await transport.sendMail({ from: options.mailFrom, to: mail.recipient, subject: mail.subject, text: mail.textBody });
        await db.updateTable('outbox').set({ status: 'sent', sentAt: now(), attempts: mail.attempts + 1, lastError: null }).where('id', '=', mail.id).execute();
        sent++;
      } catch (error) {
        const attempts = mail.attempts + 1;
        await db
          .updateTable('outbox')
          .set({
            status: attempts >= maxDeliveryAttempts ? 'failed' : 'pending',
            attempts,
            nextAttemptAt: new Date(now().getTime() + retryDelayMs(attempts)),
            lastError: error instanceof Error ? error.message : String(error),
          })
          .where('id', '=', mail.id)
          .execute();
      }
    }
    return { claimed: claimed.length, sent };
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  const worker = {
    /** One round: digests due now, then every due mail. */
    async runOnce() {
      const at = now();
      const digests = await buildDigests(at);
      return { digests, ...(await deliver(at)) };
    },
    /** Polls every `intervalMs`; mails left `sending` by a crashed process are due again. */
    async start(intervalMs = 5000) {
      await db.updateTable('outbox').set({ status: 'pending' }).where('status', '=', 'sending').execute();
      timer = setInterval(() => {
        running ??= worker.runOnce().catch(() => undefined).finally(() => (running = undefined));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
  return worker;
}
