// Hypothesis "pi satisfies LSI(alpha)" via f = U + W (proofs/lsi-decomposition.md):
//   hess U >= m I on R^d (Bakry-Emery gives LSI(m) for exp(-U)), osc W <= o (Holley-Stroock),
//   so alpha >= m exp(-o). W is given in E-units (W_E, possibly absent); U := (E - W_E) / T is
//   formed structurally with exact cancellation, so f = U + W holds by construction.
// Evidence: boxes covering R^d; on each, a lower bound on lambda_min(hess U) and the range of W.
import { exp, mul, neg, point, sub, div, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { symmetricEigenBounds } from '../eigen.js';
import { checkCoversSpace, type Box } from './cover.js';
import { differenceModel } from './sumModel.js';
import { nonSmoothPart } from './smoothModel.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from './common.js';
import { encloseModel } from '../enclosure.js';
import { curvatureEigenBounds, encloseCurvature } from '../curvature.js';

export interface LsiBound {
  /** Lower bound on lambda_min(hess U) over R^d (may be <= 0: then no LSI follows). */
  readonly m: number;
  /** Upper bound on osc W = sup W - inf W (0 without W). */
  readonly osc: number;
  /** Lower bounds on inf W and upper bound on sup W (f-units). */
  readonly infW: number;
  readonly supW: number;
  /** m * exp(-osc), rounded down; 0 when m <= 0. */
  readonly alpha: number;
}

/** U_E = E - W_E as a model (E itself when there is no W). */
export function convexPart(model: EnergyModel, bounded: EnergyModel | null): EnergyModel {
  return bounded ? differenceModel(model, bounded) : model;
}

export function checkLsiDecomposition(
  model: EnergyModel,
  temperature: number,
  bounded: EnergyModel | null,
  boxes: readonly Box[],
): CheckOutcome<LsiBound> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `lsi: ${badT}` };
  if (bounded && bounded.dim !== model.dim) return { ok: false, reason: `lsi: W has dimension ${bounded.dim}, the energy ${model.dim}` };
  const rough = nonSmoothPart(model) ?? (bounded ? nonSmoothPart(bounded) : undefined);
  if (rough) return { ok: false, reason: `lsi: ${rough}` };
  const cover = checkCoversSpace(boxes, model.dim);
  if (!cover.ok) return { ok: false, reason: `lsi: ${cover.reason}` };
  const u = convexPart(model, bounded);
  let m = Infinity;
  let infW = Infinity;
  let supW = -Infinity;
  for (const box of boxes) {
    m = Math.min(m, boxMinEigenvalue(u, temperature, box));
    // Stryker disable next-line ConditionalExpression: equivalent, without W the range is reset to [0, 0] after the loop
    if (bounded) {
      const w = boxRange(bounded, temperature, box);
      infW = Math.min(infW, w.lo);
      supW = Math.max(supW, w.hi);
    }
  }
  if (!bounded) {
    infW = 0;
    supW = 0;
  }
  // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
  if (Number.isNaN(m)) m = -Infinity;
  // Stryker disable next-line LogicalOperator: equivalent, with one end infinite sup W - inf W rounds up to +inf anyway
  const osc = Number.isFinite(infW) && Number.isFinite(supW) ? sub(point(supW), point(infW)).hi : Infinity;
  return { ok: true, value: { m, osc, infW, supW, alpha: holleyStroockAlpha(m, osc) } };
}

/**
 * The LSI constant m exp(-osc W) of a decomposition with hess U >= m I and oscillation osc of W
 * (Bakry-Emery, then Holley-Stroock), rounded down; 0 when m <= 0 or osc is not finite.
 */
export function holleyStroockAlpha(m: number, osc: number): number {
  // Stryker disable next-line EqualityOperator: equivalent, m = 0 gives max(0, 0 * exp(-osc)) = 0 too
  if (!(m > 0) || !Number.isFinite(osc)) return 0;
  return Math.max(0, mul(point(Math.min(m, Number.MAX_VALUE)), exp(neg(point(osc)))).lo);
}

/** Lower bound on lambda_min(hess U / T) over a box (-Infinity when unknown). */
export function boxMinEigenvalue(u: EnergyModel, temperature: number, box: Box): number {
  return Math.max(plainMinEigenvalue(u, temperature, box), structuredMinEigenvalue(u, temperature, box));
}

function plainMinEigenvalue(u: EnergyModel, temperature: number, box: Box): number {
  const h = tryEnclose(() => enclosePotential(u, temperature, box).hessian);
  if (!h) return -Infinity;
  // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
  if (h.some((row) => row.some(hasNaN))) return -Infinity;
  // An enclosure the eigenvalue bounds cannot use proves nothing.
  const eig = tryEnclose(() => symmetricEigenBounds(h));
  // Stryker disable next-line all: defensive, symmetricEigenBounds throws only on NaN entries (excluded above) or an internal inconsistency
  if (!eig) return -Infinity;
  // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
  return Number.isNaN(eig.min.lo) ? -Infinity : eig.min.lo;
}

/** The same bound from the curvature form (kernel/curvature.ts): rank-one terms c v v^T with c >= 0
 *  cannot lower lambda_min. -Infinity when the form is unavailable or unusable. */
function structuredMinEigenvalue(u: EnergyModel, temperature: number, box: Box): number {
  const b = tryEnclose(() => {
    const c = encloseCurvature(u, box);
    // Stryker disable next-line ConditionalExpression: equivalent, curvatureEigenBounds(null) throws reading curv.rest and tryEnclose turns that into the same -Infinity
    return c === null ? undefined : curvatureEigenBounds(c, temperature);
  });
  return b === undefined ? -Infinity : b.minLo;
}

/** Enclosure of W_E / T over a box. */
export function boxRange(w: EnergyModel, temperature: number, box: Box): Interval {
  const v = tryEnclose(() => div(encloseModel(w, box as Interval[]).value, point(temperature)));
  if (!v) return { lo: -Infinity, hi: Infinity };
  // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
  return hasNaN(v) ? { lo: -Infinity, hi: Infinity } : v;
}
