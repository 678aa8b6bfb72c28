import { DateTime } from 'luxon';
import type { Tlp } from './tlp.ts';

/**
 * E-mail about messages under TLP 2.0, as pure functions: what a notification mail says, the daily digest, and the
 * retry schedule of the outbox. E-mail leaves the platform, so under TLP:RED and TLP:AMBER+STRICT a mail carries only
 * the label and a link (the reader signs in to read); under the other labels it may carry the title and text.
 */

/** Labels whose title and text never go into an e-mail. */
const linkOnlyLabels: ReadonlySet<Tlp> = new Set(['TLP:RED', 'TLP:AMBER+STRICT']);
export const mailCarriesContent = (tlp: Tlp): boolean => !linkOnlyLabels.has(tlp);

export const emailDigestOptions = ['immediate', 'daily', 'none'] as const;
export type EmailDigestOption = (typeof emailDigestOptions)[number];

export interface MailMessage {
  id: string;
  tlp: Tlp;
  title: string;
  body: string;
  createdAt: Date;
}

export interface Mail {
  subject: string;
  text: string;
}

/** Where a reader opens a message in the web UI. */
export const messageLink = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, '')}/inbox/${id}`;

// Dutch first (the platform's language), English below; labels are never translated (FIRST: "Usage").
const heading = (tlp: Tlp) => `${tlp} — Vitaal`;

/** The mail that tells one recipient about one new message. */
export function messageMail(message: MailMessage, baseUrl: string): Mail {
  const link = messageLink(baseUrl, message.id);
  if (!mailCarriesContent(message.tlp))
    return {
      subject: `[${message.tlp}] Nieuw bericht in Vitaal / New message in Vitaal`,
      text: [
        heading(message.tlp),
        '',
        `Er staat een nieuw bericht onder ${message.tlp} voor u klaar. Log in om het te lezen:`,
        `A new message under ${message.tlp} is waiting for you. Sign in to read it:`,
        link,
        '',
        `${message.tlp}: de inhoud wordt niet per e-mail verstuurd. / The content is not sent by e-mail.`,
      ].join('\n'),
    };
  return {
    subject: `[${message.tlp}] ${message.title}`,
    text: [heading(message.tlp), '', message.title, '', message.body, '', `Lezen en bevestigen / Read and acknowledge: ${link}`, '', `Deel dit bericht alleen volgens ${message.tlp}. / Share only as ${message.tlp} allows.`].join('\n'),
  };
}

/** Local hour (Europe/Amsterdam) at which the daily digest goes out. */
export const digestHour = 7;
const zone = 'Europe/Amsterdam';

/** The most recent digest moment at or before `now`: today's 07:00 in Amsterdam, or yesterday's before that hour. */
export function lastDigestMoment(now: Date): Date {
  const local = DateTime.fromJSDate(now, { zone });
  const today = local.set({ hour: digestHour, minute: 0, second: 0, millisecond: 0 });
  return (local < today ? today.minus({ days: 1 }) : today).toJSDate();
}

export interface DigestUser {
  userId: string;
  email: string;
  /** When this user's last digest was built; undefined before the first. */
  lastDigestAt: Date | null;
}

export interface DigestItem extends MailMessage {
  userId: string;
}

export interface DigestResult {
  userId: string;
  /** Absent when nothing new arrived since the last digest. */
  mail?: Mail & { recipient: string; advisoryIds: string[] };
}

/** The users whose last digest is older than the latest 07:00 (Amsterdam): the ones a digest is due for at `now`. */
export function dueForDigest<User extends Pick<DigestUser, 'lastDigestAt'>>(now: Date, users: readonly User[]): User[] {
  const moment = lastDigestMoment(now);
  return users.filter((user) => !user.lastDigestAt || user.lastDigestAt < moment);
}

/**
 * The daily digests due at `now`: for each user whose last digest is older than the latest 07:00 (Amsterdam), the
 * messages notified since then (up to `now`), newest first. A user with nothing new is still marked as digested.
 */
export function buildDailyDigests(now: Date, users: readonly DigestUser[], items: readonly DigestItem[], baseUrl: string): DigestResult[] {
  const moment = lastDigestMoment(now);
  return dueForDigest(now, users)
    .map((user) => {
      const mine = items
        .filter((item) => item.userId === user.userId && item.createdAt <= now && (!user.lastDigestAt || item.createdAt > user.lastDigestAt))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
      if (mine.length === 0) return { userId: user.userId };
      const day = DateTime.fromJSDate(moment, { zone }).toISODate();
      const lines = mine.map((item) => `- [${item.tlp}] ${mailCarriesContent(item.tlp) ? item.title : '(inhoud alleen in Vitaal / content in Vitaal only)'}\n  ${messageLink(baseUrl, item.id)}`);
      return {
        userId: user.userId,
        mail: {
          recipient: user.email,
          advisoryIds: mine.map((item) => item.id),
          subject: `Vitaal: ${mine.length} nieuwe berichten / new messages (${day})`,
          text: ['Dagelijks overzicht / Daily digest — Vitaal', '', ...lines, '', 'Deel berichten alleen volgens hun TLP-label. / Share messages only as their TLP label allows.'].join('\n'),
        },
      };
    });
}

/** Delivery attempts before a mail is given up as failed. */
export const maxDeliveryAttempts = 8;

/** Wait before the next attempt after `attempts` failed ones: 30 s, doubling, at most one hour. */
export const retryDelayMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
