// MALA keeps the Gibbs law pi ∝ exp(-E/T) exactly at a step size where ULA is visibly biased.
// For E = a x^2 / 2 the Gibbs variance is T / a; ULA's stationary variance is
// 2 eta T / (1 - (1 - eta a)^2) (the 2 eta / (1 - (1 - eta a)^2) at T = 1).
import { describe, expect, it } from 'vitest';
import type { GradientOracle } from '../../src/energy/types.js';
import { initialPositions } from '../../src/langevin/init.js';
import { malaKernel } from '../../src/langevin/mala.js';
import { ulaKernel } from '../../src/langevin/ula.js';
import type { SamplerKernel } from '../../src/langevin/types.js';
import { createRng } from '../../src/random/rng.js';
import { moments, quadraticOracle } from './helpers.js';

const n = 10000;

function runTo(kernel: SamplerKernel, steps: number, eta: number, T: number, seed: number) {
  const d = kernel.oracle.dim;
  const rng = createRng(seed);
  let state = kernel.init(initialPositions({ dim: d, particles: n, init: { mean: 0.5, std: 1 }, rng }));
  let acceptance = 0;
  for (let k = 0; k < steps; k++) {
    const r = kernel.step(state, rng, { stepSize: eta, temperature: T });
    state = r.state;
    acceptance += r.info.acceptanceRate;
  }
  return { ...moments(state.positions, n, d), acceptance: acceptance / steps };
}

