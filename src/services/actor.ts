import type { OrganisationKind, Role } from '../domain/roles.ts';

/** Who performs a use case: a signed-in user (session or token), or the platform itself (seeding, CLI on its own folder). */
export type Actor = UserActor | SystemActor;

export interface UserActor {
  kind: 'user';
  userId: string;
  email: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  roles: readonly Role[];
}

export interface SystemActor {
  kind: 'system';
  /** What acts, for the audit log: `seed`, `cli`, `migration`. */
  via: string;
}

export const systemActor = (via: string): SystemActor => ({ kind: 'system', via });

export const hasRole = (actor: Actor, role: Role): boolean => actor.kind === 'user' && actor.roles.includes(role);
