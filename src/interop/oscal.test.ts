import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOscalCatalog } from './oscal.ts';

const shipped = (name: string) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'data', 'reference', 'catalogues', `${name}.json`), 'utf8')) as unknown;

describe('OSCAL catalogues', () => {
  it('the shipped NIS2 art. 21(2) catalogue is valid and holds (a)–(j) with statement and guidance', () => {
    const { controls } = parseOscalCatalog(shipped('nis2-art21'));
    expect(controls.map((control) => control.id)).toEqual('abcdefghij'.split('').map((letter) => `nis2-21-2-${letter}`));
    expect(controls.every((control) => control.statement && control.guidance)).toBe(true);
  });

  it('the shipped CER art. 13(1) catalogue is valid and holds (a)–(f)', () => {
    expect(parseOscalCatalog(shipped('cer-art13')).controls.map((control) => control.label)).toEqual('abcdef'.split('').map((letter) => `CER art. 13(1)(${letter})`));
  });

  it('names every offending path of an invalid document', () => {
    const document = { catalog: { uuid: 'nope', metadata: { title: 'T', version: '1', 'oscal-version': '1.1.2' }, controls: [{ id: 'a', title: 'A', extra: 1 }] } };
    expect(() => parseOscalCatalog(document, 'bio.json')).toThrow(expect.objectContaining({
      code: 'oscal-invalid',
      message: expect.stringContaining('bio.json'),
      details: expect.arrayContaining([
        expect.objectContaining({ path: '/catalog/uuid' }),
        expect.objectContaining({ path: '/catalog/metadata/last-modified' }),
        expect.objectContaining({ path: '/catalog/controls/0/extra' }),
      ]),
    }));
  });

  it('refuses a catalogue without controls', () => {
    const document = { catalog: { uuid: '7b3c8d1e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', metadata: { title: 'T', version: '1', 'oscal-version': '1.1.2', 'last-modified': '2026-01-01T00:00:00Z' } } };
    expect(() => parseOscalCatalog(document)).toThrow(expect.objectContaining({ code: 'oscal-invalid', details: [{ path: '/catalog', message: 'holds no controls' }] }));
  });
});
