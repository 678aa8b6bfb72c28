import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DateTime } from 'luxon';
import { maxJsonDepth, valueDepth } from '../../domain/input-limits.ts';
import { isStixId, typeOfId } from './ids.ts';
import type { StixBundle, StixIssue, StixObject } from './types.ts';

/** Where the vendored schemas of data/schemas/stix2.1 live, by the `$id` base they declare. */
export const stixSchemaBase = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** The STIX types Vitaal validates (one vendored schema each); any other type in a bundle is refused as unknown. */
export const stixSchemaOfType: Readonly<Record<string, string>> = {
  'marking-definition': 'common/marking-definition.json',
  identity: 'sdos/identity.json',
  incident: 'sdos/incident.json',
  indicator: 'sdos/indicator.json',
  infrastructure: 'sdos/infrastructure.json',
  'intrusion-set': 'sdos/intrusion-set.json',
  note: 'sdos/note.json',
  report: 'sdos/report.json',
  'threat-actor': 'sdos/threat-actor.json',
  vulnerability: 'sdos/vulnerability.json',
  relationship: 'sros/relationship.json',
};

/** Properties holding STIX timestamps (STIX 2.1 §3.2); the schemas check their form, `checkBundle` that they exist on the calendar. */
const timestampProperties = ['created', 'modified', 'published', 'valid_from', 'valid_until', 'first_seen', 'last_seen', 'start_time', 'stop_time'];

// The upstream patterns for types and extension names nest quantifiers (catastrophic backtracking on a long
// non-matching name); these linear equivalents are checked first so that the schema only ever sees matching names.
const safeTypeName = /^[a-z][a-z0-9]*(-[a-z0-9]+)*-?$/;
const safeExtensionName = /^(?:[a-z][a-z0-9]*(?:-[a-z0-9]+)*-ext|extension-definition--[0-9a-fA-F-]{36})$/;

export interface StixValidator {
  /** Problems of one object against its type's schema, or the single problem that its type is unknown. */
  validateObject(object: unknown, index: number): StixIssue[];
}

/** Compiles the vendored STIX 2.1 schemas (draft 2020-12) once. `schemas` are the parsed files of data/schemas/stix2.1. */
export function createStixValidator(schemas: object[]): StixValidator {
  // unicodeRegExp off: upstream patterns such as `\-?$` are not valid under the RegExp `u` flag.
  const ajv = new Ajv2020({ allErrors: true, strict: false, unicodeRegExp: false, schemas });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const [type, file] of Object.entries(stixSchemaOfType)) {
    const validate = ajv.getSchema(stixSchemaBase + file);
    if (!validate) throw new Error(`STIX schema ${file} is missing from data/schemas/stix2.1`);
    validators.set(type, validate);
  }
  return {
    validateObject(object, index) {
      const at = `/objects/${index}`;
      if (!object || typeof object !== 'object' || Array.isArray(object)) return [{ object: `object ${index}`, path: at, message: 'is not a JSON object' }];
      const candidate = object as Partial<StixObject>;
      const name = typeof candidate.id === 'string' ? candidate.id : `object ${index}`;
      const type = typeof candidate.type === 'string' ? candidate.type : undefined;
      const validate = type !== undefined ? validators.get(type) : undefined;
      if (!validate || !type || !safeTypeName.test(type))
        return [{ object: name, path: `${at}/type`, message: `unknown STIX type ${type === undefined ? `(${typeof candidate.type})` : `"${type.slice(0, 80)}"`}; accepted: ${Object.keys(stixSchemaOfType).join(', ')}` }];
      const extensions = candidate.extensions && typeof candidate.extensions === 'object' ? Object.keys(candidate.extensions) : [];
      const badExtension = extensions.find((key) => !safeExtensionName.test(key));
      if (badExtension !== undefined) return [{ object: name, path: `${at}/extensions`, message: `"${badExtension.slice(0, 80)}" is not an extension name` }];
      if (validate(object)) return [];
      return issuesOf(validate.errors ?? [], name, at);
    },
  };
}

