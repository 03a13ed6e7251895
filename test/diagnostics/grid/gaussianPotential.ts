// Test helper: f(x) = (x - c)' A (x - c) / 2 with A = R diag(a) R', R a rotation by theta.
import type { GridPotential } from '../../../src/diagnostics/grid/potential.js';

export function gaussianPotential(a: [number, number], theta = 0, center: [number, number] = [0, 0]): GridPotential & { A: number[] } {
  const c = Math.cos(theta), s = Math.sin(theta);
  const A00 = a[0] * c * c + a[1] * s * s;
  const A11 = a[0] * s * s + a[1] * c * c;
  const A01 = (a[0] - a[1]) * c * s;
  return {
    A: [A00, A01, A01, A11],
    values(xs, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = xs[2 * i]! - center[0], y = xs[2 * i + 1]! - center[1];
        out[i] = 0.5 * (A00 * x * x + 2 * A01 * x * y + A11 * y * y);
      }
      return out;
    },
    gradients(xs, n) {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x = xs[2 * i]! - center[0], y = xs[2 * i + 1]! - center[1];
        out[2 * i] = A00 * x + A01 * y;
        out[2 * i + 1] = A01 * x + A11 * y;
      }
      return out;
    },
    hessians(_xs, n) {
      const out = new Float64Array(4 * n);
      for (let i = 0; i < n; i++) out.set([A00, A01, A01, A11], 4 * i);
      return out;
    },
  };
}

/** The double well f = (x1^2 - 1)^2 + 0.5 x2^2 (its Gibbs measure is not log-concave). */
export function doubleWellPotential(): GridPotential {
  return {
    values(xs, n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = (xs[2 * i]! ** 2 - 1) ** 2 + 0.5 * xs[2 * i + 1]! ** 2;
      return out;
    },
    gradients(xs, n) {
      const out = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        const x = xs[2 * i]!;
        out[2 * i] = 4 * x * (x * x - 1);
        out[2 * i + 1] = xs[2 * i + 1]!;
      }
      return out;
    },
    hessians(xs, n) {
      const out = new Float64Array(4 * n);
      for (let i = 0; i < n; i++) out.set([12 * xs[2 * i]! ** 2 - 4, 0, 0, 1], 4 * i);
      return out;
    },
  };
}
