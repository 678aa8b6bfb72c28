import { invalid, type ErrorDetail } from './errors.ts';

/**
 * Risk scenarios of cycle step 2, scored on the structure of the national risk assessment method (REFERENCE.md §3):
 * a likelihood class, an impact class per impact criterion, aggregated to one impact score and placed in a risk
 * diagram (likelihood × impact). Classes, their boundaries, scores and weights are unconfirmed, hence data
 * (data/reference/risk-method.json); the threat landscape is data too (data/reference/threats.json).
 */
export const scorePhases = ['analysis', 'reassessment'] as const;
export type ScorePhase = (typeof scorePhases)[number];

export interface RiskClass {
  class: string;
  nameNl: string;
  nameEn: string;
  score: number;
  lowerPercent?: number;
  upperPercent?: number;
}

export interface ImpactCriterionDefinition {
  key: string;
  interest: string;
  nameNl: string;
  nameEn: string;
  weight: number;
  confirmed: boolean;
  /** Numeric class boundaries of the criterion; null where the official values could not be retrieved. */
  boundaries: Record<string, unknown> | null;
}

export interface RiskMethod {
  label: string;
  source: string;
  confirmed: boolean;
  likelihood: { horizonYears: number; confirmed: boolean; source: string; classes: RiskClass[] };
  impact: { confirmed: boolean; source: string; notApplicable: string; classes: RiskClass[] };
  criteria: ImpactCriterionDefinition[];
  aggregation: { confirmed: boolean; rule: string; source: string };
}

export interface ThreatCatalogue {
  label: string;
  source: string;
  confirmed: boolean;
  threats: { key: string; group: string; nameNl: string; nameEn: string; confirmed: boolean; subThreats: { key: string; nameNl: string; nameEn: string }[] }[];
}

const isClassList = (classes: unknown): classes is RiskClass[] =>
  Array.isArray(classes) &&
  classes.length >= 2 &&
  classes.every((entry: RiskClass, index) => typeof entry?.class === 'string' && typeof entry.nameEn === 'string' && typeof entry.nameNl === 'string' && Number.isFinite(entry.score) && (index === 0 || entry.score > (classes[index - 1] as RiskClass).score));

/** Checks a risk-method file: class lists with increasing scores, criteria with unique keys and positive weights. */
export function parseRiskMethod(input: unknown): RiskMethod {
  const method = input as RiskMethod;
  const keys = Array.isArray(method?.criteria) ? method.criteria.map((criterion) => criterion?.key) : [];
  const ok =
    typeof method?.label === 'string' &&
    typeof method.confirmed === 'boolean' &&
    isClassList(method.likelihood?.classes) &&
    isClassList(method.impact?.classes) &&
    typeof method.impact.notApplicable === 'string' &&
    keys.length > 0 &&
    new Set(keys).size === keys.length &&
    method.criteria.every((criterion) => typeof criterion.key === 'string' && typeof criterion.nameEn === 'string' && Number.isFinite(criterion.weight) && criterion.weight > 0);
  if (!ok) throw invalid('file-unreadable', 'The risk method needs likelihood and impact classes with increasing scores and criteria with unique keys and positive weights.');
  return method;
}

/** Checks a threat catalogue file: unique threat keys, each with sub-threats. */
export function parseThreatCatalogue(input: unknown): ThreatCatalogue {
  const catalogue = input as ThreatCatalogue;
  const threats = Array.isArray(catalogue?.threats) ? catalogue.threats : [];
  const ok =
    typeof catalogue?.source === 'string' &&
    threats.length > 0 &&
    new Set(threats.map((threat) => threat.key)).size === threats.length &&
    threats.every((threat) => typeof threat.key === 'string' && typeof threat.nameEn === 'string' && Array.isArray(threat.subThreats));
  if (!ok) throw invalid('file-unreadable', 'The threat catalogue needs a source and threats with unique keys and sub-threats.');
  return catalogue;
}

