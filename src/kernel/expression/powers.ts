// Power rules for the expression walker: phi, phi' and phi'' of u^n (integer n) and u^r (a real
// constant r, enclosed by an interval), over the range of u.

import { integerInterval } from '../decimal.js';
import { pow } from '../elementary.js';
import { mul, ONE, point, powInt, recip, scale, sqr, sub, neg, type Interval } from '../intervalCore.js';
import type { UnaryEnclosure } from './functions.js';

/**
 * d/du u^n = n u^(n-1), d2 = n (n-1) u^(n-2); even powers never negative (powInt). The exponents
 * n-1, n-2 and the coefficients n, n(n-1) are exact BigInts; the coefficients are then enclosed
 * (n(n-1) is not a double beyond 2^26.5, and n-1 beyond 2^53 may have the wrong parity).
 */
export function powIntRule(u: Interval, n: bigint): UnaryEnclosure {
  return {
    value: powInt(u, n),
    d1: mul(integerInterval(n), powInt(u, n - 1n)),
    d2: mul(integerInterval(n * (n - 1n)), powInt(u, n - 2n)),
  };
}

/** d/du u^r = r u^(r-1), d2 = r (r-1) u^(r-2), for u >= 0 (IntervalDomainError otherwise). */
export function powRealRule(u: Interval, r: Interval): UnaryEnclosure {
  const rMinusOne = sub(r, ONE);
  return {
    value: pow(u, r),
    d1: mul(r, pow(u, rMinusOne)),
    d2: mul(mul(r, rMinusOne), pow(u, sub(r, point(2)))),
  };
}

/** d/dv (1/v) = -1/v^2, d2 = 2/v^3. */
export function reciprocalRule(v: Interval): UnaryEnclosure {
  const r = recip(v);
  return { value: r, d1: neg(sqr(r)), d2: scale(powInt(r, 3), 2) };
}
