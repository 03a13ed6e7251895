// The exact-gaussian route for preconditioned ULA (proofs/stopping-preconditioned.md, "The exact Gaussian law in `y`"):
// in y = C^-1 x the chain is ULA on g with Hessian B = C^T A C, started from N(C^-1 m 1, s^2 C^-1 C^-T),
// which need not commute with B, so the float search tracks the full covariance in B's eigenbasis.
// Untrusted: the kernel's encloseGaussianPreconditionedUlaKl re-checks the chosen (h, N).
import type { StoppingInput, StoppingRoute } from '../../kernel/stopping/types.js';
import { kernelCheckedRoute, notApplicable } from './finalize.js';
import { symmetricEigen } from './symmetricEigen.js';

const TARGET_SHARE = 1 - 1e-7;

export interface Problem {
  readonly lambdas: number[];
  /** Start mean offset and covariance in B's eigenbasis. */
  readonly e0: number[];
  readonly s0: number[][];
}

function mid(x: { lo: number; hi: number }): number {
  return x.lo === x.hi ? x.lo : x.lo / 2 + x.hi / 2;
}

/** The float problem in B's eigenbasis (input.quadratic and input.preconditioner must be set). */
export function preconditionedProblem(input: StoppingInput): Problem | null {
  const c = input.preconditioner!;
  const q = input.quadratic!;
  const d = c.length;
  const a = q.hessian.map((row) => row.map(mid));
  const b = q.gradientAtOrigin.map(mid);
  const bMat = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) s += c[k]![i]! * a[k]![l]! * c[l]![j]!;
    return s;
  }));
  const { values, vectors } = symmetricEigen(bMat);
  if (!(values[0]! > 0)) return null;
  const bY = Array.from({ length: d }, (_, i) => c.reduce((s, row, k) => s + row[i]! * b[k]!, 0));
  // C^-1 by forward substitution.
  const cInv = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let col = 0; col < d; col++) for (let i = 0; i < d; i++) {
    let s = i === col ? 1 : 0;
    for (let k = 0; k < i; k++) s -= c[i]![k]! * cInv[k]![col]!;
    cInv[i]![col] = s / c[i]![i]!;
  }
  const mean0 = cInv.map((row) => row.reduce((s, x) => s + x * input.init.mean, 0));
  // In the eigenbasis: y*_i = -(v_i . bY) / lambda_i, offset e0_i = v_i . mean0 - y*_i.
  const e0 = vectors.map((v, i) => v.reduce((s, x, k) => s + x * mean0[k]!, 0) + v.reduce((s, x, k) => s + x * bY[k]!, 0) / values[i]!);
  const s2 = input.init.std * input.init.std;
  // S0 = s^2 C^-1 C^-T, rotated: (V^T S0 V)_ij = s^2 (C^-T v_i) . (C^-T v_j).
  const w = vectors.map((v) => Array.from({ length: d }, (_, k) => v.reduce((s, x, i) => s + cInv[i]![k]! * x, 0)));
  const s0 = w.map((wi) => w.map((wj) => s2 * wi.reduce((s, x, k) => s + x * wj[k]!, 0)));
  return { lambdas: values, e0, s0 };
}

function logDet(m: number[][]): number {
  const d = m.length;
  const a = m.map((r) => [...r]);
  let ld = 0;
  for (let j = 0; j < d; j++) {
    let p = a[j]![j]!;
    for (let k = 0; k < j; k++) p -= a[j]![k]! * a[j]![k]!;
    if (!(p > 0)) return NaN;
    const l = Math.sqrt(p);
    a[j]![j] = l;
    ld += 2 * Math.log(l);
    for (let i = j + 1; i < d; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= a[i]![k]! * a[j]![k]!;
      a[i]![j] = s / l;
    }
  }
  return ld;
}

/** First k <= maxSteps with KL_k <= target at step h, or null. */
export function preconditionedFirstStepBelow(p: Problem, h: number, target: number, maxSteps: number): number | null {
  const d = p.lambdas.length;
  const mu = p.lambdas.map((l) => 1 - h * l);
  if (mu.some((x) => !(Math.abs(x) < 1))) return null;
  // ULA's own stationary law is N(y*, diag(1 / (lambda (1 - h lambda / 2)))): at or above the target,
  // no step count reaches it (the same floor as the plain route's stationaryKl).
  const floor = p.lambdas.reduce((s, l) => { const t = 1 / (1 - (h * l) / 2); return s + t - 1 - Math.log(t); }, 0) / 2;
  if (!(floor < target)) return null;
  const logDetB = p.lambdas.reduce((s, l) => s + Math.log(l), 0);
  const power = new Array<number>(d).fill(1);
  const stat = p.lambdas.map((l) => 1 / (l * (1 - (h * l) / 2)));
  for (let k = 0; k <= maxSteps; k++) {
    // S_k = D S0 D + diag((1 - mu^2k) stat), D = diag(mu^k).
    const s = p.s0.map((row, i) => row.map((x, j) => power[i]! * x * power[j]! + (i === j ? (1 - power[i]! * power[i]!) * stat[i]! : 0)));
    let lin = 0;
    for (let i = 0; i < d; i++) lin += p.lambdas[i]! * (s[i]![i]! + power[i]! * power[i]! * p.e0[i]! * p.e0[i]!);
    const kl = (lin - d - logDetB - logDet(s)) / 2;
    if (kl <= target) return k;
    for (let i = 0; i < d; i++) power[i] = power[i]! * mu[i]!;
  }
  return null;
}

export function preconditionedExactGaussianRoute(input: StoppingInput, maxSteps = 1_000_000): StoppingRoute {
  if (input.quadratic === undefined) return notApplicable('exact-gaussian', 'f is not proven exactly quadratic');
  const p = preconditionedProblem(input);
  if (p === null) return notApplicable('exact-gaussian', 'C^T hess f C is not positive definite: pi is not a Gaussian');
  const hStable = 2 / Math.max(...p.lambdas);
  const target = input.epsilon * TARGET_SHARE;
  const found: { h: number; steps: number }[] = [];
  let cap = maxSteps;
  for (let i = 1; i <= 200; i++) {
    const h = hStable * 10 ** (-6 * (i / 200));
    const n = preconditionedFirstStepBelow(p, h, target, cap);
    if (n !== null) {
      found.push({ h, steps: n });
      cap = Math.min(cap, n);
    }
  }
  if (found.length === 0) return notApplicable('exact-gaussian', `no step size reaches KL <= ${input.epsilon} within ${maxSteps} steps`);
  found.sort((a, b) => a.steps - b.steps || a.h - b.h);
  for (const cand of found.slice(0, 20)) {
    const route = kernelCheckedRoute('exact-gaussian', input, cand.h, (h) => preconditionedFirstStepBelow(p, h, target, maxSteps));
    if (route !== null) return route;
  }
  return notApplicable('exact-gaussian', 'the kernel enclosure did not confirm any searched step size');
}
