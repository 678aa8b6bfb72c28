import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDataDir } from '../config.ts';
import { addReportingPeriod } from '../domain/reporting-deadlines.ts';
import { createIncidentsService } from '../services/incidents.service.ts';
import { pdfText } from '../../test/pdf.ts';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';

// Incident reporting through the API (NIS2 art. 23, CER art. 15): deadlines stored in UTC and shown in Amsterdam time,
// late reports accepted and flagged, the history kept, need-to-know per role, and bad input refused with nothing written.

let t: TestApp;
let world: Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld() {
  const { services, db } = t;
  const [sector1, sector2] = [await buildSector(services), await buildSector(services)];
  const [ministry1, ministry2] = [await buildOrganisation(services, { kind: 'ministry' }), await buildOrganisation(services, { kind: 'ministry' })];
  const process1 = await buildVitalProcess(services, { sectorId: sector1.id, ministryId: ministry1.id });
  const process2 = await buildVitalProcess(services, { sectorId: sector2.id, ministryId: ministry2.id });
  const [providerA, providerB] = [await buildOrganisation(services), await buildOrganisation(services)];
  await buildDesignation(services, { processId: process1.id, providerId: providerA.id });
  await buildDesignation(services, { processId: process2.id, providerId: providerB.id });
  const supervisor = await buildOrganisation(services, { kind: 'supervisor' });
  await db.insertInto('supervision').values({ supervisorId: supervisor.id, sectorId: sector1.id }).execute();
  const csirt = await buildOrganisation(services, { kind: 'csirt' });
  const tokens = {
    providerA: (await buildUser(services, 'provider', { organisationId: providerA.id })).token,
    providerB: (await buildUser(services, 'provider', { organisationId: providerB.id })).token,
    supervisor: (await buildUser(services, 'supervisor', { organisationId: supervisor.id })).token,
    ministry1: (await buildUser(services, 'ministry', { organisationId: ministry1.id })).token,
    csirt: (await buildUser(services, 'csirt', { organisationId: csirt.id })).token,
    coordinator: (await buildUser(services, 'coordinator')).token,
    partner: (await buildUser(services, 'partner')).token,
    admin: (await buildUser(services, 'admin')).token,
  };
  return { providerA, providerB, supervisor, csirt, tokens };
}

interface Obligation {
  id: string;
  regime: string;
  step: string;
  dueAt: string | null;
  dueAtLocal: string | null;
  status: string;
  basis: string;
  request: { organisationId: string; note: string } | null;
  late: boolean;
  submittedAt: string | null;
  content: Record<string, unknown> | null;
  recipients: { kind: string; organisations: { id: string }[] }[];
  fields: { name: string; required: boolean }[];
}
interface Incident {
  id: string;
  number: string;
  organisationId: string;
  regimes: string[];
  regimesSource: string;
  awareAt: string;
  awareAtLocal: string;
  significance: { significant: boolean; reasons: { basis: string }[] };
  obligations: Obligation[];
  history: { kind: string; details: Record<string, unknown> }[];
}

const significant = { severeOperationalDisruption: true, financialLoss: false, damageToOthers: false };
const report = (token: string, body: Record<string, unknown>) => call(t.app, token, 'POST', '/api/v1/incidents', { title: 'Storing', significance: significant, regimes: ['nis2', 'cer'], ...body });
const created = async (token: string, body: Record<string, unknown>) => {
  const response = await report(token, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Incident>();
};
const obligation = (incident: Incident, key: string) => incident.obligations.find((o) => `${o.regime}.${o.step}` === key) as Obligation;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const rowCounts = async () =>
  (await sql<{ incidents: number; obligations: number; submitted: number; events: number }>`select (select count(*)::int from incident) as incidents, (select count(*)::int from report_obligation) as obligations,
    (select count(*)::int from report_obligation where submitted_at is not null) as submitted, (select count(*)::int from incident_event) as events`.execute(t.db)).rows[0];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld();
}, 300_000);
afterAll(() => t?.close());

