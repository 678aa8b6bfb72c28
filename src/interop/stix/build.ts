import type { Tlp } from '../../domain/tlp.ts';
import { newBundleId, stixIdOf } from './ids.ts';
import { tlp2MarkingDefinition, stricterTlp, type TlpMarkings } from './tlp-markings.ts';
import type { StixBundle, StixObject } from './types.ts';

/** STIX timestamps are UTC with millisecond precision (STIX 2.1 §3.2; created and modified "MUST be precise to the nearest millisecond"). */
export const stixTimestamp = (instant: Date | string): string => new Date(instant).toISOString();

/** A Vitaal object on its way out, with the label it carries; `tlp` decides its marking and its TAXII collection. */
export interface Labelled {
  object: StixObject;
  tlp: Tlp;
  /** When it was added or last changed here: TAXII's date_added. */
  addedAt: Date;
}

const common = (type: string, recordId: string, created: Date, modified: Date, tlp: Tlp, markings: TlpMarkings) => ({
  type,
  spec_version: '2.1',
  id: stixIdOf(type, recordId),
  created: stixTimestamp(created),
  modified: stixTimestamp(modified < created ? created : modified),
  object_marking_refs: [markings.tlp2.idOfLabel.get(tlp)!],
});

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An organisation (a provider, ministry, CSIRT, …) as an `identity` of class organization. */
export function organisationIdentity(organisation: OrganisationRecord, markings: TlpMarkings): Labelled {
  const tlp = markings.exportLabel('identity');
  return {
    tlp,
    addedAt: organisation.updatedAt,
    object: { ...common('identity', organisation.id, organisation.createdAt, organisation.updatedAt, tlp, markings), name: organisation.name, identity_class: 'organization', roles: [organisation.kind] },
  };
}

