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

/** The first k <= maxSteps with KL_k <= target, or null. */
export function firstStepBelow(target: GaussianTarget, h: number, klTarget: number, maxSteps: number): number | null {
  let found: number | null = null;
  walkGaussianKl(target, h, maxSteps, (k, kl) => {
    if (kl <= klTarget) {
      found = k;
      return false;
    }
    return true;
  });
  return found;
}
