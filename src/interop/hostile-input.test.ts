import { crc32, createDeflateRaw } from 'node:zlib';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { jsonTextDepth, maxJsonDepth, valueDepth } from '../domain/input-limits.ts';
import { cpuMs, nestedJsonText } from '../../test/fuzz.ts';
import { parseGraphFile } from './graph-file.ts';
import { parseOscalCatalog } from './oscal.ts';
import { readSbom } from './sbom/index.ts';
import { loadStixReference } from './stix/schema-files.ts';
import { checkBundle } from './stix/validate.ts';
import { parseXlsx, serialiseWorkbook } from './tabular.ts';
import { checkZipExpansion } from './zip-limits.ts';

/**
 * Runs `run`, which must be refused; returns the DomainError, the CPU time it took (not wall time: the machine may
 * be shared and busy) and how far the heap grew.
 */
async function refusal(run: () => unknown) {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = cpuMs();
  const error = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  const ms = cpuMs() - started;
  expect(error).toBeInstanceOf(DomainError);
  return { error: error as DomainError, ms, heapGrowth: process.memoryUsage().heapUsed - heapBefore };
}

const cdx16 = 'http://cyclonedx.org/schema/bom/1.6';

describe('XML without entities (CycloneDX XML)', () => {
  it('refuses an external entity (XXE) quickly, without reading the file it names', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<bom xmlns="${cdx16}" version="1"><metadata><component type="device"><name>&xxe;</name></component></metadata></bom>`;
    const { error, ms } = await refusal(() => readSbom(xxe));
    expect(error.code).toBe('sbom-invalid');
    expect(error.message).toMatch(/DOCTYPE/);
    expect(JSON.stringify(error)).not.toMatch(/root:/);
    expect(ms).toBeLessThan(500);
  });

  it('refuses a billion-laughs document quickly and without growing the heap', async () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY lol0 "lol">\n${entities}]>\n<bom xmlns="${cdx16}" version="1"><metadata><component type="device"><name>&lol10;</name></component></metadata></bom>`;
    const { error, ms, heapGrowth } = await refusal(() => readSbom(laughs));
    expect(error.code).toBe('sbom-invalid');
    expect(error.message).toMatch(/DOCTYPE/);
    expect(ms).toBeLessThan(500);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses elements nested deeper than the limit before the mapping recurses into them', async () => {
    const deep = `<bom xmlns="${cdx16}" version="1"><components>${'<component type="library"><name>x</name><components>'.repeat(50_000)}`;
    const { error, ms } = await refusal(() => readSbom(deep));
    expect(error.code).toBe('nesting-too-deep');
    expect(ms).toBeLessThan(2_000);
  });
});

