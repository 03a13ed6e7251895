// Third derivatives phi''' over an interval (the range of the argument) for every unary function
// and power the expression walker accepts: the d3 fed to the Faa di Bruno rule (expression/third.ts).
// Each rule carries its one-line derivative; proofs/enclosures.md, section 8.

import { cos, exp, sin } from '../elementary.js';
import { integerInterval } from '../decimal.js';
import { pow } from '../elementary.js';
import { ENTIRE, mul, neg, point, powInt, recip, scale, sqr, sqrt, sub, ZERO, ONE, type Interval } from '../intervalCore.js';
import { sigmoidRanges, sigmoidThird, tanhThird } from '../networkActivations.js';

export type ThirdRule = (u: Interval) => Interval;

const THREE_EIGHTHS = point(0.375);

export const UNARY_THIRD: Readonly<Record<string, ThirdRule>> = {
  // exp''' = exp
  exp: (u) => exp(u),
  // log''' = 2 / u^3
  log: (u) => scale(powInt(recip(u), 3), 2),
  // sqrt''' = (3/8) u^(-5/2) = (3/8) / (u^2 sqrt u), u >= 0
  sqrt: (u) => mul(THREE_EIGHTHS, recip(mul(sqr(u), sqrt(u)))),
  // tanh''' = 4 sech^2 - 6 sech^4, sigmoid''' = tanh'''(u/2) / 16, softplus''' = sigmoid'' (networkActivations.ts)
  tanh: (u) => tanhThird(u.lo, u.hi),
  sigmoid: (u) => sigmoidThird(u.lo, u.hi),
  softplus: (u) => sigmoidRanges(u.lo, u.hi).d2,
  // sin''' = -cos, cos''' = sin
  sin: (u) => neg(cos(u)),
  cos: (u) => sin(u),
  // |u|''' = 0 away from 0; where the range of u contains 0 it does not exist: ENTIRE (as abs'' there)
  abs: (u) => (u.lo > 0 || u.hi < 0 ? ZERO : ENTIRE),
};

/** (u^n)''' = n (n-1) (n-2) u^(n-3) for an integer n (exact BigInt coefficient, then enclosed). */
export function powIntThird(u: Interval, n: bigint): Interval {
  const k = n * (n - 1n) * (n - 2n);
  return k === 0n ? ZERO : mul(integerInterval(k), powInt(u, n - 3n));
}

/** (u^r)''' = r (r-1) (r-2) u^(r-3) for a real constant r (enclosed), u >= 0. */
export function powRealThird(u: Interval, r: Interval): Interval {
  const rMinusOne = sub(r, ONE);
  const rMinusTwo = sub(r, point(2));
  return mul(mul(mul(r, rMinusOne), rMinusTwo), pow(u, sub(r, point(3))));
}

/** (1/v)''' = -6 / v^4. */
export function reciprocalThird(v: Interval): Interval {
  return scale(powInt(recip(v), 4), -6);
}
