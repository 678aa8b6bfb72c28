import type { AddressInfo } from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxDeliveryAttempts } from '../domain/message-mail.ts';
import { createTestDatabase } from '../../test/database.ts';
import { buildOrganisation, buildUser } from '../../test/factories.ts';
import { createServices, type Services } from './index.ts';

/**
 * E-mail notifications end to end: messages published through the service, the outbox worker delivering over SMTP
 * to a real SMTP server (smtp-server) on 127.0.0.1, retries with backoff while SMTP is down, and the daily digest.
 */

interface Received {
  to: string[];
  raw: string;
}

/** The message as text, with nodemailer's quoted-printable soft breaks and escapes undone. */
const decodeQuotedPrintable = (raw: string) =>
  Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

async function startSmtp(received: Received[]) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: decodeQuotedPrintable(Buffer.concat(chunks).toString('latin1')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port };
}

const received: Received[] = [];
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let services: Services;
let close: () => Promise<void>;
type User = Awaited<ReturnType<typeof buildUser>>;
let author: Awaited<ReturnType<Services['auth']['findTokenActor']>>;
let recipients: User[];
let outsider: User;
let organisationId: string;

beforeAll(async () => {
  smtp = await startSmtp(received);
  const database = await createTestDatabase();
  services = createServices(database, { sessionHours: 1, dataDir: path.resolve(import.meta.dirname, '../../data'), messaging: { attachmentMaxBytes: 1024, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, mailFrom: 'Vitaal <noreply@test.invalid>', publicUrl: 'https://vitaal.test' } });
  close = () => database.close();
  const csirt = await buildOrganisation(services, { kind: 'csirt' });
  const provider = await buildOrganisation(services);
  organisationId = provider.id;
  author = await services.auth.findTokenActor((await buildUser(services, 'csirt', { organisationId: csirt.id })).token);
  recipients = [await buildUser(services, 'provider', { organisationId: provider.id }), await buildUser(services, 'provider', { organisationId: provider.id })];
  outsider = await buildUser(services, 'provider');
}, 600_000);
afterAll(async () => {
  smtp?.server.close();
  await close?.();
});

const publish = (tlp: 'TLP:AMBER' | 'TLP:RED', title: string, body: string, personIds: string[] = []) =>
  services.advisories.create(author!, { kind: 'advisory', tlp, title, body, audience: tlp === 'TLP:RED' ? { personIds } : { organisationIds: [organisationId] } });
const outboxOf = (advisoryId: string) => services.notifications.listOutbox({ kind: 'system', via: 'test' }, {}, { limit: 1000, offset: 0 }).then(({ items }) => items.filter((mail) => mail.advisoryId === advisoryId));

