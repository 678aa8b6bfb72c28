import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  dueAt: string;
  dueAtLocal: string;
  status: string;
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
  it('NIS2 art. 23(4), CER art. 15(1): awareness at 01:30 CET just before the spring change gives deadlines in UTC and in Amsterdam summer time', async () => {
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
      'nis2.final-report': ['2026-05-01T00:30:00.000Z', '2026-05-01T02:30:00.000+02:00'],
    });
    expect(stored.number).toMatch(/^INC-\d{4}-\d{5}$/);
    // Long past: every report is overdue, and flagged late.
    expect(stored.obligations.every((o) => o.status === 'due' && o.late)).toBe(true);
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
    const incident = await created(world.tokens.providerA, { awareAt: '2026-01-28T10:00:00+01:00', regimes: ['nis2'] });
    expect(obligation(incident, 'nis2.final-report').dueAt).toBe('2026-02-28T09:00:00.000Z');
    const response = await call(t.app, world.tokens.providerA, 'POST', `/api/v1/incidents/${incident.id}/reports`, {
      regime: 'nis2',
      step: 'incident-notification',
      submittedAt: '2026-01-30T09:15:00+01:00',
      content: { severityAndImpact: 'Regional outage of the control room.' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<Incident>();
    expect(obligation(after, 'nis2.incident-notification')).toMatchObject({ late: false, status: 'submitted' });
    expect(obligation(after, 'nis2.final-report')).toMatchObject({ dueAt: '2026-02-28T08:15:00.000Z', dueAtLocal: '2026-02-28T09:15:00.000+01:00' });
    const history = (await call(t.app, world.tokens.providerA, 'GET', `/api/v1/incidents/${incident.id}`)).json<Incident>().history;
    expect(history.map((event) => event.kind)).toEqual(['created', 'report-submitted', 'deadline-moved']);
    expect(history[2]?.details).toMatchObject({ regime: 'nis2', step: 'final-report', from: '2026-02-28T09:00:00.000Z', to: '2026-02-28T08:15:00.000Z' });
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

describe('need-to-know', () => {
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
