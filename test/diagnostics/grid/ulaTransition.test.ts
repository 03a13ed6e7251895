import { describe, expect, it } from 'vitest';
import { fieldOn, gaussianDensityOnGrid, uniformGrid } from '../../../src/diagnostics/grid/grid.js';
import { firstStepBelow, planUlaGrid, solveUla } from '../../../src/diagnostics/grid/ulaTransition.js';
import { klToCentredGaussian, ulaLaw } from '../../../src/diagnostics/grid/gaussianClosedForms.js';
import { gaussianPotential } from './gaussianPotential.js';

describe('ULA on a grid', () => {
  const a: [number, number] = [0.8, 2];
  const pot = gaussianPotential(a);
  const start = { mean: -1, std: 1.5 };
  const law0 = [
    { mean: -1, variance: 2.25 },
    { mean: -1, variance: 2.25 },
  ];

  it('matches the exact Gaussian ULA recurrence within 1% while KL > 1e-3, including the bias floor', () => {
    const h = 0.08;
    const width = 18;
    const plan = planUlaGrid(width, h, 150);
    if (!('nodes' in plan)) throw new Error(plan.infeasible);
    const grid = uniformGrid(-9.5, 8.5, -9.5, 8.5, plan.nodes, plan.nodes);
    const curve = solveUla({ potential: pot, field: fieldOn(pot, grid), rho0: gaussianDensityOnGrid(grid, start), h, steps: 150 });
    expect(curve.sigmaOverSpacing).toBeGreaterThanOrEqual(1);
    for (let k = 0; k <= 150; k += 5) {
      const exact = klToCentredGaussian(a, ulaLaw(a, law0, h, k));
      if (exact < 1e-3) continue;
      expect(Math.abs(curve.kl[k]! / exact - 1), `step ${k}`).toBeLessThan(0.01);
    }
    const k = firstStepBelow(curve, 0.05);
    let exactK = 0;
    while (klToCentredGaussian(a, ulaLaw(a, law0, h, exactK)) >= 0.05) exactK++;
    expect(k).toBe(exactK);
    expect(firstStepBelow(curve, 1e-9)).toBeNull();
  });

  it('refuses a step too small for the work limit instead of smearing it', () => {
    const plan = planUlaGrid(18, 1e-5, 1e5);
    expect('infeasible' in plan && plan.infeasible).toMatch(/needs/);
  });
});
