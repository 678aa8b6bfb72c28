import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { invalid, type ErrorDetail } from '../domain/errors.ts';
import { checkValueDepth } from '../domain/input-limits.ts';

/**
 * OSCAL 1.1 catalog JSON (https://pages.nist.gov/OSCAL/) for control catalogues: the NIS2 art. 21 and CER art. 13
 * measures shipped in data/reference/catalogues and any catalogue an administrator imports (the Dutch BIO, …).
 *
 * The official oscal_catalog_schema.json of the OSCAL 1.1.x releases could not be vendored (see
 * data/schemas/oscal/README.md); this schema is a faithful subset of it: catalog, metadata, group, control, part,
 * property and link follow the official definitions field for field (required fields, token and UUID patterns,
 * no unknown fields); parameters, back matter, roles, parties and responsible parties are accepted as the objects
 * the official schema allows but not checked deeper, and are kept as they are on export.
 */
const token = { type: 'string', pattern: '^(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*$' };
const uuid = { type: 'string', pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$' };
const dateTimeWithZone = { type: 'string', format: 'date-time', pattern: '(Z|[+-][0-9]{2}:[0-9]{2})$' };
const text = { type: 'string', minLength: 1 };
const arrayOf = (items: object) => ({ type: 'array', minItems: 1, items });
const looseObjects = arrayOf({ type: 'object' });

export const oscalCatalogSchema = {
  $id: 'https://vitaal.local/schemas/oscal-catalog-subset.json',
  type: 'object',
  required: ['catalog'],
  additionalProperties: false,
  properties: { $schema: { type: 'string' }, catalog: { $ref: '#/definitions/catalog' } },
  definitions: {
    property: {
      type: 'object',
      required: ['name', 'value'],
      additionalProperties: false,
      properties: { name: token, uuid, ns: { type: 'string', format: 'uri' }, value: { type: 'string', pattern: '^\\S(.*\\S)?$' }, class: token, group: token, remarks: { type: 'string' } },
    },
    link: {
      type: 'object',
      required: ['href'],
      additionalProperties: false,
      properties: { href: { type: 'string', format: 'uri-reference' }, rel: token, 'media-type': text, 'resource-fragment': text, text: { type: 'string' } },
    },
    part: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        id: token,
        name: token,
        ns: { type: 'string', format: 'uri' },
        class: token,
        title: { type: 'string' },
        props: arrayOf({ $ref: '#/definitions/property' }),
        prose: { type: 'string' },
        parts: arrayOf({ $ref: '#/definitions/part' }),
        links: arrayOf({ $ref: '#/definitions/link' }),
      },
    },
    control: {
      type: 'object',
      required: ['id', 'title'],
      additionalProperties: false,
      properties: {
        id: token,
        class: token,
        title: { type: 'string' },
        params: looseObjects,
        props: arrayOf({ $ref: '#/definitions/property' }),
        links: arrayOf({ $ref: '#/definitions/link' }),
        parts: arrayOf({ $ref: '#/definitions/part' }),
        controls: arrayOf({ $ref: '#/definitions/control' }),
      },
    },
    group: {
      type: 'object',
      required: ['title'],
      additionalProperties: false,
      properties: {
        id: token,
        class: token,
        title: { type: 'string' },
        params: looseObjects,
        props: arrayOf({ $ref: '#/definitions/property' }),
        links: arrayOf({ $ref: '#/definitions/link' }),
        parts: arrayOf({ $ref: '#/definitions/part' }),
        groups: arrayOf({ $ref: '#/definitions/group' }),
        controls: arrayOf({ $ref: '#/definitions/control' }),
      },
    },
    metadata: {
      type: 'object',
      required: ['title', 'last-modified', 'version', 'oscal-version'],
      additionalProperties: false,
      properties: {
        title: text,
        published: dateTimeWithZone,
        'last-modified': dateTimeWithZone,
        version: text,
        'oscal-version': { type: 'string', pattern: '^1\\.1\\.[0-9]+$' },
        revisions: looseObjects,
        'document-ids': looseObjects,
        props: arrayOf({ $ref: '#/definitions/property' }),
        links: arrayOf({ $ref: '#/definitions/link' }),
        roles: looseObjects,
        locations: looseObjects,
        parties: looseObjects,
        'responsible-parties': looseObjects,
        actions: looseObjects,
        remarks: { type: 'string' },
      },
    },
    catalog: {
      type: 'object',
      required: ['uuid', 'metadata'],
      additionalProperties: false,
      properties: {
        uuid,
        metadata: { $ref: '#/definitions/metadata' },
        params: looseObjects,
        controls: arrayOf({ $ref: '#/definitions/control' }),
        groups: arrayOf({ $ref: '#/definitions/group' }),
        'back-matter': { type: 'object' },
      },
    },
  },
} as const;

