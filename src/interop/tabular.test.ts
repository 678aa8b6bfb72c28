import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { parseCsv, parseTable, parseXlsx, serialiseTable } from './tabular.ts';

const csv = (text: string) => Buffer.from(text, 'utf8');

async function refusal(work: () => unknown): Promise<DomainError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError');
}

describe('parseCsv', () => {
  it('reads a comma-separated file with a BOM, quoted cells and CRLF line ends', () => {
    const table = parseCsv(csv('\uFEFFcode,name\r\na,"Noord, Holland"\r\nb,"line\none"\r\n'));
    expect(table).toEqual({
      header: ['code', 'name'],
      rows: [{ code: 'a', name: 'Noord, Holland' }, { code: 'b', name: 'line\none' }],
      rowNumbers: [2, 3],
      delimiter: ',',
    });
  });

  it('detects the semicolon of Dutch Excel', () => {
    const table = parseCsv(csv('code;latitude;name\nx;52,1;"a;b"\n'));
    expect(table.delimiter).toBe(';');
    expect(table.rows).toEqual([{ code: 'x', latitude: '52,1', name: 'a;b' }]);
  });

  it('skips empty lines but keeps the spreadsheet row numbers', () => {
    const table = parseCsv(csv('code;name\n\na;1\n;\n\nb;2\n'));
    expect(table.rows.map((row) => row.code)).toEqual(['a', 'b']);
    expect(table.rowNumbers).toEqual([3, 6]);
  });

  it('trims header names and drops an unnamed column without data', () => {
    const table = parseCsv(csv(' code ,name,\na,b,\n'));
    expect(table.header).toEqual(['code', 'name']);
    expect(table.rows).toEqual([{ code: 'a', name: 'b' }]);
  });

  it.each([
    ['an unclosed quote', 'code,name\na,b\nc,"d\ne,f\n', 3, 'a quoted cell is not closed'],
    ['text after a closing quote', 'code,name\na,"b"c\n', 2, 'text follows the closing quote of a cell'],
    ['too many cells', 'code,name\na,b\nc,d,e\n', 3, 'has 3 cells where the header has 2'],
    ['too few cells', 'code,name\na\n', 2, 'has 1 cells where the header has 2'],
  ])('refuses %s, naming the row', async (_, text, row, message) => {
    const error = await refusal(() => parseCsv(csv(text)));
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('file-malformed');
    expect(error.details).toEqual([{ path: `row ${row}`, message }]);
  });

  it('refuses an empty file, a repeated column and data under an unnamed column', async () => {
    expect((await refusal(() => parseCsv(csv('\n\n')))).code).toBe('file-empty');
    expect((await refusal(() => parseCsv(csv('code,code\na,b\n')))).details).toEqual([{ path: 'row 1, column code', message: 'appears twice' }]);
    expect((await refusal(() => parseCsv(csv('code,\na,b\n')))).code).toBe('unnamed-column');
  });
});

describe('serialiseTable and parseTable', () => {
  const columns = ['code', 'name', 'latitude', 'keyAsset', 'notes'];
  const rows = [
    { code: 'a', name: 'Zoë, "quoted"; and more', latitude: 52.37, keyAsset: true, notes: null },
    { code: 'b', name: '=HYPERLINK("http://evil")', latitude: -4.5, keyAsset: false, notes: 'two\nlines' },
  ];

  it('round-trips CSV, with strings that look like formulas defused', async () => {
    const buffer = await serialiseTable('csv', columns, rows);
    expect(buffer.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(buffer.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const table = await parseTable('csv', buffer);
    expect(table.header).toEqual(columns);
    expect(table.rows).toEqual([
      { code: 'a', name: 'Zoë, "quoted"; and more', latitude: '52.37', keyAsset: 'true', notes: '' },
      { code: 'b', name: '=HYPERLINK("http://evil")', latitude: '-4.5', keyAsset: 'false', notes: 'two\nlines' },
    ]);
  });

  it('round-trips XLSX with typed cells, a bold frozen filtered header and fitted widths', async () => {
    const buffer = await serialiseTable('xlsx', columns, rows, 'assets');
    const table = await parseTable('xlsx', buffer);
    expect(table.header).toEqual(columns);
    expect(table.rows).toEqual([
      { code: 'a', name: 'Zoë, "quoted"; and more', latitude: 52.37, keyAsset: true, notes: null },
      { code: 'b', name: '=HYPERLINK("http://evil")', latitude: -4.5, keyAsset: false, notes: 'two\nlines' },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('assets')!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(2).width).toBe('=HYPERLINK("http://evil")'.length + 2);
    expect(sheet.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
  });
});

describe('parseXlsx', () => {
  async function workbookOf(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('first');
    rows.forEach((row, index) => sheet.getRow(index + 1).values = row as ExcelJS.CellValue[]);
    workbook.addWorksheet('second').addRow(['ignored']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  it('reads the first worksheet: dates, formulas, rich text and links as plain values; empty rows skipped', async () => {
    const table = await parseXlsx(
      await workbookOf([
        ['code', 'when', 'sum', 'text', 'link'],
        [],
        ['a', new Date('2026-01-02T03:04:05Z'), { formula: '1+1', result: 2 }, { richText: [{ text: 'Rich ' }, { text: 'text' }] }, { text: 'site', hyperlink: 'https://example.nl' }],
      ]),
    );
    expect(table.rows).toEqual([{ code: 'a', when: '2026-01-02T03:04:05.000Z', sum: 2, text: 'Rich text', link: 'site' }]);
    expect(table.rowNumbers).toEqual([3]);
  });

  it('refuses a value beyond the header, an error cell and a file that is not a workbook', async () => {
    expect((await refusal(async () => parseXlsx(await workbookOf([['code'], ['a', 'stray']])))).details).toEqual([
      { path: 'row 2', message: 'has a value in column 2, which has no header' },
    ]);
    expect((await refusal(async () => parseXlsx(await workbookOf([['code'], [{ error: '#N/A' }]])))).details).toEqual([
      { path: 'row 2, column 1', message: 'holds the error #N/A' },
    ]);
    expect((await refusal(() => parseXlsx(csv('code\na\n')))).code).toBe('file-unreadable');
    expect((await refusal(async () => parseXlsx(await workbookOf([])))).code).toBe('file-empty');
  });
});
