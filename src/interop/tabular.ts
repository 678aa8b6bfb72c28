import type { ErrorCodeOfKind } from '../domain/error-codes.ts';
import { parse as parseCsvText, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { invalid, type DomainError } from '../domain/errors.ts';
import { checkZipExpansion, xlsxZipLimits, type ZipLimits } from './zip-limits.ts';

/**
 * Spreadsheet files (CSV, XLSX) as a header and rows of plain cell values; the registry import and export
 * build on it. Row numbers are those a spreadsheet shows: the header is row 1, the first data row row 2.
 */
export type TabularFormat = 'csv' | 'xlsx';
export const tabularFormats: readonly TabularFormat[] = ['csv', 'xlsx'];

export type CellValue = string | number | boolean | null;
export type TableRow = Record<string, CellValue>;

export interface Table {
  /** Column names as written in the header row (trimmed). */
  header: string[];
  /** Data rows keyed by column name; entirely empty rows are left out. CSV cells are always strings. */
  rows: TableRow[];
  /** The spreadsheet row number of each entry of `rows`. */
  rowNumbers: number[];
  /** The CSV delimiter found: `;` in files saved by Dutch Excel, whose numbers then use a decimal comma. */
  delimiter?: ',' | ';';
}

/** Reads a CSV or XLSX file; refuses a malformed one with a DomainError naming the row. */
export async function parseTable(format: TabularFormat, buffer: Buffer): Promise<Table> {
  return format === 'csv' ? parseCsv(buffer) : parseXlsx(buffer);
}

/** Writes rows under a header of `columns`, in that order; a missing or null value is an empty cell. */
export async function serialiseTable(format: TabularFormat, columns: readonly string[], rows: readonly TableRow[], sheetName = 'Sheet1'): Promise<Buffer> {
  return format === 'csv' ? serialiseCsv(columns, rows) : serialiseXlsx(columns, rows, sheetName);
}

const rowError = (code: ErrorCodeOfKind<'invalid'>, row: number, message: string): DomainError =>
  invalid(code, `Row ${row}: ${message}`, [{ path: `row ${row}`, message }]);

// Cells that a spreadsheet would run as a formula (OWASP "CSV injection"); written with a leading apostrophe, and
// read back without it. Apostrophes already before the formula character count in, so that a value that itself
// begins `'=` reads back as written.
const escapedFormula = /^'*[=+\-@\t\r]/;

/**
 * Parses UTF-8 CSV with a header row (BOM tolerated); the delimiter, comma or semicolon, is the one the
 * header row uses most. Every record must have as many cells as the header.
 */
export function parseCsv(buffer: Buffer): Table {
  const text = buffer.toString('utf8');
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ''));
  let records: { record: string[]; info: { records: number } }[];
  try {
    records = parseCsvText(text, { bom: true, delimiter, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const failed = (error as CsvError & { records?: number }).records ?? 0;
      throw rowError('file-malformed', failed + 1, csvProblem(error));
    }
    throw error;
  }
  const isEmpty = (record: string[]) => record.every((cell) => cell.trim() === '');
  const headerIndex = records.findIndex(({ record }) => !isEmpty(record));
  if (headerIndex < 0) throw invalid('file-empty', 'The file is empty: it needs a header row.', [{ path: 'row 1', message: 'no header row' }]);
  const headerRecord = records[headerIndex]!;
  const columns = headerColumns(headerRecord.record, headerRecord.info.records, (index) => records.slice(headerIndex + 1).some(({ record }) => (record[index] ?? '').trim() !== ''));
  const table: Table = { header: columns.map((column) => column.name), rows: [], rowNumbers: [], delimiter };
  for (const { record, info } of records.slice(headerIndex + 1)) {
    if (isEmpty(record)) continue;
    if (record.length !== headerRecord.record.length)
      throw rowError('file-malformed', info.records, `has ${record.length} cells where the header has ${headerRecord.record.length}`);
    table.rows.push(Object.fromEntries(columns.map(({ name, index }) => [name, unescapeFormula(record[index] ?? '')])));
    table.rowNumbers.push(info.records);
  }
  return table;
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is not closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows the closing quote of a cell';
    default:
      return error.message;
  }
}

/** The delimiter used most outside quotes in the first line. */
function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

const unescapeFormula = (cell: string) => (cell.startsWith("'") && escapedFormula.test(cell.slice(1)) ? cell.slice(1) : cell);

/**
 * Names the header's columns; an unnamed column is dropped when it holds no data and refused otherwise,
 * and a name may appear once.
 */
