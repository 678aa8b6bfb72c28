import { createHash } from 'node:crypto';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';
import { Parser } from 'pg-protocol/dist/parser.js';
import { withCamelCaseNames } from './camel-case.ts';
import { DeferredBeginPostgresDialect } from './deferred-begin.ts';
import { credentialsChannel } from './migrations/0016-credential-notices.ts';
import { cataloguesChannel } from './migrations/0017-catalogue-notices.ts';
import { deadlinesChannel } from './migrations/0018-deadline-notices.ts';
import type { Database } from './schema.ts';

// int8 (counts, sequence numbers) as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The notices of changes, heard on the pool's own connections: to credentials (migration 0016), the imported control catalogues (0017) and incidents' report deadlines (0018). */
  notices: DatabaseNotices;
  /** Closes the pool and, for PGlite, the embedded database (else the process lingers). */
  close(): Promise<void>;
}

export type DatabaseTarget =
  /** `listens: false` behind a pooler in transaction mode, where a LISTEN does not stay with a connection (see `Config.databasePooling`). */
  | { kind: 'postgres'; url: string; maxConnections?: number; listens?: boolean }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; pglite: PGlite };

/**
 * Each prepared statement is planned once per connection, not at every execution: PostgreSQL keeps planning a
 * statement anew while a plan for its parameters looks cheaper than the generic one, and the access-controlled lists
 * take milliseconds to plan (under the load scenario, planning was half of a PostgreSQL server's work). Plans are a
 * matter of speed only; results are the same.
 */
const planOnce = 'plan_cache_mode=force_generic_plan';
/**
 * No JIT compilation on a PostgreSQL server (PGlite has none). A generic plan's cost is an estimate without the
 * parameters, and the access-controlled lists with a search estimate above `jit_above_cost`: each execution then
 * compiled some 230 functions for 90 to 230 ms to run a plan that takes one. Requests answer in milliseconds; JIT pays
 * off for analytical queries of seconds, which the platform does not run.
 */
const noJit = 'jit=off';

/**
 * Connections to a PostgreSQL server unless told otherwise (`VITAAL_DATABASE_CONNECTIONS`): twice this machine's
 * processors, and at least 4. More connections than the server has processors to run them do not answer sooner: they
 * take turns, and each plans every statement anew after an ANALYZE of its tables. On a 2-processor machine the load
 * scenario's p99 of reads was 39–81 ms in nine runs with 4 connections (median 45), and 43–177 ms in twelve with the 10
 * of before (median 55, two runs over 100 ms).
 */
export const defaultMaxConnections = Math.max(4, 2 * os.availableParallelism());

