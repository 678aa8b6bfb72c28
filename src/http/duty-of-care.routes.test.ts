import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDataDir } from '../config.ts';
import { sectorKeys, scopingFlags } from '../domain/scoping.ts';
import { call, createTestApp, type TestApp } from '../../test/app.ts';
import { buildDesignation, buildOrganisation, buildSector, buildUser, buildVitalProcess } from '../../test/factories.ts';

/**
 * Issue 6 items 1–2 through the API on both databases: stored, versioned scoping; OSCAL catalogues imported whole or
 * not at all and exported unchanged; control status with history; gaps per entity and per sector; management approval.
 */
let t: TestApp;
let world: {
  sectorId: string;
  providerA: string;
  providerB: string;
  tokenA: string;
  tokenB: string;
  ministry: string;
  supervisor: string;
  otherMinistry: string;
  coordinator: string;
  admin: string;
};

const countRows = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]?.n);
const tables = ['organisation_scoping', 'control_catalogue', 'control_status', 'management_approval', 'audit_log'];
const snapshot = async () => Promise.all(tables.map(countRows));
const largeProducer = { sector: 'energy.electricity', employees: 1200, turnoverEur: 900_000_000, balanceSheetEur: 2_000_000_000, flags: [] };
const bioCatalogue = () => ({
  catalog: {
    uuid: '7b3c8d1e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
    metadata: { title: 'BIO test excerpt', 'last-modified': '2026-01-01T00:00:00Z', version: '1.04', 'oscal-version': '1.1.2' },
    groups: [
      {
        id: 'bio-5',
        title: 'Informatiebeveiligingsbeleid',
        controls: [
          { id: 'bio-5-1-1', title: 'Beleidsregels voor informatiebeveiliging', props: [{ name: 'label', value: 'BIO 5.1.1' }], parts: [{ id: 'bio-5-1-1_smt', name: 'statement', prose: 'Een beleid is vastgesteld.' }] },
          { id: 'bio-5-1-2', title: 'Beoordeling van het beleid', parts: [{ name: 'guidance', prose: 'Jaarlijks.' }], controls: [{ id: 'bio-5-1-2-a', title: 'Enhancement' }] },
        ],
      },
    ],
  },
});

beforeAll(async () => {
  t = await createTestApp();
  const sector = await buildSector(t.services);
  const ministryOrg = await buildOrganisation(t.services, { kind: 'ministry' });
  const process = await buildVitalProcess(t.services, { sectorId: sector.id, ministryId: ministryOrg.id });
  const providerA = await buildOrganisation(t.services);
  const providerB = await buildOrganisation(t.services);
  await buildDesignation(t.services, { processId: process.id, providerId: providerA.id });
  const supervisorOrg = await buildOrganisation(t.services, { kind: 'supervisor' });
  await t.db.insertInto('supervision').values({ supervisorId: supervisorOrg.id, sectorId: sector.id }).execute();
  world = {
    sectorId: sector.id,
    providerA: providerA.id,
    providerB: providerB.id,
    tokenA: (await buildUser(t.services, 'provider', { organisationId: providerA.id })).token,
    tokenB: (await buildUser(t.services, 'provider', { organisationId: providerB.id })).token,
    ministry: (await buildUser(t.services, 'ministry', { organisationId: ministryOrg.id })).token,
    supervisor: (await buildUser(t.services, 'supervisor', { organisationId: supervisorOrg.id })).token,
    otherMinistry: (await buildUser(t.services, 'ministry')).token,
    coordinator: (await buildUser(t.services, 'coordinator')).token,
    admin: (await buildUser(t.services, 'admin')).token,
  };
}, 180_000);
afterAll(() => t?.close());

