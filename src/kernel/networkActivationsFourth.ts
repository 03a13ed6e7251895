// Fourth derivatives of tanh and sigmoid over an interval, for the remainder of act''(z) in the
// network's Taylor models (proofs/enclosures.md, section 2d). With t = tanh, s = tanh' = 1 - t^2,
// s' = -2 t s and tanh''' = 4s - 6s^2 (section 2c):
//   tanh'''' = (4 - 12 s) s' = 8 t s (3 s - 1);   sigmoid''''(z) = tanh''''(z/2) / 32.
// Natural interval extension from the enclosures of t and s (sound; tight on the narrow ranges
// where the Taylor models are used). Other activations: null (the caller falls back to a
// mean-value remainder that needs only the third derivative).
import type { Interval } from './interval.js';
import type { MlpLayer } from './model.js';
import { tanhRanges } from './networkActivations.js';
import { mulHi, mulLo, roundDown, roundUp } from './networkRounding.js';

/** tanh'''' over [a, b] (finite ends). */
export function tanhFourth(a: number, b: number): Interval {
  const { value, d1 } = tanhRanges(a, b);
  return fourthFromTanhRanges(value, d1);
}

/** 8 t s (3s - 1) for t in [t], s in [s] (the enclosures of tanh and tanh' over the interval). */
function fourthFromTanhRanges(t: Interval, s: Interval): Interval {
  // 8t is exact (|t| <= 1); 3s - 1 rounded outward.
  const tsLo = mulLo(8 * t.lo, 8 * t.hi, s.lo, s.hi), tsHi = mulHi(8 * t.lo, 8 * t.hi, s.lo, s.hi);
  const uLo = roundDown(roundDown(3 * s.lo) - 1), uHi = roundUp(roundUp(3 * s.hi) - 1);
  return { lo: mulLo(tsLo, tsHi, uLo, uHi), hi: mulHi(tsLo, tsHi, uLo, uHi) };
}

/** sigmoid'''' over [a, b]: tanh''''([a/2, b/2]) / 32, both steps rounded outward. */
export function sigmoidFourth(a: number, b: number): Interval {
  const t = tanhFourth(roundDown(a * 0.5), roundUp(b * 0.5));
  return { lo: roundDown(t.lo * 0.03125), hi: roundUp(t.hi * 0.03125) };
}

/** act'''' over [a, b], or null where no enclosure is implemented. `ranges`, when given, are
 *  act and act' over [a, b] (tanh reuses them instead of recomputing). */
export function activationFourth(act: MlpLayer['activation'], a: number, b: number, ranges?: { value: Interval; d1: Interval }): Interval | null {
  switch (act) {
    case 'tanh': return ranges ? fourthFromTanhRanges(ranges.value, ranges.d1) : tanhFourth(a, b);
    case 'sigmoid': return sigmoidFourth(a, b);
    case 'identity': return { lo: 0, hi: 0 };
    default: return null;
  }
}
