import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addReportingPeriod, amsterdamIso, computeReportingDeadlines, parseInstant, type IncidentTiming } from './reporting-deadlines.ts';

const at = (iso: string) => parseInstant(iso, '/test');
/** `{ step: [dueAt, dueAtLocal] }` for compact expectations. */
const dueOf = (incident: IncidentTiming) =>
  Object.fromEntries(computeReportingDeadlines(incident).map((o) => [`${o.regime}.${o.step}`, [o.dueAt, o.dueAtLocal]])) as Record<string, [string, string]>;

describe('NIS2 art. 23(4) and CER art. 15(1) across the Europe/Amsterdam clock changes (hours are elapsed time)', () => {
  const cases: [string, string, Record<string, [string, string]>][] = [
    [
      'NIS2 art. 23(4)(a)–(b), CER art. 15(1): aware 01:30 CET just before the spring change (last Sunday of March, 02:00 → 03:00)',
      '2025-03-30T01:30:00+01:00',
      {
        'nis2.early-warning': ['2025-03-31T00:30:00.000Z', '2025-03-31T02:30:00.000+02:00'],
        'nis2.incident-notification': ['2025-04-02T00:30:00.000Z', '2025-04-02T02:30:00.000+02:00'],
        'cer.initial-notification': ['2025-03-31T00:30:00.000Z', '2025-03-31T02:30:00.000+02:00'],
      },
    ],
    [
      'NIS2 art. 23(4)(a): aware 03:30 CEST just after the spring change',
      '2025-03-30T03:30:00+02:00',
      {
        'nis2.early-warning': ['2025-03-31T01:30:00.000Z', '2025-03-31T03:30:00.000+02:00'],
        'nis2.incident-notification': ['2025-04-02T01:30:00.000Z', '2025-04-02T03:30:00.000+02:00'],
        'cer.initial-notification': ['2025-03-31T01:30:00.000Z', '2025-03-31T03:30:00.000+02:00'],
      },
    ],
    [
      'NIS2 art. 23(4)(a): aware at noon the day before the spring change, 24 h later shows 13:00 → 14:00 local',
      '2025-03-29T13:00:00+01:00',
      { 'nis2.early-warning': ['2025-03-30T12:00:00.000Z', '2025-03-30T14:00:00.000+02:00'] },
    ],
    [
      'NIS2 art. 23(4)(a)–(b), CER art. 15(1): aware at the first 02:30 (CEST) just before the autumn change (last Sunday of October, 03:00 → 02:00)',
      '2025-10-26T02:30:00+02:00',
      {
        'nis2.early-warning': ['2025-10-27T00:30:00.000Z', '2025-10-27T01:30:00.000+01:00'],
        'nis2.incident-notification': ['2025-10-29T00:30:00.000Z', '2025-10-29T01:30:00.000+01:00'],
        'cer.initial-notification': ['2025-10-27T00:30:00.000Z', '2025-10-27T01:30:00.000+01:00'],
      },
    ],
    [
      'NIS2 art. 23(4)(a): aware at the second 02:30 (CET) just after the autumn change',
      '2025-10-26T02:30:00+01:00',
      {
        'nis2.early-warning': ['2025-10-27T01:30:00.000Z', '2025-10-27T02:30:00.000+01:00'],
        'nis2.incident-notification': ['2025-10-29T01:30:00.000Z', '2025-10-29T02:30:00.000+01:00'],
      },
    ],
  ];
  it.each(cases)('%s', (_name, awareAt, expected) => {
    expect(dueOf({ awareAt: at(awareAt), regimes: ['nis2', 'cer'] })).toMatchObject(expected);
  });
});

