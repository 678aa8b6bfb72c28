import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

// Charts in reports are the same Vega-Lite specs the web UI draws (src/domain/charts), rendered to SVG without a
// browser. Specs carry their data inline: the loader refuses every URL and file so report data never leaves.
const noExternalData = vega.loader();
noExternalData.load = (uri: string) => Promise.reject(new Error(`Chart data must be inline; refused to load ${uri}`));

/** Renders a Vega-Lite spec (with inline data) to an SVG document. */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const vegaSpec = compile(spec).spec;
  // Vega only logs a failed load and draws an empty chart: refuse up front instead.
  const external = (vegaSpec.data ?? []).find((data) => 'url' in data);
  if (external) throw new Error(`Chart data must be inline; data "${external.name}" names a URL`);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', loader: noExternalData });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
