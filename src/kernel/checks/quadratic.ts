// "f is exactly quadratic": the Hessian enclosure of E over all of R^d is a single finite matrix
// (every entry a point interval), so hess E is constant and E is a quadratic polynomial. The
// stopping routes may then use ULA's closed-form Gaussian law. Returned in f-units (divided by T).
import { point, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { encloseModel } from '../enclosure.js';
import { enclosePotential, tryEnclose } from './common.js';

export interface ExactQuadratic {
  readonly hessian: Interval[][];
  readonly gradientAtOrigin: Interval[];
}

export function checkExactQuadratic(model: EnergyModel, temperature: number): ExactQuadratic | null {
  const whole: Interval[] = Array.from({ length: model.dim }, () => ({ lo: -Infinity, hi: Infinity }));
  const h = tryEnclose(() => encloseModel(model, whole).hessian);
  if (!h) return null;
  if (!h.every((row) => row.every((x) => x.lo === x.hi && Number.isFinite(x.lo)))) return null;
  const origin = Array.from({ length: model.dim }, () => point(0));
  const f = tryEnclose(() => enclosePotential(model, temperature, origin));
  if (!f) return null;
  if (!f.gradient.every((g) => Number.isFinite(g.lo) && Number.isFinite(g.hi))) return null;
  return { hessian: f.hessian, gradientAtOrigin: f.gradient };
}
