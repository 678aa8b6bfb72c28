import { describe, expect, it } from 'vitest';
import { applicableRegimes, approvalInvalidatedAt, gapReason } from './duty-of-care.ts';

describe('applicable duty-of-care regimes', () => {
  it.each([
    ['an important entity: NIS2 art. 21 only', { nis2: 'important', cer: 'not-critical', sectorKey: 'energy.gas' }, ['nis2']],
    ['a critical entity: NIS2 art. 21 and CER art. 13', { nis2: 'essential', cer: 'critical', sectorKey: 'energy.electricity' }, ['nis2', 'cer']],
    ['a critical bank: CER art. 8 carves Chapter III out', { nis2: 'essential', cer: 'critical', sectorKey: 'banking' }, ['nis2']],
    ['out of scope and not critical: nothing', { nis2: 'out-of-scope', cer: 'not-critical', sectorKey: 'other' }, []],
  ] as const)('%s', (_name, scoping, expected) => {
    expect(applicableRegimes(scoping)).toEqual(expected);
  });
  it('no stored scoping: nothing', () => expect(applicableRegimes(null)).toEqual([]));
});

describe('gaps', () => {
  const today = '2026-11-29';
  it.each([
    ['no status', undefined, 'no-status'],
    ['not implemented', { status: 'not-implemented', reviewDate: '2030-01-01' }, 'not-implemented'],
    ['review date passed', { status: 'implemented', reviewDate: '2026-11-28' }, 'review-overdue'],
    ['review today is not yet overdue', { status: 'partial', reviewDate: today }, null],
    ['not applicable even with an old date', { status: 'not-applicable', reviewDate: '2020-01-01' }, null],
    ['implemented without a date', { status: 'implemented', reviewDate: null }, null],
  ] as const)('%s', (_name, state, expected) => {
    expect(gapReason(state, today)).toBe(expected);
  });
});

describe('management approval (NIS2 art. 20)', () => {
  const approvedAt = new Date('2026-06-01T10:00:00Z');
  it('holds while no control changed after it', () => expect(approvalInvalidatedAt(approvedAt, [new Date('2026-05-01T00:00:00Z'), approvedAt])).toBeNull());
  it('lapses at the first change after it', () =>
    expect(approvalInvalidatedAt(approvedAt, [new Date('2026-07-01T00:00:00Z'), new Date('2026-06-02T00:00:00Z')])).toEqual(new Date('2026-06-02T00:00:00Z')));
});