/** Opens Kysely over a PostgreSQL server or an embedded PGlite; the same queries run on both. */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    // A connection that cannot be made within seconds fails the request (503) instead of holding it while the server is away.
    // Idle connections stay open: a new one plans each statement anew, 2–8 ms for an access-controlled list, and the
    // pool opens it in a burst of requests, when they are the most costly (pg's default closed them after 10 s idle).
    const pool = new pg.Pool({
      Client: PreparingClient,
      connectionString: target.url,
      max: target.maxConnections ?? defaultMaxConnections,
      idleTimeoutMillis: 0,
      connectionTimeoutMillis: 5_000,
      options: `-c ${planOnce} -c ${noJit}`,
    });
    // When the server goes away, idle clients report the broken connection here; the pool drops them and the next
    // query connects anew. Without a listener the event would end the process.
    pool.on('error', () => {});
    const notices = target.listens === false ? noneHeard : listenOnEachConnection(pool);
    const db = new Kysely<Database>(withCamelCaseNames(new DeferredBeginPostgresDialect({ pool })));
    return { db, kind: 'postgres', notices, close: () => db.destroy() };
  }
  const pglite = 'pglite' in target ? target.pglite : new PGlite(target.dataDir);
  await pglite.waitReady;
  // Plan each prepared statement once. PGlite plans slowly: the planner asks the size of every table and index a
  // statement may use, and on a data folder each answer is a file-system call out of WebAssembly (a list of advisories
  // made hundreds). With the default, PostgreSQL kept planning most statements anew at every execution.
  await pglite.exec(`set ${planOnce}`);
  adaptProtocol(pglite);
  // PGlite is one session: a pool of one connection serialises transactions instead of interleaving them.
  const pool = new pg.Pool({ ...createPgConfig(pglite), Client: PreparingClient, max: 1 });
  const notices = listenOnEachConnection(pool);
  const db = new Kysely<Database>(withCamelCaseNames(new PostgresDialect({ pool })));
  return {
    db,
    kind: 'pglite',
    notices,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Notices of changes on one channel. */
export interface ChangeNotices {
  /** Whether a connection listens now. While none does, a change may go unheard. */
  readonly listening: boolean;
  /** Calls `onChange` at each notice, and when the last listening connection is gone (notices may have been missed). */
  subscribe(onChange: () => void): void;
}

/** Notices never heard: whatever relies on them remembers nothing (a service run without a database's notices, a connection that does not listen). */
export const unheard: ChangeNotices = { listening: false, subscribe: () => {} };

const channels = { credentials: credentialsChannel, catalogues: cataloguesChannel, deadlines: deadlinesChannel } as const;
export type DatabaseNotices = Record<keyof typeof channels, ChangeNotices>;
const perChannel = (noticesOf: (channel: string) => ChangeNotices) =>
  Object.fromEntries(Object.entries(channels).map(([name, channel]) => [name, noticesOf(channel)])) as DatabaseNotices;
const noneHeard = perChannel(() => unheard);

/**
 * Every connection of the pool listens on every channel. The connection that makes a change hears its own notice with
 * its commit, before the caller goes on; the others hear those of other processes. No connection of its own: a pool
 * keeps its connections while it is busy, and while it keeps none, nothing is remembered that a notice would have to undo.
 */
function listenOnEachConnection(pool: pg.Pool): DatabaseNotices {
  const listening = new Set<pg.Client>();
  const subscribers = new Map<string, (() => void)[]>(Object.values(channels).map((channel) => [channel, []]));
  const changed = (channel: string) => subscribers.get(channel)?.forEach((onChange) => onChange());
  pool.on('connect', (client) => {
    client.on('notification', (notice) => changed(notice.channel));
    // Queued before the statement the connection was opened for. A failure is that statement's to report.
    client.query(Object.values(channels).map((channel) => `listen ${channel};`).join(' ')).then(() => listening.add(client), () => {});
  });
  // Notices may have been missed: every channel counts as changed.
  pool.on('remove', (client) => listening.delete(client) && listening.size === 0 && Object.values(channels).forEach(changed));
  const noticesOf = (channel: string): ChangeNotices => ({
    get listening() {
      return listening.size > 0;
    },
    subscribe: (onChange) => subscribers.get(channel)!.push(onChange),
  });
  return perChannel(noticesOf);
}

/** The messages that start a statement: a query, the parsing of a new prepared statement, the binding of a prepared one. */
const statementStarts = new Set([0x51, 0x50, 0x42]);
/** Statements run this long without a pause: under a flood of requests, most time still goes to the ones admitted. */
const statementRunMs = 10;

/**
 * How PGlite's pg adapter talks to it. PGlite runs each statement synchronously on this thread, and the adapter hands
 * it the next one in a promise callback, so a queue of statements would run without a break: the server would accept
 * no request (and refuse none, so load shedding could not work) until the queue ran dry. A pause for the event loop
 * before a statement, once statements have run for a while, lets waiting requests in (to be served or shed).
 * PGlite's answers are read with pg's own protocol parser, and PGlite's is bypassed: it copies every value of every row
 * into a buffer of its own before decoding it, a tenth of the time of a read.
 */
function adaptProtocol(pglite: PGlite): void {
  const parser = new Parser();
  let lastPause = 0;
  pglite.execProtocolStream = async (message) => {
    if (statementStarts.has(message[0]!) && performance.now() - lastPause >= statementRunMs) {
      await new Promise(setImmediate);
      lastPause = performance.now();
    }
    const messages: BackendMessage[] = [];
    // Each chunk is a view on the database's memory, reused for the next: the parser gets a copy.
    await pglite.execProtocolRawStream(message, { onRawData: (chunk) => parser.parse(Buffer.from(chunk), (parsed) => messages.push(parsed)) });
    return messages as never;
  };
}

/** Distinct statements a connection keeps prepared; beyond them (say, `in` lists of ever new lengths) statements run unprepared. */
const preparedPerConnection = 2000;

/**
 * Runs each query as a named prepared statement of its connection, so that PostgreSQL plans a statement text once and
 * may reuse the plan: planning is most of the cost of the short queries behind an API request (on PGlite 1–6 ms a
 * query, as much as running it). The name is the text's hash, so the same text is the same statement. Transaction
 * control and migrations with several commands stay simple queries (`isPreparable`).
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Set<string>();

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // The pool listens for a broken connection only while the client is idle. Ended while checked out (a transaction
    // between statements when the server crashes or ends the session), the event would otherwise end the process; the
    // client's next statement fails instead, and the pool drops the client on release as it is no longer queryable.
    this.on('error', () => {});
  }

  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && isPreparable(text, values) && (this.#prepared.has(text) || this.#prepared.size < preparedPerConnection)) {
      this.#prepared.add(text);
      return super.query({ name: createHash('sha1').update(text).digest('base64url'), text, values } as never) as never;
    }
    return (super.query as (...rest: unknown[]) => never)(...args);
  }
}

/**
 * Statements with parameters, and selects without: a text without `;` is one statement (values travel as parameters,
 * so a `;` is in a literal, and such a rare select merely stays unprepared).
 */
const isPreparable = (text: string, values: unknown[]) => values.length > 0 || (/^\s*(select|with)\b/i.test(text) && !text.includes(';'));

/** The server's major version, for health reports. */
export async function readServerVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ serverVersion: string }>`show server_version`.execute(db);
  return rows[0]?.serverVersion ?? 'unknown';
}
