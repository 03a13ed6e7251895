// The per-cell pieces of the grid-propagation route in isolation, fast enough for mutation testing:
// the lemma constants, the lemma bound, the cell variance from stored moments and the second moment of
// a Gaussian on a cell, each against 60-digit decimals (closed forms), rounded the safe way and tight,
// so that a bound one rounding too optimistic, a swapped interval end or a dropped clamp fails.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { cellLemmaBound, cellVarianceUpper, lemmaConstants } from '../../../src/kernel/stopping/gridPropagation.js';
import { secondMomentAboutLeft } from '../../../src/kernel/stopping/gridAxisTables.js';
import { nextDown, nextUp } from '../../../src/kernel/rounding.js';
import type { Interval } from '../../../src/kernel/interval.js';
import { exactDecimal } from '../intervalReference.js';

const D = Decimal.clone({ precision: 60 });
const PI = D.acos(-1);
const dec = (x: number): Decimal => new D(exactDecimal(x).toString());
const phi = (t: Decimal): Decimal => D.exp(t.times(t).neg().div(2)).div(D.sqrt(PI.times(2)));
/** Phi(b) - Phi(a) by the Taylor series of erf (|a|, |b| <= 5). */
function gaussMass(a: Decimal, b: Decimal): Decimal {
  const erf = (t: Decimal): Decimal => {
    const x = t.div(D.sqrt(2));
    let sum = new D(0), power = x;
    for (let n = 0; n < 800; n++) {
      const term = power.div(2 * n + 1);
      sum = n % 2 === 0 ? sum.plus(term) : sum.minus(term);
      power = power.times(x).times(x).div(n + 1);
      if (n > 10 && term.abs().lt('1e-70')) break;
    }
    return sum.times(2).div(D.sqrt(PI));
  };
  return erf(b).minus(erf(a)).div(2);
}
/** The tightest float enclosure of a decimal (one ulp each side of its nearest double). */
const around = (x: Decimal): Interval => ({ lo: nextDown(x.toNumber()), hi: nextUp(x.toNumber()) });
const pt = (x: number): Interval => ({ lo: x, hi: x });

describe('lemmaConstants: c1 = sqrt(2/pi) / s, c2 = 2 phi(1) / s^2, s^2 = 2h at the small end of h', () => {
  it('never below the closed forms at h.lo, and within 1e-14 of them', () => {
    for (const [lo, hi] of [[0.125, 0.125], [0.1, 0.2], [0.003, 0.0031]] as const) {
      const { c1, c2 } = lemmaConstants({ lo, hi });
      const s2 = dec(lo).times(2);
      const e1 = D.sqrt(new D(2).div(PI)).div(s2.sqrt()), e2 = phi(new D(1)).times(2).div(s2);
      expect(dec(c1).gte(e1), `c1 at h = [${lo}, ${hi}]`).toBe(true);
      expect(dec(c1).lt(e1.times(1 + 1e-14))).toBe(true);
      expect(dec(c2).gte(e2), `c2 at h = [${lo}, ${hi}]`).toBe(true);
      expect(dec(c2).lt(e2.times(1 + 1e-14))).toBe(true);
    }
  });
});

describe('cellLemmaBound: c1 h radF sqrt(V) + c2 Lip^2 V, rounded up', () => {
  it('at least the exact value (60 digits) and within 1e-14 of it, each factor in its place', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 3, noNaN: true }), fc.double({ min: 0.1, max: 3, noNaN: true }), fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.5, max: 2, noNaN: true }), fc.double({ min: 1e-8, max: 1e-2, noNaN: true }),
        (c1, c2, h, radF, lip, v) => {
          const got = cellLemmaBound(c1, c2, h, radF, lip, v);
          const exact = dec(c1).times(dec(h)).times(dec(radF)).times(dec(v).sqrt()).plus(dec(c2).times(dec(lip)).times(dec(lip)).times(dec(v)));
          expect(dec(got).gte(exact)).toBe(true);
          expect(dec(got).lt(exact.times(1 + 1e-14))).toBe(true);
        },
      ),
      { numRuns: 300, seed: 2024 },
    );
  });
});