describe('stored scoping', () => {
  it('records versions with the computed outcome and every reason, keeping the history', async () => {
    const first = await call(t.app, world.tokenA, 'PUT', `/api/v1/organisations/${world.providerA}/scoping`, { ...largeProducer, employees: 120, turnoverEur: 20_000_000, balanceSheetEur: 20_000_000 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ current: { version: 1, nis2: 'important', cer: 'not-critical' } });
    const second = await call(t.app, world.ministry, 'PUT', `/api/v1/organisations/${world.providerA}/scoping`, largeProducer);
    expect(second.statusCode, second.body).toBe(200);
    const body = second.json<{ current: { version: number; nis2: string; reasons: { basis: string }[]; recordedByOrgId: string }; history: { version: number }[] }>();
    expect(body.current).toMatchObject({ version: 2, nis2: 'essential' });
    expect(body.current.reasons.map((reason) => reason.basis)).toContain('NIS2 art. 3(1)(a)');
    expect(body.history.map((version) => version.version)).toEqual([2, 1]);
    const read = await call(t.app, world.supervisor, 'GET', `/api/v1/organisations/${world.providerA}/scoping`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ current: { version: 2 } });
  });

  it('refuses an unknown sector key and an unknown flag with the valid ones, writing nothing', async () => {
    const before = await snapshot();
    const sector = await call(t.app, world.tokenA, 'PUT', `/api/v1/organisations/${world.providerA}/scoping`, { ...largeProducer, sector: 'energy.coal' });
    expect(sector.statusCode).toBe(400);
    expect(sector.body).toContain('energy.electricity');
    expect(sector.body).toContain(sectorKeys.at(-1));
    const flag = await call(t.app, world.tokenA, 'PUT', `/api/v1/organisations/${world.providerA}/scoping`, { ...largeProducer, flags: ['big'] });
    expect(flag.statusCode).toBe(400);
    expect(flag.body).toContain(scopingFlags[0]);
    expect(await snapshot()).toEqual(before);
  });

  it('the service refuses unknown keys with the valid ones too (the path behind the schema)', async () => {
    await expect(t.services.dutyOfCare.putScoping({ kind: 'system', via: 'test' }, world.providerB, { ...largeProducer, sector: 'energy.coal' })).rejects.toMatchObject({
      code: 'unknown-sector',
      message: expect.stringContaining('energy.electricity'),
    });
    await expect(t.services.dutyOfCare.putScoping({ kind: 'system', via: 'test' }, world.providerB, { ...largeProducer, flags: ['big'] })).rejects.toMatchObject({
      code: 'unknown-flag',
      details: [{ path: '/flags/0', message: expect.stringContaining('cer-critical-entity') }],
    });
  });

  it('need-to-know: another provider and an unrelated ministry see nothing; a coordinator reads but does not record', { tags: ['authorization'] }, async () => {
    for (const token of [world.tokenB, world.otherMinistry]) {
      expect((await call(t.app, token, 'GET', `/api/v1/organisations/${world.providerA}/scoping`)).statusCode).toBe(404);
      expect((await call(t.app, token, 'PUT', `/api/v1/organisations/${world.providerA}/scoping`, largeProducer)).statusCode).toBe(404);
    }
    expect((await call(t.app, world.coordinator, 'GET', `/api/v1/organisations/${world.providerA}/scoping`)).statusCode).toBe(200);
    expect((await call(t.app, world.coordinator, 'PUT', `/api/v1/organisations/${world.providerA}/scoping`, largeProducer)).statusCode).toBe(403);
  });
});

