// Producer (untrusted): a convexifying bump over one coordinate fitted by linear programming.
//
// Holley-Stroock pays exp(-osc W) for f = U + W with hess U >= m I. For a fixed m the best W over one
// coordinate x_i is the m-convex envelope's defect, which is only C^1; we fit a smooth, bounded
// stand-in W(x) = (1 - t^2) P(t), t = tanh((x_i - c) / s), P a polynomial of degree K. W is linear in
// P's coefficients, and so are the two things that matter at each sample point:
//   * the curvature condition: hess f(x) - W''(x_i) e_i e_i^T >= m I, which (Schur complement on the
//     other coordinates) is the linear bound W''(x_i) <= H_ii - m - h^T (H_rest - m I)^-1 h;
//   * the oscillation: inf W >= lo, sup W <= hi (W -> 0 at infinity, so lo <= 0 <= hi).
// Minimising hi - lo is a linear program. The kernel then certifies the stored expression on a cover;
// nothing here is trusted, and a poor fit only costs tightness.
import type { TimeCap } from './timeCap.js';
import { solveCoveringLp } from './linearProgram.js';

export interface LpBumpParams {
  readonly coord: number;
  readonly center: number;
  readonly width: number;
  /** Coefficients of P in powers of t, lowest first (f-units: W, not W_E = T W). */
  readonly coef: readonly number[];
}

/** One curvature bound of the fit: W''(x) <= bound at x (f-units). */
export interface CurvatureBound {
  readonly x: number;
  readonly bound: number;
}

/** g_j(t) = t^j - t^{j+2} = (1 - t^2) t^j, with its first two t-derivatives. */
function basisInT(j: number, t: number): [number, number, number] {
  const a = j;
  const b = a + 2;
  const pow = (e: number): number => (e < 0 ? 0 : t ** e);
  return [pow(a) - pow(b), a * pow(a - 1) - b * pow(b - 1), a * (a - 1) * pow(a - 2) - b * (b - 1) * pow(b - 2)];
}

/** W, W' and W'' (x-derivatives) of each basis function at x. */
function basisAt(p: { center: number; width: number }, K: number, x: number): { w: number[]; w2: number[] } {
  const t = Math.tanh((x - p.center) / p.width);
  const q = 1 - t * t;
  const w: number[] = [];
  const w2: number[] = [];
  for (let j = 0; j <= K; j++) {
    const [g, gt, gtt] = basisInT(j, t);
    w.push(g);
    w2.push((gtt * q * q - 2 * t * q * gt) / (p.width * p.width));
  }
  return { w, w2 };
}

export function lpBumpProfile(p: LpBumpParams, x: number): [number, number, number] {
  const t = Math.tanh((x - p.center) / p.width);
  const q = 1 - t * t;
  let w = 0;
  let wt = 0;
  let wtt = 0;
  p.coef.forEach((c, j) => {
    const [g, gt, gtt] = basisInT(j, t);
    w += c * g;
    wt += c * gt;
    wtt += c * gtt;
  });
  return [w, (wt * q) / p.width, (wtt * q * q - 2 * t * q * wt) / (p.width * p.width)];
}

/** sup W - inf W, sampled finely in t (which covers the whole line); W -> 0 at both ends. */
export function lpBumpOscillation(p: LpBumpParams): number {
  let lo = 0;
  let hi = 0;
  for (let k = -2000; k <= 2000; k++) {
    const t = k / 2000;
    let w = 0;
    p.coef.forEach((c, j) => (w += c * basisInT(j, t)[0]));
    lo = Math.min(lo, w);
    hi = Math.max(hi, w);
  }
  return hi - lo;
}

/** The stored expression W_E = T W, Horner form in t (the kernel encloses it as written). */
export function lpBumpSource(p: LpBumpParams, temperature: number): string {
  const t = `tanh((x${p.coord + 1} - (${p.center})) / ${p.width})`;
  const coefs = p.coef.map((c) => round6(c * temperature));
  let horner = `${coefs[coefs.length - 1]}`;
  for (let j = coefs.length - 2; j >= 0; j--) horner = `${coefs[j]} + ${t} * (${horner})`;
  return `(1 - ${t}^2) * (${horner})`;
}

