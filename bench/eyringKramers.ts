// The Eyring-Kramers gap of a 2-d energy from the float Hessians at a minimum m and the saddle s next
// to it (f = E/T, generator Lap - grad f . grad), the reference the decomposition benches compare to:
//   k = |lambda_-(hess f(s))| / (2 pi) * sqrt(det hess f(m) / |det hess f(s)|) * exp(-(f(s) - f(m))),
// two symmetric wells: gap_EK = 2 k; n wells on a ring, rate k to each neighbour: gap_EK = 2 k (1 - cos(2 pi / n)).
import type { Energy } from '../src/energy/types.js';

/** Newton's method for grad E = 0 from x (60 steps; lands on the critical point near x). */
export function newton(e: Energy, x: readonly number[]): Float64Array {
  const p = Float64Array.from(x);
  for (let i = 0; i < 60; i++) {
    const g = e.gradient(p), H = e.hessian(p);
    const det = H[0]! * H[3]! - H[1]! * H[2]!;
    p[0] = p[0]! - (H[3]! * g[0]! - H[1]! * g[1]!) / det;
    p[1] = p[1]! - (-H[2]! * g[0]! + H[0]! * g[1]!) / det;
  }
  return p;
}

/** The two eigenvalues of a symmetric 2 x 2 Hessian, smaller first. */
export function eig2(H: Float64Array): [number, number] {
  const tr = H[0]! + H[3]!, det = H[0]! * H[3]! - H[1]! * H[2]!;
  const d = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  return [tr / 2 - d, tr / 2 + d];
}

/** gap_EK at T for `wells` symmetric wells (2: a double well; more: a ring) with minimum m and saddle s. */
export function eyringKramersGap(e: Energy, m: Float64Array, s: Float64Array, temperature: number, wells: number): number {
  const dE = e.value(s) - e.value(m);
  const [m1, m2] = eig2(e.hessian(m)).map((v) => v / temperature) as [number, number];
  const [s1, s2] = eig2(e.hessian(s)).map((v) => v / temperature) as [number, number];
  const k = (Math.abs(s1) / (2 * Math.PI)) * Math.sqrt((m1 * m2) / Math.abs(s1 * s2)) * Math.exp(-dE / temperature);
  return wells === 2 ? 2 * k : 2 * k * (1 - Math.cos((2 * Math.PI) / wells));
}
