import { schemaCheckedParts, type SbomJsonParts } from './parts.ts';
import { kindOfType, supportedVersions, uniqueRefs, unsupportedVersion, type SbomComponent, type SbomDocument } from './model.ts';

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

type SpdxRelationship = { spdxElementId: string; relatedSpdxElement: string; relationshipType: string };

/** The relations the model uses: containment is nesting (a device contains its firmware), the dependency relations form the graph. */
const usedRelations = (type: string) => type === 'CONTAINS' || type === 'CONTAINED_BY' || type === 'DEPENDS_ON' || type === 'DESCRIBES' || type === 'DESCRIBED_BY' || type.endsWith('DEPENDENCY_OF');

/** Builds the common model from a schema-valid SPDX 2.3 document as its packages and relationships arrive. */
function spdxModel(version: string) {
  const components: SbomComponent[] = [];
  const relationships: SpdxRelationship[] = [];
  const describes: string[] = [];
  return {
    item(key: string, value: unknown) {
      if (key === 'packages') components.push(packageComponent(value as SpdxPackage));
      else if (key === 'documentDescribes') describes.push(value as string);
      else if (key === 'relationships') {
        const { spdxElementId, relatedSpdxElement, relationshipType } = value as SpdxRelationship;
        if (usedRelations(relationshipType)) relationships.push({ spdxElementId, relatedSpdxElement, relationshipType });
      }
    },
    finish(head: Record<string, unknown>): SbomDocument {
      const spdx = head as unknown as SpdxDocument;
      const described = new Set(describes);
      const parentOf = new Map<string, string>();
      const dependsOn = new Map<string, string[]>();
      const addDependency = (from: string, to: string) => {
        const list = dependsOn.get(from);
        if (list) list.push(to);
        else dependsOn.set(from, [to]);
      };
      for (const { spdxElementId: from, relatedSpdxElement: to, relationshipType: type } of relationships) {
        if (type === 'DESCRIBES' && from === spdx.SPDXID) described.add(to);
        else if (type === 'DESCRIBED_BY' && to === spdx.SPDXID) described.add(from);
        else if (type === 'CONTAINS') parentOf.set(to, from);
        else if (type === 'CONTAINED_BY') parentOf.set(from, to);
        else if (type === 'DEPENDS_ON') addDependency(from, to);
        else if (type.endsWith('DEPENDENCY_OF')) addDependency(to, from);
      }
      for (const component of components) {
        component.parentRef = parentOf.get(component.ref) ?? null;
        component.root = described.has(component.ref);
      }
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
    },
  };
}

/** A package as a component; its place in the graph (parent, root) follows from the relationships, at the end. */
function packageComponent(pkg: SpdxPackage): SbomComponent {
  const type = pkg.primaryPackagePurpose?.toLowerCase() ?? 'library';
  const supplier = agentName(pkg.supplier);
  const originator = agentName(pkg.originator);
  return {
    ref: pkg.SPDXID,
    parentRef: null,
    root: false,
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
}

/** Starts reading an SPDX JSON document from its head (`spdxVersion`): refuses other versions at once. */
export function spdxJsonParts(head: Record<string, unknown>): SbomJsonParts {
  const version = (typeof head.spdxVersion === 'string' ? head.spdxVersion : '').replace(/^SPDX-/, '');
  if (!(supportedVersions.spdx as readonly string[]).includes(version)) throw unsupportedVersion('SPDX', version || '(none)');
  return schemaCheckedParts('spdx', version, `The SPDX ${version} document does not conform to the official SPDX ${version} JSON schema.`, spdxModel(version));
}
