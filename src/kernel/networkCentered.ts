// Mean-value (centered) forms, intersected with a direct enclosure (proofs/enclosures.md, section 3).
// Used for expressions and relu-free networks (where they mostly tighten the gradient).
import { createFlatEnclosure, triIndex, type FlatNetworkEnclosure } from './network.js';
import { mulHi, mulLo, roundDown, roundUp } from './networkRounding.js';

/**
 * Mean-value (centered) forms around the box midpoint m, intersected with the direct enclosure:
 *   E(x) in E(m) + sum_a G_a (x_a - m_a),   grad_a E(x) in grad_a E(m) + sum_b H_ab (x_b - m_b),
 * where G and H enclose grad E and hess E on the box (mean value theorem; needs E in C^2, so the
 * caller only uses it when every activation is twice continuously differentiable). Both sides
 * contain the truth, so an empty intersection is a bug and throws.
 */
export function withCenteredForms(d: number, direct: FlatNetworkEnclosure): FlatNetworkEnclosure {
  const mid = new Float64Array(d);
  const offLo = new Float64Array(d), offHi = new Float64Array(d);
  const atMid = createFlatEnclosure(d);
  return (boxLo, boxHi, out) => {
    direct(boxLo, boxHi, out);
    let degenerate = true;
    for (let a = 0; a < d; a++) {
      const lo = boxLo[a]!, hi = boxHi[a]!;
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) return;
      if (lo !== hi) degenerate = false;
      const m = Math.min(hi, Math.max(lo, 0.5 * lo + 0.5 * hi));
      mid[a] = m;
      offLo[a] = roundDown(lo - m);
      offHi[a] = roundUp(hi - m);
    }
    if (degenerate) return;
    direct(mid, mid, atMid);
    let vlo = atMid.valueLo, vhi = atMid.valueHi;
    for (let a = 0; a < d; a++) {
      vlo = roundDown(vlo + mulLo(out.gradLo[a]!, out.gradHi[a]!, offLo[a]!, offHi[a]!));
      vhi = roundUp(vhi + mulHi(out.gradLo[a]!, out.gradHi[a]!, offLo[a]!, offHi[a]!));
    }
    out.valueLo = Math.max(out.valueLo, vlo);
    out.valueHi = Math.min(out.valueHi, vhi);
    if (!(out.valueLo <= out.valueHi)) throw new Error('network enclosure: centered and direct value enclosures are disjoint');
    for (let a = 0; a < d; a++) {
      let glo = atMid.gradLo[a]!, ghi = atMid.gradHi[a]!;
      for (let b = 0; b < d; b++) {
        const t = triIndex(d, a, b);
        glo = roundDown(glo + mulLo(out.hessLo[t]!, out.hessHi[t]!, offLo[b]!, offHi[b]!));
        ghi = roundUp(ghi + mulHi(out.hessLo[t]!, out.hessHi[t]!, offLo[b]!, offHi[b]!));
      }
      out.gradLo[a] = Math.max(out.gradLo[a]!, glo);
      out.gradHi[a] = Math.min(out.gradHi[a]!, ghi);
      if (!(out.gradLo[a]! <= out.gradHi[a]!)) throw new Error('network enclosure: centered and direct gradient enclosures are disjoint');
    }
  };
}
