import { SaxesParser } from 'saxes';
import { maxJsonDepth, nestingTooDeep } from '../../domain/input-limits.ts';
import type { VendorNameRole } from '../../domain/vendor-aliases.ts';
import { kindOfType, refuse, supportedVersions, uniqueRefs, unsupportedVersion, type SbomComponent, type SbomDocument } from './model.ts';
import { validateCycloneDxXml, validateJson } from './schemas.ts';

/** The fields of CycloneDX this ingest reads, in the JSON shape (XML is mapped onto it). */
interface CdxEntity {
  name?: string;
}
interface CdxComponent {
  type?: string;
  'bom-ref'?: string;
  supplier?: CdxEntity;
  manufacturer?: CdxEntity;
  publisher?: string;
  author?: string;
  authors?: CdxEntity[];
  group?: string;
  name?: string;
  version?: string;
  purl?: string;
  cpe?: string;
  components?: CdxComponent[];
}
interface CdxService {
  'bom-ref'?: string;
  provider?: CdxEntity;
  group?: string;
  name?: string;
  version?: string;
  trustZone?: string;
  services?: CdxService[];
}
interface CdxBom {
  bomFormat?: string;
  specVersion?: string;
  serialNumber?: string;
  version?: number;
  metadata?: { component?: CdxComponent; manufacture?: CdxEntity; manufacturer?: CdxEntity; supplier?: CdxEntity };
  components?: CdxComponent[];
  services?: CdxService[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
}

const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim());

/** Maps a schema-valid CycloneDX BOM (of any supported version) to the common model. */
function mapBom(bom: CdxBom, encoding: 'json' | 'xml'): SbomDocument {
  let generated = 0;
  const refOf = (ref: string | undefined) => text(ref) ?? `#${++generated}`;
  const components: SbomComponent[] = [];
  const services: SbomComponent[] = [];

  const component = (source: CdxComponent, parentRef: string | null, root: boolean, extraNames: Partial<Record<VendorNameRole, string>> = {}) => {
    const type = source.type ?? 'library';
    const names: Partial<Record<VendorNameRole, string>> = {};
    const supplier = text(source.supplier?.name) ?? text(extraNames.supplier);
    const manufacturer = text(source.manufacturer?.name) ?? text(extraNames.manufacturer);
    const publisher = text(source.publisher);
    const author = text(source.author) ?? text(source.authors?.find((entity) => text(entity.name))?.name);
    if (supplier) names.supplier = supplier;
    if (manufacturer) names.manufacturer = manufacturer;
    if (publisher) names.publisher = publisher;
    if (author) names.author = author;
    const mapped: SbomComponent = {
      ref: refOf(source['bom-ref']),
      parentRef,
      root,
      type,
      kind: kindOfType(type),
      name: text(source.name) ?? '(unnamed)',
      version: text(source.version),
      group: text(source.group),
      purl: text(source.purl),
      cpe: text(source.cpe),
      names,
      trustZone: null,
    };
    components.push(mapped);
    for (const child of source.components ?? []) component(child, mapped.ref, false);
  };
  const service = (source: CdxService, parentRef: string | null) => {
    const provider = text(source.provider?.name);
    const mapped: SbomComponent = {
      ref: refOf(source['bom-ref']),
      parentRef,
      root: false,
      type: 'service',
      kind: 'service',
      name: text(source.name) ?? '(unnamed)',
      version: text(source.version),
      group: text(source.group),
      purl: null,
      cpe: null,
      names: provider ? { supplier: provider } : {},
      trustZone: text(source.trustZone),
    };
    services.push(mapped);
    for (const child of source.services ?? []) service(child, mapped.ref);
  };

  const metadata = bom.metadata ?? {};
  if (metadata.component)
    component(metadata.component, null, true, { supplier: metadata.supplier?.name, manufacturer: metadata.manufacturer?.name ?? metadata.manufacture?.name });
  for (const child of bom.components ?? []) component(child, null, false);
  for (const child of bom.services ?? []) service(child, null);
  uniqueRefs([...components, ...services]);
  const root = components.find((candidate) => candidate.root);
  return {
    format: 'cyclonedx',
    encoding,
    specVersion: bom.specVersion as string,
    serialNumber: text(bom.serialNumber),
    name: root ? [root.group, root.name].filter(Boolean).join('/') + (root.version ? `@${root.version}` : '') : (text(bom.serialNumber) ?? 'unnamed BOM'),
    version: bom.version ?? null,
    components,
    services,
    dependencies: (bom.dependencies ?? []).map((dependency) => ({ ref: dependency.ref, dependsOn: dependency.dependsOn ?? [] })),
  };
}

