import type { Role } from '../../src/domain/roles.ts';

/** A main menu entry and the roles whose need-to-know lets them see anything there (src/services/policy.ts). */
export interface MenuItem {
  path: string;
  /** Key in the `nav` messages. */
  label: 'home' | 'processes' | 'organisations' | 'assets' | 'users' | 'audit' | 'inbox' | 'scoping' | 'dutyOfCare' | 'simulation' | 'crisisPlans' | 'incidents' | 'supervision' | 'cycles' | 'threatIntel' | 'supplyChain' | 'procurement' | 'investmentScreening';
  roles: readonly Role[] | 'all';
}

/** Roles that may see providers' assets (and so dependencies): the policy's providerVisible. */
export const assetRoles: readonly Role[] = ['coordinator', 'ministry', 'provider', 'supervisor'];

/** Roles that write messages (the policy's advisory authors); every role receives them (CLEAR reaches everyone). */
export const messageAuthorRoles: readonly Role[] = ['csirt', 'coordinator', 'ministry', 'provider'];

export const menuItems: readonly MenuItem[] = [
  { path: '/', label: 'home', roles: 'all' },
  // The cyclus vitaal first: processes, their cycles (run by the ministry, filled in by its providers, read by the
  // supervisor, followed by the coordinator: policy.ts 'cycles'), then the registry behind them.
  { path: '/processes', label: 'processes', roles: 'all' },
  { path: '/cycles', label: 'cycles', roles: ['coordinator', 'ministry', 'provider', 'supervisor'] },
  { path: '/organisations', label: 'organisations', roles: 'all' },
  { path: '/assets', label: 'assets', roles: assetRoles },
  // Simulations run on the assets the user may see; crisis plans are read by the same roles (policy.ts simulationRoles, crisisPlanReadable).
  { path: '/simulation', label: 'simulation', roles: assetRoles },
  { path: '/crisis-plans', label: 'crisisPlans', roles: assetRoles },
  { path: '/scoping', label: 'scoping', roles: 'all' },
  { path: '/duty-of-care', label: 'dutyOfCare', roles: assetRoles },
  // Incidents are read by their entity, its ministry and supervisor, the CSIRT (NIS2) and the coordinator; the supervision view by supervisors and the coordinator (policy.ts incidentReadable, authorizeSupervisionRead).
  { path: '/incidents', label: 'incidents', roles: ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt'] },
  { path: '/supervision', label: 'supervision', roles: ['coordinator', 'supervisor'] },
  { path: '/inbox', label: 'inbox', roles: 'all' },
  // Imported STIX threat intelligence (policy.ts stixObjectReadable): the CSIRT and the coordinator work with it.
  { path: '/threat-intel', label: 'threatIntel', roles: ['csirt', 'coordinator'] },
  // The vendor register is open to every signed-in user; scan findings and dependence are filtered by need-to-know (policy.ts 'vendors', 'high-risk-findings', dependenceUsesVisible).
  { path: '/supply-chain', label: 'supplyChain', roles: ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt'] },
  // Procurement assessments: the buying provider or ministry, a buying provider's ministry and supervisor, the coordinator (policy.ts procurementAssessmentReadable);
  // ownership changes: the target provider, its ministry and supervisor, the registering organisation, the coordinator (ownershipChangeReadable).
  { path: '/procurement', label: 'procurement', roles: assetRoles },
  { path: '/investment-screening', label: 'investmentScreening', roles: assetRoles },
  { path: '/users', label: 'users', roles: 'all' },
  { path: '/audit', label: 'audit', roles: 'all' },
];

/** Whether a user with `roles` has any of `allowed`. */
export const hasAnyRole = (roles: readonly string[], allowed: readonly Role[] | 'all') =>
  allowed === 'all' || roles.some((role) => (allowed as readonly string[]).includes(role));

/** The menu entries a user with `roles` gets. */
export const menuFor = (roles: readonly string[]) => menuItems.filter((item) => hasAnyRole(roles, item.roles));
