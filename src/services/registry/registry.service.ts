import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import type { Actor } from '../actor.ts';
import { appendAudit, appendAuditEntries, canonicalJson } from '../audit.ts';
import { fieldOfConstraint, translateDatabaseError } from '../database-errors.ts';
import { auditedReads, authorizeWrite, readCondition } from '../policy.ts';
import { inTransaction } from '../transaction.ts';
import { resources, updatableFields, writableFields, type RegistryResourceName, type ResourceSpec } from './resources.ts';
import { pageWithTotal } from '../paging.ts';

export type Record_ = Record<string, unknown> & { id: string };

export interface Page {
  limit: number;
  offset: number;
}

/** A page of a list, with the number of items in the whole list. */
export interface Paged<T> extends Page {
  items: T[];
  total: number;
}

export type ListResult = Paged<Record_>;

export const maxPageSize = 1000;

// Rows per multi-row INSERT: a resource has at most about 15 columns, far below the 65,535 bind parameters.
const insertBatchSize = 500;

// Kysely's typed builders cannot follow a table chosen at run time; the specs are the source of truth instead.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const columnsOf = (spec: ResourceSpec) => ['id', ...spec.fields.map((field) => field.name)];
const snakeTable = (spec: ResourceSpec) => spec.table.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The generic registry use cases (list, read, create, update) for every resource of `resources.ts`, policy-checked and audited. */
export function createRegistryService(db: Kysely<Database>) {
  const fieldOf = (spec: ResourceSpec) => (constraint: string) => fieldOfConstraint(snakeTable(spec), constraint);

  const selectVisible = (executor: Kysely<Database> | Transaction<Database>, spec: ResourceSpec, actor: Actor) =>
    (executor as unknown as AnyDb).selectFrom(spec.table).where(readCondition(actor, spec.policy));

  async function findVisible(tx: Transaction<Database>, spec: ResourceSpec, actor: Actor, id: string): Promise<Record_ | undefined> {
    if (!isUuid(id)) return undefined;
    return (await selectVisible(tx, spec, actor).select(columnsOf(spec)).where('id', '=', id).executeTakeFirst()) as Record_ | undefined;
  }

  const subjectOf = (spec: ResourceSpec, row: Record<string, unknown>) =>
    spec.ownerField ? (row[spec.ownerField] as string | undefined) ?? null : null;

  async function auditRead(tx: Transaction<Database>, spec: ResourceSpec, actor: Actor, row: Record_ | undefined, details: Record<string, unknown>) {
    if (!auditedReads.has(spec.policy)) return;
    await appendAudit(tx, actor, {
      action: row ? 'read' : 'list',
      objectType: spec.noun,
      objectId: row?.id ?? null,
      subjectOrgId: row ? subjectOf(spec, row) : null,
      details,
    });
  }

  return {
    /** A page of the records `actor` may see, filtered by equality on the spec's filters. */
    async list(actor: Actor, name: RegistryResourceName, filters: Record<string, string | undefined>, page: Page): Promise<ListResult> {
      const spec = resources[name];
      return inTransaction(db, async (tx) => {
        let query = selectVisible(tx, spec, actor);
        for (const filter of spec.filters) {
          const value = filters[filter.name];
          if (value !== undefined) query = filter.condition ? query.where(filter.condition(value)) : query.where(filter.field, '=', value);
        }
        const { rows: items, total } = (await pageWithTotal(
          tx,
          query
            .select(columnsOf(spec))
            .orderBy(spec.orderBy)
            .orderBy('id'),
          query.select((eb) => eb.fn.countAll().as('total')),
          page,
        )) as { rows: Record_[]; total: number };
        await auditRead(tx, spec, actor, undefined, { filters, count: items.length });
        return { items, total, ...page };
      });
    },

    /** One record; not-found when it does not exist or `actor` may not see it (no difference is revealed). */
    async get(actor: Actor, name: RegistryResourceName, id: string): Promise<Record_> {
      const spec = resources[name];
      return inTransaction(db, async (tx) => {
        const row = await findVisible(tx, spec, actor, id);
        if (!row) throw notFound(spec.noun, id);
        await auditRead(tx, spec, actor, row, {});
        return row;
      });
    },

    /** Creates a record after the policy allows it; the write and its audit entry commit together. */
    async create(actor: Actor, name: RegistryResourceName, input: Record<string, unknown>): Promise<Record_> {
      const spec = resources[name];
      return inTransaction(
        db,
        async (tx) => {
          const values = pick(input, writableFields(spec).map((field) => field.name));
          await authorizeWrite(actor, spec.policy, { tx, after: values });
          const row = (await (tx as unknown as AnyDb).insertInto(spec.table).values(values).returning(columnsOf(spec)).executeTakeFirstOrThrow()) as Record_;
          await appendAudit(tx, actor, { action: 'create', objectType: spec.noun, objectId: row.id, subjectOrgId: subjectOf(spec, row), after: row });
          return row;
        },
        fieldOf(spec),
      );
    },

    /** Changes the given fields of a visible record; immutable fields are refused. */
    async update(actor: Actor, name: RegistryResourceName, id: string, patch: Record<string, unknown>): Promise<Record_> {
      const spec = resources[name];
      return inTransaction(
        db,
        async (tx) => (await updateIn(tx, spec, actor, id, patch)).row,
        fieldOf(spec),
      );
    },

    /**
     * Inserts or updates many records by their natural key in one transaction (imports, seeding):
     * either every row is written or, on the first refused row, none. New rows are inserted in batches;
     * a refused batch is retried row by row to name the offending row.
     */
    async upsertMany(actor: Actor, name: RegistryResourceName, rows: Record<string, unknown>[], onRow?: (index: number) => void) {
      const spec = resources[name];
      const keyOf = (row: Record<string, unknown>) => spec.naturalKey.map((key) => String(row[key])).join('\u0000');
      return inTransaction(
        db,
        async (tx) => {
          const existing = new Map(
            ((await (tx as unknown as AnyDb).selectFrom(spec.table).select(['id', ...spec.naturalKey]).execute()) as Record_[]).map((row) => [keyOf(row), row.id]),
          );
          const inserts: { index: number; values: Record<string, unknown> }[] = [];
          let updated = 0;
          for (const [index, input] of rows.entries()) {
            try {
              const id = existing.get(keyOf(input));
              if (id) {
                const { changed } = await updateIn(tx, spec, actor, id, pick(input, updatableFields(spec).map((field) => field.name)));
                if (changed) updated++;
              } else {
                const values = pick(input, writableFields(spec).map((field) => field.name));
                await authorizeWrite(actor, spec.policy, { tx, after: values });
                existing.set(keyOf(input), 'pending');
                inserts.push({ index, values });
              }
            } catch (error) {
              throw withRow(translateDatabaseError(error, fieldOf(spec)), index);
            }
            onRow?.(index);
          }
          for (let start = 0; start < inserts.length; start += insertBatchSize) {
            const batch = inserts.slice(start, start + insertBatchSize);
            const created = await insertBatch(tx, spec, batch);
            await appendAuditEntries(
              tx,
              actor,
              created.map((row) => ({ action: 'create', objectType: spec.noun, objectId: row.id, subjectOrgId: subjectOf(spec, row), after: row })),
            );
          }
          return { created: inserts.length, updated };
        },
        fieldOf(spec),
      );
    },

    /** A visible record by its human code (`code` field); not-found otherwise. */
    async findByCode(actor: Actor, name: RegistryResourceName, code: string): Promise<Record_> {
      const spec = resources[name];
      const row = (await selectVisible(db, spec, actor).select(columnsOf(spec)).where('code', '=', code).executeTakeFirst()) as Record_ | undefined;
      if (!row) throw notFound(spec.noun, code);
      return row;
    },

    /** Every visible record, for exports. */
    async listAll(actor: Actor, name: RegistryResourceName): Promise<Record_[]> {
      const spec = resources[name];
      return inTransaction(db, async (tx) => {
        const items = (await selectVisible(tx, spec, actor).select(columnsOf(spec)).orderBy(spec.orderBy).orderBy('id').execute()) as Record_[];
        await auditRead(tx, spec, actor, undefined, { export: true, count: items.length });
        return items;
      });
    },
  };

  async function insertBatch(tx: Transaction<Database>, spec: ResourceSpec, batch: { index: number; values: Record<string, unknown> }[]): Promise<Record_[]> {
    const insert = (values: Record<string, unknown>[]) =>
      (tx as unknown as AnyDb).insertInto(spec.table).values(values).returning(columnsOf(spec)).execute() as Promise<Record_[]>;
    await sql`savepoint upsert_batch`.execute(tx);
    try {
      const rows = await insert(batch.map((item) => item.values));
      await sql`release savepoint upsert_batch`.execute(tx);
      return rows;
    } catch {
      await sql`rollback to savepoint upsert_batch`.execute(tx);
    }
    const rows: Record_[] = [];
    for (const item of batch) {
      try {
        rows.push(...(await insert([item.values])));
      } catch (error) {
        throw withRow(translateDatabaseError(error, fieldOf(spec)), item.index);
      }
    }
    return rows;
  }

  /** Applies the fields of `patch` that differ from the stored row; an unchanged row is neither written nor audited. */
  async function updateIn(tx: Transaction<Database>, spec: ResourceSpec, actor: Actor, id: string, patch: Record<string, unknown>): Promise<{ row: Record_; changed: boolean }> {
    const before = await findVisible(tx, spec, actor, id);
    if (!before) throw notFound(spec.noun, id);
    const immutable = spec.fields.filter((field) => field.immutable && field.name in patch && patch[field.name] !== before[field.name]);
    if (immutable.length > 0)
      throw invalid('field-immutable', `${immutable.map((field) => field.name).join(', ')} cannot be changed after creation.`,
        immutable.map((field) => ({ path: `/${field.name}`, message: 'cannot be changed' })));
    const changes = Object.fromEntries(
      Object.entries(pick(patch, updatableFields(spec).map((field) => field.name))).filter(([field, value]) => canonicalJson(value) !== canonicalJson(before[field])),
    );
    const after = { ...before, ...changes };
    await authorizeWrite(actor, spec.policy, { tx, before, after });
    if (Object.keys(changes).length === 0) return { row: before, changed: false };
    const hasUpdatedAt = spec.fields.some((field) => field.name === 'updatedAt');
    const row = (await (tx as unknown as AnyDb)
      .updateTable(spec.table)
      .set({ ...changes, ...(hasUpdatedAt ? { updatedAt: new Date() } : {}) })
      .where('id', '=', id)
      .returning(columnsOf(spec))
      .executeTakeFirstOrThrow()) as Record_;
    await appendAudit(tx, actor, { action: 'update', objectType: spec.noun, objectId: id, subjectOrgId: subjectOf(spec, row), before, after: row });
    return { row, changed: true };
  }
}

export type RegistryService = ReturnType<typeof createRegistryService>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => uuidPattern.test(value);

function pick(input: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => input[name] !== undefined).map((name) => [name, input[name]]));
}

/** Prefixes the error's detail paths with the row number of an import (1-based, as a spreadsheet shows it). */
function withRow(error: unknown, index: number): unknown {
  if (error && typeof error === 'object' && 'details' in error && Array.isArray((error as { details: unknown }).details)) {
    const domainError = error as { details: { path: string; message: string }[]; message: string };
    domainError.details = domainError.details.length
      ? domainError.details.map((detail) => ({ ...detail, path: `/rows/${index + 1}${detail.path}` }))
      : [{ path: `/rows/${index + 1}`, message: domainError.message }];
  }
  return error;
}
