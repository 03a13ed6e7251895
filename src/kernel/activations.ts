// Enclosures of each activation and of its first and second derivatives over an interval:
// exact ranges up to outward rounding, on bounded and unbounded intervals.
//
// Every function is described as a PiecewiseMonotone: a sound evaluation on small intervals,
// its limits at +-Infinity, and enclosures of its critical points (zeros of its derivative).
// Critical points are either derived in closed form and enclosed with interval operations
// (tanh, sigmoid, softplus) or located numerically and then PROVED complete by interval
// bisection of the next derivative's sign (silu); see proofs/interval-arithmetic.md.

import type { Activation } from './model.js';
import {
  abs,
  add,
  div,
  intersect,
  interval,
  mul,
  neg,
  ONE,
  point,
  scale,
  sqr,
  sqrt,
  sub,
  ZERO,
  type Interval,
} from './intervalCore.js';
import { powerOfTwo } from './rounding.js';
import { exp, log, sigmoid, softplus, tanh } from './elementary.js';
import { aroundCandidate, bisectRoot, rangeOn, verifiedCriticalSet, type PiecewiseMonotone } from './piecewiseMonotone.js';

export interface ActivationEnclosure {
  readonly value: Interval;
  /** Range of the first derivative on z. */
  readonly d1: Interval;
  /** Range of the second derivative on z. */
  readonly d2: Interval;
}

/** Requested derivative does not exist on the interval (relu'' at 0). */
export class ActivationDomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActivationDomainError';
  }
}

const NO_CRITICAL: readonly Interval[] = [];
const POSITIVE_INFINITY: Interval = { lo: Number.MAX_VALUE, hi: Infinity };
const NEGATIVE_INFINITY: Interval = { lo: -Infinity, hi: -Number.MAX_VALUE };
const TWO = point(2);

// `at` of a monotone elementary function (tanh, sigmoid, softplus, exp-based) evaluates the
// endpoints with limits at infinite ends, so it is the range itself (rangeExact).
function monotone(at: (x: Interval) => Interval, atNegativeInfinity: Interval, atPositiveInfinity: Interval): PiecewiseMonotone {
  return { at, atNegativeInfinity, atPositiveInfinity, critical: () => NO_CRITICAL, rangeExact: true };
}

function memo<T>(compute: () => T): () => T {
  let cached: T | undefined;
  return () => (cached ??= compute());
}

// ---- The S-shaped family (tanh, sigmoid), parameterised by a function triple ----------------
//
// Both have the form value(x) = a + b tanh(s x / 2) with
//   tanh:    a = 0,   b = 1,   s = 2
//   sigmoid: a = 1/2, b = 1/2, s = 1      (sigmoid(x) = (1 + tanh(x / 2)) / 2)
// and, with u = exp(-s |x|) in (0, 1]:
//   d1(x) = k u / (1 + u)^2, k = 2 b s      (= b s sech^2(s x / 2); even, max k/4 at 0)
//   d2(x) = -s tanh(s x / 2) d1(x)          (odd; zero only at 0)
//   d3 = 0 where tanh(s x / 2)^2 = 1/3, i.e. x = +-(2/s) atanh(1/sqrt 3) = +-(1/s) ln(2 + sqrt 3).

interface SShapedTriple {
  readonly value: (x: Interval) => Interval;
  readonly low: number;
  readonly high: number;
  readonly s: number;
  readonly k: number;
}

// u -> k u / (1 + u)^2 is increasing on [0, 1] (derivative k (1 - u) / (1 + u)^3), so its range
// over [uLo, uHi] is reached at the ends.
function bellOfU(k: number, u: Interval): Interval {
  const at = (v: number): Interval => div(scale(point(v), k), sqr(add(ONE, point(v))));
  return interval(at(u.lo).lo, at(u.hi).hi);
}