/** Coefficients as stored (6 significant digits): the fit is checked with these, not the LP's. */
function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/**
 * Minimise osc W subject to W'' <= bound at every given point. Returns null when the program is
 * infeasible (no bump of this shape makes U m-convex at the points) or the solve fails.
 *
 * As a covering program (solveCoveringLp: min f.y, A y >= b, y >= 0, f >= 0): y = (q, hi, -lo) with
 * P's coefficients p = q - maxCoef (so |p_j| <= maxCoef is 0 <= q_j <= 2 maxCoef), cost hi + (-lo).
 */
export function fitLpBump(coord: number, center: number, width: number, degree: number, bounds: readonly CurvatureBound[], temperature: number, maxCoef = 200): LpBumpParams | null {
  const k = degree + 1;
  const n = k + 2;
  const rows: Float64Array[] = [];
  const rhs: number[] = [];
  const row = (coefs: readonly number[], hi: number, negLo: number): Float64Array => {
    const r = new Float64Array(n);
    coefs.forEach((v, j) => (r[j] = v));
    r[k] = hi;
    r[k + 1] = negLo;
    return r;
  };
  const sum = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0);
  for (const b of bounds) {
    const { w, w2 } = basisAt({ center, width }, degree, b.x);
    // W''.p <= bound  <=>  -W''.q >= -bound - maxCoef sum W''
    rows.push(row(w2.map((v) => -v), 0, 0));
    rhs.push(-b.bound - maxCoef * sum(w2));
    // hi - W.p >= 0  <=>  hi - W.q >= -maxCoef sum W
    rows.push(row(w.map((v) => -v), 1, 0));
    rhs.push(-maxCoef * sum(w));
    // W.p - lo >= 0  <=>  W.q + (-lo) >= maxCoef sum W
    rows.push(row(w, 0, 1));
    rhs.push(maxCoef * sum(w));
  }
  for (let j = 0; j < k; j++) {
    const r = new Float64Array(n);
    r[j] = -1;
    rows.push(r);
    rhs.push(-2 * maxCoef);
  }
  const objective = [...new Array<number>(k).fill(0), 1, 1];
  const result = solveCoveringLp(rows, rhs, objective);
  if (result.status !== 'optimal') return null;
  const p = Array.from(result.y.subarray(0, k), (q) => q - maxCoef);
  // The stored expression holds T W rounded to 6 digits; the float part uses exactly that.
  const scale = Math.max(...p.map(Math.abs));
  return { coord, center, width, coef: p.map((c) => (Math.abs(c) <= 1e-8 * scale ? 0 : round6(c * temperature) / temperature)) };
}

/**
 * The largest W''(x_i) (f-units) that keeps hess f(x) - W'' e_i e_i^T >= m I at one point, by the
 * Schur complement on the other coordinates; null when those alone are not >= m (no W over x_i
 * helps). `h` is the d x d Hessian of f, row-major.
 */
export function allowedCurvature(h: readonly number[], d: number, i: number, m: number): number | null {
  const rest = Array.from({ length: d }, (_, k) => k).filter((k) => k !== i);
  const n = rest.length;
  // Cholesky of S = H_rest - m I.
  const l = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = 0; b <= a; b++) {
      let s = h[rest[a]! * d + rest[b]!]! - (a === b ? m : 0);
      for (let k = 0; k < b; k++) s -= l[a * n + k]! * l[b * n + k]!;
      if (a === b) {
        if (!(s > 0)) return null;
        l[a * n + a] = Math.sqrt(s);
      } else l[a * n + b] = s / l[b * n + b]!;
    }
  // h^T S^-1 h = |L^-1 h|^2.
  let quad = 0;
  const z = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    let s = h[rest[a]! * d + i]!;
    for (let k = 0; k < a; k++) s -= l[a * n + k]! * z[k]!;
    z[a] = s / l[a * n + a]!;
    quad += z[a]! * z[a]!;
  }
  return h[i * d + i]! - m - quad;
}