describe('an incident and its report obligations', () => {
  it('NIS2 art. 23(4), CER art. 15(1), art. 23(4)(e): awareness at 01:30 CET just before the spring change gives deadlines in UTC and in Amsterdam summer time; still open long after, a progress report replaces the final report', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: '2026-03-29T01:30:00+01:00' });
    expect(incident.awareAt).toBe('2026-03-29T00:30:00.000Z');
    expect(incident.awareAtLocal).toBe('2026-03-29T01:30:00.000+01:00');
    const stored = (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incident.id}`)).json<Incident>();
    const due = Object.fromEntries(stored.obligations.map((o) => [`${o.regime}.${o.step}`, [o.dueAt, o.dueAtLocal]]));
    expect(due).toEqual({
      'nis2.early-warning': ['2026-03-30T00:30:00.000Z', '2026-03-30T02:30:00.000+02:00'],
      'cer.initial-notification': ['2026-03-30T00:30:00.000Z', '2026-03-30T02:30:00.000+02:00'],
      'nis2.incident-notification': ['2026-04-01T00:30:00.000Z', '2026-04-01T02:30:00.000+02:00'],
      'cer.detailed-report': ['2026-04-30T00:30:00.000Z', '2026-04-30T02:30:00.000+02:00'],
      'nis2.progress-report': ['2026-05-01T00:30:00.000Z', '2026-05-01T02:30:00.000+02:00'],
      'nis2.final-report': [null, null],
    });
    expect(obligation(stored, 'nis2.final-report').basis).toMatch(/^NIS2 art\. 23\(4\)\(e\)/);
    expect(stored.number).toMatch(/^INC-\d{4}-\d{5}$/);
    // Long past: every report with a deadline is overdue and flagged late; the final report awaits the end of handling.
    expect(stored.obligations.every((o) => o.status === 'due' && o.late === (o.dueAt !== null))).toBe(true);
    const early = obligation(stored, 'nis2.early-warning');
    expect(early.recipients).toEqual([
      { kind: 'csirt', organisations: expect.arrayContaining([{ id: world.csirt.id, name: expect.any(String) }]) },
      { kind: 'supervisor', organisations: [{ id: world.supervisor.id, name: expect.any(String) }] },
    ]);
    expect(early.fields.map((field) => field.name)).toEqual(['suspectedUnlawfulOrMalicious', 'crossBorderImpact']);
    expect(stored.history.map((event) => event.kind)).toEqual(['created']);
  });

  it('accepts a late report, flags it, keeps it and its history, and refuses to replace it', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: '2026-03-29T01:30:00+01:00' });
    const content = { suspectedUnlawfulOrMalicious: true, crossBorderImpact: false };
    const submitted = await call(t.app, world.tokens.providerA, 'POST', `/api/v1/incidents/${incident.id}/reports`, { regime: 'nis2', step: 'early-warning', submittedAt: '2026-03-31T10:00:00+02:00', content });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const early = obligation(submitted.json<Incident>(), 'nis2.early-warning');
    expect(early).toMatchObject({ status: 'submitted', late: true, submittedAt: '2026-03-31T08:00:00.000Z', content });

    const again = await call(t.app, world.tokens.providerA, 'POST', `/api/v1/incidents/${incident.id}/reports`, { regime: 'nis2', step: 'early-warning', content: { suspectedUnlawfulOrMalicious: false, crossBorderImpact: false } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'report-already-submitted' });
    const read = (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incident.id}`)).json<Incident>();
    expect(obligation(read, 'nis2.early-warning')).toMatchObject({ content, late: true });
    expect(read.history.map((event) => event.kind)).toEqual(['created', 'report-submitted']);
    expect(read.history[1]?.details).toMatchObject({ regime: 'nis2', step: 'early-warning', late: true, content });
  });

  it('NIS2 art. 23(4)(d): submitting the notification moves the final report to one month after it, recorded in the history', async () => {
    const awareAt = new Date(Date.now() - 3 * 3_600_000);
    const incident = await created(world.tokens.providerA, { awareAt: awareAt.toISOString(), regimes: ['nis2'] });
    const notificationDue = new Date(awareAt.getTime() + 72 * 3_600_000);
    expect(obligation(incident, 'nis2.final-report').dueAt).toBe(addReportingPeriod(notificationDue, { months: 1 }).toISOString());
    const submittedAt = new Date(awareAt.getTime() + 3_600_000);
    const response = await call(t.app, world.tokens.providerA, 'POST', `/api/v1/incidents/${incident.id}/reports`, {
      regime: 'nis2',
      step: 'incident-notification',
      submittedAt: submittedAt.toISOString(),
      content: { severityAndImpact: 'Regional outage of the control room.' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<Incident>();
    expect(obligation(after, 'nis2.incident-notification')).toMatchObject({ late: false, status: 'submitted' });
    expect(obligation(after, 'nis2.final-report').dueAt).toBe(addReportingPeriod(submittedAt, { months: 1 }).toISOString());
    const history = (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incident.id}`)).json<Incident>().history;
    expect(history.map((event) => event.kind)).toEqual(['created', 'report-submitted', 'deadline-moved']);
    expect(history[2]?.details).toMatchObject({ regime: 'nis2', step: 'final-report', to: addReportingPeriod(submittedAt, { months: 1 }).toISOString() });
  });

  it('NIS2 art. 23(3): an incident that is not significant has no NIS2 obligation; CER ones stay', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(2), significance: { severeOperationalDisruption: false, financialLoss: false, damageToOthers: false } });
    expect(incident.significance).toMatchObject({ significant: false });
    expect(incident.obligations.map((o) => `${o.regime}.${o.step}`)).toEqual(['cer.initial-notification', 'cer.detailed-report']);
  });

  it('takes the regimes from the entity’s recorded scoping when none are given', async () => {
    const provider = await buildOrganisation(t.services);
    const token = (await buildUser(t.services, 'provider', { organisationId: provider.id })).token;
    const before = await rowCounts();
    const refused = await report(token, { awareAt: hoursAgo(1), regimes: undefined });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'no-regime', errors: [{ path: '/regimes' }] });
    expect(await rowCounts()).toEqual(before);
    await t.db
      .insertInto('organisationScoping')
      .values({ organisationId: provider.id, version: 1, sectorKey: 'energy.electricity', employees: 400, turnoverEur: 0, balanceSheetEur: 0, flags: [], nis2: 'essential', cer: 'not-critical', size: 'large', reasons: '[]' })
      .execute();
    const incident = await created(token, { awareAt: hoursAgo(1), regimes: undefined });
    expect(incident).toMatchObject({ regimes: ['nis2'], regimesSource: 'classification' });
  });

  it('renders the incident report as a PDF with every deadline in UTC and Amsterdam time', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: '2026-03-29T01:30:00+01:00', title: 'Uitval meetdata' });
    const response = await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incident.id}/report.pdf?language=en`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain(`Incident report ${incident.number}`);
    expect(text).toContain('Uitval meetdata');
    expect(text).toContain('Early warning');
    expect(text).toContain('2026-03-30 00:30 UTC');
    expect(text).toContain('2026-03-30 02:30 +02:00 Amsterdam');
    expect(text).toContain('TLP:AMBER+STRICT');
  });
});

const submit = (token: string, id: string, body: Record<string, unknown>) => call(t.app, token, 'POST', `/api/v1/incidents/${id}/reports`, body);
const read = async (id: string, token = world.tokens.providerA) => (await call(t.app, token, 'GET', `/api/v1/incidents/${id}`)).json<Incident>();
const auditCount = async (objectId: string, action: string) =>
  Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where object_type = 'incident' and object_id = ${objectId} and action = ${action}`.execute(t.db)).rows[0]?.n);

describe('NIS2 art. 23(4)(e): an incident still ongoing at the final-report deadline', () => {
  it('asks a progress report at the deadline and, once handled, the final report one month after handling; late reports flagged and kept', async () => {
    // Aware 28 January 2026 10:00 CET → notification due 31 January → final-report deadline D = 28 February 10:00 CET.
    const incident = await created(world.tokens.providerA, { awareAt: '2026-01-28T10:00:00+01:00', regimes: ['nis2'] });
    expect(obligation(incident, 'nis2.progress-report')).toMatchObject({ dueAt: '2026-02-28T09:00:00.000Z', status: 'due', late: true, basis: expect.stringMatching(/^NIS2 art\. 23\(4\)\(e\)/) });
    expect(obligation(incident, 'nis2.final-report')).toMatchObject({ dueAt: null, dueAtLocal: null, status: 'due', late: false });
    expect(obligation(incident, 'nis2.progress-report').fields.map((field) => field.name)).toEqual(['progress', 'mitigation', 'expectedEnd']);

    const progress = await submit(world.tokens.providerA, incident.id, { regime: 'nis2', step: 'progress-report', submittedAt: '2026-03-02T09:00:00+01:00', content: { progress: 'Substations still on manual control.' } });
    expect(progress.statusCode, progress.body).toBe(200);
    expect(obligation(progress.json<Incident>(), 'nis2.progress-report')).toMatchObject({ status: 'submitted', late: true });

    // Handled on 31 March (summer time) → final report due 30 April, same local time.
    const resolved = await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { status: 'resolved', resolvedAt: '2026-03-31T12:00:00+02:00' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(obligation(resolved.json<Incident>(), 'nis2.final-report')).toMatchObject({ dueAt: '2026-04-30T10:00:00.000Z', dueAtLocal: '2026-04-30T12:00:00.000+02:00', late: true });

    // Reopened: ongoing again, the final report waits for the end of handling; the submitted progress report stays.
    const reopened = (await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { status: 'open' })).json<Incident>();
    expect(obligation(reopened, 'nis2.final-report').dueAt).toBeNull();
    expect(obligation(reopened, 'nis2.progress-report')).toMatchObject({ status: 'submitted', content: { progress: 'Substations still on manual control.' } });
    await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { status: 'resolved', resolvedAt: '2026-03-31T12:00:00+02:00' });

    const final = await submit(world.tokens.providerA, incident.id, { regime: 'nis2', step: 'final-report', content: { detailedDescription: 'x', threatTypeOrRootCause: 'y', mitigation: 'z' } });
    expect(final.statusCode, final.body).toBe(200);
    const after = await read(incident.id);
    expect(obligation(after, 'nis2.final-report')).toMatchObject({ status: 'submitted', late: true, dueAt: '2026-04-30T10:00:00.000Z' });
    expect(after.history.filter((event) => event.kind === 'deadline-moved').map((event) => [event.details.step, event.details.from, event.details.to])).toEqual([
      ['final-report', null, '2026-04-30T10:00:00.000Z'],
      ['final-report', '2026-04-30T10:00:00.000Z', null],
      ['final-report', null, '2026-04-30T10:00:00.000Z'],
    ]);
  });

  it('turns a final report into a progress report when its deadline passes with the incident still open (recorded on the next read)', async () => {
    const awareAt = new Date(Date.now() - 2 * 3_600_000);
    const incident = await created(world.tokens.providerA, { awareAt: awareAt.toISOString(), regimes: ['nis2'] });
    const deadline = obligation(incident, 'nis2.final-report').dueAt as string;
    const later = createIncidentsService(t.db, { dataDir: packageDataDir, now: () => new Date(Date.parse(deadline) + 86_400_000) });
    const view = await later.get({ kind: 'system', via: 'test' }, incident.id);
    expect(view.obligations.map((o) => [o.step, o.dueAt?.toISOString() ?? null])).toEqual([
      ['early-warning', new Date(awareAt.getTime() + 24 * 3_600_000).toISOString()],
      ['incident-notification', new Date(awareAt.getTime() + 72 * 3_600_000).toISOString()],
      ['progress-report', deadline],
      ['final-report', null],
    ]);
    expect(view.history?.map((event) => [event.kind, event.details.step, event.actorUserId])).toEqual([
      ['created', undefined, expect.any(String)],
      ['obligation-added', 'progress-report', null],
      ['deadline-moved', 'final-report', null],
    ]);
  });

  // The server remembers the earliest pending final-report deadline and skips the check before it (migration 0018).
  it('brings an incident up to date at its deadline though the next deadline is remembered: the service clock decides', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(2), regimes: ['nis2'] });
    const deadline = Date.parse(obligation(incident, 'nis2.final-report').dueAt as string);
    let clock = Date.now();
    const service = createIncidentsService(t.db, { dataDir: packageDataDir, now: () => new Date(clock), deadlineNotices: t.notices.deadlines });
    const steps = async () => (await service.get({ kind: 'system', via: 'test' }, incident.id)).obligations.map((o) => o.step);
    expect(await steps()).not.toContain('progress-report');
    clock = deadline + 1_000;
    expect(await steps()).toContain('progress-report');
  });

  it('checks again when a deadline changes, whoever changed it, though the next deadline was remembered', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(2), regimes: ['nis2'] });
    const finalReport = obligation(incident, 'nis2.final-report');
    const service = createIncidentsService(t.db, { dataDir: packageDataDir, deadlineNotices: t.notices.deadlines });
    const finalReportDue = async () => (await service.get({ kind: 'system', via: 'test' }, incident.id)).obligations.find((o) => o.step === 'final-report')?.dueAt?.toISOString();
    expect(await finalReportDue()).toBe(finalReport.dueAt);
    // A tool sets the deadline in the past: the next read finds it overdue and derives it anew from the facts.
    await t.db.updateTable('reportObligation').set({ dueAt: new Date(Date.now() - 60_000) }).where('id', '=', finalReport.id).execute();
    expect(await finalReportDue()).toBe(finalReport.dueAt);
  });
});

describe('NIS2 art. 23(3): the significance reassessed after creation', () => {
  it('withdraws the NIS2 obligations when no longer significant, keeps the submitted ones, reinstates them when significant again; history and audit kept', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(5) });
    const early = await submit(world.tokens.providerA, incident.id, { regime: 'nis2', step: 'early-warning', content: { suspectedUnlawfulOrMalicious: true, crossBorderImpact: false } });
    expect(early.statusCode, early.body).toBe(200);
    const updatesBefore = await auditCount(incident.id, 'update');

    const none = { severeOperationalDisruption: false, financialLoss: false, damageToOthers: false };
    const lowered = await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { significance: none });
    expect(lowered.statusCode, lowered.body).toBe(200);
    const after = lowered.json<Incident>();
    expect(after.significance.significant).toBe(false);
    expect(Object.fromEntries(after.obligations.map((o) => [`${o.regime}.${o.step}`, o.status]))).toEqual({
      'nis2.early-warning': 'submitted',
      'nis2.incident-notification': 'withdrawn',
      'nis2.final-report': 'withdrawn',
      'cer.initial-notification': 'due',
      'cer.detailed-report': 'due',
    });
    expect(obligation(after, 'nis2.early-warning').content).toEqual({ suspectedUnlawfulOrMalicious: true, crossBorderImpact: false });
    expect(await auditCount(incident.id, 'update')).toBe(updatesBefore + 1);
    const refused = await submit(world.tokens.providerA, incident.id, { regime: 'nis2', step: 'incident-notification', content: { severityAndImpact: 'x' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'obligation-withdrawn' });

    const raised = (await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { significance: { ...none, damageToOthers: true } })).json<Incident>();
    expect(obligation(raised, 'nis2.incident-notification')).toMatchObject({ status: 'due', late: false });
    const history = (await read(incident.id)).history;
    expect(history.map((event) => event.kind)).toEqual(['created', 'report-submitted', 'updated', 'obligation-withdrawn', 'obligation-withdrawn', 'updated', 'obligation-added', 'obligation-added']);
    expect(history[2]?.details).toMatchObject({ changes: { significance: { from: significant, to: none } }, significant: false });
    expect(history[6]?.details).toMatchObject({ reinstated: true });
  });

  it('only the entity itself changes the significance', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(5) });
    const response = await call(t.app, world.tokens.supervisor, 'PATCH', `/api/v1/incidents/${incident.id}`, { significance: { severeOperationalDisruption: false, financialLoss: false, damageToOthers: false } });
    expect(response.statusCode).toBe(403);
    expect((await read(incident.id)).significance.significant).toBe(true);
  });
});

describe('NIS2 art. 23(4)(c): an intermediate report on request of the CSIRT or the competent authority', () => {
  const request = (token: string, id: string, body: Record<string, unknown>) => call(t.app, token, 'POST', `/api/v1/incidents/${id}/intermediate-requests`, body);
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  it('the CSIRT and the supervisor each ask for one with their own date; the entity submits each like any report', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(30) });
    const byCsirt = await request(world.tokens.csirt, incident.id, { dueAt: inDays(2), note: 'State of the restoration, please.' });
    expect(byCsirt.statusCode, byCsirt.body).toBe(201);
    const bySupervisor = await request(world.tokens.supervisor, incident.id, { dueAt: inDays(5) });
    expect(bySupervisor.statusCode, bySupervisor.body).toBe(201);
    const view = bySupervisor.json<Incident>();
    const intermediate = view.obligations.filter((o) => o.step === 'intermediate-report');
    expect(intermediate.map((o) => [o.request?.organisationId, o.recipients])).toEqual([
      [world.csirt.id, [{ kind: 'csirt', organisations: [{ id: world.csirt.id, name: world.csirt.name }] }]],
      [world.supervisor.id, [{ kind: 'supervisor', organisations: [{ id: world.supervisor.id, name: world.supervisor.name }] }]],
    ]);
    expect(intermediate[0]).toMatchObject({ status: 'due', late: false, basis: expect.stringMatching(/^NIS2 art\. 23\(4\)\(c\)/), request: { note: 'State of the restoration, please.' } });
    expect(view.history.filter((event) => event.kind === 'intermediate-requested')).toHaveLength(2);

    const second = intermediate[1] as Obligation;
    const submitted = await submit(world.tokens.providerA, incident.id, { regime: 'nis2', step: 'intermediate-report', obligationId: second.id, content: { statusUpdate: '80 % restored.' } });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const after = submitted.json<Incident>().obligations.filter((o) => o.step === 'intermediate-report');
    expect(after.map((o) => o.status)).toEqual(['due', 'submitted']);
    // Without an id, the earliest open one.
    await submit(world.tokens.providerA, incident.id, { regime: 'nis2', step: 'intermediate-report', content: { statusUpdate: 'All restored.' } });
    expect((await read(incident.id)).obligations.filter((o) => o.step === 'intermediate-report').map((o) => o.status)).toEqual(['submitted', 'submitted']);
    // Appears in the countdown view of the entity.
    const incidentId = incident.id;
    const list = (await call(t.app, world.tokens.providerA, 'GET', '/api/v1/incidents/obligations?state=submitted')).json<{ items: { incidentId: string; step: string }[] }>();
    expect(list.items.filter((item) => item.incidentId === incidentId && item.step === 'intermediate-report')).toHaveLength(2);
  });

  it('is refused to the entity, the ministry and the coordinator, for a date not after the request, and for an incident without NIS2 obligation; nothing is written', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(30) });
    const notSignificant = await created(world.tokens.providerA, { awareAt: hoursAgo(30), significance: { severeOperationalDisruption: false, financialLoss: false, damageToOthers: false } });
    const before = await rowCounts();
    const attempts: [string, string, Record<string, unknown>, number, string | undefined][] = [
      [world.tokens.providerA, incident.id, { dueAt: inDays(2) }, 403, undefined],
      [world.tokens.ministry1, incident.id, { dueAt: inDays(2) }, 403, undefined],
      [world.tokens.coordinator, incident.id, { dueAt: inDays(2) }, 403, undefined],
      [world.tokens.supervisor, incident.id, { dueAt: hoursAgo(1) }, 400, 'dates-out-of-order'],
      [world.tokens.supervisor, incident.id, { dueAt: '2026-12-01T10:00:00' }, 400, 'validation-failed'],
      [world.tokens.supervisor, notSignificant.id, { dueAt: inDays(2) }, 400, 'no-nis2-obligation'],
    ];
    for (const [token, id, body, status, code] of attempts) {
      const response = await request(token, id, body);
      expect(response.statusCode, response.body).toBe(status);
      if (code) expect(response.json()).toMatchObject({ code });
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe('need-to-know', { tags: ['authorization'] }, () => {
  let incidentA: Incident;
  let incidentB: Incident;
  beforeAll(async () => {
    incidentA = await created(world.tokens.providerA, { awareAt: hoursAgo(5), title: 'A' });
    incidentB = await created(world.tokens.providerB, { awareAt: hoursAgo(5), title: 'B (CER only)', regimes: ['cer'] });
  });
  const idsOf = async (token: string, url = '/api/v1/incidents?limit=1000') => {
    const response = await call(t.app, token, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: { id?: string; incidentId?: string; organisationId: string }[] }>().items;
  };

  it('a provider sees only its own incidents and obligations', async () => {
    for (const [token, own] of [
      [world.tokens.providerA, world.providerA.id],
      [world.tokens.providerB, world.providerB.id],
    ] as const) {
      const items = await idsOf(token);
      expect(items.length).toBeGreaterThan(0);
      expect(new Set(items.map((item) => item.organisationId))).toEqual(new Set([own]));
      expect(new Set((await idsOf(token, '/api/v1/incidents/obligations')).map((item) => item.organisationId))).toEqual(new Set([own]));
    }
    expect((await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incidentB.id}`)).statusCode).toBe(404);
    expect((await call(t.app, world.tokens.providerB, 'GET', `/api/v1/incidents/${incidentA.id}/report.pdf`)).statusCode).toBe(404);
  });

  it('a supervisor and a ministry see the incidents of their own entities only', async () => {
    for (const token of [world.tokens.supervisor, world.tokens.ministry1]) {
      const ids = (await idsOf(token)).map((item) => item.id);
      expect(ids).toContain(incidentA.id);
      expect(ids).not.toContain(incidentB.id);
      expect((await call(t.app, token, 'GET', `/api/v1/incidents/${incidentB.id}`)).statusCode).toBe(404);
    }
  });

  it('the CSIRT sees the incidents under NIS2, the coordinator all, partner and administrator none', async () => {
    const csirt = (await idsOf(world.tokens.csirt)).map((item) => item.id);
    expect(csirt).toContain(incidentA.id);
    expect(csirt).not.toContain(incidentB.id);
    const coordinator = (await idsOf(world.tokens.coordinator)).map((item) => item.id);
    expect(coordinator).toEqual(expect.arrayContaining([incidentA.id, incidentB.id]));
    expect(await idsOf(world.tokens.partner)).toEqual([]);
    expect(await idsOf(world.tokens.admin)).toEqual([]);
  });

  it('only the entity itself reports, changes and submits; others are refused and nothing is written', async () => {
    const before = await rowCounts();
    const attempts = [
      await report(world.tokens.providerB, { awareAt: hoursAgo(1), organisationId: world.providerA.id }),
      await report(world.tokens.supervisor, { awareAt: hoursAgo(1), organisationId: world.providerA.id }),
      await call(t.app, world.tokens.coordinator, 'PATCH', `/api/v1/incidents/${incidentA.id}`, { status: 'resolved' }),
      await call(t.app, world.tokens.supervisor, 'POST', `/api/v1/incidents/${incidentA.id}/reports`, { regime: 'nis2', step: 'early-warning', content: { suspectedUnlawfulOrMalicious: true, crossBorderImpact: true } }),
    ];
    expect(attempts.map((response) => response.statusCode)).toEqual([403, 403, 403, 403]);
    expect(await rowCounts()).toEqual(before);
  });
});

