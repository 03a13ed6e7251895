// A certified Lipschitz constant M of hess f (f = E / T) over all of R^d, in the operator norm:
//   ||hess f(x) - hess f(y)||_op <= M |x - y|  (proofs/stopping-kl-hessian-lipschitz.md, section 2).
// The cover is the tensor grid of per-axis breakpoints with unbounded end cells, so it covers R^d
// by construction (nothing to check); each cell's third-derivative enclosure gives a Frobenius bound,
// and M is the largest, divided by T, everything rounded up.
import { abs, add, div, point, sqr, sqrt, ZERO, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { thirdDerivativeEnclosure } from '../thirdDerivative.js';
import { validTemperature, type CheckOutcome } from './common.js';

/** More cells than this is refused (the check must stay cheap enough to replay). */
export const MAX_HESSIAN_LIPSCHITZ_CELLS = 4096;

export interface HessianLipschitzBound {
  /** M: an upper bound of sup_z ||D^3 f(z)||_F over R^d. */
  readonly upper: number;
}

/** Why the breakpoints are not a usable grid, or null. */
function badBreaks(breaks: readonly (readonly number[])[], dim: number): string | null {
  if (!Array.isArray(breaks) || breaks.length !== dim) return `hessian-lipschitz: expected ${dim} breakpoint lists, got ${Array.isArray(breaks) ? breaks.length : typeof breaks}`;
  let cells = 1;
  for (let i = 0; i < dim; i++) {
    const b = breaks[i]!;
    if (!Array.isArray(b)) return `hessian-lipschitz: breakpoints of axis ${i} are not a list`;
    for (let j = 0; j < b.length; j++) {
      if (typeof b[j] !== 'number' || !Number.isFinite(b[j])) return `hessian-lipschitz: breakpoint ${j} of axis ${i} is not a finite number`;
      if (j > 0 && !(b[j]! > b[j - 1]!)) return `hessian-lipschitz: breakpoints of axis ${i} are not strictly increasing`;
    }
    cells *= b.length + 1;
    if (cells > MAX_HESSIAN_LIPSCHITZ_CELLS) return `hessian-lipschitz: more than ${MAX_HESSIAN_LIPSCHITZ_CELLS} cells`;
  }
  return null;
}

/** Encloses ||T||_F for the symmetric d x d x d array of enclosures T (every entry counted). */
export function frobeniusEnclosure(t: readonly (readonly (readonly Interval[])[])[]): Interval {
  let s: Interval = ZERO;
  for (const plane of t) for (const row of plane) for (const e of row) s = add(s, sqr(abs(e)));
  return sqrt(s);
}

/**
 * M >= sup over R^d of ||D^3 f||_F, from the cells of the grid whose axis i is cut at breaks[i]
 * (cells (-inf, b_0], [b_0, b_1], ..., [b_last, inf)). Refused when any cell's enclosure is not finite.
 */
export function checkHessianLipschitz(model: EnergyModel, temperature: number, breaks: readonly (readonly number[])[]): CheckOutcome<HessianLipschitzBound> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `hessian-lipschitz: ${badT}` };
  const bad = badBreaks(breaks, model.dim);
  if (bad) return { ok: false, reason: bad };
  const d = model.dim;
  const axes: Interval[][] = breaks.map((b) => {
    const ends = [-Infinity, ...b, Infinity];
    return ends.slice(1).map((hi, j) => ({ lo: ends[j]!, hi }));
  });
  const index = new Array<number>(d).fill(0);
  let worst = 0;
  for (;;) {
    const box = index.map((j, i) => axes[i]![j]!);
    let norm: number;
    try {
      norm = div(frobeniusEnclosure(thirdDerivativeEnclosure(model, box)), point(temperature)).hi;
    } catch (e) {
      // a model without third derivatives (relu, expressions today) or a non-finite enclosure
      return { ok: false, reason: `hessian-lipschitz: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!(norm < Infinity)) return { ok: false, reason: `hessian-lipschitz: the third derivatives are not bounded on the cell [${box.map((c) => `[${c.lo}, ${c.hi}]`).join(', ')}]` };
    worst = Math.max(worst, norm);
    let i = 0;
    while (i < d && ++index[i]! === axes[i]!.length) index[i++] = 0;
    if (i === d) break;
  }
  return { ok: true, value: { upper: worst } };
}
