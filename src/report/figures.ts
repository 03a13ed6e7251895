// Vega-lite specs for the experiment figures: the energy landscape with samples of the two dynamics
// at a few times, and the KL curves (log scale) with the certified bounds drawn over them.
import type { TopLevelSpec } from 'vega-lite';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface HeatCell {
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
  readonly energy: number;
}

export interface SamplePoint {
  readonly x: number;
  readonly y: number;
  /** Which panel row: 'Langevin (ULA)' or 'gradient flow'. */
  readonly dynamics: string;
  /** Panel column label, for example 't = 0.5'. */
  readonly time: string;
}

export interface LandscapeFigureInput {
  readonly title: string;
  readonly heat: readonly HeatCell[];
  /** Colour range: energies above energyMax are drawn at the top colour. */
  readonly energyMin: number;
  readonly energyMax: number;
  /** Legend title of the colour scale (default E(x)); say there when the scale is clipped. */
  readonly energyTitle?: string | readonly string[];
  readonly samples: readonly SamplePoint[];
  readonly dynamics: readonly string[];
  readonly times: readonly string[];
  readonly box: readonly [readonly [number, number], readonly [number, number]];
}

export function landscapeFigure(input: LandscapeFigureInput): TopLevelSpec {
  const [[xlo, xhi], [ylo, yhi]] = input.box;
  const panel = (dynamics: string, time: string, first: boolean) => ({
    width: 190,
    height: 190,
    title: { text: `${dynamics}, ${time}`, fontSize: 12 },
    layer: [
      {
        data: { name: 'heat' },
        mark: { type: 'rect' as const },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const, scale: { domain: [xlo, xhi], nice: false }, title: 'x1', axis: { tickCount: 5 } },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative' as const, scale: { domain: [ylo, yhi], nice: false }, title: first ? 'x2' : null, axis: { tickCount: 5 } },
          y2: { field: 'y2' },
          color: {
            field: 'energy',
            type: 'quantitative' as const,
            title: input.energyTitle ?? 'E(x)',
            scale: { scheme: 'viridis', domain: [input.energyMin, input.energyMax], clamp: true },
          },
        },
      },
      {
        data: { name: 'samples' },
        transform: [{ filter: { and: [{ field: 'dynamics', equal: dynamics }, { field: 'time', equal: time }] } }],
        mark: { type: 'circle' as const, size: 9, opacity: 0.75, color: '#ff5a36', clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const },
          y: { field: 'y', type: 'quantitative' as const },
        },
      },
    ],
  });
  return {
    $schema: SCHEMA,
    title: { text: input.title, fontSize: 15 },
    datasets: { heat: input.heat as unknown as Record<string, unknown>[], samples: input.samples as unknown as Record<string, unknown>[] },
    vconcat: input.dynamics.map((d) => ({ hconcat: input.times.map((t, i) => panel(d, t, i === 0)) })),
    config: { font: 'DejaVu Sans', view: { stroke: '#888' } },
  } as TopLevelSpec;
}

export interface CurvePoint {
  /** Time (of f = E/T: t = steps x eta x T) or step count. */
  readonly x: number;
  readonly value: number;
  /** Legend label of the series. */
  readonly series: string;
}

export interface CurvePanel {
  readonly title: string;
  readonly xTitle: string;
  readonly yTitle: string;
  readonly points: readonly CurvePoint[];
  /** Series drawn dashed (bounds). */
  readonly dashed?: readonly string[];
  /** Log scale on y (values <= 0 are dropped, with the count in the subtitle). */
  readonly logY: boolean;
  /** A line under the panel title (for example: the certified bound is vacuous here). */
  readonly subtitle?: string | readonly string[];
  /** Lowest y the axis must show (so a threshold line is drawn inside the plot, not on its axis). */
  readonly yFloor?: number;
}

/** Side-by-side line charts sharing one legend per panel. */
export function curvesFigure(title: string, panels: readonly CurvePanel[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: { text: title, fontSize: 15 },
    hconcat: panels.map((p) => {
      const kept = p.logY ? p.points.filter((q) => q.value > 0 && Number.isFinite(q.value)) : p.points.filter((q) => Number.isFinite(q.value));
      const dropped = p.points.length - kept.length;
      const series = [...new Set(kept.map((q) => q.series))];
      const dashed = new Set(p.dashed ?? []);
      return {
        width: 300,
        height: 230,
        title: (() => {
          const sub = [...(p.subtitle === undefined ? [] : typeof p.subtitle === 'string' ? [p.subtitle] : p.subtitle), ...(dropped > 0 ? [`${dropped} non-positive values not drawn`] : [])];
          return { text: p.title, fontSize: 12, ...(sub.length > 0 ? { subtitle: sub, subtitleColor: '#b00000' } : {}) };
        })(),
        data: { values: kept as unknown as Record<string, unknown>[] },
        mark: { type: 'line' as const, strokeWidth: 2, clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const, title: p.xTitle },
          y: {
            field: 'value',
            type: 'quantitative' as const,
            title: p.yTitle,
            scale: { ...(p.logY ? { type: 'log' as const } : { zero: false }), ...(p.yFloor !== undefined ? { domainMin: p.yFloor } : {}) },
          },
          color: { field: 'series', type: 'nominal' as const, title: null, scale: { domain: series }, legend: { orient: 'bottom' as const, columns: 1, labelLimit: 360 } },
          strokeDash: {
            field: 'series',
            type: 'nominal' as const,
            scale: { domain: series, range: series.map((s) => (dashed.has(s) ? [6, 4] : [1, 0])) },
            legend: null,
          },
        },
      };
    }),
    resolve: { scale: { color: 'independent', strokeDash: 'independent' } },
    config: { font: 'DejaVu Sans' },
  } as TopLevelSpec;
}
