// Interval enclosures of the elementary functions, from Math.* widened by mathLo/mathHi.
//
// Which Math.* functions are trusted, with which error bound, is listed in
// proofs/interval-arithmetic.md: exp, expm1, log, log1p, sin, cos (fdlibm ports in V8,
// documented < 1 ulp, margin 4 ulp). Math.tanh is NOT used: it was measured 2.03 ulp off on this
// machine (for example near 0.2427), so tanh is built from expm1 with interval operations.
// Monotone functions evaluate the endpoints; sin and cos locate their extrema soundly.

import {
  add,
  div,
  EmptyIntervalError,
  IntervalDomainError,
  mul,
  ONE,
  point,
  powInt,
  sub,
  ZERO,
  type Interval,
} from './intervalCore.js';
import { mathHi, mathLo, nextDown, nextUp } from './rounding.js';

function make(lo: number, hi: number): Interval {
  if (!(lo <= hi)) throw new EmptyIntervalError(`internal: computed [${lo}, ${hi}]`);
  return { lo, hi };
}

function clamp(a: Interval, lo: number, hi: number): Interval {
  return make(Math.max(a.lo, lo), Math.min(a.hi, hi));
}

/** Enclosure of exp at one extended-real endpoint. */
function expLo(x: number): number {
  if (x === -Infinity) return 0;
  if (x === 0) return 1;
  return Math.max(0, mathLo(Math.exp(x)));
}
function expHi(x: number): number {
  if (x === Infinity) return Infinity;
  if (x === 0) return 1;
  return mathHi(Math.exp(x));
}

export function exp(a: Interval): Interval {
  return make(expLo(a.lo), expHi(a.hi));
}

/** exp(x) - 1, accurate near 0 (increasing, >= -1). */
export function expm1(a: Interval): Interval {
  const lo = a.lo === -Infinity ? -1 : a.lo === 0 ? 0 : Math.max(-1, mathLo(Math.expm1(a.lo)));
  const hi = a.hi === Infinity ? Infinity : a.hi === 0 ? 0 : mathHi(Math.expm1(a.hi));
  return make(lo, hi);
}

/** Natural logarithm. Throws IntervalDomainError if lo < 0 or a = [0, 0]; lo = 0 gives -Infinity. */
export function log(a: Interval): Interval {
  if (a.lo < 0 || a.hi <= 0) throw new IntervalDomainError(`log: argument [${a.lo}, ${a.hi}] is not inside (0, +Infinity)`);
  const lo = a.lo === 0 ? -Infinity : a.lo === 1 ? 0 : mathLo(Math.log(a.lo));
  const hi = a.hi === Infinity ? Infinity : a.hi === 1 ? 0 : mathHi(Math.log(a.hi));
  return make(lo, hi);
}

/** log(1 + x) for x > -1 (x = -1 allowed as an endpoint, giving -Infinity). */
export function log1p(a: Interval): Interval {
  if (a.lo < -1 || a.hi <= -1) throw new IntervalDomainError(`log1p: argument [${a.lo}, ${a.hi}] is not inside (-1, +Infinity)`);
  const lo = a.lo === -1 ? -Infinity : a.lo === 0 ? 0 : mathLo(Math.log1p(a.lo));
  const hi = a.hi === Infinity ? Infinity : a.hi === 0 ? 0 : mathHi(Math.log1p(a.hi));
  return make(lo, hi);
}

// tanh(x) for x >= 0 from u = expm1(2x) in [uLo, uHi]: tanh = u / (u + 2) = 1 - 2 / (u + 2), both
// increasing in u, so a lower bound uses uLo and an upper bound uHi. The first form keeps
// relative accuracy near 0, the second avoids Infinity / Infinity for large x.
function tanhNonNegativeLo(x: number): number {
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  const u = expm1(point(Math.min(2 * x, Number.MAX_VALUE))).lo; // 2 * x is exact unless it overflows
  if (x < 1) return Math.max(0, nextDown(u / nextUp(u + 2)));
  return Math.max(0, nextDown(1 - nextUp(2 / nextDown(u + 2))));
}
function tanhNonNegativeHi(x: number): number {
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  const u = expm1(point(Math.min(2 * x, Number.MAX_VALUE))).hi;
  if (x < 1) return Math.min(1, nextUp(u / nextDown(u + 2)));
  return Math.min(1, nextUp(1 - nextDown(2 / nextUp(u + 2))));
}
/** A lower bound on tanh(x) at a point (expm1-based; Math.tanh is not trusted). */
export function tanhLo(x: number): number {
  return x >= 0 ? tanhNonNegativeLo(x) : -tanhNonNegativeHi(-x);
}
/** An upper bound on tanh(x) at a point. */
export function tanhHi(x: number): number {
  return x >= 0 ? tanhNonNegativeHi(x) : -tanhNonNegativeLo(-x);
}

