import { CompiledQuery, PostgresDialect, sql, type DatabaseConnection, type Driver, type Kysely, type QueryCompiler, type QueryResult, type RawBuilder, type TransactionSettings } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Whether a statement may run before the transaction has begun without changing what it does: a plain select built by
 * Kysely. Raw SQL (advisory locks), locking selects (`for update`, in the end modifiers), selects with a `with` clause
 * (which may hold a data-modifying statement) and every other statement begin the transaction first.
 */
export function readsOnly(query: CompiledQuery): boolean {
  const node = query.query;
  return node.kind === 'SelectQueryNode' && !node.endModifiers?.length && !node.with;
}

/**
 * Runs a select written in SQL as `select * from (…)`: a plain select to `readsOnly`, where raw SQL (which may lock or
 * write) would begin a deferred transaction, two round trips more. Only for statements that read.
 */
export async function selectInSql<Row extends object>(executor: Kysely<Database>, query: RawBuilder<Row>): Promise<Row[]> {
  return (await executor.selectFrom(sql<Row>`(${query})`.as('written')).selectAll().execute()) as Row[];
}

class DeferredBeginConnection implements DatabaseConnection {
  state: 'outside' | 'deferred' | 'begun' = 'outside';

  constructor(
    readonly inner: DatabaseConnection,
    private readonly beginNow: (connection: DatabaseConnection) => Promise<void>,
  ) {}

  async begin(): Promise<void> {
    await this.beginNow(this.inner);
    this.state = 'begun';
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.state === 'deferred' && !readsOnly(query)) await this.begin();
    return this.inner.executeQuery<R>(query);
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    // A cursor lives in a transaction: an implicit one would end under it.
    if (this.state === 'deferred') await this.begin();
    yield* this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Sends BEGIN only before a transaction's first statement that is not a plain select, and COMMIT only when it did.
 *
 * Why: most API requests are reads run in a transaction (so that their audit entries follow its commit) that consist of
 * selects only. Under READ COMMITTED each statement takes its own snapshot inside a transaction as outside one, so
 * BEGIN and COMMIT around selects change nothing they see, yet cost two round trips of the 6–8 a read makes; under
 * load the socket writes of round trips were the largest single cost of the server's thread (a third of it).
 * Transactions that write (or lock, or ask for an isolation level or access mode) behave exactly as before: the
 * selects before their first write see what they would have seen, and everything from the write on commits or rolls
 * back together.
 */
class DeferredBeginDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new DeferredBeginConnection(await this.inner.acquireConnection(), (connection) => this.inner.beginTransaction(connection, {}));
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const deferred = connection as DeferredBeginConnection;
    if (settings.isolationLevel || settings.accessMode) {
      await this.inner.beginTransaction(deferred.inner, settings);
      deferred.state = 'begun';
    } else deferred.state = 'deferred';
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const deferred = connection as DeferredBeginConnection;
    const begun = deferred.state === 'begun';
    deferred.state = 'outside';
    if (begun) await this.inner.commitTransaction(deferred.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const deferred = connection as DeferredBeginConnection;
    const begun = deferred.state === 'begun';
    deferred.state = 'outside';
    if (begun) await this.inner.rollbackTransaction(deferred.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    const deferred = connection as DeferredBeginConnection;
    if (deferred.state === 'deferred') await deferred.begin();
    await this.inner.savepoint!(deferred.inner, name, compileQuery);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!((connection as DeferredBeginConnection).inner, name, compileQuery);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!((connection as DeferredBeginConnection).inner, name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as DeferredBeginConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * The PostgreSQL dialect for a server, with transactions that begin at their first write. Not for PGlite: there a
 * statement outside a transaction block costs more than BEGIN and COMMIT save (measured in-process on the load mix of
 * issue 8: 7.1 ms a read with BEGIN, 11.3 ms without), and it has no round trips to save.
 */
export class DeferredBeginPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new DeferredBeginDriver(super.createDriver());
  }
}
