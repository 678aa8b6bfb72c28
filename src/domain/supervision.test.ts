import { describe, expect, it } from 'vitest';
import { checkEnforcement, checkInspection, supervisionRegimeOf, type EntityClassification } from './supervision.ts';

describe('NIS2 art. 32–33: who is supervised how', () => {
  const cases: [EntityClassification, string, RegExp, boolean][] = [
    ['essential', 'ex-ante-and-ex-post', /^NIS2 art\. 32/, true],
    ['important', 'ex-post', /^NIS2 art\. 33/, false],
    ['unknown', 'ex-post', /art\. 33/, false],
    ['out-of-scope', 'none', /^NIS2 art\. 2/, false],
  ];
  it.each(cases)('%s: %s', (classification, regime, basis, exAnte) => {
    expect(supervisionRegimeOf(classification)).toEqual({ regime, basis: expect.stringMatching(basis) });
    expect(() => checkInspection('ex-post', classification)).not.toThrow();
    if (exAnte) expect(() => checkInspection('ex-ante', classification)).not.toThrow();
    else expect(() => checkInspection('ex-ante', classification)).toThrow(expect.objectContaining({ code: 'ex-ante-not-allowed', details: [expect.objectContaining({ path: '/kind' })] }));
  });

  it('NIS2 art. 32(5): suspension and a management ban only for essential entities; a fine for any', () => {
    expect(() => checkEnforcement('management-ban', 'essential')).not.toThrow();
    expect(() => checkEnforcement('suspension', 'important')).toThrow(expect.objectContaining({ code: 'enforcement-not-allowed' }));
    expect(() => checkEnforcement('fine', 'important')).not.toThrow();
  });
});