/** Per-x_i curvature bounds: the minimum of allowedCurvature over the sample points in each bin. */
export function curvatureBounds(points: readonly Float64Array[], hess: readonly (readonly number[])[], d: number, i: number, m: number, bins: number, center: number, radius: number): CurvatureBound[] | null {
  const lo = center - radius;
  const width = (2 * radius) / bins;
  const best = new Array<number>(bins).fill(Infinity);
  const at = new Array<number>(bins).fill(NaN);
  for (let k = 0; k < points.length; k++) {
    const x = points[k]![i]!;
    const bin = Math.floor((x - lo) / width);
    if (bin < 0 || bin >= bins) continue;
    const b = allowedCurvature(hess[k]!, d, i, m);
    if (b === null) return null;
    if (b < best[bin]!) {
      best[bin] = b;
      at[bin] = x;
    }
  }
  const out: CurvatureBound[] = [];
  for (let b = 0; b < bins; b++) if (Number.isFinite(best[b]!)) out.push({ x: at[b]!, bound: best[b]! });
  if (out.length < 4) return null;
  // Beyond the sampled region nothing is known; ask W'' to respect the edge bounds out to twice
  // the radius so the fit does not put its curvature where no sample looked.
  const first = out[0]!;
  const last = out[out.length - 1]!;
  for (let k = 1; k <= 8; k++) {
    out.push({ x: first.x - (k * radius) / 8, bound: first.bound });
    out.push({ x: last.x + (k * radius) / 8, bound: last.bound });
  }
  return out;
}

/** Degree of P: 14 came within 0.3% of the convex envelope's oscillation on the double well. */
const LP_BUMP_DEGREE = 14;

export interface LpBumpFit {
  readonly params: LpBumpParams;
  /** The m the fit aimed at (the sampled lambda_min(hess U) is at least about this). */
  readonly m: number;
  readonly osc: number;
}

/**
 * Searches widths and target curvatures m for the bump over x_i maximising m exp(-osc W). The fit
 * asks for a 2% margin over m at the sample points, which the kernel's cover then has to confirm.
 */
export function searchLpBump(points: readonly Float64Array[], hess: readonly (readonly number[])[], d: number, i: number, center: number, radius: number, temperature: number, cap: TimeCap, bins = 81): LpBumpFit | null {
  const rest = Array.from({ length: d }, (_, k) => k).filter((k) => k !== i);
  let mCap = Infinity;
  if (rest.length > 0) for (const h of hess) mCap = Math.min(mCap, restMinDiagonalBound(h, d, rest));
  else mCap = Math.max(...hess.map((h) => h[i * d + i]!));
  if (!(mCap > 0)) return null;
  let best: LpBumpFit | null = null;
  const tryFit = (m: number, width: number, nBins: number): LpBumpFit | null => {
    if (cap.expired()) return null;
    const bounds = curvatureBounds(points, hess, d, i, 1.01 * m, nBins, center, radius);
    if (!bounds) return null;
    const params = fitLpBump(i, center, width, LP_BUMP_DEGREE, bounds, temperature, 20);
    if (!params) return null;
    const fit = { params, m, osc: lpBumpOscillation(params) };
    if (!best || m * Math.exp(-fit.osc) > best.m * Math.exp(-best.osc)) best = fit;
    return fit;
  };
  // The width, then the target m, on coarse bins; the winner is refitted on all of them (the fit
  // constrains W'' only where it is sampled, and the kernel finds what happens in between).
  const coarse = Math.min(bins, 81);
  let width = round6(0.5 * radius);
  let widthScore = -Infinity;
  for (const s of [0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.65]) {
    const fit = tryFit(0.95 * mCap, round6(s * radius), coarse);
    if (fit && -fit.osc > widthScore) [width, widthScore] = [fit.params.width, -fit.osc];
  }
  best = null;
  for (const frac of [0.3, 0.5, 0.65, 0.8, 0.9, 0.95, 0.98]) tryFit(frac * mCap, width, coarse);
  const chosen = best as LpBumpFit | null;
  if (chosen && bins > coarse) {
    best = null;
    tryFit(chosen.m, chosen.params.width, bins);
    if (best === null) best = chosen;
  }
  return best;
}

/** A lower bound on lambda_min of the Hessian restricted to the other coordinates (Gershgorin:
 *  cheap, and only used to place the scan of m). */
function restMinDiagonalBound(h: readonly number[], d: number, rest: readonly number[]): number {
  if (rest.length === 1) return h[rest[0]! * d + rest[0]!]!;
  let lo = Infinity;
  for (const a of rest) {
    let off = 0;
    for (const b of rest) if (b !== a) off += Math.abs(h[a * d + b]!);
    lo = Math.min(lo, h[a * d + a]! - off);
  }
  return lo;
}
