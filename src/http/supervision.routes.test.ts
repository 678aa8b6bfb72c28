import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';

// The supervisor's side (NIS2 art. 32–34): the dashboard of supervised entities with classification, regime, incidents
// and reporting timeliness; inspections (ex ante only for essential entities), findings and enforcement.

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const { services, db } = t;
  const [sector1, sector2] = [await buildSector(services), await buildSector(services)];
  const process1 = await buildVitalProcess(services, { sectorId: sector1.id });
  const process2 = await buildVitalProcess(services, { sectorId: sector2.id });
  const [essential, important, other] = [await buildOrganisation(services), await buildOrganisation(services), await buildOrganisation(services)];
  for (const provider of [essential, important]) await buildDesignation(services, { processId: process1.id, providerId: provider.id });
  await buildDesignation(services, { processId: process2.id, providerId: other.id });
  const scoping = (organisationId: string, nis2: string) => ({
    organisationId,
    version: 1,
    sectorKey: 'energy.electricity',
    employees: nis2 === 'essential' ? 400 : 60,
    turnoverEur: 0,
    balanceSheetEur: 0,
    flags: [],
    nis2,
    cer: 'not-critical',
    size: nis2 === 'essential' ? 'large' : 'medium',
    reasons: '[]',
  });
  await db.insertInto('organisationScoping').values([scoping(essential.id, 'essential'), scoping(important.id, 'important')]).execute();
  const supervisor = await buildOrganisation(services, { kind: 'supervisor' });
  await db.insertInto('supervision').values({ supervisorId: supervisor.id, sectorId: sector1.id }).execute();
  const tokens = {
    supervisor: (await buildUser(services, 'supervisor', { organisationId: supervisor.id })).token,
    otherSupervisor: (await buildUser(services, 'supervisor')).token,
    coordinator: (await buildUser(services, 'coordinator')).token,
    ministry: (await buildUser(services, 'ministry')).token,
    essential: (await buildUser(services, 'provider', { organisationId: essential.id })).token,
  };
  return { essential, important, other, supervisor, tokens };
}

interface Entity {
  organisationId: string;
  sectors: { id: string; code: string; nameNl: string; nameEn: string }[];
  classification: { nis2: string };
  supervision: { regime: string; basis: string };
  incidents: { total: number; open: number; reports: { onTime: number; late: number; overdue: number; due: number } };
  inspections: { planned: number; done: number; next: string | null; last: string | null };
  findings: { open: number; overdue: number };
  enforcement: { active: number; total: number };
}

const counts = async () =>
  (await sql<{ n: number }>`select (select count(*) from inspection) + (select count(*) from finding) + (select count(*) from enforcement_action) as n`.execute(t.db)).rows[0];
const entities = async (token: string) => (await call(t.app, token, 'GET', '/api/v1/supervision/entities')).json<{ items: Entity[] }>().items;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld();
}, 300_000);
afterAll(() => t?.close());