describe('control catalogues (OSCAL)', () => {
  it('ships NIS2 art. 21(2)(a)–(j) and CER art. 13(1)(a)–(f), valid OSCAL', async () => {
    const response = await call(t.app, world.tokenA, 'GET', '/api/v1/catalogues');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'nis2-art21', regime: 'nis2', controlCount: 10, oscalVersion: '1.1.2' }),
        expect.objectContaining({ id: 'cer-art13', regime: 'cer', controlCount: 6 }),
      ]),
    );
    const nis2 = (await call(t.app, world.tokenA, 'GET', '/api/v1/catalogues/nis2-art21')).json<{ controls: { label: string; statement: string }[] }>();
    expect(nis2.controls.map((control) => control.label)).toEqual('abcdefghij'.split('').map((letter) => `NIS2 art. 21(2)(${letter})`));
    expect(nis2.controls.every((control) => control.statement.length > 20)).toBe(true);
  });

  it('exports a shipped catalogue exactly as the file holds it', async () => {
    const response = await call(t.app, world.tokenA, 'GET', '/api/v1/catalogues/cer-art13/oscal');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(JSON.parse(fs.readFileSync(path.join(packageDataDir, 'reference', 'catalogues', 'cer-art13.json'), 'utf8')));
  });

  it('imports a catalogue (coordinator) and exports it semantically equal (round trip)', async () => {
    const imported = await call(t.app, world.coordinator, 'POST', '/api/v1/catalogues?id=bio-test', bioCatalogue());
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ id: 'bio-test', controlCount: 3, builtin: false, regime: null });
    const exported = await call(t.app, world.tokenA, 'GET', '/api/v1/catalogues/bio-test/oscal');
    expect(exported.json()).toEqual(bioCatalogue());
    const again = await call(t.app, world.coordinator, 'POST', '/api/v1/catalogues?id=bio-test', bioCatalogue());
    expect(again.statusCode).toBe(409);
  });

  const broken: [string, (doc: ReturnType<typeof bioCatalogue>) => unknown, string][] = [
    ['a missing metadata version', (doc) => ({ catalog: { ...doc.catalog, metadata: { ...doc.catalog.metadata, version: undefined } } }), '/catalog/metadata/version'],
    ['an unknown field in a control', (doc) => (doc.catalog.groups[0]!.controls[0] = { ...doc.catalog.groups[0]!.controls[0]!, colour: 'red' } as never, doc), '/catalog/groups/0/controls/0/colour'],
    ['a control id that is not a token', (doc) => ((doc.catalog.groups[0]!.controls[1]!.id = '5.1.2'), doc), '/catalog/groups/0/controls/1/id'],
    ['a repeated control id', (doc) => ((doc.catalog.groups[0]!.controls[1]!.id = 'bio-5-1-1'), doc), '/catalog/groups/0/controls/1/id'],
    ['an OSCAL 1.0 document', (doc) => ((doc.catalog.metadata['oscal-version'] = '1.0.4'), doc), '/catalog/metadata/oscal-version'],
    ['a bad uuid', (doc) => ((doc.catalog.uuid = 'x'), doc), '/catalog/uuid'],
  ];
  it.each(broken)('refuses %s whole, naming the path, writing nothing', async (_name, breakIt, pathName) => {
    const before = await snapshot();
    const response = await call(t.app, world.admin, 'POST', '/api/v1/catalogues?id=broken', breakIt(bioCatalogue()));
    expect(response.statusCode, response.body).toBe(400);
    const problem = response.json<{ code: string; detail: string; errors: { path: string }[] }>();
    expect(problem.code).toBe('oscal-invalid');
    expect(problem.errors.map((error) => error.path)).toContain(pathName);
    expect(problem.detail).toContain(pathName);
    expect(await snapshot()).toEqual(before);
  });

  it('a provider may not import', async () => {
    expect((await call(t.app, world.tokenA, 'POST', '/api/v1/catalogues?id=mine', bioCatalogue())).statusCode).toBe(403);
  });
});

