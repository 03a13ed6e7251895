// Upper bound on max |eig(hess f)|, f = E / T, over one far-field cone { c + r u : r >= R, u in P }
// (proofs/far-field.md, section 2): the cone enclosure of hess E (networkFarField.ts), divided by T
// in interval arithmetic, through the eigenvalue bounds of an interval matrix.
import type { EnergyModel } from '../model.js';
import { div, point } from '../interval.js';
import { symmetricEigenBounds } from '../eigen.js';
import { flatToEnclosure } from '../enclosure.js';
import { createFlatEnclosure } from '../network.js';
import { compileConeEnclosure, type ConeEnclosure } from '../networkFarField.js';
import { hasNaN, tryEnclose } from './common.js';
import type { Box } from './cover.js';
import type { FarField } from './farField.js';

const compiled = new WeakMap<EnergyModel, ConeEnclosure>();

/** Infinity when the enclosure is unbounded, undefined or throws (then the cone proves nothing). */
export function coneSpectralRadius(model: EnergyModel, temperature: number, farField: FarField, patch: Box): number {
  const r = tryEnclose(() => {
    let enclose = compiled.get(model);
    if (!enclose) { enclose = compileConeEnclosure(model); compiled.set(model, enclose); }
    const d = model.dim;
    const out = createFlatEnclosure(d);
    enclose({ center: Float64Array.from(farField.center), radius: farField.radius, uLo: Float64Array.from(patch, (c) => c.lo), uHi: Float64Array.from(patch, (c) => c.hi) }, out);
    const t = point(temperature);
    const h = flatToEnclosure(d, out).hessian.map((row) => row.map((x) => div(x, t)));
    // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
    if (h.some((row) => row.some(hasNaN))) return Infinity;
    const eig = symmetricEigenBounds(h);
    return Math.max(eig.max.hi, -eig.min.lo);
  });
  if (r === undefined) return Infinity;
  // Stryker disable next-line all: defensive, as above
  return Number.isNaN(r) ? Infinity : r;
}
