// "f is exactly quadratic": the stopping kernel's structural test proves E is a polynomial of degree
// <= 2 (kernel/stopping/quadraticStructure.ts), so hess E is one constant matrix, and the enclosure of
// hess E over all of R^d (a bounded interval matrix) contains it. The stopping routes may then use
// ULA's closed-form Gaussian law. Returned in f-units (divided by T).
import { point, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { isExactlyQuadratic } from '../stopping/quadraticStructure.js';
import { enclosePotential, tryEnclose } from './common.js';

export interface ExactQuadratic {
  readonly hessian: Interval[][];
  readonly gradientAtOrigin: Interval[];
}

export function checkExactQuadratic(model: EnergyModel, temperature: number): ExactQuadratic | null {
  if (!isExactlyQuadratic(model)) return null;
  const whole: Interval[] = Array.from({ length: model.dim }, () => ({ lo: -Infinity, hi: Infinity }));
  const h = tryEnclose(() => enclosePotential(model, temperature, whole).hessian);
  if (!h || !h.every((row) => row.every((x) => Number.isFinite(x.lo) && Number.isFinite(x.hi)))) return null;
  const origin = Array.from({ length: model.dim }, () => point(0));
  const f = tryEnclose(() => enclosePotential(model, temperature, origin));
  if (!f || !f.gradient.every((g) => Number.isFinite(g.lo) && Number.isFinite(g.hi))) return null;
  return { hessian: h, gradientAtOrigin: f.gradient };
}
