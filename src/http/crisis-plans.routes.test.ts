import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';

/**
 * Writing crisis plans and exercises from the web interface (issue 4 item 7): the abilities the API reports match the
 * writes it accepts, injects are added to a planned exercise's timeline, and a lesson learned becomes a measure of the
 * action programme of a cycle of the plan's process, all-or-nothing and audited.
 */

let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
const platform = { kind: 'system', via: 'test' } as const;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

interface Plan {
  id: string;
  abilities: { edit: boolean; planExercises: boolean; recordLessons: boolean; recordObservations: boolean };
}
interface Exercise {
  id: string;
  status: string;
  injects: { offsetMinutes: number; message: string }[];
  lessons: { id: string; title: string; measureId: string | null; measure: { id: string; cycleId: string; title: string; status: string } | null }[];
  abilities: Record<'addInjects' | 'changeState' | 'recordObservations' | 'recordLessons' | 'turnLessonsIntoMeasures', boolean>;
}

async function buildWorld() {
  const sector = await buildSector(t.services);
  const [ministry, otherMinistry] = [await buildOrganisation(t.services, { kind: 'ministry' }), await buildOrganisation(t.services, { kind: 'ministry' })];
  const process = await buildVitalProcess(t.services, { sectorId: sector.id, ministryId: ministry.id, category: 'A' });
  const otherProcess = await buildVitalProcess(t.services, { sectorId: sector.id, ministryId: otherMinistry.id, category: 'A' });
  const provider = await buildOrganisation(t.services);
  await buildDesignation(t.services, { processId: process.id, providerId: provider.id });
  const cycle = await t.services.cycles.create(platform, { processId: process.id, kind: 'regular' });
  const otherCycle = await t.services.cycles.create(platform, { processId: otherProcess.id, kind: 'regular' });
  const tokens = {
    ministry: (await buildUser(t.services, 'ministry', { organisationId: ministry.id })).token,
    otherMinistry: (await buildUser(t.services, 'ministry', { organisationId: otherMinistry.id })).token,
    provider: (await buildUser(t.services, 'provider', { organisationId: provider.id })).token,
    coordinator: (await buildUser(t.services, 'coordinator')).token,
  };
  const scenario = (await call(t.app, tokens.ministry, 'POST', '/api/v1/simulation-scenarios', { name: 'Uitval buurland', definition: { crossBorder: { country: 'DE' } } })).json<{ id: string }>();
  return { ministry, process, otherProcess, provider, cycle, otherCycle, tokens, scenario };
}

async function planWithExercise(token: string) {
  const created = await call(t.app, token, 'POST', '/api/v1/crisis-plans', {
    processId: w.process.id,
    title: `Plan ${Math.random().toString(36).slice(2, 8)}`,
    escalationLevels: [{ level: 1, name: 'Regionaal', criteria: 'Eén regio' }],
    actions: [{ description: 'Crisisteam bijeenroepen', role: 'crisismanager', escalationLevel: 1 }],
    roles: [{ role: 'crisismanager', responsibility: 'Leidt het crisisteam' }],
    contacts: [{ name: 'Meldkamer', role: 'crisismanager', phone: '+31 20 000 0000' }],
    scenarioIds: [w.scenario.id],
  });
  expect(created.statusCode, created.body).toBe(201);
  const plan = created.json<Plan>();
  const exercise = await call(t.app, token, 'POST', '/api/v1/exercises', { planId: plan.id, scenarioId: w.scenario.id, name: 'Oefening', scheduledAt: '2026-12-01T09:00:00Z', injects: [{ offsetMinutes: 60, message: 'Later', targetRole: 'crisismanager' }] });
  expect(exercise.statusCode, exercise.body).toBe(201);
  return { plan, exercise: exercise.json<Exercise>() };
}

const measureCount = async () => Number((await t.db.selectFrom('measure').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld();
}, 120_000);
afterAll(async () => {
  await t?.services.simulations.settle();
  await t?.close();
});

describe('crisis plan abilities', { tags: ['authorization'] }, () => {
  it('report exactly the writes the API accepts, per role', async () => {
    const { plan, exercise } = await planWithExercise(w.tokens.ministry);
    expect(plan.abilities).toEqual({ edit: true, planExercises: true, recordLessons: true, recordObservations: true });
    expect(exercise.abilities).toEqual({ addInjects: true, changeState: true, recordObservations: true, recordLessons: true, turnLessonsIntoMeasures: true });

    const listFor = async (token: string) => (await call(t.app, token, 'GET', '/api/v1/crisis-plans')).json<{ items: Plan[]; abilities: { createForProcessIds: string[] } }>();
    expect((await listFor(w.tokens.ministry)).abilities.createForProcessIds).toEqual([w.process.id]);
    expect((await listFor(w.tokens.coordinator)).abilities.createForProcessIds).toEqual(expect.arrayContaining([w.process.id, w.otherProcess.id]));
    const asProvider = await listFor(w.tokens.provider);
    expect(asProvider.abilities.createForProcessIds).toEqual([]);
    // The designated provider reads the plan and may observe, but writes nothing else, and the API agrees.
    expect(asProvider.items.find((item) => item.id === plan.id)?.abilities).toEqual({ edit: false, planExercises: false, recordLessons: false, recordObservations: true });
    const providerExercise = (await call(t.app, w.tokens.provider, 'GET', `/api/v1/exercises/${exercise.id}`)).json<Exercise>();
    expect(providerExercise.abilities).toEqual({ addInjects: false, changeState: false, recordObservations: true, recordLessons: false, turnLessonsIntoMeasures: false });
    expect((await call(t.app, w.tokens.provider, 'POST', `/api/v1/exercises/${exercise.id}/injects`, { offsetMinutes: 5, message: 'x', targetRole: 'y' })).statusCode).toBe(403);
    expect((await call(t.app, w.tokens.provider, 'POST', `/api/v1/exercises/${exercise.id}/observations`, { text: 'Gezien' })).statusCode).toBe(200);
  });
});