describe('"one month" in the Europe/Amsterdam calendar: NIS2 art. 23(4)(d), CER art. 15(1)', () => {
  const cases: [string, string, string, string][] = [
    ['NIS2 art. 23(4)(d): notification on 31 January → final report on 28 February', '2025-01-31T10:00:00+01:00', '2025-02-28T09:00:00.000Z', '2025-02-28T10:00:00.000+01:00'],
    ['NIS2 art. 23(4)(d): notification on 31 January of a leap year → 29 February', '2024-01-31T10:00:00+01:00', '2024-02-29T09:00:00.000Z', '2024-02-29T10:00:00.000+01:00'],
    ['NIS2 art. 23(4)(d): notification on 29 February → 29 March', '2024-02-29T16:45:00+01:00', '2024-03-29T15:45:00.000Z', '2024-03-29T16:45:00.000+01:00'],
    ['NIS2 art. 23(4)(d): notification on 31 March → 30 April', '2025-03-31T23:59:00+02:00', '2025-04-30T21:59:00.000Z', '2025-04-30T23:59:00.000+02:00'],
    ['NIS2 art. 23(4)(d): a month across the spring change keeps the local time (one hour less elapsed)', '2024-03-03T10:00:00+01:00', '2024-04-03T08:00:00.000Z', '2024-04-03T10:00:00.000+02:00'],
    ['NIS2 art. 23(4)(d): a month across the autumn change keeps the local time', '2025-10-15T10:00:00+02:00', '2025-11-15T09:00:00.000Z', '2025-11-15T10:00:00.000+01:00'],
    ['NIS2 art. 23(4)(d): a month across the year end', '2025-12-31T12:00:00+01:00', '2026-01-31T11:00:00.000Z', '2026-01-31T12:00:00.000+01:00'],
    ['NIS2 art. 23(4)(d): landing in the skipped spring hour moves to 03:30 CEST (= 02:30 CET)', '2020-02-29T02:30:00+01:00', '2020-03-29T01:30:00.000Z', '2020-03-29T03:30:00.000+02:00'],
    ['NIS2 art. 23(4)(d): landing in the doubled autumn hour takes the earlier instant', '2025-09-26T02:30:00+02:00', '2025-10-26T00:30:00.000Z', '2025-10-26T02:30:00.000+02:00'],
  ];
  it.each(cases)('%s', (_name, submittedAt, dueAt, dueAtLocal) => {
    const submitted = at(submittedAt);
    const obligations = computeReportingDeadlines({ awareAt: new Date(submitted.getTime() - 3_600_000), regimes: ['nis2'], notificationSubmittedAt: submitted });
    expect(obligations.find((o) => o.step === 'final-report')).toMatchObject({ dueAt, dueAtLocal, basis: expect.stringMatching(/^NIS2 art\. 23\(4\)\(d\)/) });
  });

  it('NIS2 art. 23(4)(d): without a submission the final report runs from the notification deadline (72 h)', () => {
    // Aware 28 January 10:00 → notification due 31 January 10:00 → final report 28 February 10:00.
    expect(dueOf({ awareAt: at('2025-01-28T10:00:00+01:00'), regimes: ['nis2'] })['nis2.final-report']).toEqual(['2025-02-28T09:00:00.000Z', '2025-02-28T10:00:00.000+01:00']);
  });

  it('NIS2 art. 23(4)(d): a late notification moves the final report with it', () => {
    const due = dueOf({ awareAt: at('2025-01-01T10:00:00+01:00'), regimes: ['nis2'], notificationSubmittedAt: at('2025-01-10T08:00:00Z') });
    expect(due['nis2.incident-notification']?.[0]).toBe('2025-01-04T09:00:00.000Z');
    expect(due['nis2.final-report']?.[0]).toBe('2025-02-10T08:00:00.000Z');
  });

  it('CER art. 15(1): the detailed report is due one month after the initial notification (29 February in a leap year)', () => {
    expect(dueOf({ awareAt: at('2024-01-28T12:00:00+01:00'), regimes: ['cer'] })['cer.detailed-report']).toEqual(['2024-02-29T11:00:00.000Z', '2024-02-29T12:00:00.000+01:00']);
    const submitted = dueOf({ awareAt: at('2024-01-30T12:00:00+01:00'), regimes: ['cer'], initialNotificationSubmittedAt: at('2024-01-31T08:00:00+01:00') });
    expect(submitted['cer.detailed-report']?.[1]).toBe('2024-02-29T08:00:00.000+01:00');
  });
});

