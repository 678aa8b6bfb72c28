import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { forbidden, invalid, notFound } from '../domain/errors.ts';
import type { Tlp } from '../domain/tlp.ts';
import {
  advisoryObject,
  anonymousParticipant,
  assetInfrastructure,
  buildBundle,
  closeOverReferences,
  incidentObject,
  organisationIdentity,
  relationship,
  vendorIdentity,
  type Labelled,
} from '../interop/stix/build.ts';
import { loadStixReference } from '../interop/stix/schema-files.ts';
import { labelOfMarkingDefinition, labelOfObject, stricterTlp, type TlpMarkings } from '../interop/stix/tlp-markings.ts';
import type { StixBundle, StixObject } from '../interop/stix/types.ts';
import { checkBundle, referencesOf, type StixValidator } from '../interop/stix/validate.ts';
import type { Actor, UserActor } from './actor.ts';
import { appendAuditEntries, type AuditEvent } from './audit.ts';
import { authorizeStixImport, incidentReadable, readCondition, stixObjectReadable } from './policy.ts';
import { inTransaction } from './transaction.ts';
import { pageWithTotal } from './paging.ts';

/** The parts of Vitaal an export can hold. */
export const exportParts = ['advisories', 'threat-intel', 'vendors', 'assets', 'incidents'] as const;
export type ExportPart = (typeof exportParts)[number];

