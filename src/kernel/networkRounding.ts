// Outward rounding for the network's flat (lo, hi) arrays, without allocating objects.
// Every IEEE-754 operation below is rounded to nearest, so its exact result r* satisfies
// |r* - r| <= ulp(r) / 2; roundDown/roundUp move r by at least one ulp (proofs/enclosures.md, section 1).
import { powerOfTwo } from './rounding.js';

/** 2^-52: for a normal double r, |r| * 2^-52 >= ulp(r). */
const ULP_FACTOR = 2.220446049250313e-16;
/** The smallest subnormal: covers results at or below the subnormal range (absolute error <= 2^-1075). */
const TINY = 5e-324;

/** |r| >= 2^-969 keeps |r| * 2^-52 a normal double: the fast path never touches a subnormal
 *  (subnormal operands cost ~100x on x86, and this runs ~10^5 times per network box). */
const FAST_MIN = powerOfTwo(-969);

/** A double <= every real that rounds to nearest to r. NaN stays NaN (callers reject it). */
export function roundDown(r: number): number {
  const a = Math.abs(r);
  if (a >= FAST_MIN && a <= Number.MAX_VALUE) return r - a * ULP_FACTOR;
  return roundDownSlow(r);
}

/** A double >= every real that rounds to nearest to r. */
export function roundUp(r: number): number {
  const a = Math.abs(r);
  if (a >= FAST_MIN && a <= Number.MAX_VALUE) return r + a * ULP_FACTOR;
  return roundUpSlow(r);
}

function roundDownSlow(r: number): number {
  const s = r - (Math.abs(r) * ULP_FACTOR + TINY);
  // +inf - inf is NaN: an overflowed lower bound means the exact value is >= MAX_VALUE.
  if (s !== s) return r === Infinity ? Number.MAX_VALUE : r;
  return s;
}

function roundUpSlow(r: number): number {
  const s = r + (Math.abs(r) * ULP_FACTOR + TINY);
  if (s !== s) return r === -Infinity ? -Number.MAX_VALUE : r;
  return s;
}

/** Lower end of w * [lo, hi] for a point w (0 * inf counts as 0: w is exact, so the product is 0). */
export function scaleLo(w: number, lo: number, hi: number): number {
  if (w === 0) return 0;
  return roundDown(w > 0 ? w * lo : w * hi);
}

export function scaleHi(w: number, lo: number, hi: number): number {
  if (w === 0) return 0;
  return roundUp(w > 0 ? w * hi : w * lo);
}

/** Product of two endpoints where 0 * inf means 0 (the factor that is 0 is an exact bound). */
function prod(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

/** Lower end of [alo, ahi] * [blo, bhi]. */
export function mulLo(alo: number, ahi: number, blo: number, bhi: number): number {
  return roundDown(Math.min(prod(alo, blo), prod(alo, bhi), prod(ahi, blo), prod(ahi, bhi)));
}

/** Upper end of [alo, ahi] * [blo, bhi]. */
export function mulHi(alo: number, ahi: number, blo: number, bhi: number): number {
  return roundUp(Math.max(prod(alo, blo), prod(alo, bhi), prod(ahi, blo), prod(ahi, bhi)));
}

/** Lower end of [lo, hi]^2 (never negative). */
export function sqrLo(lo: number, hi: number): number {
  if (lo <= 0 && hi >= 0) return 0;
  const m = lo > 0 ? lo : -hi;
  return Math.max(0, roundDown(m * m));
}

export function sqrHi(lo: number, hi: number): number {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  return roundUp(m * m);
}