function sShaped(triple: SShapedTriple): { value: PiecewiseMonotone; d1: PiecewiseMonotone; d2: PiecewiseMonotone } {
  const { s, k } = triple;
  const d1At = (x: Interval): Interval => bellOfU(k, intersect(exp(scale(abs(x), -s)), interval(0, 1)));
  const halfSlopeTanh = (x: Interval): Interval => tanh(scale(x, s / 2));
  const d2At = (x: Interval): Interval => mul(scale(halfSlopeTanh(x), -s), d1At(x));
  const criticalD2 = memo(() => {
    // c = (1/s) ln(2 + sqrt 3), enclosed by interval operations (a derived value, not a guess).
    const c = scale(log(add(TWO, sqrt(point(3)))), 1 / s);
    return [neg(c), c];
  });
  return {
    value: monotone(triple.value, point(triple.low), point(triple.high)),
    // d1At is a monotone composition (|x| has the exact range [min|z|, max|z|], exp and bellOfU
    // are monotone), so it is the range on any interval, 0 inside or not.
    d1: { at: d1At, atNegativeInfinity: ZERO, atPositiveInfinity: ZERO, critical: () => [ZERO], rangeExact: true },
    d2: { at: d2At, atNegativeInfinity: ZERO, atPositiveInfinity: ZERO, critical: criticalD2 },
  };
}

const TANH = sShaped({ value: tanh, low: -1, high: 1, s: 2, k: 4 });
const SIGMOID = sShaped({ value: sigmoid, low: 0, high: 1, s: 1, k: 1 });

// ---- softplus: value log(1 + e^x), d1 = sigmoid, d2 = sigmoid' ------------------------------

const SOFTPLUS = {
  value: monotone(softplus, ZERO, POSITIVE_INFINITY),
  d1: SIGMOID.value,
  d2: SIGMOID.d1,
};

// ---- silu(x) = x sigmoid(x) ------------------------------------------------------------------
//   d1 = sigmoid(x) (1 + x sigmoid(-x))                  sign: k(x) = 1 + x sigmoid(-x)
//   d2 = sigmoid'(x) (2 - x tanh(x/2))                    sign: g(x) = 2 - x tanh(x/2)
//   d3 = (sigmoid'(x) / 2) (x (3 tanh(x/2)^2 - 1) - 6 tanh(x/2))   sign: q(x)
// (using 1 - 2 sigmoid(x) = -tanh(x/2) and sigmoid' = (1 - tanh(x/2)^2) / 4; sigmoid' > 0.)
// k has one zero near -1.278, g two near +-2.399, q three: 0 and near +-3.7; the candidates are
// found by bisection and the enclosures around them are proved complete by verifiedCriticalSet.

const halfTanh = (x: Interval): Interval => tanh(scale(x, 0.5));
const siluValueSign = (x: Interval): Interval => add(ONE, mul(x, sigmoid(neg(x))));
const siluD1Sign = (x: Interval): Interval => sub(TWO, mul(x, halfTanh(x)));
const siluD2Sign = (x: Interval): Interval => {
  const t = halfTanh(x);
  return sub(mul(x, sub(scale(sqr(t), 3), ONE)), scale(t, 6));
};

const CRITICAL_RADIUS = powerOfTwo(-44);

const siluValueCritical = memo(() =>
  verifiedCriticalSet('silu', siluValueSign, [aroundCandidate(bisectRoot(siluValueSign, -2, -1), CRITICAL_RADIUS)]),
);
const siluD1Critical = memo(() => {
  const c = bisectRoot(siluD1Sign, 2, 3);
  return verifiedCriticalSet("silu'", siluD1Sign, [aroundCandidate(-c, CRITICAL_RADIUS), aroundCandidate(c, CRITICAL_RADIUS)]);
});
const siluD2Critical = memo(() => {
  const c = bisectRoot(siluD2Sign, 3, 5);
  return verifiedCriticalSet("silu''", siluD2Sign, [
    aroundCandidate(-c, CRITICAL_RADIUS),
    aroundCandidate(0, CRITICAL_RADIUS),
    aroundCandidate(c, CRITICAL_RADIUS),
  ]);
});

