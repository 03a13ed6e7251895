// A convexifying Gaussian bump W_E(x) = -c exp(-sum_{i in S} ((x_i - a_i) / s)^2): on a double well
// it lifts the negative curvature of the barrier so that U = E - W_E is strongly convex, at the price
// osc W = c / T in Holley-Stroock. The producer searches S, c, s; the kernel checks the result.
import type { FloatPart } from './decomposition.js';

export interface BumpParams {
  readonly coords: readonly number[];
  readonly center: readonly number[];
  readonly height: number;
  readonly width: number;
}

/** The bump as a mathjs expression (doubles printed exactly by shortest round-trip). */
export function bumpSource(p: BumpParams): string {
  const q = p.coords.map((i) => `((x${i + 1} - (${p.center[i]})) / ${p.width})^2`).join(' + ');
  return `-${p.height} * exp(-(${q}))`;
}

export function bumpPart(p: BumpParams, dim: number): FloatPart {
  const r = (x: Float64Array, i: number): number => (x[i]! - p.center[i]!) / p.width;
  const e = (x: Float64Array): number => Math.exp(-p.coords.reduce((s, i) => s + r(x, i) ** 2, 0));
  return {
    value: (x) => -p.height * e(x),
    // d/dx_i W = c e^{-q} 2 r_i / s
    gradient: (x) => {
      const g = new Float64Array(dim);
      const ex = e(x);
      for (const i of p.coords) g[i] = (p.height * ex * 2 * r(x, i)) / p.width;
      return g;
    },
    // d2/dx_i dx_j W = c e^{-q} (2 delta_ij - 4 r_i r_j) / s^2
    hessian: (x) => {
      const h = new Float64Array(dim * dim);
      const ex = e(x);
      for (const i of p.coords)
        for (const j of p.coords) h[i * dim + j] = (p.height * ex * ((i === j ? 2 : 0) - 4 * r(x, i) * r(x, j))) / p.width ** 2;
      return h;
    },
  };
}
