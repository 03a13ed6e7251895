// Float64 activations with their first and second derivatives (the evaluator's exact
// gradient and Hessian are built from these).
import type { Activation } from '../../kernel/model.js';

export { ACTIVATIONS, isActivation } from '../../kernel/model.js';

/** Stable logistic function. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export interface ActivationFns {
  value(z: number): number;
  d1(z: number): number;
  d2(z: number): number;
}

/** Scalar forms (tests and one-off use). */
export const ACTIVATION_FNS: Readonly<Record<Activation, ActivationFns>> = {
  identity: { value: (z) => z, d1: () => 1, d2: () => 0 },
  // tanh' = 1 - t^2, tanh'' = -2 t (1 - t^2)
  tanh: {
    value: Math.tanh,
    d1: (z) => { const t = Math.tanh(z); return 1 - t * t; },
    d2: (z) => { const t = Math.tanh(z); return -2 * t * (1 - t * t); },
  },
  // s' = s (1 - s), s'' = s (1 - s) (1 - 2 s)
  sigmoid: {
    value: logistic,
    d1: (z) => { const s = logistic(z); return s * (1 - s); },
    d2: (z) => { const s = logistic(z); return s * (1 - s) * (1 - 2 * s); },
  },
  // softplus = max(z, 0) + log1p(exp(-|z|)); softplus' = s; softplus'' = s (1 - s)
  softplus: {
    value: (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))),
    d1: logistic,
    d2: (z) => { const s = logistic(z); return s * (1 - s); },
  },
  // silu = z s; silu' = s (1 + z (1 - s)); silu'' = s (1 - s) (2 + z (1 - 2 s))
  silu: {
    value: (z) => z * logistic(z),
    d1: (z) => { const s = logistic(z); return s * (1 + z * (1 - s)); },
    d2: (z) => { const s = logistic(z); return s * (1 - s) * (2 + z * (1 - 2 * s)); },
  },
  // relu' = [z > 0]; relu'' = 0 almost everywhere (not twice differentiable at 0)
  relu: { value: (z) => (z > 0 ? z : 0), d1: (z) => (z > 0 ? 1 : 0), d2: () => 0 },
};

/** Applies an activation to z[0..len) in place of h, and (when d1 is given) fills d1 and d2,
 *  with the same formulas as ACTIVATION_FNS but one transcendental call per element: this is the
 *  evaluator's inner loop, so the switch sits outside it. */
export function activateArray(a: Activation, z: Float64Array, h: Float64Array, len: number, d1?: Float64Array, d2?: Float64Array): void {
  switch (a) {
    case 'identity':
      for (let k = 0; k < len; k++) h[k] = z[k]!;
      if (d1 && d2) { d1.fill(1, 0, len); d2.fill(0, 0, len); }
      return;
    case 'tanh':
      for (let k = 0; k < len; k++) {
        const t = Math.tanh(z[k]!);
        h[k] = t;
        if (d1 && d2) { const u = 1 - t * t; d1[k] = u; d2[k] = -2 * t * u; }
      }
      return;
    case 'sigmoid':
      for (let k = 0; k < len; k++) {
        const s = logistic(z[k]!);
        h[k] = s;
        if (d1 && d2) { const u = s * (1 - s); d1[k] = u; d2[k] = u * (1 - 2 * s); }
      }
      return;
    case 'softplus':
      for (let k = 0; k < len; k++) {
        const x = z[k]!;
        const e = Math.exp(-Math.abs(x));
        h[k] = Math.max(x, 0) + Math.log1p(e);
        if (d1 && d2) {
          // logistic from the same exponential: s = 1/(1+e) for x >= 0, e/(1+e) otherwise
          const s = x >= 0 ? 1 / (1 + e) : e / (1 + e);
          d1[k] = s;
          d2[k] = s * (1 - s);
        }
      }
      return;
    case 'silu':
      for (let k = 0; k < len; k++) {
        const x = z[k]!;
        const s = logistic(x);
        h[k] = x * s;
        if (d1 && d2) { const u = s * (1 - s); d1[k] = s + x * u; d2[k] = u * (2 + x * (1 - 2 * s)); }
      }
      return;
    case 'relu':
      for (let k = 0; k < len; k++) {
        const x = z[k]!;
        h[k] = x > 0 ? x : 0;
        if (d1 && d2) { d1[k] = x > 0 ? 1 : 0; d2[k] = 0; }
      }
      return;
  }
}
