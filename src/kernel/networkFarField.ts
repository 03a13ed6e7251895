// Enclosures of E, grad E and hess E over a far-field cone K = { c + r u : r >= R, u in U }, U a box
// (a patch of the surface of [-1, 1]^d), for any EnergyModel (proofs/far-field.md, section 2).
// A network's first layer is affine, z_i = w_i . x + b_i = (w_i . c + b_i) + r (w_i . u), so over K
// each z_i lies in a_i + { r t : r >= R, t in [t_lo, t_hi] } with a_i, t enclosing w_i . c + b_i and
// w_i . u over U: a half-line when t keeps one sign (the neuron saturates far out), the whole line
// otherwise. The network's layer propagation then runs from those ranges (network.ts, firstLayerZ).
// Other terms are enclosed over the bounding box of K (a quadratic's Hessian does not depend on it).
import type { EnergyModel } from './model.js';
import { compileModelEnclosure } from './enclosure.js';
import { compileNetworkEnclosure, createFlatEnclosure, type FlatEnclosure } from './network.js';
import { roundDown, roundUp, scaleHi, scaleLo } from './networkRounding.js';

/** The cone { center + r u : r >= radius, u in [uLo, uHi] } (radius > 0, all finite). */
export interface Cone {
  readonly center: Float64Array;
  readonly radius: number;
  readonly uLo: Float64Array;
  readonly uHi: Float64Array;
}

export type ConeEnclosure = (cone: Cone, out: FlatEnclosure) => void;

/** Lower end of { r t : r >= R, t >= tlo } (R > 0): R tlo when tlo >= 0, else -inf. */
export function rayLo(radius: number, tlo: number): number {
  if (tlo < 0) return -Infinity;
  return tlo === 0 ? 0 : roundDown(radius * tlo);
}

/** Upper end of { r t : r >= R, t <= thi } (R > 0): R thi when thi <= 0, else +inf. */
export function rayHi(radius: number, thi: number): number {
  if (thi > 0) return Infinity;
  return thi === 0 ? 0 : roundUp(radius * thi);
}

/** Writes an enclosure of { w . x + b : x in cone } for the row w = weight[row .. row + d). */
export function affineOverCone(weight: Float64Array, row: number, bias: number, cone: Cone): [number, number] {
  const d = cone.center.length;
  let alo = bias, ahi = bias, tlo = 0, thi = 0;
  for (let j = 0; j < d; j++) {
    const w = weight[row + j]!;
    if (w === 0) continue;
    alo = roundDown(alo + scaleLo(w, cone.center[j]!, cone.center[j]!));
    ahi = roundUp(ahi + scaleHi(w, cone.center[j]!, cone.center[j]!));
    tlo = roundDown(tlo + scaleLo(w, cone.uLo[j]!, cone.uHi[j]!));
    thi = roundUp(thi + scaleHi(w, cone.uLo[j]!, cone.uHi[j]!));
  }
  const lo = rayLo(cone.radius, tlo), hi = rayHi(cone.radius, thi);
  return [lo === -Infinity ? -Infinity : roundDown(alo + lo), hi === Infinity ? Infinity : roundUp(ahi + hi)];
}

/** The smallest box (outward) containing the cone: coordinate j is c_j + { r t : r >= R, t in [uLo_j, uHi_j] }. */
export function coneBoundingBox(cone: Cone, lo: Float64Array, hi: Float64Array): void {
  for (let j = 0; j < cone.center.length; j++) {
    const l = rayLo(cone.radius, cone.uLo[j]!), h = rayHi(cone.radius, cone.uHi[j]!);
    lo[j] = l === -Infinity ? -Infinity : roundDown(cone.center[j]! + l);
    hi[j] = h === Infinity ? Infinity : roundUp(cone.center[j]! + h);
  }
}

/** Compiles the model once; the result encloses E, grad E, hess E over any cone (not re-entrant). */
export function compileConeEnclosure(model: EnergyModel): ConeEnclosure {
  const d = model.dim;
  switch (model.kind) {
    case 'mlp': {
      const net = compileNetworkEnclosure(d, model.layers);
      const first = model.layers[0]!;
      const z = { lo: new Float64Array(first.outDim), hi: new Float64Array(first.outDim) };
      const unused = new Float64Array(d);
      return (cone, out) => {
        for (let k = 0; k < first.outDim; k++) [z.lo[k], z.hi[k]] = affineOverCone(first.weight, k * first.inDim, first.bias[k]!, cone);
        net(unused, unused, out, z);
      };
    }
    case 'sum': {
      const parts = model.terms.map((t) => {
        if (t.model.dim !== d) throw new Error(`sum model: a term has dimension ${t.model.dim}, expected ${d}`);
        if (!Number.isFinite(t.weight)) throw new Error(`sum model: weight ${t.weight} is not finite`);
        return { weight: t.weight, fn: compileConeEnclosure(t.model), scratch: createFlatEnclosure(d) };
      });
      return (cone, out) => {
        out.valueLo = 0; out.valueHi = 0;
        out.gradLo.fill(0); out.gradHi.fill(0); out.hessLo.fill(0); out.hessHi.fill(0);
        for (const p of parts) {
          if (p.weight === 0) continue;
          const e = p.scratch, w = p.weight;
          p.fn(cone, e);
          out.valueLo = roundDown(out.valueLo + scaleLo(w, e.valueLo, e.valueHi));
          out.valueHi = roundUp(out.valueHi + scaleHi(w, e.valueLo, e.valueHi));
          for (let a = 0; a < d; a++) {
            out.gradLo[a] = roundDown(out.gradLo[a]! + scaleLo(w, e.gradLo[a]!, e.gradHi[a]!));
            out.gradHi[a] = roundUp(out.gradHi[a]! + scaleHi(w, e.gradLo[a]!, e.gradHi[a]!));
          }
          for (let t = 0; t < out.hessLo.length; t++) {
            out.hessLo[t] = roundDown(out.hessLo[t]! + scaleLo(w, e.hessLo[t]!, e.hessHi[t]!));
            out.hessHi[t] = roundUp(out.hessHi[t]! + scaleHi(w, e.hessLo[t]!, e.hessHi[t]!));
          }
        }
      };
    }
    default: {
      const enc = compileModelEnclosure(model);
      const lo = new Float64Array(d), hi = new Float64Array(d);
      return (cone, out) => {
        coneBoundingBox(cone, lo, hi);
        enc.encloseFlat(lo, hi, out);
      };
    }
  }
}
