import { describe, expect, it } from 'vitest';
import { firstStepBelow, gaussianTargetFromQuadratic, klLowerBoundUpTo, stationaryKl, walkGaussianKl } from '../../../src/certify/stopping/gaussianKlCurve.js';
import { gaussianCases } from './cases.js';
import { exactUlaKlDecimal } from './gaussianReference.js';

describe('the float KL curve of the exact-gaussian producer', () => {
  it('matches the 60-digit reference, and its pruning bound is below every KL_k up to the horizon', () => {
    for (const c of gaussianCases(99, 8)) {
      const target = gaussianTargetFromQuadratic(c.hessian, c.gradient, c.init)!;
      for (const share of [0.02, 0.3, 0.9]) {
        const h = (2 / c.eigenvalues[1]) * share;
        const curve: number[] = [];
        walkGaussianKl(target, h, 300, (_, kl) => (curve.push(kl), true));
        for (const k of [0, 3, 40, 300]) {
          const exact = exactUlaKlDecimal({ hessian: c.hessian, gradient: c.gradient, temperature: 1 }, c.init, h, k);
          expect(Math.abs(curve[k]! - exact), `${c.name} h=${h} k=${k}`).toBeLessThan(1e-9 * Math.max(1, exact));
        }
        for (const horizon of [0, 5, 50, 300]) {
          const min = Math.min(...curve.slice(0, horizon + 1));
          expect(klLowerBoundUpTo(target, h, horizon), `${c.name} h=${h} horizon=${horizon}`).toBeLessThanOrEqual(min * (1 + 1e-12) + 1e-15);
        }
        const first = firstStepBelow(target, h, c.epsilon, 300);
        const expected = curve.findIndex((kl) => kl <= c.epsilon);
        expect(first ?? -1).toBe(expected);
        expect(stationaryKl(target, h)).toBeLessThanOrEqual(curve[300]! + 1e-9);
      }
    }
  });
});
