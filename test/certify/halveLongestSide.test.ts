import { describe, expect, it } from 'vitest';
import { halveLongestSide } from '../../src/certify/halveLongestSide.js';

const I = (lo: number, hi: number) => ({ lo, hi });

describe('halveLongestSide', () => {
  it('cuts the widest coordinate at its midpoint and keeps the others', () => {
    expect(halveLongestSide([I(0, 1), I(-2, 2)])).toEqual([[I(0, 1), I(-2, 0)], [I(0, 1), I(0, 2)]]);
  });
  it('takes the first of equal widths', () => {
    expect(halveLongestSide([I(0, 2), I(5, 7)])).toEqual([[I(0, 1), I(5, 7)], [I(1, 2), I(5, 7)]]);
  });
  it('cuts an unbounded side geometrically (the kernel splitPoint)', () => {
    expect(halveLongestSide([I(0, 1), I(3, Infinity)])).toEqual([[I(0, 1), I(3, 6)], [I(0, 1), I(6, Infinity)]]);
  });
  it('null when the widest coordinate is two adjacent doubles', () => {
    expect(halveLongestSide([I(1, 1 + Number.EPSILON)])).toBeNull();
  });
});
