import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aggregateScores, checkScore, parseMaturityScale } from './resilience.ts';

const scale = parseMaturityScale(JSON.parse(fs.readFileSync(new URL('../../data/reference/resilience-scale.json', import.meta.url), 'utf8')));

describe('maturity scale', () => {
  it('ships as unconfirmed data', () => expect(scale.confirmed).toBe(false));
  it.each([0, 6, 2.5, -1])('refuses score %s', (score) => expect(() => checkScore(scale, score)).toThrow(expect.objectContaining({ code: 'score-invalid' })));
  it.each([1, 3, 5])('accepts score %s', (score) => expect(() => checkScore(scale, score)).not.toThrow());
});

describe('aggregateScores', () => {
  it('takes the weakest provider per indicator and shows the mean', () => {
    expect(
      aggregateScores([
        { indicator: 'digital', score: 4 },
        { indicator: 'digital', score: 2 },
        { indicator: 'physical', score: 3 },
      ]),
    ).toEqual([
      { indicator: 'physical', score: 3, mean: 3, providers: 1 },
      { indicator: 'digital', score: 2, mean: 3, providers: 2 },
    ]);
  });
  it('is empty without scores', () => expect(aggregateScores([])).toEqual([]));
});
