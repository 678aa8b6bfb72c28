import { DomainError } from './errors.ts';
import type { Nis2Outcome } from './scoping.ts';

export const inspectionKinds = ['ex-ante', 'ex-post'] as const;
export type InspectionKind = (typeof inspectionKinds)[number];
export const inspectionStatuses = ['planned', 'done'] as const;
export const findingStatuses = ['open', 'in-progress', 'resolved'] as const;
export type FindingStatus = (typeof findingStatuses)[number];

/** NIS2 art. 32(4)–(5) and 34: the enforcement measures; suspension and a management ban exist for essential entities only. */
export const enforcementKinds = ['warning', 'binding-instruction', 'order', 'order-subject-to-penalty', 'fine', 'suspension', 'management-ban'] as const;
export type EnforcementKind = (typeof enforcementKinds)[number];
export const enforcementStatuses = ['intended', 'imposed', 'complied', 'withdrawn'] as const;
const essentialOnlyEnforcement: readonly EnforcementKind[] = ['suspension', 'management-ban'];

export type SupervisionRegime = 'ex-ante-and-ex-post' | 'ex-post' | 'none';

export interface SupervisionRegimeView {
  regime: SupervisionRegime;
  basis: string;
}

/** An entity's classification, or `unknown` when no scoping has been recorded. */
export type EntityClassification = Nis2Outcome | 'unknown';

/**
 * NIS2 art. 32: essential entities are supervised ex ante and ex post (without prior evidence of non-compliance);
 * art. 33: important entities ex post only, on evidence or indications. Out of scope: no NIS2 supervision.
 */
export function supervisionRegimeOf(classification: EntityClassification): SupervisionRegimeView {
  switch (classification) {
    case 'essential':
      return { regime: 'ex-ante-and-ex-post', basis: 'NIS2 art. 32: essential entity, supervised ex ante and ex post' };
    case 'important':
      return { regime: 'ex-post', basis: 'NIS2 art. 33: important entity, supervised ex post only, on evidence or indications of non-compliance' };
    case 'out-of-scope':
      return { regime: 'none', basis: 'NIS2 art. 2: out of scope, no NIS2 supervision' };
    case 'unknown':
      return { regime: 'ex-post', basis: 'No scoping recorded: treated as NIS2 art. 33 (ex post only) until classified essential' };
  }
}

/** Refuses an ex-ante inspection of an entity that is not essential (NIS2 art. 33(1)). */
export function checkInspection(kind: InspectionKind, classification: EntityClassification): void {
  if (kind === 'ex-ante' && classification !== 'essential')
    throw new DomainError(
      'ex-ante-not-allowed',
      `An ex-ante inspection is only for essential entities (NIS2 art. 32); this entity is ${classification === 'unknown' ? 'not classified' : classification} and is supervised ex post only (NIS2 art. 33).`,
      [{ path: '/kind', message: 'ex-ante only for essential entities; use ex-post' }],
    );
}

/** Refuses suspension or a management ban of an entity that is not essential (NIS2 art. 32(5); art. 33 has no such power). */
export function checkEnforcement(kind: EnforcementKind, classification: EntityClassification): void {
  if (essentialOnlyEnforcement.includes(kind) && classification !== 'essential')
    throw new DomainError('enforcement-not-allowed', `A ${kind} can only be imposed on an essential entity (NIS2 art. 32(5)); this entity is ${classification === 'unknown' ? 'not classified' : classification}.`, [
      { path: '/kind', message: `not for ${classification} entities` },
    ]);
}
