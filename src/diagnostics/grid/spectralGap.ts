// The spectral gap of the Langevin generator L g = lap g - grad f . grad g (in f-time), computed (not
// certified) from the Scharfetter-Gummel discretisation on a grid: the scheme is a reversible Markov
// generator whose invariant law is the discrete Gibbs measure pi_k ∝ exp(-f_k), so
//   M = Pi^{1/2} (-Q) Pi^{-1/2}   (M_kk = out-rate of k, M_kj = -sqrt(r_kj r_jk))
// is symmetric positive semidefinite with ground state sqrt(pi) at eigenvalue 0, and its next
// eigenvalue is the discrete gap, which converges to the generator's as the grid is refined. An
// LSI(alpha) constant is at most the gap, so the gap is the truth the certified alpha is measured
// against (bench/tightness.ts). Lanczos with full reorthogonalisation, started orthogonal to sqrt(pi).
import { scharfetterGummel } from './fokkerPlanck.js';
import type { GridField } from './grid.js';

export interface SpectralGapResult {
  readonly gap: number;
  /** Lanczos steps taken. */
  readonly steps: number;
  /** Change of the gap estimate over the last 20 steps (relative), a convergence indicator. */
  readonly drift: number;
}

export function spectralGapOnGrid(field: GridField, maxSteps = 400, seed = 1): SpectralGapResult {
  const op = scharfetterGummel(field);
  const n = field.f.length;
  const diag = new Float64Array(n);
  const off = new Float64Array(op.a.length);
  for (let e = 0; e < op.a.length; e++) {
    diag[op.a[e]!] = diag[op.a[e]!]! + op.ab[e]!;
    diag[op.b[e]!] = diag[op.b[e]!]! + op.ba[e]!;
    off[e] = Math.sqrt(op.ab[e]! * op.ba[e]!);
  }
  const apply = (x: Float64Array, y: Float64Array): void => {
    for (let k = 0; k < n; k++) y[k] = diag[k]! * x[k]!;
    for (let e = 0; e < op.a.length; e++) {
      const a = op.a[e]!;
      const b = op.b[e]!;
      y[a] = y[a]! - off[e]! * x[b]!;
      y[b] = y[b]! - off[e]! * x[a]!;
    }
  };
  // Ground state sqrt(pi), normalised.
  const fMin = field.f.reduce((m, v) => Math.min(m, v), Infinity);
  const ground = new Float64Array(n);
  for (let k = 0; k < n; k++) ground[k] = Math.exp(-(field.f[k]! - fMin) / 2);
  normalise(ground);
  const basis: Float64Array[] = [];
  const alphas: number[] = [];
  const betas: number[] = [];
  let rng = seed >>> 0 || 1;
  let v = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
    v[k] = rng / 4294967296 - 0.5;
  }
  orthogonalise(v, [ground]);
  normalise(v);
  const w = new Float64Array(n);
  let estimate = Infinity;
  const history: number[] = [];
  for (let j = 0; j < Math.min(maxSteps, n - 1); j++) {
    basis.push(v);
    apply(v, w);
    const a = dot(w, v);
    alphas.push(a);
    // Full reorthogonalisation (against the ground state too, which rounding would bring back).
    orthogonalise(w, [ground, ...basis]);
    orthogonalise(w, [ground, ...basis]);
    const b = Math.sqrt(dot(w, w));
    estimate = smallestTridiagonalEigenvalue(alphas, betas);
    history.push(estimate);
    if (!(b > 1e-12 * Math.abs(a)) || (history.length > 40 && Math.abs(history[history.length - 21]! - estimate) <= 1e-10 * estimate)) break;
    betas.push(b);
    v = new Float64Array(n);
    for (let k = 0; k < n; k++) v[k] = w[k]! / b;
  }
  const back = history.length > 20 ? history[history.length - 21]! : Infinity;
  return { gap: estimate, steps: history.length, drift: Math.abs(back - estimate) / estimate };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

function normalise(a: Float64Array): void {
  const s = Math.sqrt(dot(a, a));
  for (let k = 0; k < a.length; k++) a[k] = a[k]! / s;
}

function orthogonalise(a: Float64Array, against: readonly Float64Array[]): void {
  for (const q of against) {
    const c = dot(a, q);
    for (let k = 0; k < a.length; k++) a[k] = a[k]! - c * q[k]!;
  }
}

/** Smallest eigenvalue of the symmetric tridiagonal matrix (diagonal a, off-diagonal b), by bisection
 *  with Sturm counts. */
export function smallestTridiagonalEigenvalue(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(b[i - 1]!) : 0) + (i < n - 1 ? Math.abs(b[i]!) : 0);
    lo = Math.min(lo, a[i]! - r);
    hi = Math.max(hi, a[i]! + r);
  }
  // count(x) = number of eigenvalues below x.
  const count = (x: number): number => {
    let c = 0;
    let d = 1;
    for (let i = 0; i < n; i++) {
      d = a[i]! - x - (i > 0 ? (b[i - 1]! * b[i - 1]!) / d : 0);
      if (d === 0) d = 1e-300;
      if (d < 0) c++;
    }
    return c;
  };
  for (let it = 0; it < 200 && hi - lo > 1e-14 * Math.max(1, Math.abs(hi)); it++) {
    const mid = (lo + hi) / 2;
    if (count(mid) >= 1) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}
