/**
 * Market concentration of an asset class (issue 5 item 5): the Herfindahl-Hirschman index over the vendors' shares
 * of the class's usage, on the 0–10 000 scale (shares in percent, squared and summed). Where the index counts as
 * moderately or highly concentrated is editable reference data (data/reference/concentration.json), not a rule here.
 */

export interface ConcentrationBands {
  /** From this index on, the market counts as moderately concentrated. */
  moderate: number;
  /** From this index on, highly concentrated. */
  high: number;
}

export type ConcentrationLevel = 'unconcentrated' | 'moderate' | 'high';

export interface VendorShare {
  vendorId: string;
  uses: number;
  /** Share of the class's uses, in percent. */
  sharePercent: number;
}

export interface MarketConcentration {
  totalUses: number;
  vendors: number;
  /** 0 (no usage, or a perfectly fragmented market) to 10 000 (one vendor). */
  hhi: number;
  level: ConcentrationLevel;
  /** Largest share first. */
  shares: VendorShare[];
}

/** HHI of shares given in percent (they need not add up to 100: the caller passes what it knows). */
export function herfindahlHirschman(sharesPercent: readonly number[]): number {
  return sharesPercent.reduce((sum, share) => sum + share * share, 0);
}

export function concentrationLevel(hhi: number, bands: ConcentrationBands): ConcentrationLevel {
  if (hhi >= bands.high) return 'high';
  if (hhi >= bands.moderate) return 'moderate';
  return 'unconcentrated';
}

/** Concentration of one class from its uses per vendor (vendors without uses are ignored). */
export function marketConcentration(usesByVendor: ReadonlyMap<string, number>, bands: ConcentrationBands): MarketConcentration {
  const entries = [...usesByVendor].filter(([, uses]) => uses > 0);
  const totalUses = entries.reduce((sum, [, uses]) => sum + uses, 0);
  const shares = entries
    .map(([vendorId, uses]) => ({ vendorId, uses, sharePercent: (uses / totalUses) * 100 }))
    .sort((a, b) => b.uses - a.uses || (a.vendorId < b.vendorId ? -1 : 1));
  const hhi = Math.round(herfindahlHirschman(shares.map((share) => share.sharePercent)) * 100) / 100;
  return { totalUses, vendors: shares.length, hhi, level: totalUses === 0 ? 'unconcentrated' : concentrationLevel(hhi, bands), shares };
}

/** Checks a bands object read from reference data; returns a message per problem. */
export function checkConcentrationBands(value: unknown): string[] {
  const bands = value as Partial<ConcentrationBands> | undefined;
  const valid = (n: unknown) => typeof n === 'number' && n >= 0 && n <= 10_000;
  if (!bands || !valid(bands.moderate) || !valid(bands.high)) return ['bands need moderate and high between 0 and 10000'];
  return bands.moderate! <= bands.high! ? [] : ['moderate must not exceed high'];
}
