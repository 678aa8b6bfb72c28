/** Organisation kinds of DESIGN.md §1; `operator` runs the platform itself. */
export const organisationKinds = [
  'coordinator',
  'ministry',
  'provider',
  'vendor',
  'supervisor',
  'csirt',
  'partner',
  'operator',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const roles = ['coordinator', 'ministry', 'provider', 'supervisor', 'csirt', 'partner', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The organisation kind a role belongs to: a role is only granted to users of such an organisation. */
export const roleOrganisationKind: Record<Role, OrganisationKind> = {
  coordinator: 'coordinator',
  ministry: 'ministry',
  provider: 'provider',
  supervisor: 'supervisor',
  csirt: 'csirt',
  partner: 'partner',
  admin: 'operator',
};

/** Government bodies whose existence is public: every signed-in user may see them in the directory. */
export const publicOrganisationKinds: readonly OrganisationKind[] = ['coordinator', 'ministry', 'supervisor', 'csirt', 'operator'];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);
