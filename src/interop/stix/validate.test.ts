import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { advisoryObject, assetInfrastructure, buildBundle, incidentObject, organisationIdentity, relationship, vendorIdentity } from './build.ts';
import { loadStixReference } from './schema-files.ts';
import { labelOfMarkingDefinition, labelOfObject, type TlpMarkings } from './tlp-markings.ts';
import type { StixObject } from './types.ts';
import { checkBundle, type StixValidator } from './validate.ts';

let validator: StixValidator;
let markings: TlpMarkings;
// The package's data folder (src/config.ts knows it too; interop may not import it).
beforeAll(() => ({ validator, markings } = loadStixReference(path.resolve(import.meta.dirname, '../../../data'))));

const at = new Date('2026-03-01T10:00:00Z');
const threatActor = (id = 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', extra: Record<string, unknown> = {}): StixObject => ({
  type: 'threat-actor',
  spec_version: '2.1',
  id,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-02T00:00:00.000Z',
  name: 'Sandworm',
  ...extra,
});
const bundleOf = (...objects: unknown[]) => ({ type: 'bundle', id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d', objects });
const check = (input: unknown, known: string[] = []) => checkBundle(input, { validator, isKnown: (id) => known.includes(id) || markings.labelOfId.has(id) });

describe('STIX 2.1 bundles against the official schemas', () => {
  it('accepts a valid bundle with a relationship inside it', () => {
    const actor = threatActor();
    const vulnerability = { type: 'vulnerability', spec_version: '2.1', id: 'vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'CVE-2026-0001', external_references: [{ source_name: 'cve', external_id: 'CVE-2026-0001' }] };
    const uses = { type: 'relationship', spec_version: '2.1', id: 'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', relationship_type: 'targets', source_ref: actor.id, target_ref: vulnerability.id };
    expect(check(bundleOf(actor, vulnerability, uses)).issues).toEqual([]);
  });

  it.each([
    ['a timestamp that is not one', threatActor(undefined, { modified: '2026-02-30T00:00:00.000Z' }), '/objects/0/modified', /not a valid timestamp/],
    ['a timestamp without milliseconds', threatActor(undefined, { created: '2026-01-01T00:00:00Z' }), '/objects/0/created', /pattern/],
    ['modified before created', threatActor(undefined, { modified: '2025-01-01T00:00:00.000Z' }), '/objects/0/modified', /earlier than created/],
    ['an unknown type', { ...threatActor(), type: 'threat-actr', id: 'threat-actr--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, '/objects/0/type', /unknown STIX type "threat-actr"/],
    ['a missing required property', { ...threatActor(), name: undefined }, '/objects/0/name', /required/],
    ['a reference to nothing', threatActor(undefined, { created_by_ref: 'identity--f8f2b5a4-5e4c-4f63-8d38-2b1a4a5e1d11' }), '/objects/0/created_by_ref', /neither in the bundle nor known/],
    ['a pathological extension name', threatActor(undefined, { extensions: { [`${'a'.repeat(60)}!`]: { extension_type: 'property-extension' } } }), '/objects/0/extensions', /not an extension name/],
  ])('refuses %s, naming the object and the path', (_name, object, path, message) => {
    const { issues } = check(bundleOf(JSON.parse(JSON.stringify(object))));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path).toBe(path);
    expect(issues[0]!.message).toMatch(message);
    expect(issues[0]!.object).toMatch(/^threat-act/);
  });

  it('accepts a reference to an object known here', () => {
    const ref = 'identity--f8f2b5a4-5e4c-4f63-8d38-2b1a4a5e1d11';
    expect(check(bundleOf(threatActor(undefined, { created_by_ref: ref })), [ref]).issues).toEqual([]);
  });

  it('refuses a malformed envelope', () => {
    expect(check({ type: 'bundle', objects: [] }).issues).toEqual([{ object: 'bundle', path: '/id', message: 'must be bundle--<uuid>' }]);
    expect(check([]).issues[0]!.message).toBe('is not a JSON object');
  });
});

describe('TLP in every id scheme', () => {
  it.each([
    ['STIX TLP 1.0 id', { object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'] }, 'TLP:AMBER'],
    ['OASIS TLP 2.0 id', { object_marking_refs: ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'] }, 'TLP:AMBER+STRICT'],
    ['OpenCTI id', { object_marking_refs: ['marking-definition--826578e1-40ad-459f-bc73-ede076f81f37'] }, 'TLP:AMBER+STRICT'],
    ['TLP 1.0 WHITE', { object_marking_refs: ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'] }, 'TLP:CLEAR'],
    ['MISP tag', { labels: ['misp:tool="MISP-STIX-Converter"', 'tlp:red'] }, 'TLP:RED'],
    ['the stricter of two', { labels: ['tlp:green'], object_marking_refs: ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'] }, 'TLP:AMBER'],
  ])('reads a %s', (_name, properties, label) => {
    expect(labelOfObject(threatActor(undefined, properties), markings, new Map())).toBe(label);
  });

  it('reads a TLP marking defined in the bundle under an id of its own, by its content', () => {
    const custom = { type: 'marking-definition', spec_version: '2.1', id: 'marking-definition--11111111-2222-4333-8444-555555555555', created: '2022-10-01T00:00:00.000Z', extensions: { [markings.tlp2.extensionDefinitionId]: { extension_type: 'property-extension', tlp_2_0: 'amber+strict' } } };
    expect(labelOfMarkingDefinition(custom, markings)).toBe('TLP:AMBER+STRICT');
    expect(labelOfObject(threatActor(undefined, {}), markings, new Map())).toBeUndefined();
  });
});

describe('bundles built by Vitaal', () => {
  it('validate against the schemas and carry the OASIS TLP 2.0 markings', () => {
    const organisation = organisationIdentity({ id: '6a1d6f0e-1b7e-4f7a-9a53-0f4c3e4d2b10', name: 'Netbeheer Noord', kind: 'provider', createdAt: at, updatedAt: at }, markings);
    const asset = assetInfrastructure({ id: '1d0c2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', name: 'Schakelstation', kind: 'site', providerId: '6a1d6f0e-1b7e-4f7a-9a53-0f4c3e4d2b10', createdAt: at, updatedAt: at }, markings);
    const vendor = vendorIdentity({ id: '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901', name: 'Relais BV', country: 'NL', createdAt: at, updatedAt: at }, markings);
    const advisories = (['advisory', 'threat-information', 'sector-notice', 'request-for-information'] as const).map((kind, index) =>
      advisoryObject({ id: `3c4d5e6f-7081-4293-a4b5-c6d7e8f9011${index}`, kind, threatDomain: kind === 'threat-information' ? 'physical' : null, tlp: 'TLP:AMBER+STRICT', title: 'T', body: 'B', authorOrgId: '6a1d6f0e-1b7e-4f7a-9a53-0f4c3e4d2b10', forwardedFromId: null, createdAt: at, updatedAt: at }, markings),
    );
    const incident = incidentObject({ id: '4d5e6f70-8192-43a4-b5c6-d7e8f9012345', title: 'Storing', description: '', organisationId: '6a1d6f0e-1b7e-4f7a-9a53-0f4c3e4d2b10', createdAt: at, updatedAt: at }, markings);
    const operated = relationship(asset, 'related-to', organisation, markings);
    const bundle = buildBundle([organisation, asset, vendor, ...advisories, incident, operated].map((item) => item.object), markings);
    const { issues } = check(JSON.parse(JSON.stringify(bundle)), [organisation.object.id]);
    expect(issues).toEqual([]);
    const markingIds = bundle.objects.filter((object) => object.type === 'marking-definition').map((object) => object.id);
    expect(markingIds.sort()).toEqual(['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb'].sort());
    expect(advisories.map((item) => item.object.type)).toEqual(['report', 'report', 'note', 'note']);
    expect(operated.tlp).toBe('TLP:AMBER+STRICT');
  });
});