/** tanh (increasing, values in [-1, 1]). */
export function tanh(a: Interval): Interval {
  return make(tanhLo(a.lo), tanhHi(a.hi));
}

/** A lower bound on sigmoid(x) = 1 / (1 + exp(-x)) at a point (decreasing in exp(-x), so its upper bound). */
export function sigmoidLo(x: number): number {
  return x === -Infinity ? 0 : Math.max(0, nextDown(1 / nextUp(1 + expHi(-x))));
}
/** An upper bound on sigmoid(x) at a point. */
export function sigmoidHi(x: number): number {
  return x === Infinity ? 1 : Math.min(1, nextUp(1 / nextDown(1 + expLo(-x))));
}

/** sigmoid(x) = 1 / (1 + exp(-x)) (increasing, values in [0, 1]). */
export function sigmoid(a: Interval): Interval {
  return make(sigmoidLo(a.lo), sigmoidHi(a.hi));
}

// softplus(x) = log(1 + exp(x)) = log1p(exp(x)) for x <= 0 and x + log1p(exp(-x)) for x > 0.
function softplusPoint(x: number): Interval {
  if (x <= 0) return clamp(log1p(exp(point(x))), 0, Infinity);
  return add(point(x), log1p(exp(point(-x))));
}

/** softplus(x) = log(1 + exp(x)) (increasing, positive). */
export function softplus(a: Interval): Interval {
  const lo = a.lo === -Infinity ? 0 : softplusPoint(a.lo).lo;
  const hi = a.hi === Infinity ? Infinity : softplusPoint(a.hi).hi;
  return make(Math.max(0, lo), hi);
}

/**
 * a^b for an interval exponent. An exponent that is one integer uses powInt (any base). Otherwise
 * the base must be non-negative (IntervalDomainError if not), and a^b = exp(b log a), with 0^b = 0
 * for b > 0.
 */
export function pow(a: Interval, b: Interval): Interval {
  if (b.lo === b.hi && Number.isInteger(b.lo)) return powInt(a, b.lo);
  if (a.lo < 0) {
    throw new IntervalDomainError(`pow: base [${a.lo}, ${a.hi}] must be non-negative for the non-integer exponent [${b.lo}, ${b.hi}]`);
  }
  if (a.hi === 0) {
    if (b.lo > 0) return ZERO;
    throw new IntervalDomainError(`pow: 0 raised to the exponent [${b.lo}, ${b.hi}], which is not positive`);
  }
  if (b.lo === 0 && b.hi === 0) return ONE;
  const result = exp(mul(b, log(a)));
  // exp(b log a) at a = 0 is exp(-Infinity) = 0 for b > 0, which the convention above reproduces.
  return result;
}

// ---- sin and cos ----------------------------------------------------------------------------

// pi is not a double: Math.PI = 3.141592653589793115997... < pi < nextUp(Math.PI).
const PI: Interval = { lo: Math.PI, hi: nextUp(Math.PI) };
const TWO_PI_LO = 2 * Math.PI; // exact doubling, below 2 pi

/**
 * Whether some x = (phaseQuarterTurns * pi / 2) + 2 k pi with integer k may lie in [lo, hi].
 * x in [lo, hi] implies k in [(lo/pi - q/2) / 2, (hi/pi - q/2) / 2]; the bounds are computed
 * outward with the enclosure PI of pi, so "false" is a proof that no such x lies inside.
 */
function mayContainPhase(lo: number, hi: number, phaseQuarterTurns: number): boolean {
  const shift = point(phaseQuarterTurns / 2);
  const kMin = div(sub(div(point(lo), PI), shift), point(2)).lo;
  const kMax = div(sub(div(point(hi), PI), shift), point(2)).hi;
  return Math.ceil(kMin) <= kMax;
}

function trigRange(a: Interval, f: (x: number) => number, maxPhase: number, minPhase: number): Interval {
  if (!Number.isFinite(a.lo) || !Number.isFinite(a.hi) || a.hi - a.lo >= TWO_PI_LO) return make(-1, 1);
  const yLo = f(a.lo);
  const yHi = f(a.hi);
  let lo = Math.max(-1, mathLo(Math.min(yLo, yHi)));
  let hi = Math.min(1, mathHi(Math.max(yLo, yHi)));
  if (mayContainPhase(a.lo, a.hi, maxPhase)) hi = 1;
  if (mayContainPhase(a.lo, a.hi, minPhase)) lo = -1;
  return make(lo, hi);
}

/** sin: maxima at pi/2 + 2k pi, minima at -pi/2 + 2k pi. */
export function sin(a: Interval): Interval {
  if (a.lo === 0 && a.hi === 0) return ZERO;
  return trigRange(a, Math.sin, 1, -1);
}

/** cos: maxima at 2k pi, minima at pi + 2k pi. */
export function cos(a: Interval): Interval {
  if (a.lo === 0 && a.hi === 0) return ONE;
  return trigRange(a, Math.cos, 0, 2);
}
