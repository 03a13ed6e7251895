// Closed real intervals [lo, hi] with outward-rounded arithmetic (the exact-operation layer).
//
// Invariants of every Interval this module returns: no NaN, lo <= hi, lo < +Infinity and
// hi > -Infinity (an endpoint may be infinite only on its own side, meaning "unbounded").
// There is no empty interval value: an operation whose result would be empty throws
// EmptyIntervalError, and an operation applied outside its domain throws IntervalDomainError,
// so a test such as `r.lo > 0` can never pass on an empty set.

import { addHi, addLo, divHi, divLo, mulHi, mulLo, nextDown, nextUp } from './rounding.js';

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

/** An operation produced (or was given) an empty set; never returned as a value. */
export class EmptyIntervalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmptyIntervalError';
  }
}

/** An operation was applied to an interval that leaves its domain (log of x <= 0, sqrt of x < 0, ...). */
export class IntervalDomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntervalDomainError';
  }
}

function show(x: number): string {
  return Number.isNaN(x) ? 'NaN' : String(x);
}

/** The interval [lo, hi]; throws EmptyIntervalError if lo > hi or an endpoint is NaN or infinite on the wrong side. */
export function interval(lo: number, hi: number): Interval {
  if (!(lo <= hi) || lo === Infinity || hi === -Infinity) {
    throw new EmptyIntervalError(`interval: [${show(lo)}, ${show(hi)}] is not a non-empty interval of reals`);
  }
  return { lo, hi };
}

/** The degenerate interval [x, x] of a finite double. */
export function point(x: number): Interval {
  if (!Number.isFinite(x)) throw new EmptyIntervalError(`point: ${show(x)} is not a finite real`);
  return { lo: x, hi: x };
}

export const ENTIRE: Interval = Object.freeze({ lo: -Infinity, hi: Infinity });
export const ZERO: Interval = Object.freeze({ lo: 0, hi: 0 });
export const ONE: Interval = Object.freeze({ lo: 1, hi: 1 });

// Internal constructor for results computed here: the endpoint arithmetic below guarantees the
// invariants except NaN, which would reveal a bug; check it cheaply.
function make(lo: number, hi: number): Interval {
  if (!(lo <= hi)) throw new EmptyIntervalError(`internal: computed [${show(lo)}, ${show(hi)}]`);
  return { lo, hi };
}

// Lower/upper bound of a correctly rounded result r; exact zeros and infinities stay as they are
// only where the caller knows they are exact (see mulLo/mulHi).
const down = nextDown;
const up = nextUp;

export function neg(a: Interval): Interval {
  return make(-a.hi, -a.lo);
}

export function add(a: Interval, b: Interval): Interval {
  return make(addLo(a.lo, b.lo), addHi(a.hi, b.hi));
}

export function sub(a: Interval, b: Interval): Interval {
  return make(addLo(a.lo, -b.hi), addHi(a.hi, -b.lo));
}

export function addScalar(a: Interval, c: number): Interval {
  return add(a, point(c));
}

// Endpoint products use mulLo/mulHi from rounding.ts: 0 * (+-Infinity) = 0 (an endpoint 0 is an
// attained value, and 0 times any real is 0), exact products stay exact.

export function mul(a: Interval, b: Interval): Interval {
  if (a.lo >= 0) {
    if (b.lo >= 0) return make(mulLo(a.lo, b.lo), mulHi(a.hi, b.hi));
    if (b.hi <= 0) return make(mulLo(a.hi, b.lo), mulHi(a.lo, b.hi));
    return make(mulLo(a.hi, b.lo), mulHi(a.hi, b.hi));
  }
  if (a.hi <= 0) {
    if (b.lo >= 0) return make(mulLo(a.lo, b.hi), mulHi(a.hi, b.lo));
    if (b.hi <= 0) return make(mulLo(a.hi, b.hi), mulHi(a.lo, b.lo));
    return make(mulLo(a.lo, b.hi), mulHi(a.lo, b.lo));
  }
  if (b.lo >= 0) return make(mulLo(a.lo, b.hi), mulHi(a.hi, b.hi));
  if (b.hi <= 0) return make(mulLo(a.hi, b.lo), mulHi(a.lo, b.lo));
  return make(Math.min(mulLo(a.lo, b.hi), mulLo(a.hi, b.lo)), Math.max(mulHi(a.lo, b.lo), mulHi(a.hi, b.hi)));
}

/** a * c for a finite double c. */
export function scale(a: Interval, c: number): Interval {
  return mul(a, point(c));
}

/**
 * 1 / a. If a is [0, 0] the result is undefined everywhere: IntervalDomainError. If 0 is an
 * endpoint the result is the half-line [1/hi, +Infinity] (or [-Infinity, 1/lo]); if 0 is
 * interior the result is ENTIRE (the true set is two half-lines; their hull is documented
 * behaviour, sound but uninformative).
 */
export function recip(a: Interval): Interval {
  if (a.lo === 0 && a.hi === 0) throw new IntervalDomainError('recip: division by the interval [0, 0]');
  if (a.lo > 0 || a.hi < 0) return make(divLo(1, a.hi), divHi(1, a.lo));
  if (a.lo === 0) return make(divLo(1, a.hi), Infinity);
  if (a.hi === 0) return make(-Infinity, divHi(1, a.lo));
  return ENTIRE;
}

/** a / b = a * (1 / b); see recip for divisors that contain 0 (ENTIRE when 0 is interior). */
export function div(a: Interval, b: Interval): Interval {
  if (b.lo === b.hi && b.lo !== 0) {
    // Division by a point is one correctly rounded operation per endpoint.
    const c = b.lo;
    const nLo = c > 0 ? a.lo : a.hi;
    const nHi = c > 0 ? a.hi : a.lo;
    return make(divLo(nLo, c), divHi(nHi, c));
  }
  return mul(a, recip(b));
}

