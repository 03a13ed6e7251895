// Range-aware rules for h(u) = sqrt(c + u^2) and h(u) = log(c + u^2) (c > 0 a double), applied by
// the chain rule to an inner function u. Enclosing sqrt and log over the interval c + u^2 and then
// multiplying by (u')^2 = (2 u u')^2 loses everything on unbounded boxes (0 * Infinity: the
// dependency problem), although h' and h'' are bounded functions of u. Here h, h' and h'' are
// enclosed directly as functions of u from their monotone pieces, with their global ranges
//   sqrt(c + u^2):  h' = u / sqrt(c + u^2) in (-1, 1),  h'' = c (c + u^2)^(-3/2) in (0, c^(-1/2)]
//   log(c + u^2):   h' = 2u / (c + u^2) in [-c^(-1/2), c^(-1/2)],
//                   h'' = 2 (c - u^2) / (c + u^2)^2 in [-1/(4c), 2/c]
// (derivations in proofs/enclosures.md, section 6). Every point value is computed with
// outward-rounded interval operations, so the result encloses the exact range.

import { add, div, hull, interval, mul, neg, point, recip, scale, sqr, sqrt, sub, ZERO, type Interval } from '../intervalCore.js';
import { exp, log } from '../elementary.js';
import type { UnaryEnclosure } from './functions.js';

/** The smallest and largest |u| over u (exact). */
function absRange(u: Interval): { mig: number; mag: number } {
  if (u.lo >= 0) return { mig: u.lo, mag: u.hi };
  if (u.hi <= 0) return { mig: -u.hi, mag: -u.lo };
  return { mig: 0, mag: Math.max(-u.lo, u.hi) };
}

// ---- sqrt(c + u^2) ----------------------------------------------------------------------------

/** h'(a) = a / sqrt(c + a^2) at a point (odd, increasing; the limit +-1 at +-Infinity). */
function sqrtSlopeAt(c: Interval, a: number): Interval {
  if (a === Infinity) return point(1);
  if (a === -Infinity) return point(-1);
  if (a === 0) return ZERO;
  const t = Math.abs(a);
  // t >= 1: 1 / sqrt(1 + c / t^2) (no overflow of t^2 into 0 * Infinity); t < 1: t / sqrt(c + t^2).
  const v = t >= 1 ? recip(sqrt(add(point(1), div(c, sqr(point(t)))))) : div(point(t), sqrt(add(c, sqr(point(t)))));
  const clamped = interval(Math.max(0, v.lo), Math.min(1, v.hi));
  return a > 0 ? clamped : neg(clamped);
}

/** h''(t) = c (c + t^2)^(-3/2) at t = |u| >= 0 (decreasing in t; 0 at Infinity). */
function sqrtCurvatureAt(c: Interval, t: number): Interval {
  if (t === Infinity) return ZERO;
  const s = add(c, sqr(point(t)));
  const v = div(c, mul(s, sqrt(s)));
  return interval(Math.max(0, v.lo), v.hi);
}

/** sqrt(c + u^2), its derivative and second derivative as functions of u, over u. */
export function sqrtPlusSquareRule(c: number, u: Interval): UnaryEnclosure {
  const ci = point(c);
  const { mig, mag } = absRange(u);
  return {
    value: sqrt(add(ci, sqr(u))),
    d1: interval(sqrtSlopeAt(ci, u.lo).lo, sqrtSlopeAt(ci, u.hi).hi),
    d2: interval(sqrtCurvatureAt(ci, mag).lo, sqrtCurvatureAt(ci, mig).hi),
  };
}

// ---- log(c + u^2) -----------------------------------------------------------------------------

/** h'(a) = 2a / (c + a^2) at a point (0 at +-Infinity). */
function logSlopeAt(c: Interval, a: number): Interval {
  if (!Number.isFinite(a)) return ZERO;
  if (a === 0) return ZERO;
  const t = Math.abs(a);
  // t >= 1: 2 / (t + c / t) (t^2 may overflow); t < 1: 2t / (c + t^2). Both positive for t > 0.
  const v = t >= 1 ? div(point(2), add(point(t), div(c, point(t)))) : div(point(2 * t), add(c, sqr(point(t))));
  const pos = interval(Math.max(0, v.lo), v.hi);
  return a > 0 ? pos : neg(pos);
}

/** g(t) = 2 (c - t) / (c + t)^2 at a point t = u^2 >= 0 (0 at Infinity, approached from below). */
function logCurvatureOfSquare(c: Interval, t: number): Interval {
  if (t === Infinity) return ZERO;
  const v = t >= 1 ? div(scale(sub(div(c, point(t)), point(1)), 2), mul(point(t), sqr(add(point(1), div(c, point(t)))))) : div(scale(sub(c, point(t)), 2), sqr(add(c, point(t))));
  return v;
}

