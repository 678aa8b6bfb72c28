import { randomBytes } from 'node:crypto';
import type { Role } from '../src/domain/roles.ts';
import { roleOrganisationKind } from '../src/domain/roles.ts';
import { systemActor } from '../src/services/actor.ts';
import type { Services } from '../src/services/index.ts';

/**
 * Builders of test records. Each creates the parents it needs when they are not given (as Outline's
 * factories do), so that tests never depend on each other's rows. They write through the services as the platform.
 */
const platform = systemActor('test');
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function buildOrganisation(services: Services, values: { kind?: string; name?: string; code?: string } = {}) {
  const code = values.code ?? unique(values.kind ?? 'org');
  return services.registry.create(platform, 'organisations', { code, name: values.name ?? `Organisation ${code}`, kind: values.kind ?? 'provider' });
}

export async function buildSector(services: Services) {
  const code = unique('sector');
  return services.registry.create(platform, 'sectors', { code, nameNl: `Sector ${code}`, nameEn: `Sector ${code}` });
}

export async function buildVitalProcess(services: Services, values: { sectorId?: string; ministryId?: string; category?: 'A' | 'B' } = {}) {
  const code = unique('process');
  return services.registry.create(platform, 'vital-processes', {
    code,
    nameNl: `Proces ${code}`,
    nameEn: `Process ${code}`,
    sectorId: values.sectorId ?? (await buildSector(services)).id,
    ministryId: values.ministryId ?? (await buildOrganisation(services, { kind: 'ministry' })).id,
    category: values.category ?? 'B',
  });
}

export async function buildDesignation(services: Services, values: { processId?: string; providerId?: string } = {}) {
  return services.registry.create(platform, 'process-providers', {
    processId: values.processId ?? (await buildVitalProcess(services)).id,
    providerId: values.providerId ?? (await buildOrganisation(services)).id,
    status: 'designated',
  });
}

export async function buildAsset(services: Services, values: { providerId?: string; processId?: string } = {}) {
  const code = unique('asset');
  return services.registry.create(platform, 'assets', {
    code,
    name: `Asset ${code}`,
    kind: 'site',
    providerId: values.providerId ?? (await buildOrganisation(services)).id,
    processId: values.processId ?? null,
    latitude: 52.1,
    longitude: 5.1,
    populationServed: 1000,
  });
}

export async function buildDependency(services: Services, values: { dependentId?: string; supplierId?: string } = {}) {
  return services.registry.create(platform, 'dependencies', {
    dependentId: values.dependentId ?? (await buildAsset(services)).id,
    supplierId: values.supplierId ?? (await buildAsset(services)).id,
    type: 'physical',
    bufferHours: 4,
  });
}

/** A user with `role` (in a new organisation of the fitting kind unless one is given) and an API token for it. */
export async function buildUser(services: Services, role: Role, values: { organisationId?: string; password?: string } = {}) {
  const organisationId = values.organisationId ?? (await buildOrganisation(services, { kind: roleOrganisationKind[role] })).id;
  const email = `${unique(role)}@test.vitaal.nl`;
  const user = await services.users.create(platform, { email, name: `Test ${role}`, organisationId, roles: [role], password: values.password });
  const { token } = await services.auth.createToken(platform, email, 'test');
  return { ...user, token };
}