export interface VendorRecord {
  id: string;
  name: string;
  country: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A vendor of the supply-chain register as an `identity` (a supplier organisation). */
export function vendorIdentity(vendor: VendorRecord, markings: TlpMarkings): Labelled {
  const tlp = markings.exportLabel('identity');
  // A vendor and an organisation are different records: the type word keeps their ids apart even if ids collided.
  const base = common('identity', `vendor:${vendor.id}`, vendor.createdAt, vendor.updatedAt, tlp, markings);
  return { tlp, addedAt: vendor.updatedAt, object: { ...base, name: vendor.name, identity_class: 'organization', roles: ['vendor'], description: `Vendor established in ${vendor.country}.` } };
}

export const vendorStixId = (vendorId: string) => stixIdOf('identity', `vendor:${vendorId}`);
export const organisationStixId = (organisationId: string) => stixIdOf('identity', organisationId);

export interface AssetRecord {
  id: string;
  name: string;
  kind: string;
  providerId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An asset of a provider as `infrastructure`. */
export function assetInfrastructure(asset: AssetRecord, markings: TlpMarkings): Labelled {
  const tlp = markings.exportLabel('infrastructure');
  return {
    tlp,
    addedAt: asset.updatedAt,
    object: { ...common('infrastructure', asset.id, asset.createdAt, asset.updatedAt, tlp, markings), name: asset.name, infrastructure_types: [asset.kind], created_by_ref: organisationStixId(asset.providerId) },
  };
}

export interface AdvisoryRecord {
  id: string;
  kind: string;
  threatDomain: string | null;
  tlp: string;
  title: string;
  body: string;
  authorOrgId: string;
  forwardedFromId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The STIX type of a message: advisories and threat information are reports; notices and requests for information are notes. */
export const stixTypeOfAdvisory = (kind: string): 'report' | 'note' => (kind === 'advisory' || kind === 'threat-information' ? 'report' : 'note');
export const advisoryStixId = (advisory: { id: string; kind: string }) => stixIdOf(stixTypeOfAdvisory(advisory.kind), advisory.id);

/**
 * A message under its own TLP label, written by `author` (the STIX id of its author's organisation, or of the
 * anonymous participant when the reader may not see that organisation).
 */
export function advisoryObject(advisory: AdvisoryRecord, markings: TlpMarkings, author = organisationStixId(advisory.authorOrgId)): Labelled {
  const tlp = advisory.tlp as Tlp;
  const type = stixTypeOfAdvisory(advisory.kind);
  const labels = [`vitaal:${advisory.kind}`, ...(advisory.threatDomain ? [`vitaal:threat-domain=${advisory.threatDomain}`] : [])];
  const base = { ...common(type, advisory.id, advisory.createdAt, advisory.updatedAt, tlp, markings), created_by_ref: author, labels };
  const object: StixObject =
    type === 'report'
      ? { ...base, name: advisory.title, description: advisory.body, report_types: [advisory.kind === 'threat-information' ? 'threat-report' : 'vulnerability'], published: stixTimestamp(advisory.createdAt), object_refs: [author] }
      : { ...base, abstract: advisory.title, content: advisory.body, object_refs: [author] };
  return { tlp, addedAt: advisory.updatedAt, object };
}

/**
 * The identity standing for an organisation the reader may not see (an author or reporting entity whose name is
 * outside the reader's need-to-know): one shared, anonymous participant.
 */
export function anonymousParticipant(markings: TlpMarkings): Labelled {
  const tlp = markings.exportLabel('identity');
  const epoch = new Date('2026-01-01T00:00:00.000Z');
  return { tlp, addedAt: epoch, object: { ...common('identity', 'anonymous-participant', epoch, epoch, tlp, markings), name: 'Vitaal participant', identity_class: 'organization' } };
}

export interface IncidentRecord {
  id: string;
  title: string;
  description: string;
  organisationId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An incident as the STIX 2.1 `incident` stub (name and description), created by the entity that reported it. */
export function incidentObject(incident: IncidentRecord, markings: TlpMarkings, reporter = organisationStixId(incident.organisationId)): Labelled {
  const tlp = markings.exportLabel('incident');
  return {
    tlp,
    addedAt: incident.updatedAt,
    object: {
      ...common('incident', incident.id, incident.createdAt, incident.updatedAt, tlp, markings),
      name: incident.title,
      ...(incident.description ? { description: incident.description } : {}),
      created_by_ref: reporter,
    },
  };
}

/**
 * A relationship between two exported objects, under the stricter of their labels (it reveals both ends).
 * Its id follows from its ends and type, so that re-exports name it alike.
 */
export function relationship(source: Labelled, relationshipType: string, target: Labelled, markings: TlpMarkings, description?: string): Labelled {
  const tlp = stricterTlp(source.tlp, target.tlp);
  const created = new Date(Math.max(Date.parse(source.object.created ?? ''), Date.parse(target.object.created ?? '')));
  const modified = new Date(Math.max(Date.parse(source.object.modified ?? ''), Date.parse(target.object.modified ?? '')));
  const addedAt = source.addedAt > target.addedAt ? source.addedAt : target.addedAt;
  return {
    tlp,
    addedAt,
    object: {
      ...common('relationship', `${source.object.id}/${relationshipType}/${target.object.id}`, created, modified, tlp, markings),
      relationship_type: relationshipType,
      source_ref: source.object.id,
      target_ref: target.object.id,
      ...(description ? { description } : {}),
    },
  };
}

/** A bundle of the objects with the OASIS TLP 2.0 marking definitions they use, markings first. */
export function buildBundle(objects: StixObject[], markings: TlpMarkings): StixBundle {
  const used = new Set(objects.flatMap((object) => (Array.isArray(object.object_marking_refs) ? (object.object_marking_refs as string[]) : [])));
  const definitions = [...markings.tlp2.idOfLabel.entries()].filter(([, id]) => used.has(id)).map(([label]) => tlp2MarkingDefinition(label, markings));
  return { type: 'bundle', id: newBundleId(), objects: [...definitions, ...objects] };
}

/**
 * Keeps a set of objects self-contained, so that a receiver can check every reference: relationships with an end
 * outside the set are left out, as are objects whose required `object_refs` would be empty; other dangling
 * references are removed from the object. `isPredefined` names ids a receiver knows without the object (TLP 1.0 markings).
 */
export function closeOverReferences<T extends { object: StixObject }>(items: T[], isPredefined: (id: string) => boolean): T[] {
  let kept = items;
  for (;;) {
    const present = new Set(kept.map((item) => item.object.id));
    const resolves = (id: unknown) => typeof id === 'string' && (present.has(id) || isPredefined(id));
    const next = kept.flatMap((item): T[] => {
      const object = item.object;
      if (object.type === 'relationship' && !(resolves(object.source_ref) && resolves(object.target_ref))) return [];
      const cleaned: StixObject = { ...object };
      if (cleaned.created_by_ref !== undefined && !resolves(cleaned.created_by_ref)) delete cleaned.created_by_ref;
      for (const key of ['object_refs', 'object_marking_refs'] as const)
        if (Array.isArray(cleaned[key])) {
          const refs = (cleaned[key] as unknown[]).filter(resolves);
          if (refs.length > 0) cleaned[key] = refs;
          else delete cleaned[key];
        }
      if ((object.type === 'report' || object.type === 'note') && cleaned.object_refs === undefined) return [];
      return [{ ...item, object: cleaned }];
    });
    if (next.length === kept.length && next.every((item, index) => JSON.stringify(item.object) === JSON.stringify(kept[index]!.object))) return next;
    kept = next;
  }
}
