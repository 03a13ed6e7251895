// The Lyapunov moments of the localisation route against independent references: the Gaussian moment
// E exp(s Z^2) by a fine Simpson quadrature of the density (agreement to 1e-9 checks the formula) and
// by the closed form evaluated in 60-digit decimal arithmetic (containment checks the rounding).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gaussianSquareMgf, lyapunovOnBox, truncatedStartMoment, ulaLyapunovLogRatio, ulaLyapunovMoment } from '../../../src/kernel/stopping/localisationMoments.js';
import { point } from '../../../src/kernel/interval.js';
import { D60, d60, encloses, exactDecimal } from '../intervalReference.js';
import type { Decimal } from 'decimal.js';

/** int exp(s z^2) N(z; mu, v) dz by composite Simpson on mu +- 40 sd of the tilted Gaussian (float64, independent of the formula). */
function quadratureMgf(mu: number, v: number, s: number, a = -Infinity, b = Infinity): number {
  const tilted = Math.sqrt(v / Math.max(1e-12, 1 - 2 * s * v));
  const lo = Math.max(a, mu / (1 - 2 * s * v) - 40 * tilted - Math.abs(mu));
  const hi = Math.min(b, mu / (1 - 2 * s * v) + 40 * tilted + Math.abs(mu));
  const n = 200_000;
  const step = (hi - lo) / n;
  const g = (z: number): number => Math.exp(s * z * z - ((z - mu) * (z - mu)) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
  let sum = g(lo) + g(hi);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * g(lo + k * step);
  return (sum * step) / 3;
}

/** (1 - 2sv)^(-1/2) exp(s mu^2 / (1 - 2sv)) in 60-digit decimals from the exact doubles. */
function decimalMgf(mu: number, v: number, s: number): Decimal {
  const one = new D60(1);
  const oneMinus = one.minus(d60(s).times(d60(v)).times(2));
  return d60(s).times(d60(mu).pow(2)).div(oneMinus).exp().div(oneMinus.sqrt());
}

describe('gaussianSquareMgf', () => {
  it('agrees with a fine quadrature of the Gaussian density (the formula is right)', () => {
    for (const [mu, v, s] of [[0, 1, 0.3], [1.5, 0.06, 2], [-2, 0.5, 0.7], [0.3, 2, 0.2]] as const) {
      const e = gaussianSquareMgf(point(mu), point(v), point(s));
      const q = quadratureMgf(mu, v, s);
      expect(Math.abs(e.hi - q) / q).toBeLessThan(1e-9);
    }
  });

  it('encloses the 60-digit closed form, with a width of a few ulps', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 1e-4, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.45, noNaN: true }), (mu, v, s) => {
        const e = gaussianSquareMgf(point(mu), point(v), point(s));
        expect(encloses(e, decimalMgf(mu, v, s))).toBe(true);
        // exp turns the exponent's absolute width into a relative one: a few ulps per unit of s mu^2 / (1 - 2 s v)
        // (mu = 3.16, v = 0.991, s = 0.45 gives 41.5 and a width of 1.02e-13).
        const exponent = (s * mu * mu) / (1 - 2 * s * v);
        expect((e.hi - e.lo) / e.hi).toBeLessThan(1e-14 * (1 + exponent));
      }),
      { numRuns: 200, examples: [[3.159594600731186, 0.9910243652731198, 0.44999999999999984]] },
    );
  });

  it('refuses 2 s v >= 1 (the moment is infinite) and 2 s v one ulp below 1 is still finite', () => {
    expect(() => gaussianSquareMgf(point(0), point(1), point(0.5))).toThrow(/not proven < 1/);
    expect(() => gaussianSquareMgf(point(0), point(2), point(0.25))).toThrow(/not proven < 1/);
    expect(gaussianSquareMgf(point(0), point(1), point(0.49)).hi).toBeGreaterThan(1);
  });
});

