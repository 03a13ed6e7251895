// The KL route with an O(h^2) bias (proofs/stopping-kl-hessian-lipschitz.md): with LSI(alpha),
// m I <= hess f <= L I (m > 0), ||hess f(x) - hess f(y)|| <= M |x - y| and 192 L^2 h^2 <= 1,
//   KL(rho_N || pi) <= exp(-kappa h N) KL_0 + c_h / (1 - exp(-kappa h)) + (64/31) L^4 h^3 D2 sum_k e^(-kappa h (N-1-k)) r^(2k),
//   kappa = (77/62) alpha, c_h = (32/31) (2 L^4 F2 h^3 + M^2 (L^4 S4 h^5 / 10 + (d + 2) L^2 S2 h^4 / 2 + (2/3) d (d + 2) h^3)),
// F2, D2, S2, S4 the moment bounds about the minimiser x* (section 4 of the proof).
import { add, div, exp, expm1, log1p, mul, neg, point, sqr, sqrt, sub, max, ZERO, type Interval } from '../interval.js';

export interface KlHessianLipschitzConstants {
  readonly dim: number;
  readonly alpha: number;
  /** L: -L I <= hess f <= L I. */
  readonly smoothness: number;
  /** m > 0: hess f >= m I. */
  readonly strongConvexity: number;
  /** M: Lipschitz constant of hess f (operator norm). */
  readonly hessianLipschitz: number;
  readonly kl0: number;
  /** rho_0 = N(mean * 1, std^2 I). */
  readonly init: { readonly mean: number; readonly std: number };
  /** A point c and an enclosure of grad f(c): |x* - c| <= |grad f(c)| / m. */
  readonly center: readonly number[];
  readonly gradientAtCenter: readonly Interval[];
}

/** Why the constants cannot feed the theorem, or null. */
export function klHessianLipschitzInapplicable(c: KlHessianLipschitzConstants): string | null {
  const finitePositive = (x: number): boolean => x > 0 && Number.isFinite(x);
  if (!finitePositive(c.alpha)) return `alpha = ${c.alpha}: no certified LSI constant > 0`;
  if (!finitePositive(c.smoothness)) return `L = ${c.smoothness}: no certified finite smoothness`;
  if (!finitePositive(c.strongConvexity)) return `m = ${c.strongConvexity}: no certified strong convexity m > 0 of f`;
  if (!(c.strongConvexity <= c.smoothness)) return `m = ${c.strongConvexity} > L = ${c.smoothness}: inconsistent constants`;
  if (!(c.hessianLipschitz >= 0) || !Number.isFinite(c.hessianLipschitz)) return `M = ${c.hessianLipschitz}: no certified finite Lipschitz constant of hess f`;
  if (!(c.kl0 >= 0) || !Number.isFinite(c.kl0)) return `KL0 = ${c.kl0}: no certified finite initial KL`;
  if (!Number.isFinite(c.init.mean) || !(c.init.std >= 0) || !Number.isFinite(c.init.std)) return `init normal:${c.init.mean},${c.init.std} is not a finite Gaussian start`;
  if (c.center.length !== c.dim || c.gradientAtCenter.length !== c.dim) return `the center has ${c.center.length} coordinates, not ${c.dim}`;
  if (!c.center.every(Number.isFinite)) return 'the center is not a finite point';
  return null;
}

/**
 * Why h (every value in the interval) is not admissible, or null: 0 < h and 192 L^2 h^2 <= 1 (so
 * 6 L^2 h^2 <= 1/32, 24 L^2 h^2 <= 1/8). With m <= L (klHessianLipschitzInapplicable) this implies
 * h (m + L) <= 2 h L < 2, so the gradient step contracts by 1 - h m (proof, section 4): no separate test.
 */
export function klHessianLipschitzStepProblem(c: KlHessianLipschitzConstants, h: Interval): string | null {
  if (!(h.lo > 0)) return `h = ${h.lo}: expected > 0`;
  const l = point(c.smoothness);
  if (!(mul(point(192), sqr(mul(l, h))).hi <= 1)) return `h = ${h.hi} exceeds 1 / (sqrt(192) L) = ${1 / (Math.sqrt(192) * c.smoothness)}`;
  return null;
}

/** [0, A] with A >= |mu 1 - x*|, from |mu 1 - c| + |grad f(c)| / m. */
function startDistance(c: KlHessianLipschitzConstants): Interval {
  let dc: Interval = ZERO, g: Interval = ZERO;
  for (let i = 0; i < c.dim; i++) {
    dc = add(dc, sqr(sub(point(c.init.mean), point(c.center[i]!))));
    g = add(g, sqr(c.gradientAtCenter[i]!));
  }
  const a = add(sqrt(dc), div(sqrt(g), point(c.strongConvexity)));
  return { lo: 0, hi: a.hi };
}

/**
 * The moment bounds (proof, section 4): S2 >= E|x_k - x*|^2, E|x_t - x*|^2 and S4 >= E|x_k - x*|^4 for
 * every k, t; and the decaying form E|x_k - x*|^2, E|x_t - x*|^2 (t in step k) <= F2 + r^(2k) D2 with
 * F2 = 2d / (m (2 - h m)), D2 = max(P2 - F2, 0), r2 = (1 - h m)^2.
 */
