import { describe, expect, it } from 'vitest';
import { gradientFlowKernel } from '../../src/langevin/flow.js';
import { initialPositions } from '../../src/langevin/init.js';
import { createRng } from '../../src/random/rng.js';
import { bitsEqual, convexOracle } from './helpers.js';

describe('gradient flow (explicit Euler, no noise)', () => {
  it('contracts every particle to the minimiser (1, -0.5) of a convex energy, with non-increasing energy', () => {
    const n = 3000;
    const kernel = gradientFlowKernel(convexOracle());
    const rng = createRng(5);
    let state = kernel.init(initialPositions({ dim: 2, particles: n, init: { mean: 0, std: 4 }, rng }));
    // Hessian eigenvalues lie in [0.7, 2.3], so eta = 0.3 < 2 / 2.3 makes every step decrease E.
    for (let k = 0; k < 250; k++) {
      const before = state.energies.slice();
      state = kernel.step(state, rng, { stepSize: 0.3, temperature: 1 }).state;
      let increased = 0;
      for (let i = 0; i < n; i++) if (state.energies[i]! > before[i]! + 1e-15) increased++;
      expect(increased, `step ${k}`).toBe(0);
    }
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.hypot(state.positions[2 * i]! - 1, state.positions[2 * i + 1]! + 0.5));
    expect(worst).toBeLessThan(1e-10);
  });

  it('is deterministic: the random stream plays no part', () => {
    const start = initialPositions({ dim: 2, particles: 50, init: { mean: 1, std: 2 }, rng: createRng(1) });
    const run = (seed: number) => {
      const kernel = gradientFlowKernel(convexOracle());
      const rng = createRng(seed);
      let s = kernel.init(start);
      for (let k = 0; k < 10; k++) s = kernel.step(s, rng, { stepSize: 0.1, temperature: 1 }).state;
      return s.positions.slice();
    };
    expect(bitsEqual(run(1), run(2))).toBe(true);
  });
});
