// Fast enclosures of tanh and sigmoid with their first two derivatives, for the network's inner
// loop (about 100x faster than the general piecewise-monotone enclosures of activations.ts, which
// the network uses for every other activation). Closed forms (proofs/enclosures.md, section 2):
//   tanh' = sech^2 z = 4u / (1 + u)^2 with u = e^{-2|z|} (even, decreasing in |z|; 4u/(1+u)^2 increases on [0, 1]);
//   tanh'' = -2 tanh(z) sech^2(z): odd, extreme only at z = -+z*, z* = ln(2 + sqrt 3)/2, values +-4/(3 sqrt 3);
//   sigmoid(z) = 1 / (1 + e^{-z}), sigmoid'(z) = sech^2(z/2) / 4, sigmoid''(z) = tanh''(z/2) / 8.
// Math.exp is widened by mathLo/mathHi (rounding.ts, 4 ulps); the point bounds of tanh and sigmoid
// come from elementary.ts (one home; tanh built on expm1, because Math.tanh was measured 2.03 ulp
// off here); other steps round outward.
import type { Interval } from './interval.js';
import { mathHi, mathLo } from './rounding.js';
import { sigmoidHi, sigmoidLo, tanhHi as elementaryTanhHi, tanhLo as elementaryTanhLo } from './elementary.js';
import { mulHi, mulLo, roundDown, roundUp } from './networkRounding.js';

export interface ActivationRanges { value: Interval; d1: Interval; d2: Interval }

/** z* = atanh(1/sqrt 3) = 0.65847894846240835431...: an enclosure that certainly contains it. */
const CRIT_LO = 0.658478948462408, CRIT_HI = 0.6584789484624085;
/** max tanh'' = 4/(3 sqrt 3) = 0.76980035891950101934...: a double above it. */
const PEAK_HI = 0.7698003589195012;

/** sech^2(p) from below / above at an exact point p. */
function sech2Lo(p: number): number {
  const u = Math.max(0, mathLo(Math.exp(-2 * Math.abs(p)))); // -2|p| is exact (or -inf)
  if (u === 0) return 0;
  const den = roundUp(roundUp(1 + u) * roundUp(1 + u));
  return Math.max(0, roundDown((4 * u) / den));
}

function sech2Hi(p: number): number {
  const u = Math.min(1, mathHi(Math.exp(-2 * Math.abs(p)))); // u <= 1 exactly, so clamp the widening
  const den = roundDown(roundDown(1 + u) * roundDown(1 + u));
  return Math.min(1, roundUp((4 * u) / den));
}

function tanhLo(p: number): number { return Math.max(-1, elementaryTanhLo(p)); }
function tanhHi(p: number): number { return Math.min(1, elementaryTanhHi(p)); }

/** tanh''(p) = -2 tanh(p) sech^2(p) at an exact point, as [lo, hi]. */
function tanh2At(p: number): [number, number] {
  const tl = tanhLo(p), th = tanhHi(p), sl = sech2Lo(p), sh = sech2Hi(p);
  // -2 t s: the product of [-2 th, -2 tl] (exact doublings) and [sl, sh].
  return [mulLo(-2 * th, -2 * tl, sl, sh), mulHi(-2 * th, -2 * tl, sl, sh)];
}

/** tanh, tanh', tanh'' over [a, b] (infinite ends allowed). */
export function tanhRanges(a: number, b: number): ActivationRanges {
  const value = { lo: tanhLo(a), hi: tanhHi(b) };
  // sech^2 peaks at the point of [a, b] closest to 0 and is least at the farthest.
  const mig = a <= 0 && b >= 0 ? 0 : Math.min(Math.abs(a), Math.abs(b));
  const mag = Math.max(Math.abs(a), Math.abs(b));
  const d1 = { lo: sech2Lo(mag), hi: sech2Hi(mig) };
  const [la, ha] = tanh2At(a), [lb, hb] = tanh2At(b);
  let lo = Math.min(la, lb), hi = Math.max(ha, hb);
  // Monotone between the critical points -z* (maximum) and +z* (minimum): add them if they may lie inside.
  if (a <= -CRIT_LO && b >= -CRIT_HI) hi = Math.max(hi, PEAK_HI);
  if (a <= CRIT_HI && b >= CRIT_LO) lo = Math.min(lo, -PEAK_HI);
  return { value, d1, d2: { lo, hi } };
}

