import { byteChunks } from '../chunks.ts';
import { beforeFirstCharacter, readJsonObjectStream } from '../json-stream.ts';
import { cycloneDxJsonParts, readCycloneDxXml } from './cyclonedx.ts';
import { refuse, type SbomDocument } from './model.ts';
import type { SbomJsonParts } from './parts.ts';
import { spdxJsonParts } from './spdx.ts';

export type { SbomComponent, SbomDocument, ComponentKind } from './model.ts';
export { kindOfType, supportedVersions } from './model.ts';

/** An SBOM as text, as bytes, or as a stream of either (a file or an upload being read). */
export type SbomSource = string | Uint8Array | AsyncIterable<Uint8Array | string>;

/** The stream again from its first chunk: the chunks already read to find its first character, then the rest. */
async function* replay(read: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* read;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/**
 * Reads an SBOM: CycloneDX 1.4–1.7 JSON or XML, SPDX 2.3 JSON, recognised by its first character. The document is
 * read as it streams in and never held whole as a tree: each component, service, package or relationship is checked
 * against the official schema and mapped as soon as it is complete. Anything unreadable, truncated, of another
 * format or version, or schema-invalid is refused whole with `sbom-invalid` naming the problems, at the first problem.
 */
export async function readSbom(source: SbomSource): Promise<SbomDocument> {
  const chunks = byteChunks(source)[Symbol.asyncIterator]();
  const read: Uint8Array[] = [];
  let first: number | undefined;
  let position = 0;
  while (first === undefined) {
    const next = await chunks.next();
    if (next.done) break;
    read.push(next.value);
    for (const byte of next.value) {
      if (!beforeFirstCharacter(byte, position++)) {
        first = byte;
        break;
      }
    }
  }
  const stream = replay(read, chunks);
  if (first === 0x3c) return readCycloneDxXml(stream);
  if (first === 0x7b) return readJsonSbom(stream);
  throw refuse('The file is neither JSON nor XML; an SBOM must be CycloneDX (JSON or XML) or SPDX 2.3 JSON.');
}

/**
 * The reader of a JSON SBOM's parts, once its head shows the format (and, for CycloneDX, the version); at the end
 * of the document (`complete`) it must show them, and a document without either is refused.
 */
function partsFor(head: Record<string, unknown>, complete: boolean): SbomJsonParts | undefined {
  if ('bomFormat' in head && (complete || head.bomFormat !== 'CycloneDX' || 'specVersion' in head)) return cycloneDxJsonParts(head);
  if ('spdxVersion' in head) return spdxJsonParts(head);
  if (complete) throw refuse('The JSON is neither a CycloneDX BOM (bomFormat) nor an SPDX document (spdxVersion).', [{ path: '/', message: 'no bomFormat or spdxVersion' }]);
  return undefined;
}

async function readJsonSbom(chunks: AsyncIterable<Uint8Array>): Promise<SbomDocument> {
  // Without a prototype, a member named `__proto__` is a member like any other, as in JSON.parse.
  const head: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  // Items of arrays the schema checks as a whole; and items read before the head showed the format.
  const kept = new Map<string, unknown[]>();
  const early: [string, number, unknown][] = [];
  let parts: SbomJsonParts | undefined;
  const take = (reader: SbomJsonParts, key: string, index: number, value: unknown) => {
    if (reader.takesItems(key)) return reader.item(key, index, value);
    const items = kept.get(key);
    if (items) items.push(value);
    else kept.set(key, [value]);
  };
  const start = (complete: boolean) => {
    parts = partsFor(head, complete);
    if (parts) for (const [key, index, value] of early.splice(0)) take(parts, key, index, value);
  };
  await readJsonObjectStream(
    chunks,
    {
      member(key, value) {
        head[key] = value;
        if (!parts) start(false);
      },
      item(key, index, value) {
        if (parts) take(parts, key, index, value);
        else early.push([key, index, value]);
      },
    },
    { what: 'The SBOM', malformed: (message) => refuse(`The JSON is not well-formed (truncated or damaged): ${message}`, [{ path: '/', message }]) },
  );
  if (!parts) start(true);
  for (const [key, items] of kept) head[key] = items;
  return parts!.finish(head);
}