describe('supervisor dashboard', () => {
  it('lists the entities the supervisor supervises, with the regime NIS2 art. 32 or 33 gives them', async () => {
    const items = await entities(world.tokens.supervisor);
    expect(items.map((item) => item.organisationId).sort()).toEqual([world.essential.id, world.important.id].sort());
    const byId = new Map(items.map((item) => [item.organisationId, item]));
    expect(byId.get(world.essential.id)).toMatchObject({ classification: { nis2: 'essential', scopingVersion: 1 }, supervision: { regime: 'ex-ante-and-ex-post', basis: expect.stringMatching(/^NIS2 art\. 32/) } });
    expect(byId.get(world.important.id)).toMatchObject({ classification: { nis2: 'important' }, supervision: { regime: 'ex-post', basis: expect.stringMatching(/^NIS2 art\. 33/) } });
    expect(byId.get(world.essential.id)?.sectors).toEqual([{ id: expect.any(String), code: expect.any(String), nameNl: expect.any(String), nameEn: expect.any(String) }]);
    expect(await entities(world.tokens.otherSupervisor)).toEqual([]);
    expect((await entities(world.tokens.coordinator)).map((item) => item.organisationId)).toEqual(expect.arrayContaining([world.essential.id, world.important.id, world.other.id]));
  });

  it('pages the dashboard by name, each page with the duty of care of its own entities', async () => {
    const all = (await call(t.app, world.tokens.supervisor, 'GET', '/api/v1/supervision/entities')).json<{ items: Entity[]; total: number }>();
    expect(all.total).toBe(2);
    const second = (await call(t.app, world.tokens.supervisor, 'GET', '/api/v1/supervision/entities?limit=1&offset=1')).json<{ items: Entity[]; total: number; limit: number }>();
    expect(second).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(second.items).toEqual([all.items[1]]);
  });

  it('is closed to other roles, and to supervisors for entities they do not supervise', { tags: ['authorization'] }, async () => {
    expect((await call(t.app, world.tokens.ministry, 'GET', '/api/v1/supervision/entities')).statusCode).toBe(403);
    expect((await call(t.app, world.tokens.essential, 'GET', '/api/v1/supervision/entities')).statusCode).toBe(403);
    expect((await call(t.app, world.tokens.supervisor, 'GET', `/api/v1/supervision/entities/${world.other.id}`)).statusCode).toBe(404);
    expect((await call(t.app, world.tokens.otherSupervisor, 'POST', `/api/v1/supervision/entities/${world.essential.id}/findings`, { title: 'x' })).statusCode).toBe(404);
  });

  it('counts incidents and reporting timeliness: on time, late and overdue', async () => {
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
    const reportIncident = async (awareHoursAgo: number) =>
      (
        await call(t.app, world.tokens.essential, 'POST', '/api/v1/incidents', {
          title: 'Storing',
          awareAt: hoursAgo(awareHoursAgo),
          regimes: ['nis2'],
          significance: { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false },
        })
      ).json<{ id: string }>().id;
    const early = { regime: 'nis2', step: 'early-warning', content: { suspectedUnlawfulOrMalicious: false, crossBorderImpact: false } };
    const onTime = await reportIncident(10);
    await call(t.app, world.tokens.essential, 'POST', `/api/v1/incidents/${onTime}/reports`, { ...early, submittedAt: hoursAgo(5) });
    const late = await reportIncident(100);
    await call(t.app, world.tokens.essential, 'POST', `/api/v1/incidents/${late}/reports`, { ...early, submittedAt: hoursAgo(50) });
    await reportIncident(30);
    const essential = (await entities(world.tokens.supervisor)).find((item) => item.organisationId === world.essential.id);
    // On time: its early warning. Late: the early warning submitted after 24 h. Overdue: the notification of the
    // incident 100 h ago (72 h) and the early warning of the one 30 h ago. Due: the five reports whose deadline lies ahead.
    expect(essential?.incidents).toEqual({ total: 3, open: 3, reports: { onTime: 1, late: 1, overdue: 2, due: 5 } });
  });

  it('NIS2 art. 23(3): obligations withdrawn after a reassessed significance count for nothing in the timeliness', async () => {
    const timeliness = async () => (await entities(world.tokens.supervisor)).find((item) => item.organisationId === world.important.id)?.incidents.reports;
    const token = (await buildUser(t.services, 'provider', { organisationId: world.important.id })).token;
    const before = await timeliness();
    const significance = { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false };
    const created = await call(t.app, token, 'POST', '/api/v1/incidents', { title: 'Storing', awareAt: new Date(Date.now() - 30 * 3_600_000).toISOString(), regimes: ['nis2'], significance });
    expect(created.statusCode, created.body).toBe(201);
    // The early warning (24 h) is overdue; the notification and the final report still due.
    expect(await timeliness()).toEqual({ ...before, overdue: (before?.overdue ?? 0) + 1, due: (before?.due ?? 0) + 2 });
    const lowered = await call(t.app, token, 'PATCH', `/api/v1/incidents/${created.json<{ id: string }>().id}`, { significance: { ...significance, severeOperationalDisruption: false } });
    expect(lowered.statusCode, lowered.body).toBe(200);
    expect(await timeliness()).toEqual(before);
  });
});