/** [a, b] / 2 outward (exact unless subnormal). */
function half(a: number, b: number): [number, number] {
  const ha = a * 0.5, hb = b * 0.5;
  return [ha * 2 === a ? ha : roundDown(ha), hb * 2 === b ? hb : roundUp(hb)];
}

/** sigmoid, sigmoid', sigmoid'' over [a, b]: sigmoid' = tanh'(z/2)/4, sigmoid'' = tanh''(z/2)/8 (exact scalings). */
export function sigmoidRanges(a: number, b: number): ActivationRanges {
  const [ha, hb] = half(a, b);
  const t = tanhRanges(ha, hb);
  return {
    value: { lo: sigmoidLo(a), hi: sigmoidHi(b) },
    d1: { lo: Math.max(0, roundDown(t.d1.lo * 0.25)), hi: roundUp(t.d1.hi * 0.25) },
    d2: { lo: roundDown(t.d2.lo * 0.125), hi: roundUp(t.d2.hi * 0.125) },
  };
}

// ---- Third derivatives (proofs/enclosures.md, section 2c) ------------------------------------
// With s = tanh' = sech^2 in [0, 1] and tanh^2 = 1 - s:
//   tanh''' = d/dz (-2 tanh s) = -2 s^2 + 4 tanh^2 s = 4 s - 6 s^2 = g(s),
// g is concave with its maximum 2/3 at s = 1/3, increasing on [0, 1/3] and decreasing on [1/3, 1]
// (g(0) = 0, g(1) = -2). So the range of tanh''' over [a, b] is g over the range [sLo, sHi] of s,
// which tanhRanges already encloses. sigmoid''' (z) = tanh'''(z/2) / 16 (sigmoid = (1 + tanh(z/2)) / 2).

/** A double above 2/3 (the double nearest 2/3 is below it). */
const TWO_THIRDS_HI = 0.6666666666666667;
const THIRD_LO = 0.3333333333333333, THIRD_HI = 0.33333333333333337;

/** g(p) = 4p - 6p^2 at a double p in [0, 1], from below / above (4p is exact). */
function thirdOfSech2Lo(p: number): number { return roundDown(4 * p - roundUp(6 * roundUp(p * p))); }
function thirdOfSech2Hi(p: number): number { return roundUp(4 * p - roundDown(6 * Math.max(0, roundDown(p * p)))); }

/** Range of g(s) = 4s - 6s^2 for s in [sLo, sHi] subset of [0, 1]. */
export function thirdFromSech2(sLo: number, sHi: number): Interval {
  if (sHi <= THIRD_LO) return { lo: thirdOfSech2Lo(sLo), hi: thirdOfSech2Hi(sHi) };
  if (sLo >= THIRD_HI) return { lo: thirdOfSech2Lo(sHi), hi: thirdOfSech2Hi(sLo) };
  return { lo: Math.min(thirdOfSech2Lo(sLo), thirdOfSech2Lo(sHi)), hi: TWO_THIRDS_HI };
}

/** tanh''' over [a, b] (infinite ends allowed). */
export function tanhThird(a: number, b: number): Interval {
  const d1 = tanhRanges(a, b).d1;
  return thirdFromSech2(d1.lo, d1.hi);
}

/** sigmoid''' over [a, b]: tanh'''(z/2) / 16 (exact scaling unless subnormal, hence the rounding). */
export function sigmoidThird(a: number, b: number): Interval {
  const [ha, hb] = half(a, b);
  const t = tanhThird(ha, hb);
  return { lo: roundDown(t.lo * 0.0625), hi: roundUp(t.hi * 0.0625) };
}

/**
 * silu''' over [a, b]: silu = z sigmoid(z), so silu''' = 3 sigmoid'' + z sigmoid''' (Leibniz), each
 * factor enclosed over [a, b] (the natural interval extension: sound, loose on wide intervals).
 */
export function siluThird(a: number, b: number): Interval {
  const s2 = sigmoidRanges(a, b).d2, s3 = sigmoidThird(a, b);
  const lo = roundDown(roundDown(3 * s2.lo) + mulLo(a, b, s3.lo, s3.hi));
  const hi = roundUp(roundUp(3 * s2.hi) + mulHi(a, b, s3.lo, s3.hi));
  return { lo, hi };
}
