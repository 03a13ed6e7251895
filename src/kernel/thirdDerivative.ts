// Enclosures of the third derivatives d^3E/dx_a dx_b dx_c over a box (proofs/enclosures.md, 2c):
// networks by the third-order forward mode, quadratics exactly (zero), sums term by term.
// Expressions have no third-order enclosure yet: they are refused with a clear message.
import type { Interval } from './interval.js';
import type { EnergyModel } from './model.js';
import { assertBox, type Box } from './box.js';
import { compileNetworkEnclosure, createThirdOrderEnclosure, tri3Count, tri3Index } from './network.js';
import { roundDown, roundUp, scaleHi, scaleLo } from './networkRounding.js';

/** Full symmetric d x d x d array of enclosures: [a][b][c] contains d^3E/dx_a dx_b dx_c at every x in the box. */
export function thirdDerivativeEnclosure(model: EnergyModel, box: Box): Interval[][][] {
  if (box.length !== model.dim) throw new Error(`thirdDerivativeEnclosure: box has ${box.length} coordinates, the model has ${model.dim}`);
  assertBox(box);
  const d = model.dim;
  const lo = new Float64Array(tri3Count(d)), hi = new Float64Array(tri3Count(d));
  accumulate(model, 1, Float64Array.from(box, (c) => c.lo), Float64Array.from(box, (c) => c.hi), lo, hi);
  return Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => Array.from({ length: d }, (_, c) => {
    const u = tri3Index(d, a, b, c);
    return { lo: lo[u]!, hi: hi[u]! };
  })));
}

/** Adds weight * (the model's third derivative enclosure) into [lo, hi] (outward). */
function accumulate(model: EnergyModel, weight: number, boxLo: Float64Array, boxHi: Float64Array, lo: Float64Array, hi: Float64Array): void {
  switch (model.kind) {
    case 'quadratic': return; // a quadratic's third derivatives are exactly 0
    case 'sum':
      for (const t of model.terms) if (t.weight !== 0) accumulate(t.model, exactProduct(weight, t.weight), boxLo, boxHi, lo, hi);
      return;
    case 'mlp': {
      if (model.layers.some((l) => l.activation === 'relu')) throw new Error('thirdDerivativeEnclosure: relu networks are not three times differentiable');
      const e = createThirdOrderEnclosure(model.dim);
      compileNetworkEnclosure(model.dim, model.layers, { thirdOrder: true })(boxLo, boxHi, e);
      for (let u = 0; u < lo.length; u++) {
        lo[u] = roundDown(lo[u]! + scaleLo(weight, e.thirdLo[u]!, e.thirdHi[u]!));
        hi[u] = roundUp(hi[u]! + scaleHi(weight, e.thirdLo[u]!, e.thirdHi[u]!));
      }
      return;
    }
    case 'expression':
      throw new Error('thirdDerivativeEnclosure: expression energies have no third-derivative enclosure yet');
  }
}

/** Weights of nested sums multiply; kept exact by allowing only a factor 1 (every shipped sum is one level). */
function exactProduct(a: number, b: number): number {
  if (a === 1) return b;
  if (b === 1) return a;
  throw new Error('thirdDerivativeEnclosure: nested sums with weights other than 1 on both levels are not supported');
}
