import { describe, expect, it } from 'vitest';
import { barrierOnBox, gaussianSmoothed, halfPower, validateBarrier, type GaussianBarrier } from '../../../src/kernel/barrier/gaussianBarrier.js';
import { point } from '../../../src/kernel/interval.js';
import { D, gaussianExpectation1d, smoothedReference } from './reference.js';

const contains = (i: { lo: number; hi: number }, x: InstanceType<typeof D>): boolean => x.gte(i.lo) && x.lte(i.hi);

describe('Gaussian barrier closed forms', () => {
  it('the quadrature reference matches the completed-square formula in 50 digits (the reference is sound)', () => {
    // (1 - 2 alpha s2)^{-1/2} exp(alpha a^2 / (1 - 2 alpha s2)) at alpha = -1/2, a = 1.3, s2 = 0.7
    const q = new D(1).plus(0.7);
    const closed = q.pow(-0.5).mul(new D(-0.5).mul(1.69).div(q).exp());
    expect(gaussianExpectation1d(-0.5, 1.3, 0.7).minus(closed).abs().toNumber()).toBeLessThan(1e-40);
  });

  const cases: { name: string; b: GaussianBarrier; m: number[]; s2: number }[] = [
    { name: '1d bump', b: { rising: [], bumps: [{ weight: 0.7, center: [4.5], variance: 0.3 }] }, m: [3.1], s2: 0.2 },
    { name: '1d rising', b: { rising: [{ weight: 1e-6, center: [-1], variance: 2.5 }], bumps: [] }, m: [2.2], s2: 0.2 },
    {
      name: '2d mixed',
      b: { rising: [{ weight: 3e-5, center: [0.5, -0.25], variance: 3 }], bumps: [{ weight: 1.5, center: [3, 1], variance: 0.5 }, { weight: 0.25, center: [4, -1], variance: 2 }] },
      m: [2.5, 0.125],
      s2: 0.1,
    },
    { name: '3d bump', b: { rising: [], bumps: [{ weight: 2, center: [1, 0, -1], variance: 0.8 }] }, m: [0.5, 0.25, -0.5], s2: 0.3 },
  ];
  for (const c of cases) {
    it(`E B(m + sqrt(s2) xi) is enclosed tightly: ${c.name}`, () => {
      const ref = smoothedReference(c.b.rising as never, c.b.bumps as never, c.m, c.s2);
      const enc = gaussianSmoothed(c.b, c.m.map(point), point(c.s2));
      expect(contains(enc, ref)).toBe(true);
      expect((enc.hi - enc.lo) / ref.toNumber()).toBeLessThan(1e-13);
    });
  }

  it('B over a box contains B at dense points of the box', () => {
    const b = cases[2]!.b;
    const box = [{ lo: 2, hi: 3 }, { lo: -0.5, hi: 0.5 }];
    const enc = barrierOnBox(b, box);
    for (let i = 0; i <= 10; i++) for (let j = 0; j <= 10; j++) {
      const x = [2 + i / 10, -0.5 + j / 10];
      expect(contains(enc, smoothedReference(b.rising as never, b.bumps as never, x, 0))).toBe(true);
    }
  });

  it('a rising term whose variance does not exceed the smoothing variance has no finite expectation: refused', () => {
    const b: GaussianBarrier = { rising: [{ weight: 1, center: [0], variance: 0.2 }], bumps: [] };
    expect(() => gaussianSmoothed(b, [point(0)], point(0.2))).toThrow(/does not exceed/);
    expect(() => gaussianSmoothed(b, [point(0)], point(0.25))).toThrow(/does not exceed/);
  });

  it('halfPower r^{d/2} for even and odd d contains the exact value', () => {
    expect(contains(halfPower(point(0.5), 3), new D(0.5).pow(1.5))).toBe(true);
    expect(contains(halfPower(point(0.3), 4), new D(0.3).pow(2))).toBe(true);
  });

  it('validateBarrier refuses negative weights, non-positive variances and wrong dimensions', () => {
    expect(validateBarrier({ rising: [], bumps: [{ weight: -1e-9, center: [0], variance: 1 }] }, 1)).toMatch(/weight/);
    expect(validateBarrier({ rising: [{ weight: 1, center: [0], variance: 0 }], bumps: [] }, 1)).toMatch(/variance/);
    expect(validateBarrier({ rising: [], bumps: [{ weight: 1, center: [0, 1], variance: 1 }] }, 1)).toMatch(/coordinates/);
    expect(validateBarrier({ rising: [], bumps: [{ weight: 1, center: [NaN], variance: 1 }] }, 1)).toMatch(/finite/);
    expect(validateBarrier({ rising: [], bumps: [{ weight: 1, center: [0], variance: 1 }] }, 1)).toBeUndefined();
  });
});
