// Enclosure of E and grad E (no Hessian) at one point, for the centre of the first-order box
// bounds (boxIntegral.ts). The same forward-mode interval propagation as the network enclosure
// (proofs/enclosures.md, section 2: z = W h + b and h' = act(z), J' = act'(z) W J, every sum and
// product rounded outward), restricted to the value and the Jacobian: at a point the first layer's
// inputs are exact, and skipping the Hessian and the affine forms makes it about three times
// cheaper than the full enclosure for a 2 -> 64 -> 64 -> 1 network. Terms that are not networks use
// the full enclosure at the point box (cheap for them).
import { activationFirstOrder } from '../activations.js';
import { sigmoidRanges, tanhRanges } from '../networkActivations.js';
import type { Interval } from '../interval.js';
import type { EnergyModel, MlpLayer } from '../model.js';
import { mulHi, mulLo, roundDown, roundUp, scaleHi, scaleLo } from '../networkRounding.js';
import { compileModelEnclosure } from '../enclosure.js';
import { createFlatEnclosure, validateMlpLayers } from '../network.js';
import { flattenSum } from '../checks/sumModel.js';

export interface PointValueGradient {
  valueLo: number;
  valueHi: number;
  readonly gradLo: Float64Array;
  readonly gradHi: Float64Array;
}

export type PointFn = (x: Float64Array, out: PointValueGradient) => void;

export function createPointValueGradient(d: number): PointValueGradient {
  return { valueLo: 0, valueHi: 0, gradLo: new Float64Array(d), gradHi: new Float64Array(d) };
}

/** act and act' on [zlo, zhi]. */
function firstOrder(act: MlpLayer['activation'], zlo: number, zhi: number): { value: Interval; d1: Interval } {
  if (act === 'tanh') return tanhRanges(zlo, zhi);
  if (act === 'sigmoid') return sigmoidRanges(zlo, zhi);
  return activationFirstOrder(act, { lo: zlo, hi: zhi });
}

function mlpPoint(dim: number, layers: readonly MlpLayer[]): PointFn {
  validateMlpLayers(dim, layers);
  const d = dim;
  const maxWidth = Math.max(d, ...layers.map((l) => l.outDim));
  let hLo = new Float64Array(maxWidth), hHi = new Float64Array(maxWidth);
  let jLo = new Float64Array(maxWidth * d), jHi = new Float64Array(maxWidth * d);
  let hLo2 = new Float64Array(maxWidth), hHi2 = new Float64Array(maxWidth);
  let jLo2 = new Float64Array(maxWidth * d), jHi2 = new Float64Array(maxWidth * d);
  return (x, out) => {
    for (let a = 0; a < d; a++) { hLo[a] = x[a]!; hHi[a] = x[a]!; }
    for (let li = 0; li < layers.length; li++) {
      const { inDim, outDim, weight: W, bias, activation } = layers[li]!;
      const first = li === 0;
      for (let k = 0; k < outDim; k++) {
        const row = k * inDim;
        let zlo = bias[k]!, zhi = bias[k]!;
        for (let j = 0; j < inDim; j++) {
          const w = W[row + j]!;
          if (w === 0) continue;
          zlo = roundDown(zlo + scaleLo(w, hLo[j]!, hHi[j]!));
          zhi = roundUp(zhi + scaleHi(w, hLo[j]!, hHi[j]!));
        }
        const jo = k * d;
        // Jz_k = W_k J (the first layer's J is the identity: Jz_k = W_k exactly).
        for (let a = 0; a < d; a++) {
          if (first) { jLo2[jo + a] = W[row + a]!; jHi2[jo + a] = W[row + a]!; continue; }
          let lo = 0, hi = 0;
          for (let j = 0; j < inDim; j++) {
            const w = W[row + j]!;
            if (w === 0) continue;
            lo = roundDown(lo + scaleLo(w, jLo[j * d + a]!, jHi[j * d + a]!));
            hi = roundUp(hi + scaleHi(w, jLo[j * d + a]!, jHi[j * d + a]!));
          }
          jLo2[jo + a] = lo; jHi2[jo + a] = hi;
        }
        if (activation === 'identity') { hLo2[k] = zlo; hHi2[k] = zhi; continue; }
        const r = firstOrder(activation, zlo, zhi);
        hLo2[k] = r.value.lo; hHi2[k] = r.value.hi;
        for (let a = 0; a < d; a++) {
          const alo = jLo2[jo + a]!, ahi = jHi2[jo + a]!;
          jLo2[jo + a] = mulLo(r.d1.lo, r.d1.hi, alo, ahi);
          jHi2[jo + a] = mulHi(r.d1.lo, r.d1.hi, alo, ahi);
        }
      }
      [hLo, hLo2] = [hLo2, hLo]; [hHi, hHi2] = [hHi2, hHi];
      [jLo, jLo2] = [jLo2, jLo]; [jHi, jHi2] = [jHi2, jHi];
    }
    out.valueLo = hLo[0]!; out.valueHi = hHi[0]!;
    for (let a = 0; a < d; a++) { out.gradLo[a] = jLo[a]!; out.gradHi[a] = jHi[a]!; }
  };
}

/** The full enclosure at the point box, value and gradient kept. */
function fullPoint(model: EnergyModel): PointFn {
  const c = compileModelEnclosure(model);
  const scratch = createFlatEnclosure(model.dim);
  return (x, out) => {
    c.encloseFlatDirect(x, x, scratch);
    out.valueLo = scratch.valueLo; out.valueHi = scratch.valueHi;
    out.gradLo.set(scratch.gradLo); out.gradHi.set(scratch.gradHi);
  };
}

/** Value and gradient of E at a point, enclosed; sums are combined as in enclosure.ts (w * [lo, hi] outward). */
export function compilePointValueGradient(model: EnergyModel): PointFn {
  if (model.kind === 'mlp') return mlpPoint(model.dim, model.layers);
  if (model.kind !== 'sum') return fullPoint(model);
  const d = model.dim;
  const parts = flattenSum(model).map((t) => ({ weight: t.weight, fn: compilePointValueGradient(t.model), scratch: createPointValueGradient(d) }));
  return (x, out) => {
    out.valueLo = 0; out.valueHi = 0; out.gradLo.fill(0); out.gradHi.fill(0);
    for (const p of parts) {
      const w = p.weight;
      if (w === 0) continue;
      const e = p.scratch;
      p.fn(x, e);
      out.valueLo = roundDown(out.valueLo + scaleLo(w, e.valueLo, e.valueHi));
      out.valueHi = roundUp(out.valueHi + scaleHi(w, e.valueLo, e.valueHi));
      for (let a = 0; a < d; a++) {
        out.gradLo[a] = roundDown(out.gradLo[a]! + scaleLo(w, e.gradLo[a]!, e.gradHi[a]!));
        out.gradHi[a] = roundUp(out.gradHi[a]! + scaleHi(w, e.gradLo[a]!, e.gradHi[a]!));
      }
    }
  };
}
