import { describe, expect, it } from 'vitest';
import { Decimal as DecimalBase } from 'decimal.js';
import { checkKl0Bound, minULowerBound } from '../../../src/kernel/checks/kl0.js';
import { regularizer } from './helpers.js';

const Decimal = DecimalBase.clone({ precision: 60 });

/** Exact KL(N(c 1, s^2 I) || N(center, T/lambda I)) in 60-digit decimals. */
function exactKl(d: number, lambda: number, T: number, center: number[], c: number, s: number): number {
  const a = new Decimal(lambda).div(T); // precision of pi
  const s2 = new Decimal(s).pow(2);
  let quad = new Decimal(0);
  for (const x of center) quad = quad.plus(new Decimal(c).minus(x).pow(2));
  // (tr(A S) + mu'A mu - d - ln det(A S)) / 2 with A = a I, S = s^2 I
  return a.times(s2).times(d).plus(a.times(quad)).minus(d).minus(a.times(s2).ln().times(d)).div(2).toNumber();
}

describe('checkKl0Bound', () => {
  for (const [lambda, T, center, c, s] of [
    [1, 1, [0, 0], 0, 1],
    [4, 2, [1, -1], 2, 0.5],
    [0.5, 1, [0, 0, 0], -1, 2],
  ] as const) {
    it(`is an upper bound, and tight for a quadratic (lambda ${lambda}, T ${T}, start N(${c}, ${s}^2))`, () => {
      const model = { kind: 'quadratic' as const, dim: center.length, lambda, center: [...center] };
      const m = lambda / T;
      const minU = minULowerBound(model, T, m * (1 - 1e-12), [...center]).lo;
      const r = checkKl0Bound({ model, temperature: T, m: m * (1 - 1e-12), infW: 0, smoothness: m * (1 + 1e-12), init: { mean: c, std: s }, minU });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const exact = exactKl(center.length, lambda, T, [...center], c, s);
      expect(r.value.upper).toBeGreaterThanOrEqual(exact);
      expect(r.value.upper).toBeLessThan(exact + 1e-6);
    });
  }

  it('min U from any anchor is a lower bound', () => {
    const model = regularizer(2);
    for (const anchor of [[0, 0], [1, 1], [-3, 0.5]]) expect(minULowerBound(model, 1, 2, anchor).lo).toBeLessThanOrEqual(0);
    // With a smaller m the bound is looser but still sound.
    expect(minULowerBound(model, 1, 1, [1, 1]).lo).toBeLessThanOrEqual(minULowerBound(model, 1, 2, [1, 1]).lo);
  });

  it('refuses infinite smoothness and m <= 0', () => {
    const model = regularizer(1);
    expect(checkKl0Bound({ model, temperature: 1, m: 1, infW: 0, smoothness: Infinity, init: { mean: 0, std: 1 }, minU: 0 }).ok).toBe(false);
    expect(checkKl0Bound({ model, temperature: 1, m: 0, infW: 0, smoothness: 1, init: { mean: 0, std: 1 }, minU: 0 }).ok).toBe(false);
  });
});
