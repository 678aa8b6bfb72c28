import { sectors, type CerOutcome, type Nis2Outcome, type SectorKey } from './scoping.ts';

/**
 * The duty of care of NIS2 (art. 20–21) and CER (art. 13): which control catalogues apply to an entity, what counts
 * as a gap, and when the management body's approval still holds. Pure rules; the service stores the states.
 */
export const controlStatuses = ['implemented', 'partial', 'planned', 'not-implemented', 'not-applicable'] as const;
export type ControlStatus = (typeof controlStatuses)[number];

/** The catalogues shipped in data/reference/catalogues and the regime that makes each apply. */
export const regimeCatalogues = { nis2: 'nis2-art21', cer: 'cer-art13' } as const;
export type DutyRegime = keyof typeof regimeCatalogues;

/**
 * NIS2 art. 21 applies to essential and important entities; CER art. 13 to critical entities, except in the sectors
 * of CER art. 8 (banking, financial market infrastructures, digital infrastructure), where Chapter III does not apply.
 */
export function applicableRegimes(scoping: { nis2: Nis2Outcome; cer: CerOutcome; sectorKey: string } | null): DutyRegime[] {
  if (!scoping) return [];
  const regimes: DutyRegime[] = [];
  if (scoping.nis2 !== 'out-of-scope') regimes.push('nis2');
  const carvedOut = (sectors as Record<string, { cerArt8: boolean }>)[scoping.sectorKey as SectorKey]?.cerArt8 ?? false;
  if (scoping.cer !== 'not-critical' && !carvedOut) regimes.push('cer');
  return regimes;
}

export type GapReason = 'no-status' | 'not-implemented' | 'review-overdue';

/**
 * Why a control is a gap, or null: no status recorded yet, recorded as not implemented, or its review date
 * (a calendar date in Europe/Amsterdam) has passed. Not-applicable controls are never gaps.
 */
export function gapReason(state: { status: ControlStatus; reviewDate: string | null } | undefined, today: string): GapReason | null {
  if (!state) return 'no-status';
  if (state.status === 'not-applicable') return null;
  if (state.status === 'not-implemented') return 'not-implemented';
  if (state.reviewDate !== null && state.reviewDate < today) return 'review-overdue';
  return null;
}

/**
 * NIS2 art. 20(1): the management body approves the measures. An approval covers the control status as it stood when
 * it was given; any control change recorded after `approvedAt` invalidates it, and the entity needs a new approval.
 */
export function approvalInvalidatedAt(approvedAt: Date, changes: readonly Date[]): Date | null {
  const later = changes.filter((at) => at.getTime() > approvedAt.getTime()).sort((a, b) => a.getTime() - b.getTime());
  return later[0] ?? null;
}
