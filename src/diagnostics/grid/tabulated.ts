// A potential tabulated on a grid and interpolated (Catmull-Rom bicubic, per component) between
// nodes. For energies whose float64 Hessian is expensive (networks), the flow's characteristics use
// this instead of the energy itself: O(h^3) interpolation error on smooth f, and one evaluation per
// node instead of one per point per RK4 stage. Points outside the grid use the
// edge cubic, held constant beyond one cell.
import { nodeCoordinates, nodeCount, type Grid2D } from './grid.js';
import type { GridPotential } from './potential.js';

/** Catmull-Rom weights at fraction t of the cell between p1 and p2 (points p0..p3). */
function weights(t: number, out: Float64Array): void {
  const t2 = t * t, t3 = t2 * t;
  out[0] = 0.5 * (-t3 + 2 * t2 - t);
  out[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
  out[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
  out[3] = 0.5 * (t3 - t2);
}

export interface TabulatedPotential extends GridPotential {
  readonly grid: Grid2D;
}

export function tabulatePotential(potential: GridPotential, grid: Grid2D, values?: Float64Array): TabulatedPotential {
  if (grid.nx < 4 || grid.ny < 4) throw new RangeError('tabulatePotential: need at least 4 x 4 nodes');
  const n = nodeCount(grid);
  const xs = nodeCoordinates(grid);
  const f = values ?? potential.values(xs, n);
  const g = potential.gradients(xs, n);
  const h = potential.hessians(xs, n);
  const wx = new Float64Array(4), wy = new Float64Array(4);
  // Interpolates `components` interleaved fields of `table` at each point into out.
  const interpolate = (table: Float64Array, components: number, pts: Float64Array, count: number): Float64Array => {
    const out = new Float64Array(count * components);
    for (let p = 0; p < count; p++) {
      const u = (pts[2 * p]! - grid.x0) / grid.hx;
      const v = (pts[2 * p + 1]! - grid.y0) / grid.hy;
      const ix = Math.min(grid.nx - 3, Math.max(1, Math.floor(u)));
      const iy = Math.min(grid.ny - 3, Math.max(1, Math.floor(v)));
      // Near the boundary the cell index is clamped and t runs past [0, 1] (the edge cubic extends);
      // beyond the stencil the value is held.
      weights(Math.min(2, Math.max(-1, u - ix)), wx);
      weights(Math.min(2, Math.max(-1, v - iy)), wy);
      for (let b = 0; b < 4; b++) {
        const row = (iy - 1 + b) * grid.nx + ix - 1;
        for (let a = 0; a < 4; a++) {
          const w = wx[a]! * wy[b]!;
          const k = (row + a) * components;
          for (let c = 0; c < components; c++) out[p * components + c] = out[p * components + c]! + w * table[k + c]!;
        }
      }
    }
    return out;
  };
  return {
    grid,
    values: (pts, count) => interpolate(f, 1, pts, count),
    gradients: (pts, count) => interpolate(g, 2, pts, count),
    hessians: (pts, count) => interpolate(h, 4, pts, count),
  };
}

/** Microseconds per point of a Hessian evaluation (on a small probe), to decide whether to tabulate. */
export function hessianCostMicros(potential: GridPotential, probe: Float64Array): number {
  const n = probe.length / 2;
  const t = performance.now();
  potential.hessians(probe, n);
  return ((performance.now() - t) * 1000) / n;
}
