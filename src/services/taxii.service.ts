import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, isDomainError } from '../domain/errors.ts';
import { tlpLabels, type Tlp } from '../domain/tlp.ts';
import { uuidV5, vitaalStixNamespace } from '../interop/stix/ids.ts';
import type { StixObject } from '../interop/stix/types.ts';
import type { Actor } from './actor.ts';
import { authorizeStixImport, taxiiStatusReadable } from './policy.ts';
import type { StixService, VisibleObject } from './stix.service.ts';

/**
 * TAXII 2.1 (OASIS TAXII Version 2.1, 10 June 2021) over Vitaal's STIX objects. One collection per TLP label: each
 * serves, to each reader, only the objects under that label the reader may read (the export's read conditions),
 * so that a client that knows its audience subscribes to the labels it handles. Writing into a collection imports
 * all or nothing, with every object's label raised to at least the collection's.
 */

export const taxiiMediaType = 'application/taxii+json;version=2.1';
export const stixMediaType = 'application/stix+json;version=2.1';

export interface Collection {
  id: string;
  title: string;
  description: string;
  can_read: boolean;
  can_write: boolean;
  media_types: string[];
}

export interface ObjectQuery {
  addedAfter?: Date;
  types?: string[];
  ids?: string[];
  limit: number;
  next?: string;
}

/** Largest page a client may ask for (TAXII 2.1 §3.4: the server may return fewer than the limit). */
export const maxTaxiiPage = 1000;

const collectionIdOf = (tlp: Tlp) => uuidV5(vitaalStixNamespace, `taxii-collection:${tlp}`);
const collections = tlpLabels.map((tlp) => ({ id: collectionIdOf(tlp), tlp }));

const mayWrite = (actor: Actor) => {
  try {
    authorizeStixImport(actor);
    return true;
  } catch {
    return false;
  }
};

/** The opaque `next` of a page: where the following page starts in the (date added, id) order. */
const encodeNext = (item: VisibleObject) => Buffer.from(JSON.stringify([item.addedAt.toISOString(), item.object.id])).toString('base64url');
function decodeNext(next: string): { addedAt: number; id: string } {
  try {
    const [addedAt, id] = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as [string, string];
    if (typeof id !== 'string' || Number.isNaN(Date.parse(addedAt))) throw new Error('malformed');
    return { addedAt: Date.parse(addedAt), id };
  } catch {
    throw new DomainError('taxii-next-invalid', `"${next.slice(0, 100)}" is not a next value this server handed out.`, [{ path: '/querystring/next', message: 'unknown' }]);
  }
}

const order = (a: VisibleObject, b: VisibleObject) => a.addedAt.getTime() - b.addedAt.getTime() || (a.object.id < b.object.id ? -1 : a.object.id > b.object.id ? 1 : 0);

