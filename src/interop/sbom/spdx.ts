import { kindOfType, refuse, supportedVersions, uniqueRefs, unsupportedVersion, type SbomComponent, type SbomDocument } from './model.ts';
import { validateJson } from './schemas.ts';

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  supplier?: string;
  originator?: string;
  primaryPackagePurpose?: string;
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
}
interface SpdxDocument {
  spdxVersion: string;
  SPDXID: string;
  name: string;
  documentNamespace?: string;
  documentDescribes?: string[];
  packages?: SpdxPackage[];
  relationships?: { spdxElementId: string; relatedSpdxElement: string; relationshipType: string }[];
}

/** `Organization: ACME (mail@acme)` → `ACME`; NOASSERTION → undefined. */
const agentName = (agent: string | undefined) => {
  const name = agent
    ?.replace(/^\s*(Organization|Person|Tool)\s*:\s*/i, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .trim();
  return name && name !== 'NOASSERTION' && name !== 'NONE' ? name : undefined;
};

const externalRef = (pkg: SpdxPackage, types: string[]) => pkg.externalRefs?.find((ref) => types.includes(ref.referenceType))?.referenceLocator ?? null;

/** Reads an SPDX 2.3 JSON document (already parsed): version check, the official schema, then the mapping. */
export function readSpdxJson(document: Record<string, unknown>): SbomDocument {
  const version = (typeof document.spdxVersion === 'string' ? document.spdxVersion : '').replace(/^SPDX-/, '');
  if (!(supportedVersions.spdx as readonly string[]).includes(version)) throw unsupportedVersion('SPDX', version || '(none)');
  const problems = validateJson('spdx', version, document);
  if (problems.length > 0) throw refuse(`The SPDX ${version} document does not conform to the official SPDX ${version} JSON schema.`, problems);
  const spdx = document as unknown as SpdxDocument;

  const relationships = spdx.relationships ?? [];
  const described = new Set([
    ...(spdx.documentDescribes ?? []),
    ...relationships.filter((relation) => relation.relationshipType === 'DESCRIBES' && relation.spdxElementId === spdx.SPDXID).map((relation) => relation.relatedSpdxElement),
    ...relationships.filter((relation) => relation.relationshipType === 'DESCRIBED_BY' && relation.relatedSpdxElement === spdx.SPDXID).map((relation) => relation.spdxElementId),
  ]);
  // Containment is nesting (a device contains its firmware); the dependency relations form the graph.
  const parentOf = new Map<string, string>();
  const dependsOn = new Map<string, string[]>();
  const addDependency = (from: string, to: string) => {
    const list = dependsOn.get(from);
    if (list) list.push(to);
    else dependsOn.set(from, [to]);
  };
  for (const { spdxElementId: from, relatedSpdxElement: to, relationshipType: type } of relationships) {
    if (type === 'CONTAINS') parentOf.set(to, from);
    else if (type === 'CONTAINED_BY') parentOf.set(from, to);
    else if (type === 'DEPENDS_ON') addDependency(from, to);
    else if (type.endsWith('DEPENDENCY_OF')) addDependency(to, from);
  }

  const components: SbomComponent[] = (spdx.packages ?? []).map((pkg) => {
    const type = pkg.primaryPackagePurpose?.toLowerCase() ?? 'library';
    const supplier = agentName(pkg.supplier);
    const originator = agentName(pkg.originator);
    return {
      ref: pkg.SPDXID,
      parentRef: parentOf.get(pkg.SPDXID) ?? null,
      root: described.has(pkg.SPDXID),
      type,
      kind: kindOfType(type),
      name: pkg.name,
      version: pkg.versionInfo ?? null,
      group: null,
      purl: externalRef(pkg, ['purl']),
      cpe: externalRef(pkg, ['cpe23Type', 'cpe22Type']),
      // The originator made the package; the supplier delivered it.
      names: { ...(supplier ? { supplier } : {}), ...(originator ? { manufacturer: originator } : {}) },
      trustZone: null,
    };
  });
  uniqueRefs(components);
  const refs = new Set(components.map((component) => component.ref));
  for (const component of components) if (component.parentRef && !refs.has(component.parentRef)) component.parentRef = null;
  return {
    format: 'spdx',
    encoding: 'json',
    specVersion: version,
    serialNumber: spdx.documentNamespace ?? null,
    name: spdx.name,
    version: null,
    components,
    services: [],
    dependencies: [...dependsOn].map(([ref, targets]) => ({ ref, dependsOn: targets })),
  };
}
