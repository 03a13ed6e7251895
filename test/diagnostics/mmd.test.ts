import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { medianHeuristic, mmd } from '../../src/diagnostics/mmd.js';
import { createRng } from '../../src/random/rng.js';

Decimal.set({ precision: 60 });

function gaussianSample(n: number, d: number, shift: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  rng.fillNormal(x);
  for (let k = 0; k < x.length; k++) x[k] = x[k]! + shift;
  return x;
}

describe('mmd', () => {
  it('matches a 60-digit evaluation of the unbiased statistic on a tiny case', () => {
    // x = {0, 1}, y = {0, 3} in 1D, h = 1: MMD^2 = k(0,1) + k(0,3) - (k(0,0) + k(0,3) + k(1,0) + k(1,3)) / 2
    const k = (a: number, b: number) => new Decimal(-(a - b) * (a - b)).div(2).exp();
    const expected = k(0, 1).plus(k(0, 3)).minus(k(0, 0).plus(k(0, 3)).plus(k(1, 0)).plus(k(1, 3)).div(2));
    const r = mmd(new Float64Array([0, 1]), new Float64Array([0, 3]), 1, { bandwidth: 1 });
    expect(Math.abs(r.mmd2 - expected.toNumber())).toBeLessThan(1e-15);
    expect(r.bandwidth).toBe(1);
  });

  it('is near 0 for two samples of one law and clearly positive for a shifted law (seeded)', () => {
    const x = gaussianSample(300, 2, 0, 1);
    const same = mmd(x, gaussianSample(300, 2, 0, 2), 2);
    const shifted = mmd(x, gaussianSample(300, 2, 1, 3), 2);
    expect(Math.abs(same.mmd2)).toBeLessThan(0.01);
    expect(shifted.mmd2).toBeGreaterThan(0.1);
  });

  it('median heuristic: the median pairwise distance', () => {
    // pooled {0, 1, 3}: distances 1, 2, 3 -> median 2
    expect(medianHeuristic(new Float64Array([0, 1]), new Float64Array([3]), 1)).toBe(2);
  });

  it('refuses samples that are too small', () => {
    expect(() => mmd(new Float64Array([0]), new Float64Array([1, 2]), 1)).toThrow(/at least 2/);
  });
});
