import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBox, boxCenter, splitBox, splitPoint, widestDimension } from '../../src/kernel/box.js';

describe('box helpers', () => {
  it('splitPoint lies strictly inside every splittable interval, bounded or not', () => {
    const end = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-Infinity, Infinity));
    fc.assert(
      fc.property(end, end, (p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        if (lo === Infinity || hi === -Infinity) return;
        const at = splitPoint(lo, hi);
        // Not cuttable: a point, adjacent doubles, or [MAX, inf] (no finite double beyond MAX).
        if (at === null) expect(lo === hi || (Number.isFinite(lo) && Number.isFinite(hi)) || Math.abs(lo) === Number.MAX_VALUE || Math.abs(hi) === Number.MAX_VALUE).toBe(true);
        else { expect(lo < at && at < hi).toBe(true); expect(Number.isFinite(at)).toBe(true); }
      }),
      { numRuns: 2000, seed: 51 },
    );
    expect(splitPoint(-Infinity, Infinity)).toBe(0);
    expect(splitPoint(3, Infinity)).toBe(6);
    expect(splitPoint(-Infinity, -0.5)).toBe(-1);
    expect(splitPoint(-Infinity, -3)).toBe(-6);
    expect(splitPoint(-5, Infinity)).toBe(0);
    expect(splitPoint(1, 1)).toBeNull();
    expect(splitPoint(1, 1 + 2 ** -52)).toBeNull(); // adjacent doubles
  });

  it('widestDimension prefers an unbounded coordinate; splitBox halves cover the parent', () => {
    const box = [{ lo: 0, hi: 10 }, { lo: 2, hi: Infinity }, { lo: 0, hi: 0 }];
    expect(widestDimension(box)).toBe(1);
    expect(widestDimension([{ lo: 1, hi: 1 }])).toBeNull();
    const [l, r] = splitBox(box, 0, 4);
    expect(l[0]).toEqual({ lo: 0, hi: 4 });
    expect(r[0]).toEqual({ lo: 4, hi: 10 });
    expect(l[1]).toEqual(box[1]);
    expect(() => splitBox(box, 0, 11)).toThrow(/outside/);
  });

  it('assertBox refuses empty, NaN and all-infinite coordinates', () => {
    expect(() => assertBox([{ lo: 1, hi: 0 }])).toThrow(/not an interval/);
    expect(() => assertBox([{ lo: NaN, hi: 0 }])).toThrow(/not an interval/);
    expect(() => assertBox([{ lo: Infinity, hi: Infinity }])).toThrow(/contains no real/);
    expect(() => assertBox([])).toThrow(/no coordinates/);
    expect(() => assertBox([{ lo: -Infinity, hi: Infinity }])).not.toThrow();
  });
});

describe('boxCenter of boxes that cannot be cut', () => {
  it('is finite: [-inf, -MAX] and [MAX, inf] give their finite end (an infinite probe point is no point)', () => {
    expect(Array.from(boxCenter([{ lo: -Infinity, hi: -Number.MAX_VALUE }]))).toEqual([-Number.MAX_VALUE]);
    expect(Array.from(boxCenter([{ lo: Number.MAX_VALUE, hi: Infinity }]))).toEqual([Number.MAX_VALUE]);
    expect(Array.from(boxCenter([{ lo: 3, hi: 3 }, { lo: -Infinity, hi: Infinity }]))).toEqual([3, 0]);
  });
});
