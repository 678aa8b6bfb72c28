import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectAcceptedOrRefused,
  expectBounded,
  fuzzParameters,
  fuzzTimeout,
  hostileJsonText,
  hostileJsonValue,
  jsonMutations,
  mutateJson,
  mutateText,
  textMutations,
} from '../../test/fuzz.ts';
import { parseGraphFile, parseScenarioFile, type GraphFile } from './graph-file.ts';
import { parseOscalCatalog } from './oscal.ts';
import { readSbom } from './sbom/index.ts';
import { loadStixReference } from './stix/schema-files.ts';
import { checkBundle, type StixValidator } from './stix/validate.ts';
import { parseCsv, parseXlsx, serialiseCsv, serialiseWorkbook } from './tabular.ts';

/**
 * Property-based fuzzing of every importer: whatever bytes arrive, each either reads the file or refuses it with a
 * DomainError of its own code and a message, in bounded time; never a TypeError, a stack overflow or a hang.
 * Inputs are random, and mutations (replaced, deleted and added values, truncation, inserted fragments) of valid
 * files, which get past the first checks into the schema validation and the mapping.
 */
const dataDir = path.resolve(import.meta.dirname, '../../data');
const sbomFixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'sbom', 'fixtures', name), 'utf8');

const tableCodes = ['file-malformed', 'file-empty', 'unnamed-column', 'duplicate-column', 'file-unreadable', 'cell-error', 'archive-too-large'];
const sbomCodes = ['sbom-invalid', 'nesting-too-deep'];

describe('CSV import', () => {
  const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', ',', ';', '\r\n', '\n', '=1+1', "'=x", '\uFEFF', ' '), fc.string({ unit: 'binary', maxLength: 8 }));
  const csvText = fc
    .tuple(fc.constantFrom(',', ';'), fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 }))
    .map(([delimiter, rows]) => rows.map((row) => row.join(delimiter)).join('\n'));

  it('reads or refuses any text', { timeout: fuzzTimeout(300, 5) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(csvText, fc.string({ unit: 'binary', maxLength: 500 })), (text) => expectAcceptedOrRefused(() => parseCsv(Buffer.from(text, 'utf8')), tableCodes)),
      fuzzParameters(300),
    );
  });

  it('reads back any text cells it wrote, formula-like ones included', { timeout: fuzzTimeout(200, 5) }, async () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("'=x", "''=x", '=1+1', '@SUM(A1)', '-1', "'", '"a,b"')).filter((value) => value.trim() !== '' && !value.includes('\uFEFF'));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 8 }), async (values) => {
        const rows = values.map((value, i) => ({ key: `k${i}`, value }));
        expect(parseCsv(serialiseCsv(['key', 'value'], rows)).rows).toEqual(rows);
      }),
      fuzzParameters(200),
    );
  });

  it('refuses a row with more cells than the header, naming its row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), async (columns, extra) => {
        const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
        const row = Array.from({ length: columns + extra }, () => 'v').join(',');
        await expect(Promise.resolve().then(() => parseCsv(Buffer.from(`${header}\nok${',x'.repeat(columns - 1)}\n${row}`)))).rejects.toMatchObject({ code: 'file-malformed', message: /^Row 3:/ });
      }),
      fuzzParameters(20),
    );
  });
});

describe('XLSX import', () => {
  let workbook: Buffer;
  beforeAll(async () => {
    workbook = await serialiseWorkbook([{ name: 'assets', columns: ['code', 'name', 'count'], rows: [{ code: 'a-1', name: 'Gemaal', count: 3 }, { code: 'a-2', name: 'Trafo', count: 7 }] }]);
  });

  it('reads or refuses any bytes', { timeout: fuzzTimeout(100, 10) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), (bytes) => expectAcceptedOrRefused(() => parseXlsx(Buffer.from(bytes)), tableCodes)),
      fuzzParameters(100),
    );
  });

  it('reads or refuses a valid workbook with bytes overwritten or cut off', { timeout: fuzzTimeout(60, 100) }, async () => {
    const damage = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(damage, fc.option(fc.nat()), async (writes, cut) => {
        const copy = Buffer.from(workbook);
        for (const [at, value] of writes) copy[at % copy.length] = value;
        await expectAcceptedOrRefused(() => parseXlsx(cut === null ? copy : copy.subarray(0, cut % copy.length)), tableCodes);
      }),
      fuzzParameters(60),
    );
  });

  it('reads back any cell values it wrote', { timeout: fuzzTimeout(40, 100) }, async () => {
    const value = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }).filter((text) => text.trim() !== ''), fc.integer(), fc.boolean());
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 10 }), async (values) => {
        const rows = values.map((cell, i) => ({ key: `k${i}`, value: cell }));
        const table = await parseXlsx(await serialiseWorkbook([{ name: 'data', columns: ['key', 'value'], rows }]));
        expect(table.rows).toEqual(rows);
      }),
      fuzzParameters(40),
    );
  });
});