export interface OscalPart {
  id?: string;
  name: string;
  title?: string;
  prose?: string;
  parts?: OscalPart[];
  props?: { name: string; value: string }[];
}
export interface OscalControl {
  id: string;
  title: string;
  props?: { name: string; value: string }[];
  parts?: OscalPart[];
  controls?: OscalControl[];
}
export interface OscalGroup {
  id?: string;
  title: string;
  groups?: OscalGroup[];
  controls?: OscalControl[];
}
export interface OscalCatalogDocument {
  catalog: {
    uuid: string;
    metadata: { title: string; version: string; 'oscal-version': string; 'last-modified': string; remarks?: string };
    controls?: OscalControl[];
    groups?: OscalGroup[];
  };
}

const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true });
addFormats.default(ajv);
const validate = ajv.compile<OscalCatalogDocument>(oscalCatalogSchema);

function detailOf(issue: ErrorObject): ErrorDetail {
  if (issue.keyword === 'additionalProperties') return { path: `${issue.instancePath}/${String(issue.params.additionalProperty)}`, message: 'not a field of an OSCAL catalog here' };
  if (issue.keyword === 'required') return { path: `${issue.instancePath}/${String(issue.params.missingProperty)}`, message: 'required field is missing' };
  return { path: issue.instancePath || '/', message: issue.message ?? issue.keyword };
}

/** One control of a catalogue, flattened out of its groups (nested control enhancements included). */
export interface CatalogueControl {
  id: string;
  title: string;
  /** The `label` property, e.g. `NIS2 art. 21(2)(a)`; the id when absent. */
  label: string;
  group: string | null;
  statement: string | null;
  guidance: string | null;
}

const proseOf = (parts: OscalPart[] | undefined, name: string): string | null => {
  const found = parts?.find((part) => part.name === name);
  if (!found) return null;
  const own = found.prose ? [found.prose] : [];
  const nested = (found.parts ?? []).map((part) => [part.title, part.prose].filter(Boolean).join(': '));
  return [...own, ...nested].filter(Boolean).join('\n') || null;
};

/** Every control in document order, with the JSON path it was found at (for error messages). */
function walk(document: OscalCatalogDocument): { control: CatalogueControl; path: string }[] {
  const found: { control: CatalogueControl; path: string }[] = [];
  const visitControl = (control: OscalControl, path: string, group: string | null) => {
    found.push({
      path,
      control: {
        id: control.id,
        title: control.title,
        label: control.props?.find((prop) => prop.name === 'label')?.value ?? control.id,
        group,
        statement: proseOf(control.parts, 'statement'),
        guidance: proseOf(control.parts, 'guidance'),
      },
    });
    (control.controls ?? []).forEach((child, index) => visitControl(child, `${path}/controls/${index}`, group));
  };
  const visitGroup = (group: OscalGroup, path: string) => {
    (group.controls ?? []).forEach((control, index) => visitControl(control, `${path}/controls/${index}`, group.title));
    (group.groups ?? []).forEach((child, index) => visitGroup(child, `${path}/groups/${index}`));
  };
  (document.catalog.controls ?? []).forEach((control, index) => visitControl(control, `/catalog/controls/${index}`, null));
  (document.catalog.groups ?? []).forEach((group, index) => visitGroup(group, `/catalog/groups/${index}`));
  return found;
}

/**
 * Checks an OSCAL catalog document: the schema, then that it holds at least one control and that control ids are
 * unique. Throws `oscal-invalid` naming every offending JSON path; returns the document and its controls.
 */
export function parseOscalCatalog(document: unknown, source = 'the catalogue'): { document: OscalCatalogDocument; controls: CatalogueControl[] } {
  checkValueDepth(document, source);
  if (!validate(document)) {
    const details = (validate.errors ?? []).map(detailOf);
    throw invalid('oscal-invalid', `${source} is not a valid OSCAL 1.1 catalog: ${details.slice(0, 5).map((d) => `${d.path} ${d.message}`).join('; ')}${details.length > 5 ? ` (and ${details.length - 5} more)` : ''}.`, details);
  }
  const walked = walk(document);
  if (walked.length === 0) throw invalid('oscal-invalid', `${source} has no controls.`, [{ path: '/catalog', message: 'holds no controls' }]);
  const seen = new Set<string>();
  const duplicates = walked.filter(({ control }) => (seen.has(control.id) ? true : (seen.add(control.id), false)));
  if (duplicates.length)
    throw invalid(
      'oscal-invalid',
      `${source} repeats control ids: ${duplicates.map(({ control, path }) => `${path}/id "${control.id}"`).join('; ')}.`,
      duplicates.map(({ control, path }) => ({ path: `${path}/id`, message: `control id "${control.id}" is used twice` })),
    );
  return { document, controls: walked.map(({ control }) => control) };
}
