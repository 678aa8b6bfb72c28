import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, invalid, isDomainError, type ErrorDetail } from '../domain/errors.ts';
import { parseTable, serialiseTable, type CellValue, type TabularFormat } from '../interop/tabular.ts';
import type { Actor } from './actor.ts';
import { readCondition } from './policy.ts';
import { isUuid, type RegistryService } from './registry/registry.service.ts';
import { resources, writableFields, type FieldSpec, type FieldType, type RegistryResourceName } from './registry/resources.ts';

export interface ImportResult {
  created: number;
  updated: number;
  /** Data rows read from the file. */
  rows: number;
}

/** Called as rows are written: `done` of `total` rows. */
export type ImportProgress = (done: number, total: number) => void;

/** One column of a registry file: a writable field; a reference field is a column of the referenced record's code, named without `Id`. */
interface Column {
  name: string;
  field: FieldSpec;
}

/** At most this many conversion problems are listed in one refusal. */
export const maxReportedProblems = 20;

// Kysely's typed builders cannot follow a table chosen at run time; the specs are the source of truth instead.
type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The columns of a registry's files, in the order of its spec. */
export const columnsOf = (name: RegistryResourceName): Column[] =>
  writableFields(resources[name]).map((field) => ({ name: field.type.kind === 'reference' ? field.name.replace(/Id$/, '') : field.name, field }));

/**
 * CSV and XLSX export and import of the registries. An import is transactional: every cell is converted and
 * checked first, then all rows are written in one transaction, so one invalid row refuses the whole file; every
 * refusal names the row (as a spreadsheet numbers it, header = row 1) and the column.
 */
export function createRegistryFilesService(db: Kysely<Database>, registry: RegistryService) {
  /** Code → id of the records of `resource` that `actor` may see. */
  async function idsByCode(actor: Actor, resource: RegistryResourceName): Promise<Map<string, string>> {
    const spec = resources[resource];
    const rows = (await (db as unknown as AnyDb).selectFrom(spec.table).select(['id', 'code']).where(readCondition(actor, spec.policy)).execute()) as {
      id: string;
      code: string;
    }[];
    return new Map(rows.map((row) => [row.code, row.id]));
  }

  /** For each referenced resource of `columns`: its code → id map. */
  async function referenceMaps(actor: Actor, columns: Column[]): Promise<Map<RegistryResourceName, Map<string, string>>> {
    const referenced = new Set(columns.flatMap(({ field }) => (field.type.kind === 'reference' ? [field.type.resource] : [])));
    return new Map(await Promise.all([...referenced].map(async (resource) => [resource, await idsByCode(actor, resource)] as const)));
  }

  return {
    /** The records of `name` that `actor` may see, as a CSV (UTF-8 with BOM) or XLSX file. */
    async exportRegistry(actor: Actor, name: RegistryResourceName, format: TabularFormat): Promise<Buffer> {
      checkRegistryName(name);
      const columns = columnsOf(name);
      const records = await registry.listAll(actor, name);
      // id → code; a referenced record the actor may not see keeps its id, as the API shows it.
      const codes = new Map([...(await referenceMaps(actor, columns))].map(([resource, ids]) => [resource, new Map([...ids].map(([code, id]) => [id, code]))]));
      const rows = records.map((record) =>
        Object.fromEntries(columns.map(({ name: column, field }) => [column, exportValue(field.type, record[field.name], codes)])),
      );
      return serialiseTable(format, columns.map((column) => column.name), rows, name);
    },

    /**
     * Creates or updates the records of a file, matched on the registry's natural key, all in one transaction.
     * Refuses the whole file, writing nothing, when a column is unknown, a required column is missing, or any
     * cell is invalid (up to 20 problems reported), or when the database refuses a row.
     */
    async importRegistry(actor: Actor, name: RegistryResourceName, format: TabularFormat, buffer: Buffer, onProgress?: ImportProgress): Promise<ImportResult> {
      checkRegistryName(name);
      const table = await parseTable(format, buffer);
      const columns = matchHeader(name, table.header);
      const references = await referenceMaps(actor, columns.map(({ column }) => column));
      const context: ConversionContext = { decimalComma: table.delimiter === ';', references };
      const problems: Problem[] = [];
      let problemCount = 0;
      const report = (row: number, column: string, message: string) => {
        problemCount++;
        if (problems.length < maxReportedProblems) problems.push({ row, column, message });
      };
      const keyColumns = resources[name].naturalKey.map((key) => columns.find(({ column }) => column.field.name === key)!.column);
      const firstRowOfKey = new Map<string, number>();

      const inputs = table.rows.map((row, index) => {
        const rowNumber = table.rowNumbers[index]!;
        const input: Record<string, unknown> = {};
        for (const { header, column } of columns) {
          try {
            const value = convertCell(column.field, row[header] ?? null, context);
            if (value !== undefined) input[column.field.name] = value;
          } catch (error) {
            if (!(error instanceof CellProblem)) throw error;
            report(rowNumber, column.name, error.message);
          }
        }
        const key = keyColumns.map((column) => input[column.field.name]);
        if (key.every((value) => typeof value === 'string')) {
          const keyText = key.join('\u0000');
          const first = firstRowOfKey.get(keyText);
          if (first === undefined) firstRowOfKey.set(keyText, rowNumber);
          else report(rowNumber, keyColumns[0]!.name, `repeats row ${first} (same ${keyColumns.map((column) => column.name).join(' and ')})`);
        }
        return input;
      });
      if (problemCount > 0) throw rowsInvalid(problems, problemCount);

      const total = inputs.length;
      onProgress?.(0, total);
      try {
        const { created, updated } = await registry.upsertMany(actor, name, inputs, (index) => onProgress?.(index + 1, total));
        return { created, updated, rows: total };
      } catch (error) {
        throw locateRowError(error, table.rowNumbers, columnsOf(name));
      }
    },
  };
}

