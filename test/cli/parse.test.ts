// Command-line numbers that enter a rigorous claim are exact decimals rounded outward. The
// reference is decimal.js on the text and the exact value of each double (never Number(text)).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { parseBox, parseDecimalEnclosure, parseEpsilonDown } from '../../src/cli/parse.js';
import { nextUp } from '../../src/kernel/rounding.js';
import { InputError } from '../../src/util/errors.js';
import { exactDecimal } from '../kernel/intervalReference.js';

/** lo is the largest double <= d: lo <= d < nextUp(lo) (exact comparisons). */
function isLargestBelow(lo: number, d: Decimal): boolean {
  if (lo === -Infinity) return exactDecimal(-Number.MAX_VALUE).gt(d);
  return exactDecimal(lo).lte(d) && (nextUp(lo) === Infinity || exactDecimal(nextUp(lo)).gt(d));
}
/** hi is the smallest double >= d. */
function isSmallestAbove(hi: number, d: Decimal): boolean {
  return isLargestBelow(-hi, d.neg()); // by symmetry
}

const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: -330, max: 300 }))
  .map(([digits, e]) => `${digits}e${e}`);

describe('parseDecimalEnclosure', () => {
  it('is the tightest double interval containing the decimal', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const d = new Decimal(text);
        const r = parseDecimalEnclosure('--x', text);
        expect(isLargestBelow(r.lo, d) || (r.lo === 0 && d.isZero()), text).toBe(true);
        expect(isSmallestAbove(r.hi, d) || (r.hi === 0 && d.isZero()), text).toBe(true);
        expect(r.text).toBe(text);
        return true;
      }),
      { numRuns: 500 },
    );
  });
  it('rounds each side the right way: 0.1 (double above) and 0.3 (double below)', () => {
    // double(0.1) = 0.1000000000000000055... > 1/10, double(0.3) = 0.2999999999999999888... < 3/10.
    expect(parseDecimalEnclosure('--x', '0.1')).toEqual({ lo: 0.09999999999999999, hi: 0.1, text: '0.1' });
    expect(parseDecimalEnclosure('--x', '0.3')).toEqual({ lo: 0.3, hi: 0.30000000000000004, text: '0.3' });
    expect(parseDecimalEnclosure('--x', '-0.1')).toEqual({ lo: -0.1, hi: -0.09999999999999999, text: '-0.1' });
    expect(parseDecimalEnclosure('--x', '0.5')).toEqual({ lo: 0.5, hi: 0.5, text: '0.5' });
    expect(parseDecimalEnclosure('--x', '1e400')).toEqual({ lo: Number.MAX_VALUE, hi: Infinity, text: '1e400' });
  });
  it('refuses what is not a decimal, with the option named', () => {
    for (const bad of ['', 'abc', '0x10', 'inf', 'NaN', '1e', '1e99999999', '--1']) {
      expect(() => parseDecimalEnclosure('--x', bad), bad).toThrow(InputError);
      expect(() => parseDecimalEnclosure('--x', bad), bad).toThrow(/^--x /);
    }
  });
});

describe('parseEpsilonDown', () => {
  it('is the largest double <= the decimal (a smaller eps is a stronger claim)', () => {
    expect(parseEpsilonDown('--eps', '0.1')).toBe(0.09999999999999999);
    expect(parseEpsilonDown('--eps', '0.3')).toBe(0.3);
    expect(parseEpsilonDown('--eps', '0.5')).toBe(0.5);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.integer({ min: -300, max: 300 }), (digits, e) => {
        const text = `${digits}e${e}`;
        expect(isLargestBelow(parseEpsilonDown('--eps', text), new Decimal(text)), text).toBe(true);
        return true;
      }),
      { numRuns: 300 },
    );
  });
  it('must be positive and at least the smallest positive double', () => {
    for (const bad of ['0', '-0.1', '1e-400', 'x']) expect(() => parseEpsilonDown('--eps', bad), bad).toThrow(InputError);
  });
});

describe('parseBox', () => {
  it('rounds LO down and HI up, so the box contains the decimal box', () => {
    expect(parseBox('--box', '0.1:0.1')).toEqual([[0.09999999999999999, 0.1]]);
    expect(parseBox('--box', '0.3:0.3,-0.1:0.1')).toEqual([[0.3, 0.30000000000000004], [-0.1, 0.1]]);
    expect(parseBox('--box', '-inf:0.1, 0.1:inf')).toEqual([[-Infinity, 0.1], [0.09999999999999999, Infinity]]);
    expect(parseBox('--box', '1e400:1e400')).toEqual([[Number.MAX_VALUE, Infinity]]);
    expect(parseBox('--box', '-1e400:-1e400')).toEqual([[-Infinity, -Number.MAX_VALUE]]);
  });
  it('LO > HI is judged on the decimals, not on the rounded doubles', () => {
    // Both round to the double 0.1, yet LO > HI.
    expect(() => parseBox('--box', '0.1:0.0999999999999999999')).toThrow(/LO 0.1 > HI 0.0999999999999999999/);
    expect(parseBox('--box', '0.0999999999999999999:0.1')).toEqual([[0.09999999999999999, 0.1]]);
  });
  it('coordinates with no real number and malformed ends are InputErrors naming the coordinate', () => {
    for (const bad of ['inf:inf', '+inf:infinity', '-inf:-inf', 'inf:1', '1:-inf', 'nan:1', '1:NaN', 'a:b', '1:2:3', '0x10:20', '1e99999999:1', '']) {
      expect(() => parseBox('--box', bad), bad).toThrow(InputError);
      expect(() => parseBox('--box', bad), bad).toThrow(/^--box "[^"]*": /);
    }
    expect(() => parseBox('--box', '0:1,inf:inf')).toThrow(/coordinate 2 has LO = inf/);
  });
});
