// Grid-propagation route (proofs/stopping-grid-propagation.md): certified TV(mu_k, pi) for k = 1..N at a
// few step sizes, and the first k with TV <= 0.1, with CPU seconds per propagation run; each certified
// TV(mu_k, pi) is compared with the reference TV at the same (h, k) and any k where it is not above is
// flagged. The truth: the smallest N with TV <= 0.1 over 9 step sizes of a fine lattice ULA propagation
// (bench/gridTvReference.ts, not rigorous). Run: npx tsx bench/gridPropagation.ts [name prefix]
import { gridPropagationBounds, type GridSpec } from '../src/kernel/stopping/gridPropagation.js';
import type { EnergyModel } from '../src/kernel/model.js';
import { minimalTvSteps, tvCurve, type Potential2D } from './gridTvReference.js';

const softplus = (z: number): number => (z > 30 ? z : Math.log1p(Math.exp(z)));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const expr = (source: string): EnergyModel => ({ kind: 'expression', dim: 2, source });
interface Case { name: string; reference: Potential2D; model: EnergyModel; box: [number, number, number, number]; hs: number[]; w: number; tail: GridSpec['tail'] }
const CASES: Case[] = [
  {
    // (x1^2 - 1)^2 + 0.5 x2^2 written as W + U with U = x1^2 + 0.5 x2^2 strongly convex (the tail evidence).
    name: 'double well (x1^2-1)^2 + 0.5 x2^2',
    reference: { f: (x, y) => (x * x - 1) ** 2 + 0.5 * y * y, grad: (x, y) => [4 * x * (x * x - 1), y] },
    model: { kind: 'sum', dim: 2, terms: [{ weight: 1, model: expr('(x1^2 - 1.5)^2 - 1.25') }, { weight: 1, model: expr('x1^2 + 0.5*x2^2') }] },
    box: [-3.5, 3.5, -5.5, 5.5], hs: [0.03, 0.05], w: 2 ** -5, tail: { boundedTerms: [0], anchor: [0, 0] },
  },
  {
    name: '0.5 x1^2 + x2^2 + 0.5 sqrt(1 + (x1 + x2)^2)',
    reference: { f: (x, y) => 0.5 * x * x + y * y + 0.5 * Math.sqrt(1 + (x + y) ** 2), grad: (x, y) => { const u = (0.5 * (x + y)) / Math.sqrt(1 + (x + y) ** 2); return [x + u, 2 * y + u]; } },
    model: expr('0.5*x1^2 + x2^2 + 0.5*sqrt(1 + (x1 + x2)^2)'), box: [-6, 6, -5, 5], hs: [0.1, 0.2], w: 2 ** -4, tail: { boundedTerms: [], anchor: [0, 0] } },
  {
    name: '0.5|x|^2 + 2 softplus(2 x1 - x2)',
    reference: { f: (x, y) => 0.5 * (x * x + y * y) + 2 * softplus(2 * x - y), grad: (x, y) => [x + 4 * sigmoid(2 * x - y), y - 2 * sigmoid(2 * x - y)] },
    model: expr('0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)'), box: [-7, 5, -5, 6], hs: [0.1, 0.2], w: 2 ** -4, tail: { boundedTerms: [], anchor: [0, 0] } },
];
const m = 128, N = 10, eps = 0.1;
const only = process.argv[2];
for (const c of CASES) {
  if (only && !c.name.startsWith(only)) continue;
  const w = c.w;
  const truth = minimalTvSteps(c.reference, [c.box[0], c.box[1], c.box[2], c.box[3]], [0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3], eps, 40, { mean: 0, std: 1 });
  console.log(`${c.name}: reference minimal N = ${truth?.steps ?? 'none'} (h = ${truth?.h ?? '-'})`);
  for (const h of c.hs) {
    const s = Math.sqrt(2 * h);
    const grid: GridSpec = {
      origin: [c.box[0], c.box[2]], width: [w, w], cells: [(c.box[1] - c.box[0]) / w, (c.box[3] - c.box[2]) / w],
      subdivisions: m, window: Math.ceil((4.5 * s) / w), dropBelow: 1e-12, tail: c.tail,
    };
    const t0 = process.cpuUsage();
    const r = gridPropagationBounds(c.model, 1, { mean: 0, std: 1 }, { lo: h, hi: h }, N, grid, 'all');
    const cpu = (process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6;
    if (!r.ok) { console.log(`${c.name} h=${h}: ${r.reason}`); continue; }
    const first = r.tv.findIndex((t) => t <= eps);
    const ref = tvCurve(c.reference, c.box, h, N, { mean: 0, std: 1 });
    const below = r.tv.flatMap((t, k) => (k >= 1 && !(t > ref[k]!) ? [k] : []));
    console.log(`${c.name} | h=${h} | first N with TV<=${eps}: ${first < 0 ? 'none' : first} | TV: ${r.tv.slice(1).map((t) => t.toFixed(4)).join(' ')} | chain L1 at N: ${r.chain[N]!.toExponential(2)} | w=${w} | cpu ${cpu.toFixed(1)} s`);
    console.log(`  reference TV: ${ref.slice(1).map((t) => t.toFixed(4)).join(' ')} | certified above the reference at every k: ${below.length === 0 ? 'yes' : `NO at k = ${below.join(', ')}`}`);
  }
}