/** The exact range of x^2 (never negative), rounded outward. */
export function sqr(a: Interval): Interval {
  if (a.lo >= 0) return make(Math.max(0, mulLo(a.lo, a.lo)), mulHi(a.hi, a.hi));
  if (a.hi <= 0) return make(Math.max(0, mulLo(a.hi, a.hi)), mulHi(a.lo, a.lo));
  return make(0, Math.max(mulHi(a.lo, a.lo), mulHi(a.hi, a.hi)));
}

// x^n for x >= 0 and n >= 1 by binary powering, every product rounded the same direction
// (all factors are non-negative, so rounding each one down/up bounds the product). The exponent
// is a BigInt: 32-bit shifts truncate exponents above 2^32, and a double cannot hold every
// exponent (2^53 + 1 is odd, its nearest double even).
function powNonNegative(x: number, n: bigint, roundUpward: boolean): number {
  let result = 1;
  let base = x;
  let k = n;
  while (k > 0n) {
    if ((k & 1n) === 1n) result = roundUpward ? mulHi(result, base) : Math.max(0, mulLo(result, base));
    k >>= 1n;
    if (k > 0n) base = roundUpward ? mulHi(base, base) : Math.max(0, mulLo(base, base));
  }
  return result;
}

/**
 * x^n for an integer n, given as a double with an integer value or as a BigInt (exact range up to
 * rounding; even powers never negative; x^0 = 1, including 0^0).
 */
export function powInt(a: Interval, n: number | bigint): Interval {
  if (typeof n === 'number' && !Number.isInteger(n)) throw new IntervalDomainError(`powInt: exponent ${n} is not an integer`);
  const k = BigInt(n); // exact: n is an integer double or already a BigInt
  if (k === 0n) return ONE;
  if (k < 0n) return recip(powInt(a, -k));
  if (k === 1n) return a;
  if ((k & 1n) === 0n) {
    const m = abs(a);
    return make(powNonNegative(m.lo, k, false), powNonNegative(m.hi, k, true));
  }
  // Odd powers are increasing: x^n = sign(x) |x|^n at each endpoint.
  const lo = a.lo >= 0 ? powNonNegative(a.lo, k, false) : -powNonNegative(-a.lo, k, true);
  const hi = a.hi >= 0 ? powNonNegative(a.hi, k, true) : -powNonNegative(-a.hi, k, false);
  return make(lo, hi);
}

/** Square root (correctly rounded in IEEE 754, so one ulp outward). Throws IntervalDomainError if lo < 0. */
export function sqrt(a: Interval): Interval {
  if (a.lo < 0) throw new IntervalDomainError(`sqrt: argument [${a.lo}, ${a.hi}] contains negative numbers`);
  // s = fl(sqrt(x)) moves outward only if s^2 (bounded by mulLo/mulHi) shows it is on the wrong side.
  let lo = 0;
  if (a.lo > 0) {
    const s = Math.sqrt(a.lo);
    lo = mulHi(s, s) <= a.lo ? s : Math.max(0, down(s));
  }
  let hi = Infinity;
  if (a.hi < Infinity) {
    const s = Math.sqrt(a.hi);
    hi = mulLo(s, s) >= a.hi ? s : up(s);
  }
  return make(lo, hi);
}

export function abs(a: Interval): Interval {
  if (a.lo >= 0) return a;
  if (a.hi <= 0) return make(-a.hi, -a.lo);
  return make(0, Math.max(-a.lo, a.hi));
}

/** The range of min(x, y) over x in a, y in b. */
export function min(a: Interval, b: Interval): Interval {
  return make(Math.min(a.lo, b.lo), Math.min(a.hi, b.hi));
}

/** The range of max(x, y) over x in a, y in b. */
export function max(a: Interval, b: Interval): Interval {
  return make(Math.max(a.lo, b.lo), Math.max(a.hi, b.hi));
}

/** The smallest interval containing both. */
export function hull(a: Interval, b: Interval): Interval {
  return make(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi));
}

/** a ∩ b; throws EmptyIntervalError if they are disjoint. */
export function intersect(a: Interval, b: Interval): Interval {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  if (!(lo <= hi)) throw new EmptyIntervalError(`intersect: [${a.lo}, ${a.hi}] and [${b.lo}, ${b.hi}] are disjoint`);
  return { lo, hi };
}

/** hi - lo rounded up (Infinity for unbounded intervals). */
export function width(a: Interval): number {
  return a.lo === a.hi ? 0 : addHi(a.hi, -a.lo);
}

/** A double inside a (the midpoint for bounded intervals; a finite point for unbounded ones). */
export function midpoint(a: Interval): number {
  if (a.lo === -Infinity && a.hi === Infinity) return 0;
  if (a.lo === -Infinity) return a.hi > 0 ? 0 : a.hi <= -1 ? 2 * a.hi : a.hi - 1;
  if (a.hi === Infinity) return a.lo < 0 ? 0 : a.lo >= 1 ? 2 * a.lo : a.lo + 1;
  const m = a.lo / 2 + a.hi / 2;
  return Math.min(a.hi, Math.max(a.lo, m));
}

export function contains(a: Interval, x: number): boolean {
  return a.lo <= x && x <= a.hi;
}

export function isPoint(a: Interval): boolean {
  return a.lo === a.hi;
}

export function isBounded(a: Interval): boolean {
  return Number.isFinite(a.lo) && Number.isFinite(a.hi);
}
