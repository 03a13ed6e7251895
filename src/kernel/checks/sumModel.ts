// U = E - W as an exact sum model. Terms that appear in both with opposite weights cancel
// exactly (w + (-w) = 0 in IEEE arithmetic), which is what keeps hess U of "network + regularizer
// minus network" exactly the regularizer's Hessian instead of two overlapping interval enclosures.
// Nested sums are flattened only when the product of weights is exact (Veltkamp/Dekker two-product).
import type { EnergyModel } from '../model.js';

export interface WeightedTerm {
  readonly weight: number;
  readonly model: EnergyModel;
}

/** Flattens nested sums where the weight products are exactly representable; other terms stay whole. */
export function flattenSum(model: EnergyModel, weight = 1): WeightedTerm[] {
  if (model.kind !== 'sum') return [{ weight, model }];
  const out: WeightedTerm[] = [];
  for (const t of model.terms) {
    const w = weight * t.weight;
    if (
      exactProduct(weight, t.weight) &&
      // Stryker disable next-line ConditionalExpression: equivalent, flattenSum of a non-sum model is [{ weight: w, model }], as in the next branch
      t.model.kind === 'sum'
    )
      out.push(...flattenSum(t.model, w));
    else if (exactProduct(weight, t.weight)) out.push({ weight: w, model: t.model });
    else out.push({ weight, model: { kind: 'sum', dim: model.dim, terms: [t] } });
  }
  return out;
}

/** E - W with exact cancellation of structurally identical terms. */
export function differenceModel(e: EnergyModel, w: EnergyModel): EnergyModel {
  const terms = [...flattenSum(e, 1)];
  for (const t of flattenSum(w, -1)) {
    const k = terms.findIndex((s) => s.weight + t.weight === 0 && sameModel(s.model, t.model));
    if (k >= 0) terms.splice(k, 1);
    else terms.push(t);
  }
  return { kind: 'sum', dim: e.dim, terms };
}

/** Structural equality of plain-data models (weights compared bit for bit). */
export function sameModel(a: EnergyModel, b: EnergyModel): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent, the structural comparison of an object with itself is true (this is a shortcut)
  if (a === b) return true;
  if (a.kind !== b.kind || a.dim !== b.dim) return false;
  switch (a.kind) {
    case 'expression':
      return a.source === (b as typeof a).source;
    case 'quadratic': {
      const q = b as typeof a;
      return Object.is(a.lambda, q.lambda) && sameNumbers(a.center, q.center);
    }
    case 'mlp': {
      const m = b as typeof a;
      return (
        a.layers.length === m.layers.length &&
        a.layers.every((l, i) => {
          const o = m.layers[i]!;
          return l.inDim === o.inDim && l.outDim === o.outDim && l.activation === o.activation && sameNumbers(l.weight, o.weight) && sameNumbers(l.bias, o.bias);
        })
      );
    }
    case 'sum': {
      const s = b as typeof a;
      return a.terms.length === s.terms.length && a.terms.every((t, i) => Object.is(t.weight, s.terms[i]!.weight) && sameModel(t.model, s.terms[i]!.model));
    }
  }
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  // Stryker disable next-line EqualityOperator: equivalent, at i = length both entries are undefined
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** True when a * b is exactly representable: Dekker's two-product error term is zero. */
export function exactProduct(a: number, b: number): boolean {
  const p = a * b;
  // Stryker disable next-line ConditionalExpression: equivalent, an infinite p makes err below infinite or NaN (not 0)
  if (!Number.isFinite(p)) return false;
  if (p === 0) return a === 0 || b === 0;
  if (Math.abs(p) < 2 ** -900) return false; // near underflow the error terms below lose bits
  if (Math.abs(a) > 2 ** 995 || Math.abs(b) > 2 ** 995) return false; // the split would overflow
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  return err === 0;
}

// Veltkamp's split: a = hi + lo with each half at most 26 significant bits, so their products are exact.
function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}
