// The kernel's Phi and phi enclosures against a 60-digit decimal reference (erf by its Taylor series
// in decimal.js, an implementation independent of the kernel's rearranged series).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { normalCdf, normalDensity, SQRT_2_OVER_PI } from '../../../src/kernel/stopping/normalCdf.js';
import { exactDecimal } from '../intervalReference.js';

const D = Decimal.clone({ precision: 80 });
const PI = D.acos(-1);

/** Phi(t) = (1 + erf(t / sqrt 2)) / 2, erf(x) = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1)). */
function phiReference(t: number): Decimal {
  const x = new D(exactDecimal(t).toString()).div(D.sqrt(2));
  let sum = new D(0);
  let power = x; // x^(2n+1) / n!
  for (let n = 0; n < 400; n++) {
    const term = power.div(2 * n + 1);
    sum = n % 2 === 0 ? sum.plus(term) : sum.minus(term);
    power = power.times(x).times(x).div(n + 1);
    if (n > 10 && term.abs().lt('1e-70')) break;
  }
  return new D(1).plus(sum.times(2).div(D.sqrt(PI))).div(2);
}

function inside(x: { lo: number; hi: number }, ref: Decimal): boolean {
  return ref.gte(exactDecimal(x.lo).toString()) && ref.lte(exactDecimal(x.hi).toString());
}

describe('normalCdf', () => {
  it('encloses Phi(t) to within 2e-14 on [-9, 9]', () => {
    fc.assert(
      fc.property(fc.double({ min: -9, max: 9, noNaN: true }), (t) => {
        const e = normalCdf({ lo: t, hi: t });
        expect(inside(e, phiReference(t))).toBe(true);
        expect(e.hi - e.lo).toBeLessThan(2e-14);
      }),
      { numRuns: 150 },
    );
  });

  it('is exact where the reference is tight: Phi(0) = 1/2, and monotone over intervals', () => {
    expect(normalCdf({ lo: 0, hi: 0 })).toEqual({ lo: 0.5, hi: 0.5 });
    const wide = normalCdf({ lo: -1, hi: 2 });
    expect(inside(wide, phiReference(-1))).toBe(true);
    expect(inside(wide, phiReference(2))).toBe(true);
  });

  it('encloses phi(t) and sqrt(2/pi)', () => {
    for (const t of [-7, -1, 0.3, 1, 4.5]) {
      const ref = new D(-0.5).times(new D(exactDecimal(t).toString()).pow(2)).exp().div(D.sqrt(PI.times(2)));
      expect(inside(normalDensity({ lo: t, hi: t }), ref)).toBe(true);
    }
    expect(inside(SQRT_2_OVER_PI, D.sqrt(new D(2).div(PI)))).toBe(true);
  });
});
