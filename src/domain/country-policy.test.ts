import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchCountryRules, parseCountryLists, selectCountryList, type CountryList, type ProductParty } from './country-policy.ts';

const list: CountryList = {
  version: 'test-1',
  adoptedOn: '2023-01-01',
  entries: [
    { country: 'CN', confirmed: true, sources: ['S43'] },
    { country: 'KP', confirmed: false, sources: ['S39'] },
  ],
};

const party = (values: Partial<ProductParty>): ProductParty => ({ role: 'vendor', id: 'v', code: 'v', name: 'V', country: 'NL', controlledFromCountry: null, ...values });

describe('matchCountryRules', () => {
  const cases: [string, ProductParty[], { relation: string; country: string; role: string }[]][] = [
    ['a vendor established in a listed country', [party({ country: 'CN' })], [{ relation: 'established-in', country: 'CN', role: 'vendor' }]],
    ['a vendor established elsewhere but controlled from a listed country', [party({ country: 'GB', controlledFromCountry: 'CN' })], [{ relation: 'controlled-from', country: 'CN', role: 'vendor' }]],
    ['a manufacturer in a listed country behind a Dutch vendor', [party({}), party({ role: 'manufacturer', country: 'KP' })], [{ relation: 'established-in', country: 'KP', role: 'manufacturer' }]],
    ['nothing listed', [party({ country: 'DE', controlledFromCountry: 'US' })], []],
  ];
  it.each(cases)('%s', (_name, parties, expected) => {
    expect(matchCountryRules(parties, list).map((match) => ({ relation: match.relation, country: match.country, role: match.party.role }))).toEqual(expected);
  });

  it('carries whether the entry is confirmed and its sources', () => {
    expect(matchCountryRules([party({ country: 'KP' })], list)[0]).toMatchObject({ confirmed: false, sources: ['S39'], listVersion: 'test-1' });
  });
});

describe('the shipped country lists', () => {
  const lists = parseCountryLists(JSON.parse(fs.readFileSync(new URL('../../data/reference/high-risk-countries.json', import.meta.url), 'utf8')));

  it('default to the newest version: China, Russia, Iran and North Korea (REFERENCE §8.2), North Korea unconfirmed', () => {
    const newest = selectCountryList(lists);
    expect(newest.entries.map((entry) => entry.country)).toEqual(['CN', 'RU', 'IR', 'KP']);
    expect(newest.entries.find((entry) => entry.country === 'KP')?.confirmed).toBe(false);
  });

  it('keep the older version that did not list North Korea', () => {
    expect(selectCountryList(lists, '2022-11').entries.map((entry) => entry.country)).not.toContain('KP');
  });

  it('refuse an unknown version and a malformed file', () => {
    expect(() => selectCountryList(lists, '1999')).toThrow(expect.objectContaining({ code: 'unknown-country-list-version' }));
    expect(() => parseCountryLists({ versions: [{ version: 'x', adoptedOn: '2020-01-01', entries: [{ country: 'Chinа', confirmed: true, sources: ['s'] }] }] })).toThrow(
      expect.objectContaining({ code: 'country-list-invalid', details: [{ path: '/versions/0/entries/0/country', message: expect.any(String) }] }),
    );
  });
});
