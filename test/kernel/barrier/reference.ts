// High-precision references for the barrier tests: one-dimensional Gaussian expectations by the
// trapezoid rule in 50-digit decimals (exponentially accurate for these analytic, Gaussian-decaying
// integrands), independent of the closed forms the kernel evaluates.
import { Decimal } from 'decimal.js';

export const D = Decimal.clone({ precision: 50 });
export type Dec = InstanceType<typeof D>;

/** E exp(alpha (a + sqrt(s2) Z)^2) for Z ~ N(0, 1), by quadrature (needs 1 - 2 alpha s2 > 0). */
export function gaussianExpectation1d(alpha: Dec | number, a: Dec | number, s2: Dec | number): Dec {
  const al = new D(alpha), aa = new D(a), v = new D(s2);
  if (v.isZero()) return al.mul(aa.pow(2)).exp();
  const q = new D(1).minus(al.mul(2).mul(v));
  const spread = D.sqrt(D.max(1, new D(1).div(q)));
  const shift = al.mul(2).mul(aa).mul(v.sqrt()).div(q); // centre of the integrand in z
  const h = spread.div(32);
  const half = 16 * 32;
  const s = v.sqrt();
  let sum = new D(0);
  for (let k = -half; k <= half; k++) {
    const z = shift.plus(h.mul(k));
    const y = aa.plus(s.mul(z));
    sum = sum.plus(al.mul(y.pow(2)).minus(z.pow(2).div(2)).exp());
  }
  return sum.mul(h).div(D.sqrt(D.acos(-1).mul(2)));
}

export interface RefTerm { weight: number; center: number[]; variance: number }

/** E B(m + sqrt(s2) xi) in d dimensions: each term is a product over coordinates (Fubini). */
export function smoothedReference(rising: RefTerm[], bumps: RefTerm[], m: (Dec | number)[], s2: Dec | number): Dec {
  let total = new D(0);
  const term = (t: RefTerm, sign: 1 | -1): Dec => {
    const alpha = new D(sign).div(new D(t.variance).mul(2));
    let p = new D(t.weight);
    for (let i = 0; i < m.length; i++) p = p.mul(gaussianExpectation1d(alpha, new D(m[i]!).minus(t.center[i]!), s2));
    return p;
  };
  for (const t of rising) total = total.plus(term(t, 1));
  for (const t of bumps) total = total.plus(term(t, -1));
  return total;
}

/** The same expectation by the completed-square closed form in 50 digits (fast; checked against the quadrature). */
export function smoothedClosedForm(rising: RefTerm[], bumps: RefTerm[], m: (Dec | number)[], s2: Dec | number): Dec {
  let total = new D(0);
  const v2 = new D(s2);
  const term = (t: RefTerm, sign: 1 | -1): Dec => {
    const v = new D(t.variance);
    const a = sign === 1 ? v.minus(v2) : v.plus(v2);
    let dist = new D(0);
    for (let i = 0; i < m.length; i++) dist = dist.plus(new D(m[i]!).minus(t.center[i]!).pow(2));
    return new D(t.weight).mul(v.div(a).pow(m.length / 2)).mul(dist.mul(sign).div(a.mul(2)).exp());
  };
  for (const t of rising) total = total.plus(term(t, 1));
  for (const t of bumps) total = total.plus(term(t, -1));
  return total;
}
