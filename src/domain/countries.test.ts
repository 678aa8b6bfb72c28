import { describe, expect, it } from 'vitest';
import { countryName, isCountryCode, normaliseCountry } from './countries.ts';

describe('normaliseCountry', () => {
  it.each([
    ['NL', 'NL'],
    ['nl', 'NL'],
    [' NLD ', 'NL'],
    ['Nederland', 'NL'],
    ['The Netherlands', 'NL'],
    ['Holland', 'NL'],
    ['Volksrepubliek China', 'CN'],
    ["People's Republic of China", 'CN'],
    ['Russian Federation', 'RU'],
    ['Rusland', 'RU'],
    ['Iran, Islamic Republic of', 'IR'],
    ['Noord-Korea', 'KP'],
    ['DPRK', 'KP'],
    ['Zuid-Korea', 'KR'],
    ['UK', 'GB'],
    ['Verenigd Koninkrijk', 'GB'],
    ['Deutschland', 'DE'],
    ['Türkiye', 'TR'],
    ['Verenigde Staten', 'US'],
    ['USA', 'US'],
    ['Taiwan', 'TW'],
  ])('%s → %s', (text, code) => {
    expect(normaliseCountry(text)).toBe(code);
  });

  it.each(['', '   ', 'Europe', 'XX', 'Atlantis', 'EU'])('%j denotes no single country', (text) => {
    expect(normaliseCountry(text)).toBeUndefined();
  });

  it('knows every assigned alpha-2 code and no others', () => {
    expect(isCountryCode('AX')).toBe(true);
    expect(isCountryCode('ZZ')).toBe(false);
    expect(countryName('KP')).toBe('North Korea');
  });
});
