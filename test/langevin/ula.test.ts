// ULA x' = x - eta grad E(x) + sqrt(2 eta T) xi on a quadratic energy keeps an exact Gaussian law: with M = I - eta A,
// mu_{k+1} = M (mu_k - c) + c and S_{k+1} = M S_k M' + 2 eta T I. A large batch must match it
// within sampling error (5 standard errors) at every one of the first 40 steps.
import { describe, expect, it } from 'vitest';
import { initialPositions } from '../../src/langevin/init.js';
import { ulaKernel } from '../../src/langevin/ula.js';
import { createRng } from '../../src/random/rng.js';
import { moments, quadraticOracle } from './helpers.js';

type Mat = number[][];
const matMul = (P: Mat, Q: Mat): Mat => P.map((row) => Q[0]!.map((_, j) => row.reduce((s, v, k) => s + v * Q[k]![j]!, 0)));
const transpose = (P: Mat): Mat => P[0]!.map((_, j) => P.map((row) => row[j]!));

function exactLaw(A: Mat, c: number[], T: number, eta: number, mu0: number[], s0: number, steps: number) {
  const d = A.length;
  const M = A.map((row, i) => row.map((a, j) => (i === j ? 1 : 0) - eta * a));
  let mu = mu0.slice();
  let S: Mat = A.map((row, i) => row.map((_, j) => (i === j ? s0 * s0 : 0)));
  for (let k = 0; k < steps; k++) {
    mu = M.map((row, i) => row.reduce((s, m, j) => s + m * (mu[j]! - c[j]!), 0) + c[i]!);
    S = matMul(matMul(M, S), transpose(M)).map((row, i) => row.map((v, j) => v + (i === j ? 2 * eta * T : 0)));
  }
  return { mu, S, d };
}

function checkAgainstExactLaw(A: Mat, c: number[], T: number, eta: number) {
  const n = 20000;
  const mean0 = 0.7;
  const std0 = 0.5;
  const d = A.length;
  const rng = createRng(20260101);
  const kernel = ulaKernel(quadraticOracle(A, c));
  let state = kernel.init(initialPositions({ dim: d, particles: n, init: { mean: mean0, std: std0 }, rng }));
  for (let k = 1; k <= 40; k++) {
    state = kernel.step(state, rng, { stepSize: eta, temperature: T }).state;
    const exact = exactLaw(A, c, T, eta, Array(d).fill(mean0), std0, k);
    const got = moments(state.positions, n, d);
    for (let a = 0; a < d; a++) {
      const seMean = Math.sqrt(exact.S[a]![a]! / n);
      expect(Math.abs(got.mean[a]! - exact.mu[a]!), `step ${k} mean[${a}]`).toBeLessThan(5 * seMean);
      for (let b = 0; b < d; b++) {
        const seCov = Math.sqrt((exact.S[a]![a]! * exact.S[b]![b]! + exact.S[a]![b]! ** 2) / n);
        expect(Math.abs(got.cov[a]![b]! - exact.S[a]![b]!), `step ${k} cov[${a}][${b}]`).toBeLessThan(5 * seCov);
      }
    }
  }
}

describe('ULA on a quadratic energy: exact Gaussian law at every step', () => {
  it('non-diagonal A, T = 1', () => checkAgainstExactLaw([[2, 0.6], [0.6, 1]], [0, 0], 1, 0.2));
  it('non-diagonal A, T = 0.4, off-centre minimiser', () => checkAgainstExactLaw([[2, -0.8], [-0.8, 1.5]], [1, -2], 0.4, 0.3));
  it('diagonal A, T = 3, three dimensions', () => checkAgainstExactLaw([[1, 0, 0], [0, 4, 0], [0, 0, 0.25]], [0.5, 0, -1], 3, 0.1));

  it('the law moved: the exact law at step 40 is far from the initial one (the test can fail)', () => {
    const exact = exactLaw([[2, 0.6], [0.6, 1]], [0, 0], 1, 0.2, [0.7, 0.7], 0.5, 40);
    expect(Math.abs(exact.mu[0]!)).toBeLessThan(0.01);
    expect(exact.S[0]![0]!).toBeGreaterThan(0.5);
  });

  it('rejects a non-positive step size or temperature', () => {
    const kernel = ulaKernel(quadraticOracle([[1]]));
    const s = kernel.init(Float64Array.of(0));
    expect(() => kernel.step(s, createRng(1), { stepSize: -0.1, temperature: 1 })).toThrow(/step size/);
    expect(() => kernel.step(s, createRng(1), { stepSize: 0.1, temperature: 0 })).toThrow(/temperature/);
    expect(() => kernel.step(s, createRng(1))).toThrow(/no step size/);
  });
});
