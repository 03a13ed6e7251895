// A convexifying bump W_E(x) = c prod_{i in S} sech^2((x_i - a_i) / s), written with tanh as
// c * (1 - tanh(r_i)^2). Its curvature at the top is -2c/s^2, so U = E - W_E gains +2c/s^2 where a
// double well's barrier has negative curvature and can be strongly convex everywhere, at the price
// osc W = c / T in Holley-Stroock. (A Gaussian bump has the same shape, but its interval Hessian on an
// unbounded box multiplies x^2 in [a^2, inf] by exp(-x^2) in [0, e^-a^2] and loses all information;
// the tanh form's derivatives are polynomials in tanh, bounded on every box.)
import type { FloatPart } from './decomposition.js';

export interface BumpParams {
  readonly coords: readonly number[];
  readonly center: readonly number[];
  readonly height: number;
  readonly width: number;
}

/** The bump as a mathjs expression (doubles printed by shortest round-trip). */
export function bumpSource(p: BumpParams): string {
  const factors = p.coords.map((i) => `(1 - tanh((x${i + 1} - (${p.center[i]})) / ${p.width})^2)`);
  return `${p.height} * ${factors.join(' * ')}`;
}

// g(y) = 1 - tanh(y)^2, g' = -2 t (1 - t^2), g'' = (1 - t^2)(6 t^2 - 2), t = tanh(y).
function g0(y: number): number {
  const t = Math.tanh(y);
  return 1 - t * t;
}
function g1(y: number): number {
  const t = Math.tanh(y);
  return -2 * t * (1 - t * t);
}
function g2(y: number): number {
  const t = Math.tanh(y);
  return (1 - t * t) * (6 * t * t - 2);
}

export function bumpPart(p: BumpParams, dim: number): FloatPart {
  const r = (x: Float64Array, i: number): number => (x[i]! - p.center[i]!) / p.width;
  const others = (x: Float64Array, skip: number[]): number => p.coords.reduce((prod, i) => (skip.includes(i) ? prod : prod * g0(r(x, i))), 1);
  return {
    value: (x) => p.height * others(x, []),
    gradient: (x) => {
      const g = new Float64Array(dim);
      for (const i of p.coords) g[i] = (p.height / p.width) * g1(r(x, i)) * others(x, [i]);
      return g;
    },
    hessian: (x) => {
      const h = new Float64Array(dim * dim);
      const c = p.height / p.width ** 2;
      for (const i of p.coords)
        for (const j of p.coords) h[i * dim + j] = i === j ? c * g2(r(x, i)) * others(x, [i]) : c * g1(r(x, i)) * g1(r(x, j)) * others(x, [i, j]);
      return h;
    },
  };
}
