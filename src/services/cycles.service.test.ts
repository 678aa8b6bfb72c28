import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';
import type { UserActor } from './actor.ts';

let t: TestApp;
let ministry: UserActor;
let coordinator: UserActor;
let ministryId: string;

const actorOf = (user: Awaited<ReturnType<typeof buildUser>>, role: UserActor['roles'][number]): UserActor => ({
  kind: 'user',
  userId: user.id,
  email: user.email,
  organisationId: user.organisationId,
  organisationKind: role === 'coordinator' ? 'coordinator' : 'ministry',
  roles: [role],
});
const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  ministryId = (await buildOrganisation(t.services, { kind: 'ministry' })).id;
  ministry = actorOf(await buildUser(t.services, 'ministry', { organisationId: ministryId }), 'ministry');
  coordinator = actorOf(await buildUser(t.services, 'coordinator'), 'coordinator');
}, 60_000);
afterAll(() => t?.close());

describe('cycles', () => {
  it('walks a regular cycle through its four steps in order and completes it', async () => {
    const process = await buildVitalProcess(t.services, { ministryId });
    let cycle = await t.services.cycles.create(ministry, { processId: process.id, kind: 'regular', openedAt: '2026-01-01T00:00:00Z', dueAt: '2027-01-01T00:00:00Z' });
    expect(cycle.steps.map((step) => step.state)).toEqual(['not-started', 'not-started', 'not-started', 'not-started']);
    const instants = ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'];
    for (const [index, step] of (['designation', 'analysis', 'measures', 'effectiveness'] as const).entries())
      cycle = await t.services.cycles.moveStep(ministry, cycle.id, { step, state: 'completed', at: `${instants[index]}T00:00:00Z` });
    expect(cycle).toMatchObject({ status: 'completed', completedAt: new Date('2026-05-01T00:00:00Z') });
    expect(cycle.steps.every((step) => step.completedByUserId === ministry.userId)).toBe(true);
  });

  it('refuses a step before its predecessor or out of date order and writes nothing', async () => {
    const process = await buildVitalProcess(t.services, { ministryId });
    const cycle = await t.services.cycles.create(ministry, { processId: process.id, kind: 'regular', openedAt: '2026-01-01T00:00:00Z', dueAt: '2027-01-01T00:00:00Z' });
    const audit = await countRows('audit_log');
    await expect(t.services.cycles.moveStep(ministry, cycle.id, { step: 'analysis', state: 'in-progress', at: '2026-02-01T00:00:00Z' })).rejects.toMatchObject({ code: 'step-out-of-order' });
    await expect(t.services.cycles.moveStep(ministry, cycle.id, { step: 'designation', state: 'completed', at: '2025-12-01T00:00:00Z' })).rejects.toMatchObject({ code: 'dates-out-of-order' });
    expect(await countRows('audit_log')).toBe(audit);
    expect((await t.services.cycles.get(ministry, cycle.id)).steps.every((step) => step.state === 'not-started')).toBe(true);
  });

  it('makes a regular cycle due at most four years after the last completed one', async () => {
    const process = await buildVitalProcess(t.services, { ministryId });
    const first = await t.services.cycles.create(ministry, { processId: process.id, kind: 'regular', openedAt: '2020-01-01T00:00:00Z', dueAt: '2021-01-01T00:00:00Z' });
    for (const step of ['designation', 'analysis', 'measures', 'effectiveness'] as const)
      await t.services.cycles.moveStep(ministry, first.id, { step, state: 'completed', at: '2020-06-01T00:00:00Z' });
    const next = await t.services.cycles.create(ministry, { processId: process.id, kind: 'regular', openedAt: '2023-01-01T00:00:00Z' });
    expect(next.dueAt.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    await expect(t.services.cycles.create(ministry, { processId: process.id, kind: 'regular', openedAt: '2023-01-01T00:00:00Z', dueAt: '2024-06-02T00:00:00Z' })).rejects.toMatchObject({ code: 'due-date-too-late' });
  });

  it('opens a quickscan for every process of the named sectors when the coordinator declares an event', async () => {
    const [sector1, sector2, sector3] = [await buildSector(t.services), await buildSector(t.services), await buildSector(t.services)];
    const processes = [await buildVitalProcess(t.services, { sectorId: sector1.id }), await buildVitalProcess(t.services, { sectorId: sector1.id }), await buildVitalProcess(t.services, { sectorId: sector2.id })];
    const outside = await buildVitalProcess(t.services, { sectorId: sector3.id });
    const event = await t.services.cycles.declareEvent(coordinator, { name: 'Pandemic', sectorIds: [sector1.id, sector2.id], dueAt: days(90) });
    expect(event.cycleIds).toHaveLength(3);
    const opened = await t.services.cycles.list(coordinator, { eventId: event.id }, { limit: 50, offset: 0 });
    expect(opened.items.map((cycle) => cycle.processId).sort()).toEqual(processes.map((process) => process.id).sort());
    expect(opened.items.every((cycle) => cycle.kind === 'quickscan' && cycle.trigger === 'event' && cycle.status === 'due-soon' && cycle.steps.length === 1)).toBe(true);
    expect((await t.services.cycles.list(coordinator, { processId: outside.id }, { limit: 50, offset: 0 })).total).toBe(0);
  });

  it('lets a ministry declare an event only for sectors holding its processes, and opens only its own', { tags: ['authorization'] }, async () => {
    const sector = await buildSector(t.services);
    const own = await buildVitalProcess(t.services, { sectorId: sector.id, ministryId });
    await buildVitalProcess(t.services, { sectorId: sector.id });
    const event = await t.services.cycles.declareEvent(ministry, { name: 'Storm', sectorIds: [sector.id], dueAt: days(30) });
    expect(event.cycleIds).toHaveLength(1);
    expect((await t.services.cycles.get(ministry, event.cycleIds[0] as string)).processId).toBe(own.id);
    const elsewhere = await buildSector(t.services);
    await buildVitalProcess(t.services, { sectorId: elsewhere.id });
    await expect(t.services.cycles.declareEvent(ministry, { name: 'Flood', sectorIds: [elsewhere.id], dueAt: days(30) })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('shows overdue and due-soon cycles per ministry and nationwide', async () => {
    const otherMinistry = (await buildOrganisation(t.services, { kind: 'ministry' })).id;
    const mine = await buildVitalProcess(t.services, { ministryId });
    const theirs = await buildVitalProcess(t.services, { ministryId: otherMinistry });
    const overdue = await t.services.cycles.create(ministry, { processId: mine.id, kind: 'quickscan', openedAt: '2020-01-01T00:00:00Z', dueAt: '2020-06-01T00:00:00Z' });
    const dueSoon = await t.services.cycles.create(ministry, { processId: mine.id, kind: 'quickscan', dueAt: days(10) });
    const later = await t.services.cycles.create(ministry, { processId: mine.id, kind: 'quickscan', dueAt: days(1000) });
    const system = { kind: 'system', via: 'test' } as const;
    const theirsOverdue = await t.services.cycles.create(system, { processId: theirs.id, kind: 'quickscan', openedAt: '2020-01-01T00:00:00Z', dueAt: '2020-06-01T00:00:00Z' });
    const ids = async (actor: UserActor, filters: Parameters<TestApp['services']['cycles']['list']>[1]) =>
      (await t.services.cycles.list(actor, filters, { limit: 1000, offset: 0 })).items.map((cycle) => cycle.id);
    const ministryOverdue = await ids(ministry, { status: 'overdue' });
    expect(ministryOverdue).toContain(overdue.id);
    expect(ministryOverdue).not.toContain(theirsOverdue.id);
    expect(await ids(ministry, { status: 'due-soon' })).toContain(dueSoon.id);
    expect(await ids(ministry, { status: 'due-soon' })).not.toContain(later.id);
    const nationwide = await ids(coordinator, { status: 'overdue' });
    expect(nationwide).toEqual(expect.arrayContaining([overdue.id, theirsOverdue.id]));
    expect(await ids(coordinator, { status: 'overdue', ministryId: otherMinistry })).toEqual([theirsOverdue.id]);
  });
});

describe('vitality assessments', () => {
  it('evaluates against the current thresholds; a new version leaves past decisions on theirs', async () => {
    const process = await buildVitalProcess(t.services, { ministryId, category: 'B' });
    const criteria = [{ measure: 'casualties', value: 5000, source: 'RIVM estimate' }];
    const first = await t.services.vitality.assess(ministry, { processId: process.id, criteria });
    expect(first.proposedCategory).toBe('B');
    const decided = await t.services.vitality.decide(ministry, first.id, { category: 'A', rationale: 'Cascade to drinking water', euInterest: true, natoInterest: false });
    expect(decided).toMatchObject({ decidedCategory: 'A', euInterest: true, decidedByUserId: ministry.userId });
    expect((await t.db.selectFrom('vitalProcess').select(['category', 'euInterest']).where('id', '=', process.id).executeTakeFirstOrThrow())).toEqual({ category: 'A', euInterest: true });

    const current = (await t.services.vitality.listThresholdVersions())[0]!;
    const stricter = { label: 'Lowered physical limit', source: 'test', confirmed: false, measures: [{ key: 'casualties', criterion: 'physical', unit: 'people', description: 'd', A: { above: 1000 }, B: { above: 100 } }] };
    const next = await t.services.vitality.createThresholdVersion(coordinator, stricter);
    expect(next.version).toBe(current.version + 1);

    const again = await t.services.vitality.assess(ministry, { processId: process.id, criteria });
    expect(again).toMatchObject({ proposedCategory: 'A', thresholdVersion: next.version });
    expect(await t.services.vitality.get(ministry, first.id)).toMatchObject({ proposedCategory: 'B', thresholdVersion: current.version, decidedCategory: 'A' });
    await expect(t.services.vitality.decide(ministry, first.id, { category: 'B', rationale: 'x', euInterest: false, natoInterest: false })).rejects.toMatchObject({ code: 'assessment-already-decided' });
  });

  it('refuses a threshold change from a ministry and unknown criteria, writing nothing', async () => {
    const process = await buildVitalProcess(t.services, { ministryId });
    const before = [await countRows('vitality_threshold_version'), await countRows('vitality_assessment')];
    await expect(t.services.vitality.createThresholdVersion(ministry, { label: 'x', source: 'x', confirmed: true, measures: [{ key: 'k', criterion: 'social', unit: 'u', description: 'd', A: { above: 1 }, B: null }] })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.services.vitality.assess(ministry, { processId: process.id, criteria: [{ measure: 'happiness', value: 1, source: 's' }] })).rejects.toMatchObject({ code: 'criteria-invalid' });
    expect([await countRows('vitality_threshold_version'), await countRows('vitality_assessment')]).toEqual(before);
  });
});

describe('indicator scores', () => {
  it('a provider scores only its own part and sees only its own scores; the ministry sees the aggregate over all', { tags: ['authorization'] }, async () => {
    const process = await buildVitalProcess(t.services, { ministryId });
    const [providerA, providerB] = [await buildOrganisation(t.services), await buildOrganisation(t.services)];
    for (const provider of [providerA, providerB]) await buildDesignation(t.services, { processId: process.id, providerId: provider.id });
    const asProvider = (user: Awaited<ReturnType<typeof buildUser>>): UserActor => ({ ...actorOf(user, 'provider'), organisationKind: 'provider' });
    const userA = asProvider(await buildUser(t.services, 'provider', { organisationId: providerA.id }));
    const userB = asProvider(await buildUser(t.services, 'provider', { organisationId: providerB.id }));
    const cycle = await t.services.cycles.create(ministry, { processId: process.id, kind: 'quickscan', dueAt: days(60) });

    await t.services.resilience.score(userA, cycle.id, { providerId: providerA.id, indicator: 'digital', score: 4, rationale: 'Tested backups', evidence: ['https://example.org/report'] });
    await t.services.resilience.score(userB, cycle.id, { providerId: providerB.id, indicator: 'digital', score: 2, rationale: 'No fallback' });
    await expect(t.services.resilience.score(userA, cycle.id, { providerId: providerB.id, indicator: 'digital', score: 5, rationale: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.services.resilience.score(userA, cycle.id, { providerId: providerA.id, indicator: 'physical', score: 7, rationale: 'x' })).rejects.toMatchObject({ code: 'score-invalid' });

    const seenByA = await t.services.resilience.list(userA, cycle.id);
    expect(seenByA.items.map((item) => item.providerId)).toEqual([providerA.id]);
    const seenByMinistry = await t.services.resilience.list(ministry, cycle.id);
    expect(seenByMinistry.items).toHaveLength(2);
    expect(seenByMinistry.aggregate).toEqual([{ indicator: 'digital', score: 2, mean: 3, providers: 2 }]);

    await t.services.cycles.moveStep(ministry, cycle.id, { step: 'analysis', state: 'completed' });
    await expect(t.services.resilience.score(userA, cycle.id, { providerId: providerA.id, indicator: 'digital', score: 5, rationale: 'x' })).rejects.toMatchObject({ code: 'analysis-closed' });
  });
});
