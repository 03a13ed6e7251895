// Gaussian barriers and their closed-form one-step expectation under the ULA kernel
// (proofs/barrier.md, sections 2 and 3). A barrier is
//   B(x) = sum_i r_i exp(|x - c_i|^2 / (2 u_i))  +  sum_j w_j exp(-|x - mu_j|^2 / (2 v_j)),   all weights >= 0,
// (rising terms, which reach 1 far out, and Gaussian bumps). For m in R^d and a standard normal xi,
//   E exp(-|m + s xi - mu|^2 / (2v)) = (v / (v + s^2))^{d/2} exp(-|m - mu|^2 / (2 (v + s^2))),
//   E exp(+|m + s xi - c|^2 / (2v)) = (v / (v - s^2))^{d/2} exp(+|m - c|^2 / (2 (v - s^2)))  (v > s^2),
// so E[B(x') | x] is a function of m = x - eta grad E(x) alone. Everything here is interval arithmetic.
import { add, div, exp, mul, point, powInt, sqr, sqrt, sub, ZERO, type Interval } from '../interval.js';

export interface GaussianTerm {
  readonly weight: number;
  readonly center: readonly number[];
  /** v = s^2, the variance of the Gaussian shape. */
  readonly variance: number;
}

export interface GaussianBarrier {
  /** r_i exp(+|x - c_i|^2 / (2 u_i)). */
  readonly rising: readonly GaussianTerm[];
  /** w_j exp(-|x - mu_j|^2 / (2 v_j)). */
  readonly bumps: readonly GaussianTerm[];
}

/** Largest number of terms a barrier may carry (keeps a check's cost bounded). */
export const MAX_TERMS = 2000;

/** Why the barrier is not well formed for dimension d, or undefined (finite, w >= 0, v > 0). */
export function validateBarrier(b: GaussianBarrier, d: number): string | undefined {
  if (typeof b !== 'object' || b === null || !Array.isArray(b.rising) || !Array.isArray(b.bumps)) return 'barrier: needs lists rising and bumps';
  const terms = [...b.rising.map((t, j) => ({ t, name: `rising[${j}]` })), ...b.bumps.map((t, j) => ({ t, name: `bumps[${j}]` }))];
  if (terms.length > MAX_TERMS) return `barrier: ${terms.length} terms exceed the limit ${MAX_TERMS}`;
  for (const { t, name } of terms) {
    if (typeof t !== 'object' || t === null || !Array.isArray(t.center)) return `barrier ${name}: not a term`;
    if (!(typeof t.weight === 'number' && Number.isFinite(t.weight) && t.weight >= 0)) return `barrier ${name}: weight ${t.weight} must be finite and >= 0`;
    if (!(typeof t.variance === 'number' && Number.isFinite(t.variance) && t.variance > 0)) return `barrier ${name}: variance ${t.variance} must be finite and > 0`;
    if (t.center.length !== d) return `barrier ${name}: center has ${t.center.length} coordinates, expected ${d}`;
    if (!t.center.every((c: unknown) => typeof c === 'number' && Number.isFinite(c))) return `barrier ${name}: center must be finite`;
  }
  return undefined;
}

/** r^{d/2} for an interval r >= 0 (powInt, times sqrt r when d is odd). */
export function halfPower(r: Interval, d: number): Interval {
  const whole = powInt(r, Math.floor(d / 2));
  return d % 2 === 0 ? whole : mul(whole, sqrt(r));
}

/** Enclosure of |m - c|^2 over the box m (each coordinate squared exactly, rounded outward). */
export function squaredDistance(m: readonly Interval[], c: readonly number[]): Interval {
  let s = ZERO;
  for (let i = 0; i < m.length; i++) s = add(s, sqr(sub(m[i]!, point(c[i]!))));
  return s;
}

/**
 * E[B(m + sqrt(s2) xi)] for every m in the box `m` and every s2 in `s2` (s2 >= 0; s2 = [0, 0] gives
 * B itself). Throws when a rising term's u - s2 is not positive (the expectation is infinite).
 */
export function gaussianSmoothed(b: GaussianBarrier, m: readonly Interval[], s2: Interval): Interval {
  const d = m.length;
  let total = ZERO;
  for (const t of b.rising) {
    if (t.weight === 0) continue;
    const v = point(t.variance);
    const a = sub(v, s2);
    if (!(a.lo > 0)) throw new Error(`barrier: rising variance ${t.variance} does not exceed the smoothing variance ${s2.hi}`);
    const factor = halfPower(div(v, a), d);
    const e = exp(div(squaredDistance(m, t.center), mul(point(2), a)));
    total = add(total, mul(point(t.weight), mul(factor, e)));
  }
  for (const t of b.bumps) {
    if (t.weight === 0) continue;
    const v = point(t.variance);
    const a = add(v, s2);
    const factor = halfPower(div(v, a), d);
    const e = exp(sub(ZERO, div(squaredDistance(m, t.center), mul(point(2), a))));
    total = add(total, mul(point(t.weight), mul(factor, e)));
  }
  return total;
}

/**
 * The gradient in m of gaussianSmoothed over the box m: for a bump, -(m - mu)/(v + s2) times the
 * term; for a rising term, +(m - c)/(u - s2) times the term.
 */
export function gaussianSmoothedGradient(b: GaussianBarrier, m: readonly Interval[], s2: Interval): Interval[] {
  const d = m.length;
  const g: Interval[] = Array.from({ length: d }, () => ZERO);
  const addTerm = (t: GaussianTerm, a: Interval, sign: 1 | -1): void => {
    const factor = halfPower(div(point(t.variance), a), d);
    const q = div(squaredDistance(m, t.center), mul(point(2), a));
    const value = mul(point(t.weight), mul(factor, exp(sign === 1 ? q : sub(ZERO, q))));
    for (let i = 0; i < d; i++) {
      const slope = div(sub(m[i]!, point(t.center[i]!)), a);
      g[i] = sign === 1 ? add(g[i]!, mul(value, slope)) : sub(g[i]!, mul(value, slope));
    }
  };
  for (const t of b.rising) {
    if (t.weight === 0) continue;
    const a = sub(point(t.variance), s2);
    if (!(a.lo > 0)) throw new Error(`barrier: rising variance ${t.variance} does not exceed the smoothing variance ${s2.hi}`);
    addTerm(t, a, 1);
  }
  for (const t of b.bumps) if (t.weight > 0) addTerm(t, add(point(t.variance), s2), -1);
  return g;
}

/** B over a box (s2 = 0). */
export function barrierOnBox(b: GaussianBarrier, x: readonly Interval[]): Interval {
  return gaussianSmoothed(b, x, ZERO);
}

/** The kernel variance 2 eta T, enclosed. */
export function ulaVariance(eta: number, temperature: number): Interval {
  return mul(point(2), mul(point(eta), point(temperature)));
}
