import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { DomainError } from '../domain/errors.ts';
import { parseTable, serialiseTable } from '../interop/tabular.ts';
import { systemActor, type UserActor } from './actor.ts';
import { createServices, type Services } from './index.ts';

const actor = systemActor('test');
const csv = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');

let handle: DatabaseHandle;
let services: Services;

const countOf = async (table: 'asset' | 'organisation' | 'dependency') =>
  Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count);

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(handle, { sessionHours: 1, dataDir: path.resolve(import.meta.dirname, '../../data') });
  await services.seed.seedReference();
  const { registryFiles } = services;
  await registryFiles.importRegistry(actor, 'organisations', 'csv', csv([
    'code,name,kind,country,kvkNumber',
    'netbeheer-west,Netbeheer West B.V.,provider,NL,12345678',
    'waterbedrijf-oost,Waterbedrijf Oost N.V.,provider,NL,',
  ]));
  await registryFiles.importRegistry(actor, 'assets', 'csv', csv([
    'code,provider,process,name,kind,assetType,keyAsset,latitude,longitude,populationServed,euroPerHour',
    'ow-amsterdam,netbeheer-west,elektriciteit-regionaal,"Onderstation Amsterdam, Noord",site,substation,ja,52.4,4.9,250000,1500.5',
    'scada-west,netbeheer-west,elektriciteit-regionaal,SCADA West,system,,true,,,0,0',
    'pomp-enschede,waterbedrijf-oost,,Pompstation Enschede,site,pumping-station,nee,52.22,6.89,80000,200',
  ]));
  await registryFiles.importRegistry(actor, 'dependencies', 'csv', csv([
    'dependent,supplier,type,groupName,k,bufferHours,crossBorderCountry',
    'pomp-enschede,ow-amsterdam,physical,power,1,8,',
    'ow-amsterdam,scada-west,cyber,,,0,',
  ]));
});

afterAll(async () => {
  await handle?.close();
});

