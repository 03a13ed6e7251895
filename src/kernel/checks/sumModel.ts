// U = E - W as an exact sum model. Terms that appear in both with opposite weights cancel
// exactly (w + (-w) = 0 in IEEE arithmetic), which is what keeps hess U of "network + regularizer
// minus network" exactly the regularizer's Hessian instead of two overlapping interval enclosures.
// Nested sums are flattened only when the product of weights is exact (compared as BigInt mantissas).
import type { EnergyModel } from '../model.js';
import { additiveTerms } from '../expression.js';

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

/** E - W with exact cancellation of structurally identical terms. When that leaves some W term
 *  uncancelled, expressions are also read as sums of their top-level terms (additiveTerms: each
 *  term re-parses to exactly its subtree, so the sum is the same function) and equal terms cancel;
 *  this form is used only when it cancels more, so every other U is formed exactly as before. */
export function differenceModel(e: EnergyModel, w: EnergyModel): EnergyModel {
  const whole = cancel(flattenSum(e, 1), flattenSum(w, -1));
  if (whole.allCancelled) return { kind: 'sum', dim: e.dim, terms: whole.terms };
  const eTerms = splitExpressions(flattenSum(e, 1));
  const wTerms = splitExpressions(flattenSum(w, -1));
  if (eTerms && wTerms) {
    const split = cancel(eTerms, wTerms);
    if (split.allCancelled) return { kind: 'sum', dim: e.dim, terms: split.terms };
  }
  return { kind: 'sum', dim: e.dim, terms: whole.terms };
}

/** E's terms with each W term cancelled against an equal one of opposite weight, or appended. */
function cancel(eTerms: readonly WeightedTerm[], wTerms: readonly WeightedTerm[]): { terms: WeightedTerm[]; allCancelled: boolean } {
  const terms = [...eTerms];
  let allCancelled = true;
  for (const t of wTerms) {
    const k = terms.findIndex((s) => s.weight + t.weight === 0 && sameModel(s.model, t.model));
    if (k >= 0) terms.splice(k, 1);
    else {
      terms.push(t);
      allCancelled = false;
    }
  }
  return { terms, allCancelled };
}

/** Each expression term as its signed top-level terms (weights times +-1 are exact); null if some
 *  expression cannot be split soundly. */
function splitExpressions(terms: readonly WeightedTerm[]): WeightedTerm[] | null {
  const out: WeightedTerm[] = [];
  for (const t of terms) {
    if (t.model.kind !== 'expression') {
      out.push(t);
      continue;
    }
    const pieces = additiveTerms(t.model.source);
    if (pieces === null) return null;
    const dim = t.model.dim;
    for (const p of pieces) out.push({ weight: p.sign * t.weight, model: { kind: 'expression', dim, source: p.source } });
  }
  return out;
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

/**
 * True when a * b is exactly representable: the binary64 product equals the exact product of the
 * two dyadic rationals, compared as BigInt mantissas (subnormals and extreme exponents included).
 */
export function exactProduct(a: number, b: number): boolean {
  const p = a * b;
  // Overflow: dyadic(Infinity) would read 2^1024, which 2^512 * 2^512 matches exactly.
  if (!Number.isFinite(p)) return false;
  // Zero needs no case: dyadic(0) = 0 * 2^-1074, so p = 0 is exact iff ma * mb = 0 (a or b is 0).
  const [ma, ea] = dyadic(a);
  const [mb, eb] = dyadic(b);
  const [mp, ep] = dyadic(p);
  // a * b = ma * mb * 2^(ea + eb) and p = mp * 2^ep: equal iff the mantissas agree after aligning exponents.
  const e = ea + eb;
  const exact = ma * mb;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, for nonzero a, b: e <= ep (two subnormals give e < -2148 < ep; otherwise a 53-bit normal mantissa gives ma * mb more low bits than p keeps) and at e = ep the product is exact (mp = ma * mb); with a zero factor both sides are 0. The first branch only guards against a negative BigInt shift, which would divide
  return e >= ep ? exact << BigInt(e - ep) === mp : mp << BigInt(ep - e) === exact;
}

/** x = m * 2^e exactly, with m a (signed) BigInt, for finite non-zero x. */
function dyadic(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n; // the implicit leading bit of a normal number
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return [hi >>> 31 ? -mantissa : mantissa, exponent];
}
