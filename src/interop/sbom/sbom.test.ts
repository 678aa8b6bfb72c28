import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/errors.ts';
import { readSbom, type SbomSource } from './index.ts';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name));
const validFixtures = ['hbom-gateway.cdx.json', 'hbom-gateway-1.4.cdx.json', 'hbom-gateway-1.7.cdx.json', 'saasbom-meterdata.cdx.json', 'hbom-rtu.cdx.xml', 'scada-hmi.spdx.json', 'vitaal-npm-6.0.1.cdx.json'];

/** The bytes in chunks of `size`, as a file or an upload streams in: characters of several bytes get split. */
async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
const refusal = async (content: SbomSource) => {
  const error = await readSbom(content).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

describe('reading SBOMs', { timeout: 60_000 }, () => {
  it('maps a CycloneDX 1.6 HBOM: the device, firmware nested in it, parties by role, the dependency graph', async () => {
    const bom = await readSbom(fixture('hbom-gateway.cdx.json'));
    expect(bom).toMatchObject({ format: 'cyclonedx', encoding: 'json', specVersion: '1.6', serialNumber: 'urn:uuid:5b0f2a4e-1c6d-4f0a-9e3b-7a8d2c1e9f01', version: 1, name: 'GW-200 substation gateway@2.4' });
    expect(bom.components.map((component) => [component.ref, component.kind, component.parentRef, component.root])).toEqual([
      ['gw-200', 'hardware', null, true],
      ['gw-200-baseband', 'firmware', 'gw-200', false],
      ['gw-200-system', 'firmware', null, false],
      ['io-module', 'hardware', null, false],
      ['pkg:generic/openssl@3.0.13', 'software', null, false],
      ['telemetry-agent', 'software', null, false],
    ]);
    expect(bom.components[1]!.names).toEqual({ manufacturer: 'Eastern Modem Works Co., Ltd.' });
    expect(bom.components[0]!.names).toEqual({ manufacturer: 'Lowlands Grid Devices B.V.' });
    expect(bom.dependencies).toContainEqual({ ref: 'gw-200', dependsOn: ['gw-200-system', 'io-module'] });
  });

  it('maps CycloneDX 1.4 (metadata.manufacture, author strings) and 1.7 alike', async () => {
    const old = await readSbom(fixture('hbom-gateway-1.4.cdx.json'));
    expect(old.specVersion).toBe('1.4');
    expect(old.components[0]!.names).toEqual({ supplier: 'Lowlands Grid Devices B.V.', manufacturer: 'Lowlands Grid Devices B.V.' });
    expect(old.components[1]!.names).toEqual({ author: 'Eastern Modem Works Co., Ltd.' });
    expect((await readSbom(fixture('hbom-gateway-1.7.cdx.json'))).components).toHaveLength(6);
  });

  it('maps a SaaSBOM: services with their providers, trust zones and nested services', async () => {
    const bom = await readSbom(fixture('saasbom-meterdata.cdx.json'));
    expect(bom.services.map((service) => [service.ref, service.names.supplier, service.trustZone, service.parentRef])).toEqual([
      ['svc-ingest', 'Nimbus Cloud B.V.', 'public-cloud', null],
      ['svc-ingest-queue', 'Nimbus Cloud', 'public-cloud', 'svc-ingest'],
      ['svc-forecast', 'Redstar Analytics LLC', 'vendor-managed', null],
      ['svc-sms', 'Some SMS gateway', 'vendor-managed', null],
    ]);
  });

  it('maps CycloneDX 1.5 XML, validated against the official XSD', async () => {
    const bom = await readSbom(fixture('hbom-rtu.cdx.xml'));
    expect(bom).toMatchObject({ encoding: 'xml', specVersion: '1.5', version: 2, dependencies: [{ ref: 'rtu-9', dependsOn: ['rtu-9-fw'] }] });
    expect(bom.components.map((component) => [component.ref, component.parentRef, component.names])).toEqual([
      ['rtu-9', null, { supplier: 'Lowlands Grid Devices B.V.' }],
      ['rtu-9-fw', null, { publisher: 'Eastern Modem Works' }],
      ['rtu-9-fw-lwip', 'rtu-9-fw', {}],
    ]);
  });

  it('maps SPDX 2.3: Organization strings, originator as manufacturer, purl and CPE references, CONTAINS and DEPENDS_ON', async () => {
    const bom = await readSbom(fixture('scada-hmi.spdx.json'));
    expect(bom).toMatchObject({ format: 'spdx', specVersion: '2.3', serialNumber: 'https://sbom.example.nl/spdx/control-room-hmi-5f1c2e', name: 'control-room-hmi' });
    expect(bom.components.map((component) => [component.ref, component.kind, component.root, component.parentRef, component.names, component.purl, component.cpe])).toEqual([
      ['SPDXRef-hmi', 'software', true, null, { supplier: 'Lowlands Grid Devices B.V.' }, null, null],
      ['SPDXRef-historian', 'software', false, null, {}, 'pkg:maven/com.redstar.analytics/historian@1.4.0', null],
      ['SPDXRef-display-fw', 'firmware', false, 'SPDXRef-hmi', { manufacturer: 'Eastern Modem Works Co., Ltd.' }, null, null],
      ['SPDXRef-zlib', 'software', false, null, {}, 'pkg:generic/zlib@1.3.1', 'cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*'],
    ]);
    expect(bom.dependencies).toEqual([
      { ref: 'SPDXRef-hmi', dependsOn: ['SPDXRef-historian'] },
      { ref: 'SPDXRef-historian', dependsOn: ['SPDXRef-zlib'] },
    ]);
  });

  it('reads the SBOM that @cyclonedx/cyclonedx-npm 6.0.1 generated for this repository', async () => {
    const bom = await readSbom(fixture('vitaal-npm-6.0.1.cdx.json'));
    expect(bom).toMatchObject({ specVersion: '1.6', name: 'vitaal@0.1.0', serialNumber: null });
    expect(bom.components).toHaveLength(453);
    expect(new Set(bom.components.map((component) => component.ref)).size).toBe(453);
  });

  it.each([
    ['invalid-schema.cdx.json', 'does not conform to the official CycloneDX 1.6 JSON schema', '/components/0/name'],
    ['invalid-truncated.cdx.json', 'truncated', '/'],
    ['invalid-wrong-version.cdx.json', 'CycloneDX 1.3 is not supported', '/specVersion'],
    ['invalid-truncated.cdx.xml', 'truncated', 'line 17'],
    ['invalid-xxe.cdx.xml', 'DOCTYPE', 'line 2'],
  ])('refuses %s with sbom-invalid', async (file, message, where) => {
    const error = await refusal(fixture(file));
    expect(error.code).toBe('sbom-invalid');
    expect(error.message).toContain(message);
    expect(error.details[0]?.path).toBe(where);
  });

  it('refuses SPDX of another version, schema-invalid SPDX, other JSON and other XML', async () => {
    const spdx = JSON.parse(fixture('scada-hmi.spdx.json').toString());
    expect((await refusal(JSON.stringify({ ...spdx, spdxVersion: 'SPDX-2.2' }))).message).toContain('SPDX 2.2 is not supported');
    const { dataLicense: _, ...withoutLicense } = spdx;
    expect((await refusal(JSON.stringify(withoutLicense))).details).toContainEqual({ path: '/dataLicense', message: 'required by the schema' });
    expect((await refusal('{"hello":"world"}')).message).toContain('neither a CycloneDX BOM');
    expect((await refusal('<bom xmlns="http://cyclonedx.org/schema/bom/1.3"/>')).message).toContain('CycloneDX 1.3 is not supported');
    expect((await refusal('<project/>')).message).toContain('Not a CycloneDX XML document');
    expect((await refusal('hello')).message).toContain('neither JSON nor XML');
  });

  it('keeps the schema’s uniqueItems rule (checked in linear time): a component listed twice is refused', async () => {
    const bom = JSON.parse(fixture('hbom-gateway.cdx.json').toString());
    // The same object with its keys in another order is still the same item.
    const copy = Object.fromEntries(Object.entries(bom.components[2]).reverse());
    const error = await refusal(JSON.stringify({ ...bom, components: [...bom.components, copy] }));
    expect(error.details).toContainEqual({ path: '/components', message: 'must NOT have duplicate items' });
  });

  it.each(validFixtures)('reads %s streamed in small chunks exactly as given whole', async (name) => {
    const whole = await readSbom(fixture(name));
    for (const size of name.startsWith('vitaal-npm') ? [4093] : [1, 7]) expect(await readSbom(chunked(fixture(name), size))).toEqual(whole);
  });

  it('keeps characters of several bytes that chunks split, in JSON and in XML', async () => {
    const xml = Buffer.from(fixture('hbom-rtu.cdx.xml').toString().replace('<name>lwip</name>', '<name>lwIP – €uro ☃</name>'));
    expect((await readSbom(chunked(xml, 1))).components.map((component) => component.name)).toContain('lwIP – €uro ☃');
    const json = JSON.parse(fixture('hbom-gateway.cdx.json').toString());
    json.components[0].name = 'Ström – 电网';
    expect((await readSbom(chunked(Buffer.from(JSON.stringify(json)), 1))).components.map((component) => component.name)).toContain('Ström – 电网');
  });

  it('reads components and dependencies that come before the format and version', async () => {
    const { components, dependencies, ...head } = JSON.parse(fixture('hbom-gateway.cdx.json').toString());
    const reordered = JSON.stringify({ components, dependencies, ...head });
    expect(reordered.indexOf('"components"')).toBeLessThan(reordered.indexOf('"bomFormat"'));
    expect(await readSbom(reordered)).toEqual(await readSbom(fixture('hbom-gateway.cdx.json')));
  });

  it('refuses a document at its first invalid component, without reading the rest of it', async () => {
    const { components } = JSON.parse(fixture('invalid-schema.cdx.json').toString());
    async function* invalidThenMore(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[${JSON.stringify(components[0])},`);
      throw new Error('read past the refusal');
    }
    const error = await refusal(invalidThenMore());
    expect(error.message).toContain('does not conform to the official CycloneDX 1.6 JSON schema');
    expect(error.details[0]?.path).toBe('/components/0/name');
  });

  it('reads a large document as it streams in, item by item', async () => {
    const count = 20_000;
    async function* generated(): AsyncGenerator<string> {
      yield '{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[';
      for (let i = 0; i < count; i++) yield `${i > 0 ? ',' : ''}{"type":"library","bom-ref":"lib-${i}","name":"lib-${i}","purl":"pkg:npm/lib-${i}@1.0.0"}`;
      yield '],"dependencies":[';
      for (let i = 1; i < count; i++) yield `${i > 1 ? ',' : ''}{"ref":"lib-${i}","dependsOn":["lib-${i - 1}"]}`;
      yield ']}';
    }
    const bom = await readSbom(generated());
    expect(bom.components).toHaveLength(count);
    expect(bom.dependencies).toHaveLength(count - 1);
    expect(bom.dependencies.at(-1)).toEqual({ ref: `lib-${count - 1}`, dependsOn: [`lib-${count - 2}`] });
  });

  it('refuses XML that breaks the official XSD', async () => {
    const xml = fixture('hbom-rtu.cdx.xml').toString().replace('<name>lwip</name>', '<nickname>lwip</nickname>');
    const error = await refusal(xml);
    expect(error.message).toContain('official CycloneDX 1.5 XSD');
    expect(error.details[0]?.message).toMatch(/nickname/);
  });
});