describe('countdown and overdue views', () => {
  it('lists overdue and due-soon obligations with the server clock', async () => {
    const overdue = await created(world.tokens.providerA, { awareAt: hoursAgo(30), regimes: ['nis2'], title: 'Overdue' });
    const soon = await created(world.tokens.providerA, { awareAt: hoursAgo(1), regimes: ['nis2'], title: 'Soon' });
    const list = async (query: string) => (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/obligations?${query}`)).json<{ items: (Obligation & { incidentId: string })[]; now: string }>();
    const overdueList = await list('state=overdue');
    expect(overdueList.items.filter((item) => item.incidentId === overdue.id).map((item) => item.step)).toEqual(['early-warning']);
    expect(overdueList.items.some((item) => item.incidentId === soon.id)).toBe(false);
    expect(overdueList.items.every((item) => item.late && item.status === 'due')).toBe(true);
    const soonList = await list('state=due-soon&withinHours=24');
    expect(soonList.items.filter((item) => item.incidentId === soon.id).map((item) => item.step)).toEqual(['early-warning']);
    expect(soonList.items.some((item) => item.incidentId === overdue.id)).toBe(false);
    expect(Math.abs(new Date(soonList.now).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('pages the obligations soonest due first, with the total, each one on exactly one page', async () => {
    await created(world.tokens.providerA, { awareAt: hoursAgo(2), regimes: ['nis2'], title: 'Paged' });
    type Page = { items: Obligation[]; total: number; limit: number; offset: number };
    const page = async (query: string) => (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/obligations?state=due&${query}`)).json<Page>();
    const whole = await page('limit=1000');
    expect(whole.total).toBe(whole.items.length);
    expect(whole.total).toBeGreaterThan(3);
    const first = await page('limit=2');
    const rest = await page(`limit=1000&offset=2`);
    expect(first).toMatchObject({ total: whole.total, limit: 2, offset: 0 });
    expect([...first.items, ...rest.items].map((item) => item.id)).toEqual(whole.items.map((item) => item.id));
    const due = whole.items.map((item) => item.dueAt).filter((at): at is string => at !== null);
    expect(due).toEqual([...due].sort());
    expect((await page('')).limit).toBe(50);
    expect((await call(t.app, world.tokens.providerA, 'GET', '/api/v1/incidents/obligations?limit=0')).statusCode).toBe(400);
  });

  it('resolves and reopens an incident, keeping every change', async () => {
    const incident = await created(world.tokens.providerA, { awareAt: hoursAgo(3) });
    const resolved = await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { status: 'resolved', resolvedAt: hoursAgo(1) });
    expect(resolved.statusCode, resolved.body).toBe(200);
    await call(t.app, world.tokens.providerA, 'PATCH', `/api/v1/incidents/${incident.id}`, { status: 'open' });
    const history = (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incident.id}`)).json<Incident>().history;
    expect(history.map((event) => event.kind)).toEqual(['created', 'updated', 'updated']);
    expect(history[1]?.details).toMatchObject({ changes: { status: { from: 'open', to: 'resolved' } } });
  });
});

describe('bad input is refused with problem+json and nothing is written', () => {
  let incident: Incident;
  beforeAll(async () => {
    incident = await created(world.tokens.providerA, { awareAt: '2026-06-01T10:00:00+02:00' });
  });

  const cases: [string, () => { url: string; method: 'POST' | 'PATCH'; body: unknown }, number, string, string][] = [
    ['awareness in the future', () => ({ method: 'POST', url: '/api/v1/incidents', body: { title: 'F', significance: significant, regimes: ['nis2'], awareAt: new Date(Date.now() + 86_400_000).toISOString() } }), 400, 'instant-in-future', '/awareAt'],
    ['awareness without an offset', () => ({ method: 'POST', url: '/api/v1/incidents', body: { title: 'F', significance: significant, regimes: ['nis2'], awareAt: '2026-03-29T01:30:00' } }), 400, 'validation-failed', '/body/awareAt'],
    ['an unknown regime', () => ({ method: 'POST', url: '/api/v1/incidents', body: { title: 'F', significance: significant, regimes: ['dora'], awareAt: hoursAgo(1) } }), 400, 'validation-failed', '/body/regimes/0'],
    ['no significance facts', () => ({ method: 'POST', url: '/api/v1/incidents', body: { title: 'F', regimes: ['nis2'], awareAt: hoursAgo(1) } }), 400, 'validation-failed', '/body/significance'],
    [
      'a report submitted before awareness',
      () => ({ method: 'POST', url: `/api/v1/incidents/${incident.id}/reports`, body: { regime: 'nis2', step: 'early-warning', submittedAt: '2026-06-01T09:00:00+02:00', content: { suspectedUnlawfulOrMalicious: true, crossBorderImpact: false } } }),
      400,
      'submitted-before-aware',
      '/submittedAt',
    ],
    [
      'a report submitted in the future',
      () => ({ method: 'POST', url: `/api/v1/incidents/${incident.id}/reports`, body: { regime: 'nis2', step: 'early-warning', submittedAt: new Date(Date.now() + 86_400_000).toISOString(), content: { suspectedUnlawfulOrMalicious: true, crossBorderImpact: false } } }),
      400,
      'instant-in-future',
      '/submittedAt',
    ],
    ['a report lacking required content', () => ({ method: 'POST', url: `/api/v1/incidents/${incident.id}/reports`, body: { regime: 'nis2', step: 'final-report', content: { detailedDescription: 'x', mitigation: '' } } }), 400, 'report-content-invalid', '/content/threatTypeOrRootCause'],
    ['a step the regime does not have', () => ({ method: 'POST', url: `/api/v1/incidents/${incident.id}/reports`, body: { regime: 'cer', step: 'early-warning', content: {} } }), 400, 'no-such-obligation', '/step'],
    ['resolution before awareness', () => ({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, body: { status: 'resolved', resolvedAt: '2026-05-01T10:00:00Z' } }), 400, 'dates-out-of-order', '/resolvedAt'],
  ];
  it.each(cases)('%s', async (_name, request, status, code, path) => {
    const before = await rowCounts();
    const { method, url, body } = request();
    const response = await call(t.app, world.tokens.providerA, method, url, body);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code, errors: expect.arrayContaining([expect.objectContaining({ path })]) });
    expect(await rowCounts()).toEqual(before);
  });
});
