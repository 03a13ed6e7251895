// Upper bound on KL(rho_0 || pi), rho_0 = N(c 1, s^2 I) (proofs/kl0.md):
//   KL_0 = E_rho0[f] - H(rho_0) + ln Z,    H(rho_0) = (d/2) ln(2 pi e s^2),
//   E_rho0[f] <= f(c) + (L/2) d s^2                  (L-smoothness; the linear term has mean 0),
//   ln Z <= -inf W - min U + (d/2) ln(2 pi / m)       (f >= U + inf W, U >= min U + (m/2)|x - x*|^2),
//   min U >= U(x0) - |grad U(x0)|^2 / (2 m)          (m-strong convexity, any point x0).
// Every step is interval arithmetic; the inputs m, inf W and L must themselves be certified.
import { add, div, exp, log, mul, point, scale, sqr, sub, interval, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from './common.js';

/** pi lies between Math.PI (just below) and the next double up. */
export const PI: Interval = interval(3.141592653589793, 3.1415926535897936);

export interface Kl0Inputs {
  readonly model: EnergyModel;
  readonly temperature: number;
  /** Certified lower bound on lambda_min(hess U) (> 0). */
  readonly m: number;
  /** Certified lower bound on inf W (f-units; 0 without W). */
  readonly infW: number;
  /** Certified upper bound on the smoothness constant of f (finite). */
  readonly smoothness: number;
  readonly init: { readonly mean: number; readonly std: number };
  /** Certified lower bound on min U (from minULowerBound). */
  readonly minU: number;
}

export interface Kl0Bound {
  readonly upper: number;
  /** Upper bound on ln Z (for reports). */
  readonly logZUpper: number;
}

export function checkKl0Bound(p: Kl0Inputs): CheckOutcome<Kl0Bound> {
  const d = p.model.dim;
  const badT = validTemperature(p.temperature);
  if (badT) return { ok: false, reason: `kl0: ${badT}` };
  if (!(p.m > 0 && Number.isFinite(p.m))) return { ok: false, reason: `kl0: needs a certified strong convexity m > 0 of U (got ${p.m})` };
  if (!Number.isFinite(p.infW)) return { ok: false, reason: `kl0: needs a finite lower bound on inf W (got ${p.infW})` };
  if (!(Number.isFinite(p.smoothness) && p.smoothness >= 0)) return { ok: false, reason: `kl0: needs a finite smoothness bound L (got ${p.smoothness})` };
  if (!(Number.isFinite(p.init.mean) && p.init.std > 0 && Number.isFinite(p.init.std))) return { ok: false, reason: 'kl0: bad initial law' };
  if (!Number.isFinite(p.minU)) return { ok: false, reason: `kl0: needs a finite lower bound on min U (got ${p.minU})` };
  const minU: Interval = { lo: p.minU, hi: Infinity };
  const halfD = point(d / 2);
  // ln Z <= -inf W - min U + (d/2) ln(2 pi / m)
  const logZ = add(sub(point(-p.infW), minU), mul(halfD, log(div(scale(PI, 2), point(p.m)))));
  // E_rho0[f] <= f(c) + (L/2) d s^2
  const c = Array.from({ length: d }, () => point(p.init.mean));
  const fc = tryEnclose(() => enclosePotential(p.model, p.temperature, c).value);
  if (!fc) return { ok: false, reason: 'kl0: f(c) cannot be enclosed' };
  const s2 = sqr(point(p.init.std));
  const meanF = add(fc, mul(mul(point(p.smoothness), halfD), s2));
  // H(rho_0) = (d/2) ln(2 pi e s^2)
  const entropy = mul(halfD, log(mul(mul(scale(PI, 2), exp(point(1))), s2)));
  const kl = add(sub(meanF, entropy), logZ);
  if (hasNaN(kl) || !(kl.hi < Infinity)) return { ok: false, reason: `kl0: the bound is not finite ([${kl.lo}, ${kl.hi}])` };
  return { ok: true, value: { upper: Math.max(0, kl.hi), logZUpper: logZ.hi } };
}

/** An interval containing min U, from U(x0) - |grad U(x0)|^2 / (2m) <= min U <= U(x0), for an
 *  m-strongly convex U (f-units: U = U_E / T) and any anchor x0 (a good one is tight). */
export function minULowerBound(u: EnergyModel, temperature: number, m: number, anchor: readonly number[]): Interval {
  if (!(m > 0)) return { lo: -Infinity, hi: Infinity };
  // Stryker disable next-line ConditionalExpression,LogicalOperator,MethodExpression: equivalent, the enclosure also refuses a point of the wrong dimension or a non-finite one (tryEnclose gives undefined)
  if (anchor.length !== u.dim || !anchor.every(Number.isFinite)) return { lo: -Infinity, hi: Infinity };
  const e = tryEnclose(() => enclosePotential(u, temperature, anchor.map((x) => point(x))));
  if (!e) return { lo: -Infinity, hi: Infinity };
  let g2: Interval = point(0);
  for (const g of e.gradient) g2 = add(g2, sqr(g));
  const r = sub(e.value, div(g2, point(2 * m)));
  // min U lies in [r.lo, U(x0)]; only the lower end is used.
  // Stryker disable next-line ObjectLiteral,UnaryOperator: defensive, the enclosures return [-inf, inf] rather than NaN
  return hasNaN(r) ? { lo: -Infinity, hi: Infinity } : { lo: r.lo, hi: e.value.hi };
}
