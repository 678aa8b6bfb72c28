import { isCountryCode } from './countries.ts';
import { invalid } from './errors.ts';

/**
 * The country policy of the high-risk scan (motions Rajkowski, Kamerstuk 26 643 nr. 830 and 874): a product is
 * flagged when its vendor or manufacturer is established in, or controlled from, a country on the list. The list
 * is versioned data (data/reference/high-risk-countries.json), never a hard-coded rule.
 */
export interface CountryListEntry {
  country: string;
  /** False when the entry rests on secondary sources only. */
  confirmed: boolean;
  sources: string[];
}

export interface CountryList {
  version: string;
  adoptedOn: string;
  reviewBy?: string;
  note?: string;
  entries: CountryListEntry[];
}

/** A party of a product and where it sits: the vendor that sells it, the manufacturer that makes it. */
export interface ProductParty {
  role: 'vendor' | 'manufacturer';
  id: string;
  code: string;
  name: string;
  country: string;
  controlledFromCountry: string | null;
}

/** Why a product is flagged: which party, how it is tied to the country, and the list entry with its sources. */
export interface CountryRuleMatch {
  party: ProductParty;
  relation: 'established-in' | 'controlled-from';
  country: string;
  listVersion: string;
  confirmed: boolean;
  sources: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the shape of the country-list file and returns its versions, oldest first; refuses the file whole when malformed. */
export function parseCountryLists(file: unknown): CountryList[] {
  const problems: { path: string; message: string }[] = [];
  const versions = isRecord(file) && Array.isArray(file.versions) ? file.versions : undefined;
  if (!versions || versions.length === 0) throw invalid('country-list-invalid', 'The country-list file has no `versions`.', [{ path: '/versions', message: 'must be a non-empty array' }]);
  const seen = new Set<string>();
  versions.forEach((version: unknown, index) => {
    const at = `/versions/${index}`;
    if (!isRecord(version) || typeof version.version !== 'string' || typeof version.adoptedOn !== 'string' || !Array.isArray(version.entries)) {
      problems.push({ path: at, message: 'needs version, adoptedOn and entries' });
      return;
    }
    if (seen.has(version.version)) problems.push({ path: `${at}/version`, message: `duplicate version ${version.version}` });
    seen.add(version.version);
    version.entries.forEach((entry: unknown, entryIndex) => {
      const entryAt = `${at}/entries/${entryIndex}`;
      if (!isRecord(entry) || typeof entry.country !== 'string' || !isCountryCode(entry.country)) problems.push({ path: `${entryAt}/country`, message: 'must be an ISO 3166-1 alpha-2 code' });
      else if (typeof entry.confirmed !== 'boolean') problems.push({ path: `${entryAt}/confirmed`, message: 'must be true or false' });
      else if (!Array.isArray(entry.sources) || entry.sources.length === 0 || entry.sources.some((source) => typeof source !== 'string'))
        problems.push({ path: `${entryAt}/sources`, message: 'must name at least one source' });
    });
  });
  if (problems.length > 0) throw invalid('country-list-invalid', 'The country-list file is malformed.', problems);
  return (versions as CountryList[]).slice().sort((a, b) => a.adoptedOn.localeCompare(b.adoptedOn));
}

/** The list of `version`, or the newest adopted one when no version is asked for. */
export function selectCountryList(lists: readonly CountryList[], version?: string): CountryList {
  const list = version === undefined ? lists.at(-1) : lists.find((candidate) => candidate.version === version);
  if (!list) throw invalid('unknown-country-list-version', `No high-risk country list of version ${version}; versions are ${lists.map((candidate) => candidate.version).join(', ')}.`);
  return list;
}

/**
 * Every rule of `list` the parties of a product match: a party established in a listed country, and a party
 * controlled from one (its ultimate controlling party's country). An empty result means the product is not flagged.
 */
export function matchCountryRules(parties: readonly ProductParty[], list: CountryList): CountryRuleMatch[] {
  const entries = new Map(list.entries.map((entry) => [entry.country, entry]));
  const matches: CountryRuleMatch[] = [];
  for (const party of parties) {
    const ties = [
      { relation: 'established-in' as const, country: party.country },
      ...(party.controlledFromCountry && party.controlledFromCountry !== party.country ? [{ relation: 'controlled-from' as const, country: party.controlledFromCountry }] : []),
    ];
    for (const { relation, country } of ties) {
      const entry = entries.get(country);
      if (entry) matches.push({ party, relation, country, listVersion: list.version, confirmed: entry.confirmed, sources: entry.sources });
    }
  }
  return matches;
}
