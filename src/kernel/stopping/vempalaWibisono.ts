// Vempala & Wibisono (arXiv:1903.08568, Theorem 1), proofs/stopping-vempala-wibisono.md:
// if pi = exp(-f)/Z satisfies LSI(alpha) and -L I <= hess f <= L I, ULA with 0 < h <= alpha/(4L^2) has
//   KL(rho_N || pi) <= exp(-alpha h N) KL(rho_0 || pi) + 8 h d L^2 / alpha.
import { add, div, exp, min, mul, neg, point, type Interval } from '../interval.js';

export interface VempalaWibisonoConstants {
  readonly dim: number;
  readonly alpha: number;
  readonly smoothness: number;
  readonly kl0: number;
}

/** alpha / (4 L^2), enclosed: its lower end bounds the admissible steps. */
export function vempalaWibisonoMaxStep(c: VempalaWibisonoConstants): Interval {
  const l = point(c.smoothness);
  return div(point(c.alpha), mul(point(4), mul(l, l)));
}

/** The seed step min(alpha/(4L^2), alpha eps/(16 d L^2)), enclosed (proofs/stopping-vempala-wibisono.md). */
export function vempalaWibisonoSeedStep(c: VempalaWibisonoConstants, epsilon: number): Interval {
  const l2 = mul(point(c.smoothness), point(c.smoothness));
  const biasHalf = div(mul(point(c.alpha), point(epsilon)), mul(point(16 * c.dim), l2));
  return min(vempalaWibisonoMaxStep(c), biasHalf);
}

/** Encloses the right-hand side of Theorem 1 for every h in the interval `h`. */
export function vempalaWibisonoBound(c: VempalaWibisonoConstants, h: Interval, steps: number): Interval {
  const alpha = point(c.alpha);
  const l = point(c.smoothness);
  const decay = exp(neg(mul(mul(alpha, h), point(steps))));
  const bias = div(mul(mul(point(8), h), mul(point(c.dim), mul(l, l))), alpha);
  return add(mul(decay, point(c.kl0)), bias);
}

/** Why the constants cannot feed Theorem 1, or null when they can. */
export function vempalaWibisonoInapplicable(c: VempalaWibisonoConstants): string | null {
  if (!(c.alpha > 0) || !Number.isFinite(c.alpha)) return `alpha = ${c.alpha}: no certified LSI constant > 0`;
  if (!(c.smoothness > 0) || !Number.isFinite(c.smoothness)) return `L = ${c.smoothness}: no certified finite smoothness`;
  if (!(c.kl0 >= 0) || !Number.isFinite(c.kl0)) return `KL0 = ${c.kl0}: no certified finite initial KL`;
  return null;
}
