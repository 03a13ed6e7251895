// Directed rounding at its edges (mutation testing, docs/mutation.md): overflow of + * /, infinite
// operands, the boundaries of the range where Dekker's TwoProduct is used, and the margins of
// mathLo / mathHi, each against exact decimal values (intervalReference.ts: 1200 digits, exact for
// every double).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addHi, addLo, divHi, divLo, mathHi, mathLo, mulHi, mulLo, nextDown, nextUp, powerOfTwo, roundDown, roundUp } from '../../src/kernel/rounding.js';
import { DEXACT, exactDecimal } from './intervalReference.js';

const MAX = Number.MAX_VALUE;
const exact = exactDecimal;
const TWO = new DEXACT(2);

describe('overflow and infinite operands', () => {
  it('a finite sum, product or quotient that overflows has a finite bound on its inner side', () => {
    // The exact value is finite (at most 2 MAX), so Infinity would be a false lower bound.
    expect(addLo(MAX, MAX)).toBe(MAX);
    expect(addHi(MAX, MAX)).toBe(Infinity);
    expect(addHi(-MAX, -MAX)).toBe(-MAX);
    expect(addLo(-MAX, -MAX)).toBe(-Infinity);
    expect(mulLo(MAX, 2)).toBe(MAX);
    expect(mulHi(MAX, 2)).toBe(Infinity);
    expect(mulHi(-MAX, 2)).toBe(-MAX);
    expect(mulLo(-MAX, 2)).toBe(-Infinity);
    expect(divLo(MAX, 0.5)).toBe(MAX);
    expect(divHi(-MAX, 0.5)).toBe(-MAX);
  });

  it('infinite operands give the IEEE limits, exactly', () => {
    expect(mulLo(Infinity, 2)).toBe(Infinity);
    expect(mulHi(-Infinity, 2)).toBe(-Infinity);
    expect(mulLo(0, Infinity)).toBe(0);
    expect(divLo(Infinity, 2)).toBe(Infinity);
    expect(divHi(-Infinity, 2)).toBe(-Infinity);
    // 0 / y and x / inf are exactly 0: no step away from it.
    expect(divLo(0, 3) === 0 && divHi(0, 3) === 0 && divLo(0, -3) === 0 && divHi(0, -3) === 0).toBe(true);
    // x / inf is exactly 0: no step away from it.
    expect(divLo(1, Infinity) === 0).toBe(true);
    expect(divHi(1, Infinity) === 0).toBe(true);
    expect(divHi(-1, Infinity) === 0).toBe(true);
    expect(divLo(-1, Infinity) === 0).toBe(true);
  });

  it('nextUp(Infinity) and nextDown(-Infinity) stay infinite; a NaN of any payload stays NaN', () => {
    expect(nextUp(Infinity)).toBe(Infinity);
    expect(nextDown(-Infinity)).toBe(-Infinity);
    // 0x7ff0000000000001: one step down in its bits would be +Infinity.
    const bits = new Uint32Array(2);
    const f = new Float64Array(bits.buffer);
    f[0] = 1;
    const high = bits[1] === 0x3ff00000 ? 1 : 0;
    bits[high] = 0x7ff00000;
    bits[1 - high] = 1;
    expect(Number.isNaN(nextUp(f[0]!))).toBe(true);
    expect(roundUp(1)).toBe(nextUp(1));
    expect(roundDown(1)).toBe(nextDown(1));
  });
});

describe('the range of the exact TwoProduct: exact products at each boundary stay exact', () => {
  // Each product is exact, so both bounds must be the product itself; outside the guarded range the
  // code steps one ulp outward (sound but looser), which these boundary cases would show.
  const cases: [number, number][] = [
    [powerOfTwo(-480), powerOfTwo(-480)], // |p| = 2^-960, the product floor
    [powerOfTwo(500), powerOfTwo(495)], // |p| = 2^995, the split limit
    [powerOfTwo(995), 0.5], // |x| = 2^995
    [0.5, powerOfTwo(995)], // |y| = 2^995
    [powerOfTwo(-1022), powerOfTwo(100)], // |x| = 2^-1022, the smallest normal
    [powerOfTwo(100), powerOfTwo(-1022)], // |y| = 2^-1022
  ];
  it.each(cases)('%s * %s', (x, y) => {
    const p = exact(x).times(exact(y));
    expect(exact(mulLo(x, y)).eq(p)).toBe(true);
    expect(exact(mulHi(x, y)).eq(p)).toBe(true);
    expect(exact(mulLo(-x, y)).eq(p.neg())).toBe(true);
    expect(exact(mulHi(x, -y)).eq(p.neg())).toBe(true);
    // And the quotient p / y = x, exact too (the quotient's sign test uses the same TwoProduct).
    expect(divLo(x * y, y)).toBe(x);
    expect(divHi(x * y, y)).toBe(x);
  });

  it('inexact products near the boundaries are enclosed (two ulps wide where the fallback applies)', () => {
    const t = 1 + 2 ** -30;
    for (const [x, y] of [[powerOfTwo(-480) * t, powerOfTwo(-480) * t], [powerOfTwo(995), t], [t, powerOfTwo(995)], [powerOfTwo(-1022) * 3, t * powerOfTwo(100)]] as const) {
      const p = exact(x).times(exact(y));
      const lo = mulLo(x, y), hi = mulHi(x, y);
      expect(exact(lo).lte(p) && p.lte(exact(hi))).toBe(true);
      expect(hi === lo || hi === nextUp(lo) || hi === nextUp(nextUp(lo))).toBe(true);
    }
  });
});

describe('mathLo / mathHi: the margin |y| 2^-50 + 2^-1060, then one step outward', () => {
  const rel = TWO.pow(-50), abs = TWO.pow(-1060);
  it('bracket y(1 -+ 2^-50) -+ 2^-1060 from outside, within a few ulps of it', () => {
    const ys = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), fc.constantFrom(0, 1, -1, 1e-310, -1e-310, 5e-324));
    fc.assert(
      fc.property(ys, (y) => {
        const e = exact(y), m = e.abs().times(rel).plus(abs);
        const lo = mathLo(y), hi = mathHi(y);
        const wantLo = e.minus(m), wantHi = e.plus(m);
        expect(exact(lo).lte(wantLo)).toBe(true);
        expect(exact(hi).gte(wantHi)).toBe(true);
        // Not wider than the margin plus a few ulps of y (the margin is computed in floats).
        const slack = e.abs().times(TWO.pow(-50)).plus(TWO.pow(-1073));
        expect(wantLo.minus(exact(lo)).lte(slack)).toBe(true);
        expect(exact(hi).minus(wantHi).lte(slack)).toBe(true);
        return true;
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('overflow: Math.f = Infinity bounds f below by a finite floor, and the reverse for -Infinity', () => {
    const floor = mathLo(Infinity);
    expect(Number.isFinite(floor)).toBe(true);
    expect(exact(floor).lte(exact(MAX).times(new DEXACT(1).minus(rel)))).toBe(true);
    expect(floor).toBeGreaterThan(MAX / 2);
    expect(mathHi(-Infinity)).toBe(-floor);
    expect(mathLo(-Infinity)).toBe(-Infinity);
    expect(mathHi(Infinity)).toBe(Infinity);
  });
});