describe('control status, gaps and management approval', () => {
  const controlUrl = (control: string, catalogue = 'nis2-art21') => `/api/v1/organisations/${world.providerA}/controls/${catalogue}/${control}`;

  it('a provider records its control status; history is kept; the ministry and supervisor read it', async () => {
    const first = await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-a'), { status: 'planned', owner: 'CISO', reviewDate: '2030-01-01' });
    expect(first.statusCode, first.body).toBe(200);
    const second = await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-a'), { status: 'implemented', evidence: [{ text: 'Policy v3', href: 'https://intranet.example/policy' }], reviewDate: '2030-01-01' });
    expect(second.json()).toMatchObject({ status: 'implemented', evidence: [{ text: 'Policy v3' }], reviewDate: '2030-01-01' });
    const history = await call(t.app, world.supervisor, 'GET', `${controlUrl('nis2-21-2-a')}/history`);
    expect(history.json<{ status: string }[]>().map((state) => state.status)).toEqual(['implemented', 'planned']);
    const controls = await call(t.app, world.ministry, 'GET', `/api/v1/organisations/${world.providerA}/controls`);
    expect(controls.statusCode).toBe(200);
    const body = controls.json<{ catalogueIds: string[]; counts: Record<string, number>; catalogues: { controls: { id: string; state: unknown }[] }[] }>();
    expect(body.catalogueIds).toEqual(['nis2-art21']);
    expect(body.counts).toMatchObject({ implemented: 1, unassessed: 9 });
    // The entity's view reads the current state as it was written: evidence, review date, who recorded it and when.
    expect(body.catalogues[0]?.controls.find((control) => control.id === 'nis2-21-2-a')?.state).toEqual(second.json());
  });

  it('the ministry, the supervisor and another provider may not record a provider’s control status', { tags: ['authorization'] }, async () => {
    const before = await snapshot();
    expect((await call(t.app, world.ministry, 'PUT', controlUrl('nis2-21-2-b'), { status: 'implemented' })).statusCode).toBe(403);
    expect((await call(t.app, world.supervisor, 'PUT', controlUrl('nis2-21-2-b'), { status: 'implemented' })).statusCode).toBe(403);
    expect((await call(t.app, world.tokenB, 'PUT', controlUrl('nis2-21-2-b'), { status: 'implemented' })).statusCode).toBe(404);
    expect((await call(t.app, world.tokenB, 'GET', `/api/v1/organisations/${world.providerA}/controls`)).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown controls, statuses and dates', async () => {
    expect((await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-z'), { status: 'implemented' })).json()).toMatchObject({ code: 'control-not-found' });
    expect((await call(t.app, world.tokenA, 'PUT', controlUrl('x', 'nope'), { status: 'implemented' })).json()).toMatchObject({ code: 'catalogue-not-found' });
    expect((await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-b'), { status: 'done' })).statusCode).toBe(400);
    expect((await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-b'), { status: 'planned', reviewDate: '2030-02-30' })).json()).toMatchObject({ code: 'review-date-invalid' });
  });

  it('reports gaps per entity and per sector (not implemented, review passed, no status) and exports them as XLSX', async () => {
    await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-b'), { status: 'not-implemented' });
    await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-c'), { status: 'implemented', reviewDate: '2020-01-01' });
    await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-d'), { status: 'not-applicable' });
    const gaps = await call(t.app, world.supervisor, 'GET', `/api/v1/duty-of-care/gaps?sectorId=${world.sectorId}`);
    expect(gaps.statusCode, gaps.body).toBe(200);
    const page = gaps.json<{ items: { controlId: string; reason: string }[]; total: number }>();
    expect(page.total).toBe(page.items.length);
    const byControl = Object.fromEntries(page.items.map((gap) => [gap.controlId, gap.reason]));
    const second = (await call(t.app, world.supervisor, 'GET', `/api/v1/duty-of-care/gaps?sectorId=${world.sectorId}&limit=2&offset=1`)).json<typeof page>();
    expect(second).toMatchObject({ total: page.total, limit: 2, offset: 1, items: page.items.slice(1, 3) });
    expect(byControl).toMatchObject({ 'nis2-21-2-b': 'not-implemented', 'nis2-21-2-c': 'review-overdue', 'nis2-21-2-e': 'no-status' });
    expect(byControl['nis2-21-2-a']).toBeUndefined();
    expect(byControl['nis2-21-2-d']).toBeUndefined();
    const other = await call(t.app, world.tokenB, 'GET', `/api/v1/duty-of-care/gaps?organisationId=${world.providerA}`);
    expect(other.statusCode).toBe(404);
    const xlsx = await call(t.app, world.supervisor, 'GET', `/api/v1/duty-of-care/gaps?organisationId=${world.providerA}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Gaps')!;
    expect(sheet.getRow(1).values).toContain('reason');
    expect(sheet.rowCount).toBe(1 + Object.keys(byControl).length);
  });

  it('records the management approval and invalidates it when a control changes afterwards', async () => {
    const approved = await call(t.app, world.tokenA, 'POST', `/api/v1/organisations/${world.providerA}/management-approval`, { approvedBy: 'Raad van bestuur', note: 'Q4 review' });
    expect(approved.statusCode, approved.body).toBe(201);
    expect(approved.json()).toMatchObject({ approval: { approvedBy: 'Raad van bestuur' }, lastApproval: { invalidatedAt: null } });
    const status = await t.services.dutyOfCare.entityStatus({ kind: 'system', via: 'test' }, world.providerA);
    expect(status.approval?.approvedBy).toBe('Raad van bestuur');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await call(t.app, world.tokenA, 'PUT', controlUrl('nis2-21-2-e'), { status: 'planned' });
    const after = await t.services.dutyOfCare.entityStatus({ kind: 'system', via: 'test' }, world.providerA);
    expect(after.approval).toBeNull();
    expect(after.lastApproval?.invalidatedAt).toBeInstanceOf(Date);
    expect((await call(t.app, world.supervisor, 'POST', `/api/v1/organisations/${world.providerA}/management-approval`, { approvedBy: 'x' })).statusCode).toBe(403);
    expect((await call(t.app, world.tokenA, 'POST', `/api/v1/organisations/${world.providerA}/management-approval`, { approvedBy: 'x', approvedAt: '2999-01-01T00:00:00Z' })).statusCode).toBe(400);
  });

  it('lists the gaps of every visible entity as the entity list has them, entity by entity in its order', async () => {
    for (const [token, organisationId] of [[world.tokenA, world.providerA], [world.tokenB, world.providerB]] as const)
      expect((await call(t.app, token, 'PUT', `/api/v1/organisations/${organisationId}/scoping`, largeProducer)).statusCode).toBe(200);
    const entities = (await call(t.app, world.coordinator, 'GET', '/api/v1/duty-of-care/entities?limit=200')).json<{ items: { organisationId: string; gaps: unknown[] }[] }>().items;
    const withGaps = entities.filter((entity) => entity.gaps.length > 0);
    expect(withGaps.map((entity) => entity.organisationId)).toEqual(expect.arrayContaining([world.providerA, world.providerB]));
    const gaps = (await call(t.app, world.coordinator, 'GET', '/api/v1/duty-of-care/gaps?limit=200')).json<{ items: unknown[]; total: number }>();
    expect(gaps.items).toEqual(withGaps.flatMap((entity) => entity.gaps));
    expect(gaps.total).toBe(gaps.items.length);
    // Pages across the first entity's last gap, and past the end: the gaps around a page are counted, not shown.
    const firstCount = withGaps[0]!.gaps.length;
    const pageOf = async (offset: number) => (await call(t.app, world.coordinator, 'GET', `/api/v1/duty-of-care/gaps?limit=3&offset=${offset}`)).json<typeof gaps>();
    expect(await pageOf(firstCount - 1)).toMatchObject({ total: gaps.total, items: gaps.items.slice(firstCount - 1, firstCount + 2) });
    expect(await pageOf(gaps.total - 1)).toMatchObject({ total: gaps.total, items: gaps.items.slice(-1) });
    expect(await pageOf(gaps.total)).toMatchObject({ total: gaps.total, items: [] });
  });

  it('entityStatus gives catalogue ids, counts by status, gaps and the approval, and refuses what the actor may not see', async () => {
    const status = await t.services.dutyOfCare.entityStatus({ kind: 'system', via: 'test' }, world.providerA);
    expect(status.catalogueIds).toEqual(['nis2-art21']);
    expect(status.counts).toEqual({ implemented: 2, partial: 0, planned: 1, 'not-implemented': 1, 'not-applicable': 1, unassessed: 5 });
    expect(status.gaps.map((gap) => gap.controlId)).toContain('nis2-21-2-b');
    const providerB = await t.services.auth.findTokenActor(world.tokenB);
    await expect(t.services.dutyOfCare.entityStatus(providerB!, world.providerA)).rejects.toMatchObject({ code: 'organisation-not-found' });
    const list = await call(t.app, world.supervisor, 'GET', '/api/v1/duty-of-care/entities');
    expect(list.json<{ items: { organisationId: string }[]; total: number }>()).toMatchObject({ total: 1, limit: 50, offset: 0, items: [{ organisationId: world.providerA }] });
    expect((await call(t.app, world.supervisor, 'GET', '/api/v1/duty-of-care/entities?offset=1')).json()).toMatchObject({ total: 1, items: [] });
    expect((await call(t.app, world.supervisor, 'GET', '/api/v1/duty-of-care/entities?limit=0')).statusCode).toBe(400);
  });

  it('a CER critical entity gets the CER catalogue too, unless its sector is carved out by CER art. 8', async () => {
    const platform = { kind: 'system', via: 'test' } as const;
    await t.services.dutyOfCare.putScoping(platform, world.providerB, { ...largeProducer, flags: ['cer-critical-entity'] });
    expect((await t.services.dutyOfCare.entityStatus(platform, world.providerB)).catalogueIds).toEqual(['nis2-art21', 'cer-art13']);
    await t.services.dutyOfCare.putScoping(platform, world.providerB, { ...largeProducer, sector: 'banking', flags: ['cer-critical-entity'] });
    expect((await t.services.dutyOfCare.entityStatus(platform, world.providerB)).catalogueIds).toEqual(['nis2-art21']);
  });
});
