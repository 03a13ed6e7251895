import { describe, expect, it } from 'vitest';
import { checkGradientFlowWitness, stationarityDefect } from '../../../src/kernel/checks/gradientFlow.js';
import { I, expr, regularizer } from './helpers.js';

describe('checkGradientFlowWitness', () => {
  it('a Gaussian: lap f - |grad f|^2 = d lambda - lambda^2 |x|^2 / T^2 ... excludes 0 near the mode', () => {
    // f = |x|^2 / (2T) for lambda = 1: lap f = 2 / T, |grad f|^2 = |x|^2 / T^2.
    const r = checkGradientFlowWitness(regularizer(1), 2, [I(-0.01, 0.01), I(-0.01, 0.01)]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.generator.lo).toBeLessThanOrEqual(1 - 0.0002 / 4);
      expect(r.value.generator.hi).toBeGreaterThanOrEqual(1);
    }
  });

  it('far out the sign flips and is also a witness', () => {
    expect(checkGradientFlowWitness(regularizer(1), 1, [I(3, 3.1), I(0, 0.1)]).ok).toBe(true);
  });

  it('rejects a box where the defect changes sign (|x|^2 = 2 inside)', () => {
    const box = [I(1.3, 1.5), I(0, 0.1)];
    const q = stationarityDefect(regularizer(1), 1, box);
    expect(q.lo).toBeLessThan(0);
    expect(q.hi).toBeGreaterThan(0);
    expect(checkGradientFlowWitness(regularizer(1), 1, box).ok).toBe(false);
  });

  it('rejects a zero-width box', () => {
    expect(checkGradientFlowWitness(regularizer(1), 1, [I(0, 0), I(0, 0)]).ok).toBe(false);
  });

  it('works on expressions too (double well at the barrier)', () => {
    // f = (x1^2-1)^2 + 0.5 x2^2 at 0: lap f = -4 + 1 = -3, grad f = 0.
    expect(checkGradientFlowWitness(expr('(x1^2-1)^2 + 0.5*x2^2'), 1, [I(-0.01, 0.01), I(-0.01, 0.01)]).ok).toBe(true);
  });
});
