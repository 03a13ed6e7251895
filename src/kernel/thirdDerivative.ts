// Enclosures of the third derivatives d^3E/dx_a dx_b dx_c over a box (proofs/enclosures.md, 2c
// and 8): networks and expressions by third-order forward mode, quadratics exactly (zero), sums
// term by term. Unbounded boxes are allowed; an entry is infinite where no finite bound is found.
import { add, scale, type Interval } from './intervalCore.js';
import { compileExpressionThird } from './expression.js';
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
    case 'expression': {
      const t = expressionThird(model.source, model.dim)(Array.from(boxLo, (l, i) => ({ lo: l, hi: boxHi[i]! })));
      // Interval add and scale round only where the result is inexact (a weight 1 term added to 0 is exact).
      for (let u = 0; u < lo.length; u++) {
        const sum = add({ lo: lo[u]!, hi: hi[u]! }, scale(t[u]!, weight));
        lo[u] = sum.lo;
        hi[u] = sum.hi;
      }
      return;
    }
  }
}

// Compiled expressions by dimension and source (a cover asks for thousands of boxes of one model).
const COMPILED = new Map<string, (box: readonly Interval[]) => Interval[]>();

function expressionThird(source: string, dim: number): (box: readonly Interval[]) => Interval[] {
  const key = `${dim}:${source}`;
  let f = COMPILED.get(key);
  if (f === undefined) {
    if (COMPILED.size >= 64) COMPILED.clear();
    f = compileExpressionThird(source, dim);
    COMPILED.set(key, f);
  }
  return f;
}

/** Weights of nested sums multiply; kept exact by allowing only a factor 1 (every shipped sum is one level). */
function exactProduct(a: number, b: number): number {
  if (a === 1) return b;
  if (b === 1) return a;
  throw new Error('thirdDerivativeEnclosure: nested sums with weights other than 1 on both levels are not supported');
}