describe('deeply nested JSON', () => {
  it('measures depth outside strings only, and stops counting past the limit', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[{{{"}],"c":"\\"[["}')).toBe(3);
    expect(jsonTextDepth(nestedJsonText(1_000_000), 64)).toBe(65);
    expect(valueDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(valueDepth(JSON.parse(nestedJsonText(500)), 64)).toBe(65);
  });

  it.each([
    ['an SBOM', nestedJsonText(2_000_000, 'object'), readSbom],
    ['a graph file', nestedJsonText(2_000_000), parseGraphFile],
    ['an OSCAL catalogue', JSON.parse(nestedJsonText(100_000, 'object')) as unknown, parseOscalCatalog],
  ] as [string, unknown, (input: never) => unknown][])('refuses %s nested deeper than a hundred thousand levels with nesting-too-deep, at once', async (_name, input, read) => {
    const { error, ms } = await refusal(() => read(input as never));
    expect(error.code).toBe('nesting-too-deep');
    expect(error.message).toContain(`${maxJsonDepth} levels`);
    expect(ms).toBeLessThan(1_000);
  });

  it('accepts nesting up to the limit (refusal is about depth, not about the document)', async () => {
    const { error } = await refusal(() => parseGraphFile(nestedJsonText(maxJsonDepth)));
    expect(error.code).toBe('graph-invalid');
  });

  it('reports a deeply nested STIX bundle as an issue instead of recursing into it', () => {
    const { validator } = loadStixReference(path.resolve(import.meta.dirname, '../../data'));
    const bundle = { type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects: [JSON.parse(nestedJsonText(100_000, 'object')) as unknown] };
    expect(checkBundle(bundle, { validator, isKnown: () => false }).issues).toEqual([{ object: 'bundle', path: '', message: `nests deeper than ${maxJsonDepth} levels` }]);
  });
});

describe('values whose toString is not a function (found by the fuzz tests)', () => {
  it('refuses a CycloneDX and an SPDX version that is an object with sbom-invalid, not a TypeError', async () => {
    expect((await refusal(() => readSbom('{"bomFormat":"CycloneDX","specVersion":{"toString":[]}}'))).error.code).toBe('sbom-invalid');
    expect((await refusal(() => readSbom('{"spdxVersion":{"toString":[]}}'))).error.code).toBe('sbom-invalid');
  });

  it('reports a STIX object whose type is such an object as an unknown type', () => {
    const { validator } = loadStixReference(path.resolve(import.meta.dirname, '../../data'));
    expect(validator.validateObject({ type: { toString: [] }, id: 'x' }, 0)).toEqual([expect.objectContaining({ path: '/objects/0/type', message: expect.stringMatching(/^unknown STIX type \(object\)/) })]);
  });
});

/** A zip archive of deflated entries, written by hand so that the central directory can lie about sizes. */
function zipOf(entries: { name: string; deflated: Buffer; crc: number; size: number; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, deflated, crc, size, declaredSize = size } of entries) {
    const fileName = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(declaredSize, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(declaredSize, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, deflated);
    centrals.push(central, fileName);
    offset += 30 + fileName.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Deflates `size` bytes of one repeated row without ever holding them in memory. */
async function deflatedRepetition(chunk: string, size: number): Promise<{ deflated: Buffer; crc: number; size: number }> {
  const piece = Buffer.from(chunk.repeat(Math.ceil((1024 * 1024) / chunk.length)).slice(0, 1024 * 1024));
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  for (let written = 0; written < size; written += piece.length) {
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { deflated: Buffer.concat(parts), crc, size: Math.ceil(size / piece.length) * piece.length };
}

describe('zip bombs in XLSX', () => {
  let sheetBomb: { deflated: Buffer; crc: number; size: number };
  let workbookEntries: { name: string; deflated: Buffer; crc: number; size: number }[];
  beforeAll(async () => {
    // 400 MB of sheet rows that deflate to a few hundred kilobytes.
    sheetBomb = await deflatedRepetition('<row><c t="inlineStr"><is><t>boom</t></is></c></row>', 400 * 1024 * 1024);
    const { deflateRawSync } = await import('node:zlib');
    workbookEntries = ['[Content_Types].xml', 'xl/workbook.xml'].map((name) => {
      const data = Buffer.from(`<?xml version="1.0"?><x n="${name}"/>`);
      return { name, deflated: deflateRawSync(data), crc: crc32(data), size: data.length };
    });
  }, 120_000);

  it('is a tiny file', () => {
    expect(sheetBomb.deflated.length).toBeLessThan(2 * 1024 * 1024);
    expect(sheetBomb.size).toBeGreaterThan(300 * 1024 * 1024);
  });

  it('refuses a sheet that declares its hundreds of megabytes, from the central directory, before exceljs reads it', async () => {
    const bomb = zipOf([...workbookEntries, { name: 'xl/worksheets/sheet1.xml', ...sheetBomb }]);
    const { error, ms, heapGrowth } = await refusal(() => parseXlsx(bomb));
    expect(error.code).toBe('archive-too-large');
    expect(error.message).toMatch(/would unpack to \d+ bytes/);
    expect(ms).toBeLessThan(500);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses a sheet whose directory lies about its size, stopping the inflation at the declared size', async () => {
    const bomb = zipOf([...workbookEntries, { name: 'xl/worksheets/sheet1.xml', ...sheetBomb, declaredSize: 4096 }]);
    const { error, ms, heapGrowth } = await refusal(() => parseXlsx(bomb));
    expect(error.code).toBe('archive-too-large');
    expect(error.message).toMatch(/sheet1\.xml unpacks to more than the 4096 bytes it declares/);
    expect(ms).toBeLessThan(1_000);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses an archive of too many entries', () => {
    const empty = { deflated: Buffer.from([0x03, 0x00]), crc: 0, size: 0 };
    const many = zipOf(Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}`, ...empty })));
    expect(() => checkZipExpansion(many)).toThrow(expect.objectContaining({ code: 'archive-too-large', message: expect.stringMatching(/10001 entries/) }));
  });

  it('reads an ordinary workbook, and refuses it under a smaller limit', async () => {
    const workbook = await serialiseWorkbook([{ name: 'assets', columns: ['code', 'name'], rows: [{ code: 'a-1', name: 'Gemaal' }] }]);
    expect((await parseXlsx(workbook)).rows).toEqual([{ code: 'a-1', name: 'Gemaal' }]);
    expect((await refusal(() => parseXlsx(workbook, { maxUncompressedBytes: 1_000, maxEntries: 100 }))).error.code).toBe('archive-too-large');
  });

  it('calls damaged zip structures unreadable', () => {
    const workbook = zipOf(workbookEntries);
    const damaged = Buffer.from(workbook);
    damaged.writeUInt32LE(0xfffffff0, damaged.length - 6); // the directory offset points past the end
    expect(() => checkZipExpansion(damaged)).toThrow(expect.objectContaining({ code: 'file-unreadable' }));
    expect(() => checkZipExpansion(Buffer.from('not a zip'))).toThrow(expect.objectContaining({ code: 'file-unreadable' }));
  });
});
