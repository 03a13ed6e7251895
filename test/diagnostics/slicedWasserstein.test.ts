import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { slicedWasserstein2, wasserstein1dSquared } from '../../src/diagnostics/slicedWasserstein.js';
import { createRng } from '../../src/random/rng.js';

Decimal.set({ precision: 60 });

describe('wasserstein1dSquared', () => {
  it('integrates the quantile step functions exactly', () => {
    // a = {0, 1} vs b = {0, 1, 2, 3}: quarters pair (0,0), (0,1), (1,2), (1,3) -> (0 + 1 + 1 + 4) / 4
    expect(wasserstein1dSquared(new Float64Array([1, 0]), new Float64Array([3, 0, 2, 1]))).toBe(1.5);
    expect(wasserstein1dSquared(new Float64Array([2, 5]), new Float64Array([2, 5]))).toBe(0);
    // thirds against halves: pieces [0,1/3) (0-0), [1/3,1/2) (0-1), [1/2,2/3) (4-1), [2/3,1) (4-2)
    const expected = 0 + (1 / 6) * 1 + (1 / 6) * 9 + (1 / 3) * 4;
    expect(wasserstein1dSquared(new Float64Array([0, 4]), new Float64Array([0, 1, 2]))).toBeCloseTo(expected, 14);
  });
});

describe('slicedWasserstein2', () => {
  it('two Gaussians: matches the closed form averaged over directions (60-digit quadrature)', () => {
    // Per direction theta: W2^2 = (theta.mu)^2 + (1 - sqrt(theta' S theta))^2 for N(0, I) vs N(mu, S), S diagonal.
    const mu = [1.5, -0.5], s = [2, 0.5];
    const K = 256; // trapezoid on a periodic analytic integrand: exponentially accurate
    let acc = new Decimal(0);
    const pi = Decimal.acos(-1);
    for (let k = 0; k < K; k++) {
      const t = pi.times(2 * k).div(K);
      const c = Decimal.cos(t), sn = Decimal.sin(t);
      const proj = c.times(mu[0]!).plus(sn.times(mu[1]!));
      const sd = c.pow(2).times(s[0]! ** 2).plus(sn.pow(2).times(s[1]! ** 2)).sqrt();
      acc = acc.plus(proj.pow(2)).plus(new Decimal(1).minus(sd).pow(2));
    }
    const exact = Math.sqrt(acc.div(K).toNumber());
    const rng = createRng(7);
    const n = 4000;
    const x = new Float64Array(2 * n), y = new Float64Array(2 * n);
    rng.fillNormal(x);
    rng.fillNormal(y);
    for (let i = 0; i < n; i++) {
      y[2 * i] = mu[0]! + s[0]! * y[2 * i]!;
      y[2 * i + 1] = mu[1]! + s[1]! * y[2 * i + 1]!;
    }
    const sw = slicedWasserstein2(x, y, 2, createRng(11), 400);
    expect(Math.abs(sw - exact) / exact).toBeLessThan(0.05);
  });

  it('is reproducible for a seed and 0 between a sample and itself', () => {
    const x = new Float64Array([0, 0, 1, 2, -1, 3]);
    expect(slicedWasserstein2(x, x.slice(), 2, createRng(1), 10)).toBe(0);
    const y = new Float64Array([1, 1, 2, 0, 0, 0]);
    expect(slicedWasserstein2(x, y, 2, createRng(5), 10)).toBe(slicedWasserstein2(x, y, 2, createRng(5), 10));
  });
});
