import { SaxesParser } from 'saxes';
import { maxJsonDepth, nestingTooDeep } from '../../domain/input-limits.ts';
import type { VendorNameRole } from '../../domain/vendor-aliases.ts';
import { kindOfType, refuse, supportedVersions, uniqueRefs, unsupportedVersion, type SbomComponent, type SbomDocument } from './model.ts';
import { schemaCheckedParts, type SbomJsonParts } from './parts.ts';
import { validateCycloneDxXml } from './schemas.ts';

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

type CdxDependency = { ref: string; dependsOn?: string[] };
/** The parts of a BOM other than its components, services and dependencies. */
interface CdxHead {
  specVersion: string;
  serialNumber?: string;
  version?: number;
  metadata?: { component?: CdxComponent; manufacture?: CdxEntity; manufacturer?: CdxEntity; supplier?: CdxEntity };
}

const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? null : value.trim());

/**
 * Builds the common model from a schema-valid CycloneDX BOM (of any supported version) as its parts arrive: each
 * top-level component, service and dependency as soon as it is read, the head (metadata, serial number) at the end.
 */
function bomModel(encoding: 'json' | 'xml') {
  let generated = 0;
  const refOf = (ref: string | undefined) => text(ref) ?? `#${++generated}`;
  const components: SbomComponent[] = [];
  const services: SbomComponent[] = [];
  const dependencies: { ref: string; dependsOn: string[] }[] = [];

  const addComponent = (into: SbomComponent[], source: CdxComponent, parentRef: string | null, root: boolean, extraNames: Partial<Record<VendorNameRole, string>> = {}) => {
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
    into.push(mapped);
    for (const child of source.components ?? []) addComponent(into, child, mapped.ref, false);
  };
  const addService = (source: CdxService, parentRef: string | null) => {
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
    for (const child of source.services ?? []) addService(child, mapped.ref);
  };

  return {
    component: (source: CdxComponent) => addComponent(components, source, null, false),
    service: (source: CdxService) => addService(source, null),
    dependency: (source: CdxDependency) => dependencies.push({ ref: source.ref, dependsOn: source.dependsOn ?? [] }),
    finish(head: CdxHead): SbomDocument {
      const metadata = head.metadata ?? {};
      // The subject of the BOM comes first, so that it keeps its ref should a component repeat it.
      const subject: SbomComponent[] = [];
      if (metadata.component)
        addComponent(subject, metadata.component, null, true, { supplier: metadata.supplier?.name, manufacturer: metadata.manufacturer?.name ?? metadata.manufacture?.name });
      const all = subject.concat(components);
      uniqueRefs([...all, ...services]);
      const root = subject[0];
      return {
        format: 'cyclonedx',
        encoding,
        specVersion: head.specVersion,
        serialNumber: text(head.serialNumber),
        name: root ? [root.group, root.name].filter(Boolean).join('/') + (root.version ? `@${root.version}` : '') : (text(head.serialNumber) ?? 'unnamed BOM'),
        version: head.version ?? null,
        components: all,
        services,
        dependencies,
      };
    },
  };
}