export type RegistryFilesService = ReturnType<typeof createRegistryFilesService>;

function checkRegistryName(name: string): asserts name is RegistryResourceName {
  if (!Object.hasOwn(resources, name))
    throw invalid('unknown-registry', `Unknown registry "${name}"; the registries are ${Object.keys(resources).join(', ')}.`);
}

function exportValue(type: FieldType, value: unknown, codes: Map<RegistryResourceName, Map<string, string>>): CellValue {
  if (value === null || value === undefined) return null;
  if (type.kind === 'reference') return codes.get(type.resource)?.get(String(value)) ?? String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

/** Pairs each header cell with its column; refuses unknown and repeated columns and missing required ones. */
function matchHeader(name: RegistryResourceName, header: string[]): { header: string; column: Column }[] {
  const columns = columnsOf(name);
  const problems: Problem[] = [];
  const matched: { header: string; column: Column }[] = [];
  for (const cell of header) {
    const column = columns.find((candidate) => candidate.name.toLowerCase() === cell.toLowerCase());
    if (!column) problems.push({ row: 1, column: cell, message: `is not a column of ${name}` });
    else if (matched.some((entry) => entry.column === column)) problems.push({ row: 1, column: cell, message: 'appears twice' });
    else matched.push({ header: cell, column });
  }
  const unknown = problems.length > 0;
  for (const column of columns)
    if (column.field.required && !matched.some((entry) => entry.column === column)) problems.push({ row: 1, column: column.name, message: 'is required but missing' });
  if (problems.length === 0) return matched;
  const expected = columns.map((column) => (column.field.required ? `${column.name} (required)` : column.name)).join(', ');
  throw invalid(
    unknown ? 'import-unknown-column' : 'import-missing-column',
    `${placeOf(problems[0]!)}: ${problems[0]!.message}. The columns of ${name} are: ${expected}.`,
    problems.map(detailOf),
  );
}

/** A problem at a place in the file. */
interface Problem {
  row: number;
  column?: string;
  message: string;
}

const detailOf = ({ row, column, message }: Problem): ErrorDetail => ({ path: column === undefined ? `row ${row}` : `row ${row}, column ${column}`, message });
const placeOf = ({ row, column }: Problem) => (column === undefined ? `Row ${row}` : `Row ${row}, column "${column}"`);

function rowsInvalid(problems: Problem[], count: number): DomainError {
  const more = count > 1 ? ` (${count} problems in all; nothing was imported)` : '';
  return invalid('import-row-invalid', `${placeOf(problems[0]!)}: ${problems[0]!.message}${more}`, problems.map(detailOf));
}

/** Turns the `/rows/N/field` details of a refusal by `upsertMany` into the file's rows and columns. */
function locateRowError(error: unknown, rowNumbers: number[], columns: Column[]): unknown {
  if (!isDomainError(error)) return error;
  const problems = error.details.flatMap((detail): Problem[] => {
    const match = /^\/rows\/(\d+)(?:\/(.*))?$/.exec(detail.path);
    const row = match ? rowNumbers[Number(match[1]) - 1] : undefined;
    if (row === undefined) return [];
    const column = columns.find(({ field }) => field.name === match![2])?.name;
    return [{ row, ...(column === undefined ? {} : { column }), message: detail.message }];
  });
  if (problems.length === 0) return error;
  return new DomainError(error.code, `${placeOf(problems[0]!)}: ${error.message}`, problems.map(detailOf));
}

interface ConversionContext {
  /** Accept `52,1` for 52.1 (a semicolon CSV from Dutch Excel). */
  decimalComma: boolean;
  references: Map<RegistryResourceName, Map<string, string>>;
}

class CellProblem extends Error {}

const booleanWords: Record<string, boolean> = { true: true, false: false, ja: true, nee: false, '1': true, '0': false, waar: true, onwaar: false, yes: true, no: false };
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isoTimestampPattern = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * One cell as the value of `field`; throws a CellProblem saying what is wrong. An empty cell is null for a
 * nullable field, refused for a required one, and otherwise left out (the default on create, unchanged on update).
 */
function convertCell(field: FieldSpec, cell: CellValue, context: ConversionContext): unknown {
  const text = cell === null ? '' : String(cell).trim();
  if (text === '') {
    if (field.required) throw new CellProblem('is required');
    return field.nullable ? null : undefined;
  }
  const type = field.type;
  switch (type.kind) {
    case 'string':
      if (type.maxLength !== undefined && text.length > type.maxLength) throw new CellProblem(`is longer than ${type.maxLength} characters`);
      if (type.pattern !== undefined && !new RegExp(type.pattern).test(text)) throw new CellProblem(`must match the pattern ${type.pattern}`);
      if (type.format === 'email' && !emailPattern.test(text)) throw new CellProblem('must be an e-mail address');
      return text;
    case 'enum': {
      const value = type.values.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
      if (value === undefined) throw new CellProblem(`must be one of ${type.values.join(', ')}`);
      return value;
    }
    case 'integer':
    case 'number': {
      const value = toNumber(cell!, context.decimalComma);
      const whole = type.kind === 'integer';
      if (Number.isNaN(value) || (whole && !Number.isInteger(value)) || (type.minimum !== undefined && value < type.minimum) || (type.maximum !== undefined && value > type.maximum))
        throw new CellProblem(`must be ${whole ? 'a whole number' : 'a number'}${rangeOf(type.minimum, type.maximum)}`);
      return value;
    }
    case 'boolean': {
      const value = typeof cell === 'boolean' ? cell : booleanWords[text.toLowerCase()];
      if (value === undefined) throw new CellProblem('must be true or false (also ja/nee, 1/0)');
      return value;
    }
    case 'timestamp': {
      const value = new Date(text);
      if (!isoTimestampPattern.test(text) || Number.isNaN(value.getTime())) throw new CellProblem('must be an ISO 8601 date and time, such as 2026-03-01T09:00:00Z');
      return value;
    }
    case 'string-list': {
      const items = text.split(';').map((item) => item.trim()).filter((item) => item !== '');
      const wrong = type.values ? items.find((item) => !type.values!.includes(item)) : undefined;
      if (wrong !== undefined) throw new CellProblem(`"${wrong}" is not one of ${type.values!.join(', ')}`);
      return items;
    }
    case 'reference': {
      // A reference the actor may not see by code is exported as its id; such an id passes to the database's checks.
      const id = context.references.get(type.resource)?.get(text) ?? (isUuid(text) ? text.toLowerCase() : undefined);
      if (id === undefined) throw new CellProblem(`there is no ${resources[type.resource].noun.replaceAll('-', ' ')} with code "${text}"`);
      return id;
    }
  }
}

function toNumber(cell: Exclude<CellValue, null>, decimalComma: boolean): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean') return Number.NaN;
  let text = cell.trim();
  if (decimalComma && /^[+-]?\d*,\d+$/.test(text)) text = text.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

function rangeOf(minimum: number | undefined, maximum: number | undefined): string {
  if (minimum !== undefined && maximum !== undefined) return ` between ${minimum} and ${maximum}`;
  if (minimum !== undefined) return ` of at least ${minimum}`;
  if (maximum !== undefined) return ` of at most ${maximum}`;
  return '';
}