const SILU = {
  value: {
    at: (x: Interval) => mul(x, sigmoid(x)),
    atNegativeInfinity: ZERO,
    atPositiveInfinity: POSITIVE_INFINITY,
    critical: siluValueCritical,
  },
  d1: {
    at: (x: Interval) => mul(sigmoid(x), add(ONE, mul(x, sigmoid(neg(x))))),
    atNegativeInfinity: ZERO,
    atPositiveInfinity: ONE,
    critical: siluD1Critical,
  },
  d2: {
    at: (x: Interval) => mul(SIGMOID.d1.at(x), siluD1Sign(x)),
    atNegativeInfinity: ZERO,
    atPositiveInfinity: ZERO,
    critical: siluD2Critical,
  },
} satisfies Record<'value' | 'd1' | 'd2', PiecewiseMonotone>;

// ---- identity and relu -----------------------------------------------------------------------

const IDENTITY = {
  value: monotone((x) => x, NEGATIVE_INFINITY, POSITIVE_INFINITY),
  d1: monotone(() => ONE, ONE, ONE),
  d2: monotone(() => ZERO, ZERO, ZERO),
};

function reluEnclosure(z: Interval, withD2: boolean): ActivationEnclosure {
  const value = interval(Math.max(0, z.lo), Math.max(0, z.hi));
  const d1 = z.lo > 0 ? ONE : z.hi < 0 ? ZERO : interval(0, 1);
  if (withD2 && z.lo <= 0 && z.hi >= 0) {
    throw new ActivationDomainError(`relu: the second derivative does not exist at 0, which lies in [${z.lo}, ${z.hi}]`);
  }
  return { value, d1, d2: ZERO };
}

const SMOOTH: Record<Exclude<Activation, 'relu'>, { value: PiecewiseMonotone; d1: PiecewiseMonotone; d2: PiecewiseMonotone }> = {
  identity: IDENTITY,
  tanh: TANH,
  sigmoid: SIGMOID,
  softplus: SOFTPLUS,
  silu: SILU,
};

function checkArgument(act: Activation, z: Interval): void {
  if (!(z.lo <= z.hi) || z.lo === Infinity || z.hi === -Infinity) {
    throw new Error(`activationEnclosure(${act}): [${z.lo}, ${z.hi}] is not a non-empty interval`);
  }
}

/**
 * Ranges of the activation and its first two derivatives over z. relu: d2 is refused
 * (ActivationDomainError) when z contains 0, where relu'' does not exist; elsewhere it is 0.
 */
export function activationEnclosure(act: Activation, z: Interval): ActivationEnclosure {
  checkArgument(act, z);
  if (act === 'relu') return reluEnclosure(z, true);
  const f = SMOOTH[act];
  if (f === undefined) throw new Error(`activationEnclosure: unknown activation "${String(act)}"`);
  if (act === 'identity') return { value: z, d1: ONE, d2: ZERO };
  return { value: rangeOn(f.value, z), d1: rangeOn(f.d1, z), d2: rangeOn(f.d2, z) };
}

/** Ranges of the activation and its first derivative only (defined for relu everywhere). */
export function activationFirstOrder(act: Activation, z: Interval): { value: Interval; d1: Interval } {
  checkArgument(act, z);
  if (act === 'relu') {
    const { value, d1 } = reluEnclosure(z, false);
    return { value, d1 };
  }
  if (act === 'identity') return { value: z, d1: ONE };
  const f = SMOOTH[act];
  if (f === undefined) throw new Error(`activationEnclosure: unknown activation "${String(act)}"`);
  return { value: rangeOn(f.value, z), d1: rangeOn(f.d1, z) };
}

/** The functions themselves, for tests and for the expression walker (value, d1, d2 of one activation). */
export function activationPieces(act: Exclude<Activation, 'relu'>): { value: PiecewiseMonotone; d1: PiecewiseMonotone; d2: PiecewiseMonotone } {
  return SMOOTH[act];
}
