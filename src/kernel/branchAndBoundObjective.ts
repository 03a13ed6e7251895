// Scalars that branch and bound can bound over a box, each derived from the model's enclosure.
// With a temperature T the scalar is one of the potential f = E / T (1/T enclosed outward).
import type { Interval } from './interval.js';
import { createFlatEnclosure, triIndex, type FlatEnclosure } from './network.js';
import { mulHi, mulLo, roundDown, roundUp, sqrHi, sqrLo } from './networkRounding.js';
import { reciprocalTemperature, type CompiledEnclosure } from './enclosure.js';
import { symmetricEigenBounds } from './eigen.js';

export type Objective =
  | { readonly kind: 'value' }
  | { readonly kind: 'gradient'; readonly index: number }
  | { readonly kind: 'hessian'; readonly row: number; readonly col: number }
  /** Smallest / largest eigenvalue of the Hessian. */
  | { readonly kind: 'lambdaMin' }
  | { readonly kind: 'lambdaMax' }
  /** lap f - |grad f|^2: along the gradient flow x' = -grad f, d/dt KL(rho || pi) = E_rho[lap f - |grad f|^2]. */
  | { readonly kind: 'laplacianMinusGradNormSq' };

/** A sound enclosure of one scalar over the box [boxLo, boxHi] (a point when boxLo = boxHi). */
export type ScalarEnclosure = (boxLo: Float64Array, boxHi: Float64Array) => Interval;

export function describeObjective(o: Objective): string {
  switch (o.kind) {
    case 'gradient': return `gradient[${o.index}]`;
    case 'hessian': return `hessian[${o.row}][${o.col}]`;
    default: return o.kind;
  }
}

/**
 * The scalar `objective` of f = E / T (T = 1 when omitted) as a ScalarEnclosure over `compiled`;
 * T may be an interval (a decimal temperature enclosed outward), f is then enclosed for all T in it.
 */
export function objectiveEnclosure(compiled: CompiledEnclosure, objective: Objective, temperature: number | Interval = 1): ScalarEnclosure {
  const d = compiled.dim;
  const inv = reciprocalTemperature(temperature);
  const unit = typeof temperature === 'number' ? temperature === 1 : temperature.lo === 1 && temperature.hi === 1;
  const checkIndex = (i: number, what: string): void => {
    if (!Number.isInteger(i) || i < 0 || i >= d) throw new Error(`objective ${describeObjective(objective)}: ${what} ${i} is out of range 0..${d - 1}`);
  };
  if (objective.kind === 'gradient') checkIndex(objective.index, 'index');
  if (objective.kind === 'hessian') { checkIndex(objective.row, 'row'); checkIndex(objective.col, 'col'); }
  const e: FlatEnclosure = createFlatEnclosure(d);
  const scaled = (lo: number, hi: number): Interval =>
    unit ? { lo, hi } : { lo: mulLo(inv.lo, inv.hi, lo, hi), hi: mulHi(inv.lo, inv.hi, lo, hi) };
  const hessianMatrix = (): Interval[][] =>
    Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => scaled(e.hessLo[triIndex(d, a, b)]!, e.hessHi[triIndex(d, a, b)]!)));
  // Every objective, the value included, uses encloseFlatTaylorFirst: for networks its Taylor models are
  // both tighter and cheaper than encloseFlatFirstOrder (bench/bounds.ts, value to 10%: 3,202 boxes and
  // 8.2 CPU s against 5,823 and 17.9).
  return (boxLo, boxHi) => {
    compiled.encloseFlatTaylorFirst(boxLo, boxHi, e);
    switch (objective.kind) {
      case 'value': return scaled(e.valueLo, e.valueHi);
      case 'gradient': return scaled(e.gradLo[objective.index]!, e.gradHi[objective.index]!);
      case 'hessian': {
        const t = triIndex(d, objective.row, objective.col);
        return scaled(e.hessLo[t]!, e.hessHi[t]!);
      }
      case 'lambdaMin': return symmetricEigenBounds(hessianMatrix()).min;
      case 'lambdaMax': return symmetricEigenBounds(hessianMatrix()).max;
      case 'laplacianMinusGradNormSq': {
        // lap f = lap E / T; |grad f|^2 = |grad E|^2 / T^2.
        let lapLo = 0, lapHi = 0, g2Lo = 0, g2Hi = 0;
        for (let a = 0; a < d; a++) {
          const t = triIndex(d, a, a);
          lapLo = roundDown(lapLo + e.hessLo[t]!); lapHi = roundUp(lapHi + e.hessHi[t]!);
          g2Lo = roundDown(g2Lo + sqrLo(e.gradLo[a]!, e.gradHi[a]!)); g2Hi = roundUp(g2Hi + sqrHi(e.gradLo[a]!, e.gradHi[a]!));
        }
        const lap = scaled(lapLo, lapHi);
        const g2 = unit ? { lo: g2Lo, hi: g2Hi } : scaledTwice(inv, g2Lo, g2Hi);
        return { lo: roundDown(lap.lo - g2.hi), hi: roundUp(lap.hi - g2.lo) };
      }
    }
  };
}

function scaledTwice(inv: Interval, lo: number, hi: number): Interval {
  const inv2Lo = sqrLo(inv.lo, inv.hi), inv2Hi = sqrHi(inv.lo, inv.hi);
  return { lo: mulLo(inv2Lo, inv2Hi, lo, hi), hi: mulHi(inv2Lo, inv2Hi, lo, hi) };
}
