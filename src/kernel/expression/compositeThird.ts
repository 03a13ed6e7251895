// Third derivatives of the composite forms of expression/composite.ts as functions of u, over an
// interval of u (bounded or not), from their monotone pieces (piecewiseMonotone.rangeOn). Each h'''
// is odd, tends to 0 at +-Infinity, and its critical points (zeros of h'''') are known in closed
// form and enclosed with interval operations (proofs/enclosures.md, section 8b):
//   sqrt(c + u^2):  h''' = -3 c u (c + u^2)^(-5/2),          h'''' = 0 at u = +-sqrt(c)/2
//   log(c + u^2):   h''' = 4 u (u^2 - 3c) / (c + u^2)^3,      h'''' = 0 at u = +-sqrt(c) (sqrt 2 -+ 1)
//   exp(-c u^2):    h''' = 4 c^2 u (3 - 2 c u^2) e^(-c u^2),  h'''' = 0 at c u^2 = (3 -+ sqrt 6) / 2
// The value at a point (or a tiny interval around a critical point) is computed with outward
// rounded interval operations in a form that cannot overflow into 0 * Infinity.

import { add, div, hull, interval, mul, neg, ONE, point, powInt, scale, sqr, sqrt, sub, ZERO, type Interval } from '../intervalCore.js';
import { exp } from '../elementary.js';
import { rangeOn, type PiecewiseMonotone } from '../piecewiseMonotone.js';

/** An odd f over a bounded interval x from its values on t = |x| >= 0 (positive). */
function oddAt(positive: (t: Interval) => Interval, x: Interval): Interval {
  if (x.lo >= 0) return positive(x);
  if (x.hi <= 0) return neg(positive(neg(x)));
  // f(x) = -f(-x): the range over [lo, 0] is minus the range over [0, -lo].
  return hull(neg(positive(interval(0, -x.lo))), positive(interval(0, x.hi)));
}

function oddPiecewise(positive: (t: Interval) => Interval, critical: () => readonly Interval[]): PiecewiseMonotone {
  return { at: (x) => oddAt(positive, x), atNegativeInfinity: ZERO, atPositiveInfinity: ZERO, critical };
}

/** +-r for an enclosure r of a positive critical point. */
function symmetric(...rs: Interval[]): Interval[] {
  return rs.flatMap((r) => [neg(r), r]);
}

// ---- sqrt(c + u^2) ----------------------------------------------------------------------------

/** h'''(t) = -3 c t (c + t^2)^(-5/2) for t >= 0; for t >= 1 as -3c / (t^4 (1 + c/t^2)^(5/2)). */
function sqrtThirdPositive(c: Interval, t: Interval): Interval {
  if (t.lo >= 1) {
    const w = add(ONE, div(c, sqr(t)));
    return neg(div(scale(c, 3), mul(powInt(t, 4), mul(sqr(w), sqrt(w)))));
  }
  const s = add(c, sqr(t));
  return neg(div(mul(scale(c, 3), t), mul(sqr(s), sqrt(s))));
}

/** The range of d^3/du^3 sqrt(c + u^2) over u. */
export function sqrtPlusSquareThird(cv: number, u: Interval): Interval {
  const c = point(cv);
  return rangeOn(oddPiecewise((t) => sqrtThirdPositive(c, t), () => symmetric(scale(sqrt(c), 0.5))), u);
}

// ---- log(c + u^2) -----------------------------------------------------------------------------

/** h'''(t) = 4 t (t^2 - 3c) / (c + t^2)^3 for t >= 0; for t >= 1 as 4 (1 - 3c/t^2) / (t^3 (1 + c/t^2)^3). */
function logThirdPositive(c: Interval, t: Interval): Interval {
  if (t.lo >= 1) {
    const q = div(c, sqr(t));
    return div(scale(sub(ONE, scale(q, 3)), 4), mul(powInt(t, 3), powInt(add(ONE, q), 3)));
  }
  const t2 = sqr(t);
  return div(mul(scale(t, 4), sub(t2, scale(c, 3))), powInt(add(c, t2), 3));
}

/** The range of d^3/du^3 log(c + u^2) over u. */
export function logPlusSquareThird(cv: number, u: Interval): Interval {
  const c = point(cv);
  const critical = (): Interval[] => {
    const root = sqrt(c);
    const root2 = sqrt(point(2));
    return symmetric(mul(root, sub(root2, ONE)), mul(root, add(root2, ONE)));
  };
  return rangeOn(oddPiecewise((t) => logThirdPositive(c, t), critical), u);
}

// ---- exp(-c u^2) ------------------------------------------------------------------------------

// Beyond c t^2 = FAR (past the last critical point, c t^2 = (3 + sqrt 6)/2 < 3) h''' is negative and
// increasing towards 0, so h'''(t) lies in [h'''(t0), 0] for t >= t0 with c t0^2 >= FAR: no
// e^(-c t^2) = 0 times an infinite polynomial when t^2 overflows.
const FAR = 700;

function gaussThirdDirect(c: Interval, t: Interval): Interval {
  const ct2 = mul(c, sqr(t));
  return mul(mul(scale(sqr(c), 4), t), mul(sub(point(3), scale(ct2, 2)), exp(neg(ct2))));
}

/** h'''(t) for t >= 0. */
function gaussThirdPositive(c: Interval, cv: number, t: Interval): Interval {
  if (Number.isFinite(t.lo) && cv * t.lo * t.lo >= FAR) {
    const t0 = sqrt(div(point(FAR), c)).hi; // c t0^2 >= FAR
    if (t0 <= t.lo) return interval(gaussThirdDirect(c, point(t0)).lo, 0);
  }
  if (t.lo === Infinity) return ZERO;
  return gaussThirdDirect(c, t);
}

/** The range of d^3/du^3 exp(-c u^2) over u. */
export function gaussThird(cv: number, u: Interval): Interval {
  const c = point(cv);
  const critical = (): Interval[] => {
    const root6 = sqrt(point(6));
    const at = (s: Interval): Interval => sqrt(div(s, scale(c, 2)));
    return symmetric(at(sub(point(3), root6)), at(add(point(3), root6)));
  };
  return rangeOn(oddPiecewise((t) => gaussThirdPositive(c, cv, t), critical), u);
}