/** One exported object and, for a message, the read it stands for (audited under AMBER, AMBER+STRICT and RED). */
export interface VisibleObject extends Labelled {
  advisory?: { id: string; authorOrgId: string };
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'vitaal' | 'marking';

export interface ImportResult {
  bundleId: string;
  created: number;
  updated: number;
  unchanged: number;
  /** Objects that are Vitaal's own (an exported bundle coming back): never stored a second time. */
  vitaal: number;
  /** TLP marking definitions: understood, not stored. */
  markings: number;
  objects: { id: string; type: string; tlp?: Tlp; outcome: ImportOutcome }[];
}

/** Labels whose every read of a message is audited (as advisories.service does for the API). */
const auditedLabels: ReadonlySet<string> = new Set(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);

const maxIssuesReported = 50;

/** STIX 2.1 in and out: exports of what the caller may read, and all-or-nothing imports of threat intelligence. */
export function createStixService(db: Kysely<Database>, options: { dataDir: string }) {
  let reference: { validator: StixValidator; markings: TlpMarkings } | undefined;
  // Compiled on first use: the schemas are not needed to serve anything else.
  const stixReference = () => (reference ??= loadStixReference(options.dataDir));

  /** Everything `actor` may read, as STIX objects under their labels: every read goes through the policy's read conditions. */
  async function collectVisible(tx: Transaction<Database>, actor: Actor, parts: ReadonlySet<ExportPart>): Promise<VisibleObject[]> {
    const { markings } = stixReference();
    const items: VisibleObject[] = [];
    const readableOrganisations = new Map<string, Labelled>();
    const anonymous = anonymousParticipant(markings);
    const identityOf = async (organisationId: string): Promise<Labelled> => {
      const cached = readableOrganisations.get(organisationId);
      if (cached) return cached;
      const row = await tx
        .selectFrom('organisation')
        .select(['id', 'name', 'kind', 'createdAt', 'updatedAt'])
        .where('organisation.id', '=', organisationId)
        .where(readCondition(actor, 'organisations'))
        .executeTakeFirst();
      const identity = row ? organisationIdentity(row, markings) : anonymous;
      readableOrganisations.set(organisationId, identity);
      return identity;
    };

    if (parts.has('advisories')) {
      const advisories = await tx
        .selectFrom('advisory')
        .select(['advisory.id', 'advisory.kind', 'advisory.threatDomain', 'advisory.tlp', 'advisory.title', 'advisory.body', 'advisory.authorOrgId', 'advisory.forwardedFromId', 'advisory.createdAt', 'advisory.updatedAt'])
        .where(readCondition(actor, 'advisories'))
        .orderBy('advisory.createdAt')
        .orderBy('advisory.id')
        .execute();
      const byId = new Map<string, VisibleObject>();
      for (const advisory of advisories) {
        const author = await identityOf(advisory.authorOrgId);
        const item: VisibleObject = { ...advisoryObject(advisory, markings, author.object.id), advisory: { id: advisory.id, authorOrgId: advisory.authorOrgId } };
        byId.set(advisory.id, item);
        items.push(item);
      }
      // A forward is derived from its original; the relationship is shown only to who may read both.
      for (const advisory of advisories) {
        const original = advisory.forwardedFromId ? byId.get(advisory.forwardedFromId) : undefined;
        if (original) items.push(relationship(byId.get(advisory.id)!, 'derived-from', original, markings));
      }
    }

    if (parts.has('vendors')) {
      const vendors = await tx.selectFrom('vendor').select(['id', 'name', 'country', 'createdAt', 'updatedAt']).where(readCondition(actor, 'vendors')).orderBy('code').execute();
      items.push(...vendors.map((vendor) => vendorIdentity(vendor, markings)));
    }

    if (parts.has('assets')) {
      const assets = await tx.selectFrom('asset').select(['id', 'name', 'kind', 'providerId', 'createdAt', 'updatedAt']).where(readCondition(actor, 'assets')).orderBy('code').execute();
      const byId = new Map<string, Labelled>();
      for (const asset of assets) {
        const infrastructure = assetInfrastructure(asset, markings);
        byId.set(asset.id, infrastructure);
        items.push(infrastructure, relationship(infrastructure, 'operated-by', await identityOf(asset.providerId), markings, 'The vital provider that operates this asset.'));
      }
      const dependencies = await tx.selectFrom('dependency').select(['dependentId', 'supplierId', 'type']).where(readCondition(actor, 'dependencies')).execute();
      for (const dependency of dependencies) {
        const [dependent, supplier] = [byId.get(dependency.dependentId), byId.get(dependency.supplierId)];
        if (dependent && supplier) items.push(relationship(dependent, 'depends-on', supplier, markings, `A ${dependency.type} dependency: the source needs the target to work.`));
      }
    }

    if (parts.has('incidents')) {
      const incidents = await tx.selectFrom('incident').select(['id', 'title', 'description', 'organisationId', 'createdAt', 'updatedAt']).where(incidentReadable(actor)).orderBy('createdAt').execute();
      for (const incident of incidents) {
        const reporter = await identityOf(incident.organisationId);
        items.push(incidentObject(incident, markings, reporter.object.id));
      }
    }

    if (parts.has('threat-intel')) {
      // As text: the CamelCasePlugin would rename the STIX properties inside a jsonb value (spec_version → specVersion).
      const imported = await tx
        .selectFrom('stixObject')
        .select(['tlp', 'updatedAt', sql<string>`stix_object.object::text`.as('json')])
        .where(stixObjectReadable(actor))
        .orderBy('updatedAt')
        .orderBy('stixId')
        .execute();
      for (const row of imported) items.push({ tlp: row.tlp as Tlp, addedAt: row.updatedAt, object: remarked(JSON.parse(row.json) as StixObject, row.tlp as Tlp, markings) });
    }

    items.push(...readableOrganisations.values());
    // The same object can be reached twice (an organisation both author and operator): keep it once.
    const unique = [...new Map(items.map((item) => [item.object.id, item])).values()];
    return closeOverReferences(unique, (id) => markings.labelOfId.has(id));
  }

  /** Audit entries for what was handed out: every message under AMBER, AMBER+STRICT or RED, and the export itself. */
  function auditEntriesOf(items: VisibleObject[], via: string): AuditEvent[] {
    const reads = items.flatMap((item): AuditEvent[] =>
      item.advisory && auditedLabels.has(item.tlp) ? [{ action: 'read', objectType: 'advisory', objectId: item.advisory.id, subjectOrgId: item.advisory.authorOrgId, details: { tlp: item.tlp, via } }] : [],
    );
    return [...reads, { action: 'read', objectType: 'stix-objects', details: { via, count: items.length } }];
  }

  /** The STIX ids of Vitaal's own objects that `actor` may read: references to them resolve, and they are never imported. */
  const ownIds = async (tx: Transaction<Database>, actor: Actor) =>
    new Set((await collectVisible(tx, actor, new Set(exportParts.filter((part) => part !== 'threat-intel')))).map((item) => item.object.id));

  async function importInto(tx: Transaction<Database>, actor: UserActor, input: unknown, minimumLabel: Tlp | undefined): Promise<ImportResult> {
    const { validator, markings } = stixReference();
    const rawObjects = Array.isArray((input as { objects?: unknown } | null)?.objects) ? ((input as { objects: unknown[] }).objects) : [];
    const referenced = [
      ...new Set(
        rawObjects.flatMap((object) => (object && typeof object === 'object' && !Array.isArray(object) ? referencesOf(object as StixObject).map((ref) => ref.id) : [])),
      ),
    ];
    const own = await ownIds(tx, actor);
    const stored =
      referenced.length === 0
        ? new Set<string>()
        : new Set((await tx.selectFrom('stixObject').select('stixId').where('stixId', 'in', referenced).where(stixObjectReadable(actor)).execute()).map((row) => row.stixId));
    const { bundle, issues } = checkBundle(input, { validator, isKnown: (id) => markings.labelOfId.has(id) || own.has(id) || stored.has(id) });
    if (issues.length > 0) {
      const first = issues[0]!;
      throw invalid(
        'stix-bundle-invalid',
        `The STIX bundle was refused whole and nothing was imported: ${first.object} at ${first.path || '/'} ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`,
        issues.slice(0, maxIssuesReported).map((issue) => ({ path: issue.path || '/', message: `${issue.object}: ${issue.message}` })),
      );
    }
    const bundleMarkings = new Map(bundle.objects.flatMap((object) => {
      const label = labelOfMarkingDefinition(object, markings);
      return label ? [[object.id, label] as const] : [];
    }));
    // A bundle may hold several versions of one object: the latest counts.
    const latest = new Map<string, StixObject>();
    for (const object of bundle.objects) {
      const known = latest.get(object.id);
      if (!known || versionOf(object) > versionOf(known)) latest.set(object.id, object);
    }
    const result: ImportResult = { bundleId: bundle.id, created: 0, updated: 0, unchanged: 0, vitaal: 0, markings: 0, objects: [] };
    for (const object of latest.values()) {
      if (bundleMarkings.has(object.id)) {
        result.markings++;
        result.objects.push({ id: object.id, type: object.type, outcome: 'marking' });
        continue;
      }
      if (own.has(object.id)) {
        result.vitaal++;
        result.objects.push({ id: object.id, type: object.type, outcome: 'vitaal' });
        continue;
      }
      const found = labelOfObject(object, markings, bundleMarkings) ?? markings.unmarked;
      const tlp = minimumLabel ? stricterTlp(found, minimumLabel) : found;
      const outcome = await upsert(tx, actor, object, tlp);
      result[outcome]++;
      result.objects.push({ id: object.id, type: object.type, tlp, outcome });
    }
    await appendAuditEntries(tx, actor, [
      { action: 'import', objectType: 'stix-bundle', objectId: null, subjectOrgId: actor.organisationId, details: { bundleId: bundle.id, created: result.created, updated: result.updated, unchanged: result.unchanged, vitaal: result.vitaal } },
    ]);
    return result;
  }

  return {
    /** A bundle of everything in `parts` that `actor` may read, with the OASIS TLP 2.0 marking definitions it uses. */
    async exportBundle(actor: Actor, parts: readonly ExportPart[] = exportParts): Promise<StixBundle> {
      return inTransaction(db, async (tx) => {
        const items = await collectVisible(tx, actor, new Set(parts));
        await appendAuditEntries(tx, actor, auditEntriesOf(items, 'stix-export'));
        return buildBundle(items.map((item) => item.object), stixReference().markings);
      });
    },

    /** What `actor` may read, as labelled objects, audited as handed out by `via` (TAXII pages audit only what they return). */
    async listVisible(actor: Actor, select: (items: VisibleObject[]) => VisibleObject[], via: string): Promise<VisibleObject[]> {
      return inTransaction(db, async (tx) => {
        const chosen = select(await collectVisible(tx, actor, new Set(exportParts)));
        await appendAuditEntries(tx, actor, auditEntriesOf(chosen, via));
        return chosen;
      });
    },

    /** The OASIS TLP 2.0 marking definition objects, for TAXII pages that carry marked objects. */
    markings: () => stixReference().markings,

    /**
     * Imports a STIX 2.1 bundle all or nothing for `actor`'s organisation: refused whole when any object is invalid,
     * of an unknown type, or refers to an id that is neither in the bundle nor known; Vitaal's own objects and
     * objects already stored are not created again, a newer `modified` updates. `minimumLabel` raises every label to at least it.
     */
    async importBundle(actor: Actor, input: unknown, minimumLabel?: Tlp): Promise<ImportResult> {
      authorizeStixImport(actor);
      if (actor.kind !== 'user') throw forbidden('Threat intelligence is imported on behalf of a user of an organisation (vitaal import stix FILE --user EMAIL).');
      return inTransaction(db, (tx) => importInto(tx, actor, input, minimumLabel));
    },

    /** A page of the imported objects `actor` may read, newest first (for the threat-intelligence page). */
    async listImported(actor: Actor, filters: { type?: string }, page: { limit: number; offset: number }) {
      return inTransaction(db, async (tx) => {
        let query = tx.selectFrom('stixObject').innerJoin('organisation', 'organisation.id', 'stixObject.importingOrgId').where(stixObjectReadable(actor));
        if (filters.type) query = query.where('stixObject.type', '=', filters.type);
        const { rows: items, total } = await pageWithTotal(
          tx,
          query
            .select(['stixObject.id', 'stixObject.stixId', 'stixObject.type', 'stixObject.name', 'stixObject.description', 'stixObject.tlp', 'stixObject.importingOrgId', 'organisation.name as importingOrgName', 'stixObject.modified', 'stixObject.importedAt', 'stixObject.updatedAt'])
            .orderBy('stixObject.updatedAt', 'desc')
            .orderBy('stixObject.id'),
          query.select((eb) => eb.fn.countAll<number>().as('total')),
          page,
        );
        await appendAuditEntries(tx, actor, [{ action: 'list', objectType: 'stix-object', details: { filters, count: items.length } }]);
        return { items, total, ...page };
      });
    },

    /** The user with this e-mail address as an actor, for the CLI's `--user` (an operator acting for an account). */
    async findUserActor(email: string): Promise<UserActor> {
      const row = await db
        .selectFrom('appUser')
        .innerJoin('organisation', 'organisation.id', 'appUser.organisationId')
        .select(['appUser.id', 'appUser.email', 'appUser.roles', 'appUser.organisationId', 'organisation.kind'])
        .where('appUser.email', '=', email.toLowerCase())
        .where('appUser.disabled', '=', false)
        .executeTakeFirst();
      if (!row) throw notFound('user', email);
      return { kind: 'user', userId: row.id, email: row.email, organisationId: row.organisationId, organisationKind: row.kind as UserActor['organisationKind'], roles: row.roles as UserActor['roles'] };
    },
  };
}

/** The version of an object: `modified`, else `created` (marking definitions have no `modified`). */
const versionOf = (object: StixObject): number => Date.parse(String(object.modified ?? object.created ?? 0)) || 0;

/** An imported object as handed on: its TLP markings replaced by the OASIS TLP 2.0 marking of its stored label. */
function remarked(object: StixObject, tlp: Tlp, markings: TlpMarkings): StixObject {
  const others = (Array.isArray(object.object_marking_refs) ? (object.object_marking_refs as string[]) : []).filter((id) => !markings.labelOfId.has(id));
  return { ...object, object_marking_refs: [markings.tlp2.idOfLabel.get(tlp)!, ...others] };
}

const nameOf = (object: StixObject): string | null => {
  const name = object.name ?? object.abstract ?? object.pattern;
  return typeof name === 'string' ? name.slice(0, 1000) : null;
};

/** Stores one object for the importing organisation; a stored one changes only for a newer version. */
async function upsert(tx: Transaction<Database>, actor: UserActor, object: StixObject, tlp: Tlp): Promise<'created' | 'updated' | 'unchanged'> {
  const modified = new Date(versionOf(object));
  const values = {
    type: object.type,
    name: nameOf(object),
    description: typeof object.description === 'string' ? object.description : typeof object.content === 'string' ? object.content : null,
    tlp,
    importedByUserId: actor.userId,
    relationshipType: object.type === 'relationship' ? String(object.relationship_type) : null,
    sourceRef: object.type === 'relationship' ? String(object.source_ref) : null,
    targetRef: object.type === 'relationship' ? String(object.target_ref) : null,
    created: new Date(String(object.created ?? modified.toISOString())),
    modified,
    object: JSON.stringify(object),
  };
  const stored = await tx.selectFrom('stixObject').select(['id', 'modified']).where('importingOrgId', '=', actor.organisationId).where('stixId', '=', object.id).executeTakeFirst();
  if (!stored) {
    await tx.insertInto('stixObject').values({ ...values, stixId: object.id, importingOrgId: actor.organisationId }).execute();
    return 'created';
  }
  if (modified.getTime() <= new Date(stored.modified).getTime()) return 'unchanged';
  await tx.updateTable('stixObject').set({ ...values, updatedAt: sql<Date>`now()` }).where('id', '=', stored.id).execute();
  return 'updated';
}

export type StixService = ReturnType<typeof createStixService>;

/** The demo threat intelligence (data/demo/threat-intel.json), imported for its demo user; a second seed creates nothing. */
export async function seedThreatIntelDemo(db: Kysely<Database>, dataDir: string, demo: { importedBy: string; bundle: unknown }): Promise<{ created: number; updated: number }> {
  const stix = createStixService(db, { dataDir });
  const result = await stix.importBundle(await stix.findUserActor(demo.importedBy), demo.bundle);
  return { created: result.created, updated: result.updated };
}

/**
 * The problems a receiver would find in `bundle`: the schemas, timestamps, and references that must resolve inside
 * the bundle or to a predefined TLP marking. An export of Vitaal has none.
 */
export function issuesForReceiver(bundle: unknown, dataDir: string) {
  const { validator, markings } = loadStixReference(dataDir);
  return checkBundle(bundle, { validator, isKnown: (id) => markings.labelOfId.has(id) }).issues;
}

export { advisoryStixId } from '../interop/stix/build.ts';
export type { StixBundle, StixObject } from '../interop/stix/types.ts';
