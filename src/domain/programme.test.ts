import { describe, expect, it } from 'vitest';
import { effectOf, isOverdue, trendOf } from './programme.ts';

const now = new Date('2026-06-01T00:00:00Z');

describe('programme rules', () => {
  it.each([
    ['planned', '2026-05-31T00:00:00Z', true],
    ['in-progress', '2026-05-31T00:00:00Z', true],
    ['done', '2026-05-31T00:00:00Z', false],
    ['cancelled', '2026-05-31T00:00:00Z', false],
    ['planned', '2026-06-02T00:00:00Z', false],
  ])('a %s measure due %s is overdue: %s', (status, dueAt, expected) => {
    expect(isOverdue({ status, dueAt: new Date(dueAt) }, now)).toBe(expected);
  });

  it.each([
    [2, 4, true, 'improved'],
    [4, 2, true, 'worsened'],
    [12, 6, false, 'improved'],
    [3, 3, true, 'unchanged'],
    [null, 3, true, 'new'],
    [3, null, true, 'not-reassessed'],
  ] as const)('from %s to %s (higher is better: %s) is %s', (before, after, higherIsBetter, expected) => {
    expect(trendOf(before, after, higherIsBetter)).toBe(expected);
  });

  it.each([
    [{ baseline: 2, expected: 4, observed: 4, higherIsBetter: true }, 'achieved'],
    [{ baseline: 2, expected: 4, observed: 3, higherIsBetter: true }, 'partly-achieved'],
    [{ baseline: 2, expected: 4, observed: 2, higherIsBetter: true }, 'not-achieved'],
    [{ baseline: 4, expected: 2, observed: 2, higherIsBetter: false }, 'achieved'],
    [{ baseline: 2, expected: 4, observed: null, higherIsBetter: true }, 'not-measured'],
  ] as const)('%j is %s', (input, expected) => {
    expect(effectOf(input)).toBe(expected);
  });
});
