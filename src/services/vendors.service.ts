import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import { buildVendorIndex, normaliseAlias, normaliseVendorName, vendorAliasKinds, type VendorAliasKind } from '../domain/vendor-aliases.ts';
import type { Actor } from './actor.ts';
import { appendAudit } from './audit.ts';
import { authorizeWrite, readCondition } from './policy.ts';
import { isUuid } from './registry/registry.service.ts';
import { inTransaction } from './transaction.ts';

/** What moved in a merge, so that the split puts exactly that back. */
interface MergeMoves {
  aliasIds: string[];
  /** Name aliases the merge added to the target (the source's name, code and listed aliases). */
  addedAliasIds: string[];
  addedAliasStrings: string[];
  vendorOfProductIds: string[];
  manufacturerOfProductIds: string[];
  ownedVendorIds: string[];
  parent: { parentVendorId: string; stakePercent: string | null; source: string | null } | null;
}

const aliasColumns = ['id', 'vendorId', 'kind', 'value', 'normalised', 'createdAt'] as const;

/** The alias index of the whole register, for resolving SBOM parties. */
export async function loadVendorIndex(tx: Transaction<Database> | Kysely<Database>) {
  const [vendors, aliases] = await Promise.all([
    tx.selectFrom('vendor').select(['id', 'code', 'name', 'aliases']).orderBy('code').execute(),
    tx.selectFrom('vendorAlias').select(['vendorId', 'kind', 'normalised']).execute(),
  ]);
  return buildVendorIndex(vendors, aliases);
}

/**
 * Recomputes the derived control fields of `vendorIds` and everything they own, directly or not: a vendor with a
 * parent is controlled by the top of its chain, from that party's own controlling country or else its country.
 * `detached` vendors lost their parent and are controlled by no one else any more.
 */
async function recomputeControl(tx: Transaction<Database>, vendorIds: string[], detached: string[] = []) {
  const links = await tx.selectFrom('vendorOwnership').select(['vendorId', 'parentVendorId']).execute();
  const parentOf = new Map(links.map((link) => [link.vendorId, link.parentVendorId]));
  const ownedBy = new Map<string, string[]>();
  for (const link of links) ownedBy.set(link.parentVendorId, [...(ownedBy.get(link.parentVendorId) ?? []), link.vendorId]);
  const affected = new Set<string>();
  const queue = [...vendorIds, ...detached];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (affected.has(id)) continue;
    affected.add(id);
    queue.push(...(ownedBy.get(id) ?? []));
  }
  for (const id of detached) if (!parentOf.has(id)) await tx.updateTable('vendor').set({ controllingParty: null, controlledFromCountry: null, updatedAt: new Date() }).where('id', '=', id).execute();
  for (const id of affected) {
    if (!parentOf.has(id)) continue;
    let top = id;
    for (const seen = new Set([id]); parentOf.has(top) && !seen.has(parentOf.get(top)!); seen.add(top)) top = parentOf.get(top)!;
    const party = await tx.selectFrom('vendor').select(['name', 'country', 'controlledFromCountry']).where('id', '=', top).executeTakeFirstOrThrow();
    await tx
      .updateTable('vendor')
      .set({ controllingParty: party.name, controlledFromCountry: party.controlledFromCountry ?? party.country, updatedAt: new Date() })
      .where('id', '=', id)
      .execute();
  }
}

/**
 * After a vendor's own country or controlling country changed: the vendors it owns, directly or not, are controlled
 * from what it now says, so their derived control follows. The vendor itself keeps what was written to it.
 */
export async function recomputeOwnedControl(tx: Transaction<Database>, vendorId: string) {
  const owned = await tx.selectFrom('vendorOwnership').select('vendorId').where('parentVendorId', '=', vendorId).execute();
  if (owned.length > 0) await recomputeControl(tx, owned.map((row) => row.vendorId));
}

