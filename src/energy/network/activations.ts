// Float64 activations with their first and second derivatives (the evaluators' exact
// gradient and Hessian are built from these).
import type { Activation } from '../../kernel/model.js';

import { ACTIVATIONS } from '../../kernel/model.js';

export { ACTIVATIONS, isActivation } from '../../kernel/model.js';

// The one home of the float activation formulas (the kernel's are interval enclosures, in
// src/kernel/elementary.ts and activations.ts): expression energies (codegen.ts), the network
// evaluator (mlp.ts) and the batched Langevin oracle (langevin/oracles/mlpBatch.ts) all call these.

// e = exp(-|z|) is shared by softplus and its derivative, so one transcendental serves both.
function logisticFromExp(z: number, e: number): number {
  return z >= 0 ? 1 / (1 + e) : e / (1 + e); // 1/(1 + exp(-z)), neither branch overflows
}
function softplusFromExp(z: number, e: number): number {
  return Math.max(z, 0) + Math.log1p(e); // log(1 + exp(z)), stable for large |z|
}

/** Stable logistic function 1 / (1 + exp(-z)). */
export function logistic(z: number): number {
  return logisticFromExp(z, Math.exp(-Math.abs(z)));
}

/** softplus(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)). */
export function softplus(z: number): number {
  return softplusFromExp(z, Math.exp(-Math.abs(z)));
}

export interface ActivationFns {
  value(z: number): number;
  d1(z: number): number;
  d2(z: number): number;
}

/**
 * Applies an activation to z[0..len) into h (h may be z: each entry is read before it is
 * written), and fills d1 and d2 when given. One transcendental call per element: this is the
 * evaluators' inner loop, so the switch sits outside it.
 */
export function activateArray(a: Activation, z: Float64Array, h: Float64Array, len: number, d1?: Float64Array, d2?: Float64Array): void {
  switch (a) {
    case 'identity':
      for (let k = 0; k < len; k++) h[k] = z[k]!;
      d1?.fill(1, 0, len);
      d2?.fill(0, 0, len);
      return;
    case 'tanh':
      // tanh' = 1 - t^2, tanh'' = -2 t (1 - t^2)
      for (let k = 0; k < len; k++) {
        const t = Math.tanh(z[k]!);
        h[k] = t;
        if (d1) d1[k] = 1 - t * t;
        if (d2) d2[k] = -2 * t * (1 - t * t);
      }
      return;
    case 'sigmoid':
      // s' = s (1 - s), s'' = s (1 - s) (1 - 2 s)
      for (let k = 0; k < len; k++) {
        const s = logistic(z[k]!);
        h[k] = s;
        if (d1) d1[k] = s * (1 - s);
        if (d2) d2[k] = s * (1 - s) * (1 - 2 * s);
      }
      return;
    case 'softplus':
      // softplus' = s, softplus'' = s (1 - s)
      for (let k = 0; k < len; k++) {
        const x = z[k]!;
        const e = Math.exp(-Math.abs(x));
        h[k] = softplusFromExp(x, e);
        const s = logisticFromExp(x, e);
        if (d1) d1[k] = s;
        if (d2) d2[k] = s * (1 - s);
      }
      return;
    case 'silu':
      // silu = z s; silu' = s (1 + z (1 - s)); silu'' = s (1 - s) (2 + z (1 - 2 s))
      for (let k = 0; k < len; k++) {
        const x = z[k]!;
        const s = logistic(x);
        h[k] = x * s;
        if (d1) d1[k] = s * (1 + x * (1 - s));
        if (d2) d2[k] = s * (1 - s) * (2 + x * (1 - 2 * s));
      }
      return;
    case 'relu':
      // relu' = [z > 0]; relu'' = 0 almost everywhere (not twice differentiable at 0)
      for (let k = 0; k < len; k++) {
        const x = z[k]!;
        h[k] = x > 0 ? x : 0;
        if (d1) d1[k] = x > 0 ? 1 : 0;
        if (d2) d2[k] = 0;
      }
      return;
  }
}

/** Scalar forms (tests and one-off use): activateArray on one element, so the formulas are the same. */
function scalarForms(a: Activation): ActivationFns {
  const z = new Float64Array(1), h = new Float64Array(1), d1 = new Float64Array(1), d2 = new Float64Array(1);
  const run = (x: number): void => { z[0] = x; activateArray(a, z, h, 1, d1, d2); };
  return {
    value: (x) => (run(x), h[0]!),
    d1: (x) => (run(x), d1[0]!),
    d2: (x) => (run(x), d2[0]!),
  };
}

export const ACTIVATION_FNS: Readonly<Record<Activation, ActivationFns>> = Object.fromEntries(
  ACTIVATIONS.map((a) => [a, scalarForms(a)]),
) as Record<Activation, ActivationFns>;
