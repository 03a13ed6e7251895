// The exact law of preconditioned ULA on a quadratic potential, enclosed with interval arithmetic
// (proofs/stopping-preconditioned.md, "The exact Gaussian law in `y`"). With P = C C^T, preconditioned ULA on f in x is plain
// ULA on g(y) = f(C y) in y = C^-1 x, and KL is invariant under the bijection, so the KL is computed
// in y: g(y) = g(0) + (C^T b).y + y'By/2 with B = C^T A C, and the start N(m 1, s^2 I) in x is
// N(C^-1 m 1, s^2 C^-1 C^-T) in y, which need not commute with B. With M = I - hB (symmetric):
//   mu_N - y* = M^N (mu_0 - y*),   S_N = M^N S_0 M^N + 2h sum_{j<N} M^{2j},
//   KL(N(mu,S) || N(y*, B^-1)) = (tr(BS) + (mu-y*)'B(mu-y*) - d - ln det B - ln det S) / 2.
import { add, div, mul, neg, point, sub, type Interval } from '../interval.js';
import { intervalCholesky, logDetFromCholesky, solveWithCholesky } from './cholesky.js';
import { powerAndGeometricSum, type GaussianKlResult } from './gaussianUla.js';
import {
  dot,
  identityMatrix,
  identityMinusScaled,
  matAdd,
  matMul,
  matScale,
  matVec,
  symmetrize,
  traceOfProduct,
  type IntervalMatrix,
} from './intervalMatrix.js';
import type { QuadraticEvidence } from './types.js';

const ZERO = point(0);

/** M^n for a symmetric interval matrix M, by binary doubling (log2 n products). */
export function symmetricPower(m: IntervalMatrix, n: number): IntervalMatrix {
  let result = identityMatrix(m.length);
  let base = m;
  let rest = n;
  while (rest > 0) {
    if (rest % 2 === 1) result = symmetrize(matMul(result, base));
    rest = Math.floor(rest / 2);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a last squaring that is never used
    if (rest > 0) base = symmetrize(matMul(base, base));
  }
  return result;
}

/** C^-1 for a lower-triangular point matrix with a non-zero diagonal (forward substitution, per column). */
export function lowerTriangularInverse(c: IntervalMatrix): IntervalMatrix {
  const d = c.length;
  // Stryker disable next-line ArrayDeclaration,ArrowFunction,ObjectLiteral: equivalent, every entry is written before it is read
  const inv: IntervalMatrix = Array.from({ length: d }, () => Array.from({ length: d }, () => ZERO));
  for (let col = 0; col < d; col++) {
    for (let i = 0; i < d; i++) {
      let s = point(i === col ? 1 : 0);
      // Stryker disable next-line EqualityOperator: equivalent, k = i would read inv[i][col] while it still holds 0
      for (let k = 0; k < i; k++) s = sub(s, mul(c[i]![k]!, inv[k]![col]!));
      inv[i]![col] = div(s, c[i]![i]!);
    }
  }
  return inv;
}

function transpose(a: IntervalMatrix): IntervalMatrix {
  return a.map((row, i) => row.map((_, j) => a[j]![i]!));
}

/**
 * Encloses KL(rho_N || pi) for preconditioned ULA (P = C C^T, C lower-triangular doubles) in f-units
 * with step h (an interval of steps) from N(mean 1, std^2 I) in x.
 */
export function encloseGaussianPreconditionedUlaKl(
  quadratic: QuadraticEvidence,
  factor: readonly (readonly number[])[],
  init: { readonly mean: number; readonly std: number },
  h: Interval,
  steps: number,
): GaussianKlResult {
  const d = quadratic.hessian.length;
  if (d === 0 || quadratic.gradientAtOrigin.length !== d || quadratic.hessian.some((row) => row.length !== d) || factor.length !== d) {
    return { ok: false, reason: 'quadratic evidence and preconditioner: hessian and C must be d x d, gradientAtOrigin of length d' };
  }
  const c = factor.map((row) => row.map((x) => point(x)));
  const ct = transpose(c);
  const a = symmetrize(quadratic.hessian.map((row) => [...row]));
  const b = symmetrize(matMul(ct, matMul(a, c)));
  const lB = intervalCholesky(b);
  if (lB === null) return { ok: false, reason: 'quadratic evidence: C^T A C not proven positive definite' };
  const bY = matVec(ct, quadratic.gradientAtOrigin as Interval[]);
  const yStar = solveWithCholesky(lB, bY.map((x) => neg(x)));
  const cInv = lowerTriangularInverse(c);
  const mean0 = matVec(cInv, Array.from({ length: d }, () => point(init.mean)));
  const e0 = mean0.map((x, i) => sub(x, yStar[i]!));
  const s2 = mul(point(init.std), point(init.std));
  const cov0 = symmetrize(matScale(matMul(cInv, transpose(cInv)), s2));

  const m = identityMinusScaled(b, h);
  const mPow = symmetricPower(m, steps);
  const { sum } = powerAndGeometricSum(symmetrize(matMul(m, m)), steps);
  const cov = symmetrize(matAdd(matMul(mPow, matMul(cov0, mPow)), matScale(sum, mul(point(2), h))));
  const lS = intervalCholesky(cov);
  if (lS === null) return { ok: false, reason: `preconditioned ULA covariance after ${steps} steps not proven positive definite` };

  const e = matVec(mPow, e0);
  const meanTerm = dot(e, matVec(b, e));
  const trace = traceOfProduct(b, cov);
  const logDet = add(logDetFromCholesky(lB), logDetFromCholesky(lS));
  const twiceKl = add(sub(sub(trace, point(d)), logDet), meanTerm);
  return { ok: true, kl: div(twiceKl, point(2)) };
}