/** Vendor aliases of every kind, the ownership chain up to the ultimate controlling party, and merge and split of vendor records with their history. */
export function createVendorsService(db: Kysely<Database>) {
  async function visibleVendor(tx: Transaction<Database>, actor: Actor, id: string) {
    const vendor = isUuid(id)
      ? await tx
          .selectFrom('vendor')
          .select(['id', 'code', 'name', 'aliases', 'country', 'controlledFromCountry', 'controllingParty'])
          .where('id', '=', id)
          .where(readCondition(actor, 'vendors'))
          .executeTakeFirst()
      : undefined;
    if (!vendor) throw notFound('vendor', id);
    return vendor;
  }

  /** The chain from the vendor (first) up to its ultimate controlling party (last). */
  async function chainOf(tx: Transaction<Database>, vendorId: string) {
    // Each step up carries the stake the parent holds in the vendor below it, and the source of that fact.
    const rows = await sql<{ depth: number; id: string; code: string; name: string; country: string; controlledFromCountry: string | null; stakePercent: string | null; source: string | null }>`
      with recursive chain(depth, id, stake_percent, source) as (
        select 0, ${vendorId}::uuid, null::numeric, null::text
        union all
        select chain.depth + 1, o.parent_vendor_id, o.stake_percent, o.source
        from chain join vendor_ownership o on o.vendor_id = chain.id where chain.depth < 50)
      select chain.depth, v.id, v.code, v.name, v.country, v.controlled_from_country as "controlledFromCountry", chain.stake_percent::text as "stakePercent", chain.source
      from chain join vendor v on v.id = chain.id
      order by chain.depth`.execute(tx);
    return rows.rows.map(({ depth, stakePercent, source, ...vendor }) => ({ ...vendor, depth, stakePercent: stakePercent === null ? null : Number(stakePercent), source }));
  }

  const ownershipOf = async (tx: Transaction<Database>, vendorId: string) => {
    const chain = await chainOf(tx, vendorId);
    const self = chain[0]!;
    const top = chain.at(-1)!;
    return {
      vendorId,
      chain,
      ultimateControllingParty: chain.length > 1 ? { id: top.id, code: top.code, name: top.name, country: top.controlledFromCountry ?? top.country } : null,
      controlledFromCountry: self.controlledFromCountry,
    };
  };

  return {
    async listAliases(actor: Actor, vendorId: string) {
      return inTransaction(db, async (tx) => {
        await visibleVendor(tx, actor, vendorId);
        return tx.selectFrom('vendorAlias').select(aliasColumns).where('vendorId', '=', vendorId).orderBy('kind').orderBy('normalised').execute();
      });
    },

    /** Adds an alias of `kind`; refused when another vendor already has it (one vendor per alias). */
    async addAlias(actor: Actor, vendorId: string, input: { kind: VendorAliasKind; value: string }) {
      return inTransaction(db, async (tx) => {
        const vendor = await visibleVendor(tx, actor, vendorId);
        if (!(vendorAliasKinds as readonly string[]).includes(input.kind)) throw invalid('validation-failed', `Unknown alias kind ${input.kind}.`, [{ path: '/kind', message: `one of ${vendorAliasKinds.join(', ')}` }]);
        const normalised = normaliseAlias(input.kind, input.value);
        if (normalised === '') throw invalid('validation-failed', 'The alias is empty once normalised.', [{ path: '/value', message: 'no letters or digits' }]);
        await authorizeWrite(actor, 'vendors', { tx, before: vendor, after: vendor });
        const taken = await tx.selectFrom('vendorAlias').select('vendorId').where('kind', '=', input.kind).where('normalised', '=', normalised).executeTakeFirst();
        if (taken) throw new DomainError('vendor-alias-taken', `The ${input.kind} alias "${input.value}" already belongs to ${taken.vendorId === vendorId ? 'this vendor' : `vendor ${taken.vendorId}`}.`, [{ path: '/value', message: 'alias taken' }]);
        const alias = await tx.insertInto('vendorAlias').values({ vendorId, kind: input.kind, value: input.value.trim(), normalised }).returning(aliasColumns).executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'create', objectType: 'vendor-alias', objectId: alias.id, after: alias });
        return alias;
      });
    },

    async removeAlias(actor: Actor, vendorId: string, aliasId: string) {
      return inTransaction(db, async (tx) => {
        const vendor = await visibleVendor(tx, actor, vendorId);
        const alias = isUuid(aliasId) ? await tx.selectFrom('vendorAlias').select(aliasColumns).where('id', '=', aliasId).where('vendorId', '=', vendorId).executeTakeFirst() : undefined;
        if (!alias) throw notFound('vendor-alias', aliasId);
        await authorizeWrite(actor, 'vendors', { tx, before: vendor, after: vendor });
        await tx.deleteFrom('vendorAlias').where('id', '=', aliasId).execute();
        await appendAudit(tx, actor, { action: 'delete', objectType: 'vendor-alias', objectId: aliasId, before: alias });
      });
    },

    /** The ownership chain of a vendor up to its ultimate controlling party, with each stake and source. */
    async getOwnership(actor: Actor, vendorId: string) {
      return inTransaction(db, async (tx) => {
        await visibleVendor(tx, actor, vendorId);
        return ownershipOf(tx, vendorId);
      });
    },

    /**
     * Sets (or with `parentVendorId: null` removes) the parent of a vendor. The vendor and everything it owns are
     * then controlled by the top of the chain: their `controllingParty` and `controlledFromCountry` follow it, so
     * that the country policy flags products of a vendor controlled from a listed country.
     */
    async setOwnership(actor: Actor, vendorId: string, input: { parentVendorId: string | null; stakePercent?: number | null; source?: string | null }) {
      return inTransaction(db, async (tx) => {
        const vendor = await visibleVendor(tx, actor, vendorId);
        await authorizeWrite(actor, 'vendors', { tx, before: vendor, after: vendor });
        const before = await ownershipOf(tx, vendorId);
        if (input.parentVendorId === null) {
          await tx.deleteFrom('vendorOwnership').where('vendorId', '=', vendorId).execute();
          await recomputeControl(tx, [], [vendorId]);
        } else {
          await visibleVendor(tx, actor, input.parentVendorId).catch(() => {
            throw invalid('unknown-reference', `No vendor with id ${input.parentVendorId}.`, [{ path: '/parentVendorId', message: 'unknown vendor' }]);
          });
          const parentChain = await chainOf(tx, input.parentVendorId);
          if (parentChain.some((link) => link.id === vendorId)) throw new DomainError('vendor-ownership-cycle', 'The parent is owned, directly or not, by this vendor.', [{ path: '/parentVendorId', message: 'would make the vendor own itself' }]);
          const values = { parentVendorId: input.parentVendorId, stakePercent: input.stakePercent ?? null, source: input.source ?? null, updatedAt: new Date() };
          await tx.insertInto('vendorOwnership').values({ vendorId, ...values }).onConflict((conflict) => conflict.column('vendorId').doUpdateSet(values)).execute();
          await recomputeControl(tx, [vendorId]);
        }
        const after = await ownershipOf(tx, vendorId);
        await appendAudit(tx, actor, { action: 'update', objectType: 'vendor-ownership', objectId: vendorId, before, after });
        return after;
      });
    },

    /**
     * Merges vendor `sourceId` into `targetId`: the source's aliases, its name, code and listed aliases (as name
     * aliases), its products (as vendor and as manufacturer, and so where they are used) and the vendors it owns
     * move to the target; the source record is removed. The merge is kept with everything that moved, for `split`.
     */
    async merge(actor: Actor, sourceId: string, targetId: string) {
      return inTransaction(db, async (tx) => {
        if (sourceId === targetId) throw new DomainError('vendor-merge-refused', 'A vendor cannot be merged into itself.', [{ path: '/intoVendorId', message: 'same vendor' }]);
        const source = await visibleVendor(tx, actor, sourceId);
        const target = await visibleVendor(tx, actor, targetId);
        await authorizeWrite(actor, 'vendors', { tx, before: source, after: target });
        // The whole row with its column names, whatever columns other migrations added: cast to text so that the camel-case plugin leaves the keys alone.
        const rawSnapshot = JSON.parse((await sql<{ row: string }>`select to_jsonb(vendor)::text as row from vendor where id = ${sourceId}`.execute(tx)).rows[0]!.row) as Record<string, unknown>;
        const snapshot = await tx.selectFrom('vendor').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
        const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
        const parent = await tx.selectFrom('vendorOwnership').select(['parentVendorId', 'stakePercent', 'source']).where('vendorId', '=', sourceId).executeTakeFirst();
        const moves: MergeMoves = {
          aliasIds: ids(await tx.updateTable('vendorAlias').set({ vendorId: targetId }).where('vendorId', '=', sourceId).returning('id').execute()),
          addedAliasIds: [],
          addedAliasStrings: [],
          vendorOfProductIds: ids(await tx.updateTable('product').set({ vendorId: targetId, updatedAt: new Date() }).where('vendorId', '=', sourceId).returning('id').execute()),
          manufacturerOfProductIds: ids(await tx.updateTable('product').set({ manufacturerId: targetId, updatedAt: new Date() }).where('manufacturerId', '=', sourceId).returning('id').execute()),
          ownedVendorIds: (await tx.updateTable('vendorOwnership').set({ parentVendorId: targetId }).where('parentVendorId', '=', sourceId).returning('vendorId').execute()).map((row) => row.vendorId),
          parent: parent ?? null,
        };
        await tx.deleteFrom('vendorOwnership').where('vendorId', '=', sourceId).execute();
        // The names the source was known by keep resolving, now to the target.
        for (const name of new Set([source.name, source.code, ...source.aliases])) {
          const normalised = normaliseVendorName(name);
          if (normalised === '') continue;
          const added = await tx.insertInto('vendorAlias').values({ vendorId: targetId, kind: 'name', value: name, normalised }).onConflict((conflict) => conflict.columns(['kind', 'normalised']).doNothing()).returning('id').executeTakeFirst();
          if (added) moves.addedAliasIds.push(added.id);
          if (!target.aliases.includes(name) && name !== target.name) moves.addedAliasStrings.push(name);
        }
        if (moves.addedAliasStrings.length > 0) await tx.updateTable('vendor').set({ aliases: [...target.aliases, ...moves.addedAliasStrings], updatedAt: new Date() }).where('id', '=', targetId).execute();
        await tx.deleteFrom('vendor').where('id', '=', sourceId).execute();
        await recomputeControl(tx, moves.ownedVendorIds);
        const merge = await tx
          .insertInto('vendorMerge')
          .values({ sourceVendorId: sourceId, targetVendorId: targetId, sourceSnapshot: JSON.stringify(rawSnapshot), moved: JSON.stringify(moves), mergedBy: actor.kind === 'user' ? actor.userId : null, splitAt: null, splitBy: null })
          .returning(['id', 'sourceVendorId', 'targetVendorId', 'mergedAt', 'moved'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, actor, { action: 'update', objectType: 'vendor', objectId: targetId, before: { source, target }, after: merge, details: { operation: 'merge', sourceVendorId: sourceId } });
        await appendAudit(tx, actor, { action: 'delete', objectType: 'vendor', objectId: sourceId, before: snapshot, details: { operation: 'merge', mergedInto: targetId, mergeId: merge.id } });
        return merge;
      });
    },

    /** The merges into or out of a vendor (id kept after a merge), newest first. */
    async listMerges(_actor: Actor, vendorId: string) {
      // The vendor register is open to every signed-in user; so is its history.
      if (!isUuid(vendorId)) throw notFound('vendor', vendorId);
      return db
        .selectFrom('vendorMerge')
        .select(['id', 'sourceVendorId', 'targetVendorId', 'sourceSnapshot', 'moved', 'mergedAt', 'mergedBy', 'splitAt', 'splitBy'])
        .where((eb) => eb.or([eb('sourceVendorId', '=', vendorId), eb('targetVendorId', '=', vendorId)]))
        .orderBy('mergedAt', 'desc')
        .execute();
    },

    /** Reverses a merge: the source vendor comes back with its id, and what moved (and has not moved on since) moves back. */
    async split(actor: Actor, mergeId: string) {
      return inTransaction(
        db,
        async (tx) => {
          const merge = isUuid(mergeId) ? await tx.selectFrom('vendorMerge').selectAll().where('id', '=', mergeId).executeTakeFirst() : undefined;
          if (!merge) throw notFound('vendor-merge', mergeId);
          if (merge.splitAt) throw new DomainError('vendor-merge-refused', 'This merge was already split.');
          const target = await visibleVendor(tx, actor, merge.targetVendorId);
          await authorizeWrite(actor, 'vendors', { tx, before: target, after: target });
          const moves = merge.moved as MergeMoves;
          const sourceId = merge.sourceVendorId;
          const taken = await tx
            .selectFrom('vendor')
            .select('code')
            .where((eb) => eb.or([eb('id', '=', sourceId), eb('code', '=', (merge.sourceSnapshot as { code: string }).code)]))
            .executeTakeFirst();
          if (taken) throw new DomainError('vendor-merge-refused', `The code ${taken.code} of the merged vendor is in use again; the merge cannot be split.`);
          // Straight from the stored snapshot: its keys are the column names, which the camel-case plugin would rewrite on the way out.
          await sql`insert into vendor select * from jsonb_populate_record(null::vendor, (select source_snapshot from vendor_merge where id = ${mergeId}))`.execute(tx);
          const back = async (ids: string[], run: (ids: string[]) => Promise<unknown>) => {
            if (ids.length > 0) await run(ids);
          };
          if (moves.addedAliasIds.length > 0) await tx.deleteFrom('vendorAlias').where('id', 'in', moves.addedAliasIds).where('vendorId', '=', target.id).execute();
          await back(moves.aliasIds, (ids) => tx.updateTable('vendorAlias').set({ vendorId: sourceId }).where('id', 'in', ids).where('vendorId', '=', target.id).execute());
          await back(moves.vendorOfProductIds, (ids) => tx.updateTable('product').set({ vendorId: sourceId, updatedAt: new Date() }).where('id', 'in', ids).where('vendorId', '=', target.id).execute());
          await back(moves.manufacturerOfProductIds, (ids) =>
            tx.updateTable('product').set({ manufacturerId: sourceId, updatedAt: new Date() }).where('id', 'in', ids).where('manufacturerId', '=', target.id).execute(),
          );
          await back(moves.ownedVendorIds, (ids) => tx.updateTable('vendorOwnership').set({ parentVendorId: sourceId }).where('vendorId', 'in', ids).where('parentVendorId', '=', target.id).execute());
          if (moves.parent) await tx.insertInto('vendorOwnership').values({ vendorId: sourceId, ...moves.parent, stakePercent: moves.parent.stakePercent === null ? null : Number(moves.parent.stakePercent) }).execute();
          if (moves.addedAliasStrings.length > 0) {
            const current = await tx.selectFrom('vendor').select('aliases').where('id', '=', target.id).executeTakeFirstOrThrow();
            await tx.updateTable('vendor').set({ aliases: current.aliases.filter((alias) => !moves.addedAliasStrings.includes(alias)), updatedAt: new Date() }).where('id', '=', target.id).execute();
          }
          await recomputeControl(tx, [sourceId, ...moves.ownedVendorIds]);
          const split = await tx
            .updateTable('vendorMerge')
            .set({ splitAt: new Date(), splitBy: actor.kind === 'user' ? actor.userId : null })
            .where('id', '=', mergeId)
            .returning(['id', 'sourceVendorId', 'targetVendorId', 'moved', 'mergedAt', 'mergedBy', 'splitAt', 'splitBy'])
            .executeTakeFirstOrThrow();
          const restored = await tx.selectFrom('vendor').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
          await appendAudit(tx, actor, { action: 'create', objectType: 'vendor', objectId: sourceId, after: restored, details: { operation: 'split', mergeId } });
          return { ...split, vendor: restored };
        },
        (constraint) => (constraint === 'vendor_lei_idx' ? 'lei' : constraint),
      );
    },
  };
}

export type VendorsService = ReturnType<typeof createVendorsService>;
