// Mean-value (centered) forms, intersected with a direct enclosure (proofs/enclosures.md, section 3).
// Used for expressions and relu-free networks; for networks also for the Hessian, from an
// enclosure of the third derivative tensor (section 3b).
import { createFlatEnclosure, createThirdOrderEnclosure, tri3Index, triIndex, type FlatEnclosure, type FlatNetworkEnclosure } from './network.js';
import { mulHi, mulLo, roundDown, roundUp } from './networkRounding.js';

/**
 * Mean-value (centered) forms around the box midpoint m, intersected with the direct enclosure:
 *   E(x) in E(m) + sum_a G_a (x_a - m_a),   grad_a E(x) in grad_a E(m) + sum_b H_ab (x_b - m_b),
 * where G and H enclose grad E and hess E on the box (mean value theorem; needs E in C^2, so the
 * caller only uses it when every activation is twice continuously differentiable). Both sides
 * contain the truth, so an empty intersection is a bug and throws.
 * With `directThird` (the same enclosure plus the third derivative tensor T; needs E in C^3) also
 *   hess_ab E(x) in hess_ab E(m) + sum_c T_abc (x_c - m_c),
 * computed first, so the gradient's form uses the tightened Hessian.
 */
export function withCenteredForms(d: number, direct: FlatNetworkEnclosure, directThird?: FlatNetworkEnclosure): FlatNetworkEnclosure {
  const mid = new Float64Array(d);
  const offLo = new Float64Array(d), offHi = new Float64Array(d);
  const atMid = createFlatEnclosure(d);
  const withThird = directThird ? createThirdOrderEnclosure(d) : null;
  const nt = (d * (d + 1)) / 2;
  return (boxLo, boxHi, out) => {
    let bounded = true;
    for (let a = 0; a < d && bounded; a++) bounded = Number.isFinite(boxLo[a]!) && Number.isFinite(boxHi[a]!);
    // The third-order pass only pays off where the centered forms apply (a bounded box).
    const useThird = bounded && withThird !== null && directThird !== undefined;
    if (useThird) { directThird(boxLo, boxHi, withThird); copyFlat(withThird, out, d, nt); }
    else direct(boxLo, boxHi, out);
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
    if (useThird) {
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) {
        const t = triIndex(d, a, b);
        let hlo = atMid.hessLo[t]!, hhi = atMid.hessHi[t]!;
        for (let c = 0; c < d; c++) {
          const u = tri3Index(d, a, b, c);
          hlo = roundDown(hlo + mulLo(withThird.thirdLo[u]!, withThird.thirdHi[u]!, offLo[c]!, offHi[c]!));
          hhi = roundUp(hhi + mulHi(withThird.thirdLo[u]!, withThird.thirdHi[u]!, offLo[c]!, offHi[c]!));
        }
        out.hessLo[t] = Math.max(out.hessLo[t]!, hlo);
        out.hessHi[t] = Math.min(out.hessHi[t]!, hhi);
        if (!(out.hessLo[t]! <= out.hessHi[t]!)) throw new Error('network enclosure: centered and direct Hessian enclosures are disjoint');
      }
    }
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

function copyFlat(from: FlatEnclosure, to: FlatEnclosure, d: number, nt: number): void {
  to.valueLo = from.valueLo; to.valueHi = from.valueHi;
  for (let a = 0; a < d; a++) { to.gradLo[a] = from.gradLo[a]!; to.gradHi[a] = from.gradHi[a]!; }
  for (let t = 0; t < nt; t++) { to.hessLo[t] = from.hessLo[t]!; to.hessHi[t] = from.hessHi[t]!; }
}
