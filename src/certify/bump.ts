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

/**
 * A flatter convexifying bump over one coordinate: W_E(x) = (1 - t^2)(a + b t^2 + c t^4) with
 * t = tanh((x_i - center) / s), i.e. sech^2 times an even polynomial in tanh. Its derivatives are
 * polynomials in t, bounded on every box (as for the plain bump), and the extra coefficients let it
 * lift the barrier's negative curvature at a smaller oscillation: on (x1^2 - 1)^2 the sampled
 * m exp(-osc W) goes from 0.037 (sech^2) to about 0.14.
 */
export interface PolyBumpParams {
  readonly coord: number;
  readonly center: number;
  readonly width: number;
  /** a, b, c */
  readonly coef: readonly [number, number, number];
}

export function polyBumpSource(p: PolyBumpParams): string {
  const t = `tanh((x${p.coord + 1} - (${p.center})) / ${p.width})`;
  const [a, b, c] = p.coef;
  return `(1 - ${t}^2) * (${a} + (${b}) * ${t}^2 + (${c}) * ${t}^4)`;
}

/** W as a polynomial in t: sum_j w_j t^j, from (1 - t^2)(a + b t^2 + c t^4). */
function polyInT(coef: readonly [number, number, number]): number[] {
  const [a, b, c] = coef;
  return [a, 0, b - a, 0, c - b, 0, -c];
}

function evalPoly(w: readonly number[], t: number): [number, number, number] {
  let p = 0;
  let dp = 0;
  let ddp = 0;
  for (let j = w.length - 1; j >= 0; j--) {
    ddp = ddp * t + 2 * dp;
    dp = dp * t + p;
    p = p * t + w[j]!;
  }
  return [p, dp, ddp];
}

/** Value, d/dx and d2/dx2 of the 1-D profile at x_i. */
export function polyBumpProfile(p: PolyBumpParams, xi: number): [number, number, number] {
  const y = (xi - p.center) / p.width;
  const t = Math.tanh(y);
  const q = 1 - t * t; // dt/dy
  const [w, wt, wtt] = evalPoly(polyInT(p.coef), t);
  const d1 = (wt * q) / p.width;
  const d2 = (wtt * q * q - 2 * t * q * wt) / (p.width * p.width);
  return [w, d1, d2];
}

/** sup W - inf W over the line (the profile sampled finely in t = tanh y, which covers y in R). */
export function polyBumpOscillation(p: PolyBumpParams): number {
  const w = polyInT(p.coef);
  let lo = 0; // W -> 0 as |y| -> infinity
  let hi = 0;
  for (let k = -1000; k <= 1000; k++) {
    const v = evalPoly(w, k / 1000)[0];
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return hi - lo;
}

export function polyBumpPart(p: PolyBumpParams, dim: number): FloatPart {
  return {
    value: (x) => polyBumpProfile(p, x[p.coord]!)[0],
    gradient: (x) => {
      const g = new Float64Array(dim);
      g[p.coord] = polyBumpProfile(p, x[p.coord]!)[1];
      return g;
    },
    hessian: (x) => {
      const h = new Float64Array(dim * dim);
      h[p.coord * dim + p.coord] = polyBumpProfile(p, x[p.coord]!)[2];
      return h;
    },
  };
}
