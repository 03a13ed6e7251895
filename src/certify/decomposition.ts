// The bounded part W of a decomposition f = U + W, as stored in a certificate, and its float
// evaluation for producers. Forms: none (pure Bakry-Emery), a Gaussian bump expression that
// convexifies a non-convex strip, or a selection of the energy's own sum terms (a bounded network).
import type { EnergyModel } from '../kernel/model.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import type { Energy } from '../energy/types.js';

export type BoundedPartEvidence =
  | { readonly kind: 'none' }
  | { readonly kind: 'expression'; readonly source: string }
  | { readonly kind: 'terms'; readonly indices: readonly number[] };

/** W_E as a kernel model (null for none). Throws a plain Error with the reason when it does not fit. */
export function boundedModel(model: EnergyModel, w: BoundedPartEvidence): EnergyModel | null {
  if (w.kind === 'none') return null;
  if (w.kind === 'expression') return { kind: 'expression', dim: model.dim, source: w.source };
  const flat = flattenSum(model);
  const seen = new Set<number>();
  for (const i of w.indices) {
    if (!Number.isInteger(i) || i < 0 || i >= flat.length) throw new Error(`term index ${i} is not one of the energy's ${flat.length} terms`);
    if (seen.has(i)) throw new Error(`term index ${i} is listed twice`);
    seen.add(i);
  }
  return { kind: 'sum', dim: model.dim, terms: w.indices.map((i) => flat[i]!) };
}

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
