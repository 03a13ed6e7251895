// Producer (untrusted): a bounded frame set's piece with W = the network terms minus a fitted trend.
// On a bounded set any quadratic q may move from W into U: W_E = N - q (the piece's bump is -q),
// U = (E - W_E)/T = (regulariser + q)/T, so hess U = (lambda I + hess q)/T and the set pays
// exp(osc(N - q)/T) / m instead of exp(osc N / T) T / lambda (proofs/poincare-decomposition.md,
// section 3: the same Holley-Stroock split, the bump being any expression). Why: the Lyapunov tail
// clips the frame sets reaching infinity to a box K (lyapunovTail.ts), and across such a strip a
// network rises or falls by several units along it; on models/8gaussians at T = 0.5 the sampled osc
// of the network over the clipped worst quadrant is 5.47, and 4.29 after an affine trend.
// The kernel decides (checkLocalPoincare); nothing here is trusted.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import { boxRange } from '../kernel/checks/lsi.js';
import { checkLocalPoincare, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { energyFromModel } from '../energy/spec.js';

/** q(x) = a . x + sum_k (b_k / 2) (x_k - c_k)^2, c the set's centre. */
export interface FrameTrend {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly c: readonly number[];
}

export interface FrameTrendOptions {
  /** Samples per axis for the fit (default 48). */
  readonly samples?: number;
  /** Largest side of a cover box before refinement (default 0.5). */
  readonly boxWidth?: number;
  /** Halvings of a box whose interval range of W sticks out of the sampled one by more than 0.05 (default 8). */
  readonly depth?: number;
}

/** A decimal the expression parser reads back as the same double (six significant digits: the fit is
 *  a search, any value is sound). */
function decimal(v: number): string {
  return `(${String(Number(v.toPrecision(6)))})`;
}

/** The piece's bump, -q, as an expression in x1, x2, ... */
export function trendBump(t: FrameTrend): string {
  const parts: string[] = [];
  t.a.forEach((a, k) => { if (a !== 0) parts.push(`${decimal(a)}*x${k + 1}`); });
  t.b.forEach((b, k) => { if (b !== 0) parts.push(`${decimal(b / 2)}*(x${k + 1} - ${decimal(t.c[k]!)})^2`); });
  return parts.length === 0 ? '0' : `-(${parts.join(' + ')})`;
}

/**
 * The trend minimising the float model osc(N - q)/T - log(min_k (lambda + b_k)/T) over samples of the set
 * (pattern search with halving steps: osc is convex in (a, b), -log m convex in b), with
 * lambda + b_k >= lambda / 4. Rounded to the bump's decimals.
 */
export function fitFrameTrend(samples: readonly { x: readonly number[]; w: number }[], set: Box, lambda: number, temperature: number): { trend: FrameTrend; model: number } {
  const d = set.length;
  const c = set.map((s) => 0.5 * (s.lo + s.hi));
  const cost = (p: readonly number[]): number => {
    let lo = Infinity, hi = -Infinity;
    for (const s of samples) {
      let q = 0;
      for (let k = 0; k < d; k++) q += p[k]! * s.x[k]! + 0.5 * p[d + k]! * (s.x[k]! - c[k]!) ** 2;
      const v = s.w - q;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    let m = Infinity;
    for (let k = 0; k < d; k++) m = Math.min(m, lambda + p[d + k]!);
    return m >= lambda / 4 ? (hi - lo) / temperature - Math.log(m / temperature) : Infinity;
  };
  // Directions: each coordinate, and all curvatures together (m is their minimum, so moving one b_k
  // alone pays in log m before osc gains on the other axes).
  const directions: number[][] = [];
  for (let k = 0; k < 2 * d; k++) directions.push(Array.from({ length: 2 * d }, (_, j) => (j === k ? 1 : 0)));
  directions.push(Array.from({ length: 2 * d }, (_, j) => (j < d ? 0 : 1)));
  let p = new Array<number>(2 * d).fill(0);
  let best = cost(p);
  for (let step = 1; step > 1e-4; step /= 2) {
    for (let improved = true; improved;) {
      improved = false;
      for (const dir of directions) for (const sign of [1, -1]) {
        const next = p.map((v, j) => v + sign * dir[j]! * (j < d ? step : step * lambda));
        const v = cost(next);
        if (v < best - 1e-12) { best = v; p = next; improved = true; }
      }
    }
  }
  const round = (v: number) => Number(v.toPrecision(6));
  const trend = { a: p.slice(0, d).map(round), b: p.slice(d).map(round), c: c.map(round) };
  return { trend, model: best };
}

/**
 * A bounded set's piece with W = the network terms minus the fitted trend, its cover boxes refined where
 * the interval range of W sticks out of the sampled range, and the kernel's constant (Infinity when the
 * kernel refuses it). `lambda` is the regulariser's (E-units).
 */
export function trendFramePiece(energy: Energy, temperature: number, set: Box, terms: readonly number[], lambda: number, opts: FrameTrendOptions = {}): { piece: PoincarePieceEvidence; constant: number; trend: FrameTrend } {
  if (set.length !== 2 || !set.every((s) => Number.isFinite(s.lo) && Number.isFinite(s.hi))) throw new Error('trendFramePiece: a bounded 2-d set only');
  const all = flattenSum(energy.model);
  const network: EnergyModel = { kind: 'sum', dim: energy.dim, terms: terms.map((k) => all[k]!) };
  const floatN = energyFromModel(network);
  const n = opts.samples ?? 48;
  const samples: { x: number[]; w: number }[] = [];
  const x = new Float64Array(2);
  for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
    x[0] = set[0]!.lo + ((set[0]!.hi - set[0]!.lo) * i) / n;
    x[1] = set[1]!.lo + ((set[1]!.hi - set[1]!.lo) * j) / n;
    samples.push({ x: [x[0], x[1]], w: floatN.value(x) });
  }
  const { trend } = fitFrameTrend(samples, set, lambda, temperature);
  const bump = trendBump(trend);
  const w: EnergyModel = { kind: 'sum', dim: energy.dim, terms: [...terms.map((k) => all[k]!), { weight: 1, model: { kind: 'expression', dim: energy.dim, source: bump } }] };
  const floatW = energyFromModel(w);
  let lo = Infinity, hi = -Infinity;
  for (const s of samples) {
    const v = floatW.value(Float64Array.from(s.x));
    lo = Math.min(lo, v); hi = Math.max(hi, v);
  }
  const width = opts.boxWidth ?? 0.5;
  const cuts = set.map((s) => {
    const k = Math.max(1, Math.ceil((s.hi - s.lo) / width));
    return Array.from({ length: k + 1 }, (_, i) => (i === 0 ? s.lo : i === k ? s.hi : s.lo + ((s.hi - s.lo) * i) / k));
  });
  const cover: Box[] = [];
  const visit = (b: Box, left: number): void => {
    const r = boxRange(w, 1, b);
    if (left === 0 || !(r.lo < lo - 0.05 || r.hi > hi + 0.05)) { cover.push(b); return; }
    const k = b[0]!.hi - b[0]!.lo >= b[1]!.hi - b[1]!.lo ? 0 : 1;
    const mid = 0.5 * (b[k]!.lo + b[k]!.hi);
    visit(b.map((c, a) => (a === k ? { lo: c.lo, hi: mid } : c)), left - 1);
    visit(b.map((c, a) => (a === k ? { lo: mid, hi: c.hi } : c)), left - 1);
  };
  for (let i = 0; i + 1 < cuts[0]!.length; i++) for (let j = 0; j + 1 < cuts[1]!.length; j++) {
    visit([{ lo: cuts[0]![i]!, hi: cuts[0]![i + 1]! }, { lo: cuts[1]![j]!, hi: cuts[1]![j + 1]! }], opts.depth ?? 8);
  }
  const piece: PoincarePieceEvidence = { set, bump, boundedTerms: terms, cover };
  const r = checkLocalPoincare(energy.model, temperature, piece, 'trend frame');
  return { piece, constant: r.ok ? r.value.constant : Infinity, trend };
}