export function createTaxiiService(db: Kysely<Database>, stix: StixService) {
  const collectionOf = (id: string) => {
    const found = collections.find((collection) => collection.id === id);
    if (!found) throw new DomainError('taxii-collection-not-found', `No TAXII collection with id ${id.slice(0, 100)}.`);
    return found;
  };

  const describe = (actor: Actor, collection: { id: string; tlp: Tlp }): Collection => ({
    id: collection.id,
    title: collection.tlp,
    description: `Objects under ${collection.tlp} that you may read under the TLP 2.0 rules of Vitaal. Objects written here are labelled at least ${collection.tlp}.`,
    can_read: true,
    can_write: mayWrite(actor),
    media_types: [stixMediaType],
  });

  /** One page of a collection for `actor`, filtered and in (date added, id) order; audited as handed out. */
  async function page(actor: Actor, collectionId: string, query: ObjectQuery, via: string) {
    const { tlp } = collectionOf(collectionId);
    const after = query.next ? decodeNext(query.next) : undefined;
    let more = false;
    const items = await stix.listVisible(
      actor,
      (all) => {
        const matching = all
          .filter((item) => item.tlp === tlp)
          .filter((item) => !query.addedAfter || item.addedAt > query.addedAfter)
          .filter((item) => !query.types?.length || query.types.includes(item.object.type))
          .filter((item) => !query.ids?.length || query.ids.includes(item.object.id))
          .filter((item) => !after || item.addedAt.getTime() > after.addedAt || (item.addedAt.getTime() === after.addedAt && item.object.id > after.id))
          .sort(order);
        more = matching.length > query.limit;
        return matching.slice(0, query.limit);
      },
      via,
    );
    return { items, more, next: more ? encodeNext(items.at(-1)!) : undefined };
  }

  const dateHeaders = (items: VisibleObject[]) =>
    items.length === 0 ? {} : { first: items[0]!.addedAt.toISOString(), last: items.at(-1)!.addedAt.toISOString() };

  return {
    collections: (actor: Actor) => collections.map((collection) => describe(actor, collection)),

    collection: (actor: Actor, id: string) => describe(actor, collectionOf(id)),

    /** TAXII 2.1 §5.4 Get Objects: an envelope of the objects, with the dates of the first and last for the headers. */
    async getObjects(actor: Actor, collectionId: string, query: ObjectQuery) {
      const { items, more, next } = await page(actor, collectionId, query, 'taxii');
      return { envelope: { more, ...(next ? { next } : {}), objects: items.map((item) => item.object) }, dates: dateHeaders(items) };
    },

    /** TAXII 2.1 §5.6 Get an Object: every version held (Vitaal holds the latest). */
    async getObject(actor: Actor, collectionId: string, objectId: string, query: ObjectQuery) {
      const { items, more, next } = await page(actor, collectionId, { ...query, ids: [objectId] }, 'taxii');
      if (items.length === 0 && !query.next) throw new DomainError('taxii-object-not-found', `No object ${objectId.slice(0, 120)} in collection ${collectionId} for you.`);
      return { envelope: { more, ...(next ? { next } : {}), objects: items.map((item) => item.object) }, dates: dateHeaders(items) };
    },

    /** TAXII 2.1 §5.3 Get Object Manifests. */
    async getManifest(actor: Actor, collectionId: string, query: ObjectQuery) {
      const { items, more, next } = await page(actor, collectionId, query, 'taxii-manifest');
      const objects = items.map((item) => ({ id: item.object.id, date_added: item.addedAt.toISOString(), version: versionOf(item.object), media_type: stixMediaType }));
      return { envelope: { more, ...(next ? { next } : {}), objects }, dates: dateHeaders(items) };
    },

    /**
     * TAXII 2.1 §5.5 Add Objects: the envelope's objects are imported all or nothing under at least the collection's
     * label; the status resource lists each object as a success or, when the envelope was refused, as a failure.
     */
    async addObjects(actor: Actor, collectionId: string, envelope: { objects?: unknown[] }) {
      const { tlp, id } = collectionOf(collectionId);
      authorizeStixImport(actor);
      if (actor.kind !== 'user') throw new DomainError('forbidden', 'TAXII is used with a user’s API token.');
      const objects = Array.isArray(envelope.objects) ? envelope.objects : [];
      const idOf = (object: unknown, index: number) => (object && typeof object === 'object' && typeof (object as StixObject).id === 'string' ? (object as StixObject).id : `object ${index}`);
      const bundle = { type: 'bundle', id: `bundle--${crypto.randomUUID()}`, objects };
      let successes: { id: string; version?: string; message?: string }[] = [];
      let failures: { id: string; version?: string; message?: string }[] = [];
      try {
        const result = await stix.importBundle(actor, bundle, tlp);
        successes = result.objects.map((object) => ({ id: object.id, message: object.outcome }));
      } catch (error) {
        if (!isDomainError(error) || error.code !== 'stix-bundle-invalid') throw error;
        const reasons = new Map(error.details.map((detail) => [detail.message.slice(0, detail.message.indexOf(':')), detail]));
        failures = objects.map((object, index) => {
          const objectId = idOf(object, index);
          const reason = reasons.get(objectId);
          return { id: objectId, message: reason ? `${reason.path}: ${reason.message}` : `not imported: the envelope was refused whole (${error.message})` };
        });
      }
      const status = await db
        .insertInto('taxiiStatus')
        .values({
          userId: actor.userId,
          collection: id,
          status: 'complete',
          totalCount: objects.length,
          successCount: successes.length,
          failureCount: failures.length,
          pendingCount: 0,
          successes: JSON.stringify(successes),
          failures: JSON.stringify(failures),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return statusResource(status);
    },

    /** TAXII 2.1 §4.3 Get Status, for the user who sent the envelope. */
    async getStatus(actor: Actor, statusId: string) {
      const row = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(statusId)
        ? await db.selectFrom('taxiiStatus').selectAll().where('id', '=', statusId).where(taxiiStatusReadable(actor)).executeTakeFirst()
        : undefined;
      if (!row) throw new DomainError('taxii-status-not-found', `No TAXII status ${statusId.slice(0, 100)} for you.`);
      return statusResource(row);
    },
  };
}

const versionOf = (object: StixObject) => String(object.modified ?? object.created);

function statusResource(row: { id: string; status: string; requestTimestamp: Date; totalCount: number; successCount: number; failureCount: number; pendingCount: number; successes: unknown; failures: unknown }) {
  return {
    id: row.id,
    status: row.status,
    request_timestamp: new Date(row.requestTimestamp).toISOString(),
    total_count: row.totalCount,
    success_count: row.successCount,
    failure_count: row.failureCount,
    pending_count: row.pendingCount,
    successes: row.successes,
    failures: row.failures,
  };
}

export type TaxiiService = ReturnType<typeof createTaxiiService>;
