import type { CycleWorkspace, Measure } from '../../api/cycles.ts';

export interface CycleAbilities {
  /** The user's organisation is the ministry responsible for the process (it moves the steps). */
  runsCycle: boolean;
  /** Step 1: enter a vitality assessment and decide on it; designate and notify providers; confirm receipt of a notification. */
  assessesVitality: boolean;
  designatesProviders: boolean;
  acknowledgesNotifications: boolean;
  /** Step 2: share the process scores with the providers; link threats and strategic inputs. */
  sharesScores: boolean;
  linksThreatsAndInputs: boolean;
  /** Providers whose indicator scores the user may enter. */
  scoreProviders: CycleWorkspace['providers'];
  /** Analysis scores (step 2) may still change; re-assessment scores (step 4) may be entered. */
  analysisOpen: boolean;
  reassessmentOpen: boolean;
  addsScenarios: boolean;
  editsScenarios: boolean;
  /** Which measures the user may add: every scope (the ministry), cross-sector only (the coordinator), none. */
  measureScopes: readonly ('sectoral' | 'cross-sector')[];
  /** The user may change the measure entirely, or only report its status. */
  editsMeasure(measure: Measure): boolean;
  changesStatus(measure: Measure): boolean;
}

/**
 * Which forms the workspace offers, from the abilities the server reports with the cycle (src/services/policy.ts
 * `cycleAbilities`), so that no rule of the policy is repeated here; every write is still decided by the server.
 */
export function cycleAbilities(data: CycleWorkspace): CycleAbilities {
  const { abilities } = data.cycle;
  const editsMeasure = (measure: Measure) => abilities.editMeasureScopes.includes(measure.scope);
  return {
    runsCycle: abilities.runsCycle,
    assessesVitality: abilities.assessVitality,
    designatesProviders: abilities.designateProviders,
    acknowledgesNotifications: abilities.acknowledgeNotifications,
    sharesScores: abilities.shareScores,
    linksThreatsAndInputs: abilities.linkThreatsAndInputs,
    scoreProviders: data.providers.filter((provider) => abilities.scoreProviderIds.includes(provider.providerId)),
    analysisOpen: abilities.analysisOpen,
    reassessmentOpen: abilities.reassessmentOpen,
    addsScenarios: abilities.addScenarios,
    editsScenarios: abilities.editScenarios,
    measureScopes: abilities.addMeasureScopes,
    editsMeasure,
    changesStatus: (measure) => editsMeasure(measure) || abilities.measureStatusOwnerIds.includes(measure.ownerOrgId),
  };
}
