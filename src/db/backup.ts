import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { sql, type Kysely, type Transaction } from 'kysely';
import { DomainError } from '../domain/errors.ts';
import type { Database } from './schema.ts';

/**
 * A logical backup of every table: gzip-free NDJSON (the caller compresses) that restores on PGlite and on a
 * PostgreSQL server alike, because rows travel as `row_to_json` text and come back through
 * `json_populate_recordset` — PostgreSQL's own text forms of every type (bytea, jsonb, timestamptz, arrays).
 *
 * Line 1 is the header, then `{"t":table,"r":[rows]}` batches in foreign-key order, then a trailer with the row
 * counts and sequence states; a file without its trailer is truncated and is refused.
 */

const formatName = 'vitaal-backup';
const formatVersion = 1;
const batchRows = 500;

interface Header {
  format: typeof formatName;
  formatVersion: number;
  schemaVersion: string;
  createdAt: string;
  tables: { name: string; columns: string[] }[];
}

interface Trailer {
  end: true;
  rows: Record<string, number>;
  sequences: { name: string; lastValue: number; isCalled: boolean }[];
}

export interface BackupSummary {
  schemaVersion: string;
  rows: Record<string, number>;
}

type Executor = Kysely<Database> | Transaction<Database>;

interface TableShape {
  name: string;
  /** Insertable columns (generated columns are left out), in table order. */
  columns: string[];
  selfReferencing: boolean;
}

/** The application's tables (not the migration bookkeeping), parents before children. */
async function readTables(db: Executor): Promise<TableShape[]> {
  const { rows: columns } = await sql<{ tableName: string; columnName: string }>`
    select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
     where c.table_schema = current_schema() and c.is_generated = 'NEVER' and c.table_name not like 'kysely\\_migration%'
     order by c.table_name, c.ordinal_position`.execute(db);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent from pg_constraint con
      join pg_class child on child.oid = con.conrelid join pg_class parent on parent.oid = con.confrelid
     where con.contype = 'f' and con.connamespace = current_schema()::regnamespace`.execute(db);
  const shapes = new Map<string, TableShape>();
  for (const { tableName, columnName } of columns) {
    const shape = shapes.get(tableName) ?? { name: tableName, columns: [], selfReferencing: false };
    shape.columns.push(columnName);
    shapes.set(tableName, shape);
  }
  const parentsOf = new Map<string, Set<string>>();
  for (const { child, parent } of references) {
    if (child === parent) {
      const shape = shapes.get(child);
      if (shape) shape.selfReferencing = true;
    } else parentsOf.set(child, (parentsOf.get(child) ?? new Set()).add(parent));
  }
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[]) => {
    if (placed.has(name)) return;
    if (path.includes(name)) throw new Error(`Foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    for (const parent of [...(parentsOf.get(name) ?? [])].sort()) place(parent, [...path, name]);
    placed.add(name);
    const shape = shapes.get(name);
    if (shape) ordered.push(shape);
  };
  for (const name of [...shapes.keys()].sort()) place(name, []);
  return ordered;
}

async function readSequences(db: Executor): Promise<Trailer['sequences']> {
  const { rows: names } = await sql<{ name: string }>`select sequencename as name from pg_sequences where schemaname = current_schema() order by 1`.execute(db);
  const states: Trailer['sequences'] = [];
  for (const { name } of names) {
    const { rows } = await sql<{ lastValue: number; isCalled: boolean }>`select last_value, is_called from ${sql.id(name)}`.execute(db);
    const state = rows[0];
    if (state) states.push({ name, lastValue: Number(state.lastValue), isCalled: state.isCalled });
  }
  return states;
}

const lineOf = (value: unknown) => `${JSON.stringify(value)}\n`;

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await new Promise<void>((resolve, reject) => {
    output.once('drain', resolve);
    output.once('error', reject);
  });
}

/**
 * Writes a consistent snapshot of the database to `output` while it keeps serving: one repeatable-read, read-only
 * transaction, read through a cursor so that memory stays bounded whatever the table sizes.
 */
export async function writeBackup(db: Kysely<Database>, output: Writable, schemaVersion: string, now: Date): Promise<BackupSummary> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      const tables = await readTables(trx);
      const header: Header = { format: formatName, formatVersion, schemaVersion, createdAt: now.toISOString(), tables: tables.map(({ name, columns }) => ({ name, columns })) };
      await write(output, lineOf(header));
      const rows: Record<string, number> = {};
      for (const table of tables) {
        let count = 0;
        await sql`declare backup_rows no scroll cursor for select row_to_json(t)::text as line from ${sql.id(table.name)} t`.execute(trx);
        for (;;) {
          const batch = await sql<{ line: string }>`fetch forward ${sql.raw(String(batchRows))} from backup_rows`.execute(trx);
          if (batch.rows.length === 0) break;
          count += batch.rows.length;
          await write(output, `{"t":${JSON.stringify(table.name)},"r":[${batch.rows.map((row) => row.line).join(',')}]}\n`);
        }
        await sql`close backup_rows`.execute(trx);
        rows[table.name] = count;
      }
      const trailer: Trailer = { end: true, rows, sequences: await readSequences(trx) };
      await write(output, lineOf(trailer));
      return { schemaVersion, rows };
    });
}