describe('which obligations apply', () => {
  const steps = (incident: Omit<IncidentTiming, 'awareAt'>) => computeReportingDeadlines({ awareAt: at('2025-06-02T09:00:00Z'), ...incident }).map((o) => `${o.regime}.${o.step}`);
  const cases: [string, Omit<IncidentTiming, 'awareAt'>, string[]][] = [
    ['NIS2 art. 23(4)(a), (b), (d): three reports', { regimes: ['nis2'] }, ['nis2.early-warning', 'nis2.incident-notification', 'nis2.final-report']],
    ['CER art. 15(1): initial notification and detailed report, no 72 h step', { regimes: ['cer'] }, ['cer.initial-notification', 'cer.detailed-report']],
    [
      'NIS2 and CER together, ordered by deadline',
      { regimes: ['nis2', 'cer'] },
      ['nis2.early-warning', 'cer.initial-notification', 'nis2.incident-notification', 'cer.detailed-report', 'nis2.final-report'],
    ],
  ];
  it.each(cases)('%s', (_name, incident, expected) => expect(steps(incident)).toEqual(expected));

  it('NIS2 art. 23(4) second subparagraph: a trust service provider notifies within 24 h instead of 72 h', () => {
    const obligations = computeReportingDeadlines({ awareAt: at('2025-06-02T09:00:00Z'), regimes: ['nis2'], trustService: true });
    expect(obligations.find((o) => o.step === 'incident-notification')).toMatchObject({
      dueAt: '2025-06-03T09:00:00.000Z',
      dueAtLocal: '2025-06-03T11:00:00.000+02:00',
      basis: expect.stringMatching(/^NIS2 art\. 23\(4\), second subparagraph/),
    });
    expect(obligations.find((o) => o.step === 'final-report')?.dueAt).toBe('2025-07-03T09:00:00.000Z');
  });

  it('every obligation cites its article', () => {
    const bases = computeReportingDeadlines({ awareAt: at('2025-06-02T09:00:00Z'), regimes: ['nis2', 'cer'] }).map((o) => o.basis);
    expect(bases.map((basis) => basis.split(':')[0])).toEqual(['NIS2 art. 23(4)(a)', 'CER art. 15(1)', 'NIS2 art. 23(4)(b)', 'CER art. 15(1)', 'NIS2 art. 23(4)(d)']);
  });
});

describe('invariants (property tests)', () => {
  const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });

  it('NIS2 art. 23(4)(a): the early warning is exactly 24 elapsed hours after awareness, in any season', () => {
    fc.assert(
      fc.property(instant, (awareAt) => {
        const [warning] = computeReportingDeadlines({ awareAt, regimes: ['nis2'] });
        return new Date(warning!.dueAt as string).getTime() - awareAt.getTime() === 24 * 3_600_000;
      }),
    );
  });

  it('one month lands on the same local day, or the last day of a shorter month, between 28 and 31 days later', () => {
    fc.assert(
      fc.property(instant, (from) => {
        const due = addReportingPeriod(from, { months: 1 });
        const days = (due.getTime() - from.getTime()) / 86_400_000;
        const localDay = (date: Date) => Number(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', day: 'numeric' }).format(date));
        const sameDay = localDay(due) === localDay(from);
        return days >= 28 - 1 / 24 && days <= 31 + 1 / 24 && (sameDay || localDay(due) < localDay(from));
      }),
    );
  });

  it('dueAtLocal and dueAt name the same instant', () => {
    fc.assert(
      fc.property(instant, fc.boolean(), (awareAt, trustService) =>
        computeReportingDeadlines({ awareAt, regimes: ['nis2', 'cer'], trustService }).every((o) => new Date(o.dueAtLocal as string).getTime() === new Date(o.dueAt as string).getTime()),
      ),
    );
  });
});

