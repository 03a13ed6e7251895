// audit.md (the human summary of audit.json) and the two audit figures (d = 2): pi's density with
// each region's certified mass written on it, data and sampler output overlaid; and the mixing
// bracket (relaxation time >= 1/gap_upper) against the sampling horizon. Rendered like the
// experiment figures (vega-lite -> SVG -> PNG with resvg, src/report/render.ts).
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import { renderVegaLite } from '../report/render.js';
import { writeFileAtomic } from '../util/files.js';

export interface AuditFigureInput {
  readonly energy: (x: Float64Array) => number; // f = E / T (float, for drawing only)
  readonly inner: Box;
  readonly regions: readonly { name: string; box: Box; mass: Interval }[];
  readonly data?: readonly Box[];
  readonly samples?: Float64Array;
  readonly dim: number;
  readonly gapUpper?: number;
  readonly alphaLower: number | null;
  readonly temperature: number;
  readonly stepSize?: number;
  readonly steps?: number;
  readonly horizon?: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A percentage with two decimals (three above 99.9%), or two significant digits below 0.1%. */
const pct = (p: number): string => (p === 0 || p === 1 ? (100 * p).toFixed(0) : 100 * p > 99.9 ? (100 * p).toFixed(3) : 100 * p >= 0.1 ? (100 * p).toFixed(2) : (100 * p).toPrecision(2));

function densitySpec(input: AuditFigureInput): TopLevelSpec {
  // Drawing window: where pi has its mass (regions and data), within the inner box.
  const xs: number[] = [], ys: number[] = [];
  for (const r of input.regions) { xs.push(r.box[0]!.lo, r.box[0]!.hi); ys.push(r.box[1]!.lo, r.box[1]!.hi); }
  for (const p of input.data ?? []) { xs.push(p[0]!.lo); ys.push(p[1]!.lo); }
  if (input.samples) for (let k = 0; k + 1 < input.samples.length; k += 2) { xs.push(input.samples[k]!); ys.push(input.samples[k + 1]!); }
  const clip = (v: number[], c: { lo: number; hi: number }, fb: [number, number]): [number, number] => {
    const f = v.filter(Number.isFinite);
    if (f.length === 0) return fb;
    return [Math.max(c.lo, Math.min(...f) - 0.5), Math.min(c.hi, Math.max(...f) + 0.5)];
  };
  const [xlo, xhi] = clip(xs, input.inner[0]!, [-4, 4]);
  const [ylo, yhi] = clip(ys, input.inner[1]!, [-4, 4]);
  const n = 120;
  const cells: { x: number; x2: number; y: number; y2: number; f: number }[] = [];
  const at = new Float64Array(2);
  let fmin = Infinity;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = xlo + ((xhi - xlo) * i) / n, y = ylo + ((yhi - ylo) * j) / n;
      at[0] = x + (xhi - xlo) / (2 * n); at[1] = y + (yhi - ylo) / (2 * n);
      const f = input.energy(at);
      fmin = Math.min(fmin, f);
      cells.push({ x, x2: x + (xhi - xlo) / n, y, y2: y + (yhi - ylo) / n, f });
    }
  const heat = cells.map((c) => ({ ...c, density: Math.exp(-(c.f - fmin)) }));
  const pts: { x: number; y: number; source: string }[] = [];
  (input.data ?? []).slice(0, 1500).forEach((p) => pts.push({ x: p[0]!.lo, y: p[1]!.lo, source: 'data' }));
  if (input.samples) for (let k = 0; k < Math.min(1500, input.samples.length / 2); k++) pts.push({ x: input.samples[2 * k]!, y: input.samples[2 * k + 1]!, source: 'sampler' });
  // Points outside the window are dropped here (resvg panics on some clipped circle paths).
  const shown = pts.filter((p) => p.x > xlo && p.x < xhi && p.y > ylo && p.y < yhi);
  const boxes = input.regions.map((r) => ({
    x: Math.max(xlo, r.box[0]!.lo), x2: Math.min(xhi, r.box[0]!.hi), y: Math.max(ylo, r.box[1]!.lo), y2: Math.min(yhi, r.box[1]!.hi),
    label: `${r.name}: ${pct(r.mass.lo)}-${pct(r.mass.hi)}%`,
  }));
  const enc = (sx: boolean) => ({
    x: { field: 'x', type: 'quantitative' as const, scale: { domain: [xlo, xhi], nice: false }, ...(sx ? { title: 'x1' } : {}) },
    y: { field: 'y', type: 'quantitative' as const, scale: { domain: [ylo, yhi], nice: false }, ...(sx ? { title: 'x2' } : {}) },
  });
  return {
    $schema: SCHEMA,
    title: { text: 'pi = exp(-E/T)/Z with certified region masses', subtitle: 'colour: density relative to its maximum; dots: data (blue), sampler output (red)', fontSize: 14 },
    width: 460,
    height: 460,
    layer: [
      { data: { values: heat }, mark: { type: 'rect' }, encoding: { ...enc(true), x2: { field: 'x2' }, y2: { field: 'y2' }, color: { field: 'density', type: 'quantitative', title: 'pi / max pi', scale: { scheme: 'greys', domain: [0, 1] } } } },
      { data: { values: shown }, mark: { type: 'circle', size: 7, opacity: 0.55 }, encoding: { ...enc(false), color: { field: 'source', type: 'nominal', title: 'points', scale: { domain: ['data', 'sampler'], range: ['#1f6fd1', '#e0452b'] } } } },
      { data: { values: boxes }, mark: { type: 'rect', fill: null, stroke: '#d08a00', strokeWidth: 1.5, clip: true }, encoding: { ...enc(false), x2: { field: 'x2' }, y2: { field: 'y2' } } },
      { data: { values: boxes }, mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, fontSize: 10, color: '#8a4b00', clip: true }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y2', type: 'quantitative' }, text: { field: 'label' } } },
    ],
    config: { font: 'DejaVu Sans' },
  } as unknown as TopLevelSpec;
}

