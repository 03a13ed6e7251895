// Float64 KL(rho_k || pi) along ULA on a quadratic potential, in the eigenbasis of A (untrusted;
// steers the search for the exact-gaussian route, which the kernel then re-checks in intervals).
// Along eigenvalue lambda with a = (1 - h lambda)^2, start variance s^2 and mean offset c:
//   sigma_k = a^k s^2 + (1 - a^k) / (lambda (1 - h lambda / 2)),   offset_k^2 = a^k c^2,
//   KL_k = sum_i [phi(lambda_i sigma_k,i) + lambda_i a_i^k c_i^2] / 2,   phi(t) = t - 1 - ln t.
import { symmetricEigen } from './symmetricEigen.js';

export interface GaussianTarget {
  /** Eigenvalues of A = hess f (all > 0). */
  readonly eigenvalues: readonly number[];
  /** Coordinates of mu_0 - x* in A's eigenbasis. */
  readonly offsets: readonly number[];
  /** Start standard deviation s (rho_0 = N(mu_0, s^2 I)). */
  readonly std: number;
}

function phi(t: number): number {
  return t - 1 - Math.log(t);
}

/** The target seen from A (midpoints), b and the start N(mean 1, std^2 I); null if A is not positive definite. */
export function gaussianTargetFromQuadratic(
  hessian: readonly (readonly number[])[],
  gradientAtOrigin: readonly number[],
  init: { readonly mean: number; readonly std: number },
): GaussianTarget | null {
  const { values, vectors } = symmetricEigen(hessian);
  if (!(values[0]! > 0)) return null;
  // x* = -A^-1 b = -sum_i v_i (v_i . b) / lambda_i; offsets c_i = v_i . (mean 1 - x*).
  const offsets = vectors.map((v, i) => {
    const vDotMean = v.reduce((s, x) => s + x * init.mean, 0);
    const vDotXStar = -v.reduce((s, x, j) => s + x * gradientAtOrigin[j]!, 0) / values[i]!;
    return vDotMean - vDotXStar;
  });
  return { eigenvalues: values, offsets, std: init.std };
}

/** KL after infinitely many steps: ULA's own stationary law N(x*, 2h (I - (I - hA)^2)^-1) against pi. */
export function stationaryKl(target: GaussianTarget, h: number): number {
  let s = 0;
  for (const lambda of target.eigenvalues) s += phi(1 / (1 - (h * lambda) / 2));
  return s / 2;
}

/** KL(rho_k || pi) for k = 0, 1, ...; calls visit(k, kl) until it returns false or k reaches maxSteps. */
export function walkGaussianKl(target: GaussianTarget, h: number, maxSteps: number, visit: (k: number, kl: number) => boolean): void {
  const d = target.eigenvalues.length;
  const contraction = target.eigenvalues.map((lambda) => (1 - h * lambda) ** 2);
  const stationaryVar = target.eigenvalues.map((lambda) => 1 / (lambda * (1 - (h * lambda) / 2)));
  const power = new Float64Array(d).fill(1);
  const s2 = target.std * target.std;
  for (let k = 0; k <= maxSteps; k++) {
    let twiceKl = 0;
    for (let i = 0; i < d; i++) {
      const lambda = target.eigenvalues[i]!;
      const q = power[i]!;
      const sigma = q * s2 + (1 - q) * stationaryVar[i]!;
      twiceKl += phi(lambda * sigma) + lambda * q * target.offsets[i]! ** 2;
    }
    if (!visit(k, twiceKl / 2)) return;
    for (let i = 0; i < d; i++) power[i] = power[i]! * contraction[i]!;
  }
}

/**
 * A lower bound of KL_k over all k <= steps, in O(d): per eigen-direction the mean term
 * lambda a^k c^2 is smallest at k = steps, and sigma_k moves monotonically from s^2 to sigma_steps,
 * so phi(lambda sigma_k) is at least its minimum over that segment (0 if it contains 1/lambda).
 */
export function klLowerBoundUpTo(target: GaussianTarget, h: number, steps: number): number {
  let twiceKl = 0;
  const s2 = target.std * target.std;
  target.eigenvalues.forEach((lambda, i) => {
    const q = Math.pow((1 - h * lambda) ** 2, steps);
    const sigmaEnd = q * s2 + (1 - q) / (lambda * (1 - (h * lambda) / 2));
    const lo = lambda * Math.min(s2, sigmaEnd);
    const hi = lambda * Math.max(s2, sigmaEnd);
    twiceKl += (lo <= 1 && 1 <= hi ? 0 : phi(hi < 1 ? hi : lo)) + lambda * q * target.offsets[i]! ** 2;
  });
  return twiceKl / 2;
}

function sumOfLogs(lambdas: Float64Array, power: Float64Array, s2: number, stationaryVar: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < lambdas.length; i++) sum += Math.log(lambdas[i]! * (power[i]! * s2 + (1 - power[i]!) * stationaryVar[i]!));
  return sum;
}

/** The first k <= maxSteps with KL_k <= target, or null. One logarithm per step (of the product). */
export function firstStepBelow(target: GaussianTarget, h: number, klTarget: number, maxSteps: number): number | null {
  if (klLowerBoundUpTo(target, h, maxSteps) > klTarget) return null;
  const d = target.eigenvalues.length;
  const lambdas = Float64Array.from(target.eigenvalues);
  const contraction = lambdas.map((lambda) => (1 - h * lambda) ** 2);
  const stationaryVar = lambdas.map((lambda) => 1 / (lambda * (1 - (h * lambda) / 2)));
  const meanWeight = lambdas.map((lambda, i) => lambda * target.offsets[i]! ** 2);
  const power = new Float64Array(d).fill(1);
  const s2 = target.std * target.std;
  for (let k = 0; k <= maxSteps; k++) {
    // 2 KL = sum_i (t_i - 1 + mean_i) - ln prod_i t_i,  t_i = lambda_i sigma_k,i
    let linear = 0;
    let product = 1;
    for (let i = 0; i < d; i++) {
      const q = power[i]!;
      const t = lambdas[i]! * (q * s2 + (1 - q) * stationaryVar[i]!);
      linear += t - 1 + q * meanWeight[i]!;
      product *= t;
    }
    // The product of d factors near 1 stays in range for small d; otherwise sum the logarithms.
    const logProduct = product > 1e-300 && product < 1e300 ? Math.log(product) : sumOfLogs(lambdas, power, s2, stationaryVar);
    if ((linear - logProduct) / 2 <= klTarget) return k;
    for (let i = 0; i < d; i++) power[i] = power[i]! * contraction[i]!;
  }
  return null;
}
