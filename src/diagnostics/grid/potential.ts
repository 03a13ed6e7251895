// The potential f = E / T seen by the grid solvers: batched values, gradients and Laplacians in
// float64. An adapter over an Energy (or anything with the same batched methods).
import type { Energy } from '../../energy/types.js';

export interface GridPotential {
  /** f(x_i) for n points (row-major, 2 coordinates each). */
  values(xs: Float64Array, n: number): Float64Array;
  /** grad f(x_i), row-major n x 2. */
  gradients(xs: Float64Array, n: number): Float64Array;
  /** Hessians of f, n blocks of 2 x 2 row-major. */
  hessians(xs: Float64Array, n: number): Float64Array;
}

export type BatchedEnergy = Pick<Energy, 'dim' | 'valueBatch' | 'gradientBatch' | 'hessianBatch'>;

/** f = E / T for a 2D energy. */
export function potentialFromEnergy(energy: BatchedEnergy, temperature: number): GridPotential {
  if (energy.dim !== 2) throw new RangeError(`potentialFromEnergy: grid solvers need a 2D energy, got dimension ${energy.dim}`);
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError(`potentialFromEnergy: temperature must be positive, got ${temperature}`);
  const scale = (a: Float64Array): Float64Array => {
    for (let i = 0; i < a.length; i++) a[i] = a[i]! / temperature;
    return a;
  };
  return {
    values: (xs, n) => scale(energy.valueBatch(xs, n, new Float64Array(n))),
    gradients: (xs, n) => scale(energy.gradientBatch(xs, n, new Float64Array(2 * n))),
    hessians: (xs, n) => scale(energy.hessianBatch(xs, n, new Float64Array(4 * n))),
  };
}

/** Laplacians (traces of the Hessians) of n points. */
export function laplacians(potential: GridPotential, xs: Float64Array, n: number): Float64Array {
  const h = potential.hessians(xs, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = h[4 * i]! + h[4 * i + 3]!;
  return out;
}

/** Largest absolute Hessian eigenvalue over the points (2 x 2 symmetric, closed form). */
export function maxCurvature(potential: GridPotential, xs: Float64Array, n: number): number {
  const h = potential.hessians(xs, n);
  let best = 0;
  for (let i = 0; i < n; i++) {
    const a = h[4 * i]!;
    const b = 0.5 * (h[4 * i + 1]! + h[4 * i + 2]!);
    const c = h[4 * i + 3]!;
    const mean = 0.5 * (a + c);
    const radius = Math.hypot(0.5 * (a - c), b);
    best = Math.max(best, Math.abs(mean) + radius);
  }
  return best;
}