function mixingSpec(input: AuditFigureInput): TopLevelSpec {
  const rows: { what: string; time: number }[] = [];
  const T = input.temperature;
  if (input.gapUpper !== undefined) rows.push({ what: 'relaxation time >= 1/(T gap_upper)', time: 1 / (T * input.gapUpper) });
  if (input.alphaLower !== null && input.alphaLower > 0) rows.push({ what: 'relaxation time <= 1/(T alpha_lower)', time: 1 / (T * input.alphaLower) });
  if (input.horizon !== undefined) rows.push({ what: 'sampling horizon (steps x eta)', time: input.horizon });
  const low = Math.min(...rows.map((r) => r.time)) / 10;
  const shown = rows.map((r) => ({ ...r, from: low, label: `${r.time.toPrecision(3)}` }));
  const y = { field: 'what', type: 'nominal', title: null, sort: null, axis: { labelLimit: 400 } };
  const x = { field: 'time', type: 'quantitative', scale: { type: 'log', domainMin: low }, title: 'engine time t (log scale)' };
  return {
    $schema: SCHEMA,
    title: { text: 'Mixing bracket against the sampling horizon', subtitle: 'relaxation time above the horizon: the dynamics cannot have forgotten its start (proofs/mixing-bracket.md)', fontSize: 14 },
    width: 420,
    height: 40 * Math.max(1, rows.length),
    data: { values: shown },
    layer: [
      { mark: { type: 'rule', strokeWidth: 8 }, encoding: { y, x: { field: 'from', type: 'quantitative', scale: { type: 'log', domainMin: low } }, x2: { field: 'time' }, color: { field: 'what', type: 'nominal', legend: null } } },
      { mark: { type: 'text', align: 'left', dx: 6, fontSize: 11 }, encoding: { y, x, text: { field: 'label' } } },
    ],
    config: { font: 'DejaVu Sans' },
  } as unknown as TopLevelSpec;
}

/** Renders both figures into dir (SVG and PNG); returns the file names written. */
export async function writeAuditFigures(dir: string, input: AuditFigureInput): Promise<string[]> {
  const out: string[] = [];
  for (const [name, spec] of [['audit-density', densitySpec(input)], ['audit-mixing', mixingSpec(input)]] as const) {
    if (process.env.EMCERT_AUDIT_DUMP) writeFileAtomic(join(dir, `${name}.vl.json`), JSON.stringify(spec));
    const fig = await renderVegaLite(spec);
    writeFileAtomic(join(dir, `${name}.svg`), fig.svg);
    writeFileAtomic(join(dir, `${name}.png`), fig.png);
    out.push(`${name}.png`);
  }
  return out;
}

/** The human summary: the terminal lines, the criteria table and the figures. */
export function auditMarkdown(audit: Record<string, unknown>, lines: readonly string[], figures: readonly string[]): string {
  const md: string[] = [`# Release audit: ${(audit.energy as { spec: string }).spec}`, ''];
  md.push(`Verdict: **${String(audit.verdict).toUpperCase()}** (exit ${String(audit.exitCode)}). Certified numbers come from the kernel`);
  md.push('(`emcert verify audit.json` replays them); the TV bounds are statistical (probability >= 1 - delta).', '');
  md.push('| criterion | status | detail |', '|---|---|---|');
  for (const c of audit.criteria as { name: string; status: string; detail: string }[]) md.push(`| ${c.name} | ${c.status} | ${c.detail} |`);
  md.push('', '```', ...lines, '```', '');
  for (const f of figures) md.push(`![${f}](${f})`, '');
  return md.join('\n');
}
