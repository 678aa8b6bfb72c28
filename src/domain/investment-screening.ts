/**
 * Investment screening (issue 5 item 7; Wet Vifo, REFERENCE.md §8.3): whether an acquisition, investment or
 * ownership change is flagged (it touches a vital provider or a vendor of a key asset, or the acquirer is established
 * in or controlled from a high-risk country) and whether it must be notified. The thresholds of significant influence
 * are unconfirmed [U] and the list of vital-provider categories only secondary [S]: both are reference data
 * (data/reference/investment-screening.json), never constants here.
 */

export const ownershipChangeKinds = ['acquisition', 'investment', 'merger', 'ownership-change'] as const;
export type OwnershipChangeKind = (typeof ownershipChangeKinds)[number];

export const notificationStatuses = ['not-notified', 'notified', 'under-review', 'approved', 'approved-with-conditions', 'prohibited', 'not-required'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

export type NotificationDuty = 'required' | 'to-assess' | 'not-required';

export interface ScreeningReference {
  act: string;
  authority: string;
  inForceOn: string;
  retroactiveTo: string;
  /** A stake at or above this percentage gives control. */
  controlThresholdPercent: number;
  /** Stakes that give significant influence (apply to very sensitive technology) [U]. */
  significantInfluenceThresholdsPercent: number[];
  source: string;
  confirmed: boolean;
}

export interface ScreeningFacts {
  /** The target is designated for a vital process (a vital provider). */
  targetIsVitalProvider: boolean;
  /** The target is (or controls) a vendor whose products are used on a key asset. */
  targetIsKeyAssetVendor: boolean;
  acquirerCountry: string;
  acquirerControlledFromCountry: string | null;
  highRiskCountries: readonly string[];
  stakeBeforePercent: number | null;
  stakePercent: number;
  /** Stated: the change gives the acquirer control, whatever the stake. */
  gainsControl: boolean;
}

export type ScreeningFlag = 'vital-provider' | 'key-asset-vendor' | 'high-risk-acquirer';

export interface ScreeningResult {
  flagged: boolean;
  flags: ScreeningFlag[];
  changeOfControl: boolean;
  significantInfluenceCrossed: number[];
  notificationDuty: NotificationDuty;
  reasons: string[];
  /** The reference the rule applied, so that a reader sees which facts are unconfirmed. */
  reference: { act: string; authority: string; controlThresholdPercent: number; significantInfluenceThresholdsPercent: number[]; confirmed: boolean; source: string };
}

export function screenOwnershipChange(facts: ScreeningFacts, reference: ScreeningReference): ScreeningResult {
  const before = facts.stakeBeforePercent ?? 0;
  const crosses = (threshold: number) => before < threshold && facts.stakePercent >= threshold;
  const changeOfControl = facts.gainsControl || crosses(reference.controlThresholdPercent);
  const significantInfluenceCrossed = reference.significantInfluenceThresholdsPercent.filter(crosses);
  const flags: ScreeningFlag[] = [];
  const reasons: string[] = [];
  if (facts.targetIsVitalProvider) flags.push('vital-provider');
  if (facts.targetIsKeyAssetVendor) flags.push('key-asset-vendor');
  const highRisk = [facts.acquirerCountry, facts.acquirerControlledFromCountry].filter((country): country is string => country !== null && facts.highRiskCountries.includes(country));
  if (highRisk.length > 0) {
    flags.push('high-risk-acquirer');
    reasons.push(`The acquirer is established in or controlled from ${[...new Set(highRisk)].join(', ')}, on the high-risk country list.`);
  }
  let notificationDuty: NotificationDuty = 'not-required';
  if (facts.targetIsVitalProvider && changeOfControl) {
    notificationDuty = 'required';
    reasons.push(`A change of control of a vital provider must be notified to the ${reference.authority} under the ${reference.act}, by the acquirer and the target.`);
  } else if ((facts.targetIsVitalProvider || facts.targetIsKeyAssetVendor) && (changeOfControl || significantInfluenceCrossed.length > 0)) {
    notificationDuty = 'to-assess';
    reasons.push(
      facts.targetIsVitalProvider
        ? `The stake crosses ${significantInfluenceCrossed.join('%, ')}% without control: assess sector-specific screening and whether the target holds sensitive technology.`
        : `The target supplies key assets: assess whether it holds sensitive technology under the ${reference.act} (its own notification duty then applies).`,
    );
  }
  if (flags.includes('vital-provider')) reasons.unshift('The target is a designated vital provider.');
  if (flags.includes('key-asset-vendor')) reasons.unshift('The target supplies products used on key assets of the vital infrastructure.');
  return {
    flagged: flags.length > 0,
    flags,
    changeOfControl,
    significantInfluenceCrossed,
    notificationDuty,
    reasons,
    reference: {
      act: reference.act,
      authority: reference.authority,
      controlThresholdPercent: reference.controlThresholdPercent,
      significantInfluenceThresholdsPercent: reference.significantInfluenceThresholdsPercent,
      confirmed: reference.confirmed,
      source: reference.source,
    },
  };
}

export function checkScreeningReference(value: unknown): string[] {
  const file = value as Partial<ScreeningReference> | undefined;
  const percent = (n: unknown) => typeof n === 'number' && n > 0 && n <= 100;
  const problems: string[] = [];
  for (const key of ['act', 'authority', 'inForceOn', 'retroactiveTo', 'source'] as const) if (typeof file?.[key] !== 'string') problems.push(`/${key} is required`);
  if (typeof file?.confirmed !== 'boolean') problems.push('/confirmed is required');
  if (!percent(file?.controlThresholdPercent)) problems.push('/controlThresholdPercent must lie in (0, 100]');
  if (!Array.isArray(file?.significantInfluenceThresholdsPercent) || !file.significantInfluenceThresholdsPercent.every(percent)) problems.push('/significantInfluenceThresholdsPercent must list percentages');
  return problems;
}
