import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../domain/errors.ts';
import { scaleDemo, type DemoFiles } from './demo-scale.ts';

/** The real demo files, as the seed reads them. */
const demoDir = path.join(import.meta.dirname, '..', '..', 'data', 'demo');
const files: DemoFiles = Object.fromEntries(fs.readdirSync(demoDir).filter((name) => name.endsWith('.json')).map((name) => [name, JSON.parse(fs.readFileSync(path.join(demoDir, name), 'utf8')) as unknown]));

type Rows = Record<string, unknown>[];
const rows = (scaled: DemoFiles, file: string) => scaled[file] as Rows;
const codes = (records: Rows) => records.map((record) => record.code as string);

describe('scaleDemo', () => {
  it('leaves the demo as it is at scale 1', () => {
    expect(scaleDemo(files, 1)).toBe(files);
  });

  it('multiplies organisations, assets, dependencies, vendors, messages, incidents and duty-of-care records with unique suffixed codes', () => {
    const scaled = scaleDemo(files, 3);

    for (const file of ['organisations.json', 'process-providers.json', 'assets.json', 'dependencies.json', 'vendors.json', 'product-uses.json', 'messages.json'])
      expect(rows(scaled, file)).toHaveLength(3 * rows(files, file).length);
    const incidents = scaled['incidents.json'] as { incidents: Rows; supervision: Rows };
    expect(incidents.incidents).toHaveLength(3 * (files['incidents.json'] as { incidents: Rows }).incidents.length);
    expect((scaled['duty-of-care.json'] as { scoping: Rows }).scoping).toHaveLength(3 * (files['duty-of-care.json'] as { scoping: Rows }).scoping.length);
    for (const file of ['organisations.json', 'assets.json', 'vendors.json']) expect(new Set(codes(rows(scaled, file))).size).toBe(rows(scaled, file).length);
    expect(codes(rows(scaled, 'organisations.json'))).toContain('netbeheer-lage-landen-x3');
    expect(rows(scaled, 'assets.json').find((asset) => asset.code === 'tso-hs-eemshaven-x2')).toMatchObject({ provider: 'netbeheer-lage-landen-x2', process: 'elektriciteit-landelijk', name: 'Hoogspanningsstation Eemshaven 380/150 kV #2' });
    // Messages are skipped when their author already wrote one with the title: each copy has its own.
    expect(new Set(rows(scaled, 'messages.json').map((message) => message.title)).size).toBe(rows(scaled, 'messages.json').length);
  });

  it('keeps every reference within the scaled data, and reference data, users and cycles shared', () => {
    const scaled = scaleDemo(files, 4);
    const organisations = new Set(codes(rows(scaled, 'organisations.json')));
    const assets = new Set(codes(rows(scaled, 'assets.json')));
    const products = new Set(rows(scaled, 'vendors.json').flatMap((vendor) => codes(vendor.products as Rows)));

    for (const asset of rows(scaled, 'assets.json')) expect(organisations).toContain(asset.provider);
    for (const link of rows(scaled, 'process-providers.json')) expect(organisations).toContain(link.provider);
    for (const dependency of rows(scaled, 'dependencies.json')) {
      expect(assets).toContain(dependency.dependent);
      expect(assets).toContain(dependency.supplier);
    }
    for (const use of rows(scaled, 'product-uses.json')) {
      expect(assets).toContain(use.asset);
      expect(products).toContain(use.product);
    }
    for (const incident of (scaled['incidents.json'] as { incidents: Rows }).incidents) expect(organisations).toContain(incident.organisation);
    for (const entry of (scaled['duty-of-care.json'] as { scoping: Rows }).scoping) expect(organisations).toContain(entry.provider);
    // Supervisors, processes and demo users are reference data or accounts: the same in every copy.
    expect(new Set((scaled['incidents.json'] as { supervision: Rows }).supervision.map((entry) => entry.supervisor))).toEqual(new Set((files['incidents.json'] as { supervision: Rows }).supervision.map((entry) => entry.supervisor)));
    expect(scaled['users.json']).toBe(files['users.json']);
    expect(scaled['cycles.json']).toBe(files['cycles.json']);
  });

  it.each([0, 1.5, Number.NaN, 101])('refuses the scale %s as invalid input', (factor) => {
    let error: unknown;
    try {
      scaleDemo(files, factor);
    } catch (caught) {
      error = caught;
    }
    expect(isDomainError(error) && error.code).toBe('validation-failed');
  });
});
