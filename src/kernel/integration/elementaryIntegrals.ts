// Enclosures of the two one-dimensional integrals the box and tail bounds need
// (proofs/integration.md, sections 2 and 3):
//   E(a, h) = ∫_0^h exp(-a t) dt = h phi(-a h),  phi(z) = expm1(z) / z (phi(0) = 1),
//   Q(t)    = P(N(0, 1) > t)     <= min(1/2, 1 / (t sqrt(2 pi))) exp(-t^2 / 2)   (t > 0).
// phi is positive and increasing on R, so a lower (upper) bound on z gives a lower (upper) bound
// on phi(z); the division expm1(z) / z is done in interval arithmetic, which keeps its relative
// accuracy for small |z| (expm1 is relative-accurate there, proofs/interval-arithmetic.md).
import { add, div, exp, expm1, log, mul, neg, point, scale, sqr, sqrt, type Interval } from '../interval.js';
import { mulHi, mulLo, nextDown, nextUp, powerOfTwo } from '../rounding.js';

// pi is not a double: Math.PI < pi < nextUp(Math.PI).
const PI: Interval = { lo: Math.PI, hi: nextUp(Math.PI) };

/** A lower bound on phi(z) = expm1(z) / z at a double z (NaN-free; 0 when nothing better is known). */
// For |z| <= 1, |phi(z) - 1| = |sum_{k>=1} z^k / (k+1)!| <= |z| (e - 2) < |z|, so for |z| < 2^-60
// phi(z) lies in [nextDown(1), nextUp(1)] (the widening of expm1 by an absolute 2^-1060 would be
// larger than that relative to a subnormal z).
const TINY = powerOfTwo(-60);

function phiLo(z: number): number {
  if (z === 0) return 1;
  if (Math.abs(z) < TINY) return nextDown(1);
  if (z === -Infinity) return 0;
  if (z === Infinity) return 0; // phi(z) > 0 is all that is claimed for an overflowed argument
  const v = div(expm1(point(z)), point(z)).lo;
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/** An upper bound on phi(z) at a double z. For z = -Infinity (an overflowed -a h <= -MAX_VALUE),
 *  phi(z) <= 1 / |z| <= 2^-1023, so 2^-1020 is a bound. */
function phiHi(z: number): number {
  if (z === 0) return 1;
  if (Math.abs(z) < TINY) return nextUp(1);
  if (z === -Infinity) return powerOfTwo(-1020);
  if (z === Infinity) return Infinity;
  const v = div(expm1(point(z)), point(z)).hi;
  return Number.isNaN(v) ? Infinity : v;
}

/** Upper bound on E(a, h) = ∫_0^h exp(-a t) dt for doubles a and h >= 0. */
export function expSegmentUpper(a: number, h: number): number {
  if (!(h >= 0)) throw new Error(`expSegmentUpper: length ${h} must be >= 0`);
  if (h === 0) return 0;
  // z = -a h: its upper end gives the upper bound (phi increasing).
  const z = mul(point(-a), point(h));
  return mulHi(h, phiHi(z.hi));
}

/** Lower bound on E(a, h) for doubles a and h >= 0. */
export function expSegmentLower(a: number, h: number): number {
  if (!(h >= 0)) throw new Error(`expSegmentLower: length ${h} must be >= 0`);
  if (h === 0) return 0;
  const z = mul(point(-a), point(h));
  return Math.max(0, mulLo(h, phiLo(z.lo)));
}

/**
 * Upper bound on Q(t) = P(N(0,1) > t) for every t' >= t (Q is decreasing, so a lower bound t on the
 * true argument is enough). t <= 0: 1. t > 0: exp(-t^2/2) min(1/2, 1/(t sqrt(2 pi))), the Chernoff
 * form and the Mills-ratio inequality (proofs/integration.md, section 3).
 */
export function gaussianTailUpper(t: number): number {
  if (Number.isNaN(t)) return 1;
  if (!(t > 0)) return 1;
  if (t === Infinity) return 0;
  const e = exp(neg(scale(sqr(point(t)), 0.5))).hi;
  const chernoff = mulHi(e, 0.5);
  const mills = div(point(e), mul(point(t), sqrt(scale(PI, 2)))).hi;
  return Math.min(1, chernoff, mills);
}

/** Enclosure of sqrt(2 pi / m) ^ d, the integral of exp(-(m/2)|x|^2) over R^d (m > 0). */
export function gaussianMass(m: number, d: number): Interval {
  const s = sqrt(div(scale(PI, 2), point(m)));
  let r: Interval = point(1);
  for (let i = 0; i < d; i++) r = mul(r, s);
  return r;
}

/**
 * Upper bound on ln Q(t) for every t' >= t: 0 for t <= 0 (Q <= 1), else
 * -t^2/2 + ln min(1/2, 1/(t sqrt(2 pi))) (the bound of gaussianTailUpper, taken in log space so that
 * it stays finite where exp(-t^2/2) underflows; the tail bound multiplies it by factors that can
 * overflow, tails.ts).
 */
export function gaussianTailLogUpper(t: number): number {
  if (Number.isNaN(t) || !(t > 0)) return 0;
  if (t === Infinity) return -Infinity;
  const half = neg(scale(sqr(point(t)), 0.5));
  const mills = neg(log(mul(point(t), sqrt(scale(PI, 2))))); // ln(1/(t sqrt(2 pi)))
  const chernoff = log(point(0.5));
  const factor = mills.hi < chernoff.hi ? mills : chernoff;
  return add(half, factor).hi;
}
