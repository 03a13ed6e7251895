// Rigorous enclosures of the standard normal density phi and distribution function Phi
// (proofs/stopping-grid-propagation.md, "Gaussian cell masses").
//   Phi(t) = 1/2 + t phi(t) S(t^2),  S(v) = sum_{n>=0} v^n / (2n+1)!!   (all terms >= 0),
// the Taylor series of erf rearranged so that no term cancels: the sum is enclosed term by term
// in interval arithmetic and its tail after term n (ratio r = v / (2n+3) < 1, later ratios smaller)
// by a_n r / (1 - r). Beyond |t| = 8 the tail bound of gaussianTailUpper is used instead.
import { add, div, exp, mul, neg, point, recip, scale, sqr, sqrt, sub, type Interval } from '../interval.js';
import { addLo, nextUp, powerOfTwo } from '../rounding.js';
import { gaussianTailUpper } from '../integration/elementaryIntegrals.js';

const PI: Interval = { lo: Math.PI, hi: nextUp(Math.PI) };
/** 1 / sqrt(2 pi). */
export const INV_SQRT_2PI: Interval = recip(sqrt(scale(PI, 2)));
/** sqrt(2 / pi) = E|Z|: the mean-shift constant of the per-cell lemma. */
export const SQRT_2_OVER_PI: Interval = sqrt(div(point(2), PI));

const FAR = 8;
const MAX_TERMS = 400;
/** Stop summing once the enclosed tail is below this share of the sum (it is still added). */
const TAIL_SHARE = powerOfTwo(-60);

/** phi(t) = exp(-t^2/2) / sqrt(2 pi) over an interval t. */
export function normalDensity(t: Interval): Interval {
  return mul(exp(neg(scale(sqr(t), 0.5))), INV_SQRT_2PI);
}

/** S(v) = sum v^n / (2n+1)!! over an interval v >= 0 (every term is increasing in v). */
function seriesS(vi: Interval): Interval {
  let term: Interval = point(1);
  let sum: Interval = point(1);
  for (let n = 0; n < MAX_TERMS; n++) {
    // a_{n+1} = a_n v / (2n+3)
    const r = div(vi, point(2 * n + 3));
    if (r.hi < 1) {
      const tail = div(mul(term, r), sub(point(1), r)).hi;
      if (tail <= sum.lo * TAIL_SHARE) return add(sum, { lo: 0, hi: tail });
    }
    term = mul(term, r);
    sum = add(sum, term);
  }
  throw new Error(`normal CDF series for v = ${vi.hi} did not converge in ${MAX_TERMS} terms`);
}

/** Phi at a double t, enclosed. */
function cdfAtPoint(t: number): Interval {
  if (t <= -FAR) return { lo: 0, hi: gaussianTailUpper(-t) };
  // 1 - Q rounded down (round-to-nearest 1 - 5e-17 would give 1, above the true value).
  if (t >= FAR) return { lo: addLo(1, -gaussianTailUpper(t)), hi: 1 };
  if (t === 0) return point(0.5);
  const ti = point(t);
  const s = seriesS(sqr(ti));
  const v = add(point(0.5), mul(mul(ti, normalDensity(ti)), s));
  return { lo: Math.max(0, v.lo), hi: Math.min(1, v.hi) };
}

/** Phi over an interval of arguments: Phi is increasing, so [Phi(t.lo).lo, Phi(t.hi).hi]. */
export function normalCdf(t: Interval): Interval {
  if (!(t.lo <= t.hi)) throw new Error(`normalCdf: [${t.lo}, ${t.hi}] is not an interval`);
  if (t.lo === t.hi) return cdfAtPoint(t.lo);
  return { lo: cdfAtPoint(t.lo).lo, hi: cdfAtPoint(t.hi).hi };
}
