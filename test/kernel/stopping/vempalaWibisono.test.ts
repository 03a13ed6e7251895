import { Decimal } from 'decimal.js';
import { exactDecimalString } from '../../certify/stopping/exactDecimal.js';
import { describe, expect, it } from 'vitest';
import { interval, point } from '../../../src/kernel/interval.js';
import { vempalaWibisonoBound, vempalaWibisonoMaxStep } from '../../../src/kernel/stopping/vempalaWibisono.js';

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
