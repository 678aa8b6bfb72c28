import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConcentrationBands, concentrationLevel, herfindahlHirschman, marketConcentration } from './concentration.ts';

const bands = { moderate: 1000, high: 1800 };

describe('market concentration (HHI)', () => {
  it('is 10 000 for a single vendor and high', () => {
    const result = marketConcentration(new Map([['a', 7]]), bands);
    expect(result).toMatchObject({ totalUses: 7, vendors: 1, hhi: 10_000, level: 'high' });
    expect(result.shares).toEqual([{ vendorId: 'a', uses: 7, sharePercent: 100 }]);
  });

  it('sums squared percentage shares: 50/30/20 gives 3800', () => {
    const result = marketConcentration(new Map([['b', 3], ['a', 5], ['c', 2]]), bands);
    expect(result.hhi).toBe(3800);
    expect(result.shares.map((share) => share.vendorId)).toEqual(['a', 'b', 'c']);
  });

  it('ten equal vendors give 1000: the lower edge of the moderate band', () => {
    const result = marketConcentration(new Map(Array.from({ length: 10 }, (_, i) => [`v${i}`, 4])), bands);
    expect(result.hhi).toBe(1000);
    expect(result.level).toBe('moderate');
    expect(concentrationLevel(999.99, bands)).toBe('unconcentrated');
  });

  it('ignores vendors without uses and calls an empty class unconcentrated', () => {
    expect(marketConcentration(new Map([['a', 0]]), bands)).toMatchObject({ totalUses: 0, vendors: 0, hhi: 0, level: 'unconcentrated', shares: [] });
    expect(marketConcentration(new Map([['a', 0], ['b', 2]]), bands).vendors).toBe(1);
  });

  it('lies between 10 000 / n and 10 000 for n vendors (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 30 }), (uses) => {
        const { hhi, vendors } = marketConcentration(new Map(uses.map((n, i) => [`v${i}`, n])), bands);
        expect(hhi).toBeGreaterThanOrEqual(10_000 / vendors - 0.01);
        expect(hhi).toBeLessThanOrEqual(10_000 + 0.01);
      }),
    );
  });

  it('takes shares in percent as given', () => {
    expect(herfindahlHirschman([60, 40])).toBe(5200);
  });

  it('refuses malformed bands', () => {
    expect(checkConcentrationBands(bands)).toEqual([]);
    expect(checkConcentrationBands({ moderate: 2000, high: 1000 })).toHaveLength(1);
    expect(checkConcentrationBands({ moderate: -1, high: 1000 })).toHaveLength(1);
    expect(checkConcentrationBands(undefined)).toHaveLength(1);
  });
});
