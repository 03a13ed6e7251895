// High-precision references for the integration tests: erf by its Taylor series in 120-digit
// decimals (enough for |x| <= 10: the largest term is about e^(x^2) = 1e43), Gaussian box
// integrals and tail masses from it. Nothing here calls the kernel.
import { Decimal as DecimalBase } from 'decimal.js';

export const D = DecimalBase.clone({ precision: 120, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = InstanceType<typeof D>;

const PI = D.acos(-1);

/** erf(x) = 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)). */
export function erf(xIn: Dec | number): Dec {
  const x = new D(xIn);
  if (x.abs().gt(10)) return new D(x.isNeg() ? -1 : 1); // |1 - erf| < 1e-44 there; tests stay inside 10
  let term = x; // x^(2n+1) (-1)^n / n!
  let sum = x;
  const x2 = x.times(x);
  for (let n = 1; n < 2000; n++) {
    term = term.times(x2).neg().div(n);
    const add = term.div(2 * n + 1);
    sum = sum.plus(add);
    if (add.abs().lt(new D(10).pow(-100))) break;
  }
  return sum.times(2).div(PI.sqrt());
}

/** ∫_l^h exp(-(a/2)(x - mu)^2) dx, a > 0 (infinite ends allowed). */
export function gaussianSegment(a: number, mu: number, l: number, h: number): Dec {
  const s = new D(a).div(2).sqrt();
  const e = (x: number): Dec => (x === Infinity ? new D(1) : x === -Infinity ? new D(-1) : erf(s.times(new D(x).minus(mu))));
  return PI.div(new D(a).times(2)).sqrt().times(e(h).minus(e(l)));
}

/** Q(t) = P(N(0,1) > t) = (1 - erf(t / sqrt 2)) / 2. */
export function gaussianTail(t: number): Dec {
  return new D(1).minus(erf(new D(t).div(new D(2).sqrt()))).div(2);
}

/** ∫_0^h exp(-a t) dt = (1 - exp(-a h)) / a (h for a = 0). */
export function expSegment(a: number, h: number): Dec {
  if (a === 0) return new D(h);
  const z = new D(a).times(h);
  // Series h (1 - z/2 + z^2/6 - z^3/24) when 1 - exp(-z) would cancel beyond 120 digits.
  if (z.abs().lt(1e-30)) return new D(h).times(new D(1).minus(z.div(2)).plus(z.pow(2).div(6)).minus(z.pow(3).div(24)));
  return new D(1).minus(new D(-a).times(h).exp()).div(a);
}

export function dec(x: number): Dec {
  return new D(x);
}