describe('ulaLyapunovMoment and ulaLyapunovLogRatio', () => {
  it('the ULA moment at a point is the product of the per-axis Gaussian moments (decimal reference)', () => {
    const x = [0.7, -1.3], g = [2.5, -0.4], c = [0.1, 0], s = [0.8, 0.3], h = 0.05;
    const e = ulaLyapunovMoment(x.map(point), g.map(point), c, s, point(h));
    let ref = new D60(1);
    for (let i = 0; i < 2; i++) {
      const mu = d60(x[i]!).minus(d60(h).times(d60(g[i]!))).minus(d60(c[i]!));
      const oneMinus = new D60(1).minus(d60(s[i]!).times(d60(h)).times(4));
      ref = ref.times(d60(s[i]!).times(mu.pow(2)).div(oneMinus).exp().div(oneMinus.sqrt()));
    }
    expect(encloses(e, ref)).toBe(true);
  });

  it('exp(log ratio) * Phi(x) encloses the moment at points (the algebra of the ratio form)', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 1e-4, max: 0.1, noNaN: true }), (x, g, s, h) => {
        const box = [point(x)], grad = [point(g)];
        const ratio = ulaLyapunovLogRatio(box, grad, [0], [s], point(h));
        const oneMinus = new D60(1).minus(d60(s).times(d60(h)).times(4));
        const mu = d60(x).minus(d60(h).times(d60(g)));
        const logRef = d60(s).times(mu.pow(2)).div(oneMinus).minus(d60(s).times(d60(x).pow(2))).minus(oneMinus.ln().div(2));
        expect(encloses(ratio, logRef)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('Phi over a box encloses exp(sum s (x - c)^2) at its corners', () => {
    const box = [{ lo: -1, hi: 2 }, { lo: 0.5, hi: 0.75 }];
    const phi = lyapunovOnBox(box, [0.25, 0], [0.5, 2]);
    for (const [a, b] of [[-1, 0.5], [2, 0.75], [0.25, 0.5]] as const) {
      const ref = d60(0.5).times(d60(a).minus(d60(0.25)).pow(2)).plus(d60(2).times(d60(b).pow(2))).exp();
      expect(encloses(phi, ref)).toBe(true);
    }
  });
});

describe('truncatedStartMoment', () => {
  it('is at least the truncated moment by quadrature in both regimes (2 s sigma^2 < 1 and >= 1)', () => {
    for (const [a, b, m, sigma, s, c] of [[-3, 3, 0, 1, 0.3, 0], [-3, 3, 0.5, 1, 2, 0], [-2, 4, 1, 0.8, 1.5, 0.5], [-1, 1, 0, 1, 0.45, 0]] as const) {
      const bound = truncatedStartMoment(a, b, m, sigma, s, c);
      const ref = quadratureMgf(m - c, sigma * sigma, s, a - c, b - c);
      expect(bound).toBeGreaterThanOrEqual(ref * (1 + 1e-9));
    }
  });

  it('refuses unbounded intervals and a 2 s sigma^2 that straddles 1', () => {
    expect(() => truncatedStartMoment(-Infinity, 1, 0, 1, 0.3, 0)).toThrow(/bounded/);
    expect(() => truncatedStartMoment(-1, 1, 0, 1, 0.5 * (1 + Number.EPSILON / 4), 0)).not.toThrow();
  });

  it('the exact decimal of the convex-regime bound is an upper bound at the maximising end', () => {
    // 2 s sigma^2 = 4 >= 1: the bound is (b - a) max end value / (sigma sqrt(2 pi)); at the ends it is attained.
    const bound = truncatedStartMoment(-2, 2, 0, 1, 2, 0);
    const endValue = new D60(8).minus(new D60(2)).exp().div(new D60(2).times(D60.acos(-1)).sqrt()).times(4);
    expect(exactDecimal(bound).gte(endValue)).toBe(true);
    expect(exactDecimal(bound).lte(endValue.times(1 + 1e-12))).toBe(true);
  });
});
