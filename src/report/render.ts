// Figures: a vega-lite spec is compiled to vega, rendered headless to SVG by vega's View (no
// browser, no canvas), and the SVG is rasterised to PNG by resvg (a Rust renderer shipped as an
// npm binary) with the system fonts (DejaVu here).
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface RenderedFigure {
  readonly svg: string;
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export async function renderVegaLite(spec: TopLevelSpec, options: { scale?: number } = {}): Promise<RenderedFigure> {
  // vega-lite warns on stderr about harmless legend merges; figures are checked by tests instead.
  const vgSpec = compile(spec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const resvg = new Resvg(svg, {
      background: 'white',
      fitTo: { mode: 'zoom', value: options.scale ?? 1.5 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    });
    const image = resvg.render();
    const png = image.asPng();
    return { svg, png: new Uint8Array(png), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}
