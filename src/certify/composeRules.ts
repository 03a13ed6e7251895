// The composition rules (proofs/composition.md), applied to the claims of verified component
// certificates only: for f = sum_i w_i f_i with w_i >= 0, f_i = U_i + W_i,
//   L <= sum w_i L_i,  hess U >= (sum w_i m_i) I,  osc W <= sum w_i o_i,  inf W >= sum w_i inf W_i,
//   min U >= sum w_i min U_i,  alpha >= (sum w_i m_i) exp(-sum w_i o_i).
// All sums are interval sums rounded outward.
import { add, exp, mul, neg, point, type Interval } from '../kernel/interval.js';
import { hypothesis, type Certificate } from './certificate.js';

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
  components.forEach((c, i) => {
    const w = point(weights[i]!);
    if (weights[i] === 0) return;
    const Li = c.constants.smoothness.upper;
    L = add(L, mul(w, point(Li ?? Infinity)));
    const lsi = hypothesis(c, 'lsi');
    if (lsi?.status !== 'holds' || lsi.claim.m == null || lsi.claim.osc == null || lsi.claim.infW == null) {
      reason ??= `component ${i + 1} has no certified decomposition f_i = U_i + W_i`;
      return;
    }
    if ((lsi.evidence.w as { kind?: string } | undefined)?.kind !== 'none') allConvex = false;
    m = add(m, mul(w, point(lsi.claim.m)));
    osc = add(osc, mul(w, point(lsi.claim.osc)));
    infW = add(infW, mul(w, point(lsi.claim.infW)));
    minU = add(minU, mul(w, point(lsi.claim.minU ?? -Infinity)));
  });
  const smoothness = Number.isNaN(L.hi) ? Infinity : L.hi;
  if (reason) return { smoothness, m: null, osc: null, infW: null, minU: null, alpha: null, allConvex: false, reason };
  const alpha = m.lo > 0 && Number.isFinite(osc.hi) ? Math.max(0, mul(point(m.lo), exp(neg(point(osc.hi)))).lo) : 0;
  return {
    smoothness,
    m: m.lo,
    osc: osc.hi,
    infW: infW.lo,
    minU: Number.isFinite(minU.lo) ? minU.lo : null,
    alpha,
    allConvex,
    ...(alpha > 0 ? {} : { reason: `sum w_i m_i = ${m.lo} is not positive` }),
  };
}
