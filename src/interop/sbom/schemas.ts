import { hash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { validateXML } from 'xmllint-wasm';
import type { ErrorDetail } from '../../domain/errors.ts';

/**
 * The official schemas: CycloneDX JSON schemas and XSDs as shipped in `@cyclonedx/cyclonedx-library`
 * (res/schema), and the SPDX 2.3 JSON schema vendored in data/schemas/spdx. Compiled once per version, on first use.
 */
const cyclonedxSchemaDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');

function spdxSchemaFile(): string {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', 'schemas', 'spdx', 'spdx-schema-2-3.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error('data/schemas/spdx/spdx-schema-2-3.json not found');
  }
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

/** JSON with object keys sorted, so that two values are deep-equal exactly when their texts are equal. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) text += (i > 0 ? ',' : '') + canonical(value[i]);
    return `${text}]`;
  }
  const keys = Object.keys(value).sort();
  text = '{';
  for (let i = 0; i < keys.length; i++) text += `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:${canonical((value as Record<string, unknown>)[keys[i]!])}`;
  return `${text}}`;
}

/**
 * The schemas' `uniqueItems` (on components, dependencies, …) compares every pair of items: quadratic, minutes
 * for a BOM of 10⁵ components. The same rule is checked here in linear time through canonical JSON, under the
 * keyword `uniqueItemsLinear` that replaces it when a schema is loaded; nothing else of the schema changes.
 */
function linearUniqueItems(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(linearUniqueItems);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => (key === 'uniqueItems' ? ['uniqueItemsLinear', value] : [key, linearUniqueItems(value)])));
}

let ajv: Ajv | undefined;

function sharedAjv(): Ajv {
  if (ajv) return ajv;
  // As the CycloneDX library's own validator: the shared definitions preloaded, no remote schema ever fetched.
  ajv = new Ajv({
    strict: false,
    allErrors: false,
    addUsedSchema: false,
    // Keyed by the URI the BOM schemas' relative `$ref`s resolve to (their own `$id`s lack `.SNAPSHOT`).
    schemas: Object.fromEntries(
      ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json'].map((file) => [
        `http://cyclonedx.org/schema/${file}`,
        linearUniqueItems(readJson(path.join(cyclonedxSchemaDir, file))) as Record<string, unknown>,
      ]),
    ),
    loadSchema: (uri) => Promise.reject(new Error(`remote schemas are disabled: ${uri}`)),
  });
  addFormats.default(ajv);
  ajv.addKeyword({
    keyword: 'uniqueItemsLinear',
    type: 'array',
    schemaType: 'boolean',
    error: { message: duplicateItems },
    validate: (unique: boolean, items: unknown[]) => !unique || new Set(items.map(canonical)).size === items.length,
  });
  ajv.addFormat('idn-email', true);
  ajv.addFormat('iri-reference', true);
  return ajv;
}

const duplicateItems = 'must NOT have duplicate items';

/** The keywords an array may carry for its items to be checked one at a time: none of them looks at the array as a whole but uniqueness, checked apart. */
const itemwiseKeywords = new Set(['type', 'items', 'additionalItems', 'uniqueItemsLinear', 'title', 'description', '$comment']);

interface DocumentSchema {
  whole: ValidateFunction;
  /** Per top-level array member that can be checked item by item: the items' validator, and whether items must be unique. */
  arrays: Map<string, { item: ValidateFunction; unique: boolean }>;
}

const loaded = new Map<string, DocumentSchema>();

function documentSchema(format: 'cyclonedx' | 'spdx', version: string): DocumentSchema {
  const key = `${format}-${version}`;
  let schema = loaded.get(key);
  if (schema) return schema;
  const file = format === 'cyclonedx' ? path.join(cyclonedxSchemaDir, `bom-${version}.SNAPSHOT.schema.json`) : spdxSchemaFile();
  const json = linearUniqueItems(readJson(file)) as { $id: string; properties: Record<string, Record<string, unknown>> };
  const validators = sharedAjv();
  validators.addSchema(json);
  const arrays = new Map<string, { item: ValidateFunction; unique: boolean }>();
  for (const [name, property] of Object.entries(json.properties)) {
    const itemSchema = property.items;
    if (property.type !== 'array' || itemSchema === null || typeof itemSchema !== 'object' || Array.isArray(itemSchema) || !Object.keys(property).every((keyword) => itemwiseKeywords.has(keyword))) continue;
    arrays.set(name, { item: validators.getSchema(`${json.$id}#/properties/${name}/items`)!, unique: property.uniqueItemsLinear === true });
  }
  schema = { whole: validators.getSchema(json.$id)!, arrays };
  loaded.set(key, schema);
  return schema;
}

