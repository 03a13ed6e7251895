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

  const exact = (x: number): Decimal => new D(x.toPrecision(100)); // every digit of the double

  it('rounds down where round-to-nearest would overshoot: q - p_hi (5/7 - 0.1) and p_lo - q (0.4 - 1/3)', () => {
    // In both, the nearest double of the float expression lies above the exact value.
    expect(exact(5 / 7 - 0.1).gt(new D(5).div(7).minus(exact(0.1)))).toBe(true);
    expect(exact(0.4 - 1 / 3).gt(exact(0.4).minus(new D(1).div(3)))).toBe(true);
    const above = checkTvLowerBound([5], 7, [{ lo: 0, hi: 0.1 }], 0.5);
    const below = checkTvLowerBound([1], 3, [{ lo: 0.4, hi: 1 }], 0.5);
    expect(above.ok && below.ok).toBe(true);
    if (!above.ok || !below.ok) return;
    const a = new D(5).div(7).minus(exact(0.1));
    const b = exact(0.4).minus(new D(1).div(3));
    expect(new D(above.value.histogram).lte(a)).toBe(true);
    expect(a.minus(above.value.histogram).lt(1e-15)).toBe(true);
    expect(new D(below.value.histogram).lte(b)).toBe(true);
    expect(b.minus(below.value.histogram).lt(1e-15)).toBe(true);
    // statistical = histogram - t rounded down, t = sqrt(ln(2/0.5)/(2n)) rounded up: n = 7 gives 0.4437... < 0.514.
    const t7 = new D(4).ln().div(14).sqrt();
    expect(new D(above.value.halfWidth).gte(t7) && new D(above.value.halfWidth).minus(t7).lt(1e-15)).toBe(true);
    expect(new D(above.value.statistical).lte(a.minus(t7))).toBe(true);
    expect(a.minus(t7).minus(above.value.statistical).lt(1e-15)).toBe(true);
    // n = 3: t = 0.48 > histogram 0.0667: the statistical bound is 0, not negative.
    expect(below.value.statistical).toBe(0);
  });

  it('the region attaining the maximum: a later region when it is larger (the "below" side), the first on a tie', () => {
    const r = checkTvLowerBound([50, 10, 0], 100, [{ lo: 0.4, hi: 0.6 }, { lo: 0.3, hi: 0.35 }, { lo: 0, hi: 0.5 }], 0.01);
    expect(r.ok && r.value.region).toBe(1);
    expect(r.ok && r.value.histogram).toBe(0.19999999999999998); // 0.3 - 0.1 rounded down
    const smallerLater = checkTvLowerBound([80, 30], 100, [{ lo: 0.25, hi: 0.5 }, { lo: 0.25, hi: 0.25 }], 0.01);
    expect(smallerLater.ok && smallerLater.value.region).toBe(0);
    // 80/100 - 0.5 = 0.3 exactly in reals; the kernel's value is at most that and within 1e-15.
    if (smallerLater.ok) expect(new D(smallerLater.value.histogram).lte(new D('0.3')) && new D(smallerLater.value.histogram).gt(new D('0.3').minus(1e-15))).toBe(true);
    const tie = checkTvLowerBound([75, 25], 100, [{ lo: 0, hi: 0.5 }, { lo: 0.5, hi: 1 }], 0.01);
    expect(tie.ok && tie.value.histogram).toBe(0.25);
    expect(tie.ok && tie.value.region).toBe(0);
  });

  it('refuses each malformed input with its reason; accepts the edge values', () => {
    const unit = { lo: 0, hi: 1 };
    const refused: [Parameters<typeof checkTvLowerBound>, RegExp][] = [
      [[[], 10, [], 0.1], /0 counts for 0 regions/],
      [[[1, 2], 10, [unit], 0.1], /2 counts for 1 regions/],
      [[[1], 10, [unit, unit], 0.1], /1 counts for 2 regions/],
      [[[0], 0, [unit], 0.1], /sample size 0 is not a positive integer/],
      [[[0], 2.5, [unit], 0.1], /sample size 2.5/],
      [[[0], -1, [unit], 0.1], /sample size -1/],
      [[[0], 10, [unit], 0], /delta 0 is not in \(0, 1\)/],
      [[[0], 10, [unit], 1], /delta 1 is not in/],
      [[[0], 10, [unit], NaN], /delta NaN is not in/],
      [[[11], 10, [unit], 0.1], /count 11 is not an integer in \[0, 10\]/],
      [[[-1], 10, [unit], 0.1], /count -1/],
      [[[0.5], 10, [unit], 0.1], /count 0.5/],
      [[[1], 10, [{ lo: -1e-300, hi: 0.5 }], 0.1], /mass bracket 0 is not inside \[0, 1\]/],
      [[[1, 1], 10, [unit, { lo: 0.5, hi: 1.0000000000000002 }], 0.1], /mass bracket 1 is not inside/],
      [[[1], 10, [{ lo: 0.6, hi: 0.5 }], 0.1], /mass bracket 0/],
      [[[1], 10, [{ lo: NaN, hi: 0.5 }], 0.1], /mass bracket 0/],
    ];
    for (const [args, pattern] of refused) {
      const r = checkTvLowerBound(...args);
      expect(r.ok, JSON.stringify(args)).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(pattern);
    }
    const accepted: Parameters<typeof checkTvLowerBound>[] = [
      [[1], 1, [unit], 0.1],
      [[0, 10], 10, [{ lo: 0, hi: 0 }, { lo: 1, hi: 1 }], 0.999],
      [[3], 10, [unit], 1e-300],
    ];
    for (const args of accepted) expect(checkTvLowerBound(...args).ok, JSON.stringify(args)).toBe(true);
    // Point brackets at 0 and 1 with matching counts: nothing is off.
    const pts = checkTvLowerBound([0, 10], 10, [{ lo: 0, hi: 0 }, { lo: 1, hi: 1 }], 0.5);
    expect(pts.ok && pts.value.histogram).toBe(0);
  });
});
