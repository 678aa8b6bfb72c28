import { invalid, type ErrorDetail } from './errors.ts';

/** Size classes of Recommendation 2003/361/EC as NIS2 art. 2(1) uses them; `small` includes micro enterprises. */
export const enterpriseSizes = ['small', 'medium', 'large'] as const;
export type EnterpriseSize = (typeof enterpriseSizes)[number];

export interface EnterpriseFigures {
  /** Headcount in annual work units. */
  employees: number;
  turnoverEur: number;
  balanceSheetEur: number;
}

interface SizeFloor {
  employeesAtLeast: number;
  turnoverAboveEur: number;
  balanceSheetAboveEur: number;
}

/**
 * Floors of the medium and large classes, from the ceilings of Recommendation 2003/361/EC, Annex art. 2
 * (REFERENCE.md §5.1): small = fewer than 50 persons and turnover and/or balance sheet ≤ €10 m; medium = fewer
 * than 250 persons and turnover ≤ €50 m and/or balance sheet ≤ €43 m. REFERENCE.md marks the resulting test
 * (at least medium when headcount ≥ 50 or both money figures exceed the small ceiling) as its own reading of
 * "and/or" [U], so the numbers live here as data. Not modelled: the two-consecutive-periods rule and
 * partner/linked-enterprise aggregation (the figures given are taken as the consolidated ones).
 */
export const enterpriseSizeFloors: Record<Exclude<EnterpriseSize, 'small'>, SizeFloor> = {
  medium: { employeesAtLeast: 50, turnoverAboveEur: 10_000_000, balanceSheetAboveEur: 10_000_000 },
  large: { employeesAtLeast: 250, turnoverAboveEur: 50_000_000, balanceSheetAboveEur: 43_000_000 },
};

export const enterpriseSizeBasis = 'Recommendation 2003/361/EC, Annex art. 2';

const reaches = (figures: EnterpriseFigures, floor: SizeFloor) =>
  figures.employees >= floor.employeesAtLeast || (figures.turnoverEur > floor.turnoverAboveEur && figures.balanceSheetEur > floor.balanceSheetAboveEur);

/** The size class of an enterprise; refuses negative or non-finite figures (DomainError `invalid-size`). */
export function classifyEnterpriseSize(figures: EnterpriseFigures): EnterpriseSize {
  const details: ErrorDetail[] = (['employees', 'turnoverEur', 'balanceSheetEur'] as const)
    .filter((field) => !Number.isFinite(figures[field]) || figures[field] < 0)
    .map((field) => ({ path: `/${field}`, message: 'must be a finite number ≥ 0' }));
  if (details.length) throw invalid('invalid-size', 'Employees, turnover and balance sheet must be finite numbers ≥ 0.', details);
  if (reaches(figures, enterpriseSizeFloors.large)) return 'large';
  if (reaches(figures, enterpriseSizeFloors.medium)) return 'medium';
  return 'small';
}

const euro = (amount: number) => `€${(amount / 1_000_000).toLocaleString('en', { maximumFractionDigits: 2 })} m`;

/** Why a size class applies, in words (for scoping reasons). */
export function explainEnterpriseSize(figures: EnterpriseFigures, size: EnterpriseSize): string {
  const stated = `${figures.employees} employees, turnover ${euro(figures.turnoverEur)}, balance sheet ${euro(figures.balanceSheetEur)}`;
  if (size === 'small') {
    const floor = enterpriseSizeFloors.medium;
    return `small enterprise (${stated}): fewer than ${floor.employeesAtLeast} employees and turnover or balance sheet not above ${euro(floor.turnoverAboveEur)}`;
  }
  const floor = enterpriseSizeFloors[size];
  const byHeadcount = figures.employees >= floor.employeesAtLeast;
  const test = byHeadcount
    ? `at least ${floor.employeesAtLeast} employees`
    : `turnover above ${euro(floor.turnoverAboveEur)} and balance sheet above ${euro(floor.balanceSheetAboveEur)}`;
  return size === 'large'
    ? `large enterprise, exceeding the medium-sized ceilings (${stated}): ${test}`
    : `medium-sized enterprise (${stated}): ${test}, within the medium-sized ceilings`;
}