describe('NIS2 art. 23(4)(e): an incident still ongoing at the final-report deadline', () => {
  // Aware 28 January 10:00 CET → notification due 31 January → final-report deadline D = 28 February 10:00 CET.
  const awareAt = at('2025-01-28T10:00:00+01:00');
  const d = '2025-02-28T09:00:00.000Z';
  type Row = [string, Partial<Record<'resolvedAt' | 'asOf' | 'finalReportSubmittedAt', string>>, Record<string, string | null>];
  const cases: Row[] = [
    ['art. 23(4)(d): handled before D, the final report is due at D', { resolvedAt: '2025-02-20T12:00:00+01:00' }, { 'final-report': d }],
    ['art. 23(4)(d): handled exactly at D is not ongoing at D', { resolvedAt: '2025-02-28T10:00:00+01:00' }, { 'final-report': d }],
    ['art. 23(4)(d): open, evaluated before D: the final report is still expected at D', { asOf: '2025-02-27T10:00:00+01:00' }, { 'final-report': d }],
    ['art. 23(4)(d): open, no moment of evaluation (the CLI without --resolved-at): final report at D', {}, { 'final-report': d }],
    [
      'art. 23(4)(e): handled after D: progress report at D, final report one month after handling (31 March → 30 April, summer time)',
      { resolvedAt: '2025-03-31T12:00:00+02:00' },
      { 'progress-report': d, 'final-report': '2025-04-30T10:00:00.000Z' },
    ],
    ['art. 23(4)(e): handled after D across the spring change keeps the local time (10 March 10:00 CET → 10 April 10:00 CEST)', { resolvedAt: '2025-03-10T10:00:00+01:00' }, { 'progress-report': d, 'final-report': '2025-04-10T08:00:00.000Z' }],
    ['art. 23(4)(e): still open at D: progress report at D, final report open-ended until handled', { asOf: '2025-02-28T10:00:00+01:00' }, { 'progress-report': d, 'final-report': null }],
    ['art. 23(4)(e): still open long after D', { asOf: '2025-06-01T10:00:00+02:00' }, { 'progress-report': d, 'final-report': null }],
    ['art. 23(4)(d): a final report submitted by D ends the matter, even if handling ends later', { finalReportSubmittedAt: '2025-02-27T10:00:00+01:00', resolvedAt: '2025-03-31T12:00:00+02:00' }, { 'final-report': d }],
  ];
  it.each(cases)('%s', (_name, given, expected) => {
    const timing = Object.fromEntries(Object.entries(given).map(([name, iso]) => [name, at(iso)]));
    const nis2 = computeReportingDeadlines({ awareAt, regimes: ['nis2', 'cer'], ...timing }).filter((o) => o.regime === 'nis2' && !['early-warning', 'incident-notification'].includes(o.step));
    expect(Object.fromEntries(nis2.map((o) => [o.step, o.dueAt]))).toEqual(expected);
    for (const o of nis2) expect(o.basis).toMatch(o.step === 'progress-report' || (o.step === 'final-report' && 'progress-report' in expected) ? /^NIS2 art\. 23\(4\)\(e\)/ : /^NIS2 art\. 23\(4\)\(d\)/);
  });

  it('art. 23(4)(e): handled on 31 January of a leap year → final report on 29 February; the CER reports are unaffected', () => {
    const obligations = computeReportingDeadlines({ awareAt: at('2023-12-01T10:00:00+01:00'), regimes: ['nis2', 'cer'], resolvedAt: at('2024-01-31T10:00:00+01:00') });
    expect(obligations.map((o) => [`${o.regime}.${o.step}`, o.dueAtLocal])).toEqual([
      ['nis2.early-warning', '2023-12-02T10:00:00.000+01:00'],
      ['cer.initial-notification', '2023-12-02T10:00:00.000+01:00'],
      ['nis2.incident-notification', '2023-12-04T10:00:00.000+01:00'],
      ['cer.detailed-report', '2024-01-02T10:00:00.000+01:00'],
      ['nis2.progress-report', '2024-01-04T10:00:00.000+01:00'],
      ['nis2.final-report', '2024-02-29T10:00:00.000+01:00'],
    ]);
  });

  it('an open-ended final report sorts last', () => {
    const obligations = computeReportingDeadlines({ awareAt, regimes: ['nis2', 'cer'], asOf: at('2025-06-01T00:00:00Z') });
    expect(obligations.at(-1)).toMatchObject({ step: 'final-report', dueAt: null, dueAtLocal: null });
  });
});