describe('exportRegistry and importRegistry', () => {
  it('exports the writable fields in spec order, references as codes', async () => {
    const table = await parseTable('csv', await services.registryFiles.exportRegistry(actor, 'assets', 'csv'));
    expect(table.header).toEqual(['code', 'provider', 'process', 'name', 'kind', 'assetType', 'keyAsset', 'latitude', 'longitude', 'populationServed', 'euroPerHour']);
    expect(table.rows[0]).toEqual({
      code: 'ow-amsterdam', provider: 'netbeheer-west', process: 'elektriciteit-regionaal', name: 'Onderstation Amsterdam, Noord', kind: 'site',
      assetType: 'substation', keyAsset: 'true', latitude: '52.4', longitude: '4.9', populationServed: '250000', euroPerHour: '1500.5',
    });
    const dependencies = await parseTable('csv', await services.registryFiles.exportRegistry(actor, 'dependencies', 'csv'));
    expect(dependencies.rows.map((row) => [row.dependent, row.supplier, row.k]).sort()).toEqual([['ow-amsterdam', 'scada-west', ''], ['pomp-enschede', 'ow-amsterdam', '1']]);
  });

  it.each(['csv', 'xlsx'] as const)('round-trips %s: re-importing an export finds every row unchanged', async (format) => {
    for (const registry of ['sectors', 'organisations', 'assets', 'dependencies'] as const) {
      const before = await services.registryFiles.exportRegistry(actor, registry, format);
      const rows = (await parseTable(format, before)).rows.length;
      expect(rows).toBeGreaterThan(0);
      const result = await services.registryFiles.importRegistry(actor, registry, format, before);
      expect(result).toEqual({ created: 0, updated: 0, rows });
      const after = await services.registryFiles.exportRegistry(actor, registry, format);
      expect((await parseTable(format, after)).rows).toEqual((await parseTable(format, before)).rows);
    }
  });

  it.each(['csv', 'xlsx'] as const)('round-trips the reference vital processes through %s', async (format) => {
    // The reference data holds a few empty notes, which a file cannot tell from null: they may come back null.
    const before = await services.registryFiles.exportRegistry(actor, 'vital-processes', format);
    const { rows } = await parseTable(format, before);
    expect(rows).toHaveLength(28);
    expect(await services.registryFiles.importRegistry(actor, 'vital-processes', format, before)).toMatchObject({ created: 0, rows: 28 });
    expect((await parseTable(format, await services.registryFiles.exportRegistry(actor, 'vital-processes', format))).rows).toEqual(rows);
  });

  it('updates a changed row instead of duplicating it', async () => {
    const assets = await countOf('asset');
    const exported = (await services.registryFiles.exportRegistry(actor, 'assets', 'csv')).toString('utf8');
    const changed = Buffer.from(exported.replace('Pompstation Enschede', 'Pompstation Enschede-Noord'), 'utf8');
    const rows = (await parseTable('csv', changed)).rows.length;
    expect(await services.registryFiles.importRegistry(actor, 'assets', 'csv', changed)).toEqual({ created: 0, updated: 1, rows });
    expect(await countOf('asset')).toBe(assets);
    const { name } = await handle.db.selectFrom('asset').select('name').where('code', '=', 'pomp-enschede').executeTakeFirstOrThrow();
    expect(name).toBe('Pompstation Enschede-Noord');
  });

  it('reads a semicolon CSV from Dutch Excel: decimal commas, ja/nee, WAAR', async () => {
    const result = await services.registryFiles.importRegistry(actor, 'assets', 'csv', csv([
      '\uFEFFcode;provider;name;kind;keyAsset;latitude;longitude;euroPerHour',
      'ow-amsterdam;netbeheer-west;Onderstation Amsterdam, Noord;site;WAAR;52,41;4,9;1500,5',
      'gemaal-zwolle;waterbedrijf-oost;Gemaal Zwolle;SITE;nee;52,5;6,1;75',
    ]));
    expect(result).toEqual({ created: 1, updated: 1, rows: 2 });
    const rows = await handle.db.selectFrom('asset').select(['code', 'latitude', 'kind', 'keyAsset', 'processId']).where('code', 'in', ['ow-amsterdam', 'gemaal-zwolle']).orderBy('code').execute();
    expect(rows).toEqual([
      { code: 'gemaal-zwolle', latitude: 52.5, kind: 'site', keyAsset: false, processId: null },
      // The file has no process column: the process stays as it was.
      { code: 'ow-amsterdam', latitude: 52.41, kind: 'site', keyAsset: true, processId: expect.any(String) },
    ]);
  });

  const header = 'code,provider,process,name,kind,latitude,populationServed';
  const good = 'nieuw-station,netbeheer-west,,Nieuw station,site,52.0,10';
  it.each([
    ['a number out of range', [header, good, 'fout-station,netbeheer-west,,Fout,site,91,0'], 'row 3, column latitude', 'must be a number between -90 and 90'],
    ['a word for a number', [header, good, 'fout-station,netbeheer-west,,Fout,site,52.1,veel'], 'row 3, column populationServed', 'must be a whole number of at least 0'],
    ['an unknown reference code', [header, good, 'fout-station,bestaat-niet,,Fout,site,,'], 'row 3, column provider', 'there is no organisation with code "bestaat-niet"'],
    ['a missing required value', [header, good, 'fout-station,netbeheer-west,, ,site,,'], 'row 3, column name', 'is required'],
    ['an enum value outside the list', [header, good, 'fout-station,netbeheer-west,,Fout,building,,'], 'row 3, column kind', 'must be one of site, system, service'],
    ['a code against the pattern', [header, good, 'Fout Station,netbeheer-west,,Fout,site,,'], 'row 3, column code', 'must match the pattern ^[a-z0-9][a-z0-9._-]*$'],
    ['a repeated code', [header, good, good], 'row 3, column code', 'repeats row 2 (same code)'],
    ['an unknown column', [`${header},colour`, `${good},red`], 'row 1, column colour', 'is not a column of assets'],
    ['a missing required column', ['code,provider,kind', 'x,netbeheer-west,site'], 'row 1, column name', 'is required but missing'],
  ])('refuses the whole file for %s, naming row and column', async (_, lines, where, message) => {
    const assets = await countOf('asset');
    const error = await refusal(services.registryFiles.importRegistry(actor, 'assets', 'csv', csv(lines)));
    expect(error.kind).toBe('invalid');
    expect(error.details[0]).toEqual({ path: where, message });
    expect(error.message).toContain(`column "${where.split('column ')[1]}": ${message}`);
    expect(await countOf('asset')).toBe(assets);
  });

  it('gives the message of the brief for one bad cell', async () => {
    const lines = [header, good, good.replace('nieuw', 'ander'), good.replace('nieuw', 'derde'), good.replace('nieuw', 'vierde'), good.replace('nieuw', 'vijfde'), 'fout,netbeheer-west,,Fout,site,-91,0'];
    const error = await refusal(services.registryFiles.importRegistry(actor, 'assets', 'csv', csv(lines)));
    expect(error.code).toBe('import-row-invalid');
    expect(error.message).toBe('Row 7, column "latitude": must be a number between -90 and 90');
  });

  it('reports at most 20 problems, and how many there are', async () => {
    const lines = [header, ...Array.from({ length: 25 }, (_, index) => `fout-${index},netbeheer-west,,Fout,site,abc,0`)];
    const error = await refusal(services.registryFiles.importRegistry(actor, 'assets', 'xlsx', await toXlsx(lines)));
    expect(error.details).toHaveLength(20);
    expect(error.details[19]).toEqual({ path: 'row 21, column latitude', message: 'must be a number between -90 and 90' });
    expect(error.message).toContain('25 problems in all; nothing was imported');
  });

  it('writes nothing when the database refuses a row, and names that row', async () => {
    const dependencies = await countOf('dependency');
    const error = await refusal(services.registryFiles.importRegistry(actor, 'dependencies', 'csv', csv([
      'dependent,supplier,type',
      'scada-west,pomp-enschede,logical',
      'scada-west,scada-west,physical',
    ])));
    expect(error.message).toMatch(/^Row 3: /);
    expect(error.details.map((detail) => detail.path)).toEqual(['row 3']);
    expect(await countOf('dependency')).toBe(dependencies);
  });

  it('refuses a malformed CSV and an unknown registry', async () => {
    const malformed = await refusal(services.registryFiles.importRegistry(actor, 'assets', 'csv', csv([header, good, 'a,"b'])));
    expect(malformed.details).toEqual([{ path: 'row 3', message: 'a quoted cell is not closed' }]);
    const unknown = await refusal(services.registryFiles.exportRegistry(actor, 'stations' as never, 'csv'));
    expect(unknown.code).toBe('unknown-registry');
  });

  it('exports only what the actor may see', { tags: ['authorization'] }, async () => {
    const organisation = await handle.db.selectFrom('organisation').select('id').where('code', '=', 'waterbedrijf-oost').executeTakeFirstOrThrow();
    const provider: UserActor = { kind: 'user', userId: randomUUID(), email: 'a@waterbedrijf-oost.example', organisationId: organisation.id, organisationKind: 'provider', roles: ['provider'] };
    const table = await parseTable('csv', await services.registryFiles.exportRegistry(provider, 'assets', 'csv'));
    expect(table.rows.map((row) => row.code)).toContain('pomp-enschede');
    expect(new Set(table.rows.map((row) => row.provider))).toEqual(new Set(['waterbedrijf-oost']));
    // The dependency on another provider's asset is visible; that asset is named by its id, as the API shows it.
    const dependencies = await parseTable('csv', await services.registryFiles.exportRegistry(provider, 'dependencies', 'csv'));
    expect(dependencies.rows).toEqual([expect.objectContaining({ dependent: 'pomp-enschede', supplier: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
  });
});

/** The CSV lines as a one-sheet workbook, every cell text. */
async function toXlsx(lines: string[]): Promise<Buffer> {
  const table = await parseTable('csv', csv(lines));
  return serialiseTable('xlsx', table.header, table.rows);
}
