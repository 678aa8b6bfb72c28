import type { Config } from 'vega-lite';

/**
 * The look shared by every chart, in the web UI and in PDF reports: Rijkshuisstijl colours (lintblauw first) and
 * the report font. Spec builders in this folder put it in their spec's `config`.
 */
export const chartPalette = ['#154273', '#39870c', '#e17000', '#a90061', '#007bc7', '#673327', '#f9e11e', '#8fcae7'] as const;

export const chartConfig: Config = {
  font: 'Roboto, "RijksoverheidSansText", Verdana, sans-serif',
  background: '#ffffff',
  range: { category: [...chartPalette] },
  axis: { labelColor: '#333333', titleColor: '#000000', gridColor: '#e6e6e6', labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, color: '#154273', anchor: 'start' },
  view: { stroke: 'transparent' },
};
