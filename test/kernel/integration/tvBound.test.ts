import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { checkTvLowerBound } from '../../../src/kernel/integration/tvBound.js';

const D = Decimal.clone({ precision: 40 });

describe('checkTvLowerBound', () => {
  it('histogram bound and Hoeffding half-width against 40-digit references', () => {
    // q = (70/100, 30/100); pi in [0.5, 0.51] and [0.45, 0.5]: max(0.7 - 0.51, 0.45 - 0.3) = 0.19.
    const r = checkTvLowerBound([70, 30], 100, [{ lo: 0.5, hi: 0.51 }, { lo: 0.45, hi: 0.5 }], 0.05);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = new D(70).div(100).minus(0.51);
    expect(new D(r.value.histogram).lte(h)).toBe(true);
    expect(h.minus(r.value.histogram).abs().lt(1e-15)).toBe(true);
    expect(r.value.region).toBe(0);
    const t = new D(4).div(0.05).ln().div(200).sqrt(); // sqrt(ln(2k/delta)/(2n)), k = 2
    expect(new D(r.value.halfWidth).gte(t)).toBe(true);
    expect(new D(r.value.halfWidth).minus(t).lt(1e-14)).toBe(true);
    expect(r.value.statistical).toBeLessThanOrEqual(h.minus(t).toNumber());
    expect(r.value.statistical).toBeGreaterThan(h.minus(t).toNumber() - 1e-14);
  });

  it('is 0 when the frequencies are inside the brackets; refuses bad counts', () => {
    const ok = checkTvLowerBound([50], 100, [{ lo: 0.4, hi: 0.6 }], 0.01);
    expect(ok.ok && ok.value.histogram === 0 && ok.value.statistical === 0).toBe(true);
    expect(checkTvLowerBound([101], 100, [{ lo: 0, hi: 1 }], 0.01).ok).toBe(false);
    expect(checkTvLowerBound([60, 60], 100, [{ lo: 0, hi: 1 }, { lo: 0, hi: 1 }], 0.01).ok).toBe(true); // overlapping regions
    expect(checkTvLowerBound([-1], 100, [{ lo: 0, hi: 1 }], 0.01).ok).toBe(false);
    expect(checkTvLowerBound([1], 100, [{ lo: 0, hi: 1 }], 0).ok).toBe(false);
    expect(checkTvLowerBound([1.5], 100, [{ lo: 0, hi: 1 }], 0.1).ok).toBe(false);
  });

  it('coverage: for samples drawn from pi itself, the statistical bound is 0 in at least 1 - delta of runs', () => {
    // pi(A) = 0.3 exactly; 200 runs of n = 400 Bernoulli draws from a seeded LCG.
    let state = 12345;
    const u = (): number => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state / 2 ** 32; };
    let positive = 0;
    for (let run = 0; run < 200; run++) {
      let c = 0;
      for (let i = 0; i < 400; i++) if (u() < 0.3) c++;
      const r = checkTvLowerBound([c], 400, [{ lo: 0.3, hi: 0.3 }], 0.05);
      if (r.ok && r.value.statistical > 0) positive++;
    }
    expect(positive).toBeLessThanOrEqual(10);
  });
});
