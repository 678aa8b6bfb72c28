import type { ErrorDetail } from '../../domain/errors.ts';
import { invalid } from '../../domain/errors.ts';
import type { VendorNameRole } from '../../domain/vendor-aliases.ts';

/** What a component is for the supply chain: the product kinds of the register. */
export type ComponentKind = 'hardware' | 'firmware' | 'software' | 'service';

/** One component or service of an SBOM, in one shape for CycloneDX (JSON, XML) and SPDX. */
export interface SbomComponent {
  /** The bom-ref or SPDXID; generated (`#n`) when the document gives none. */
  ref: string;
  /** The component this one is nested in (CycloneDX `components`, SPDX CONTAINS); null at top level. */
  parentRef: string | null;
  /** The subject of the BOM (CycloneDX `metadata.component`, SPDX `documentDescribes`). */
  root: boolean;
  /** The type as the format gives it (`device`, `firmware`, `library`, `service`, SPDX purpose lower-cased). */
  type: string;
  kind: ComponentKind;
  name: string;
  version: string | null;
  group: string | null;
  purl: string | null;
  cpe: string | null;
  /** The names of the parties, by role; the vendor is resolved from them in the order of `vendorNameRoles`. */
  names: Partial<Record<VendorNameRole, string>>;
  /** Services: the trust zone (CycloneDX 1.5+). */
  trustZone: string | null;
}

export interface SbomDocument {
  format: 'cyclonedx' | 'spdx';
  encoding: 'json' | 'xml';
  specVersion: string;
  /** CycloneDX serialNumber or SPDX documentNamespace: what identifies the same BOM across versions. */
  serialNumber: string | null;
  name: string;
  /** CycloneDX `version` of the BOM; null for SPDX. */
  version: number | null;
  components: SbomComponent[];
  services: SbomComponent[];
  /** The dependency graph: `ref` depends on each of `dependsOn`. */
  dependencies: { ref: string; dependsOn: string[] }[];
}

/** CycloneDX component types (and SPDX purposes) that are hardware or firmware; everything else is software. */
export function kindOfType(type: string): ComponentKind {
  const lower = type.toLowerCase();
  if (lower === 'device') return 'hardware';
  if (lower === 'firmware') return 'firmware';
  if (lower === 'service') return 'service';
  return 'software';
}

export const supportedVersions = { cyclonedx: ['1.4', '1.5', '1.6', '1.7'], spdx: ['2.3'] } as const;

/** Refuses the whole document. */
export const refuse = (message: string, details: ErrorDetail[] = []) => invalid('sbom-invalid', message, details.slice(0, 50));

export const unsupportedVersion = (format: string, version: string) =>
  refuse(`${format} ${version} is not supported; Vitaal reads CycloneDX ${supportedVersions.cyclonedx.join(', ')} (JSON and XML) and SPDX ${supportedVersions.spdx.join(', ')} (JSON).`, [
    { path: format === 'SPDX' ? '/spdxVersion' : '/specVersion', message: `unsupported version ${version}` },
  ]);

/** Makes refs unique: generators reuse a bom-ref now and then, and a graph needs one node per ref. */
export function uniqueRefs(components: SbomComponent[]): void {
  const seen = new Set<string>();
  for (const component of components) {
    let ref = component.ref;
    for (let n = 2; seen.has(ref); n++) ref = `${component.ref}#${n}`;
    component.ref = ref;
    seen.add(ref);
  }
}
