import type { Role } from '../../src/domain/roles.ts';

/** A main menu entry and the roles whose need-to-know lets them see anything there (src/services/policy.ts). */
export interface MenuItem {
  path: string;
  /** Key in the `nav` messages. */
  label: 'home' | 'processes' | 'organisations' | 'assets' | 'users' | 'audit';
  roles: readonly Role[] | 'all';
}

/** Roles that may see providers' assets (and so dependencies): the policy's providerVisible. */
export const assetRoles: readonly Role[] = ['coordinator', 'ministry', 'provider', 'supervisor'];

export const menuItems: readonly MenuItem[] = [
  { path: '/', label: 'home', roles: 'all' },
  { path: '/processes', label: 'processes', roles: 'all' },
  { path: '/organisations', label: 'organisations', roles: 'all' },
  { path: '/assets', label: 'assets', roles: assetRoles },
  { path: '/users', label: 'users', roles: 'all' },
  { path: '/audit', label: 'audit', roles: 'all' },
];

/** Whether a user with `roles` has any of `allowed`. */
export const hasAnyRole = (roles: readonly string[], allowed: readonly Role[] | 'all') =>
  allowed === 'all' || roles.some((role) => (allowed as readonly string[]).includes(role));

/** The menu entries a user with `roles` gets. */
export const menuFor = (roles: readonly string[]) => menuItems.filter((item) => hasAnyRole(roles, item.roles));
