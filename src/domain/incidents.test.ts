import { describe, expect, it } from 'vitest';
import { applicableRegimes, assessSignificance, checkIntermediateRequest, checkReportContent, isLate, obligationsOf, type SignificanceFacts } from './incidents.ts';
import { parseInstant } from './reporting-deadlines.ts';

const none: SignificanceFacts = { severeOperationalDisruption: false, financialLoss: false, damageToOthers: false };

describe('NIS2 art. 23(3): a significant incident', () => {
  const cases: [string, Partial<SignificanceFacts>, boolean, string[]][] = [
    ['art. 23(3)(a): severe operational disruption', { severeOperationalDisruption: true }, true, ['NIS2 art. 23(3)(a)']],
    ['art. 23(3)(a): financial loss for the entity', { financialLoss: true }, true, ['NIS2 art. 23(3)(a)']],
    ['art. 23(3)(b): considerable damage to others', { damageToOthers: true }, true, ['NIS2 art. 23(3)(b)']],
    ['every criterion, each listed', { severeOperationalDisruption: true, financialLoss: true, damageToOthers: true }, true, ['NIS2 art. 23(3)(a)', 'NIS2 art. 23(3)(a)', 'NIS2 art. 23(3)(b)']],
    ['none: not significant, with the reason', {}, false, ['NIS2 art. 23(3)']],
  ];
  it.each(cases)('%s', (_name, facts, significant, bases) => {
    const assessment = assessSignificance({ ...none, ...facts });
    expect(assessment.significant).toBe(significant);
    expect(assessment.reasons.map((reason) => reason.basis)).toEqual(bases);
  });

  it('NIS2 art. 23(1): only a significant incident brings NIS2 obligations; CER ones stay', () => {
    expect(applicableRegimes(['nis2', 'cer'], assessSignificance(none))).toEqual(['cer']);
    const awareAt = parseInstant('2026-03-29T01:30:00+01:00', '/t');
    expect(obligationsOf({ awareAt, regimes: ['nis2'] }, assessSignificance(none))).toEqual([]);
    expect(obligationsOf({ awareAt, regimes: ['nis2'] }, assessSignificance({ ...none, damageToOthers: true })).map((o) => o.step)).toEqual(['early-warning', 'incident-notification', 'final-report']);
  });
});

describe('the content each report needs', () => {
  it('accepts a complete NIS2 art. 23(4)(a) early warning', () => {
    expect(() => checkReportContent('nis2', 'early-warning', { suspectedUnlawfulOrMalicious: true, crossBorderImpact: false })).not.toThrow();
  });
  const refusals: [string, Parameters<typeof checkReportContent>, string[]][] = [
    ['a missing required field', ['nis2', 'early-warning', { suspectedUnlawfulOrMalicious: true }], ['/content/crossBorderImpact']],
    ['an empty text', ['nis2', 'final-report', { detailedDescription: ' ', threatTypeOrRootCause: 'x', mitigation: 'y' }], ['/content/detailedDescription']],
    ['a wrong type', ['cer', 'detailed-report', { description: 'x', usersAffected: 'many', durationHours: 2, geographicArea: 'Zeeland' }], ['/content/usersAffected']],
    ['a negative number', ['cer', 'detailed-report', { description: 'x', usersAffected: -1, durationHours: 2, geographicArea: 'Zeeland' }], ['/content/usersAffected']],
    ['an unknown field', ['nis2', 'incident-notification', { severityAndImpact: 'x', colour: 'red' }], ['/content/colour']],
  ];
  it.each(refusals)('refuses %s, naming the path', (_name, args, paths) => {
    expect(() => checkReportContent(...args)).toThrow(expect.objectContaining({ code: 'report-content-invalid', details: paths.map((path) => expect.objectContaining({ path })) }));
  });
});

describe('late: submitted after the deadline, or overdue', () => {
  const due = new Date('2026-03-30T00:30:00Z');
  const cases: [string, Date | null, Date, boolean][] = [
    ['submitted before the deadline', new Date('2026-03-30T00:00:00Z'), new Date('2026-04-10T00:00:00Z'), false],
    ['submitted exactly at the deadline', due, new Date('2026-04-10T00:00:00Z'), false],
    ['submitted after the deadline', new Date('2026-03-30T00:31:00Z'), new Date('2026-04-10T00:00:00Z'), true],
    ['not submitted, deadline ahead', null, new Date('2026-03-30T00:00:00Z'), false],
    ['not submitted, deadline passed (overdue)', null, new Date('2026-03-30T00:30:01Z'), true],
  ];
  it.each(cases)('%s', (_name, submittedAt, now, late) => expect(isLate(due, submittedAt, now)).toBe(late));

  it('NIS2 art. 23(4)(e): a final report due one month after handling, not yet handled, is never late', () => {
    expect(isLate(null, null, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('NIS2 art. 23(4)(c) and (e): the content of the intermediate and the progress report', () => {
  const cases: [string, Parameters<typeof checkReportContent>, boolean][] = [
    ['art. 23(4)(c): an intermediate report with its status update', ['nis2', 'intermediate-report', { statusUpdate: 'Restored 60 % of the substations.' }], true],
    ['art. 23(4)(c): an intermediate report without one', ['nis2', 'intermediate-report', {}], false],
    ['art. 23(4)(e): a progress report with its progress', ['nis2', 'progress-report', { progress: 'Still recovering the SCADA servers.', expectedEnd: 'mid-March' }], true],
    ['art. 23(4)(e): a progress report without it', ['nis2', 'progress-report', { mitigation: 'x' }], false],
  ];
  it.each(cases)('%s', (_name, args, valid) => {
    if (valid) expect(() => checkReportContent(...args)).not.toThrow();
    else expect(() => checkReportContent(...args)).toThrow(expect.objectContaining({ code: 'report-content-invalid' }));
  });
});

describe('NIS2 art. 23(4)(c): an intermediate report on request', () => {
  const requestedAt = new Date('2026-03-30T10:00:00Z');
  const significant = assessSignificance({ ...none, financialLoss: true });
  const cases: [string, Parameters<typeof checkIntermediateRequest>, string | null][] = [
    ['a significant NIS2 incident, due after the request', [['nis2', 'cer'], significant, requestedAt, new Date('2026-04-02T10:00:00Z')], null],
    ['art. 23(3): not significant, so no NIS2 obligation to ask for', [['nis2'], assessSignificance(none), requestedAt, new Date('2026-04-02T10:00:00Z')], 'no-nis2-obligation'],
    ['a CER-only incident', [['cer'], significant, requestedAt, new Date('2026-04-02T10:00:00Z')], 'no-nis2-obligation'],
    ['a due date at the request itself', [['nis2'], significant, requestedAt, requestedAt], 'dates-out-of-order'],
  ];
  it.each(cases)('%s', (_name, args, code) => {
    if (code === null) expect(() => checkIntermediateRequest(...args)).not.toThrow();
    else expect(() => checkIntermediateRequest(...args)).toThrow(expect.objectContaining({ code, details: [expect.objectContaining({ path: '/dueAt' })] }));
  });
});
