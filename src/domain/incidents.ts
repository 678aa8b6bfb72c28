import { invalid, type ErrorDetail } from './errors.ts';
import { computeReportingDeadlines, type IncidentTiming, type ReportingRegime, type ReportingStep, type ReportObligation } from './reporting-deadlines.ts';

/** An incident is open until its handling ends (NIS2 art. 23(4)(e) distinguishes an incident still ongoing). */
export const incidentStatuses = ['open', 'resolved'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** Who receives a report; resolved to organisations by the service (data/reference/incident-recipients.json). */
export const recipientKinds = ['csirt', 'supervisor', 'coordinator'] as const;
export type RecipientKind = (typeof recipientKinds)[number];

/** The three facts NIS2 art. 23(3) weighs; each "has caused or is capable of causing". */
export interface SignificanceFacts {
  /** Art. 23(3)(a): severe operational disruption of the services. */
  severeOperationalDisruption: boolean;
  /** Art. 23(3)(a): financial loss for the entity concerned. */
  financialLoss: boolean;
  /** Art. 23(3)(b): considerable material or non-material damage to other natural or legal persons. */
  damageToOthers: boolean;
}

export interface SignificanceAssessment {
  significant: boolean;
  reasons: { basis: string; text: string }[];
}

/**
 * NIS2 art. 23(3): an incident is significant when it has caused or can cause (a) severe operational disruption of the
 * services or financial loss for the entity, or (b) considerable material or non-material damage to others. Every
 * reason that applies is listed; an incident meeting none is not significant, and so has no NIS2 report obligation.
 */
export function assessSignificance(facts: SignificanceFacts): SignificanceAssessment {
  const reasons: SignificanceAssessment['reasons'] = [];
  if (facts.severeOperationalDisruption) reasons.push({ basis: 'NIS2 art. 23(3)(a)', text: 'has caused or can cause severe operational disruption of the services' });
  if (facts.financialLoss) reasons.push({ basis: 'NIS2 art. 23(3)(a)', text: 'has caused or can cause financial loss for the entity concerned' });
  if (facts.damageToOthers) reasons.push({ basis: 'NIS2 art. 23(3)(b)', text: 'has affected or can affect other natural or legal persons by causing considerable material or non-material damage' });
  if (reasons.length === 0) return { significant: false, reasons: [{ basis: 'NIS2 art. 23(3)', text: 'none of the criteria of art. 23(3)(a) or (b) is met: not a significant incident, no NIS2 report is due' }] };
  return { significant: true, reasons };
}

export type ReportFieldType = 'text' | 'boolean' | 'number';

export interface ReportField {
  name: string;
  type: ReportFieldType;
  required: boolean;
  description: string;
}

const field = (name: string, type: ReportFieldType, description: string, required = true): ReportField => ({ name, type, required, description });

/** The content each report needs: NIS2 art. 23(4)(a)–(e) and CER art. 15(1)–(2) (REFERENCE.md §5.6, §6.2). */
export const reportContents: Partial<Record<`${ReportingRegime}.${ReportingStep}`, ReportField[]>> = {
  'nis2.early-warning': [
    field('suspectedUnlawfulOrMalicious', 'boolean', 'Art. 23(4)(a): whether the incident is suspected of being caused by unlawful or malicious acts'),
    field('crossBorderImpact', 'boolean', 'Art. 23(4)(a): whether it could have a cross-border impact'),
  ],
  'nis2.incident-notification': [
    field('severityAndImpact', 'text', 'Art. 23(4)(b): an initial assessment of the incident, its severity and impact'),
    field('earlyWarningUpdate', 'text', 'Art. 23(4)(b): the information of the early warning, updated', false),
    field('indicatorsOfCompromise', 'text', 'Art. 23(4)(b): indicators of compromise, where available', false),
  ],
  'nis2.intermediate-report': [field('statusUpdate', 'text', 'Art. 23(4)(c): the relevant status updates the CSIRT or competent authority asked for')],
  'nis2.progress-report': [
    field('progress', 'text', 'Art. 23(4)(e): the state of the incident, still ongoing at the final-report deadline'),
    field('mitigation', 'text', 'Art. 23(4)(e), (d)(iii): mitigation measures applied and ongoing so far', false),
    field('expectedEnd', 'text', 'Art. 23(4)(e): when the handling is expected to end, as far as known', false),
  ],
  'nis2.final-report': [
    field('detailedDescription', 'text', 'Art. 23(4)(d)(i): a detailed description, including its severity and impact'),
    field('threatTypeOrRootCause', 'text', 'Art. 23(4)(d)(ii): the type of threat or root cause that is likely to have triggered it'),
    field('mitigation', 'text', 'Art. 23(4)(d)(iii): applied and ongoing mitigation measures'),
    field('crossBorderImpact', 'text', 'Art. 23(4)(d)(iv): the cross-border impact, where applicable', false),
  ],
  'cer.initial-notification': [
    field('nature', 'text', 'CER art. 15(1): the nature of the incident'),
    field('cause', 'text', 'CER art. 15(1): its cause, as far as known', false),
    field('consequences', 'text', 'CER art. 15(1): its possible consequences, including cross-border impact'),
    field('usersAffected', 'number', 'CER art. 15(2)(a): the number and proportion of users affected', false),
    field('durationHours', 'number', 'CER art. 15(2)(b): the duration, in hours', false),
    field('geographicArea', 'text', 'CER art. 15(2)(c): the geographic area affected, including isolated areas', false),
  ],
  'cer.detailed-report': [
    field('description', 'text', 'CER art. 15(1): a detailed report of the incident'),
    field('usersAffected', 'number', 'CER art. 15(2)(a): the number and proportion of users affected'),
    field('durationHours', 'number', 'CER art. 15(2)(b): the duration, in hours'),
    field('geographicArea', 'text', 'CER art. 15(2)(c): the geographic area affected, including isolated areas'),
  ],
};

/** The fields of one report; empty for a step that does not exist in the regime. */
export const reportFieldsOf = (regime: ReportingRegime, step: ReportingStep): ReportField[] => reportContents[`${regime}.${step}`] ?? [];

const typeOf = (value: unknown): ReportFieldType | 'other' =>
  typeof value === 'string' ? 'text' : typeof value === 'boolean' ? 'boolean' : typeof value === 'number' && Number.isFinite(value) ? 'number' : 'other';

/** Refuses content with a missing required field, an unknown field, an empty text or a value of the wrong type; paths under `path`. */
export function checkReportContent(regime: ReportingRegime, step: ReportingStep, content: Record<string, unknown>, path = '/content'): void {
  const fields = reportFieldsOf(regime, step);
  const details: ErrorDetail[] = [];
  for (const spec of fields) {
    const value = content[spec.name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (spec.required) details.push({ path: `${path}/${spec.name}`, message: `required: ${spec.description}` });
    } else if (typeOf(value) !== spec.type || (spec.type === 'number' && (value as number) < 0)) details.push({ path: `${path}/${spec.name}`, message: `must be ${spec.type === 'number' ? 'a non-negative number' : `a ${spec.type}`}` });
  }
  for (const name of Object.keys(content)) if (!fields.some((spec) => spec.name === name)) details.push({ path: `${path}/${name}`, message: `unknown field; the ${regime} ${step} takes: ${fields.map((spec) => spec.name).join(', ')}` });
  if (details.length) throw invalid('report-content-invalid', `The ${regime} ${step} is incomplete or malformed: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, details);
}

/** The regimes whose obligations apply: NIS2 reports only a significant incident (art. 23(1), (3)); CER as chosen. */
export const applicableRegimes = (regimes: readonly ReportingRegime[], significance: SignificanceAssessment): ReportingRegime[] =>
  regimes.filter((regime) => regime !== 'nis2' || significance.significant);

/** Every report obligation of an incident (empty when no regime applies), from reporting-deadlines.ts. */
export function obligationsOf(timing: IncidentTiming, significance: SignificanceAssessment): ReportObligation[] {
  const regimes = applicableRegimes(timing.regimes, significance);
  return regimes.length === 0 ? [] : computeReportingDeadlines({ ...timing, regimes });
}

/**
 * Late: submitted after its deadline, or not submitted while the deadline has passed (overdue). A late report is
 * accepted and kept; the flag only records the lateness.
 */
export function isLate(dueAt: Date | null, submittedAt: Date | null, now: Date): boolean {
  // An open-ended deadline (the final report of an incident still being handled, NIS2 art. 23(4)(e)) cannot be missed.
  if (!dueAt) return false;
  return submittedAt ? submittedAt.getTime() > dueAt.getTime() : now.getTime() > dueAt.getTime();
}

/**
 * NIS2 art. 23(4)(c): the CSIRT or the competent authority asks for an intermediate report by a date it sets. The
 * request needs an incident with a NIS2 obligation (a significant incident under NIS2) and a date after the request.
 */
export function checkIntermediateRequest(regimes: readonly ReportingRegime[], significance: SignificanceAssessment, requestedAt: Date, dueAt: Date): void {
  if (!applicableRegimes(regimes, significance).includes('nis2'))
    throw invalid('no-nis2-obligation', 'An intermediate report (NIS2 art. 23(4)(c)) can only be requested for a significant incident under NIS2.', [{ path: '/dueAt', message: 'the incident has no NIS2 obligation' }]);
  if (dueAt.getTime() <= requestedAt.getTime()) throw invalid('dates-out-of-order', 'The intermediate report must be due after the request.', [{ path: '/dueAt', message: 'must lie after the request' }]);
}
