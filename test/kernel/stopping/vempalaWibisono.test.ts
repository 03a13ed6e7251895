import { Decimal } from 'decimal.js';
import { exactDecimalString } from '../../certify/stopping/exactDecimal.js';
import { describe, expect, it } from 'vitest';
import { interval, point } from '../../../src/kernel/interval.js';
import { vempalaWibisonoBound, vempalaWibisonoInapplicable, vempalaWibisonoMaxStep, vempalaWibisonoSeedStep } from '../../../src/kernel/stopping/vempalaWibisono.js';

const D = Decimal.clone({ precision: 50 });

describe('vempalaWibisonoBound', () => {
  it('encloses exp(-alpha h N) KL0 + 8 h d L^2 / alpha (50-digit reference)', () => {
    const cases = [
      { dim: 2, alpha: 1, smoothness: 4, kl0: 10.8, h: 3.5e-5, n: 264176 },
      { dim: 7, alpha: 0.3, smoothness: 2.5, kl0: 123.4, h: 1e-6, n: 12345678 },
      { dim: 1, alpha: 2, smoothness: 2, kl0: 0.01, h: 0.1, n: 0 },
    ];
    for (const c of cases) {
      const got = vempalaWibisonoBound(c, point(c.h), c.n);
      const a = new D(exactDecimalString(c.alpha));
      const h = new D(exactDecimalString(c.h));
      const exact = a.times(h).times(c.n).neg().exp().times(new D(exactDecimalString(c.kl0)))
        .plus(h.times(8).times(c.dim).times(new D(exactDecimalString(c.smoothness)).pow(2)).div(a)).toNumber();
      expect(got.lo <= exact && exact <= got.hi, JSON.stringify(c)).toBe(true);
      expect(got.hi - got.lo).toBeLessThan(1e-12 * exact + 1e-300);
    }
  });

  it('is monotone in h over an interval of steps and has the right admissible maximum', () => {
    const c = { dim: 2, alpha: 1, smoothness: 4, kl0: 10 };
    const wide = vempalaWibisonoBound(c, interval(1e-5, 2e-5), 1000);
    const lo = vempalaWibisonoBound(c, point(1e-5), 1000);
    const hi = vempalaWibisonoBound(c, point(2e-5), 1000);
    expect(wide.lo).toBeLessThanOrEqual(Math.min(lo.lo, hi.lo));
    expect(wide.hi).toBeGreaterThanOrEqual(Math.max(lo.hi, hi.hi));
    const hMax = vempalaWibisonoMaxStep(c);
    expect(hMax.lo <= 1 / 64 && 1 / 64 <= hMax.hi).toBe(true);
  });
});

describe('vempalaWibisonoSeedStep and vempalaWibisonoInapplicable', () => {
  it('is min(alpha / (4 L^2), alpha eps / (16 d L^2)) in both regimes (50-digit reference)', () => {
    for (const [c, eps] of [
      [{ dim: 3, alpha: 0.7, smoothness: 2.5, kl0: 1 }, 0.1], // the bias term is the smaller
      [{ dim: 1, alpha: 0.7, smoothness: 2.5, kl0: 1 }, 30], // alpha / (4 L^2) is the smaller
    ] as const) {
      const a = new D(exactDecimalString(c.alpha));
      const l2 = new D(exactDecimalString(c.smoothness)).pow(2);
      const maxStep = a.div(l2.times(4));
      const bias = a.times(new D(exactDecimalString(eps))).div(l2.times(16 * c.dim));
      const exact = D.min(maxStep, bias);
      const got = vempalaWibisonoSeedStep(c, eps);
      expect(new D(exactDecimalString(got.lo)).lte(exact) && new D(exactDecimalString(got.hi)).gte(exact), JSON.stringify(c)).toBe(true);
      expect(got.hi - got.lo).toBeLessThan(1e-15 * exact.toNumber());
    }
  });

  it('names the first unusable constant, and accepts usable ones (kl0 = 0 included)', () => {
    const ok = { dim: 2, alpha: 1, smoothness: 4, kl0: 0 };
    expect(vempalaWibisonoInapplicable(ok)).toBeNull();
    expect(vempalaWibisonoInapplicable({ ...ok, alpha: 0 })).toMatch(/^alpha = 0/);
    expect(vempalaWibisonoInapplicable({ ...ok, alpha: Infinity })).toMatch(/^alpha = Infinity/);
    expect(vempalaWibisonoInapplicable({ ...ok, smoothness: 0 })).toMatch(/^L = 0/);
    expect(vempalaWibisonoInapplicable({ ...ok, smoothness: Infinity })).toMatch(/^L = Infinity/);
    expect(vempalaWibisonoInapplicable({ ...ok, kl0: -1e-300 })).toMatch(/^KL0 = /);
    expect(vempalaWibisonoInapplicable({ ...ok, kl0: Infinity })).toMatch(/^KL0 = Infinity/);
    expect(vempalaWibisonoInapplicable({ ...ok, kl0: Number.NaN })).toMatch(/^KL0 = NaN/);
  });
});
