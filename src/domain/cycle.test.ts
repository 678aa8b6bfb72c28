import { describe, expect, it } from 'vitest';
import { addYears, decideDueAt, moveStep, statusOf, type StepRecord } from './cycle.ts';

const rules = { regularPeriodYears: 4, dueSoonDays: 180 };
const d = (iso: string) => new Date(iso);

describe('addYears', () => {
  it.each([
    ['2024-03-01T00:00:00Z', 4, '2028-03-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00Z', 1, '2025-02-28T12:00:00.000Z'],
    ['2024-02-29T12:00:00Z', 4, '2028-02-29T12:00:00.000Z'],
  ])('%s + %i years', (at, years, expected) => expect(addYears(d(at), years).toISOString()).toBe(expected));
});

describe('decideDueAt', () => {
  it('defaults a regular cycle to the period after the last completed one', () => {
    expect(decideDueAt({ kind: 'regular', openedAt: d('2026-01-01T00:00:00Z'), lastCompletedAt: d('2025-06-01T00:00:00Z') }, rules).toISOString()).toBe('2029-06-01T00:00:00.000Z');
  });
  it('defaults to the period after opening when nothing was completed', () => {
    expect(decideDueAt({ kind: 'regular', openedAt: d('2026-01-01T00:00:00Z') }, rules).toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });
  it.each([
    ['a due date before the opening', { kind: 'regular' as const, openedAt: d('2026-01-01T00:00:00Z'), dueAt: d('2025-01-01T00:00:00Z') }, 'dates-out-of-order'],
    ['a due date equal to the opening', { kind: 'quickscan' as const, openedAt: d('2026-01-01T00:00:00Z'), dueAt: d('2026-01-01T00:00:00Z') }, 'dates-out-of-order'],
    ['a regular cycle beyond four years after the last', { kind: 'regular' as const, openedAt: d('2026-01-01T00:00:00Z'), lastCompletedAt: d('2024-01-01T00:00:00Z'), dueAt: d('2028-01-02T00:00:00Z') }, 'due-date-too-late'],
  ])('refuses %s', (_name, input, code) => expect(() => decideDueAt(input, rules)).toThrow(expect.objectContaining({ code })));
  it('lets a quickscan fall due at any time after its opening', () => {
    expect(decideDueAt({ kind: 'quickscan', openedAt: d('2026-01-01T00:00:00Z'), lastCompletedAt: d('2020-01-01T00:00:00Z'), dueAt: d('2026-03-01T00:00:00Z') }, rules).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});

describe('moveStep', () => {
  const openedAt = d('2026-01-01T00:00:00Z');
  const done = (step: StepRecord['step'], at: string): StepRecord => ({ step, state: 'completed', startedAt: d(at), completedAt: d(at) });
  const regular = (steps: StepRecord[]) => ({ kind: 'regular' as const, openedAt, steps });

  it('starts the first step and completes it later', () => {
    const started = moveStep(regular([]), 'designation', 'in-progress', d('2026-01-02T00:00:00Z'));
    expect(started).toMatchObject({ state: 'in-progress', completedAt: null });
    expect(moveStep(regular([started]), 'designation', 'completed', d('2026-02-01T00:00:00Z'))).toMatchObject({ state: 'completed', startedAt: d('2026-01-02T00:00:00Z') });
  });

  it.each([
    ['a step before its predecessor completed', regular([]), 'analysis', 'in-progress', '2026-02-01T00:00:00Z', 'step-out-of-order'],
    ['a step before the predecessor’s completion date', regular([done('designation', '2026-03-01T00:00:00Z')]), 'analysis', 'completed', '2026-02-01T00:00:00Z', 'dates-out-of-order'],
    ['a step before the opening', regular([]), 'designation', 'completed', '2025-12-31T00:00:00Z', 'dates-out-of-order'],
    ['completing before the start', regular([{ step: 'designation', state: 'in-progress', startedAt: d('2026-03-01T00:00:00Z'), completedAt: null }]), 'designation', 'completed', '2026-02-01T00:00:00Z', 'dates-out-of-order'],
    ['moving a completed step back', regular([done('designation', '2026-01-05T00:00:00Z')]), 'designation', 'in-progress', '2026-02-01T00:00:00Z', 'step-transition-invalid'],
    ['a step a quickscan does not have', { kind: 'quickscan' as const, openedAt, steps: [] }, 'measures', 'in-progress', '2026-02-01T00:00:00Z', 'step-not-in-cycle'],
  ] as const)('refuses %s', (_name, cycle, step, state, at, code) => expect(() => moveStep(cycle, step, state, d(at))).toThrow(expect.objectContaining({ code })));

  it('a quickscan starts with its analysis', () => {
    expect(moveStep({ kind: 'quickscan', openedAt, steps: [] }, 'analysis', 'completed', d('2026-01-03T00:00:00Z'))).toMatchObject({ state: 'completed' });
  });
});

describe('statusOf', () => {
  const now = d('2026-06-01T00:00:00Z');
  it.each([
    [{ dueAt: d('2026-05-01T00:00:00Z'), completedAt: d('2026-04-01T00:00:00Z') }, 'completed'],
    [{ dueAt: d('2026-05-01T00:00:00Z'), completedAt: null }, 'overdue'],
    [{ dueAt: d('2026-09-01T00:00:00Z'), completedAt: null }, 'due-soon'],
    [{ dueAt: d('2027-09-01T00:00:00Z'), completedAt: null }, 'on-track'],
  ])('%o is %s', (cycle, expected) => expect(statusOf(cycle, now, 180)).toBe(expected));
});