/** Reads a CycloneDX JSON document (already parsed): version check, the official schema, then the mapping. */
export function readCycloneDxJson(document: Record<string, unknown>): SbomDocument {
  if (document.bomFormat !== 'CycloneDX') throw refuse('Not a CycloneDX document: bomFormat must be "CycloneDX".', [{ path: '/bomFormat', message: 'must be CycloneDX' }]);
  // typeof, not String(): a hostile object with a `toString` that is not a function makes String() throw.
  const version = typeof document.specVersion === 'string' ? document.specVersion : '';
  if (!(supportedVersions.cyclonedx as readonly string[]).includes(version)) throw unsupportedVersion('CycloneDX', version || '(none)');
  const problems = validateJson('cyclonedx', version, document);
  if (problems.length > 0) throw refuse(`The CycloneDX ${version} document does not conform to the official CycloneDX ${version} JSON schema.`, problems);
  return mapBom(document as CdxBom, 'json');
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * Parses XML into a light element tree. A DOCTYPE is refused outright: CycloneDX needs none, and refusing it rules
 * out entity expansion (XXE, "billion laughs") whatever parser comes after. Elements nested deeper than the JSON
 * limit are refused as well: the mapping below recurses.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let top: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('doctype', () => {
    failure ??= refuse('The XML document has a DOCTYPE declaration; SBOMs with DTDs or entities are refused (no external entities).', [{ path: `line ${parser.line}`, message: 'DOCTYPE not allowed' }]);
  });
  parser.on('error', (error) => {
    failure ??= refuse(`The XML is not well-formed (truncated or damaged): ${error.message}`, [{ path: `line ${parser.line}`, message: error.message }]);
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= maxJsonDepth) {
      failure ??= nestingTooDeep('The XML document', maxJsonDepth);
      throw failure;
    }
    const element: XmlElement = { name: tag.local, attributes: Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.local, attribute.value])), children: [], text: '' };
    if (stack.length === 0) top = element;
    else stack.at(-1)!.children.push(element);
    if (stack.length === 0 && tag.uri) element.attributes['xmlns'] = tag.uri;
    stack.push(element);
  });
  parser.on('text', (value) => {
    if (stack.length > 0) stack.at(-1)!.text += value;
  });
  parser.on('cdata', (value) => {
    if (stack.length > 0) stack.at(-1)!.text += value;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    failure ??= refuse(`The XML is not well-formed (truncated or damaged): ${(error as Error).message}`);
  }
  if (failure) throw failure;
  if (!top) throw refuse('The XML document has no root element.');
  return top;
}

const child = (element: XmlElement | undefined, name: string) => element?.children.find((candidate) => candidate.name === name);
const children = (element: XmlElement | undefined, name: string) => element?.children.filter((candidate) => candidate.name === name) ?? [];
const childText = (element: XmlElement | undefined, name: string) => child(element, name)?.text.trim() || undefined;
const entity = (element: XmlElement | undefined): CdxEntity | undefined => (element ? { name: childText(element, 'name') } : undefined);

function xmlComponent(element: XmlElement): CdxComponent {
  return {
    type: element.attributes.type,
    'bom-ref': element.attributes['bom-ref'],
    supplier: entity(child(element, 'supplier')),
    manufacturer: entity(child(element, 'manufacturer')),
    publisher: childText(element, 'publisher'),
    author: childText(element, 'author'),
    authors: children(child(element, 'authors'), 'author').map(entity) as CdxEntity[],
    group: childText(element, 'group'),
    name: childText(element, 'name'),
    version: childText(element, 'version'),
    purl: childText(element, 'purl'),
    cpe: childText(element, 'cpe'),
    components: children(child(element, 'components'), 'component').map(xmlComponent),
  };
}

function xmlService(element: XmlElement): CdxService {
  return {
    'bom-ref': element.attributes['bom-ref'],
    provider: entity(child(element, 'provider')),
    group: childText(element, 'group'),
    name: childText(element, 'name'),
    version: childText(element, 'version'),
    trustZone: childText(element, 'trustZone'),
    services: children(child(element, 'services'), 'service').map(xmlService),
  };
}

/** In XML, dependencies nest: each `dependency` lists those it depends on as child `dependency` elements. */
function xmlDependencies(element: XmlElement | undefined): { ref: string; dependsOn: string[] }[] {
  return children(element, 'dependency').flatMap((dependency) => [
    { ref: dependency.attributes.ref ?? '', dependsOn: children(dependency, 'dependency').map((inner) => inner.attributes.ref ?? '') },
    ...xmlDependencies(dependency).filter((inner) => inner.dependsOn.length > 0),
  ]);
}

/** Reads a CycloneDX XML document: well-formedness (no DOCTYPE), the version from the namespace, the official XSD, then the mapping. */
export async function readCycloneDxXml(xml: string): Promise<SbomDocument> {
  const root = parseXml(xml);
  const namespace = root.attributes.xmlns ?? '';
  const match = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(namespace);
  if (root.name !== 'bom' || !match) throw refuse('Not a CycloneDX XML document: the root element must be <bom> in a CycloneDX namespace.', [{ path: '/bom', message: `found <${root.name}> in namespace ${namespace || '(none)'}` }]);
  const version = match[1]!;
  if (!(supportedVersions.cyclonedx as readonly string[]).includes(version)) throw unsupportedVersion('CycloneDX', version);
  const problems = await validateCycloneDxXml(version, xml);
  if (problems.length > 0) throw refuse(`The CycloneDX ${version} XML document does not conform to the official CycloneDX ${version} XSD.`, problems);
  const metadata = child(root, 'metadata');
  const metadataComponent = child(metadata, 'component');
  const bom: CdxBom = {
    bomFormat: 'CycloneDX',
    specVersion: version,
    serialNumber: root.attributes.serialNumber,
    version: root.attributes.version === undefined ? undefined : Number(root.attributes.version),
    metadata: {
      component: metadataComponent ? xmlComponent(metadataComponent) : undefined,
      supplier: entity(child(metadata, 'supplier')),
      manufacturer: entity(child(metadata, 'manufacturer')),
      manufacture: entity(child(metadata, 'manufacture')),
    },
    components: children(child(root, 'components'), 'component').map(xmlComponent),
    services: children(child(root, 'services'), 'service').map(xmlService),
    dependencies: xmlDependencies(child(root, 'dependencies')),
  };
  return mapBom(bom, 'xml');
}