describe('bad input is refused', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['an instant without an offset', () => parseInstant('2025-03-30T02:30:00', '/awareAt'), 'invalid-instant', '/awareAt'],
    ['text that is no date', () => parseInstant('yesterday', '/awareAt'), 'invalid-instant', '/awareAt'],
    ['an impossible date', () => parseInstant('2025-02-30T10:00:00Z', '/awareAt'), 'invalid-instant', '/awareAt'],
    ['no regime', () => computeReportingDeadlines({ awareAt: new Date(), regimes: [] }), 'no-regime', '/regimes'],
    ['an unknown regime', () => computeReportingDeadlines({ awareAt: new Date(), regimes: ['dora' as 'nis2'] }), 'unknown-regime', '/regimes/0'],
    [
      'a notification before awareness',
      () => computeReportingDeadlines({ awareAt: at('2025-06-02T09:00:00Z'), regimes: ['nis2'], notificationSubmittedAt: at('2025-06-01T09:00:00Z') }),
      'submitted-before-aware',
      '/notificationSubmittedAt',
    ],
    ['handling ended before awareness', () => computeReportingDeadlines({ awareAt: at('2025-06-02T09:00:00Z'), regimes: ['nis2'], resolvedAt: at('2025-06-01T09:00:00Z') }), 'dates-out-of-order', '/resolvedAt'],
    ['an invalid moment of evaluation', () => computeReportingDeadlines({ awareAt: at('2025-06-02T09:00:00Z'), regimes: ['nis2'], asOf: new Date(Number.NaN) }), 'invalid-instant', '/asOf'],
  ];
  it.each(cases)('%s', (_name, run, code, path) => {
    expect(run).toThrow(expect.objectContaining({ kind: 'invalid', code, details: [expect.objectContaining({ path })] }));
  });

  it('accepts Z and numeric offsets', () => {
    expect(at('2025-03-30T03:30:00+02:00').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(at('2025-03-30T01:30:00Z').toISOString()).toBe('2025-03-30T01:30:00.000Z');
  });
});


describe('an instant written in Europe/Amsterdam', () => {
  const luxonIso = (instant: Date) => DateTime.fromJSDate(instant, { zone: 'Europe/Amsterdam' }).toISO();

  it('on both sides of the clock changes, to the millisecond', () => {
    expect(amsterdamIso(new Date('2025-03-30T00:59:59.999Z'))).toBe('2025-03-30T01:59:59.999+01:00');
    expect(amsterdamIso(new Date('2025-03-30T01:00:00.000Z'))).toBe('2025-03-30T03:00:00.000+02:00');
    expect(amsterdamIso(new Date('2025-10-26T00:59:59.999Z'))).toBe('2025-10-26T02:59:59.999+02:00');
    expect(amsterdamIso(new Date('2025-10-26T01:00:00.000Z'))).toBe('2025-10-26T02:00:00.000+01:00');
  });

  it('as luxon writes it, from local mean time (before 1892) to 2100', () => {
    const hourAround = (transition: string) => fc.integer({ min: -3_600_000, max: 3_600_000 }).map((ms) => new Date(Date.parse(transition) + ms));
    const instants = fc.oneof(
      fc.date({ min: new Date('1850-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom('2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '1977-04-03T01:00:00Z', '1892-05-01T00:00:00Z').chain(hourAround),
    );
    fc.assert(fc.property(instants, (instant) => amsterdamIso(instant) === luxonIso(instant)), { numRuns: 5000 });
  });
});
