// Small local energies for testing the engine without the energy loaders: a general quadratic
// E(x) = (x - c)' A (x - c) / 2, and a convex non-quadratic one, as GradientOracles.
import type { GradientOracle } from '../../src/energy/types.js';

export function quadraticOracle(A: number[][], center: number[] = A.map(() => 0)): GradientOracle {
  const d = A.length;
  return {
    dim: d,
    valueAndGradientBatch(xs, n, values, grads) {
      for (let i = 0; i < n; i++) {
        let e = 0;
        for (let r = 0; r < d; r++) {
          let g = 0;
          for (let c = 0; c < d; c++) g += A[r]![c]! * (xs[i * d + c]! - center[c]!);
          grads[i * d + r] = g;
          e += 0.5 * (xs[i * d + r]! - center[r]!) * g;
        }
        values[i] = e;
      }
    },
  };
}

/** E = u^2/2 + log cosh v + v^2/2 + 0.3 u v with u = x1 - 1, v = x2 + 0.5: strictly convex, minimiser (1, -0.5). */
export function convexOracle(): GradientOracle {
  return {
    dim: 2,
    valueAndGradientBatch(xs, n, values, grads) {
      for (let i = 0; i < n; i++) {
        const u = xs[2 * i]! - 1;
        const v = xs[2 * i + 1]! + 0.5;
        values[i] = 0.5 * u * u + Math.log(Math.cosh(v)) + 0.5 * v * v + 0.3 * u * v;
        grads[2 * i] = u + 0.3 * v;
        grads[2 * i + 1] = Math.tanh(v) + v + 0.3 * u;
      }
    },
  };
}

/** Sample mean and covariance of n points in dimension d (row-major). */
export function moments(xs: Float64Array, n: number, d: number): { mean: number[]; cov: number[][] } {
  const mean = Array.from({ length: d }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += xs[i * d + j]!;
    return s / n;
  });
  const cov = Array.from({ length: d }, (_, a) =>
    Array.from({ length: d }, (_, b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (xs[i * d + a]! - mean[a]!) * (xs[i * d + b]! - mean[b]!);
      return s / (n - 1);
    }),
  );
  return { mean, cov };
}

export function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
