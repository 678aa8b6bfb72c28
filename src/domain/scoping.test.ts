import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyEnterpriseSize, enterpriseSizeFloors, type EnterpriseFigures } from './enterprise-size.ts';
import { DomainError } from './errors.ts';
import { classifyEntity, scopingFlags, sectorKeys, type CerOutcome, type Nis2Outcome, type ScopingFlag, type SectorKey } from './scoping.ts';

const m = 1_000_000;
const large: EnterpriseFigures = { employees: 300, turnoverEur: 80 * m, balanceSheetEur: 60 * m };
const medium: EnterpriseFigures = { employees: 120, turnoverEur: 20 * m, balanceSheetEur: 15 * m };
const small: EnterpriseFigures = { employees: 12, turnoverEur: 2 * m, balanceSheetEur: 1 * m };

describe('enterprise size, Recommendation 2003/361/EC Annex art. 2 (REFERENCE.md §5.1)', () => {
  const cases: [string, EnterpriseFigures, string][] = [
    ['49 employees and both money figures at the small ceiling: small', { employees: 49, turnoverEur: 10 * m, balanceSheetEur: 10 * m }, 'small'],
    ['50 employees: medium', { employees: 50, turnoverEur: 0, balanceSheetEur: 0 }, 'medium'],
    ['turnover and balance sheet both above €10 m: medium', { employees: 5, turnoverEur: 10 * m + 1, balanceSheetEur: 10 * m + 1 }, 'medium'],
    ['only turnover above €10 m ("and/or"): small', { employees: 5, turnoverEur: 30 * m, balanceSheetEur: 5 * m }, 'small'],
    ['249 employees, turnover €50 m, balance sheet €43 m: medium', { employees: 249, turnoverEur: 50 * m, balanceSheetEur: 43 * m }, 'medium'],
    ['250 employees: large', { employees: 250, turnoverEur: 0, balanceSheetEur: 0 }, 'large'],
    ['turnover above €50 m and balance sheet above €43 m: large', { employees: 10, turnoverEur: 50 * m + 1, balanceSheetEur: 43 * m + 1 }, 'large'],
    ['turnover above €50 m but balance sheet €43 m: medium', { employees: 10, turnoverEur: 90 * m, balanceSheetEur: 43 * m }, 'medium'],
  ];
  it.each(cases)('%s', (_name, figures, size) => expect(classifyEnterpriseSize(figures)).toBe(size));

  it('refuses negative and non-finite figures, naming each field', () => {
    expect(() => classifyEnterpriseSize({ employees: -1, turnoverEur: Number.NaN, balanceSheetEur: 0 })).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'invalid-size', details: [expect.objectContaining({ path: '/employees' }), expect.objectContaining({ path: '/turnoverEur' })] }),
    );
  });

  it('keeps the thresholds as data', () => {
    expect(enterpriseSizeFloors).toEqual({
      medium: { employeesAtLeast: 50, turnoverAboveEur: 10 * m, balanceSheetAboveEur: 10 * m },
      large: { employeesAtLeast: 250, turnoverAboveEur: 50 * m, balanceSheetAboveEur: 43 * m },
    });
  });
});

interface Case {
  name: string;
  sector: SectorKey;
  size: EnterpriseFigures;
  flags?: ScopingFlag[];
  nis2: Nis2Outcome;
  cer?: CerOutcome;
  /** Every basis that must be among the reasons. */
  bases: string[];
}

