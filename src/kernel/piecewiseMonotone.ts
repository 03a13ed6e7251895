// Exact ranges (up to outward rounding) of continuous functions of one variable whose critical
// points are enclosed.
//
// If every zero of f' lies in the union of intervals C_1..C_n, then on each connected piece of
// z \ (C_1 u ... u C_n) f' has constant sign, so f is monotone there and its extremes on the
// piece's closure sit at the piece's endpoints. Those endpoints are endpoints of z or of some
// C_i ∩ z, hence   range(f, z) ⊆ hull(f(z.lo), f(z.hi), f(C_i ∩ z) for C_i meeting z),
// with f(C_i ∩ z) a sound enclosure over the (tiny) interval C_i ∩ z. For unbounded z the value
// at an infinite endpoint is the limit of f there (the range over a ray is within the closure).

import { hull, intersect, point, type Interval } from './intervalCore.js';

export interface PiecewiseMonotone {
  /** A sound enclosure of f over a bounded interval (tight on points and tiny intervals). */
  readonly at: (x: Interval) => Interval;
  /** Enclosures of the limits of f at -Infinity and +Infinity. */
  readonly atNegativeInfinity: Interval;
  readonly atPositiveInfinity: Interval;
  /** Intervals that together contain every zero of f' (empty for strictly monotone f). */
  readonly critical: () => readonly Interval[];
  /**
   * Set when `at` already returns the range over any interval, unbounded ones included (it
   * evaluates a monotone composition at the endpoints): rangeOn then calls it once.
   */
  readonly rangeExact?: boolean;
}

/** The range of f over z, rounded outward (see the argument at the top of this file). */
export function rangeOn(f: PiecewiseMonotone, z: Interval): Interval {
  if (f.rangeExact === true) return f.at(z);
  let range = z.lo === -Infinity ? f.atNegativeInfinity : f.at(point(z.lo));
  range = hull(range, z.hi === Infinity ? f.atPositiveInfinity : z.hi === z.lo ? range : f.at(point(z.hi)));
  for (const c of f.critical()) {
    if (c.hi >= z.lo && c.lo <= z.hi) range = hull(range, f.at(intersect(c, z)));
  }
  return range;
}

function excludesZero(a: Interval): boolean {
  return a.lo > 0 || a.hi < 0;
}

/**
 * Proves that sign(x) (an interval function whose zeros are the zeros of f') is non-zero on
 * [lo, hi] (ends may be infinite) by adaptive bisection; unbounded ends are cut at growing
 * finite points. Returns false if the budget runs out (the caller then refuses to continue).
 */
function provesNonZero(sign: (x: Interval) => Interval, lo: number, hi: number, depth: number, budget = { evaluations: 100_000 }): boolean {
  if (--budget.evaluations < 0) return false; // bounded work even if the sign never separates from 0
  if (excludesZero(sign({ lo, hi }))) return true;
  if (depth <= 0) return false;
  let cut: number;
  if (hi === Infinity) cut = lo <= 0 ? 1 : 2 * lo + 1;
  else if (lo === -Infinity) cut = hi >= 0 ? -1 : 2 * hi - 1;
  else cut = lo / 2 + hi / 2;
  if (!(cut > lo && cut < hi)) return false;
  return provesNonZero(sign, lo, cut, depth - 1, budget) && provesNonZero(sign, cut, hi, depth - 1, budget);
}

/**
 * Verifies that every zero of sign (the derivative up to a positive factor) lies in one of the
 * disjoint, sorted intervals `critical`, by proving sign non-zero on the rest of the real line.
 * Returns the list when proved; throws otherwise (the kernel refuses unproved critical points).
 */
export function verifiedCriticalSet(name: string, sign: (x: Interval) => Interval, critical: readonly Interval[]): readonly Interval[] {
  let from = -Infinity;
  for (const c of critical) {
    if (!(c.lo > from) || !provesNonZero(sign, from, c.lo, 80)) {
      throw new Error(`kernel: could not verify the critical points of ${name} on [${from}, ${c.lo}]`);
    }
    from = c.hi;
  }
  if (!provesNonZero(sign, from, Infinity, 80)) {
    throw new Error(`kernel: could not verify the critical points of ${name} on [${from}, Infinity]`);
  }
  return critical;
}

/**
 * A double near the unique sign change of `sign` in [lo, hi] (sign(lo) and sign(hi) of opposite
 * sign at the midpoints of point enclosures), by bisection to adjacent doubles. Only a
 * candidate: verifiedCriticalSet proves the enclosure built around it.
 */
export function bisectRoot(sign: (x: Interval) => Interval, lo: number, hi: number): number {
  const s = (x: number): number => {
    const e = sign(point(x));
    return e.lo / 2 + e.hi / 2;
  };
  let a = lo;
  let b = hi;
  const sa = Math.sign(s(a));
  for (let i = 0; i < 200; i++) {
    const m = a / 2 + b / 2;
    if (m <= a || m >= b) break;
    if (Math.sign(s(m)) === sa) a = m;
    else b = m;
  }
  return a / 2 + b / 2;
}

/** A candidate c widened to [c - r, c + r] with r relative to max(1, |c|), for verification. */
export function aroundCandidate(c: number, relativeRadius: number): Interval {
  const r = relativeRadius * Math.max(1, Math.abs(c));
  return { lo: c - r, hi: c + r };
}