describe('SBOM import (CycloneDX JSON and XML, SPDX JSON)', () => {
  const jsonFixtures = ['hbom-gateway.cdx.json', 'hbom-gateway-1.4.cdx.json', 'hbom-gateway-1.7.cdx.json', 'saasbom-meterdata.cdx.json', 'scada-hmi.spdx.json'].map((name) => JSON.parse(sbomFixture(name)) as unknown);
  const xmlFixture = sbomFixture('hbom-rtu.cdx.xml');
  // Compiling the official schemas takes seconds: once here, not inside the first run of a property.
  beforeAll(async () => {
    for (const version of ['1.4', '1.5', '1.6', '1.7']) await readSbom(JSON.stringify({ bomFormat: 'CycloneDX', specVersion: version, version: 1 })).catch(() => undefined);
    await readSbom(sbomFixture('scada-hmi.spdx.json'));
    await readSbom(xmlFixture);
  }, 120_000);

  it('reads or refuses any JSON text', { timeout: fuzzTimeout(150, 20) }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileJsonText, (text) => expectAcceptedOrRefused(() => readSbom(text), sbomCodes)),
      fuzzParameters(150),
    );
  });

  it('reads or refuses any document that claims to be CycloneDX or SPDX', { timeout: fuzzTimeout(150, 20) }, async () => {
    const claims = fc.oneof(
      fc.record({ bomFormat: fc.constant('CycloneDX'), specVersion: fc.constantFrom('1.4', '1.5', '1.6', '1.7', '2.0', ''), components: hostileJsonValue, metadata: hostileJsonValue, dependencies: hostileJsonValue }, { requiredKeys: ['bomFormat', 'specVersion'] }),
      fc.record({ spdxVersion: fc.constantFrom('SPDX-2.3', 'SPDX-2.2', 'SPDX-3.0'), SPDXID: hostileJsonValue, packages: hostileJsonValue, relationships: hostileJsonValue }, { requiredKeys: ['spdxVersion'] }),
    );
    await fc.assert(
      fc.asyncProperty(claims, (document) => expectAcceptedOrRefused(() => readSbom(JSON.stringify(document)), sbomCodes)),
      fuzzParameters(150),
    );
  });

  it('reads or refuses mutations of valid CycloneDX and SPDX JSON files', { timeout: fuzzTimeout(150, 30) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonFixtures), jsonMutations, (document, mutations) => expectAcceptedOrRefused(() => readSbom(JSON.stringify(mutateJson(document, mutations))), sbomCodes)),
      fuzzParameters(150),
    );
  });

  it('gives the same verdict on a document whether it arrives whole or in chunks of any size', { timeout: fuzzTimeout(100, 30) }, async () => {
    async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    }
    const verdict = (source: Buffer | AsyncGenerator<Uint8Array>) =>
      readSbom(source).then(
        (bom) => ({ bom }),
        (error: unknown) => ({ code: (error as { code?: string }).code, message: (error as Error).message }),
      );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...jsonFixtures), jsonMutations, fc.integer({ min: 1, max: 64 }), async (document, mutations, size) => {
        const bytes = Buffer.from(JSON.stringify(mutateJson(document, mutations)));
        expect(await verdict(chunked(bytes, size))).toEqual(await verdict(bytes));
      }),
      fuzzParameters(100),
    );
  });

  it('reads or refuses mutations of a valid CycloneDX XML file (DOCTYPEs, entities, unclosed and stray tags)', { timeout: fuzzTimeout(40, 300) }, async () => {
    const fragments = ['<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '&x;', '&amp;', '<component>', '</component>', '<![CDATA[', ']]>', '<?xml version="1.0"?>', '"', '<', '>', '\u0000', '<bom xmlns="http://cyclonedx.org/schema/bom/1.6">'];
    await fc.assert(
      fc.asyncProperty(textMutations(fragments), (mutations) => expectAcceptedOrRefused(() => readSbom(mutateText(xmlFixture, mutations)), sbomCodes)),
      fuzzParameters(40),
    );
  });
});