/** log(c + u^2), its derivative and second derivative as functions of u, over u. */
export function logPlusSquareRule(c: number, u: Interval): UnaryEnclosure {
  const ci = point(c);
  // h' is odd, increasing on [-sqrt c, sqrt c] and decreasing on |u| >= sqrt c (h'' has the sign
  // of c - u^2), with extreme values +-1/sqrt(c) at u = +-sqrt(c).
  const root = sqrt(ci);
  const peak = recip(root); // encloses 1/sqrt(c)
  let d1 = hull(logSlopeAt(ci, u.lo), logSlopeAt(ci, u.hi));
  if (u.lo <= root.hi && root.lo <= u.hi) d1 = hull(d1, point(peak.hi));
  if (u.lo <= -root.lo && -root.hi <= u.hi) d1 = hull(d1, point(-peak.hi));
  // h'' = g(u^2): g decreases on [0, 3c] and increases on [3c, Infinity) towards 0, g(3c) = -1/(4c).
  const t = sqr(u);
  let d2 = hull(logCurvatureOfSquare(ci, t.lo), logCurvatureOfSquare(ci, t.hi));
  const threeC = scale(ci, 3);
  if (t.lo <= threeC.hi && threeC.lo <= t.hi) d2 = hull(d2, point(neg(recip(scale(ci, 4))).lo));
  return { value: log(add(ci, t)), d1, d2 };
}

// ---- exp(-c u^2) ------------------------------------------------------------------------------

// Beyond c u^2 = FAR the monotone tails are bounded by their value there (no 0 * Infinity when u^2
// overflows): FAR/c >= 3/(2c) and >= 1/(2c), so both tails below are monotone from there on.
const FAR = 700;

/** h'(a) = -2 c a exp(-c a^2) at a point (odd; 0 at +-Infinity). */
function gaussSlopeAt(c: Interval, cv: number, a: number): Interval {
  if (!Number.isFinite(a) || a === 0) return ZERO;
  const t = Math.abs(a);
  // For c t^2 >= FAR, |h'| decreases in t: |h'(t)| <= |h'(t0)| with t0 = sqrt(FAR / c) <= t.
  const far = cv * t * t >= FAR;
  const at = (x: Interval): Interval => mul(scale(mul(c, x), 2), exp(neg(mul(c, sqr(x)))));
  const mag = far ? interval(0, at(interval(sqrtFar(cv), sqrtFar(cv))).hi) : at(point(t));
  const pos = interval(Math.max(0, mag.lo), mag.hi);
  return a > 0 ? neg(pos) : pos;
}

/** A double t0 with c t0^2 >= FAR (so the tail bound applies from t0 on, and t0 <= t). */
function sqrtFar(cv: number): number {
  // sqrt of an upper bound of FAR / c, rounded up: c t0^2 >= FAR. The caller has c t^2 >= FAR in
  // floating point; the tail bound at t0 is only used if t0 <= t, checked there.
  return sqrt(div(point(FAR), point(cv))).hi;
}

/** g(s) = (4 c^2 s - 2 c) exp(-c s) at s = u^2 >= 0 (0 at Infinity). */
function gaussCurvatureOfSquare(c: Interval, cv: number, s: number): Interval {
  if (s === Infinity) return ZERO;
  const at = (x: Interval): Interval => mul(sub(scale(mul(sqr(c), x), 4), scale(c, 2)), exp(neg(mul(c, x))));
  if (cv * s >= FAR) {
    // g decreases on [3/(2c), Infinity) towards 0, so g(s) in [0, g(s0)] for s >= s0 = FAR/c.
    const s0 = div(point(FAR), point(cv)).hi;
    if (s0 <= s) return interval(0, at(point(s0)).hi);
  }
  return at(point(s));
}

/** exp(-c u^2), its derivative and second derivative as functions of u, over u. */
export function gaussRule(cv: number, u: Interval): UnaryEnclosure {
  const c = point(cv);
  // h' = -2 c u e^(-c u^2): decreasing on [-r, r], increasing outside, r = 1/sqrt(2c), extreme values
  // -+sqrt(2c) e^(-1/2) at +-r.
  let d1 = hull(gaussSlopeAtChecked(c, cv, u.lo), gaussSlopeAtChecked(c, cv, u.hi));
  const r = recip(sqrt(scale(c, 2))); // encloses 1/sqrt(2c)
  const peak = mul(sqrt(scale(c, 2)), exp(point(-0.5))); // encloses sqrt(2c) e^(-1/2)
  if (u.lo <= r.hi && r.lo <= u.hi) d1 = hull(d1, point(-peak.hi));
  if (u.lo <= -r.lo && -r.hi <= u.hi) d1 = hull(d1, point(peak.hi));
  // h'' = g(u^2): g increases on [0, 3/(2c)] from -2c to 4c e^(-3/2), then decreases towards 0.
  const t = sqr(u);
  let d2 = hull(gaussCurvatureOfSquare(c, cv, t.lo), gaussCurvatureOfSquare(c, cv, t.hi));
  const top = div(point(1.5), c);
  if (t.lo <= top.hi && top.lo <= t.hi) d2 = hull(d2, point(mul(scale(c, 4), exp(point(-1.5))).hi));
  return { value: exp(neg(mul(c, t))), d1, d2 };
}

/** gaussSlopeAt with the tail bound used only where it is valid (t0 <= |a|). */
function gaussSlopeAtChecked(c: Interval, cv: number, a: number): Interval {
  if (Number.isFinite(a) && a !== 0 && cv * a * a >= FAR && !(sqrtFar(cv) <= Math.abs(a))) {
    // t0 > |a| (rounding at the boundary): evaluate directly, t^2 is far from overflow here.
    const t = Math.abs(a);
    const v = mul(scale(mul(c, point(t)), 2), exp(neg(mul(c, sqr(point(t))))));
    const pos = interval(Math.max(0, v.lo), v.hi);
    return a > 0 ? neg(pos) : pos;
  }
  return gaussSlopeAt(c, cv, a);
}