/** The innermost, most telling schema errors (Ajv reports each failed branch of oneOf/allOf as well). */
function issuesOf(errors: ErrorObject[], object: string, at: string): StixIssue[] {
  const telling = errors.filter((error) => !['oneOf', 'anyOf', 'allOf', 'if', 'not'].includes(error.keyword) || errors.length === 1);
  const seen = new Set<string>();
  return (telling.length > 0 ? telling : errors).flatMap((error) => {
    const extra = error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : '';
    const path = `${at}${error.instancePath}${extra}`;
    const message = error.keyword === 'required' ? 'required property is missing' : error.keyword === 'additionalProperties' ? 'property not allowed' : (error.message ?? error.keyword);
    const key = `${path} ${message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ object, path, message }];
  });
}

const instantOf = (value: unknown): DateTime | undefined => {
  if (typeof value !== 'string') return undefined;
  const instant = DateTime.fromISO(value, { zone: 'utc' });
  return instant.isValid ? instant : undefined;
};

/** Every id an object refers to: `*_ref`, `*_refs` and granular markings' `marking_ref`, with the path of each. */
export function referencesOf(object: StixObject): { id: string; property: string }[] {
  const refs: { id: string; property: string }[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key.endsWith('_ref') && typeof value === 'string') refs.push({ id: value, property: key });
    if (key.endsWith('_refs') && Array.isArray(value))
      value.forEach((item, index) => {
        if (typeof item === 'string') refs.push({ id: item, property: `${key}/${index}` });
      });
  }
  if (Array.isArray(object.granular_markings))
    object.granular_markings.forEach((marking: { marking_ref?: unknown }, index) => {
      if (typeof marking?.marking_ref === 'string') refs.push({ id: marking.marking_ref, property: `granular_markings/${index}/marking_ref` });
    });
  return refs;
}

export interface BundleCheck {
  validator: StixValidator;
  /** Whether an id outside the bundle is known (stored, one of Vitaal's own objects, or a predefined marking). */
  isKnown(id: string): boolean;
}

/** Parses a bundle for import, or lists every reason to refuse it whole. Checks form, schemas, timestamps and references. */
export function checkBundle(input: unknown, { validator, isKnown }: BundleCheck): { bundle: StixBundle; issues: StixIssue[] } {
  const empty: StixBundle = { type: 'bundle', id: 'bundle--', objects: [] };
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { bundle: empty, issues: [{ object: 'bundle', path: '', message: 'is not a JSON object' }] };
  if (valueDepth(input) > maxJsonDepth) return { bundle: empty, issues: [{ object: 'bundle', path: '', message: `nests deeper than ${maxJsonDepth} levels` }] };
  const raw = input as { type?: unknown; id?: unknown; objects?: unknown };
  const issues: StixIssue[] = [];
  if (raw.type !== 'bundle') issues.push({ object: 'bundle', path: '/type', message: 'must be "bundle"' });
  if (typeof raw.id !== 'string' || !isStixId(raw.id) || typeOfId(raw.id) !== 'bundle') issues.push({ object: 'bundle', path: '/id', message: 'must be bundle--<uuid>' });
  if (raw.objects !== undefined && !Array.isArray(raw.objects)) issues.push({ object: 'bundle', path: '/objects', message: 'must be an array' });
  const objects = Array.isArray(raw.objects) ? (raw.objects as unknown[]) : [];
  if (issues.length > 0) return { bundle: empty, issues };

  objects.forEach((object, index) => issues.push(...validator.validateObject(object, index)));
  if (issues.length > 0) return { bundle: empty, issues };
  const valid = objects as StixObject[];
  const inBundle = new Set(valid.map((object) => object.id));
  valid.forEach((object, index) => {
    const at = `/objects/${index}`;
    for (const property of timestampProperties)
      if (object[property] !== undefined && !instantOf(object[property])) issues.push({ object: object.id, path: `${at}/${property}`, message: `"${String(object[property])}" is not a valid timestamp` });
    const [created, modified] = [instantOf(object.created), instantOf(object.modified)];
    if (created && modified && modified < created) issues.push({ object: object.id, path: `${at}/modified`, message: 'is earlier than created' });
    for (const ref of referencesOf(object))
      if (!inBundle.has(ref.id) && !isKnown(ref.id)) issues.push({ object: object.id, path: `${at}/${ref.property}`, message: `refers to ${ref.id}, which is neither in the bundle nor known here` });
  });
  return { bundle: { type: 'bundle', id: raw.id as string, objects: valid }, issues };
}
