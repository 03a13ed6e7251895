import { describe, expect, it } from 'vitest';
import { checkGradientFlowWitness, stationarityDefect } from '../../../src/kernel/checks/gradientFlow.js';
import { I, expr, regularizer } from './helpers.js';
import { D60, d60, encloses } from '../intervalReference.js';

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

describe('checkGradientFlowWitness: exclusion of 0 is strict, boxes need positive width', () => {
  it('rejects an enclosure that touches 0: f = 0 has lap f - |grad f|^2 = 0 exactly (pi is invariant)', () => {
    const flat = expr('x1 - x1 + x2 - x2');
    const box = [I(-1, 1), I(-1, 1)];
    const q = stationarityDefect(flat, 1, box);
    expect(q).toEqual({ lo: 0, hi: 0 });
    const r = checkGradientFlowWitness(flat, 1, box);
    expect(r.ok ? 'accepted' : r.reason).toMatch(/does not exclude 0/);
  });

  it('rejects a box with one zero-width coordinate, even where the defect excludes 0', () => {
    const near = [I(-0.01, 0.01), I(-0.01, 0.01)];
    expect(checkGradientFlowWitness(regularizer(1), 2, near).ok).toBe(true);
    for (const box of [[I(-0.01, 0.01), I(0, 0)], [I(0, 0), I(-0.01, 0.01)]]) {
      const r = checkGradientFlowWitness(regularizer(1), 2, box);
      expect(r.ok ? 'accepted' : r.reason).toMatch(/positive width/);
    }
  });

  it('the defect of the Gaussian is enclosed: 2 / T - |x|^2 / T^2 (60 digits)', () => {
    // f = |x|^2 / (2T) (lambda = 1, d = 2): lap f = 2 / T, |grad f|^2 = |x|^2 / T^2.
    const T = 0.7;
    const box = [I(0.25, 0.5), I(-0.75, -0.5)];
    const q = stationarityDefect(regularizer(1), T, box);
    const t = d60(T);
    // extremes: |x|^2 in [0.25^2 + 0.5^2, 0.5^2 + 0.75^2]
    const hi = new D60(2).div(t).minus(new D60(0.3125).div(t.pow(2)));
    const lo = new D60(2).div(t).minus(new D60(0.8125).div(t.pow(2)));
    expect(encloses(q, hi) && encloses(q, lo)).toBe(true);
    expect(new D60(q.hi).minus(hi).abs().lte(1e-14)).toBe(true);
    expect(new D60(q.lo).minus(lo).abs().lte(1e-14)).toBe(true);
    const r = checkGradientFlowWitness(regularizer(1), T, box);
    expect(r.ok && r.value.generator).toEqual(q);
  });

  it('refuses a bad temperature, a bad box and a model that is not C^2', () => {
    const box = [I(-0.01, 0.01), I(-0.01, 0.01)];
    expect(checkGradientFlowWitness(regularizer(1), 0, box)).toEqual({ ok: false, reason: 'gradient-flow witness: temperature 0: must be a positive finite number' });
    const short = checkGradientFlowWitness(regularizer(1), 1, [I(-0.01, 0.01)]);
    expect(short.ok ? 'accepted' : short.reason).toMatch(/^gradient-flow witness box: has 1 coordinates, expected 2/);
    const r = checkGradientFlowWitness(expr('abs(x1) + x2^2'), 1, box);
    expect(r.ok ? 'accepted' : r.reason).toMatch(/^gradient-flow witness: the expression uses abs/);
    // An enclosure that throws (log of negatives) proves nothing.
    expect(checkGradientFlowWitness(expr('log(x1) + x2^2'), 1, [I(-1, 1), I(0, 1)]).ok).toBe(false);
  });
});
