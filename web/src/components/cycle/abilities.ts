import type { CycleWorkspace, Measure } from '../../api/cycles.ts';

export interface CycleAbilities {
  /** The user's organisation is the ministry responsible for the process (it moves the steps). */
  runsCycle: boolean;
  /** Providers whose indicator scores the user may enter. */
  scoreProviders: CycleWorkspace['providers'];
  /** Analysis scores (step 2) may still change; re-assessment scores (step 4) may be entered. */
  analysisOpen: boolean;
  reassessmentOpen: boolean;
  addsScenarios: boolean;
  /** Which measures the user may add: every scope (the ministry), cross-sector only (the coordinator), none. */
  measureScopes: readonly ('sectoral' | 'cross-sector')[];
  changesStatus(measure: Measure): boolean;
}

/**
 * Which forms the workspace offers, from the abilities the server reports with the cycle (src/services/policy.ts
 * `cycleAbilities`), so that no rule of the policy is repeated here; every write is still decided by the server.
 */
export function cycleAbilities(data: CycleWorkspace): CycleAbilities {
  const { abilities } = data.cycle;
  return {
    runsCycle: abilities.runsCycle,
    scoreProviders: data.providers.filter((provider) => abilities.scoreProviderIds.includes(provider.providerId)),
    analysisOpen: abilities.analysisOpen,
    reassessmentOpen: abilities.reassessmentOpen,
    addsScenarios: abilities.addScenarios,
    measureScopes: abilities.addMeasureScopes,
    changesStatus: (measure) => abilities.editMeasureScopes.includes(measure.scope) || abilities.measureStatusOwnerIds.includes(measure.ownerOrgId),
  };
}
