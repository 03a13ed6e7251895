// Preconditioned ULA x' = x - eta P grad E(x) + sqrt(2 eta T) C xi (P = C C^T) on a quadratic energy has
// the exact Gaussian law mu' = c + K (mu - c), S' = K S K^T + 2 eta T P with K = I - eta P A. A large
// seeded batch must match it within 5 standard errors at every one of the first 30 steps.
import { describe, expect, it } from 'vitest';
import { initialPositions } from '../../src/langevin/init.js';
import { preconditionedUlaKernel, preconditionedUlaMove } from '../../src/langevin/preconditionedUla.js';
import { createRng } from '../../src/random/rng.js';
import { bitsEqual, moments, quadraticOracle } from './helpers.js';

type Mat = number[][];
const matMul = (P: Mat, Q: Mat): Mat => P.map((row) => Q[0]!.map((_, j) => row.reduce((s, v, k) => s + v * Q[k]![j]!, 0)));
const transpose = (P: Mat): Mat => P[0]!.map((_, j) => P.map((row) => row[j]!));

function exactLaw(A: Mat, c: number[], C: Mat, T: number, eta: number, mu0: number, s0: number, steps: number) {
  const P = matMul(C, transpose(C));
  const K = matMul(P, A).map((row, i) => row.map((v, j) => (i === j ? 1 : 0) - eta * v));
  let mu = c.map(() => mu0);
  let S: Mat = A.map((row, i) => row.map((_, j) => (i === j ? s0 * s0 : 0)));
  for (let k = 0; k < steps; k++) {
    mu = K.map((row, i) => row.reduce((s, m, j) => s + m * (mu[j]! - c[j]!), 0) + c[i]!);
    S = matMul(matMul(K, S), transpose(K)).map((row, i) => row.map((v, j) => v + 2 * eta * T * P[i]![j]!));
  }
  return { mu, S };
}

function run(A: Mat, c: number[], C: Mat, T: number, eta: number, seed: number, n: number, steps: number) {
  const rng = createRng(seed);
  const kernel = preconditionedUlaKernel(quadraticOracle(A, c), C);
  let state = kernel.init(initialPositions({ dim: A.length, particles: n, init: { mean: 0.7, std: 0.5 }, rng }));
  const seen: Float64Array[] = [];
  for (let k = 1; k <= steps; k++) {
    state = kernel.step(state, rng, { stepSize: eta, temperature: T }).state;
    seen.push(state.positions.slice());
  }
  return seen;
}

describe('preconditioned ULA on a quadratic energy: exact Gaussian law at every step', () => {
  it('condition number 100 with a non-diagonal C, T = 0.5', () => {
    const A = [[1, 3], [3, 100]];
    const c = [0.5, -1];
    const C = [[0.95, 0], [-0.03, 0.1]];
    const n = 20000;
    const T = 0.5;
    const eta = 0.6;
    const seen = run(A, c, C, T, eta, 7, n, 30);
    seen.forEach((positions, i) => {
      const k = i + 1;
      const exact = exactLaw(A, c, C, T, eta, 0.7, 0.5, k);
      const got = moments(positions, n, 2);
      for (let a = 0; a < 2; a++) {
        expect(Math.abs(got.mean[a]! - exact.mu[a]!), `step ${k} mean[${a}]`).toBeLessThan(5 * Math.sqrt(exact.S[a]![a]! / n));
        for (let b = 0; b < 2; b++) {
          const se = Math.sqrt((exact.S[a]![a]! * exact.S[b]![b]! + exact.S[a]![b]! ** 2) / n);
          expect(Math.abs(got.cov[a]![b]! - exact.S[a]![b]!), `step ${k} cov[${a}][${b}]`).toBeLessThan(5 * se);
        }
      }
    });
    // The test can fail: plain ULA at this eta diverges (eta * 100 > 2), and the law moved.
    const last = exactLaw(A, c, C, T, eta, 0.7, 0.5, 30);
    expect(Math.abs(last.mu[0]! - 0.7)).toBeGreaterThan(0.1);
  });

  it('is reproducible from the seed, bit for bit', () => {
    const A = [[2, 0.5], [0.5, 1]];
    const a = run(A, [0, 0], [[0.7, 0], [0.2, 0.9]], 1, 0.1, 3, 50, 5);
    const b = run(A, [0, 0], [[0.7, 0], [0.2, 0.9]], 1, 0.1, 3, 50, 5);
    expect(bitsEqual(a[4]!, b[4]!)).toBe(true);
  });

  it('with C = I is the plain ULA move (up to rounding order)', () => {
    const x = Float64Array.of(1, 2), g = Float64Array.of(0.5, -1), xi = Float64Array.of(0.3, -0.2), out = new Float64Array(2);
    preconditionedUlaMove([[1, 0], [0, 1]], x, g, xi, 1, 0.1, 2, out);
    const s = Math.sqrt(0.4);
    expect(out[0]).toBeCloseTo(1 - 0.05 + s * 0.3, 14);
    expect(out[1]).toBeCloseTo(2 + 0.1 - s * 0.2, 14);
  });

  it('refuses a factor that is not lower-triangular or of the wrong size', () => {
    expect(() => preconditionedUlaKernel(quadraticOracle([[1, 0], [0, 1]]), [[1, 1], [0, 1]])).toThrow(/lower-triangular/);
    expect(() => preconditionedUlaKernel(quadraticOracle([[1, 0], [0, 1]]), [[1]])).toThrow(/2 x 2/);
  });
});
