import { DateTime, IANAZone } from 'luxon';
import { invalid } from './errors.ts';

/**
 * Report obligations of one incident under NIS2 art. 23(4) and CER art. 15(1) (REFERENCE.md §5.6, §6.2).
 * Periods in hours are elapsed time; "one month" is a calendar month in Europe/Amsterdam: the same local time on
 * the same day of the next month, or on its last day when that day does not exist (31 January → 28 or 29 February).
 * Instants are stored in UTC; deadlines are shown in Europe/Amsterdam as well.
 */
export const reportingZone = 'Europe/Amsterdam';

const hourMs = 3_600_000;
const zone = IANAZone.create(reportingZone);
const offsetByHour = new Map<number, number>();
const cachedHours = 100_000;
const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * The same instant in Europe/Amsterdam with its offset (`2025-03-31T02:30:00.000+02:00`), exactly as luxon's `toISO`
 * writes it. The zone's offset is looked up once per hour of UTC: luxon asks Intl for it at every call (10 µs), and a
 * page of incidents writes hundreds of these. An hour whose offset is not one whole number of minutes throughout (none
 * since the local mean time of 1892, 17.5 minutes ahead of UTC) is left to luxon.
 */
export function amsterdamIso(instant: Date): string {
  const time = instant.getTime();
  const hour = Math.floor(time / hourMs);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = zone.offset(hour * hourMs);
    offset = Number.isInteger(start) && start === zone.offset((hour + 1) * hourMs - 1) ? start : Number.NaN;
    if (offsetByHour.size >= cachedHours) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  const local = new Date(time + offset * 60_000);
  const year = local.getUTCFullYear();
  if (Number.isNaN(offset) || year < 0 || year > 9999) return DateTime.fromJSDate(instant, { zone: reportingZone }).toISO() as string;
  const magnitude = Math.abs(offset);
  return `${local.toISOString().slice(0, 23)}${offset < 0 ? '-' : '+'}${twoDigits(Math.floor(magnitude / 60))}:${twoDigits(magnitude % 60)}`;
}

export const reportingRegimes = ['nis2', 'cer'] as const;
export type ReportingRegime = (typeof reportingRegimes)[number];

export const reportingSteps = ['early-warning', 'incident-notification', 'intermediate-report', 'progress-report', 'final-report', 'initial-notification', 'detailed-report'] as const;
export type ReportingStep = (typeof reportingSteps)[number];

export interface IncidentTiming {
  /** When the entity became aware of the (significant) incident. */
  awareAt: Date;
  regimes: readonly ReportingRegime[];
  /** NIS2 art. 23(4), second subparagraph: a significant incident with an impact on the provision of trust services. */
  trustService?: boolean;
  /** When the NIS2 incident notification was submitted; the final report runs from it (art. 23(4)(d)). */
  notificationSubmittedAt?: Date;
  /** When the CER initial notification was submitted; the detailed report runs from it (art. 15(1)). */
  initialNotificationSubmittedAt?: Date;
  /** When the NIS2 final report was submitted; submitted by its deadline, art. 23(4)(e) no longer applies. */
  finalReportSubmittedAt?: Date;
  /** When the handling of the incident ended (closed); decides whether it was still ongoing at the final-report deadline (art. 23(4)(e)). */
  resolvedAt?: Date;
  /**
   * The moment of evaluation. An incident not resolved by then is ongoing at a final-report deadline that has passed
   * (art. 23(4)(e)); without it, an unresolved incident is taken to be handled by the deadline.
   */
  asOf?: Date;
}

export interface ReportObligation {
  regime: ReportingRegime;
  step: ReportingStep;
  /**
   * UTC ISO 8601, e.g. `2025-03-31T00:30:00.000Z`; null only for the final report of an incident still ongoing at the
   * final-report deadline and not yet handled: it falls due one month after the handling ends (art. 23(4)(e)).
   */
  dueAt: string | null;
  /** Europe/Amsterdam ISO 8601 with its offset, e.g. `2025-03-31T02:30:00.000+02:00`; null with `dueAt`. */
  dueAtLocal: string | null;
  basis: string;
}

type Period = { hours: number } | { months: number };

interface ReportRule {
  regime: ReportingRegime;
  step: ReportingStep;
  period: Period;
  /** The step the period runs from (its submission when known, else its deadline); awareness when absent. */
  after?: ReportingStep;
  basis: string;
}

