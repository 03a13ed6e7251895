import { describe, expect, it } from 'vitest';
import { chooseGrid, fieldOn, gaussianDensityOnGrid } from '../../../src/diagnostics/grid/grid.js';
import { bernoulli, scharfetterGummel, sgStep, solveFokkerPlanck } from '../../../src/diagnostics/grid/fokkerPlanck.js';
import { klToCentredGaussian, langevinLaw } from '../../../src/diagnostics/grid/gaussianClosedForms.js';
import { doubleWellPotential, gaussianPotential } from './gaussianPotential.js';

describe('Scharfetter-Gummel Fokker-Planck', () => {
  it('B(z) = z / (e^z - 1) and B(-z) = e^z B(z)', () => {
    expect(bernoulli(0)).toBe(1);
    for (const z of [1e-13, 1e-6, 0.3, 2, 40]) expect(bernoulli(-z) / (Math.exp(z) * bernoulli(z))).toBeCloseTo(1, 12);
  });

  it('keeps the discrete Gibbs measure stationary and the mass exact', () => {
    const pot = doubleWellPotential();
    const { grid } = chooseGrid(pot, { mean: 0, std: 1 }, { nodes: 41, initStds: 4 });
    const field = fieldOn(pot, grid);
    const op = scharfetterGummel(field);
    const pi = field.f.map((f) => Math.exp(-f - field.logZ));
    const next = new Float64Array(pi.length);
    sgStep(op, pi, next, 0.9 / op.maxOutRate);
    let worst = 0;
    for (let k = 0; k < pi.length; k++) worst = Math.max(worst, Math.abs(next[k]! - pi[k]!) / Math.max(pi[k]!, 1e-300));
    expect(worst).toBeLessThan(1e-12);
  });

  it('matches the Ornstein-Uhlenbeck KL on a rotated Gaussian within 2% while KL > 1e-3', () => {
    // f = x'Ax/2 with eigenvalues (1, 3) rotated by 0.6 rad; start N((1.2, 1.2), 0.5^2 I).
    const a: [number, number] = [1, 3];
    const theta = 0.6;
    const pot = gaussianPotential(a, theta);
    const start = { mean: 1.2, std: 0.5 };
    const { grid } = chooseGrid(pot, start, { nodes: 101, initStds: 6 });
    const field = fieldOn(pot, grid);
    const curve = solveFokkerPlanck({ field, rho0: gaussianDensityOnGrid(grid, start), tEnd: 3, records: 30 });
    // In the eigenbasis the start mean is R'(1.2, 1.2); the covariance stays 0.25 I.
    const c = Math.cos(theta), s = Math.sin(theta);
    const law0 = [
      { mean: c * 1.2 + s * 1.2, variance: 0.25 },
      { mean: -s * 1.2 + c * 1.2, variance: 0.25 },
    ];
    let compared = 0;
    for (let i = 0; i < curve.times.length; i++) {
      const exact = klToCentredGaussian(a, langevinLaw(a, law0, curve.times[i]!));
      if (exact < 1e-3) continue;
      compared++;
      expect(Math.abs(curve.kl[i]! / exact - 1), `t=${curve.times[i]}`).toBeLessThan(0.02);
    }
    expect(compared).toBeGreaterThan(10);
    for (const m of curve.mass) expect(Math.abs(m - 1)).toBeLessThan(1e-12);
  });

  it('KL never increases and dKL/dt matches minus the discrete Fisher information (double well)', () => {
    const pot = doubleWellPotential();
    const start = { mean: 0.8, std: 0.7 };
    const { grid } = chooseGrid(pot, start, { nodes: 61, initStds: 5 });
    const field = fieldOn(pot, grid);
    const curve = solveFokkerPlanck({ field, rho0: gaussianDensityOnGrid(grid, start), tEnd: 4, records: 400 });
    for (let i = 1; i < curve.kl.length; i++) expect(curve.kl[i]!).toBeLessThanOrEqual(curve.kl[i - 1]! + 1e-13);
    // KL(t1) - KL(t2) = int I dt (trapezoid over the records), after the first fast transient.
    for (let i = 10; i + 1 < curve.kl.length && curve.kl[i + 1]! > 1e-4; i++) {
      const drop = curve.kl[i]! - curve.kl[i + 1]!;
      const integral = ((curve.fisher[i]! + curve.fisher[i + 1]!) / 2) * (curve.times[i + 1]! - curve.times[i]!);
      expect(Math.abs(drop / integral - 1), `t=${curve.times[i]}`).toBeLessThan(0.05);
    }
    expect(curve.kl[curve.kl.length - 1]!).toBeLessThan(1e-3 * curve.kl[0]!);
  });
});
