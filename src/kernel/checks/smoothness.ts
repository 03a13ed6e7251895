// Hypothesis "grad f is L-Lipschitz on R^d": L >= sup_x max |eig(hess f(x))|, f = E / T.
// Evidence: boxes covering R^d (leaves of a bounding box plus unbounded outer boxes). On each box
// the Hessian enclosure's eigenvalue bounds give max(lambda_max.hi, -lambda_min.lo); the largest
// over the cover is an upper bound on the spectral norm everywhere (proofs/lyapunov.md, part 2).
// With a far field, the boxes cover only a cube and cones cover the rest (proofs/far-field.md).
import type { EnergyModel } from '../model.js';
import { symmetricEigenBounds } from '../eigen.js';
import { checkCoversSpace, type Box } from './cover.js';
import { checkFarFieldCover, type FarField } from './farField.js';
import { coneSpectralRadius } from './coneSmoothness.js';
import { nonSmoothPart } from './smoothModel.js';
import { curvatureEigenBounds, encloseCurvature } from '../curvature.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from './common.js';

export interface SmoothnessBound {
  /** Upper bound on sup |eig(hess f)| over R^d; Infinity when some box has an unbounded Hessian. */
  readonly upper: number;
  /** Index of the box attaining it (boxes first, then the far field's patches). */
  readonly worstBox: number;
}

/** Boxes covering R^d, or (with farField) the cube |x - c|_inf <= R, the cones covering the rest. */
export function checkSmoothness(model: EnergyModel, temperature: number, boxes: readonly Box[], farField?: FarField): CheckOutcome<SmoothnessBound> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `smoothness: ${badT}` };
  const rough = nonSmoothPart(model);
  if (rough) return { ok: false, reason: `smoothness: ${rough}` };
  const cover = farField === undefined ? checkCoversSpace(boxes, model.dim) : checkFarFieldCover(boxes, farField, model.dim);
  if (!cover.ok) return { ok: false, reason: `smoothness: ${cover.reason}` };
  let upper = 0;
  let worstBox = 0;
  for (let k = 0; k < boxes.length; k++) {
    const b = boxSpectralRadius(model, temperature, boxes[k]!);
    if (b > upper) {
      upper = b;
      worstBox = k;
    }
  }
  const patches = farField?.patches ?? [];
  for (let k = 0; k < patches.length; k++) {
    const b = coneSpectralRadius(model, temperature, farField!, patches[k]!);
    if (b > upper) {
      upper = b;
      worstBox = boxes.length + k;
    }
  }
  return { ok: true, value: { upper, worstBox } };
}

/** Upper bound on max |eig(hess f)| over one box (Infinity when unbounded or undefined). */
export function boxSpectralRadius(model: EnergyModel, temperature: number, box: Box): number {
  return Math.min(plainSpectralRadius(model, temperature, box), structuredSpectralRadius(model, temperature, box));
}

/** The same bound from the curvature form (kernel/curvature.ts); Infinity when unavailable. */
function structuredSpectralRadius(model: EnergyModel, temperature: number, box: Box): number {
  const b = tryEnclose(() => {
    const c = encloseCurvature(model, box);
    return c === null ? undefined : curvatureEigenBounds(c, temperature);
  });
  if (b === undefined) return Infinity;
  const r = Math.max(b.maxHi, -b.minLo);
  return Number.isNaN(r) ? Infinity : r;
}

function plainSpectralRadius(model: EnergyModel, temperature: number, box: Box): number {
  const h = tryEnclose(() => enclosePotential(model, temperature, box).hessian);
  if (!h) return Infinity;
  // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
  if (h.some((row) => row.some(hasNaN))) return Infinity;
  // An enclosure the eigenvalue bounds cannot use proves nothing.
  const eig = tryEnclose(() => symmetricEigenBounds(h));
  // Stryker disable next-line all: defensive, symmetricEigenBounds throws only on NaN entries (excluded above) or an internal inconsistency
  if (!eig) return Infinity;
  const r = Math.max(eig.max.hi, -eig.min.lo);
  return Number.isNaN(r) ? Infinity : r;
}
