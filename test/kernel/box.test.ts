import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBox, boxCenter, boxContainsPoint, boxesEqual, boxFromPairs, boxInside, formatBox, isBounded, isPointBox, maxWidth, pointBox, splitBox, splitPoint, widestDimension } from '../../src/kernel/box.js';

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

// Mutation testing (docs/mutation.md): the helpers the checks use to read and compare boxes, exact
// expectations only (no rounding is involved in any of them).
describe('box predicates and constructors', () => {
  it('boxFromPairs, pointBox, isBounded, isPointBox', () => {
    expect(boxFromPairs([[1, 2], [-Infinity, 0]])).toEqual([{ lo: 1, hi: 2 }, { lo: -Infinity, hi: 0 }]);
    expect(pointBox(Float64Array.from([3, -4]))).toEqual([{ lo: 3, hi: 3 }, { lo: -4, hi: -4 }]);
    expect(isBounded([{ lo: 1, hi: 2 }, { lo: -3, hi: 4 }])).toBe(true);
    expect(isBounded([{ lo: 1, hi: 2 }, { lo: -3, hi: Infinity }])).toBe(false);
    expect(isBounded([{ lo: -Infinity, hi: 2 }, { lo: -3, hi: 4 }])).toBe(false);
    expect(isBounded([{ lo: 1, hi: Infinity }])).toBe(false);
    expect(isPointBox([{ lo: 1, hi: 1 }, { lo: 2, hi: 2 }])).toBe(true);
    expect(isPointBox([{ lo: 1, hi: 1 }, { lo: 2, hi: 3 }])).toBe(false);
  });

  it('boxContainsPoint: closed on both ends, every coordinate', () => {
    const box = [{ lo: 0, hi: 1 }, { lo: -2, hi: 2 }];
    expect(boxContainsPoint(box, [0, -2])).toBe(true);
    expect(boxContainsPoint(box, [1, 2])).toBe(true);
    expect(boxContainsPoint(box, [0.5, 0])).toBe(true);
    expect(boxContainsPoint(box, [-1e-300, 0])).toBe(false);
    expect(boxContainsPoint(box, [0.5, 2.0000000000000004])).toBe(false);
    expect(boxContainsPoint(box, [1.0000000000000002, 0])).toBe(false);
    expect(boxContainsPoint(box, [0.5, -3])).toBe(false);
  });

  it('boxInside and boxesEqual compare every end and the dimension', () => {
    const b = [{ lo: 0, hi: 4 }, { lo: -1, hi: 1 }];
    expect(boxInside([{ lo: 0, hi: 4 }, { lo: -1, hi: 1 }], b)).toBe(true);
    expect(boxInside([{ lo: 1, hi: 2 }, { lo: 0, hi: 0.5 }], b)).toBe(true);
    expect(boxInside([{ lo: -0.5, hi: 2 }, { lo: 0, hi: 0.5 }], b)).toBe(false);
    expect(boxInside([{ lo: 1, hi: 4.5 }, { lo: 0, hi: 0.5 }], b)).toBe(false);
    expect(boxInside([{ lo: 1, hi: 2 }, { lo: -2, hi: 0.5 }], b)).toBe(false);
    expect(boxInside([{ lo: 1, hi: 2 }], b)).toBe(false);
    expect(boxesEqual(b, [{ lo: 0, hi: 4 }, { lo: -1, hi: 1 }])).toBe(true);
    expect(boxesEqual(b, [{ lo: 0, hi: 4 }, { lo: -1, hi: 2 }])).toBe(false);
    expect(boxesEqual(b, [{ lo: 0, hi: 4 }, { lo: 0, hi: 1 }])).toBe(false);
    expect(boxesEqual(b, [{ lo: 0, hi: 4 }])).toBe(false);
    expect(boxesEqual([{ lo: 0, hi: 4 }], b)).toBe(false);
  });

  it('maxWidth and formatBox', () => {
    expect(maxWidth([{ lo: 0, hi: 1 }, { lo: -3, hi: 2 }])).toBe(5);
    expect(maxWidth([{ lo: 0, hi: 1 }, { lo: 2, hi: Infinity }])).toBe(Infinity);
    expect(maxWidth([{ lo: -3, hi: -1 }])).toBe(2);
    expect(formatBox([{ lo: 0, hi: 1 }, { lo: -Infinity, hi: 2.5 }])).toBe('0:1,-Infinity:2.5');
  });
});

describe('splitPoint, widestDimension, splitBox: exact choices', () => {
  it('the midpoint of a bounded interval, 0 for a lower half-line reaching past 0', () => {
    expect(splitPoint(1, 3)).toBe(2);
    expect(splitPoint(-3, 1)).toBe(-1);
    expect(splitPoint(-Infinity, 5)).toBe(0);
    expect(splitPoint(Number.MAX_VALUE, Infinity)).toBeNull();
    // Adjacent doubles whose midpoint rounds (to even) up onto hi: not cuttable.
    const lo = 1 + 2 ** -52, hi = 1 + 2 ** -51;
    expect(0.5 * lo + 0.5 * hi).toBe(hi);
    expect(splitPoint(lo, hi)).toBeNull();
  });

  it('widestDimension: widths below 1, widths not sums, the first of equal widths', () => {
    expect(widestDimension([{ lo: 0, hi: 0.5 }])).toBe(0);
    expect(widestDimension([{ lo: 0, hi: 10 }, { lo: 100, hi: 101 }])).toBe(0);
    expect(widestDimension([{ lo: 0, hi: 2 }, { lo: 5, hi: 7 }])).toBe(0);
  });

  it('splitBox: cuts at either end are allowed, outside refused; both halves copy the other coordinates', () => {
    const box = [{ lo: 0, hi: 10 }, { lo: -1, hi: 1 }];
    expect(splitBox(box, 0, 0)).toEqual([[{ lo: 0, hi: 0 }, { lo: -1, hi: 1 }], [{ lo: 0, hi: 10 }, { lo: -1, hi: 1 }]]);
    expect(splitBox(box, 0, 10)).toEqual([[{ lo: 0, hi: 10 }, { lo: -1, hi: 1 }], [{ lo: 10, hi: 10 }, { lo: -1, hi: 1 }]]);
    expect(() => splitBox(box, 0, -1e-300)).toThrow(/outside/);
    expect(() => splitBox(box, 1, 1.0000000000000002)).toThrow(/outside/);
    const [l, r] = splitBox(box, 1, 0);
    expect(r).toEqual([{ lo: 0, hi: 10 }, { lo: 0, hi: 1 }]);
    expect(l).toEqual([{ lo: 0, hi: 10 }, { lo: -1, hi: 0 }]);
  });

  it('assertBox refuses [-inf, -inf] too', () => {
    expect(() => assertBox([{ lo: 0, hi: 1 }, { lo: -Infinity, hi: -Infinity }])).toThrow(/box\[1\].*contains no real/);
  });
});
