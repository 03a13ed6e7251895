// The spectral gap of the Scharfetter-Gummel generator (spectralGap.ts) when it is tiny (metastable,
// low temperature), computed (not certified) by inverse iteration: Lanczos from the top of a spectrum
// of width ~1/h^2 resolves an eigenvalue of 1e-8 poorly, while (M + eps I)^-1, with the ground state
// sqrt(pi) projected out after each solve, converges at the rate (lambda_1 + eps)/(lambda_2 + eps).
// M is banded (bandwidth nx, node k = iy nx + ix), so one banded Cholesky factorisation serves all solves.
import { scharfetterGummel } from './fokkerPlanck.js';
import type { GridField } from './grid.js';

export interface SmallGapResult {
  readonly gap: number;
  readonly iterations: number;
  /** Relative change of the Rayleigh quotient over the last iteration. */
  readonly drift: number;
}

export function smallGapOnGrid(field: GridField, maxIterations = 60, seed = 1): SmallGapResult {
  const { nx } = field.grid;
  const op = scharfetterGummel(field);
  const n = field.f.length;
  const bw = nx;
  const w = bw + 1;
  // band[k * w + (k - j)] holds M_kj for k - bw <= j <= k.
  const band = new Float64Array(n * w);
  for (let e = 0; e < op.a.length; e++) {
    const a = op.a[e]!, b = op.b[e]!;
    band[a * w] += op.ab[e]!;
    band[b * w] += op.ba[e]!;
    const [hi, lo] = a > b ? [a, b] : [b, a];
    band[hi * w + (hi - lo)] -= Math.sqrt(op.ab[e]! * op.ba[e]!);
  }
  let maxDiag = 0;
  for (let k = 0; k < n; k++) maxDiag = Math.max(maxDiag, band[k * w]!);
  const M = Float64Array.from(band);
  // The ground eigenvalue 0 is computed to about 1e-16 maxDiag; the shift keeps M + eps I definite.
  const eps = 1e-12 * maxDiag;
  for (let k = 0; k < n; k++) band[k * w] += eps;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - bw); j <= i; j++) {
      let s = band[i * w + (i - j)]!;
      for (let p = Math.max(0, i - bw); p < j; p++) s -= band[i * w + (i - p)]! * band[j * w + (j - p)]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('smallGapOnGrid: the shifted operator is not positive definite');
        band[i * w] = Math.sqrt(s);
      } else band[i * w + (i - j)] = s / band[j * w]!;
    }
  }
  const solve = (x: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = x[i]!;
      for (let p = Math.max(0, i - bw); p < i; p++) s -= band[i * w + (i - p)]! * x[p]!;
      x[i] = s / band[i * w]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i]!;
      for (let k = i + 1; k <= Math.min(n - 1, i + bw); k++) s -= band[k * w + (k - i)]! * x[k]!;
      x[i] = s / band[i * w]!;
    }
  };
  const apply = (x: Float64Array): Float64Array => {
    const y = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      y[k] += M[k * w]! * x[k]!;
      for (let j = Math.max(0, k - bw); j < k; j++) {
        const m = M[k * w + (k - j)]!;
        if (m !== 0) { y[k] += m * x[j]!; y[j] += m * x[k]!; }
      }
    }
    return y;
  };
  const fMin = field.f.reduce((m, v) => Math.min(m, v), Infinity);
  const ground = new Float64Array(n);
  for (let k = 0; k < n; k++) ground[k] = Math.exp(-(field.f[k]! - fMin) / 2);
  normalise(ground);
  let rng = seed >>> 0 || 1;
  const x = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
    x[k] = (rng / 4294967296 - 0.5) * ground[k]!;
  }
  let gap = Infinity, drift = Infinity, it = 0;
  for (; it < maxIterations; it++) {
    project(x, ground);
    normalise(x);
    solve(x);
    project(x, ground);
    normalise(x);
    const y = apply(x);
    let q = 0;
    for (let k = 0; k < n; k++) q += x[k]! * y[k]!;
    drift = Math.abs(q - gap) / q;
    gap = q;
    if (drift < 1e-10) break;
  }
  return { gap, iterations: it + 1, drift };
}

function project(x: Float64Array, g: Float64Array): void {
  let d = 0;
  for (let k = 0; k < x.length; k++) d += x[k]! * g[k]!;
  for (let k = 0; k < x.length; k++) x[k] -= d * g[k]!;
}

function normalise(x: Float64Array): void {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  const r = 1 / Math.sqrt(s);
  for (let k = 0; k < x.length; k++) x[k] *= r;
}
