// The exit bound of the localisation route (proofs/stopping-localisation.md, Lemma 4): for ULA on f
// from rho_0 = N(m 1, sigma^2 I), with tau the first k >= 0 such that X_k is outside the box K and the
// drift (D) E[Phi(X')|x] <= Phi(x) + b on K (Phi(X_{k ^ tau}) - b k is a supermartingale on {X_0 in K}),
//   P(tau <= N - 1) <= rho_0(K^c) + (w_0 + (N - 1) b) / inf_{K^c} Phi,
// w_0 an upper bound of E[Phi(X_0); X_0 in K]. Every quantity is enclosed, upper ends kept.
import { add, div, exp, mul, point, sub, type Interval } from '../interval.js';
import { addHi, mulHi } from '../rounding.js';
import { normalCdf } from './normalCdf.js';
import { truncatedStartMoment } from './localisationMoments.js';
import type { LyapunovSpec } from './localisationDrift.js';

export interface ExitInput {
  readonly region: readonly Interval[];
  readonly lyapunov: LyapunovSpec;
  readonly b: number;
  readonly init: { readonly mean: number; readonly std: number };
  readonly steps: number;
}

export interface ExitBound {
  /** Upper bound of rho_0(K^c) (union bound over the coordinates). */
  readonly startOutside: number;
  /** Upper bound of E[Phi(X_0); X_0 in K]. */
  readonly startMoment: number;
  /** Lower bound of inf over K^c of Phi. */
  readonly outsideInf: number;
  /** Upper bound of P(X_k leaves K for some k <= steps - 1). */
  readonly exit: number;
}

/** rho_0(K^c) <= sum_i P(X_0i < a_i) + P(X_0i > b_i), X_0i ~ N(m, sigma^2). */
export function startOutsideUpper(region: readonly Interval[], mean: number, std: number): number {
  let total = 0;
  for (const c of region) {
    const below = normalCdf(div(sub(point(c.lo), point(mean)), point(std))).hi;
    const above = sub(point(1), normalCdf(div(sub(point(c.hi), point(mean)), point(std)))).hi;
    total = addHi(total, addHi(below, above));
  }
  return Math.min(1, total);
}

/** inf over x outside K of Phi(x) >= exp(min_j s_j d_j^2), d_j the distance from c_j to the complement of [a_j, b_j]. */
export function lyapunovOutsideInf(region: readonly Interval[], l: LyapunovSpec): number {
  let smallest = Infinity;
  for (let j = 0; j < region.length; j++) {
    const c = point(l.center[j]!);
    const toLo = sub(c, point(region[j]!.lo)).lo;
    const toHi = sub(point(region[j]!.hi), c).lo;
    const d = Math.max(0, Math.min(toLo, toHi));
    const e = mul(point(l.s[j]!), mul(point(d), point(d))).lo;
    smallest = Math.min(smallest, e);
  }
  return exp(point(smallest)).lo;
}

export function exitProbabilityBound(input: ExitInput): ExitBound {
  const { region, lyapunov, b, init, steps } = input;
  if (!(b >= 0) || !Number.isFinite(b)) throw new Error(`b = ${b}: expected a finite number >= 0`);
  if (!Number.isSafeInteger(steps) || steps < 0) throw new Error(`steps = ${steps}: expected an integer >= 0`);
  for (const c of region) if (!Number.isFinite(c.lo) || !Number.isFinite(c.hi) || !(c.lo < c.hi)) throw new Error('the localisation box K must be bounded with a non-empty interior');
  if (!(init.std > 0) || !Number.isFinite(init.std) || !Number.isFinite(init.mean)) throw new Error(`init normal:${init.mean},${init.std}: expected a finite Gaussian start with std > 0`);
  const startOutside = startOutsideUpper(region, init.mean, init.std);
  let startMoment = 1;
  for (let i = 0; i < region.length; i++) {
    const f = truncatedStartMoment(region[i]!.lo, region[i]!.hi, init.mean, init.std, lyapunov.s[i]!, lyapunov.center[i]!);
    startMoment = mulHi(startMoment, f);
  }
  const outsideInf = lyapunovOutsideInf(region, lyapunov);
  if (steps === 0) return { startOutside, startMoment, outsideInf, exit: 0 };
  const later = div(add(point(startMoment), mul(point(steps - 1), point(b))), point(outsideInf)).hi;
  return { startOutside, startMoment, outsideInf, exit: Math.min(1, addHi(startOutside, later)) };
}
