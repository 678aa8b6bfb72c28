import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { evaluateVitality, parseThresholdTable, type CriterionValue } from './vitality.ts';

const table = parseThresholdTable(JSON.parse(fs.readFileSync(new URL('../../data/reference/vitality-thresholds.json', import.meta.url), 'utf8')));
const value = (measure: string, amount: number): CriterionValue => ({ measure, value: amount, source: 'test' });

describe('evaluateVitality against the shipped (unconfirmed) table', () => {
  it('ships as unconfirmed data with its source', () => {
    expect(table.confirmed).toBe(false);
    expect(table.source).toMatch(/REFERENCE/);
  });

  const cases: [string, CriterionValue[], 'A' | 'B' | 'not-vital'][] = [
    ['economic damage above €50 bn', [value('economic-damage-eur', 60e9)], 'A'],
    ['economic damage of exactly €50 bn is not above', [value('economic-damage-eur', 50e9)], 'B'],
    ['economic damage above €5 bn', [value('economic-damage-eur', 6e9)], 'B'],
    ['small damage', [value('economic-damage-eur', 1e9)], 'not-vital'],
    ['5 % fall in real income (at least)', [value('real-income-fall-percent', 5)], 'A'],
    ['more than 10,000 casualties', [value('casualties', 10_001)], 'A'],
    ['more than 1,000 casualties', [value('casualties', 1_001)], 'B'],
    ['more than 100,000 people affected', [value('people-affected', 200_000)], 'B'],
    ['two other sectors failing', [value('other-sectors-failing', 2)], 'A'],
    ['one other sector failing has no B limit', [value('other-sectors-failing', 1)], 'not-vital'],
    ['the highest criterion decides', [value('casualties', 1_500), value('people-affected', 2_000_000)], 'A'],
  ];
  it.each(cases)('%s', (_name, values, expected) => {
    expect(evaluateVitality(table, values).proposedCategory).toBe(expected);
  });

  it('refuses unknown, repeated and negative values, naming each', () => {
    expect(() => evaluateVitality(table, [value('unknown', 1), value('casualties', 1), value('casualties', 2), value('people-affected', -1)])).toThrow(
      expect.objectContaining({ code: 'criteria-invalid', details: [expect.objectContaining({ path: '/criteria/0/measure' }), expect.objectContaining({ path: '/criteria/2/measure' }), expect.objectContaining({ path: '/criteria/3/value' })] }),
    );
    expect(() => evaluateVitality(table, [])).toThrow(expect.objectContaining({ code: 'criteria-invalid' }));
  });
});

describe('parseThresholdTable', () => {
  it('names every offending path', () => {
    expect(() => parseThresholdTable({ label: '', source: 's', confirmed: 'no', measures: [{ key: 'Bad Key', criterion: 'moral', unit: 'x', description: 'd', A: { below: 1 }, B: null }] })).toThrow(
      expect.objectContaining({
        code: 'thresholds-invalid',
        details: ['/label', '/confirmed', '/measures/0/key', '/measures/0/criterion', '/measures/0/A'].map((path) => expect.objectContaining({ path })),
      }),
    );
  });
});