function headerColumns(cells: readonly CellValue[], row: number, hasData: (index: number) => boolean): { name: string; index: number }[] {
  const columns: { name: string; index: number }[] = [];
  for (const [index, cell] of cells.entries()) {
    const name = cell === null ? '' : String(cell).trim();
    if (name === '') {
      if (hasData(index)) throw invalid('unnamed-column', `Row ${row}: column ${index + 1} has data but no name.`, [{ path: `row ${row}, column ${index + 1}`, message: 'has data but no name' }]);
      continue;
    }
    if (columns.some((column) => column.name === name))
      throw invalid('duplicate-column', `Row ${row}: column "${name}" appears twice.`, [{ path: `row ${row}, column ${name}`, message: 'appears twice' }]);
    columns.push({ name, index });
  }
  return columns;
}

/** Writes RFC 4180 CSV (comma, CRLF) with a BOM, so that Excel reads it as UTF-8. */
export function serialiseCsv(columns: readonly string[], rows: readonly TableRow[]): Buffer {
  const text = stringify(
    [columns as string[], ...rows.map((row) => columns.map((column) => csvCell(row[column] ?? null)))],
    { bom: true, record_delimiter: 'windows' },
  );
  return Buffer.from(text, 'utf8');
}

function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return escapedFormula.test(value) ? `'${value}` : value;
  return String(value);
}

/** Reads the first worksheet; its first non-empty row is the header. A zip bomb is refused before exceljs unpacks it. */
export async function parseXlsx(buffer: Buffer, limits: ZipLimits = xlsxZipLimits): Promise<Table> {
  checkZipExpansion(buffer, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares an older Buffer type than @types/node 20.
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw invalid('file-unreadable', `The file is not a readable XLSX workbook (${(error as Error).message}).`);
  }
  const sheet = workbook.worksheets[0];
  const rows: { number: number; cells: CellValue[] }[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: CellValue[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(xlsxCell(row.getCell(column).value, number, column));
    if (cells.some((cell) => !isBlank(cell))) rows.push({ number, cells });
  });
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) throw invalid('file-empty', 'The first worksheet is empty: it needs a header row.', [{ path: 'row 1', message: 'no header row' }]);
  const columns = headerColumns(headerRow.cells, headerRow.number, (index) => dataRows.some(({ cells }) => !isBlank(cells[index] ?? null)));
  const table: Table = { header: columns.map((column) => column.name), rows: [], rowNumbers: [] };
  for (const { number, cells } of dataRows) {
    const beyond = cells.findIndex((cell, index) => index >= headerRow.cells.length && !isBlank(cell));
    if (beyond >= 0) throw rowError('file-malformed', number, `has a value in column ${beyond + 1}, which has no header`);
    table.rows.push(Object.fromEntries(columns.map(({ name, index }) => [name, cells[index] ?? null])));
    table.rowNumbers.push(number);
  }
  return table;
}

const isBlank = (cell: CellValue) => cell === null || (typeof cell === 'string' && cell.trim() === '');

/** A cell's value as plain data: formulas give their cached result, rich text and links their text, dates ISO 8601. */
function xlsxCell(value: ExcelJS.CellValue, row: number, column: number): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return xlsxCell(value.text as ExcelJS.CellValue, row, column);
  if ('error' in value) throw invalid('cell-error', `Row ${row}, column ${column}: the cell holds the error ${value.error}.`, [{ path: `row ${row}, column ${column}`, message: `holds the error ${value.error}` }]);
  if ('formula' in value || 'sharedFormula' in value) return xlsxCell(value.result ?? null, row, column);
  return null;
}

/** Writes one worksheet with a bold, frozen header row, an auto-filter and widths that fit the content. */
export async function serialiseXlsx(columns: readonly string[], rows: readonly TableRow[], sheetName: string): Promise<Buffer> {
  return serialiseWorkbook([{ name: sheetName, columns, rows }]);
}

export interface Sheet {
  name: string;
  columns: readonly string[];
  rows: readonly TableRow[];
}

/** Writes a workbook of several worksheets, each as `serialiseXlsx` writes one (names cut to Excel's 31 characters). */
export async function serialiseWorkbook(sheets: readonly Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { name, columns, rows } of sheets) {
    const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((column) => ({ header: column, key: column, width: columnWidth(column, rows) }));
    for (const row of rows) sheet.addRow(columns.map((column) => row[column] ?? null));
    sheet.getRow(1).font = { bold: true };
    if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Widths in characters; sampling the first rows keeps large exports fast.
function columnWidth(column: string, rows: readonly TableRow[]): number {
  const longest = rows.slice(0, 1000).reduce((width, row) => Math.max(width, String(row[column] ?? '').length), column.length);
  return Math.min(60, Math.max(8, longest + 2));
}