describe('inspections, findings and enforcement', () => {
  it('NIS2 art. 33: refuses an ex-ante inspection of an important entity with a problem document, and writes nothing', async () => {
    const before = await counts();
    const response = await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/supervision/entities/${world.important.id}/inspections`, { kind: 'ex-ante', status: 'planned', date: '2026-12-01', scope: 'Audit of art. 21 measures' });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'ex-ante-not-allowed', errors: [{ path: '/kind' }], detail: expect.stringContaining('NIS2 art. 33') });
    expect(await counts()).toEqual(before);
  });

  it('NIS2 art. 32: plans an ex-ante inspection of an essential entity and follows it up with a finding and enforcement', async () => {
    const inspection = await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/supervision/entities/${world.essential.id}/inspections`, { kind: 'ex-ante', status: 'planned', date: '2026-12-01', scope: 'Audit of art. 21 measures' });
    expect(inspection.statusCode, inspection.body).toBe(201);
    const inspectionId = inspection.json<{ id: string }>().id;
    expect(inspection.json()).toMatchObject({ kind: 'ex-ante', status: 'planned', date: '2026-12-01', supervisorId: world.supervisor.id });
    expect((await call(t.app, world.tokens.supervisor, 'PATCH', `/api/v1/supervision/inspections/${inspectionId}`, { status: 'done' })).json()).toMatchObject({ status: 'done' });

    const finding = await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/supervision/entities/${world.essential.id}/findings`, { inspectionId, title: 'No MFA on remote access', dueDate: '2026-01-15' });
    expect(finding.statusCode, finding.body).toBe(201);
    expect(finding.json()).toMatchObject({ status: 'open', overdue: true });
    const findingId = finding.json<{ id: string }>().id;
    const enforcement = await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/supervision/entities/${world.essential.id}/enforcement-actions`, { findingId, kind: 'order-subject-to-penalty', status: 'imposed', decidedOn: '2026-02-01', amountEur: 50_000 });
    expect(enforcement.statusCode, enforcement.body).toBe(201);

    const detail = (await call(t.app, world.tokens.supervisor, 'GET', `/api/v1/supervision/entities/${world.essential.id}`)).json<Entity & { inspectionList: unknown[]; findingList: unknown[]; enforcementList: unknown[] }>();
    expect(detail).toMatchObject({ inspections: { done: 1, last: '2026-12-01' }, findings: { open: 1, overdue: 1 }, enforcement: { active: 1, total: 1 } });
    expect([detail.inspectionList.length, detail.findingList.length, detail.enforcementList.length]).toEqual([1, 1, 1]);

    const resolved = await call(t.app, world.tokens.supervisor, 'PATCH', `/api/v1/supervision/findings/${findingId}`, { status: 'resolved' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', overdue: false, resolvedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const complied = await call(t.app, world.tokens.supervisor, 'PATCH', `/api/v1/supervision/enforcement-actions/${enforcement.json<{ id: string }>().id}`, { status: 'complied' });
    expect(complied.json()).toMatchObject({ status: 'complied' });
  });

  it('NIS2 art. 32(5): refuses a management ban of an important entity; the coordinator reads but does not write', async () => {
    const before = await counts();
    const ban = await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/supervision/entities/${world.important.id}/enforcement-actions`, { kind: 'management-ban', status: 'intended', decidedOn: '2026-02-01' });
    expect(ban.statusCode).toBe(422);
    expect(ban.json()).toMatchObject({ code: 'enforcement-not-allowed' });
    const byCoordinator = await call(t.app, world.tokens.coordinator, 'POST', `/api/v1/supervision/entities/${world.important.id}/findings`, { title: 'x' });
    expect(byCoordinator.statusCode).toBe(403);
    const badDate = await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/supervision/entities/${world.important.id}/inspections`, { kind: 'ex-post', status: 'planned', date: '2026-02-30', scope: 'x' });
    expect(badDate.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
