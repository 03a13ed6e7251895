import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCoversSpace, type Box } from '../../../src/kernel/checks/cover.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const R = I(-Infinity, Infinity);

/** B = [-1,1]^2 plus the four slabs outside it. */
function boxAndSlabs(): Box[] {
  return [
    [I(-1, 1), I(-1, 1)],
    [I(1, Infinity), R],
    [I(-Infinity, -1), R],
    [R, I(1, Infinity)],
    [R, I(-Infinity, -1)],
  ];
}

/** Random bisection of a box, depth-limited: a partition (the shape branch and bound leaves have). */
function bisect(box: Box, cuts: number[], depth: number): Box[] {
  if (depth === 0 || cuts.length === 0) return [box];
  const c = cuts.shift()!;
  const i = c % box.length;
  const { lo, hi } = box[i]!;
  const at = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) / 2 : Number.isFinite(lo) ? lo + 1 : Number.isFinite(hi) ? hi - 1 : 0;
  const left = box.map((x, j) => (j === i ? I(x.lo, at) : x));
  const right = box.map((x, j) => (j === i ? I(at, x.hi) : x));
  return [...bisect(left, cuts, depth - 1), ...bisect(right, cuts, depth - 1)];
}

describe('checkCoversSpace', () => {
  it('accepts the whole space as one box', () => {
    expect(checkCoversSpace([[R, R, R]], 3).ok).toBe(true);
  });

  it('accepts a bounding box with its outer slabs', () => {
    expect(checkCoversSpace(boxAndSlabs(), 2).ok).toBe(true);
  });

  it('rejects a cover missing one slab and names the gap', () => {
    const boxes = boxAndSlabs().slice(0, 4);
    const r = checkCoversSpace(boxes, 2);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/gap/);
  });

  it('rejects a partition with a leaf shrunk by one ulp', () => {
    const boxes = boxAndSlabs();
    boxes[0] = [I(-1, 1), I(-1, 1 - 2 ** -52)];
    expect(checkCoversSpace(boxes, 2).ok).toBe(false);
  });

  it('rejects bad boxes: wrong dimension, NaN, reversed', () => {
    expect(checkCoversSpace([[R]], 2).ok).toBe(false);
    expect(checkCoversSpace([[I(NaN, 1), R]], 2).ok).toBe(false);
    expect(checkCoversSpace([[I(2, 1), R]], 2).ok).toBe(false);
  });

  it('accepts every bisection partition of R^d, and rejects it after dropping any leaf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(fc.nat(8), { minLength: 1, maxLength: 9 }), fc.nat(), (d, cuts, drop) => {
        const leaves = bisect(Array.from({ length: d }, () => R), [...cuts], 7);
        expect(checkCoversSpace(leaves, d).ok).toBe(true);
        if (leaves.length > 1) {
          const without = leaves.filter((_, k) => k !== drop % leaves.length);
          expect(checkCoversSpace(without, d).ok).toBe(false);
        }
      }),
      { numRuns: 200, seed: 4242 },
    );
  });

  it('checks a 4000-leaf partition quickly', () => {
    const leaves = bisect([I(-8, 8), I(-8, 8)], Array.from({ length: 12 }, (_, k) => k), 12);
    const all = [...leaves, [I(8, Infinity), R], [I(-Infinity, -8), R], [R, I(8, Infinity)], [R, I(-Infinity, -8)]];
    const t = Date.now();
    expect(checkCoversSpace(all, 2).ok).toBe(true);
    expect(Date.now() - t).toBeLessThan(5000);
  });
});
