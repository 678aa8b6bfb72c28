import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliPlatform } from '../../../test/cli.ts';

// End to end on a real embedded data folder (or, in the postgres project, a database of its own on the server).
const cli = useCliPlatform('files');
const { vitaal, write } = cli;

describe('vitaal import and export', () => {
  it('imports a CSV, exports XLSX and re-imports it without duplicates', { timeout: 120_000 }, async () => {
    const organisations = write('organisaties.csv', ['code;name;kind;country', 'netbeheer-west;Netbeheer West B.V.;provider;NL', 'waterbedrijf-oost;Waterbedrijf Oost N.V.;provider;NL']);
    const imported = await vitaal('import', 'organisations', organisations);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ registry: 'organisations', rows: 2, created: 2, updated: 0 });

    const workbook = path.join(cli.folder, 'organisations.xlsx');
    const exported = await vitaal('export', 'organisations', '--out', workbook);
    expect(exported.code).toBe(0);
    expect(fs.readFileSync(workbook).subarray(0, 2).toString()).toBe('PK');

    const reimported = await vitaal('import', 'organisations', workbook);
    expect(reimported.code).toBe(0);
    const summary = JSON.parse(reimported.stdout) as { registry: string; rows: number; created: number; updated: number };
    expect(summary).toMatchObject({ registry: 'organisations', created: 0, updated: 0 });
    expect(summary.rows).toBeGreaterThan(2);
  });

  it('refuses a bad file with exit code 2, naming row and column, and writes nothing', { timeout: 120_000 }, async () => {
    expect((await vitaal('import', 'organisations', write('zuid.csv', ['code,name,kind', 'netbeheer-zuid,Netbeheer Zuid B.V.,provider']))).code).toBe(0);
    const assets = write('assets.csv', [
      'code,provider,name,kind,latitude',
      'station-a,netbeheer-zuid,Station A,site,52.1',
      'station-b,netbeheer-zuid,Station B,site,152.1',
      'station-c,onbekend,Station C,site,',
    ]);
    const refused = await vitaal('import', 'assets', assets);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('error: Row 3, column "latitude": must be a number between -90 and 90 (2 problems in all; nothing was imported)');
    expect(refused.stderr).toContain('at row 4, column provider: there is no organisation with code "onbekend"');

    // CSV goes to stdout without --out; the refused file left the table empty.
    const exported = await vitaal('export', 'assets');
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim()).toBe('code,provider,process,name,kind,assetType,keyAsset,latitude,longitude,populationServed,euroPerHour');

    const unknown = await vitaal('export', 'stations');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown registry "stations"; choose one of: sectors, vital-processes, organisations, process-providers, assets, dependencies.');

    const noOut = await vitaal('export', 'assets', '--format', 'xlsx');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('An XLSX export needs --out FILE.');
  });
});