describe('MALA against ULA at a step size where ULA is biased', () => {
  for (const { a, T, eta } of [
    { a: 1, T: 2, eta: 0.5 },
    { a: 4, T: 1, eta: 0.3 },
    { a: 2, T: 0.5, eta: 0.6 },
  ]) {
    it(`E = ${a} x^2 / 2, T = ${T}, eta = ${eta}`, () => {
      const gibbs = T / a;
      const ulaBias = (2 * eta * T) / (1 - (1 - eta * a) ** 2);
      // The bias is many standard errors away, so the two checks below cannot both pass by luck.
      const se = (v: number) => v * Math.sqrt(2 / n);
      expect(Math.abs(ulaBias - gibbs)).toBeGreaterThan(15 * se(gibbs));

      const mala = runTo(malaKernel(quadraticOracle([[a]])), 300, eta, T, 7);
      expect(Math.abs(mala.cov[0]![0]! - gibbs), `MALA variance ${mala.cov[0]![0]} vs Gibbs ${gibbs}`).toBeLessThan(5 * se(gibbs));
      expect(Math.abs(mala.mean[0]!)).toBeLessThan(5 * Math.sqrt(gibbs / n));
      expect(mala.acceptance).toBeGreaterThan(0.3);
      expect(mala.acceptance).toBeLessThan(1);

      const ula = runTo(ulaKernel(quadraticOracle([[a]])), 300, eta, T, 7);
      expect(Math.abs(ula.cov[0]![0]! - ulaBias), `ULA variance ${ula.cov[0]![0]} vs ${ulaBias}`).toBeLessThan(5 * se(ulaBias));
    });
  }

  it('two dimensions, non-diagonal A: MALA matches the Gibbs covariance T A^-1', () => {
    const A = [[2, 0.9], [0.9, 1]];
    const T = 1.5;
    const det = A[0]![0]! * A[1]![1]! - A[0]![1]! ** 2;
    const S = [[(T * A[1]![1]!) / det, (-T * A[0]![1]!) / det], [(-T * A[1]![0]!) / det, (T * A[0]![0]!) / det]];
    const mala = runTo(malaKernel(quadraticOracle(A, [1, -1])), 400, 0.6, T, 11);
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(mala.mean[i]! - [1, -1][i]!)).toBeLessThan(5 * Math.sqrt(S[i]![i]! / n));
      for (let j = 0; j < 2; j++) {
        const seCov = Math.sqrt((S[i]![i]! * S[j]![j]! + S[i]![j]! ** 2) / n);
        expect(Math.abs(mala.cov[i]![j]! - S[i]![j]!), `cov[${i}][${j}]`).toBeLessThan(5 * seCov);
      }
    }
  });

  it('a non-Gaussian target, the double well E = (x^2 - 1)^2 at T = 0.8: MALA matches E[x^2] and E[x^4] by quadrature', () => {
    const T = 0.8;
    const doubleWell: GradientOracle = {
      dim: 1,
      valueAndGradientBatch(xs, m, values, grads) {
        for (let i = 0; i < m; i++) {
          const x = xs[i]!;
          values[i] = (x * x - 1) ** 2;
          grads[i] = 4 * x * (x * x - 1);
        }
      },
    };
    // Reference moments by the trapezoid rule on [-4, 4] (the density is below e^-280 outside).
    const moment = (k: number) => {
      let z = 0;
      let s = 0;
      const h = 8 / 200000;
      for (let i = 0; i <= 200000; i++) {
        const x = -4 + i * h;
        const w = Math.exp(-((x * x - 1) ** 2) / T) * (i === 0 || i === 200000 ? 0.5 : 1);
        z += w;
        s += w * x ** k;
      }
      return s / z;
    };
    const [m2, m4, m8] = [moment(2), moment(4), moment(8)];
    const kernel = malaKernel(doubleWell);
    const rng = createRng(21);
    // A start inside the wells: a particle far out in the quartic tail (|x| > 2.5 with eta = 0.15) has
    // proposals that overshoot by tens of units and are all rejected, which is correct but slow.
    let state = kernel.init(initialPositions({ dim: 1, particles: n, init: { mean: 0, std: 0.6 }, rng }));
    for (let k = 0; k < 300; k++) state = kernel.step(state, rng, { stepSize: 0.1, temperature: T }).state;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x2 = state.positions[i]! ** 2;
      s2 += x2;
      s4 += x2 * x2;
    }
    expect(Math.abs(s2 / n - m2), `E[x^2] ${s2 / n} vs ${m2}`).toBeLessThan(5 * Math.sqrt((m4 - m2 * m2) / n));
    expect(Math.abs(s4 / n - m4), `E[x^4] ${s4 / n} vs ${m4}`).toBeLessThan(5 * Math.sqrt((m8 - m4 * m4) / n));
  });

  it('a NaN energy means reject: no particle ever enters the region where E is NaN', () => {
    const base = quadraticOracle([[1]]);
    const walled: GradientOracle = {
      dim: 1,
      valueAndGradientBatch(xs, m, values, grads) {
        base.valueAndGradientBatch(xs, m, values, grads);
        for (let i = 0; i < m; i++) if (xs[i]! > 0.8) values[i] = NaN;
      },
    };
    const kernel = malaKernel(walled);
    const rng = createRng(3);
    // Start on a grid inside the allowed region x <= 0.8.
    let state = kernel.init(Float64Array.from({ length: 2000 }, (_, i) => -1 + (1.6 * i) / 1999));
    let rejectedSome = false;
    for (let k = 0; k < 100; k++) {
      const r = kernel.step(state, rng, { stepSize: 0.5, temperature: 1 });
      state = r.state;
      if (r.info.acceptanceRate < 1) rejectedSome = true;
      let outside = 0;
      for (let i = 0; i < 2000; i++) if (!(state.positions[i]! <= 0.8) || !Number.isFinite(state.energies[i]!)) outside++;
      expect(outside, `step ${k}`).toBe(0);
    }
    expect(rejectedSome).toBe(true);
  });

  it('a rejected particle keeps its position, energy and gradient exactly', () => {
    // E = x^2/2 + NaN wall everywhere except the start: every proposal is rejected.
    const stuck: GradientOracle = {
      dim: 2,
      valueAndGradientBatch(xs, m, values, grads) {
        for (let i = 0; i < m; i++) {
          const at = xs[2 * i] === 0.25 && xs[2 * i + 1] === -0.5;
          values[i] = at ? 1 : NaN;
          grads[2 * i] = 0.5;
          grads[2 * i + 1] = 2;
        }
      },
    };
    const kernel = malaKernel(stuck);
    const s0 = kernel.init(Float64Array.of(0.25, -0.5, 0.25, -0.5));
    const r = kernel.step(s0, createRng(1), { stepSize: 0.1, temperature: 1 });
    expect(r.info.acceptanceRate).toBe(0);
    expect(Array.from(r.state.positions)).toEqual([0.25, -0.5, 0.25, -0.5]);
    expect(Array.from(r.state.energies)).toEqual([1, 1]);
    expect(Array.from(r.state.gradients)).toEqual([0.5, 2, 0.5, 2]);
  });
});
