import { describe, expect, it } from 'vitest';
import { pdfContents } from '../../../test/pdf.ts';
import { chartConfig } from '../../domain/charts/theme.ts';
import { renderChartSvg } from './charts.ts';
import { formatInstantBoth, renderPdf } from './pdf.ts';

const generatedAt = new Date('2026-03-29T00:30:00Z');

describe('renderChartSvg', () => {
  it('renders a Vega-Lite spec with inline data to SVG', async () => {
    const svg = await renderChartSvg({
      config: chartConfig,
      data: { values: [{ indicator: 'fysiek', score: 3 }, { indicator: 'digitaal', score: 2 }] },
      mark: 'bar',
      encoding: { x: { field: 'indicator', type: 'nominal' }, y: { field: 'score', type: 'quantitative' } },
    });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('fysiek');
    expect(svg.match(/<path[^>]*aria-roledescription="bar"/g)?.length ?? svg.match(/role-mark/g)?.length).toBeGreaterThan(0);
  });

  it('refuses a spec that would load data from a URL', async () => {
    await expect(renderChartSvg({ data: { url: 'https://example.org/data.json' }, mark: 'point' })).rejects.toThrow(/inline/);
  });
});

describe('renderPdf', () => {
  it('writes title, sections, tables, facts and a chart, with the TLP label and both time zones on every page', async () => {
    const svg = await renderChartSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
    const rows = Array.from({ length: 120 }, (_, index) => [`maatregel ${index + 1}`, index * 1000, index % 2 === 0 ? null : 'gereed']);
    const pdf = await renderPdf({
      title: 'Cyclusrapport drinkwater',
      subtitle: 'Stap 1 tot en met 4',
      tlp: 'TLP:AMBER',
      language: 'nl',
      generatedAt,
      sections: [
        { heading: 'Aanwijzing', blocks: [{ kind: 'facts', rows: [['Categorie', 'A'], ['Besluit', 'Vitaal']] }, { kind: 'paragraph', text: 'Zie de risicodiagram hieronder — € 1.200.000.' }] },
        { heading: 'Risicodiagram', blocks: [{ kind: 'chart', svg, caption: 'Kans × impact' }] },
        { heading: 'Actieprogramma', blocks: [{ kind: 'table', columns: ['Maatregel', 'Kosten', 'Status'], rows }] },
        { heading: 'Leeg', blocks: [{ kind: 'table', columns: ['A'], rows: [] }] },
      ],
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const contents = await pdfContents(pdf);
    expect(contents.title).toBe('Cyclusrapport drinkwater');
    expect(contents.pageCount).toBeGreaterThan(1);
    for (const page of contents.pages) {
      expect(page).toContain('TLP:AMBER');
      expect(page).toContain('2026-03-29 00:30 UTC (2026-03-29 01:30 +01:00 Amsterdam)');
      expect(page).toMatch(/Pagina \d+ van \d+/);
    }
    expect(contents.text).toContain('€ 1.200.000');
    expect(contents.text).toContain('maatregel 120');
    expect(contents.text).toContain('119.000');
    expect(contents.text).toContain('Geen gegevens.');
  });
});

describe('formatInstantBoth', () => {
  it('shows summer time after the spring clock change', () => {
    expect(formatInstantBoth(new Date('2026-03-29T01:30:00Z'))).toBe('2026-03-29 01:30 UTC (2026-03-29 03:30 +02:00 Amsterdam)');
  });
});
