// Float evaluation of the bounded part W of a decomposition f = U + W, for producers' estimates.
// What W means as kernel data (and its evidence form) is src/verify/decomposition.ts.
import { flattenSum } from '../kernel/checks/sumModel.js';
import type { Energy } from '../energy/types.js';

export { boundedModel, type BoundedPartEvidence } from '../verify/decomposition.js';

/** Float value/gradient/Hessian of W_E for producers' estimates (untrusted). */
export interface FloatPart {
  value(x: Float64Array): number;
  gradient(x: Float64Array): Float64Array;
  hessian(x: Float64Array): Float64Array;
}

/** Float form of the leaves of an energy, mirroring flattenSum on the energy objects. */
export function flattenEnergy(energy: Energy, weight = 1): { weight: number; energy: Energy }[] {
  const terms = (energy as unknown as { terms?: readonly { weight: number; energy: Energy }[] }).terms;
  if (energy.model.kind !== 'sum' || !terms) return [{ weight, energy }];
  return terms.flatMap((t) => flattenEnergy(t.energy, weight * t.weight));
}

export function termsPart(energy: Energy, indices: readonly number[]): FloatPart | null {
  const flat = flattenEnergy(energy);
  if (flat.length !== flattenSum(energy.model).length) return null;
  const parts = indices.map((i) => flat[i]!);
  const d = energy.dim;
  return {
    value: (x) => parts.reduce((s, p) => s + p.weight * p.energy.value(x), 0),
    gradient: (x) => {
      const g = new Float64Array(d);
      for (const p of parts) p.energy.gradient(x).forEach((v, j) => (g[j] = g[j]! + p.weight * v));
      return g;
    },
    hessian: (x) => {
      const h = new Float64Array(d * d);
      for (const p of parts) p.energy.hessian(x).forEach((v, j) => (h[j] = h[j]! + p.weight * v));
      return h;
    },
  };
}