/** The periods of each report, as data. */
export const reportRules = {
  nis2EarlyWarning: { regime: 'nis2', step: 'early-warning', period: { hours: 24 }, basis: 'NIS2 art. 23(4)(a): early warning within 24 hours of becoming aware' },
  nis2Notification: { regime: 'nis2', step: 'incident-notification', period: { hours: 72 }, basis: 'NIS2 art. 23(4)(b): incident notification within 72 hours of becoming aware' },
  nis2TrustServiceNotification: {
    regime: 'nis2',
    step: 'incident-notification',
    period: { hours: 24 },
    basis: 'NIS2 art. 23(4), second subparagraph: trust service provider, incident notification within 24 hours of becoming aware',
  },
  nis2FinalReport: { regime: 'nis2', step: 'final-report', period: { months: 1 }, after: 'incident-notification', basis: 'NIS2 art. 23(4)(d): final report within one month after the incident notification' },
  nis2ProgressReport: {
    regime: 'nis2',
    step: 'progress-report',
    period: { months: 1 },
    after: 'incident-notification',
    basis: 'NIS2 art. 23(4)(e): progress report at the final-report deadline, the incident being still ongoing then',
  },
  nis2FinalReportAfterHandling: { regime: 'nis2', step: 'final-report', period: { months: 1 }, basis: 'NIS2 art. 23(4)(e): final report within one month after the handling of the incident' },
  cerInitialNotification: { regime: 'cer', step: 'initial-notification', period: { hours: 24 }, basis: 'CER art. 15(1): initial notification within 24 hours of becoming aware' },
  // "No later than one month thereafter": read as one month after the initial notification.
  cerDetailedReport: { regime: 'cer', step: 'detailed-report', period: { months: 1 }, after: 'initial-notification', basis: 'CER art. 15(1): detailed report, where relevant, within one month after the initial notification' },
} satisfies Record<string, ReportRule>;

/**
 * `from` plus a period: hours as elapsed time, months in the Europe/Amsterdam calendar (clamped to the month's
 * last day). A local time that the clocks skip moves forward (02:30 → 03:30 CEST, the same instant as 02:30 CET);
 * one that occurs twice in October takes the earlier instant, so the deadline is never later than either reading.
 */
export function addReportingPeriod(from: Date, period: Period): Date {
  if ('hours' in period) return new Date(from.getTime() + period.hours * hourMs);
  const local = DateTime.fromJSDate(from, { zone: reportingZone }).plus({ months: period.months });
  return new Date(Math.min(local.toMillis(), ...local.getPossibleOffsets().map((candidate) => candidate.toMillis())));
}

/** NIS2 art. 23(4)(c): an intermediate report on request of the CSIRT or the competent authority, by the date it sets. */
export const intermediateReportBasis = 'NIS2 art. 23(4)(c): intermediate report on request of the CSIRT or the competent authority, with relevant status updates';

const obligationOf = (rule: ReportRule, due: Date | null): ReportObligation => ({
  regime: rule.regime,
  step: rule.step,
  dueAt: due ? due.toISOString() : null,
  dueAtLocal: due ? amsterdamIso(due) : null,
  basis: rule.basis,
});

function checkTiming(incident: IncidentTiming) {
  const instants = {
    awareAt: incident.awareAt,
    notificationSubmittedAt: incident.notificationSubmittedAt,
    initialNotificationSubmittedAt: incident.initialNotificationSubmittedAt,
    finalReportSubmittedAt: incident.finalReportSubmittedAt,
    resolvedAt: incident.resolvedAt,
    asOf: incident.asOf,
  };
  for (const [name, instant] of Object.entries(instants))
    if (instant !== undefined && Number.isNaN(instant.getTime())) throw invalid('invalid-instant', `${name} is not a valid instant.`, [{ path: `/${name}`, message: 'not a valid instant' }]);
  if (incident.regimes.length === 0) throw invalid('no-regime', `Give at least one regime: ${reportingRegimes.join(', ')}.`, [{ path: '/regimes', message: 'must not be empty' }]);
  incident.regimes.forEach((regime, index) => {
    if (!reportingRegimes.includes(regime))
      throw invalid('unknown-regime', `Unknown regime "${regime}"; choose from: ${reportingRegimes.join(', ')}.`, [{ path: `/regimes/${index}`, message: `must be one of: ${reportingRegimes.join(', ')}` }]);
  });
  for (const name of ['notificationSubmittedAt', 'initialNotificationSubmittedAt'] as const) {
    const submitted = incident[name];
    if (submitted && submitted.getTime() < incident.awareAt.getTime())
      throw invalid('submitted-before-aware', `${name} lies before awareAt.`, [{ path: `/${name}`, message: 'must not lie before awareAt' }]);
  }
  if (incident.resolvedAt && incident.resolvedAt.getTime() < incident.awareAt.getTime())
    throw invalid('dates-out-of-order', 'resolvedAt lies before awareAt.', [{ path: '/resolvedAt', message: 'must not lie before awareAt' }]);
}