/** Why a backup file cannot be restored; the target is left as it was. */
const damaged = (message: string) => new DomainError('backup-invalid', message);

function parseLine(text: string, lineNumber: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw damaged(`Backup line ${lineNumber} is not valid JSON: the file is damaged or truncated`);
  }
}

function parseHeader(value: unknown): Header {
  const header = value as Partial<Header> | null;
  if (header?.format !== formatName) throw damaged('Not a Vitaal backup (the first line has no "format": "vitaal-backup")');
  if (header.formatVersion !== formatVersion) throw damaged(`Backup format version ${String(header.formatVersion)} is not supported (this Vitaal reads version ${formatVersion})`);
  if (typeof header.schemaVersion !== 'string' || !Array.isArray(header.tables)) throw damaged('The backup header lacks its schema version or table list');
  return header as Header;
}

/** Reads the header line of a backup: its schema version decides how far to migrate before loading rows. */
export async function readBackupHeader(input: Readable): Promise<{ header: Header; lines: AsyncIterableIterator<string> }> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw damaged('The backup file is empty');
  return { header: parseHeader(parseLine(first.value, 1)), lines };
}

/**
 * Loads the rows of a backup into an empty database that is at the backup's schema version, in one transaction:
 * on any error (damaged or truncated file, a row the schema refuses) nothing is kept.
 */
export async function loadBackup(db: Kysely<Database>, header: Header, lines: AsyncIterableIterator<string>): Promise<BackupSummary> {
  return db.transaction().execute(async (trx) => {
    const tables = new Map((await readTables(trx)).map((table) => [table.name, table]));
    for (const { name, columns } of header.tables) {
      const table = tables.get(name);
      if (!table) throw damaged(`The backup has table "${name}", which schema version ${header.schemaVersion} of this database lacks`);
      const missing = columns.filter((column) => !table.columns.includes(column));
      if (missing.length > 0) throw damaged(`Table "${name}" of this database lacks the backup's columns ${missing.join(', ')}`);
      const { rows } = await sql<{ present: boolean }>`select exists (select 1 from ${sql.id(name)}) as present`.execute(trx);
      if (rows[0]?.present) throw new DomainError('restore-target-not-empty', `Restore needs an empty database, but table "${name}" holds data`);
    }
    const columnsOf = new Map(header.tables.map((table) => [table.name, table.columns]));
    const insert = async (name: string, rows: unknown[]) => {
      const columns = sql.join((columnsOf.get(name) ?? []).map((column) => sql.id(column)));
      await sql`insert into ${sql.id(name)} (${columns}) overriding system value
                select ${columns} from json_populate_recordset(null::${sql.id(name)}, ${JSON.stringify(rows)}::json)`.execute(trx);
    };
    // A table that references itself is inserted in one statement, so every row finds its parent whatever the order.
    const heldBack = new Map<string, unknown[]>();
    const counts: Record<string, number> = {};
    let trailer: Trailer | undefined;
    let lineNumber = 1;
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      if (trailer) throw damaged(`Backup line ${lineNumber} follows the trailer`);
      const value = parseLine(text, lineNumber) as { t?: string; r?: unknown[] } & Partial<Trailer>;
      if (value.end === true) {
        trailer = value as Trailer;
        continue;
      }
      const name = value.t;
      if (typeof name !== 'string' || !Array.isArray(value.r) || !columnsOf.has(name)) throw damaged(`Backup line ${lineNumber} is not a batch of rows of a listed table`);
      counts[name] = (counts[name] ?? 0) + value.r.length;
      if (tables.get(name)?.selfReferencing) heldBack.set(name, [...(heldBack.get(name) ?? []), ...value.r]);
      else {
        for (const [heldName, heldRows] of heldBack) await insert(heldName, heldRows);
        heldBack.clear();
        await insert(name, value.r);
      }
    }
    for (const [heldName, heldRows] of heldBack) await insert(heldName, heldRows);
    if (!trailer) throw damaged('The backup file is truncated: its trailer is missing');
    for (const { name } of header.tables) {
      if ((counts[name] ?? 0) !== (trailer.rows[name] ?? 0))
        throw damaged(`Table "${name}": the backup holds ${counts[name] ?? 0} rows but its trailer says ${trailer.rows[name] ?? 0}`);
    }
    for (const sequence of trailer.sequences) await sql`select setval(${sequence.name}::regclass, ${sequence.lastValue}, ${sequence.isCalled})`.execute(trx);
    return { schemaVersion: header.schemaVersion, rows: counts };
  });
}