/** Throws `threat-unknown` unless the threat (and sub-threat, when given) is in the catalogue. */
export function checkThreat(catalogue: ThreatCatalogue, threatKey: string, subThreatKey?: string, path = '/threatKey'): void {
  const threat = catalogue.threats.find((entry) => entry.key === threatKey);
  if (!threat) throw invalid('threat-unknown', `Unknown threat ${threatKey}; the catalogue has ${catalogue.threats.map((entry) => entry.key).join(', ')}.`, [{ path, message: 'not in the threat catalogue' }]);
  if (subThreatKey && !threat.subThreats.some((entry) => entry.key === subThreatKey))
    throw invalid('threat-unknown', `Unknown sub-threat ${subThreatKey} of ${threatKey}.`, [{ path: '/subThreatKey', message: 'not a sub-threat of this threat' }]);
}

export const aggregationRuleText = (method: RiskMethod) =>
  `Impact score = weighted mean of the class scores (${method.impact.classes.map((entry) => `${entry.class}=${entry.score}`).join(', ')}) over the criteria assessed, ${method.impact.notApplicable} (not applicable) left out; ` +
  'the aggregated impact class is the class whose score is nearest (ties go to the higher class); ' +
  `risk score = likelihood score (${method.likelihood.classes.map((entry) => `${entry.class}=${entry.score}`).join(', ')}) × impact score.`;

export interface ScenarioScoreInput {
  likelihoodClass: string;
  /** Impact class per criterion key; the not-applicable class for criteria that do not apply. */
  impacts: Record<string, string>;
}

export interface ScenarioScore {
  likelihoodClass: string;
  likelihoodScore: number;
  impacts: Record<string, string>;
  impactScore: number;
  impactClass: string;
  riskScore: number;
}

/** The class of `classes` whose score is nearest to `score`; a tie goes to the higher class (the cautious reading). */
export function nearestClass(classes: readonly RiskClass[], score: number): RiskClass {
  let best = classes[0] as RiskClass;
  for (const entry of classes) if (Math.abs(entry.score - score) <= Math.abs(best.score - score)) best = entry;
  return best;
}

/**
 * Aggregates one scenario by the method's rule (see `aggregationRuleText`). Throws `risk-class-invalid` naming every
 * unknown class or criterion; at least one criterion must carry an impact class other than not-applicable.
 */
export function scoreScenario(method: RiskMethod, input: ScenarioScoreInput): ScenarioScore {
  const details: ErrorDetail[] = [];
  const likelihood = method.likelihood.classes.find((entry) => entry.class === input.likelihoodClass);
  if (!likelihood) details.push({ path: '/likelihoodClass', message: `must be one of ${method.likelihood.classes.map((entry) => entry.class).join(', ')}` });
  let weighted = 0;
  let weights = 0;
  for (const [key, value] of Object.entries(input.impacts)) {
    const criterion = method.criteria.find((entry) => entry.key === key);
    if (!criterion) {
      details.push({ path: `/impacts/${key}`, message: 'not a criterion of the risk method' });
      continue;
    }
    if (value === method.impact.notApplicable) continue;
    const impact = method.impact.classes.find((entry) => entry.class === value);
    if (!impact) {
      details.push({ path: `/impacts/${key}`, message: `must be one of ${[...method.impact.classes.map((entry) => entry.class), method.impact.notApplicable].join(', ')}` });
      continue;
    }
    weighted += criterion.weight * impact.score;
    weights += criterion.weight;
  }
  if (details.length === 0 && weights === 0) details.push({ path: '/impacts', message: 'at least one criterion needs an impact class' });
  if (details.length > 0 || !likelihood) throw invalid('risk-class-invalid', 'The scenario’s classes do not fit the risk method (data/reference/risk-method.json).', details);
  const impactScore = Math.round((weighted / weights) * 100) / 100;
  return {
    likelihoodClass: likelihood.class,
    likelihoodScore: likelihood.score,
    impacts: input.impacts,
    impactScore,
    impactClass: nearestClass(method.impact.classes, impactScore).class,
    riskScore: Math.round(likelihood.score * impactScore * 100) / 100,
  };
}

/** The score of a class of `classes`, or undefined. */
export const classScore = (classes: readonly RiskClass[], name: string | null | undefined) => classes.find((entry) => entry.class === name)?.score;