describe('STIX bundle import', () => {
  let validator: StixValidator;
  let isKnown: (id: string) => boolean;
  beforeAll(() => {
    const reference = loadStixReference(dataDir);
    validator = reference.validator;
    isKnown = (id) => reference.markings.labelOfId.has(id);
  });
  const indicator = {
    type: 'indicator',
    spec_version: '2.1',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-02T00:00:00.000Z',
    name: 'C2 server',
    pattern: "[ipv4-addr:value = '198.51.100.7']",
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00.000Z',
    object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'],
  };
  const bundle = { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [indicator] };

  /** checkBundle reports problems as issues: it must never throw, and every issue names an object, a path and a message. */
  const expectIssuesOnly = async (input: unknown) => {
    const { bundle: read, issues } = await expectBounded(() => checkBundle(input, { validator, isKnown }));
    for (const issue of issues) expect(issue).toEqual({ object: expect.any(String), path: expect.any(String), message: expect.stringMatching(/\S/) });
    if (issues.length === 0) expect(read.objects.length).toBe((input as { objects?: unknown[] }).objects?.length ?? 0);
  };

  it('accepts the valid bundle the mutations start from', () => {
    expect(checkBundle(bundle, { validator, isKnown }).issues).toEqual([]);
  });

  it('reports issues for any value, never throwing', { timeout: fuzzTimeout(200, 5) }, async () => {
    const objects = fc.array(fc.oneof(hostileJsonValue, fc.record({ type: fc.constantFrom('indicator', 'incident', 'identity', 'relationship', 'marking-definition', 'x-custom', 'a'.repeat(5_000)), id: fc.string(), spec_version: hostileJsonValue, extensions: hostileJsonValue })), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJsonValue, fc.record({ type: fc.constant('bundle'), id: fc.constant(bundle.id), objects })), expectIssuesOnly),
      fuzzParameters(200),
    );
  });

  it('reports issues for mutations of a valid bundle, never throwing', { timeout: fuzzTimeout(200, 5) }, async () => {
    await fc.assert(
      fc.asyncProperty(jsonMutations, (mutations) => expectIssuesOnly(mutateJson(bundle, mutations))),
      fuzzParameters(200),
    );
  });
});

describe('OSCAL catalogue import', () => {
  const catalogues = fs.readdirSync(path.join(dataDir, 'reference', 'catalogues')).map((file) => JSON.parse(fs.readFileSync(path.join(dataDir, 'reference', 'catalogues', file), 'utf8')) as unknown);
  const codes = ['oscal-invalid', 'nesting-too-deep'];

  it('reads or refuses any value', { timeout: fuzzTimeout(200, 5) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileJsonValue, fc.record({ catalog: hostileJsonValue })), (document) => expectAcceptedOrRefused(() => parseOscalCatalog(document), codes)),
      fuzzParameters(200),
    );
  });

  it('reads or refuses mutations of the shipped catalogues', { timeout: fuzzTimeout(200, 10) }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...catalogues), jsonMutations, (document, mutations) => expectAcceptedOrRefused(() => parseOscalCatalog(mutateJson(document, mutations)), codes)),
      fuzzParameters(200),
    );
  });
});

describe('graph and scenario files', () => {
  const graph: GraphFile = {
    layers: [{ id: 'power', connectivity: 'source' }],
    nodes: [{ id: 'sub-1', layer: 'power', source: true, population: 12000 }, { id: 'sub-2', layer: 'power' }, { id: 'pump-1' }],
    links: [{ source: 'sub-1', target: 'sub-2' }],
    dependencies: [
      { dependent: 'pump-1', supplier: 'sub-1', group: 'power', type: 'physical' },
      { dependent: 'pump-1', supplier: 'sub-2', group: 'power', type: 'physical' },
    ],
    groups: [{ node: 'pump-1', id: 'power', k: 1, bufferHours: 8 }],
  };
  const scenario = { name: 'storm', initialFailures: ['sub-1', { node: 'sub-2', atHours: 2, repairHours: 4 }], randomFailures: { probability: 0.1, layer: 'power' }, horizonHours: 48 };

  it('reads or refuses any graph text and any mutation of a valid graph', { timeout: fuzzTimeout(300, 5) }, async () => {
    const text = fc.oneof(hostileJsonText, jsonMutations.map((mutations) => JSON.stringify(mutateJson(graph, mutations))));
    await fc.assert(
      fc.asyncProperty(text, (input) => expectAcceptedOrRefused(() => parseGraphFile(input), ['graph-invalid', 'nesting-too-deep'])),
      fuzzParameters(300),
    );
  });

  it('reads or refuses any scenario text and any mutation of a valid scenario', { timeout: fuzzTimeout(300, 5) }, async () => {
    const text = fc.oneof(hostileJsonText, jsonMutations.map((mutations) => JSON.stringify(mutateJson(scenario, mutations))));
    await fc.assert(
      fc.asyncProperty(text, (input) => expectAcceptedOrRefused(() => parseScenarioFile(input, graph), ['scenario-invalid', 'nesting-too-deep'])),
      fuzzParameters(300),
    );
  });
});
