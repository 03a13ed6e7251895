// The exact law of ULA on a quadratic potential, enclosed with interval arithmetic.
// f(x) = f(0) + b.x + x'Ax/2 (A symmetric positive definite), pi = N(x*, A^-1), x* = -A^-1 b.
// From rho_0 = N(m 1, s^2 I), ULA x' = (I - hA) x - h b + sqrt(2h) xi keeps the law Gaussian:
//   mu_k - x* = M^k (mu_0 - x*),   S_k = s^2 P^k + 2h sum_{j<k} P^j,   M = I - hA, P = M^2
// (S_0 = s^2 I commutes with A, so S_k is a polynomial in A), and
//   KL(N(mu,S) || N(x*, A^-1)) = (tr(AS) + (mu-x*)'A(mu-x*) - d - ln det A - ln det S) / 2.
// P^k and the geometric sum are built by binary doubling (log2 k interval products), because the
// k-step recurrence multiplies the interval widths by || |M| || at every step and blows up.
import { add, div, mul, neg, point, sub, type Interval } from '../interval.js';
import { intervalCholesky, logDetFromCholesky, solveWithCholesky } from './cholesky.js';
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
  zeroMatrix,
  type IntervalMatrix,
} from './intervalMatrix.js';
import type { QuadraticEvidence } from './types.js';

export type GaussianKlResult = { readonly ok: true; readonly kl: Interval } | { readonly ok: false; readonly reason: string };

/** (P^n, sum_{j<n} P^j) for a symmetric P. */
interface PowerAndSum {
  readonly power: IntervalMatrix;
  readonly sum: IntervalMatrix;
}

/** Concatenates a then b steps: P^(a+b) = P^a P^b, G_(a+b) = G_a + P^a G_b. */
function compose(x: PowerAndSum, y: PowerAndSum): PowerAndSum {
  return {
    power: symmetrize(matMul(x.power, y.power)),
    sum: symmetrize(matAdd(x.sum, matMul(x.power, y.sum))),
  };
}

export function powerAndGeometricSum(p: IntervalMatrix, n: number): PowerAndSum {
  const d = p.length;
  let result: PowerAndSum = { power: identityMatrix(d), sum: zeroMatrix(d) };
  let base: PowerAndSum = { power: p, sum: identityMatrix(d) };
  let rest = n;
  while (rest > 0) {
    if (rest % 2 === 1) result = compose(result, base);
    rest = Math.floor(rest / 2);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a last doubling would go unused (this only saves a product)
    if (rest > 0) base = compose(base, base);
  }
  return result;
}

/** Encloses KL(rho_N || pi) for ULA in f-units with step h (an interval of steps) from N(mean 1, std^2 I). */
export function encloseGaussianUlaKl(
  quadratic: QuadraticEvidence,
  init: { readonly mean: number; readonly std: number },
  h: Interval,
  steps: number,
): GaussianKlResult {
  const d = quadratic.hessian.length;
  if (d === 0 || quadratic.gradientAtOrigin.length !== d || quadratic.hessian.some((row) => row.length !== d)) {
    return { ok: false, reason: 'quadratic evidence: hessian must be d x d and gradientAtOrigin of length d' };
  }
  const a = symmetrize(quadratic.hessian.map((row) => [...row]));
  const lA = intervalCholesky(a);
  if (lA === null) return { ok: false, reason: 'quadratic evidence: hessian not proven positive definite' };
  const xStar = solveWithCholesky(lA, quadratic.gradientAtOrigin.map((bi) => neg(bi)));
  const e0 = xStar.map((xi) => sub(point(init.mean), xi));

  const m = identityMinusScaled(a, h);
  const p = symmetrize(matMul(m, m));
  const { power, sum } = powerAndGeometricSum(p, steps);
  const s2 = mul(point(init.std), point(init.std));
  const cov = symmetrize(matAdd(matScale(power, s2), matScale(sum, mul(point(2), h))));
  const lS = intervalCholesky(cov);
  if (lS === null) return { ok: false, reason: `ULA covariance after ${steps} steps not proven positive definite` };

  // (mu_N - x*)' A (mu_N - x*) = e0' A P^N e0, as M^N A M^N = A P^N for commuting symmetric A, M.
  const meanTerm = dot(e0, matVec(a, matVec(power, e0)));
  const trace = traceOfProduct(a, cov);
  const logDet = add(logDetFromCholesky(lA), logDetFromCholesky(lS));
  const twiceKl = add(sub(sub(trace, point(d)), logDet), meanTerm);
  return { ok: true, kl: div(twiceKl, point(2)) };
}
