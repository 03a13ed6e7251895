// Moments of the Lyapunov function Phi(x) = exp(sum_i s_i (x_i - c_i)^2) under Gaussians
// (proofs/stopping-localisation.md, Lemma 2 and Lemma 4). Everything is enclosed in interval arithmetic.
//   E exp(s Z^2) = (1 - 2 s v)^(-1/2) exp(s mu^2 / (1 - 2 s v)),   Z ~ N(mu, v), 2 s v < 1;
// one ULA step from x is N(x - h grad f(x), 2h I), so v = 2h and the condition is 4 s h < 1.
import { add, div, exp, log, mul, point, scale, sqr, sub, type Interval } from '../interval.js';
import { INV_SQRT_2PI } from './normalCdf.js';

/**
 * E exp(s Z^2) for Z ~ N(mu, v), enclosed for every mu in `mu`, v in `variance`, s in `s`;
 * throws when 2 s v < 1 is not proven (the moment is infinite otherwise).
 */
export function gaussianSquareMgf(mu: Interval, variance: Interval, s: Interval): Interval {
  return exp(gaussianSquareLogMgf(mu, variance, s));
}

/** log E exp(s Z^2) = s mu^2 / (1 - 2sv) - log(1 - 2sv) / 2, enclosed (same conditions). */
export function gaussianSquareLogMgf(mu: Interval, variance: Interval, s: Interval): Interval {
  if (!(s.lo >= 0)) throw new Error(`Lyapunov exponent s = [${s.lo}, ${s.hi}]: expected >= 0`);
  if (!(variance.lo >= 0)) throw new Error(`variance [${variance.lo}, ${variance.hi}]: expected >= 0`);
  const oneMinus = sub(point(1), scale(mul(s, variance), 2));
  if (!(oneMinus.lo > 0)) throw new Error(`2 s v = ${1 - oneMinus.lo} is not proven < 1: the Gaussian moment of exp(s z^2) is infinite`);
  return sub(div(mul(s, sqr(mu)), oneMinus), scale(log(oneMinus), 0.5));
}

/**
 * The ULA kernel's moment of Phi from every x in a box: prod_i E exp(s_i Z_i^2),
 * Z_i ~ N(x_i - h g_i - c_i, 2h), with g an enclosure of grad f over the box.
 */
export function ulaLyapunovMoment(box: readonly Interval[], gradient: readonly Interval[], center: readonly number[], s: readonly number[], h: Interval): Interval {
  let logMoment: Interval = point(0);
  const variance = scale(h, 2);
  for (let i = 0; i < box.length; i++) {
    const mu = sub(sub(box[i]!, mul(h, gradient[i]!)), point(center[i]!));
    logMoment = add(logMoment, gaussianSquareLogMgf(mu, variance, point(s[i]!)));
  }
  return exp(logMoment);
}


/**
 * log of E[Phi(X')|x] / Phi(x) over a box: with y = x - c and mu = y - h g,
 *   sum_i s_i (mu_i^2 - (1 - 4 s_i h) y_i^2) / (1 - 4 s_i h) - log(1 - 4 s_i h) / 2
 * = sum_i s_i (4 s_i h y_i^2 - 2 h g_i y_i + h^2 g_i^2) / (1 - 4 s_i h) - log(1 - 4 s_i h) / 2,
 * the second form keeping y_i^2 out of a difference (the ratio is then tight on wide boxes).
 */
export function ulaLyapunovLogRatio(box: readonly Interval[], gradient: readonly Interval[], center: readonly number[], s: readonly number[], h: Interval): Interval {
  let total: Interval = point(0);
  for (let i = 0; i < box.length; i++) {
    const si = point(s[i]!);
    const y = sub(box[i]!, point(center[i]!));
    const g = gradient[i]!;
    const fourSh = scale(mul(si, h), 4);
    const oneMinus = sub(point(1), fourSh);
    if (!(oneMinus.lo > 0)) throw new Error(`4 s h = ${fourSh.hi} is not proven < 1: the ULA moment of Phi is infinite`);
    const hg = mul(h, g);
    const numerator = add(sub(mul(fourSh, sqr(y)), scale(mul(hg, y), 2)), sqr(hg));
    total = add(total, sub(div(mul(si, numerator), oneMinus), scale(log(oneMinus), 0.5)));
  }
  return total;
}

/** Phi over a box, enclosed: exp(sum_i s_i (x_i - c_i)^2). */
export function lyapunovOnBox(box: readonly Interval[], center: readonly number[], s: readonly number[]): Interval {
  let e: Interval = point(0);
  for (let i = 0; i < box.length; i++) {
    const t = mul(point(s[i]!), sqr(sub(box[i]!, point(center[i]!))));
    e = add(e, t);
  }
  return exp(e);
}

/**
 * Upper bound of E[exp(s (X - c)^2); a <= X <= b] for X ~ N(m, sigma^2) (one coordinate of the start).
 * If 2 s sigma^2 < 1 is proven: the whole-line moment. If 2 s sigma^2 >= 1 is proven, the exponent
 * s (x - c)^2 - (x - m)^2 / (2 sigma^2) is convex, so its maximum on [a, b] is at an end:
 * (b - a) max(e^{exponent(a)}, e^{exponent(b)}) / (sigma sqrt(2 pi)). Otherwise no bound (throws).
 */
export function truncatedStartMoment(a: number, b: number, m: number, sigma: number, s: number, c: number): number {
  if (!(a <= b) || !Number.isFinite(a) || !Number.isFinite(b)) throw new Error(`truncatedStartMoment: [${a}, ${b}] is not a bounded interval`);
  if (!(sigma > 0)) throw new Error(`start std ${sigma}: expected > 0`);
  const v = sqr(point(sigma));
  const twoSv = scale(mul(point(s), v), 2);
  // m - c enclosed, not rounded: the moment grows with |m - c|, so a rounded-down difference could undercut it.
  if (twoSv.hi < 1) return gaussianSquareMgf(sub(point(m), point(c)), v, point(s)).hi;
  if (!(twoSv.lo >= 1)) throw new Error(`2 s sigma^2 straddles 1 (s = ${s}, sigma = ${sigma}): no bound`);
  const exponentAt = (x: number): Interval =>
    sub(mul(point(s), sqr(sub(point(x), point(c)))), div(sqr(sub(point(x), point(m))), scale(v, 2)));
  const ea = exponentAt(a), eb = exponentAt(b);
  // Stryker disable next-line MethodExpression: only top.hi is read (every factor of the product is >= 0).
  const top = exp({ lo: Math.max(ea.lo, eb.lo), hi: Math.max(ea.hi, eb.hi) });
  return mul(mul(sub(point(b), point(a)), top), div(INV_SQRT_2PI, point(sigma))).hi;
}
