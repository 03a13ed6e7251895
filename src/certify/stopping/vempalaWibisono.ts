// The two Vempala-Wibisono routes (proofs/stopping-vempala-wibisono.md). With c = 8 d L^2 / alpha,
// Theorem 1 gives KL_N <= exp(-alpha h N) KL0 + c h for 0 < h <= alpha / (4 L^2).
//  - seed: h = min(alpha/(4L^2), eps/(2c)), N = ceil(ln(2 KL0/eps) / (alpha h))  (bias c h <= eps/2);
//  - optimised: the h that minimises N(h) = ln(KL0 / (eps - c h)) / (alpha h).
import { vempalaWibisonoInapplicable } from '../../kernel/stopping/vempalaWibisono.js';
import type { StoppingInput, StoppingRoute } from '../../kernel/stopping/types.js';
import { kernelCheckedRoute, notApplicable, whyNoRoute } from './finalize.js';

/** Shrinks a step computed in float64 a hair so it stays under the bound it was computed from. */
const SHRINK = 1 - 1e-12;

function stepsAt(input: StoppingInput, h: number): number | null {
  const c = (8 * input.dim * input.smoothness ** 2) / input.alpha;
  const room = input.epsilon - c * h;
  if (!(room > 0)) return null;
  if (input.kl0 <= room) return 0;
  return Math.max(0, Math.ceil(Math.log(input.kl0 / room) / (input.alpha * h)));
}

export function vempalaWibisonoSeedRoute(input: StoppingInput): StoppingRoute {
  const why = vempalaWibisonoInapplicable(input);
  if (why !== null) return notApplicable('vempala-wibisono-seed', why);
  const { alpha, smoothness: l, dim: d, epsilon: eps, kl0 } = input;
  const h = Math.min(alpha / (4 * l * l), (alpha * eps) / (16 * d * l * l)) * SHRINK;
  const stepsFor = (hh: number): number => (kl0 <= eps / 2 ? 0 : Math.ceil(Math.log((2 * kl0) / eps) / (alpha * hh)));
  const route = kernelCheckedRoute('vempala-wibisono-seed', input, h, stepsFor);
  return route ?? notApplicable('vempala-wibisono-seed', whyNoRoute(input, h, stepsFor, 'seed'));
}

/**
 * Minimises N over admissible h. Writing h = u eps / c (u in (0,1) is the share of eps spent on the
 * bias), N is proportional to (ln K - ln(1 - u)) / u with K = KL0 / eps, whose derivative vanishes where
 * u / (1 - u) + ln(1 - u) = ln K; the left side increases in u, so bisection finds the unique root.
 */
export function optimalBiasShare(kOverEps: number): number {
  const target = Math.log(kOverEps);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const u = (lo + hi) / 2;
    if (u / (1 - u) + Math.log1p(-u) < target) lo = u;
    else hi = u;
  }
  return lo;
}

export function vempalaWibisonoOptimisedRoute(input: StoppingInput): StoppingRoute {
  const why = vempalaWibisonoInapplicable(input);
  if (why !== null) return notApplicable('vempala-wibisono-optimised', why);
  const { alpha, smoothness: l, dim: d, epsilon: eps, kl0 } = input;
  const c = (8 * d * l * l) / alpha;
  const hMax = alpha / (4 * l * l);
  // KL0 < eps already: half of the remaining room may go to the bias, and N = 0.
  const u = kl0 < eps ? (1 - kl0 / eps) / 2 : optimalBiasShare(Math.max(kl0 / eps, 1 + 1e-6));
  const h = Math.min(hMax, (u * eps) / c) * SHRINK;
  const stepsFor = (hh: number): number | null => stepsAt(input, hh);
  const route = kernelCheckedRoute('vempala-wibisono-optimised', input, h, stepsFor);
  return route ?? notApplicable('vempala-wibisono-optimised', whyNoRoute(input, h, stepsFor, 'optimised'));
}
