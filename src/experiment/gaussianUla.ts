// Exact ULA KL for a quadratic potential f = x'Ax/2 (2D) from N(mean * 1, std^2 I): in the
// eigenbasis of A the law stays Gaussian (per coordinate m <- (1 - h a) m, s2 <- (1 - h a)^2 s2 + 2h
// for the step x' = x - h grad f + sqrt(2h) xi), so the first step with
// KL < eps is exact (no grid). Used for the Gaussian rows of the paper suite.
import { klToCentredGaussian, ulaLaw, type GaussianMarginal } from '../diagnostics/grid/gaussianClosedForms.js';
import type { GaussianStart } from '../diagnostics/grid/grid.js';

/** Eigenvalues and the start law in the eigenbasis of [[a00, a01], [a01, a11]]. */
export function eigenStart(A: readonly [number, number, number], start: GaussianStart): { a: [number, number]; law: GaussianMarginal[] } {
  const [p, q, r] = A;
  const mean = (p + r) / 2;
  const rad = Math.hypot((p - r) / 2, q);
  const theta = 0.5 * Math.atan2(2 * q, p - r);
  const c = Math.cos(theta), s = Math.sin(theta);
  // Eigenvector of the larger eigenvalue is (c, s).
  const m = start.mean;
  return {
    a: [mean + rad, mean - rad],
    law: [
      { mean: c * m + s * m, variance: start.std ** 2 },
      { mean: -s * m + c * m, variance: start.std ** 2 },
    ],
  };
}

/** First k <= maxSteps with KL(rho_k || pi) < eps for ULA with step h (f-units), or null. */
export function exactUlaFirstBelow(A: readonly [number, number, number], start: GaussianStart, h: number, eps: number, maxSteps: number): number | null {
  const { a, law } = eigenStart(A, start);
  let current = law;
  for (let k = 0; k <= maxSteps; k++) {
    if (klToCentredGaussian(a, current) < eps) return k;
    current = ulaLaw(a, current, h, 1);
  }
  return null;
}
