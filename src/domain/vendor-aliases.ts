/**
 * How a vendor is recognised in an SBOM. The same company appears as a CycloneDX supplier, manufacturer,
 * publisher or author name, an SPDX `Organization:` string, a purl namespace (`pkg:maven/com.huawei/...`) or a
 * CPE vendor (`cpe:2.3:h:huawei:...`); aliases of these kinds are matched in normalised form.
 */
export const vendorAliasKinds = ['name', 'purl-namespace', 'cpe-vendor'] as const;
export type VendorAliasKind = (typeof vendorAliasKinds)[number];

/** The roles of a name in an SBOM, in the order the vendor of a component is resolved. */
export const vendorNameRoles = ['supplier', 'manufacturer', 'publisher', 'author'] as const;
export type VendorNameRole = (typeof vendorNameRoles)[number];

// Legal forms carry no identity: "Huawei Technologies Co., Ltd." and "Huawei Technologies" are one vendor.
const legalForms = new Set(['inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc', 'gmbh', 'ag', 'kg', 'bv', 'nv', 'sa', 'sas', 'sarl', 'spa', 'srl', 'ab', 'as', 'asa', 'oy', 'oyj', 'kk', 'co', 'corp', 'corporation', 'company', 'pty', 'pte', 'se']);

/** A vendor name in comparable form: an SPDX `Organization:`/`Person:` prefix, an e-mail part, case, accents, punctuation and trailing legal forms removed. */
export function normaliseVendorName(text: string): string {
  const words = text
    .replace(/^\s*(organization|organisation|person|tool)\s*:/i, '')
    .replace(/\([^)]*@[^)]*\)|<[^>]*>/g, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && legalForms.has(words.at(-1)!)) words.pop();
  // "B.V." and "N.V." become "b v" after punctuation is removed.
  if (words.length > 2 && words.at(-1)!.length === 1 && words.at(-2)!.length === 1 && legalForms.has(`${words.at(-2)}${words.at(-1)}`)) words.splice(-2);
  return words.join(' ');
}

/** The `type/namespace` of a package URL (`pkg:maven/com.huawei/agent@1` → `maven/com.huawei`), lower-cased; undefined when it has no namespace. */
export function purlNamespace(purl: string): string | undefined {
  const match = /^pkg:([A-Za-z.+-][A-Za-z0-9.+-]*)\/([^@?#]+)\/[^/@?#]+(?:[@?#]|$)/.exec(purl.trim());
  if (!match) return undefined;
  const namespace = decodeURIComponent(match[2]!).replace(/\/+$/, '');
  return namespace ? `${match[1]!.toLowerCase()}/${namespace.toLowerCase()}` : undefined;
}

/** The vendor field of a CPE 2.2 URI or 2.3 formatted string, unescaped and lower-cased; undefined for `*`, `-` or a malformed CPE. */
export function cpeVendor(cpe: string): string | undefined {
  const text = cpe.trim();
  let vendor: string | undefined;
  if (text.startsWith('cpe:2.3:')) vendor = text.split(/(?<!\\):/)[3];
  else if (text.startsWith('cpe:/')) vendor = text.slice(5).split(':')[1];
  if (vendor === undefined) return undefined;
  vendor = vendor.replace(/\\(.)/g, '$1').toLowerCase();
  return vendor === '' || vendor === '*' || vendor === '-' ? undefined : vendor;
}

/** The comparable form of an alias of `kind`. */
export function normaliseAlias(kind: VendorAliasKind, value: string): string {
  if (kind === 'name') return normaliseVendorName(value);
  if (kind === 'cpe-vendor') return value.trim().toLowerCase();
  return value.trim().toLowerCase().replace(/^pkg:/, '').replace(/\/+$/, '');
}

/** One way to look a component's vendor up: the alias kind, its normalised value and where in the SBOM it came from. */
export interface VendorCandidate {
  kind: VendorAliasKind;
  value: string;
  via: VendorNameRole | 'purl' | 'cpe';
}

/** The candidates of a component in the fallback order: supplier → manufacturer → publisher → author → purl namespace → CPE vendor. */
export function vendorCandidates(component: { names: Partial<Record<VendorNameRole, string>>; purl?: string | null; cpe?: string | null }): VendorCandidate[] {
  const candidates: VendorCandidate[] = [];
  for (const role of vendorNameRoles) {
    const name = component.names[role];
    const value = name === undefined ? '' : normaliseVendorName(name);
    if (value !== '' && value !== 'noassertion' && value !== 'none') candidates.push({ kind: 'name', value, via: role });
  }
  const namespace = component.purl ? purlNamespace(component.purl) : undefined;
  if (namespace) candidates.push({ kind: 'purl-namespace', value: namespace, via: 'purl' });
  const vendor = component.cpe ? cpeVendor(component.cpe) : undefined;
  if (vendor) candidates.push({ kind: 'cpe-vendor', value: vendor, via: 'cpe' });
  return candidates;
}

/** What a lookup found: the vendor and the candidate that matched it. */
export interface VendorMatch {
  vendorId: string;
  via: VendorCandidate['via'];
}

/**
 * The alias index of the vendor register: vendor names, codes and their listed aliases count as names; explicit
 * aliases (of every kind) win over them when both claim the same normalised text.
 */
export function buildVendorIndex(
  vendors: readonly { id: string; code: string; name: string; aliases: readonly string[] }[],
  aliases: readonly { vendorId: string; kind: string; normalised: string }[],
) {
  const index = new Map<string, string>();
  const key = (kind: string, value: string) => `${kind}\u0000${value}`;
  for (const vendor of vendors)
    for (const name of [vendor.name, vendor.code, ...vendor.aliases]) {
      const value = normaliseVendorName(name);
      if (value !== '' && !index.has(key('name', value))) index.set(key('name', value), vendor.id);
    }
  for (const alias of aliases) index.set(key(alias.kind, alias.normalised), alias.vendorId);
  return {
    /** The first candidate, in fallback order, that names a registered vendor. */
    resolve(candidates: readonly VendorCandidate[]): VendorMatch | undefined {
      for (const candidate of candidates) {
        const vendorId = index.get(key(candidate.kind, candidate.value));
        if (vendorId) return { vendorId, via: candidate.via };
      }
      return undefined;
    },
  };
}

export type VendorIndex = ReturnType<typeof buildVendorIndex>;