describe('the outbox worker over SMTP', () => {
  it('delivers a mail per recipient; publishing did not wait for it; RED mails carry no content', async () => {
    const amber = await publish('TLP:AMBER', 'Kwetsbaarheid in gateway', 'Werk de firmware bij naar 4.2.');
    const red = await publish('TLP:RED', 'Rode dreiging', 'Namen van betrokkenen.', [recipients[0]!.id]);
    expect(received).toHaveLength(0);
    expect((await outboxOf(amber.id)).map((mail) => mail.status)).toEqual(['pending', 'pending']);

    const round = await services.notifications.outboxWorker().runOnce();
    expect(round).toMatchObject({ claimed: 3, sent: 3 });
    const amberMails = received.filter((mail) => mail.raw.includes('Kwetsbaarheid'));
    expect(amberMails.flatMap((mail) => mail.to).sort()).toEqual(recipients.map((user) => user.email).sort());
    expect(amberMails[0]!.raw).toContain('Werk de firmware bij');
    expect(amberMails[0]!.raw).toContain('From: Vitaal <noreply@test.invalid>');
    const redMails = received.filter((mail) => mail.raw.includes('TLP:RED'));
    expect(redMails.map((mail) => mail.to)).toEqual([[recipients[0]!.email]]);
    expect(redMails[0]!.raw).not.toContain('Namen van betrokkenen');
    expect(redMails[0]!.raw).not.toContain('Rode dreiging');
    expect(redMails[0]!.raw).toContain(`https://vitaal.test/inbox/${red.id}`);
    expect(received.some((mail) => mail.to.includes(outsider.email))).toBe(false);
    expect((await outboxOf(amber.id)).map((mail) => mail.status)).toEqual(['sent', 'sent']);
  });

  it('keeps mails while SMTP is down and retries them with backoff', async () => {
    const message = await publish('TLP:AMBER', 'Tijdens storing', 'Tekst.');
    const start = new Date(Date.now() + 1000);
    // Nothing listens on port 9 of 127.0.0.1 (discard): every attempt fails to connect.
    const down = services.notifications.outboxWorker({ transport: nodemailer.createTransport({ host: '127.0.0.1', port: 9, connectionTimeout: 2000 }), now: () => start });
    expect(await down.runOnce()).toMatchObject({ claimed: 2, sent: 0 });
    const failed = await outboxOf(message.id);
    expect(failed.map((mail) => [mail.status, mail.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(failed[0]!.lastError).toBeTruthy();
    expect(failed[0]!.nextAttemptAt.getTime() - start.getTime()).toBe(30_000);
    // Not due again before the backoff has passed.
    expect(await services.notifications.outboxWorker({ now: () => new Date(start.getTime() + 29_000) }).runOnce()).toMatchObject({ claimed: 0 });
    const before = received.length;
    expect(await services.notifications.outboxWorker({ now: () => new Date(start.getTime() + 31_000) }).runOnce()).toMatchObject({ claimed: 2, sent: 2 });
    expect(received.slice(before).flatMap((mail) => mail.to).sort()).toEqual(recipients.map((user) => user.email).sort());
    expect((await outboxOf(message.id)).map((mail) => [mail.status, mail.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
  });

  it('gives a mail up as failed after the last attempt', async () => {
    const message = await publish('TLP:RED', 'Onbezorgbaar', 'Tekst.', [recipients[1]!.id]);
    let clock = Date.now() + 1000;
    const refusing = { sendMail: async () => Promise.reject(new Error('550 mailbox unavailable')) };
    for (let attempt = 1; attempt <= maxDeliveryAttempts; attempt++) {
      await services.notifications.outboxWorker({ transport: refusing, now: () => new Date(clock) }).runOnce();
      clock += 3_600_000;
    }
    expect((await outboxOf(message.id)).map((mail) => [mail.status, mail.attempts, mail.lastError])).toEqual([['failed', maxDeliveryAttempts, '550 mailbox unavailable']]);
  });

  it('sends the daily digest at 07:00 Amsterdam time instead of a mail per message', async () => {
    const reader = await services.auth.findTokenActor(recipients[1]!.token);
    await services.notifications.setPreferences(reader!, { email: 'daily' });
    const message = await publish('TLP:AMBER', 'Voor het overzicht', 'Tekst in het overzicht.');
    expect((await outboxOf(message.id)).map((mail) => mail.recipient)).toEqual([recipients[0]!.email]);
    const tomorrowSeven = new Date(Date.now() + 36 * 3_600_000);
    const before = received.length;
    const round = await services.notifications.outboxWorker({ now: () => tomorrowSeven }).runOnce();
    expect(round.digests).toBe(1);
    const digest = received.slice(before).find((mail) => mail.to.includes(recipients[1]!.email));
    expect(digest?.raw).toContain('Voor het overzicht');
    expect(digest?.raw).toContain(`https://vitaal.test/inbox/${message.id}`);
    // The same day again: nothing new, no second digest.
    expect((await services.notifications.outboxWorker({ now: () => tomorrowSeven }).runOnce()).digests).toBe(0);
  });
});