describe('injects', () => {
  it('are added to the timeline in order until the exercise is completed', async () => {
    const { exercise } = await planWithExercise(w.tokens.ministry);
    const added = await call(t.app, w.tokens.ministry, 'POST', `/api/v1/exercises/${exercise.id}/injects`, { offsetMinutes: 15, message: 'Eerst', targetRole: 'crisismanager' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json<Exercise>().injects.map((inject) => inject.message)).toEqual(['Eerst', 'Later']);
    const timeline = (await call(t.app, w.tokens.ministry, 'GET', `/api/v1/exercises/${exercise.id}/timeline`)).json<{ entries: { kind: string; message?: string }[] }>();
    expect(timeline.entries.filter((entry) => entry.kind === 'inject').map((entry) => entry.message)).toEqual(['Eerst', 'Later']);

    const bad = await call(t.app, w.tokens.ministry, 'POST', `/api/v1/exercises/${exercise.id}/injects`, { offsetMinutes: -1, message: '', targetRole: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(expect.arrayContaining(['/body/offsetMinutes', '/body/message']));

    const completed = (await call(t.app, w.tokens.ministry, 'POST', `/api/v1/exercises/${exercise.id}/state`, { state: 'completed' })).json<Exercise>();
    expect(completed.abilities).toMatchObject({ addInjects: false, changeState: false, recordObservations: false, recordLessons: true });
    const late = await call(t.app, w.tokens.ministry, 'POST', `/api/v1/exercises/${exercise.id}/injects`, { offsetMinutes: 5, message: 'Te laat', targetRole: 'x' });
    expect(late.json()).toMatchObject({ code: 'exercise-completed' });
    const audit = await t.db.selectFrom('auditLog').select('objectType').where('objectType', '=', 'exercise-inject').execute();
    expect(audit).toHaveLength(1);
  });
});

describe('a lesson learned becomes a measure', () => {
  it('of the action programme of a cycle of the plan’s process, once, all-or-nothing and audited', async () => {
    const { exercise } = await planWithExercise(w.tokens.ministry);
    const recorded = (await call(t.app, w.tokens.ministry, 'POST', `/api/v1/exercises/${exercise.id}/lessons`, { title: 'Noodstroom oefenen', description: 'Jaarlijks met de operator' })).json<Exercise>();
    const lessonId = recorded.lessons[0]!.id;
    const url = `/api/v1/exercises/${exercise.id}/lessons/${lessonId}/measure`;
    const body = { cycleId: w.cycle.id, scope: 'sectoral', ownerOrgId: w.ministry.id, dueAt: tomorrow() };
    const before = await measureCount();

    // Refusals leave no measure behind and the lesson unlinked.
    expect((await call(t.app, w.tokens.provider, 'POST', url, body)).statusCode).toBe(403);
    const otherCycle = await call(t.app, w.tokens.ministry, 'POST', url, { ...body, cycleId: w.otherCycle.id });
    expect(otherCycle.statusCode).toBe(400);
    expect(otherCycle.json()).toMatchObject({ code: 'lesson-cycle-mismatch', errors: [{ path: '/body/cycleId' }] });
    const early = await call(t.app, w.tokens.ministry, 'POST', url, { ...body, dueAt: '2000-01-01T00:00:00Z' });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'dates-out-of-order' });
    // The coordinator writes the plan but adds only cross-sector measures to a ministry's programme.
    expect((await call(t.app, w.tokens.coordinator, 'POST', url, body)).statusCode).toBe(403);
    expect(await measureCount()).toBe(before);
    expect((await call(t.app, w.tokens.ministry, 'GET', `/api/v1/exercises/${exercise.id}`)).json<Exercise>().lessons[0]!.measureId).toBeNull();

    const linked = await call(t.app, w.tokens.ministry, 'POST', url, body);
    expect(linked.statusCode, linked.body).toBe(200);
    const lesson = linked.json<Exercise>().lessons[0]!;
    expect(lesson.measure).toMatchObject({ id: lesson.measureId, cycleId: w.cycle.id, title: 'Noodstroom oefenen', status: 'planned' });
    const measures = (await call(t.app, w.tokens.ministry, 'GET', `/api/v1/cycles/${w.cycle.id}/measures`)).json<{ items: { id: string; title: string; description: string }[] }>();
    expect(measures.items.find((measure) => measure.id === lesson.measureId)).toMatchObject({ title: 'Noodstroom oefenen', description: 'Jaarlijks met de operator' });
    expect(await measureCount()).toBe(before + 1);

    expect((await call(t.app, w.tokens.ministry, 'POST', url, body)).json()).toMatchObject({ code: 'lesson-already-measure' });
    expect((await call(t.app, w.tokens.ministry, 'POST', `/api/v1/exercises/${exercise.id}/lessons/${exercise.id}/measure`, body)).json()).toMatchObject({ code: 'exercise-lesson-not-found' });
    const audit = await t.db.selectFrom('auditLog').select(['objectType', 'objectId']).where('action', 'in', ['create', 'update']).where('objectId', 'in', [lessonId, lesson.measureId!]).execute();
    expect(audit.map((entry) => entry.objectType).sort()).toEqual(['exercise-lesson', 'exercise-lesson', 'measure']);
  });
});
