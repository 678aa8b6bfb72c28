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
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(',')}}`
      : JSON.stringify(value);

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
const compiled = new Map<string, ValidateFunction>();

function validator(key: string, schemaFile: () => string): ValidateFunction {
  let validate = compiled.get(key);
  if (validate) return validate;
  if (!ajv) {
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
      error: { message: 'must NOT have duplicate items' },
      validate: (unique: boolean, items: unknown[]) => !unique || new Set(items.map(canonical)).size === items.length,
    });
    ajv.addFormat('idn-email', true);
    ajv.addFormat('iri-reference', true);
  }
  validate = ajv.compile(linearUniqueItems(readJson(schemaFile())) as Record<string, unknown>);
  compiled.set(key, validate);
  return validate;
}

function detailOf(issue: ErrorObject): ErrorDetail {
  if (issue.keyword === 'additionalProperties') return { path: `${issue.instancePath}/${String(issue.params.additionalProperty)}`, message: 'not allowed here by the schema' };
  if (issue.keyword === 'required') return { path: `${issue.instancePath}/${String(issue.params.missingProperty)}`, message: 'required by the schema' };
  if (issue.keyword === 'enum') return { path: issue.instancePath || '/', message: `must be one of ${(issue.params.allowedValues as unknown[]).join(', ')}` };
  return { path: issue.instancePath || '/', message: issue.message ?? issue.keyword };
}

/** Validates a parsed JSON document against the official schema; returns the problems (empty when valid). */
export function validateJson(format: 'cyclonedx' | 'spdx', version: string, document: unknown): ErrorDetail[] {
  const validate =
    format === 'cyclonedx'
      ? validator(`cyclonedx-${version}`, () => path.join(cyclonedxSchemaDir, `bom-${version}.SNAPSHOT.schema.json`))
      : validator(`spdx-${version}`, spdxSchemaFile);
  return validate(document) ? [] : (validate.errors ?? []).map(detailOf);
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
 * build). libxml2 runs in a sandbox without file or network access beyond the schemas given here.
 */
export async function validateCycloneDxXml(version: string, text: string): Promise<ErrorDetail[]> {
  const schemaFile = `bom-${version}.SNAPSHOT.xsd`;
  // WebAssembly pages of 64 KiB: room for the document's tree several times over.
  const pages = Math.min(65536, 512 + Math.ceil((Buffer.byteLength(text) * 12) / 65536));
  const result = await validateXML({
    xml: [{ fileName: 'sbom.xml', contents: text }],
    schema: [{ fileName: schemaFile, contents: xsd(schemaFile) }],
    preload: [{ fileName: 'spdx.SNAPSHOT.xsd', contents: xsd('spdx.SNAPSHOT.xsd') }],
    initialMemoryPages: Math.min(pages, 4096),
    maxMemoryPages: pages,
  });
  if (result.valid) return [];
  return result.errors.map((error) => ({ path: error.loc ? `line ${error.loc.lineNumber}` : '/', message: error.message.replace(/^sbom\.xml:\d+: /, '').trim() }));
}
