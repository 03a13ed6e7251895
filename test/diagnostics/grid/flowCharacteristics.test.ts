import { describe, expect, it } from 'vitest';
import { chooseGrid, fieldOn } from '../../../src/diagnostics/grid/grid.js';
import { solveFlow } from '../../../src/diagnostics/grid/flowCharacteristics.js';
import { flowLaw, klToCentredGaussian } from '../../../src/diagnostics/grid/gaussianClosedForms.js';
import { doubleWellPotential, gaussianPotential } from './gaussianPotential.js';

describe('gradient flow along characteristics', () => {
  it('matches the closed form KL of a Gaussian start under the flow, including its unbounded rise', () => {
    const a: [number, number] = [0.5, 2];
    const pot = gaussianPotential(a);
    const start = { mean: 2, std: 0.8 };
    const { grid } = chooseGrid(pot, start, { nodes: 81 });
    const field = fieldOn(pot, grid);
    const curve = solveFlow({ potential: pot, logZ: field.logZ, start, tEnd: 8, records: 40, pointsPerAxis: 48 });
    const law0 = [
      { mean: 2, variance: 0.64 },
      { mean: 2, variance: 0.64 },
    ];
    for (let i = 0; i < curve.times.length; i++) {
      const exact = klToCentredGaussian(a, flowLaw(a, law0, curve.times[i]!));
      expect(Math.abs(curve.kl[i]! - exact), `t=${curve.times[i]}`).toBeLessThan(1e-3 * Math.max(1, exact));
    }
    // From pi itself the flow leaves pi: KL(t) = sum (e^{-2 a t} - 1 + 2 a t) / 2 (proofs/gradient-flow.md).
    const fromPi = solveFlow({ potential: gaussianPotential([1, 1]), logZ: Math.log(2 * Math.PI), start: { mean: 0, std: 1 }, tEnd: 3, records: 6, pointsPerAxis: 40 });
    for (let i = 0; i < fromPi.times.length; i++) {
      const t = fromPi.times[i]!;
      expect(fromPi.kl[i]!).toBeCloseTo(Math.exp(-2 * t) - 1 + 2 * t, 6);
    }
  });

  it('rises after its minimum on the double well, with klRate the slope of KL', () => {
    const pot = doubleWellPotential();
    const start = { mean: 0, std: 1 };
    const { grid } = chooseGrid(pot, start, { nodes: 81, initStds: 5 });
    const field = fieldOn(pot, grid);
    const curve = solveFlow({ potential: pot, logZ: field.logZ, start, tEnd: 6, records: 60, pointsPerAxis: 48 });
    let iMin = 0;
    for (let i = 1; i < curve.kl.length; i++) if (curve.kl[i]! < curve.kl[iMin]!) iMin = i;
    expect(iMin).toBeLessThan(curve.kl.length - 1);
    expect(curve.kl[curve.kl.length - 1]!).toBeGreaterThan(curve.kl[iMin]! + 1);
    // Integrated slope: KL(t2) - KL(t1) = int klRate dt (trapezoid), once the fast first collapse is over.
    for (let i = 10; i + 1 < curve.kl.length; i++) {
      const change = curve.kl[i + 1]! - curve.kl[i]!;
      const integral = ((curve.klRate[i]! + curve.klRate[i + 1]!) / 2) * (curve.times[i + 1]! - curve.times[i]!);
      expect(Math.abs(change - integral), `t=${curve.times[i]}`).toBeLessThan(0.02 * Math.abs(change) + 1e-4);
    }
  });
});
