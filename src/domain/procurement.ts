import type { ErrorDetail } from './errors.ts';

/**
 * Procurement risk assessment (issue 5 item 6; Toolbox veilig inkopen, REFERENCE.md §8.1): a quickscan decides
 * whether a planned purchase needs a full risk analysis, with its reasons; the full analysis lists risks of the four
 * risk types with measures and scores the purchase on weighted criteria, national security among them with its
 * weight shown. The official QuickScan questions are not confirmed [U]; the triggers below are Vitaal's reading of
 * the four risk types, and their parameters (alternatives, trusted jurisdictions, weights) are reference data.
 */

/** The risk types of the Ondernemersloket Economische Veiligheid [C, S36]. */
export const procurementRiskTypes = ['continuity', 'leakage', 'strategic-dependency', 'physical-access'] as const;
export type ProcurementRiskType = (typeof procurementRiskTypes)[number];

export const dataAccessLevels = ['none', 'business', 'confidential', 'classified'] as const;
export type DataAccess = (typeof dataAccessLevels)[number];

/** How far the supplier reaches into the buyer's networks: none, remote support, inside the network, privileged (administrator, OT). */
export const networkAccessLevels = ['none', 'remote', 'internal', 'privileged'] as const;
export type NetworkAccess = (typeof networkAccessLevels)[number];

/** Derived from the asset the purchase is for: a key asset, an asset serving a vital process, another asset; unknown without an asset. */
export type AssetCriticality = 'key-asset' | 'vital-process' | 'other' | 'unknown';

export interface QuickscanFacts {
  dataAccess: DataAccess;
  networkAccess: NetworkAccess;
  physicalAccess: boolean;
  assetCriticality: AssetCriticality;
  /** The vendor as the register knows it; null when the purchase names no registered vendor. */
  vendor: { country: string; controlledFromCountry: string | null } | null;
  /** High-risk country rules the vendor (or its manufacturer) matches, from the country policy. */
  highRiskMatches: { country: string; relation: 'established-in' | 'controlled-from' }[];
  /** Qualified alternatives known for the product or asset class; null when unknown. */
  qualifiedAlternatives: number | null;
}

export interface QuickscanRules {
  /** Fewer qualified alternatives than this, for a vital asset, is a strategic dependency. */
  minQualifiedAlternatives: number;
  /** Jurisdictions where confidential data may be held without a full analysis (ISO alpha-2). */
  trustedJurisdictions: readonly string[];
}

export type QuickscanReasonCode =
  | 'high-risk-jurisdiction'
  | 'jurisdiction-unknown'
  | 'classified-data'
  | 'data-outside-trusted-jurisdiction'
  | 'access-to-critical-asset'
  | 'few-alternatives'
  | 'physical-access';

export interface QuickscanReason {
  code: QuickscanReasonCode;
  riskTypes: ProcurementRiskType[];
  text: string;
}

export interface QuickscanOutcome {
  fullAnalysisRequired: boolean;
  reasons: QuickscanReason[];
}

const vital = (criticality: AssetCriticality) => criticality === 'key-asset' || criticality === 'vital-process';

/** Decides whether the purchase needs a full risk analysis; every trigger that fires is a reason. */
export function decideQuickscan(facts: QuickscanFacts, rules: QuickscanRules): QuickscanOutcome {
  const reasons: QuickscanReason[] = [];
  const reach = facts.dataAccess !== 'none' || facts.networkAccess !== 'none' || facts.physicalAccess;
  for (const match of facts.highRiskMatches)
    reasons.push({
      code: 'high-risk-jurisdiction',
      riskTypes: ['continuity', 'leakage'],
      text: `The vendor is ${match.relation === 'established-in' ? 'established in' : 'controlled from'} ${match.country}, on the high-risk country list.`,
    });
  if (facts.vendor === null && (reach || vital(facts.assetCriticality)))
    reasons.push({ code: 'jurisdiction-unknown', riskTypes: ['continuity', 'leakage'], text: 'The vendor is not in the register: its jurisdiction and control are unknown.' });
  if (facts.dataAccess === 'classified') reasons.push({ code: 'classified-data', riskTypes: ['leakage'], text: 'The supplier gets access to classified information.' });
  const controlCountry = facts.vendor ? (facts.vendor.controlledFromCountry ?? facts.vendor.country) : null;
  if (facts.dataAccess === 'confidential' && controlCountry !== null && !rules.trustedJurisdictions.includes(controlCountry))
    reasons.push({ code: 'data-outside-trusted-jurisdiction', riskTypes: ['leakage'], text: `Confidential data comes under the jurisdiction of ${controlCountry}, outside the trusted jurisdictions.` });
  if ((facts.assetCriticality === 'key-asset' && facts.networkAccess !== 'none') || (facts.assetCriticality === 'vital-process' && facts.networkAccess === 'privileged'))
    reasons.push({ code: 'access-to-critical-asset', riskTypes: ['continuity'], text: `The supplier gets ${facts.networkAccess} network access to ${facts.assetCriticality === 'key-asset' ? 'a key asset' : 'an asset of a vital process'}.` });
  if (facts.qualifiedAlternatives !== null && facts.qualifiedAlternatives < rules.minQualifiedAlternatives && vital(facts.assetCriticality))
    reasons.push({ code: 'few-alternatives', riskTypes: ['strategic-dependency'], text: `Only ${facts.qualifiedAlternatives} qualified alternative(s) for a vital asset (fewer than ${rules.minQualifiedAlternatives}).` });
  if (facts.physicalAccess && vital(facts.assetCriticality))
    reasons.push({ code: 'physical-access', riskTypes: ['physical-access'], text: 'The supplier gets physical access to a site of a vital process.' });
  return { fullAnalysisRequired: reasons.length > 0, reasons };
}