function detailOf(issue: ErrorObject, at = ''): ErrorDetail {
  const where = `${at}${issue.instancePath}`;
  if (issue.keyword === 'additionalProperties') return { path: `${where}/${String(issue.params.additionalProperty)}`, message: 'not allowed here by the schema' };
  if (issue.keyword === 'required') return { path: `${where}/${String(issue.params.missingProperty)}`, message: 'required by the schema' };
  if (issue.keyword === 'enum') return { path: where || '/', message: `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}` };
  return { path: where || '/', message: issue.message ?? issue.keyword };
}

/**
 * Checks a JSON document against its official schema while it streams in: the items of its large top-level arrays
 * one at a time (with the schema's `uniqueItems` kept through a digest of each item), then the rest of the
 * document with those arrays empty. Together that is exactly the schema's verdict on the whole document.
 */
export interface StreamingValidator {
  /** Whether the items of the top-level array `key` are checked one by one (the others stay in the document). */
  checksItems(key: string): boolean;
  /** The problems of one item (paths within the document); empty when it is valid. */
  item(key: string, index: number, value: unknown): ErrorDetail[];
  /** The problems of the rest of the document, the item-checked arrays given empty. */
  rest(document: Record<string, unknown>): ErrorDetail[];
}

export function streamingValidator(format: 'cyclonedx' | 'spdx', version: string): StreamingValidator {
  const schema = documentSchema(format, version);
  const seen = new Map<string, Map<string, number>>();
  return {
    checksItems: (key) => schema.arrays.has(key),
    item(key, index, value) {
      const array = schema.arrays.get(key)!;
      if (!array.item(value)) return (array.item.errors ?? []).map((issue) => detailOf(issue, `/${key}/${index}`));
      if (!array.unique) return [];
      let digests = seen.get(key);
      if (!digests) seen.set(key, (digests = new Map()));
      const digest = hash('sha256', canonical(value), 'base64');
      const first = digests.get(digest);
      if (first !== undefined) return [{ path: `/${key}`, message: duplicateItems }, { path: `/${key}/${index}`, message: `the same item as /${key}/${first}` }];
      digests.set(digest, index);
      return [];
    },
    rest: (document) => (schema.whole(document) ? [] : (schema.whole.errors ?? []).map((issue) => detailOf(issue))),
  };
}

const xsdCache = new Map<string, string>();
const xsd = (file: string) => {
  let text = xsdCache.get(file);
  if (text === undefined) {
    text = fs.readFileSync(path.join(cyclonedxSchemaDir, file), 'utf8');
    xsdCache.set(file, text);
  }
  return text;
};

/**
 * Validates a CycloneDX XML document against the official XSD with libxml2 compiled to WebAssembly (no native
 * build), with its streaming reader. libxml2 runs in a sandbox without file or network access beyond the schemas given here.
 */
export async function validateCycloneDxXml(version: string, xml: Uint8Array): Promise<ErrorDetail[]> {
  const schemaFile = `bom-${version}.SNAPSHOT.xsd`;
  // libxml2's streaming reader builds no tree: WebAssembly pages (64 KiB) for the file in its sandbox and some room.
  const pages = Math.min(65536, 512 + Math.ceil((xml.byteLength * 2) / 65536));
  const result = await validateXML({
    xml: [{ fileName: 'sbom.xml', contents: xml }],
    stream: true,
    schema: [{ fileName: schemaFile, contents: xsd(schemaFile) }],
    preload: [{ fileName: 'spdx.SNAPSHOT.xsd', contents: xsd('spdx.SNAPSHOT.xsd') }],
    initialMemoryPages: Math.min(pages, 4096),
    maxMemoryPages: pages,
  });
  if (result.valid) return [];
  return result.errors.map((error) => ({ path: error.loc ? `line ${error.loc.lineNumber}` : '/', message: error.message.replace(/^sbom\.xml:\d+: /, '').trim() }));
}
