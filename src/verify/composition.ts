// The composition rules (proofs/composition.md), applied to the claims of verified component
// certificates only: for f = sum_i w_i f_i with w_i >= 0, f_i = U_i + W_i,
//   L <= sum w_i L_i,  hess U >= (sum w_i m_i) I,  osc W <= sum w_i o_i,  inf W >= sum w_i inf W_i,
//   min U >= sum w_i min U_i,  alpha >= (sum w_i m_i) exp(-sum w_i o_i).
// All sums are interval sums rounded outward.
import { add, mul, point, type Interval } from '../kernel/interval.js';
import { holleyStroockAlpha } from '../kernel/checks/lsi.js';
import { exactProduct } from '../kernel/checks/sumModel.js';
import { hypothesis, type Certificate } from './certificate.js';
import type { EnergyTerm } from './model.js';

export const COMPOSITION_RULE = 'composition: L <= sum w_i L_i; alpha >= (sum w_i m_i) exp(-sum w_i osc W_i) (proofs/composition.md)';
export const NEGATIVE_WEIGHT_RULE = 'negative weight: outside the composition rules; normalizability of the sum checked directly';

/** The rule a composition with these weights follows. */
export function compositionRuleFor(weights: readonly number[]): string {
  return weights.some((w) => w < 0) ? NEGATIVE_WEIGHT_RULE : COMPOSITION_RULE;
}

/**
 * Why these components cannot be composed (null when they can): the rules add constants of
 * functions on one space at one temperature, so every component must have the sum's dimension
 * and temperature, and every weight must be finite.
 */
export function compositionMismatch(components: readonly Certificate[], weights: readonly number[], dim: number, temperature: number): string | null {
  if (components.length < 1) return 'needs at least one component certificate';
  if (weights.length !== components.length) return `${weights.length} weights for ${components.length} components`;
  for (const [i, w] of weights.entries()) if (!Number.isFinite(w)) return `weight ${i + 1} is ${w}, not a finite number`;
  for (const [i, c] of components.entries()) {
    if (c.energy.dim !== dim) return `component ${i + 1} is an energy on R^${c.energy.dim}, the sum is on R^${dim} (components must share the dimension and the variables x1..x${dim})`;
    if (!Object.is(c.temperature, temperature)) return `component ${i + 1} is at temperature ${c.temperature}, the sum at ${temperature} (the rules add constants of E_i / T at one T)`;
  }
  return null;
}

/** The energy terms of sum_i w_i E_i from the components' terms; throws when a product is not exact in binary64. */
export function composedTerms(components: readonly Certificate[], weights: readonly number[]): EnergyTerm[] {
  return components.flatMap((c, i) =>
    c.energy.terms.map((t) => {
      if (!exactProduct(weights[i]!, t.weight)) throw new Error(`weight ${weights[i]} times the component's term weight ${t.weight} is not exact in binary64`);
      return { spec: t.spec, weight: weights[i]! * t.weight };
    }),
  );
}

export interface ComposedConstants {
  readonly smoothness: number; // Infinity when some component has none
  readonly m: number | null;
  readonly osc: number | null;
  readonly infW: number | null;
  readonly minU: number | null;
  readonly alpha: number | null;
  /** True when every weighted component has W = 0 (then hess f >= m I). */
  readonly allConvex: boolean;
  readonly reason?: string;
}

export function deriveComposition(components: readonly Certificate[], weights: readonly number[]): ComposedConstants {
  let L: Interval = point(0);
  let m: Interval = point(0);
  let osc: Interval = point(0);
  let infW: Interval = point(0);
  let minU: Interval = point(0);
  let reason: string | undefined;
  let allConvex = true;
  let unboundedL = false;
  let noMinU = false;
  components.forEach((c, i) => {
    const w = point(weights[i]!);
    if (weights[i] === 0) return;
    const Li = c.constants.smoothness.upper;
    // No bound on one component means none on the sum (interval arithmetic has no point at infinity).
    if (Li === null) unboundedL = true;
    else L = add(L, mul(w, point(Li)));
    const lsi = hypothesis(c, 'lsi');
    if (lsi?.status !== 'holds' || lsi.claim.m == null || lsi.claim.osc == null || lsi.claim.infW == null) {
      reason ??= `component ${i + 1} has no certified decomposition f_i = U_i + W_i`;
      return;
    }
    if ((lsi.evidence.w as { kind?: string } | undefined)?.kind !== 'none') allConvex = false;
    m = add(m, mul(w, point(lsi.claim.m)));
    osc = add(osc, mul(w, point(lsi.claim.osc)));
    infW = add(infW, mul(w, point(lsi.claim.infW)));
    if (lsi.claim.minU == null) noMinU = true;
    else minU = add(minU, mul(w, point(lsi.claim.minU)));
  });
  const smoothness = unboundedL || Number.isNaN(L.hi) ? Infinity : L.hi;
  if (reason) return { smoothness, m: null, osc: null, infW: null, minU: null, alpha: null, allConvex: false, reason };
  const alpha = holleyStroockAlpha(m.lo, osc.hi);
  return {
    smoothness,
    m: m.lo,
    osc: osc.hi,
    infW: infW.lo,
    minU: !noMinU && Number.isFinite(minU.lo) ? minU.lo : null,
    alpha,
    allConvex,
    ...(alpha > 0 ? {} : { reason: `sum w_i m_i = ${m.lo} is not positive` }),
  };
}