/**
 * Every report obligation of one incident, ordered by deadline: NIS2 early warning (24 h), incident notification
 * (72 h, or 24 h for trust services) and final report (one month after the notification: its submission when
 * given, else its deadline); CER initial notification (24 h) and detailed report (one month after the initial
 * notification).
 *
 * NIS2 art. 23(4)(e): when the incident is still ongoing at the final-report deadline (resolved after it, or not
 * resolved at `asOf` past it), a progress report is due at that deadline instead, and the final report one month
 * after the handling ended (`dueAt` null while it has not). The intermediate report of art. 23(4)(c) exists only on
 * request, with the date the requester sets, and so is not computed here (`intermediateReportBasis`).
 */
export function computeReportingDeadlines(incident: IncidentTiming): ReportObligation[] {
  checkTiming(incident);
  const obligations: ReportObligation[] = [];
  const chain = (rules: ReportRule[], submitted: Partial<Record<ReportingStep, Date>>) => {
    const dueOf: Partial<Record<ReportingStep, Date>> = {};
    for (const rule of rules) {
      const from = rule.after ? (submitted[rule.after] ?? dueOf[rule.after]) : incident.awareAt;
      const due = addReportingPeriod(from as Date, rule.period);
      dueOf[rule.step] = due;
      obligations.push(obligationOf(rule, due));
    }
    return dueOf;
  };
  if (incident.regimes.includes('nis2')) {
    const due = chain([reportRules.nis2EarlyWarning, incident.trustService ? reportRules.nis2TrustServiceNotification : reportRules.nis2Notification, reportRules.nis2FinalReport], {
      'incident-notification': incident.notificationSubmittedAt,
    });
    const finalDue = due['final-report'] as Date;
    const { resolvedAt, asOf } = incident;
    const finalInTime = incident.finalReportSubmittedAt !== undefined && incident.finalReportSubmittedAt.getTime() <= finalDue.getTime();
    const ongoing = !finalInTime && (resolvedAt ? resolvedAt.getTime() > finalDue.getTime() : asOf !== undefined && asOf.getTime() >= finalDue.getTime());
    if (ongoing) {
      const index = obligations.findIndex((o) => o.regime === 'nis2' && o.step === 'final-report');
      obligations.splice(index, 1, obligationOf(reportRules.nis2ProgressReport, finalDue), obligationOf(reportRules.nis2FinalReportAfterHandling, resolvedAt ? addReportingPeriod(resolvedAt, reportRules.nis2FinalReportAfterHandling.period) : null));
    }
  }
  if (incident.regimes.includes('cer'))
    chain([reportRules.cerInitialNotification, reportRules.cerDetailedReport], { 'initial-notification': incident.initialNotificationSubmittedAt });
  const regimeOrder = (regime: ReportingRegime) => reportingRegimes.indexOf(regime);
  // An open-ended deadline (null) sorts last.
  const order = (dueAt: string | null) => (dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(dueAt));
  return obligations.sort((a, b) => order(a.dueAt) - order(b.dueAt) || regimeOrder(a.regime) - regimeOrder(b.regime));
}

const offsetPattern = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant from ISO 8601 text that states its offset (`Z` or `+01:00`); text without an offset is refused,
 * because a local time is ambiguous when the clocks go back. `path` locates the value in DomainError details.
 */
export function parseInstant(text: string, path: string): Date {
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!offsetPattern.test(text.trim()) || !parsed.isValid)
    throw invalid('invalid-instant', `"${text}" is not an ISO 8601 instant with an offset, such as 2025-03-30T01:30:00Z or 2025-03-30T03:30:00+02:00.`, [
      { path, message: 'must be an ISO 8601 date-time with Z or an offset' },
    ]);
  return parsed.toJSDate();
}
