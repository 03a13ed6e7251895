// The bounded part W of a decomposition f = U + W as a certificate stores it, turned into kernel
// data. Forms: none (pure Bakry-Emery), an expression (a bump that convexifies a non-convex strip),
// or a selection of the energy's own sum terms (a bounded network).
import type { EnergyModel } from '../kernel/model.js';
import { flattenSum } from '../kernel/checks/sumModel.js';

export type BoundedPartEvidence =
  | { readonly kind: 'none' }
  | { readonly kind: 'expression'; readonly source: string }
  | { readonly kind: 'terms'; readonly indices: readonly number[] };

/** W as a kernel model (null for none). Throws a plain Error with the reason when it does not fit. */
export function boundedModel(model: EnergyModel, w: BoundedPartEvidence): EnergyModel | null {
  if (typeof w !== 'object' || w === null) throw new Error('no bounded part W is stored');
  if (w.kind === 'none') return null;
  if (w.kind === 'expression') {
    if (typeof w.source !== 'string') throw new Error('W expression has no source');
    return { kind: 'expression', dim: model.dim, source: w.source };
  }
  if (w.kind !== 'terms' || !Array.isArray(w.indices)) throw new Error(`unknown bounded part ${JSON.stringify(w)}`);
  const flat = flattenSum(model);
  const seen = new Set<number>();
  for (const i of w.indices) {
    if (!Number.isInteger(i) || i < 0 || i >= flat.length) throw new Error(`term index ${i} is not one of the energy's ${flat.length} terms`);
    if (seen.has(i)) throw new Error(`term index ${i} is listed twice`);
    seen.add(i);
  }
  return { kind: 'sum', dim: model.dim, terms: w.indices.map((i) => flat[i]!) };
}
