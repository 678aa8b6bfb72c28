import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkScreeningReference, screenOwnershipChange, type ScreeningFacts, type ScreeningReference } from './investment-screening.ts';

const reference = JSON.parse(readFileSync(new URL('../../data/reference/investment-screening.json', import.meta.url), 'utf8')) as ScreeningReference;
const base: ScreeningFacts = {
  targetIsVitalProvider: false,
  targetIsKeyAssetVendor: false,
  acquirerCountry: 'NL',
  acquirerControlledFromCountry: null,
  highRiskCountries: ['CN', 'RU', 'IR', 'KP'],
  stakeBeforePercent: null,
  stakePercent: 10,
  gainsControl: false,
};
const screen = (facts: Partial<ScreeningFacts>) => screenOwnershipChange({ ...base, ...facts }, reference);

describe('investment screening', () => {
  it('does not flag a minority stake in a company that is neither a vital provider nor a key-asset vendor', () => {
    expect(screen({})).toMatchObject({ flagged: false, flags: [], notificationDuty: 'not-required' });
  });

  it('requires notification of a change of control of a vital provider, crossing the control threshold or stated', () => {
    const crossing = screen({ targetIsVitalProvider: true, stakeBeforePercent: 30, stakePercent: reference.controlThresholdPercent });
    expect(crossing).toMatchObject({ flagged: true, flags: ['vital-provider'], changeOfControl: true, notificationDuty: 'required' });
    expect(crossing.reasons.join(' ')).toContain(reference.authority);
    expect(screen({ targetIsVitalProvider: true, stakePercent: 20, gainsControl: true }).notificationDuty).toBe('required');
    // Already in control before: no new change of control.
    expect(screen({ targetIsVitalProvider: true, stakeBeforePercent: 60, stakePercent: 70 }).notificationDuty).toBe('not-required');
  });

  it('asks for an assessment when a stake crosses a threshold of significant influence without control', () => {
    const result = screen({ targetIsVitalProvider: true, stakeBeforePercent: 5, stakePercent: 22 });
    expect(result).toMatchObject({ notificationDuty: 'to-assess', changeOfControl: false, significantInfluenceCrossed: [10, 20] });
  });

  it('flags a key-asset vendor and an acquirer controlled from a high-risk country', () => {
    const result = screen({ targetIsKeyAssetVendor: true, acquirerCountry: 'LU', acquirerControlledFromCountry: 'CN', stakePercent: 100, gainsControl: true });
    expect(result.flags).toEqual(['key-asset-vendor', 'high-risk-acquirer']);
    expect(result.notificationDuty).toBe('to-assess');
    expect(result.reasons.some((reason) => reason.includes('CN'))).toBe(true);
  });

  it('carries the reference it applied, unconfirmed', () => {
    expect(screen({}).reference).toMatchObject({ act: 'Wet Vifo', confirmed: false, controlThresholdPercent: reference.controlThresholdPercent });
    expect(checkScreeningReference(reference)).toEqual([]);
    expect(checkScreeningReference({ ...reference, controlThresholdPercent: 0 })).toHaveLength(1);
  });
});
