import { isTlp, parseTlp, tlpRank, type Tlp } from '../../domain/tlp.ts';
import type { StixObject } from './types.ts';

/** The contents of data/reference/stix-tlp-markings.json: TLP marking-definition ids per id scheme, and Vitaal's defaults. */
export interface TlpMarkingTable {
  schemes: { scheme: string; source: string; markings: Record<string, string>; extensionDefinitionId?: string; created?: string }[];
  misp: { prefix: string };
  unmarked: { label: string };
  export: Record<string, string>;
}

/** The table checked and indexed once: id → label for every scheme, and the OASIS TLP 2.0 ids Vitaal emits. */
export interface TlpMarkings {
  labelOfId: ReadonlyMap<string, Tlp>;
  tlp2: { extensionDefinitionId: string; created: string; idOfLabel: ReadonlyMap<Tlp, string> };
  unmarked: Tlp;
  /** The label of exported register content by STIX type (`identity`, `infrastructure`, `incident`). */
  exportLabel(type: string): Tlp;
}

const asTlp = (value: string, where: string): Tlp => {
  if (!isTlp(value)) throw new Error(`stix-tlp-markings: ${where} is "${value}", not a TLP 2.0 label`);
  return value;
};

/** Indexes the marking table; throws when an id is claimed by two labels or the OASIS TLP 2.0 scheme is incomplete. */
export function indexTlpMarkings(table: TlpMarkingTable): TlpMarkings {
  const labelOfId = new Map<string, Tlp>();
  for (const scheme of table.schemes)
    for (const [id, value] of Object.entries(scheme.markings)) {
      const label = asTlp(value, `${scheme.scheme} ${id}`);
      const known = labelOfId.get(id);
      if (known && known !== label) throw new Error(`stix-tlp-markings: ${id} is ${known} in one scheme and ${label} in ${scheme.scheme}`);
      labelOfId.set(id, label);
    }
  const oasis = table.schemes.find((scheme) => scheme.scheme === 'oasis-tlp-2.0');
  if (!oasis?.extensionDefinitionId || !oasis.created) throw new Error('stix-tlp-markings: the oasis-tlp-2.0 scheme needs extensionDefinitionId and created');
  const idOfLabel = new Map(Object.entries(oasis.markings).map(([id, label]) => [label as Tlp, id]));
  const exportLabels = new Map(Object.entries(table.export).filter(([key]) => key !== 'source' && key !== 'confirmed').map(([type, label]) => [type, asTlp(label, `export.${type}`)]));
  return {
    labelOfId,
    tlp2: { extensionDefinitionId: oasis.extensionDefinitionId, created: oasis.created, idOfLabel },
    unmarked: asTlp(table.unmarked.label, 'unmarked.label'),
    exportLabel: (type) => exportLabels.get(type) ?? asTlp(table.unmarked.label, 'unmarked.label'),
  };
}

/** The more restricted of two labels (a label can be kept or raised, never lowered). */
export const stricterTlp = (a: Tlp, b: Tlp): Tlp => (tlpRank(a) >= tlpRank(b) ? a : b);

/**
 * The label a marking-definition object states by its content, whatever its id: TLP 1.0's `definition_type: tlp`
 * (`definition.tlp: amber`), or the OASIS TLP 2.0 extension (`tlp_2_0: amber+strict`).
 */
export function labelOfMarkingDefinition(marking: StixObject, markings: TlpMarkings): Tlp | undefined {
  if (marking.type !== 'marking-definition') return undefined;
  const known = markings.labelOfId.get(marking.id);
  if (known) return known;
  const definition = marking.definition as { tlp?: unknown } | undefined;
  if (marking.definition_type === 'tlp' && typeof definition?.tlp === 'string') return parseTlp(definition.tlp);
  const extension = (marking.extensions as Record<string, { tlp_2_0?: unknown }> | undefined)?.[markings.tlp2.extensionDefinitionId];
  return typeof extension?.tlp_2_0 === 'string' ? parseTlp(extension.tlp_2_0) : undefined;
}

/**
 * The label of an imported object: the most restricted of its TLP markings in any id scheme (`object_marking_refs`,
 * resolved through the table and the bundle's own marking definitions) and MISP `tlp:` tags in `labels`;
 * `undefined` when it carries none.
 */
export function labelOfObject(object: StixObject, markings: TlpMarkings, bundleMarkings: ReadonlyMap<string, Tlp>): Tlp | undefined {
  const found: Tlp[] = [];
  for (const ref of Array.isArray(object.object_marking_refs) ? object.object_marking_refs : []) {
    const label = typeof ref === 'string' ? (markings.labelOfId.get(ref) ?? bundleMarkings.get(ref)) : undefined;
    if (label) found.push(label);
  }
  for (const tag of Array.isArray(object.labels) ? object.labels : [])
    if (typeof tag === 'string' && tag.toLowerCase().startsWith('tlp:')) {
      const label = parseTlp(tag);
      if (label) found.push(label);
    }
  return found.length === 0 ? undefined : found.reduce(stricterTlp);
}

/** The OASIS TLP 2.0 marking-definition object of a label, as published in cti-stix-common-objects. */
export function tlp2MarkingDefinition(label: Tlp, markings: TlpMarkings): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: markings.tlp2.idOfLabel.get(label)!,
    created: markings.tlp2.created,
    name: label,
    extensions: { [markings.tlp2.extensionDefinitionId]: { extension_type: 'property-extension', tlp_2_0: label.slice('TLP:'.length).toLowerCase() } },
  };
}
