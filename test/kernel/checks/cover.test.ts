import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCoversRegion, checkCoversSpace, chooseCut, countBelow, type Box } from '../../../src/kernel/checks/cover.js';

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

describe('checkCoversSpace: every refusal on its own', () => {
  const reason = (boxes: unknown, dim: number): string | undefined => checkCoversSpace(boxes as Box[], dim).reason;

  it('each malformed box is refused with its own reason, beside a box that covers everything', () => {
    const cases: [unknown, RegExp][] = [
      ['not a box', /boxes\[1\]: not a box/],
      [[R], /boxes\[1\]: has 1 coordinates, expected 2/],
      [[R, null], /boxes\[1\]\[1\]: not an interval/],
      [[R, undefined], /boxes\[1\]\[1\]: not an interval/],
      [[R, 3], /boxes\[1\]\[1\]: not an interval/],
      [[R, { lo: '0', hi: 1 }], /boxes\[1\]\[1\]: not an interval/],
      [[R, { lo: 0, hi: '1' }], /boxes\[1\]\[1\]: not an interval/],
      [[R, I(0, NaN)], /boxes\[1\]\[1\]: NaN endpoint/],
      [[R, I(NaN, 0)], /boxes\[1\]\[1\]: NaN endpoint/],
      [[R, I(1, 0)], /boxes\[1\]\[1\]: lo 1 > hi 0/],
      [[R, I(Infinity, Infinity)], /boxes\[1\]\[1\]: empty coordinate/],
      [[R, I(-Infinity, -Infinity)], /boxes\[1\]\[1\]: empty coordinate/],
    ];
    for (const [bad, message] of cases) {
      expect(reason([[R, R], bad], 2), String(message)).toMatch(message);
      expect(checkCoversSpace([[R, R], bad] as Box[], 2).ok).toBe(false);
    }
  });

  it('a point coordinate is a box (lo = hi), and a bad dimension is refused', () => {
    expect(checkCoversSpace([[R, R], [R, I(0, 0)]], 2).ok).toBe(true);
    expect(reason([[R]], 0)).toMatch(/bad dimension 0/);
    expect(reason([[R]], 1.5)).toMatch(/bad dimension 1.5/);
    expect(checkCoversSpace([[R]], 0).ok).toBe(false);
    expect(checkCoversSpace([[R]], 1).ok).toBe(true);
  });

  it(`at most ${50_000} boxes`, () => {
    const many = (n: number): Box[] => Array.from({ length: n }, () => [R]);
    expect(checkCoversSpace(many(50_000), 1).ok).toBe(true);
    expect(reason(many(50_001), 1)).toMatch(/50001 boxes exceed the limit 50000/);
    expect(checkCoversSpace(many(50_001), 1).ok).toBe(false);
  });

  it('overlapping boxes cover: a region inside one box is covered even when other boxes reach into it', () => {
    expect(checkCoversSpace([[I(-Infinity, 1)], [I(0, Infinity)]], 1).ok).toBe(true);
    expect(checkCoversSpace([[I(-Infinity, 1), R], [I(0, Infinity), R], [I(-5, 5), I(-5, 5)]], 2).ok).toBe(true);
  });

  it('no box at all covers nothing; boxes that only touch a region do not cover it', () => {
    expect(reason([], 1)).toMatch(/gap at \[-Infinity:Infinity\]/);
    // [0, 1] and [1, 2] touch at 1; the line outside [0, 2] is uncovered.
    expect(checkCoversSpace([[I(-Infinity, 0)], [I(0, 1)], [I(1, 2)], [I(2, Infinity)]], 1).ok).toBe(true);
    expect(reason([[I(-Infinity, 0)], [I(0, 1)], [I(1, 2)]], 1)).toMatch(/gap at \[2:Infinity\]/);
    expect(reason([[I(0, 1)], [I(1, 2)], [I(2, Infinity)]], 1)).toMatch(/gap at \[-Infinity:0\]/);
  });
});

describe('the cut (it decides the work, not the answer)', () => {
  it('countBelow counts entries < v, or <= v when inclusive, with repeats', () => {
    const list = [-Infinity, -1, 0, 0, 0, 2, 5, Infinity];
    const direct = (v: number, inclusive: boolean) => list.filter((x) => x < v || (inclusive && x === v)).length;
    for (const v of [-Infinity, -2, -1, -0.5, 0, 1, 2, 3, 5, 6, Infinity])
      for (const inclusive of [false, true]) expect(countBelow(list, v, inclusive), `${v} ${inclusive}`).toBe(direct(v, inclusive));
    expect(countBelow([], 1, true)).toBe(0);
  });

  it('chooseCut takes the endpoint strictly inside the region that crosses the fewest boxes, the first of equals', () => {
    // On the line: [-inf, 2], [0, inf], [1, 3]. Inside candidates 0, 1, 2, 3 cross 1, 2, 2, 1 boxes.
    const line: Box[] = [[I(-Infinity, 2)], [I(0, Infinity)], [I(1, 3)]];
    expect(chooseCut([R], line)).toEqual([0, 0]);
    // Only endpoints strictly inside the region count: in [0, 3], 1 crosses 2 boxes and 2 crosses 2.
    expect(chooseCut([I(0, 3)], line)).toEqual([0, 1]);
    // Unsorted input: [5, 9], [-3, 1], [1, 5] on (-inf, inf): 1 and 5 cross nothing, -3 and 9 cross nothing too.
    expect(chooseCut([R], [[I(5, 9)], [I(-3, 1)], [I(1, 5)]])).toEqual([0, -3]);
    // A second coordinate with a cut through fewer boxes wins: x crosses the wide box, y does not.
    const plane: Box[] = [[I(-Infinity, Infinity), I(-Infinity, 0)], [I(-Infinity, 1), I(0, Infinity)], [I(-1, Infinity), I(0, Infinity)]];
    expect(chooseCut([R, R], plane)).toEqual([1, 0]);
    expect(chooseCut([I(0, 1), I(0, 1)], [[I(0, 1), I(0, 1)]])).toBeUndefined();
  });
});

describe('checkCoversRegion (the local sets of a covering decomposition)', () => {
  const R = { lo: -Infinity, hi: Infinity };
  it('accepts boxes covering a slab, unbounded ones included, and finds the gap when one is dropped', () => {
    const slab = [{ lo: -1, hi: Infinity }, R];
    const cover = [[{ lo: -2, hi: 0 }, R], [{ lo: 0, hi: 3 }, R], [{ lo: 3, hi: Infinity }, R]];
    expect(checkCoversRegion(cover, slab).ok).toBe(true);
    const gap = checkCoversRegion([cover[0]!, cover[2]!], slab);
    expect(gap.ok).toBe(false);
    if (!gap.ok) expect(gap.reason).toMatch(/gap at \[0:3/);
  });
  it('refuses a region without interior and a box of the wrong dimension', () => {
    expect(checkCoversRegion([[{ lo: 0, hi: 1 }]], [{ lo: 0.5, hi: 0.5 }]).ok).toBe(false);
    expect(checkCoversRegion([[{ lo: 0, hi: 1 }]], [{ lo: 0, hi: 1 }, R]).ok).toBe(false);
  });
});