export interface Criterion {
  key: string;
  nameNl: string;
  nameEn: string;
  weight: number;
}

/** data/reference/procurement-risk.json: criteria with weights, the quickscan parameters, and where they come from. */
export interface ProcurementReference {
  source: string;
  confirmed: boolean;
  criteria: Criterion[];
  quickscan: QuickscanRules;
  /** A risk scored (likelihood × impact, 1–25) at or above this is high; unmitigated high risks are reported. */
  highRiskScore: number;
}

export const nationalSecurityCriterion = 'national-security';

export interface AnalysisRisk {
  riskType: ProcurementRiskType;
  description: string;
  likelihood: number;
  impact: number;
  measures: { description: string; status: 'proposed' | 'agreed' | 'in-contract' }[];
}

export interface AnalysisInput {
  risks: AnalysisRisk[];
  /** Score 0–10 per criterion key of the reference (higher is better for the buyer). */
  scores: Record<string, number>;
}

export interface AnalysisResult {
  risks: (AnalysisRisk & { score: number; high: boolean })[];
  criteria: (Criterion & { score: number; weightShare: number; contribution: number })[];
  /** Weighted mean of the scores, 0–10. */
  weightedScore: number;
  nationalSecurity: { weight: number; weightShare: number; score: number };
  unmitigatedHighRisks: number;
}

/** Checks a full analysis against the reference criteria; `base` is the JSON pointer of the analysis in the request. */
export function checkAnalysis(input: AnalysisInput, reference: ProcurementReference, base: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const keys = new Set(reference.criteria.map((criterion) => criterion.key));
  for (const key of keys) if (input.scores[key] === undefined) errors.push({ path: `${base}/scores/${key}`, message: 'score every criterion of the reference' });
  for (const key of Object.keys(input.scores)) if (!keys.has(key)) errors.push({ path: `${base}/scores/${key}`, message: `not a criterion (${[...keys].join(', ')})` });
  return errors;
}

/** Scores the analysis: each risk as likelihood × impact, and the weighted criteria with national security's weight visible. */
export function scoreAnalysis(input: AnalysisInput, reference: ProcurementReference): AnalysisResult {
  const totalWeight = reference.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const criteria = reference.criteria.map((criterion) => {
    const score = input.scores[criterion.key] ?? 0;
    const weightShare = totalWeight === 0 ? 0 : criterion.weight / totalWeight;
    return { ...criterion, score, weightShare, contribution: score * weightShare };
  });
  const risks = input.risks.map((risk) => {
    const score = risk.likelihood * risk.impact;
    return { ...risk, score, high: score >= reference.highRiskScore };
  });
  const national = criteria.find((criterion) => criterion.key === nationalSecurityCriterion);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    risks,
    criteria: criteria.map((criterion) => ({ ...criterion, weightShare: round(criterion.weightShare), contribution: round(criterion.contribution) })),
    weightedScore: round(criteria.reduce((sum, criterion) => sum + criterion.contribution, 0)),
    nationalSecurity: { weight: national?.weight ?? 0, weightShare: round(national?.weightShare ?? 0), score: national?.score ?? 0 },
    unmitigatedHighRisks: risks.filter((risk) => risk.high && risk.measures.length === 0).length,
  };
}

/** Reads the reference file's shape; returns problems by JSON pointer. */
export function checkProcurementReference(value: unknown): string[] {
  const file = value as Partial<ProcurementReference> | undefined;
  const problems: string[] = [];
  if (!file || typeof file.source !== 'string' || typeof file.confirmed !== 'boolean') problems.push('/source and /confirmed are required');
  if (!Array.isArray(file?.criteria) || file.criteria.length === 0) problems.push('/criteria must list at least one criterion');
  file?.criteria?.forEach((criterion, i) => {
    if (typeof criterion.key !== 'string' || !(typeof criterion.weight === 'number' && criterion.weight >= 0)) problems.push(`/criteria/${i} needs a key and a weight ≥ 0`);
  });
  if (!file?.criteria?.some((criterion) => criterion.key === nationalSecurityCriterion)) problems.push(`/criteria must include ${nationalSecurityCriterion}`);
  if (!(typeof file?.quickscan?.minQualifiedAlternatives === 'number') || !Array.isArray(file?.quickscan?.trustedJurisdictions)) problems.push('/quickscan needs minQualifiedAlternatives and trustedJurisdictions');
  if (!(typeof file?.highRiskScore === 'number')) problems.push('/highRiskScore is required');
  return problems;
}
