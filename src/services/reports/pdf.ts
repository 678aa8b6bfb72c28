import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { DateTime } from 'luxon';
import { reportingZone } from '../../domain/reporting-deadlines.ts';
import type { Tlp } from '../../domain/tlp.ts';

/**
 * Every PDF of Vitaal (cycle reports, incident reports, overviews) is one declarative `Report` rendered here,
 * so that all of them share the page layout, the TLP marking on every page and the dual UTC/Amsterdam time stamp.
 */

export type ReportBlock =
  | { kind: 'paragraph'; text: string }
  /** Label–value pairs, for the facts of one object. */
  | { kind: 'facts'; rows: readonly (readonly [label: string, value: string])[] }
  | { kind: 'table'; columns: readonly string[]; rows: readonly (readonly (string | number | null)[])[]; caption?: string }
  /** A chart as SVG (src/services/reports/charts.ts renders Vega-Lite specs to SVG). */
  | { kind: 'chart'; svg: string; caption?: string; width?: number };

export interface ReportSection {
  heading: string;
  blocks: readonly ReportBlock[];
}

export interface Report {
  title: string;
  subtitle?: string;
  /** Printed on every page, in the TLP 2.0 colours. */
  tlp?: Tlp;
  language: 'nl' | 'en';
  generatedAt: Date;
  sections: readonly ReportSection[];
}

const phrases = {
  nl: { generated: 'Opgesteld', page: 'Pagina', of: 'van', empty: 'Geen gegevens.' },
  en: { generated: 'Generated', page: 'Page', of: 'of', empty: 'No data.' },
} as const;

/** TLP 2.0 colours (FIRST): the label's colour on black. */
const tlpColours: Record<Tlp, string> = {
  'TLP:CLEAR': '#FFFFFF',
  'TLP:GREEN': '#33FF00',
  'TLP:AMBER': '#FFC000',
  'TLP:AMBER+STRICT': '#FFC000',
  'TLP:RED': '#FF2B2B',
};

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: path.join(fontDir, 'Roboto-Regular.ttf'),
    bold: path.join(fontDir, 'Roboto-Medium.ttf'),
    italics: path.join(fontDir, 'Roboto-Italic.ttf'),
    bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
  },
});
// Report content comes from users: it may never make the renderer fetch a URL or read a file other than the fonts.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir + path.sep));

/** The instant in UTC and in Europe/Amsterdam, as every report shows it. */
export function formatInstantBoth(instant: Date): string {
  const utc = DateTime.fromJSDate(instant, { zone: 'utc' });
  return `${utc.toFormat("yyyy-LL-dd HH:mm 'UTC'")} (${utc.setZone(reportingZone).toFormat("yyyy-LL-dd HH:mm ZZ 'Amsterdam'")})`;
}

function tableBlock(block: Extract<ReportBlock, { kind: 'table' }>, language: Report['language']): Content {
  if (block.rows.length === 0) return { text: phrases[language].empty, italics: true, margin: [0, 0, 0, 8] };
  const header: TableCell[] = block.columns.map((column) => ({ text: column, bold: true }));
  const body: TableCell[][] = block.rows.map((row) =>
    row.map((cell) => (typeof cell === 'number' ? { text: cell.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB'), alignment: 'right' } : { text: cell ?? '–' })),
  );
  return {
    stack: [
      ...(block.caption ? [{ text: block.caption, bold: true, margin: [0, 0, 0, 4] } as Content] : []),
      { table: { headerRows: 1, widths: block.columns.map(() => '*'), body: [header, ...body], dontBreakRows: true }, layout: 'lightHorizontalLines', fontSize: 9 },
    ],
    margin: [0, 0, 0, 10],
  };
}

function blockContent(block: ReportBlock, language: Report['language']): Content {
  switch (block.kind) {
    case 'paragraph':
      return { text: block.text, margin: [0, 0, 0, 8] };
    case 'facts':
      return {
        table: { widths: [150, '*'], body: block.rows.map(([label, value]) => [{ text: label, bold: true }, { text: value }]) },
        layout: 'noBorders',
        margin: [0, 0, 0, 10],
      };
    case 'table':
      return tableBlock(block, language);
    case 'chart':
      return {
        stack: [{ svg: block.svg, width: block.width ?? 480 }, ...(block.caption ? [{ text: block.caption, italics: true, fontSize: 9, margin: [0, 4, 0, 0] } as Content] : [])],
        margin: [0, 0, 0, 12],
        unbreakable: true,
      };
  }
}

function tlpMark(tlp: Tlp | undefined): Content {
  if (!tlp) return { text: '' };
  return { table: { body: [[{ text: tlp, bold: true, color: tlpColours[tlp], fillColor: '#000000', margin: [4, 1, 4, 1] }]] }, layout: 'noBorders', alignment: 'right' };
}

export function documentDefinition(report: Report): TDocumentDefinitions {
  const words = phrases[report.language];
  return {
    info: { title: report.title, subject: report.subtitle, creator: 'Vitaal', producer: 'Vitaal', creationDate: report.generatedAt },
    language: report.language,
    pageSize: 'A4',
    pageMargins: [48, 56, 48, 56],
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    header: { columns: [{ text: report.title, fontSize: 8, color: '#555555' }, tlpMark(report.tlp)], margin: [48, 20, 48, 0] },
    footer: (currentPage, pageCount) => ({
      columns: [
        { text: `${words.generated} ${formatInstantBoth(report.generatedAt)}`, fontSize: 8, color: '#555555' },
        { text: `${words.page} ${currentPage} ${words.of} ${pageCount}`, fontSize: 8, alignment: 'right', color: '#555555' },
      ],
      margin: [48, 20, 48, 0],
    }),
    content: [
      { text: report.title, fontSize: 20, bold: true, color: '#154273', margin: [0, 0, 0, 4] },
      ...(report.subtitle ? [{ text: report.subtitle, fontSize: 12, color: '#333333', margin: [0, 0, 0, 16] } as Content] : []),
      ...report.sections.flatMap((section): Content[] => [
        { text: section.heading, fontSize: 14, bold: true, color: '#154273', margin: [0, 12, 0, 6], headlineLevel: 1 },
        ...section.blocks.map((block) => blockContent(block, report.language)),
      ]),
    ],
  };
}

/** Renders the report to a PDF document. */
export async function renderPdf(report: Report): Promise<Buffer> {
  const bytes = await pdfmake.createPdf(documentDefinition(report)).getBuffer();
  return Buffer.from(bytes);
}