const cases: Case[] = [
  // Acceptance: electricity producers by size.
  { name: 'NIS2 art. 3(1)(a): a large electricity producer (Annex I) is essential', sector: 'energy.electricity', size: large, nis2: 'essential', bases: ['NIS2 art. 2(1)', 'NIS2 art. 3(1)(a)'] },
  { name: 'NIS2 art. 2(1), 3(2): a medium electricity producer is important', sector: 'energy.electricity', size: medium, nis2: 'important', bases: ['NIS2 art. 2(1)', 'NIS2 art. 3(2)'] },
  { name: 'NIS2 art. 2(1): a small electricity producer is out of scope', sector: 'energy.electricity', size: small, nis2: 'out-of-scope', bases: ['NIS2 art. 2(1)'] },
  // Annex II.
  { name: 'NIS2 art. 2(1), 3(2): a large Annex II manufacturer is important, not essential', sector: 'manufacturing.machinery', size: large, nis2: 'important', bases: ['NIS2 art. 2(1)', 'NIS2 art. 3(2)'] },
  { name: 'NIS2 art. 2(1), 3(2): a medium food producer (Annex II) is important', sector: 'food', size: medium, nis2: 'important', bases: ['NIS2 art. 3(2)'] },
  { name: 'NIS2 art. 2(1): a small research organisation is out of scope', sector: 'research', size: small, nis2: 'out-of-scope', bases: ['NIS2 art. 2(1)'] },
  // Outside the annexes.
  { name: 'NIS2 art. 2(1): a large organisation outside the annexes is out of scope', sector: 'other', size: large, nis2: 'out-of-scope', bases: ['NIS2 art. 2(1)'] },
  // Art. 2(2)(a) and 3(1)(b)–(c): digital infrastructure regardless of size.
  { name: 'NIS2 art. 2(2)(a), 3(2): a small public e-communications provider is important', sector: 'digital-infrastructure', size: small, flags: ['public-electronic-communications'], nis2: 'important', bases: ['NIS2 art. 2(2)(a)', 'NIS2 art. 3(2)'] },
  { name: 'NIS2 art. 3(1)(c): a medium public e-communications provider is essential', sector: 'digital-infrastructure', size: medium, flags: ['public-electronic-communications'], nis2: 'essential', bases: ['NIS2 art. 2(2)(a)', 'NIS2 art. 3(1)(c)'] },
  { name: 'NIS2 art. 3(1)(a): a large public e-communications provider is essential', sector: 'digital-infrastructure', size: large, flags: ['public-electronic-communications'], nis2: 'essential', bases: ['NIS2 art. 3(1)(a)'] },
  { name: 'NIS2 art. 2(2)(a), 3(2): a small non-qualified trust service provider is important', sector: 'digital-infrastructure', size: small, flags: ['trust-service-provider'], nis2: 'important', bases: ['NIS2 art. 2(2)(a)', 'NIS2 art. 3(2)'] },
  { name: 'NIS2 art. 3(1)(b): a small qualified trust service provider is essential', sector: 'digital-infrastructure', size: small, flags: ['qualified-trust-service-provider'], nis2: 'essential', bases: ['NIS2 art. 2(2)(a)', 'NIS2 art. 3(1)(b)'] },
  { name: 'NIS2 art. 3(1)(b): a small TLD registry is essential', sector: 'digital-infrastructure', size: small, flags: ['tld-registry'], nis2: 'essential', bases: ['NIS2 art. 2(2)(a)', 'NIS2 art. 3(1)(b)'] },
  { name: 'NIS2 art. 3(1)(b): a small DNS service provider is essential, whatever sector key it gives', sector: 'other', size: small, flags: ['dns-service-provider'], nis2: 'essential', bases: ['NIS2 art. 2(2)(a)', 'NIS2 art. 3(1)(b)'] },
  // Art. 2(2)(b)–(e) and 3(1)(e).
  { name: 'NIS2 art. 2(2)(b), 3(2): a small sole provider in an Annex I sector is important', sector: 'drinking-water', size: small, flags: ['sole-provider'], nis2: 'important', bases: ['NIS2 art. 2(2)(b)', 'NIS2 art. 3(2)'] },
  { name: 'NIS2 art. 2(2)(c): a small entity whose disruption affects public safety is in scope', sector: 'chemicals', size: small, flags: ['public-safety-impact'], nis2: 'important', bases: ['NIS2 art. 2(2)(c)'] },
  { name: 'NIS2 art. 2(2)(d): a small entity with systemic risk is in scope', sector: 'banking', size: small, flags: ['systemic-risk'], nis2: 'important', bases: ['NIS2 art. 2(2)(d)'] },
  { name: 'NIS2 art. 2(2)(e): a small nationally important entity is in scope', sector: 'transport.rail', size: small, flags: ['nationally-important'], nis2: 'important', bases: ['NIS2 art. 2(2)(e)'] },
  { name: 'NIS2 art. 3(1)(e): a small entity designated essential under art. 2(2)(b)–(e) is essential', sector: 'health', size: small, flags: ['sole-provider', 'designated-essential'], nis2: 'essential', bases: ['NIS2 art. 2(2)(b)', 'NIS2 art. 3(1)(e)'] },
  { name: 'NIS2 art. 3(1)(e): a large Annex II entity designated essential is essential', sector: 'postal-and-courier', size: large, flags: ['designated-essential'], nis2: 'essential', bases: ['NIS2 art. 3(1)(e)'] },
  { name: 'NIS2 art. 2(2)(b): the sole-provider ground has no effect outside the annexes', sector: 'other', size: small, flags: ['sole-provider'], nis2: 'out-of-scope', bases: ['NIS2 art. 2(2)(b)', 'NIS2 art. 2(1)'] },
  { name: 'NIS2 art. 3(1)(e): designation has no effect outside the annexes', sector: 'other', size: large, flags: ['designated-essential'], nis2: 'out-of-scope', bases: ['NIS2 art. 3(1)(e)', 'NIS2 art. 2(1)'] },
  // Art. 2(2)(f) and 3(1)(d).
  { name: 'NIS2 art. 2(2)(f)(i), 3(1)(d): a small central-government body is essential', sector: 'public-administration', size: small, flags: ['public-administration-central'], nis2: 'essential', bases: ['NIS2 art. 2(2)(f)(i)', 'NIS2 art. 3(1)(d)'] },
  { name: 'NIS2 art. 2(2)(f)(ii), 3(2): a medium regional body after a risk-based assessment is important', sector: 'public-administration', size: medium, flags: ['public-administration-regional'], nis2: 'important', bases: ['NIS2 art. 2(2)(f)(ii)', 'NIS2 art. 3(2)'] },
  { name: 'NIS2 Annex I point 10, art. 2(5): public administration without its level is explained', sector: 'public-administration', size: small, nis2: 'out-of-scope', bases: ['NIS2 Annex I, point 10; art. 2(5)'] },
  // Art. 2(3), 3(1)(f) and CER.
  { name: 'NIS2 art. 2(3), 3(1)(f); CER art. 6(1): a small CER critical entity is essential', sector: 'energy.electricity', size: small, flags: ['cer-critical-entity'], nis2: 'essential', cer: 'critical', bases: ['NIS2 art. 2(3)', 'NIS2 art. 3(1)(f)', 'CER art. 6(1)'] },
  { name: 'NIS2 art. 3(1)(f): a CER critical entity is essential whatever its sector key', sector: 'other', size: small, flags: ['cer-critical-entity'], nis2: 'essential', cer: 'critical', bases: ['NIS2 art. 3(1)(f)', 'CER art. 2, Annex'] },
  { name: 'CER art. 17: a critical entity serving six or more Member States is of particular European significance', sector: 'energy.gas', size: large, flags: ['cer-critical-entity', 'serves-six-or-more-member-states'], nis2: 'essential', cer: 'critical-european-significance', bases: ['CER art. 6(1)', 'CER art. 17'] },
  { name: 'CER art. 17: serving six Member States without being critical has no effect', sector: 'energy.gas', size: large, flags: ['serves-six-or-more-member-states'], nis2: 'essential', cer: 'not-critical', bases: ['CER art. 6(1)', 'CER art. 17'] },
  { name: 'CER art. 8: a critical bank is noted as carved out of Chapters III, IV and VI', sector: 'banking', size: large, flags: ['cer-critical-entity'], nis2: 'essential', cer: 'critical', bases: ['CER art. 8'] },
  // Art. 2(4).
  { name: 'NIS2 art. 2(4): domain name registration alone is listed but neither essential nor important', sector: 'other', size: small, flags: ['domain-registration'], nis2: 'out-of-scope', bases: ['NIS2 art. 2(4), 3(3)'] },
];

