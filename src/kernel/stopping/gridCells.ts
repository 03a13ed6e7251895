// Per-cell facts about f = E / T on the grid of the grid-propagation route
// (proofs/stopping-grid-propagation.md): the interval Hessian of f on each cell (for the per-cell
// lemma), and for pi = exp(-f) / Z the value and gradient of exp(-(f - shift)) at the cell centre and
// an upper bound of the Frobenius norm of its Hessian exp(-(f - shift)) (grad f grad f' - hess f) over
// the cell. Cell edges a + j w are exact doubles (gridPropagation.ts checks the grid).
import { div, exp, mul, neg, point, sqr, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { compileModelEnclosure } from '../enclosure.js';
import { createFlatEnclosure, triIndex } from '../network.js';
import { addHi, mulHi, nextUp } from '../rounding.js';

export interface GridAxis {
  readonly origin: number;
  readonly width: number;
  readonly cells: number;
}

export interface CellFacts {
  /** Hessian of f on each cell: entries (0,0), (0,1), (1,1) as lo/hi (d = 1: only (0,0)). */
  readonly hLo: Float64Array;
  readonly hHi: Float64Array;
  /** exp(-(f - shift)) at the centre and its gradient (lo/hi), per cell. */
  readonly eLo: Float64Array;
  readonly eHi: Float64Array;
  readonly gLo: Float64Array;
  readonly gHi: Float64Array;
  /** Upper bound of ||hess exp(-(f - shift))||_F over the cell. */
  readonly hessE: Float64Array;
  readonly shift: number;
}

function hullOf(lo: number, hi: number): Interval {
  return { lo: Number.isNaN(lo) ? -Infinity : lo, hi: Number.isNaN(hi) ? Infinity : hi };
}

function absHi(x: Interval): number {
  return Math.max(Math.abs(x.lo), Math.abs(x.hi));
}

/** The facts for every cell of the grid (axes.length = d = 1 or 2), cell index j1 * n2 + j2. */
export function cellFacts(model: EnergyModel, temperature: number, axes: readonly GridAxis[]): CellFacts {
  const d = axes.length;
  const n1 = axes[0]!.cells, n2 = d === 2 ? axes[1]!.cells : 1;
  const count = n1 * n2;
  const compiled = compileModelEnclosure(model);
  const out = createFlatEnclosure(d);
  const lo = new Float64Array(d), hi = new Float64Array(d);
  const t = point(temperature);
  const nh = d === 2 ? 3 : 1;
  const hLo = new Float64Array(count * nh), hHi = new Float64Array(count * nh);
  const fcLo = new Float64Array(count), fcHi = new Float64Array(count);
  const gcLo = new Float64Array(count * d), gcHi = new Float64Array(count * d);
  const fbLo = new Float64Array(count), fbHi = new Float64Array(count);
  const gbLo = new Float64Array(count * d), gbHi = new Float64Array(count * d);
  // f = E / T and grad f enclosed from the last encloseFlat (on a cell or at its centre), stored at c.
  const storeValueGradient = (c: number, fLo: Float64Array, fHi: Float64Array, gLo: Float64Array, gHi: Float64Array): void => {
    const f = div(hullOf(out.valueLo, out.valueHi), t);
    fLo[c] = f.lo; fHi[c] = f.hi;
    for (let i = 0; i < d; i++) {
      const g = div(hullOf(out.gradLo[i]!, out.gradHi[i]!), t);
      gLo[c * d + i] = g.lo; gHi[c * d + i] = g.hi;
    }
  };
  let shift = Infinity;
  for (let c = 0; c < count; c++) {
    const j = d === 2 ? [Math.floor(c / n2), c % n2] : [c];
    for (let i = 0; i < d; i++) {
      const a = axes[i]!;
      lo[i] = a.origin + j[i]! * a.width;
      hi[i] = a.origin + (j[i]! + 1) * a.width;
    }
    compiled.encloseFlat(lo, hi, out);
    storeValueGradient(c, fbLo, fbHi, gbLo, gbHi);
    for (let e = 0; e < nh; e++) {
      const [a, b] = e === 0 ? [0, 0] : e === 1 ? [0, 1] : [1, 1];
      const k = triIndex(d, a, b);
      const hI = div(hullOf(out.hessLo[k]!, out.hessHi[k]!), t);
      hLo[c * nh + e] = hI.lo; hHi[c * nh + e] = hI.hi;
    }
    // The centre a + (j + 1/2) w is exact (the grid check makes every half-cell point a double).
    for (let i = 0; i < d; i++) lo[i] = hi[i] = axes[i]!.origin + (j[i]! + 0.5) * axes[i]!.width;
    compiled.encloseFlat(lo, hi, out);
    storeValueGradient(c, fcLo, fcHi, gcLo, gcHi);
    if (fcLo[c]! < shift) shift = fcLo[c]!;
  }
  if (!Number.isFinite(shift)) shift = 0;
  const eLo = new Float64Array(count), eHi = new Float64Array(count);
  const gLo = new Float64Array(count * d), gHi = new Float64Array(count * d);
  const hessE = new Float64Array(count);
  const sh = point(shift);
  for (let c = 0; c < count; c++) {
    const ec = exp(neg(sub({ lo: fcLo[c]!, hi: fcHi[c]! }, sh)));
    eLo[c] = ec.lo; eHi[c] = ec.hi;
    for (let i = 0; i < d; i++) {
      const g = neg(mul({ lo: gcLo[c * d + i]!, hi: gcHi[c * d + i]! }, ec));
      gLo[c * d + i] = g.lo; gHi[c * d + i] = g.hi;
    }
    // hess exp(-f) = exp(-f) (grad f grad f' - hess f) over the cell.
    const eb = exp(neg(sub({ lo: fbLo[c]!, hi: fbHi[c]! }, sh)));
    const g0: Interval = { lo: gbLo[c * d]!, hi: gbHi[c * d]! };
    const h00: Interval = { lo: hLo[c * nh]!, hi: hHi[c * nh]! };
    let frob = 0;
    const e00 = absHi(mul(eb, sub(sqr(g0), h00)));
    frob = addHi(frob, mulHi(e00, e00));
    if (d === 2) {
      const g1: Interval = { lo: gbLo[c * d + 1]!, hi: gbHi[c * d + 1]! };
      const h01: Interval = { lo: hLo[c * nh + 1]!, hi: hHi[c * nh + 1]! };
      const h11: Interval = { lo: hLo[c * nh + 2]!, hi: hHi[c * nh + 2]! };
      const e01 = absHi(mul(eb, sub(mul(g0, g1), h01)));
      const e11 = absHi(mul(eb, sub(sqr(g1), h11)));
      frob = addHi(frob, addHi(mulHi(2, mulHi(e01, e01)), mulHi(e11, e11)));
    }
    hessE[c] = Number.isNaN(frob) ? Infinity : nextUp(Math.sqrt(frob));
  }
  return { hLo, hHi, eLo, eHi, gLo, gHi, hessE, shift };
}