describe('cellVarianceUpper: min(max(0, n2 - 2 o n1 + o^2 p), p w^2/4), o = n1/p clamped into [0, w]', () => {
  it('at least the exact second moment about left + o (60 digits) when the products round', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), (p, u, v0) => {
        const w = 0.1;
        const mu = u * w, n1 = p * mu, n2 = p * (mu * mu + v0 * mu * (w - mu));
        const got = cellVarianceUpper(p, n1, n2, w, 1);
        const o = Math.min(w, Math.max(0, n1 / p));
        const exact = dec(n2).minus(dec(o).times(2).times(dec(n1))).plus(dec(o).times(dec(o)).times(dec(p)));
        expect(dec(got).gte(Decimal.max(exact, 0))).toBe(true);
        expect(dec(got).minus(Decimal.max(exact, 0)).lte(dec(p * w * w * 2 ** -48))).toBe(true);
      }),
      { numRuns: 400, seed: 2025 },
    );
  });

  it('the clamps of o and of the result, each on its own', () => {
    // o = n1 / p = 2 is clamped to w = 1: 5 - 4 + 1 = 2 (unclamped: 5 - 8 + 4 = 1).
    expect(cellVarianceUpper(1, 2, 5, 1, 10)).toBe(2);
    // o = -1 is clamped to 0: 3 (unclamped: 3 - 2 + 1 = 2).
    expect(cellVarianceUpper(1, -1, 3, 1, 10)).toBe(3);
    // p = 0: o = 0 and the stored second moment is the bound (not n1 / 0 clamped to w).
    expect(cellVarianceUpper(0, 0.3, 0.2, 1, 10)).toBe(0.2);
    // A negative q (inconsistent stored moments) is clamped to 0, not returned.
    expect(cellVarianceUpper(1, 0.5, 0.1, 1, 10)).toBe(0);
    // The cap p w^2/4 applies when it is smaller, and only then.
    expect(cellVarianceUpper(1, 0.5, 0.5, 1, 0.25)).toBe(0.25);
    const below = cellVarianceUpper(1, 0.5, 0.3, 1, 0.25); // the double 0.3, minus 0.5, plus 0.25
    expect(dec(below).gte(dec(0.3).minus(0.25))).toBe(true);
    expect(below).toBeLessThan(0.05 + 1e-15);
  });
});

describe('secondMomentAboutLeft: s^2 int_{tLo}^{tHi} (z - tLo)^2 phi(z) dz, clipped to [0, w^2 M]', () => {
  /** The exact value and the kernel's inputs (tight float enclosures of phi and of the mass). */
  function setup(s: number, tLo: number, tHi: number) {
    const a = dec(tLo), b = dec(tHi), S = dec(s);
    const mass = gaussMass(a, b);
    // int (z - a)^2 phi = (1 + a^2) M + a phi(a) - b phi(b) - 2 a (phi(a) - phi(b)).
    const inner = new D(1).plus(a.times(a)).times(mass).plus(a.times(phi(a))).minus(b.times(phi(b))).minus(a.times(2).times(phi(a).minus(phi(b))));
    return { exact: S.times(S).times(inner), args: [pt(s), pt(tLo), pt(tHi), around(phi(a)), around(phi(b)), around(mass)] as const };
  }

  it('contains the exact value and is tight (relative width < 1e-9) on cells of width 0.05 s .. 0.5 s', () => {
    fc.assert(
      fc.property(fc.constantFrom(0.3, 0.7, 1.3), fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(0.05, 0.5), (s, tLo, dt) => {
        const tHi = tLo + dt;
        const { exact, args } = setup(s, tLo, tHi);
        const r = secondMomentAboutLeft(...args, pt(1e3));
        expect(dec(r.lo).lte(exact) && dec(r.hi).gte(exact)).toBe(true);
        expect(dec(r.hi).minus(dec(r.lo)).lte(exact.abs().times(1e-9).plus(1e-300))).toBe(true);
      }),
      { numRuns: 200, seed: 2026 },
    );
  });

  it('clipped: a loose mass gives lo = 0 and hi = w^2 M.hi, not the raw enclosure', () => {
    const { args } = setup(1, 0.5, 1);
    const [s, tLo, tHi, pLo, pHi] = args;
    const r = secondMomentAboutLeft(s, tLo, tHi, pLo, pHi, { lo: 0, hi: 0.5 }, pt(0.25));
    expect(r.lo).toBe(0);
    expect(r.hi).toBe(0.25 * 0.25 * 0.5);
    // With w large the upper clip is inactive: the raw upper end (above w^2 M for w = 0.25) stays.
    const loose = secondMomentAboutLeft(s, tLo, tHi, pLo, pHi, { lo: 0, hi: 0.5 }, pt(100));
    expect(loose.hi).toBeGreaterThan(0.25 * 0.25 * 0.5);
    expect(loose.hi).toBeLessThan(100);
  });

  it('the sign of each term: a cell left of 0 and a cell right of 0 against the closed form', () => {
    for (const [tLo, tHi] of [[-2, -1.5], [1, 1.25], [-0.25, 0.25]] as const) {
      const { exact, args } = setup(0.5, tLo, tHi);
      const r = secondMomentAboutLeft(...args, pt(10));
      expect(dec(r.lo).lte(exact) && dec(r.hi).gte(exact), `[${tLo}, ${tHi}]`).toBe(true);
      expect(r.hi - r.lo).toBeLessThan(1e-12);
    }
  });
});