describe('classifyEntity: NIS2 art. 2–3 and CER art. 6, 8, 17', () => {
  it.each(cases)('$name', ({ sector, size, flags = [], nis2, cer = 'not-critical', bases }) => {
    const result = classifyEntity({ sector, flags, ...size });
    expect({ nis2: result.nis2, cer: result.cer }).toEqual({ nis2, cer });
    expect(result.reasons.map((reason) => reason.basis)).toEqual(expect.arrayContaining(bases));
    expect(result.reasons.every((reason) => reason.basis.length > 0 && reason.text.length > 0)).toBe(true);
  });

  it('NIS2 art. 2–3: lists every ground that applies, not only the first', () => {
    const result = classifyEntity({ sector: 'digital-infrastructure', flags: ['qualified-trust-service-provider', 'dns-service-provider', 'cer-critical-entity'], ...large });
    expect(result.reasons.filter((reason) => reason.regime === 'nis2').map((reason) => reason.basis)).toEqual([
      'NIS2 art. 2(1)',
      'NIS2 art. 2(2)(a)',
      'NIS2 art. 2(3)',
      'NIS2 art. 3(1)(a)',
      'NIS2 art. 3(1)(b)',
      'NIS2 art. 3(1)(f)',
    ]);
    expect(result.reasons[0]).toMatchObject({ regime: 'size', basis: 'Recommendation 2003/361/EC, Annex art. 2' });
  });

  it('NIS2 art. 2(3), 3(1)(f): a CER critical entity is essential in every sector and at every size (property)', () => {
    const figures = fc.record({ employees: fc.nat(100_000), turnoverEur: fc.nat(), balanceSheetEur: fc.nat() });
    const flags = fc.subarray([...scopingFlags]);
    fc.assert(
      fc.property(fc.constantFrom(...sectorKeys), figures, flags, (sector, size, extra) => {
        const result = classifyEntity({ sector, ...size, flags: [...extra, 'cer-critical-entity'] });
        return result.nis2 === 'essential' && result.cer !== 'not-critical';
      }),
    );
  });

  it('NIS2 art. 2(2): a flag never takes an entity out of scope (property)', () => {
    const rank: Record<Nis2Outcome, number> = { 'out-of-scope': 0, important: 1, essential: 2 };
    fc.assert(
      fc.property(fc.constantFrom(...sectorKeys), fc.nat(1000), fc.subarray([...scopingFlags]), fc.constantFrom(...scopingFlags), (sector, employees, flags, added) => {
        const base = { sector, employees, turnoverEur: 0, balanceSheetEur: 0 };
        return rank[classifyEntity({ ...base, flags: [...flags, added] }).nis2] >= rank[classifyEntity({ ...base, flags }).nis2];
      }),
    );
  });
});

describe('classifyEntity refuses unknown keys with the valid ones', () => {
  const refusal = (input: Parameters<typeof classifyEntity>[0]) => {
    try {
      classifyEntity(input);
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a refusal');
  };

  it('an unknown sector names /sector and lists every sector key', () => {
    const error = refusal({ sector: 'energy.nuclear', flags: [], ...large });
    expect(error).toMatchObject({ kind: 'invalid', code: 'unknown-sector', details: [{ path: '/sector' }] });
    for (const key of sectorKeys) expect(error.message).toContain(key);
  });

  it('each unknown flag is named by its index and every valid flag is listed', () => {
    const error = refusal({ sector: 'energy.gas', flags: ['sole-provider', 'vital', 'nis1-oes'], ...large });
    expect(error).toMatchObject({ kind: 'invalid', code: 'unknown-flag' });
    expect(error.details.map((detail) => detail.path)).toEqual(['/flags/1', '/flags/2']);
    for (const flag of scopingFlags) expect(error.message).toContain(flag);
  });
});
