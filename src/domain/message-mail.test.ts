import { describe, expect, it } from 'vitest';
import { buildDailyDigests, dueForDigest, lastDigestMoment, mailCarriesContent, maxDeliveryAttempts, messageMail, retryDelayMs, type DigestItem } from './message-mail.ts';
import { tlpLabels, type Tlp } from './tlp.ts';

const base = 'https://vitaal.example/';
const message = (tlp: Tlp, id = 'a1', createdAt = new Date('2026-03-10T08:00:00Z')) => ({ id, tlp, title: `Titel ${tlp}`, body: `Geheime tekst ${tlp}`, createdAt });

describe('notification mails', () => {
  it.each(tlpLabels)('under %s carry the label and a link, and content only below AMBER+STRICT', (tlp) => {
    const mail = messageMail(message(tlp), base);
    const all = `${mail.subject}\n${mail.text}`;
    expect(mail.subject).toContain(`[${tlp}]`);
    expect(mail.text).toContain('https://vitaal.example/inbox/a1');
    const linkOnly = tlp === 'TLP:RED' || tlp === 'TLP:AMBER+STRICT';
    expect(mailCarriesContent(tlp)).toBe(!linkOnly);
    expect(all.includes(`Geheime tekst ${tlp}`)).toBe(!linkOnly);
    expect(all.includes(`Titel ${tlp}`)).toBe(!linkOnly);
  });
});

describe('the daily digest at 07:00 Europe/Amsterdam', () => {
  it('knows the latest digest moment in winter and summer time', () => {
    expect(lastDigestMoment(new Date('2026-01-15T06:30:00Z')).toISOString()).toBe('2026-01-15T06:00:00.000Z');
    expect(lastDigestMoment(new Date('2026-01-15T05:59:59Z')).toISOString()).toBe('2026-01-14T06:00:00.000Z');
    expect(lastDigestMoment(new Date('2026-07-01T05:00:00Z')).toISOString()).toBe('2026-07-01T05:00:00.000Z');
    // The night summer time starts (29 March 2026): 07:00 local is 05:00 UTC.
    expect(lastDigestMoment(new Date('2026-03-29T05:30:00Z')).toISOString()).toBe('2026-03-29T05:00:00.000Z');
  });

  const items: DigestItem[] = [
    { userId: 'u1', ...message('TLP:GREEN', 'm1', new Date('2026-03-09T10:00:00Z')) },
    { userId: 'u1', ...message('TLP:RED', 'm2', new Date('2026-03-09T15:00:00Z')) },
    { userId: 'u1', ...message('TLP:CLEAR', 'm0', new Date('2026-03-08T10:00:00Z')) },
    { userId: 'u2', ...message('TLP:AMBER', 'm3', new Date('2026-03-09T12:00:00Z')) },
    { userId: 'u1', ...message('TLP:AMBER', 'm4', new Date('2026-03-10T06:30:00Z')) },
  ];
  const users = [
    { userId: 'u1', email: 'u1@example.nl', lastDigestAt: new Date('2026-03-09T06:00:00Z') },
    { userId: 'u2', email: 'u2@example.nl', lastDigestAt: new Date('2026-03-10T06:00:00Z') },
    { userId: 'u3', email: 'u3@example.nl', lastDigestAt: null },
  ];

  it('sends each due user what arrived since its last digest, newest first, RED without its title', () => {
    const now = new Date('2026-03-10T06:15:00Z');
    const digests = buildDailyDigests(now, users, items, base);
    // u2 had its digest at today's 07:00 already; u3 is due but has nothing.
    expect(digests.map((digest) => digest.userId)).toEqual(['u1', 'u3']);
    const [u1, u3] = digests;
    expect(u3!.mail).toBeUndefined();
    expect(u1!.mail!.recipient).toBe('u1@example.nl');
    expect(u1!.mail!.advisoryIds).toEqual(['m2', 'm1']);
    expect(u1!.mail!.subject).toBe('Vitaal: 2 nieuwe berichten / new messages (2026-03-10)');
    expect(u1!.mail!.text).toContain('[TLP:GREEN] Titel TLP:GREEN');
    expect(u1!.mail!.text).toContain('[TLP:RED] (inhoud alleen in Vitaal');
    expect(u1!.mail!.text).not.toContain('Titel TLP:RED');
    expect(u1!.mail!.text).toContain('https://vitaal.example/inbox/m2');
  });

  it('sends nothing before 07:00 to a user who had yesterday’s digest', () => {
    expect(buildDailyDigests(new Date('2026-03-10T05:59:00Z'), [users[0]!], items, base)).toEqual([]);
  });

  it('knows whose digest is due, so that the worker polling every few seconds reads messages only for them', () => {
    expect(dueForDigest(new Date('2026-03-10T06:15:00Z'), users).map((user) => user.userId)).toEqual(['u1', 'u3']);
    expect(dueForDigest(new Date('2026-03-10T05:59:00Z'), users).map((user) => user.userId)).toEqual(['u3']);
    expect(dueForDigest(new Date('2026-03-10T06:15:00Z'), [users[1]!])).toEqual([]);
  });
});

describe('the outbox retry schedule', () => {
  it('doubles from 30 seconds up to an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
    expect(maxDeliveryAttempts).toBeGreaterThan(3);
  });
});
