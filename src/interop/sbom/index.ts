import { checkJsonTextDepth } from '../../domain/input-limits.ts';
import { readCycloneDxJson, readCycloneDxXml } from './cyclonedx.ts';
import { refuse, type SbomDocument } from './model.ts';
import { readSpdxJson } from './spdx.ts';

export type { SbomComponent, SbomDocument, ComponentKind } from './model.ts';
export { kindOfType, supportedVersions } from './model.ts';

/**
 * Reads an SBOM file: CycloneDX 1.4–1.7 JSON or XML, SPDX 2.3 JSON, recognised by its content. Every document is
 * checked against its official schema; anything unreadable, truncated, of another format or version, or
 * schema-invalid is refused whole with `sbom-invalid` naming the problems.
 */
export async function readSbom(content: string | Buffer): Promise<SbomDocument> {
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '<') return readCycloneDxXml(text);
  if (start !== '{') throw refuse('The file is neither JSON nor XML; an SBOM must be CycloneDX (JSON or XML) or SPDX 2.3 JSON.');
  checkJsonTextDepth(text, 'The SBOM');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw refuse(`The JSON is not well-formed (truncated or damaged): ${(error as Error).message}`, [{ path: '/', message: (error as Error).message }]);
  }
  const record = document as Record<string, unknown>;
  if ('bomFormat' in record) return readCycloneDxJson(record);
  if ('spdxVersion' in record) return readSpdxJson(record);
  throw refuse('The JSON is neither a CycloneDX BOM (bomFormat) nor an SPDX document (spdxVersion).', [{ path: '/', message: 'no bomFormat or spdxVersion' }]);
}
