import { invalid, type ErrorDetail } from './errors.ts';

/**
 * The vitality assessment (cycle step 1): impact values of a process evaluated against a threshold table.
 * The thresholds are unconfirmed (REFERENCE.md §2), so they are data (data/reference/vitality-thresholds.json),
 * versioned in the database; this module only knows how to read and apply a table.
 */
export const impactCriteria = ['economic', 'physical', 'social', 'cascade'] as const;
export type ImpactCriterion = (typeof impactCriteria)[number];

export const vitalityOutcomes = ['A', 'B', 'not-vital'] as const;
export type VitalityOutcome = (typeof vitalityOutcomes)[number];

/** A limit is met by a value strictly above `above`, or at least `atLeast`. */
export type Limit = { above: number } | { atLeast: number };

export interface ThresholdMeasure {
  key: string;
  criterion: ImpactCriterion;
  unit: string;
  description: string;
  A: Limit | null;
  B: Limit | null;
}

export interface ThresholdTable {
  label: string;
  source: string;
  confirmed: boolean;
  note?: string;
  measures: ThresholdMeasure[];
}

export interface CriterionValue {
  measure: string;
  value: number;
  source: string;
}

export interface Finding {
  measure: string;
  criterion: ImpactCriterion;
  value: number;
  /** The highest category whose limit the value meets, or null. */
  meets: 'A' | 'B' | null;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readLimit(value: unknown, path: string, details: ErrorDetail[]): Limit | null {
  if (value === null) return null;
  if (isObject(value) && Object.keys(value).length === 1) {
    const [[kind, limit]] = Object.entries(value) as [[string, unknown]];
    if ((kind === 'above' || kind === 'atLeast') && typeof limit === 'number' && Number.isFinite(limit)) return { [kind]: limit } as Limit;
  }
  details.push({ path, message: 'must be null, { "above": number } or { "atLeast": number }' });
  return null;
}

/** Checks a threshold table (a file or a request body) and returns it typed; throws `thresholds-invalid` naming every bad path. */
export function parseThresholdTable(input: unknown): ThresholdTable {
  const details: ErrorDetail[] = [];
  if (!isObject(input)) throw invalid('thresholds-invalid', 'A threshold table must be an object.', [{ path: '', message: 'not an object' }]);
  for (const field of ['label', 'source'] as const)
    if (typeof input[field] !== 'string' || (input[field] as string).trim() === '') details.push({ path: `/${field}`, message: 'must be a non-empty string' });
  if (typeof input.confirmed !== 'boolean') details.push({ path: '/confirmed', message: 'must be true or false' });
  if (input.note !== undefined && typeof input.note !== 'string') details.push({ path: '/note', message: 'must be a string' });
  const measures: ThresholdMeasure[] = [];
  if (!Array.isArray(input.measures) || input.measures.length === 0) details.push({ path: '/measures', message: 'must be a non-empty array' });
  else
    input.measures.forEach((raw: unknown, index) => {
      const at = `/measures/${index}`;
      if (!isObject(raw)) return details.push({ path: at, message: 'must be an object' });
      const { key, criterion, unit, description } = raw;
      if (typeof key !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(key)) details.push({ path: `${at}/key`, message: 'must be a kebab-case key' });
      else if (measures.some((measure) => measure.key === key)) details.push({ path: `${at}/key`, message: `duplicate key ${key}` });
      if (!impactCriteria.includes(criterion as ImpactCriterion)) details.push({ path: `${at}/criterion`, message: `must be one of ${impactCriteria.join(', ')}` });
      if (typeof unit !== 'string') details.push({ path: `${at}/unit`, message: 'must be a string' });
      if (typeof description !== 'string') details.push({ path: `${at}/description`, message: 'must be a string' });
      const A = readLimit(raw.A, `${at}/A`, details);
      const B = readLimit(raw.B, `${at}/B`, details);
      if (A === null && B === null && raw.A === null && raw.B === null) details.push({ path: at, message: 'needs a limit for A or B' });
      measures.push({ key: key as string, criterion: criterion as ImpactCriterion, unit: unit as string, description: description as string, A, B });
    });
  if (details.length > 0) throw invalid('thresholds-invalid', 'The threshold table is invalid.', details);
  return {
    label: input.label as string,
    source: input.source as string,
    confirmed: input.confirmed as boolean,
    ...(input.note !== undefined ? { note: input.note as string } : {}),
    measures,
  };
}

const meetsLimit = (value: number, limit: Limit | null) => limit !== null && ('above' in limit ? value > limit.above : value >= limit.atLeast);

/**
 * Evaluates criterion values against `table`: the proposed category is A when any value meets its A limit,
 * else B when any meets its B limit, else not vital. Values must be finite, non-negative and name a measure of the table once.
 */
export function evaluateVitality(table: ThresholdTable, values: readonly CriterionValue[]): { proposedCategory: VitalityOutcome; findings: Finding[] } {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const findings: Finding[] = [];
  values.forEach(({ measure: key, value }, index) => {
    const measure = table.measures.find((candidate) => candidate.key === key);
    if (!measure) return details.push({ path: `/criteria/${index}/measure`, message: `unknown measure; the table knows ${table.measures.map((m) => m.key).join(', ')}` });
    if (seen.has(key)) return details.push({ path: `/criteria/${index}/measure`, message: 'given twice' });
    seen.add(key);
    if (!Number.isFinite(value) || value < 0) return details.push({ path: `/criteria/${index}/value`, message: 'must be a finite number ≥ 0' });
    findings.push({ measure: key, criterion: measure.criterion, value, meets: meetsLimit(value, measure.A) ? 'A' : meetsLimit(value, measure.B) ? 'B' : null });
  });
  if (values.length === 0) details.push({ path: '/criteria', message: 'give at least one criterion value' });
  if (details.length > 0) throw invalid('criteria-invalid', 'The criterion values do not fit the threshold table.', details);
  const proposedCategory = findings.some((finding) => finding.meets === 'A') ? 'A' : findings.some((finding) => finding.meets === 'B') ? 'B' : 'not-vital';
  return { proposedCategory, findings };
}
