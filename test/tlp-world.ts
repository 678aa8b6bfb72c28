import type { TestApp } from './app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from './factories.ts';

/**
 * The demo-like world of the TLP tests (advisories, messaging, TAXII): a CSIRT author and a colleague; ministry M
 * responsible for a process of sector S with provider P1 designated for it (M's client); ministry M2 with provider Q
 * in sector T; provider P2 with two users; an outsider provider; a supervisor of S; the coordinator, a partner and an
 * administrator.
 */
export async function buildTlpWorld(t: Pick<TestApp, 'services' | 'db'>) {
  const s = t.services;
  const [sectorS, sectorT] = [await buildSector(s), await buildSector(s)];
  const ministryM = await buildOrganisation(s, { kind: 'ministry' });
  const ministryM2 = await buildOrganisation(s, { kind: 'ministry' });
  const processP = await buildVitalProcess(s, { sectorId: sectorS.id, ministryId: ministryM.id });
  const processQ = await buildVitalProcess(s, { sectorId: sectorT.id, ministryId: ministryM2.id });
  const [providerP1, providerQ, providerP2, outsider] = [await buildOrganisation(s), await buildOrganisation(s), await buildOrganisation(s), await buildOrganisation(s)];
  await buildDesignation(s, { processId: processP.id, providerId: providerP1.id });
  await buildDesignation(s, { processId: processQ.id, providerId: providerQ.id });
  const supervisor = await buildOrganisation(s, { kind: 'supervisor' });
  await t.db.insertInto('supervision').values({ supervisorId: supervisor.id, sectorId: sectorS.id }).execute();
  const csirt = await buildOrganisation(s, { kind: 'csirt' });
  const users = {
    author: await buildUser(s, 'csirt', { organisationId: csirt.id }),
    colleague: await buildUser(s, 'csirt', { organisationId: csirt.id }),
    ministryM: await buildUser(s, 'ministry', { organisationId: ministryM.id }),
    ministryM2: await buildUser(s, 'ministry', { organisationId: ministryM2.id }),
    providerP1: await buildUser(s, 'provider', { organisationId: providerP1.id }),
    providerQ: await buildUser(s, 'provider', { organisationId: providerQ.id }),
    p2a: await buildUser(s, 'provider', { organisationId: providerP2.id }),
    p2b: await buildUser(s, 'provider', { organisationId: providerP2.id }),
    outsider: await buildUser(s, 'provider', { organisationId: outsider.id }),
    supervisor: await buildUser(s, 'supervisor', { organisationId: supervisor.id }),
    coordinator: await buildUser(s, 'coordinator'),
    partner: await buildUser(s, 'partner'),
    admin: await buildUser(s, 'admin'),
  } as Record<string, Awaited<ReturnType<typeof buildUser>>>;
  return { sectorS, sectorT, ministryM, ministryM2, providerP1, providerQ, providerP2, outsider, supervisor, csirt, users };
}