/** Starts reading a CycloneDX JSON document from its head (`bomFormat`, `specVersion`): refuses other formats and versions at once. */
export function cycloneDxJsonParts(head: Record<string, unknown>): SbomJsonParts {
  if (head.bomFormat !== 'CycloneDX') throw refuse('Not a CycloneDX document: bomFormat must be "CycloneDX".', [{ path: '/bomFormat', message: 'must be CycloneDX' }]);
  // typeof, not String(): a hostile object with a `toString` that is not a function makes String() throw.
  const version = typeof head.specVersion === 'string' ? head.specVersion : '';
  if (!(supportedVersions.cyclonedx as readonly string[]).includes(version)) throw unsupportedVersion('CycloneDX', version || '(none)');
  const model = bomModel('json');
  return schemaCheckedParts('cyclonedx', version, `The CycloneDX ${version} document does not conform to the official CycloneDX ${version} JSON schema.`, {
    item(key, value) {
      if (key === 'components') model.component(value as CdxComponent);
      else if (key === 'services') model.service(value as CdxService);
      else if (key === 'dependencies') model.dependency(value as CdxDependency);
    },
    finish: (rest) => model.finish(rest as unknown as CdxHead),
  });
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** The top-level lists of a BOM whose entries are mapped and dropped as soon as each is read. */
const streamedLists = new Map([
  ['components', 'component'],
  ['services', 'service'],
  ['dependencies', 'dependency'],
]);

/**
 * Reads a CycloneDX XML document as it streams in: well-formedness (a DOCTYPE is refused outright: CycloneDX needs
 * none, and refusing it rules out entity expansion (XXE, "billion laughs") whatever parser comes after), the version
 * from the root's namespace, then the official XSD over the whole text, then the model. Each top-level component,
 * service and dependency is mapped as soon as it is read and its elements dropped; only the rest stays as a tree.
 * Elements nested deeper than the JSON limit are refused: the mapping recurses.
 */
export async function readCycloneDxXml(chunks: AsyncIterable<Uint8Array>): Promise<SbomDocument> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const decoder = new TextDecoder();
  // libxml2 validates the text as a whole, so its bytes are kept; the element tree is not.
  const bytes: Uint8Array[] = [];
  const stack: XmlElement[] = [];
  const model = bomModel('xml');
  let root: XmlElement | undefined;
  let version = '';
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    throw failure;
  };
  parser.on('doctype', () => {
    failure ??= refuse('The XML document has a DOCTYPE declaration; SBOMs with DTDs or entities are refused (no external entities).', [{ path: `line ${parser.line}`, message: 'DOCTYPE not allowed' }]);
  });
  parser.on('error', (error) => {
    failure ??= refuse(`The XML is not well-formed (truncated or damaged): ${error.message}`, [{ path: `line ${parser.line}`, message: error.message }]);
  });
  parser.on('opentag', (tag) => {
    if (failure) throw failure;
    if (stack.length >= maxJsonDepth) fail(nestingTooDeep('The XML document', maxJsonDepth));
    const element: XmlElement = { name: tag.local, attributes: Object.fromEntries(Object.values(tag.attributes).map((attribute) => [attribute.local, attribute.value])), children: [], text: '' };
    if (stack.length === 0) {
      const match = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/.exec(tag.uri);
      if (tag.local !== 'bom' || !match)
        fail(refuse('Not a CycloneDX XML document: the root element must be <bom> in a CycloneDX namespace.', [{ path: '/bom', message: `found <${tag.local}> in namespace ${tag.uri || '(none)'}` }]));
      version = match![1]!;
      if (!(supportedVersions.cyclonedx as readonly string[]).includes(version)) fail(unsupportedVersion('CycloneDX', version));
      root = element;
    } else stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (value) => {
    if (stack.length > 0) stack.at(-1)!.text += value;
  });
  parser.on('cdata', (value) => {
    if (stack.length > 0) stack.at(-1)!.text += value;
  });
  parser.on('closetag', () => {
    const element = stack.pop()!;
    const list = stack.length === 2 ? stack[1]! : undefined;
    if (!list || streamedLists.get(list.name) !== element.name) return;
    list.children.pop();
    if (element.name === 'component') model.component(xmlComponent(element));
    else if (element.name === 'service') model.service(xmlService(element));
    else for (const dependency of xmlDependencies(element)) model.dependency(dependency);
  });
  const write = (textChunk: string) => {
    try {
      parser.write(textChunk);
    } catch (error) {
      failure ??= refuse(`The XML is not well-formed (truncated or damaged): ${(error as Error).message}`);
    }
    if (failure) throw failure;
  };
  for await (const chunk of chunks) {
    bytes.push(chunk);
    write(decoder.decode(chunk, { stream: true }));
  }
  write(decoder.decode());
  try {
    parser.close();
  } catch (error) {
    failure ??= refuse(`The XML is not well-formed (truncated or damaged): ${(error as Error).message}`);
  }
  if (failure) throw failure;
  if (!root) throw refuse('The XML document has no root element.');

  const problems = await validateCycloneDxXml(version, Buffer.concat(bytes));
  if (problems.length > 0) throw refuse(`The CycloneDX ${version} XML document does not conform to the official CycloneDX ${version} XSD.`, problems);
  const metadata = child(root, 'metadata');
  const metadataComponent = child(metadata, 'component');
  return model.finish({
    specVersion: version,
    serialNumber: root.attributes.serialNumber,
    version: root.attributes.version === undefined ? undefined : Number(root.attributes.version),
    metadata: {
      component: metadataComponent ? xmlComponent(metadataComponent) : undefined,
      supplier: entity(child(metadata, 'supplier')),
      manufacturer: entity(child(metadata, 'manufacturer')),
      manufacture: entity(child(metadata, 'manufacture')),
    },
  });
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

/** In XML, dependencies nest: a `dependency` lists those it depends on as child `dependency` elements, which may list theirs. */
function xmlDependencies(dependency: XmlElement): { ref: string; dependsOn: string[] }[] {
  return [
    { ref: dependency.attributes.ref ?? '', dependsOn: children(dependency, 'dependency').map((inner) => inner.attributes.ref ?? '') },
    ...children(dependency, 'dependency')
      .flatMap(xmlDependencies)
      .filter((inner) => inner.dependsOn.length > 0),
  ];
}
