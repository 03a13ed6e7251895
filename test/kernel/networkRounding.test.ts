import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulHi, mulLo, roundDown, roundUp, scaleHi, scaleLo, sqrHi, sqrLo } from '../../src/kernel/networkRounding.js';

import { exactDecimal } from './networkReference.js';

// 2000 digits: exact for every sum and product of two doubles (each has at most 767 significant digits).
const Dc = Decimal.clone({ precision: 2000 });
const D = (x: number) => exactDecimal(Dc, x);
const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
const finiteOrInf = fc.oneof(anyDouble, fc.constantFrom(Infinity, -Infinity, 0, -0, 5e-324, -5e-324, Number.MAX_VALUE));

describe('outward rounding of single operations', () => {
  it('roundDown(a + b) <= a + b <= roundUp(a + b) exactly, over all doubles including subnormals', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, (a, b) => {
        const exact = D(a).plus(D(b));
        const r = a + b;
        expect(D(roundDown(r)).lte(exact)).toBe(true);
        expect(D(roundUp(r)).gte(exact)).toBe(true);
      }),
      { numRuns: 1000, seed: 1 },
    );
  });

  it('roundDown(a * b) <= a * b <= roundUp(a * b) exactly (overflow and underflow included)', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, (a, b) => {
        const exact = D(a).times(D(b));
        const r = a * b;
        expect(D(roundDown(r)).lte(exact)).toBe(true);
        expect(D(roundUp(r)).gte(exact)).toBe(true);
      }),
      { numRuns: 1000, seed: 2 },
    );
  });

  it('infinite inputs stay sound and never produce NaN', () => {
    expect(roundDown(Infinity)).toBe(Number.MAX_VALUE);
    expect(roundUp(-Infinity)).toBe(-Number.MAX_VALUE);
    expect(roundDown(-Infinity)).toBe(-Infinity);
    expect(roundUp(Infinity)).toBe(Infinity);
    expect(roundDown(0)).toBeLessThan(0);
    expect(roundUp(0)).toBeGreaterThan(0);
  });
});

describe('interval products on flat endpoints', () => {
  it('every product of endpoints (and of points inside) lies in [mulLo, mulHi]; 0 * inf counts as 0', () => {
    fc.assert(
      fc.property(finiteOrInf, finiteOrInf, finiteOrInf, finiteOrInf, (p, q, r, s) => {
        const [alo, ahi] = p <= q ? [p, q] : [q, p];
        const [blo, bhi] = r <= s ? [r, s] : [s, r];
        if (alo === Infinity || ahi === -Infinity || blo === Infinity || bhi === -Infinity) return;
        const lo = mulLo(alo, ahi, blo, bhi), hi = mulHi(alo, ahi, blo, bhi);
        expect(Number.isNaN(lo) || Number.isNaN(hi)).toBe(false);
        for (const x of [alo, ahi]) for (const y of [blo, bhi]) {
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const exact = D(x).times(D(y));
          expect(D(lo).lte(exact) && D(hi).gte(exact)).toBe(true);
        }
        if (alo <= 0 && ahi >= 0 && blo <= 0 && bhi >= 0) { expect(lo).toBeLessThanOrEqual(0); expect(hi).toBeGreaterThanOrEqual(0); }
      }),
      { numRuns: 1000, seed: 3 },
    );
  });

  it('scaleLo/scaleHi enclose w * x for x in [lo, hi]; sqr is never negative and encloses x^2', () => {
    fc.assert(
      fc.property(anyDouble, anyDouble, anyDouble, fc.double({ min: 0, max: 1, noNaN: true }), (w, p, q, t) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        const x = Math.min(hi, Math.max(lo, lo + t * (hi - lo)));
        if (!Number.isFinite(x)) return;
        const wx = D(w).times(D(x));
        expect(D(scaleLo(w, lo, hi)).lte(wx) && D(scaleHi(w, lo, hi)).gte(wx)).toBe(true);
        const x2 = D(x).times(D(x));
        expect(sqrLo(lo, hi)).toBeGreaterThanOrEqual(0);
        expect(D(sqrLo(lo, hi)).lte(x2) && D(sqrHi(lo, hi)).gte(x2)).toBe(true);
      }),
      { numRuns: 1000, seed: 4 },
    );
  });
});