export function klHessianLipschitzMoments(c: KlHessianLipschitzConstants, h: Interval): { s2: Interval; s4: Interval; f2: Interval; d2: Interval; r2: Interval } {
  const d = point(c.dim);
  const dd2 = mul(d, point(c.dim + 2));
  const m = point(c.strongConvexity);
  const a2 = sqr(startDistance(c));
  const sigma2 = sqr(point(c.init.std));
  const p2 = add(a2, mul(d, sigma2));
  const p4 = add(add(sqr(a2), mul(mul(point(2 * c.dim + 4), sigma2), a2)), mul(sqr(sigma2), dd2));
  const hm = mul(h, m);
  const f2 = div(mul(point(2), d), mul(m, sub(point(2), hm)));
  const s2 = max(p2, f2);
  const d2 = max(ZERO, sub(p2, f2));
  const r = sub(point(1), hm);
  const r2 = sqr(r);
  // (1 - r^4) = h m (1 + r)(1 + r^2): the fixed point of P4 <- r^4 P4 + (4d + 8) h r^2 S2 + 4 h^2 d (d + 2), divided by h.
  const fixed4 = div(add(mul(mul(point(4 * c.dim + 8), r2), s2), mul(mul(point(4), h), dd2)), mul(m, mul(add(point(1), r), add(point(1), r2))));
  return { s2, s4: max(p4, fixed4), f2, d2, r2 };
}

/** kappa = (77/62) alpha, the per-step decay rate (proof, section 3). */
export function klHessianLipschitzRate(alpha: number): Interval {
  return mul(div(point(77), point(62)), point(alpha));
}

/** (32/31) * 2 L^4 h^3: the coefficient of the second moment in the per-step bias (proof, section 5). */
function gradientCoefficient(c: KlHessianLipschitzConstants, h: Interval): Interval {
  return mul(div(point(64), point(31)), mul(sqr(sqr(point(c.smoothness))), mul(sqr(h), h)));
}

/**
 * Encloses c_h^inf, the per-step bias without the start's excess: KL_{k+1} <= exp(-kappa h) KL_k + c_h^inf
 * + (64/31) L^4 h^3 D2 r^(2k) (proof, section 5), c_h^inf = (32/31)(2 L^4 F2 h^3 + M^2 (L^4 S4 h^5/10
 * + (d + 2) L^2 S2 h^4/2 + (2/3) d (d + 2) h^3)).
 */
export function klHessianLipschitzStepBias(c: KlHessianLipschitzConstants, h: Interval): Interval {
  const { s2, s4, f2 } = klHessianLipschitzMoments(c, h);
  const l2 = sqr(point(c.smoothness));
  const l4 = sqr(l2);
  const h3 = mul(sqr(h), h);
  const h4 = sqr(sqr(h));
  const h5 = mul(h4, h);
  const dd2 = mul(point(c.dim), point(c.dim + 2));
  const fourth = add(
    add(div(mul(l4, mul(s4, h5)), point(10)), div(mul(point(c.dim + 2), mul(l2, mul(s2, h4))), point(2))),
    mul(div(point(2), point(3)), mul(dd2, h3)),
  );
  return add(mul(gradientCoefficient(c, h), f2), mul(div(point(32), point(31)), mul(sqr(point(c.hessianLipschitz)), fourth)));
}

/**
 * An upper bound of sum_{k=0}^{N-1} q^(N-1-k) p^k for q = e^logQ, p = e^logP in (0, 1) (every value in the
 * intervals): the least of N max(q, p)^(N-1) and, when one ratio is strictly below the other, q^N / (q - p) or
 * p^N / (p - q). Evaluated from the logarithms (q^N = e^(N logQ), q - p = p expm1(logQ - logP)) because q and p
 * are both within h of 1: q^N from a rounded q, and q - p from two rounded values, would lose about N and
 * 1/(q - p) roundings respectively.
 */
export function mixedGeometricSum(logQ: Interval, logP: Interval, steps: number): Interval {
  // Stryker disable next-line ConditionalExpression: equivalent for finite logarithms, N = 0 gives 0 * e^(-max) = 0, the least of the three
  if (steps === 0) return ZERO;
  const first = mul(point(steps), exp(mul(max(logQ, logP), point(steps - 1)))).hi;
  return { lo: 0, hi: Math.min(first, closedForm(logQ, logP, steps), closedForm(logP, logQ, steps)) };
}

/**
 * The upper end of big^N / (big - small) = e^(N logBig) / (e^logSmall expm1(logBig - logSmall)) when
 * big > small for every value of the enclosures (the enclosure of big - small is positive), else Infinity.
 */
function closedForm(logBig: Interval, logSmall: Interval, steps: number): number {
  const gap = mul(exp(logSmall), expm1(sub(logBig, logSmall)));
  return gap.lo > 0 ? div(exp(mul(logBig, point(steps))), gap).hi : Infinity;
}

/** Encloses exp(-kappa h N) KL_0 + c_h^inf / (1 - exp(-kappa h)) + (64/31) L^4 h^3 D2 sum_k e^(-kappa h (N-1-k)) r^(2k). */
export function klHessianLipschitzBound(c: KlHessianLipschitzConstants, h: Interval, steps: number): Interval {
  const kh = mul(klHessianLipschitzRate(c.alpha), h);
  const decay = exp(neg(mul(kh, point(steps))));
  const oneMinus = neg(expm1(neg(kh)));
  const { d2 } = klHessianLipschitzMoments(c, h);
  // log r^2 = 2 log1p(-h m): r^2 is within 2 h m of 1
  const logR2 = mul(point(2), log1p(neg(mul(h, point(c.strongConvexity)))));
  const start = mul(mul(gradientCoefficient(c, h), d2), mixedGeometricSum(neg(kh), logR2, steps));
  return add(add(mul(decay, point(c.kl0)), div(klHessianLipschitzStepBias(c, h), oneMinus)), start);
}
