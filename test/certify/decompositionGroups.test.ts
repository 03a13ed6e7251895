// The groups' producer (src/certify/decompositionGroups.ts) against closed forms: the double well's
// barrier 1/T in f-units decides whether its two modes survive the default persistence threshold 1 (sharp on
// both sides), the modes sit on the Newton minima, the cuts run through the saddles (double well:
// x1 = 0; ring: x, y = +-0.711, the saddles between neighbouring wells), and the split
// partition tiles each block exactly (areas, containment, one group per piece).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadEnergy } from '../../src/energy/spec.js';
import type { Box } from '../../src/kernel/box.js';
import type { Interval } from '../../src/kernel/interval.js';
import { interiorsMeet } from '../../src/kernel/checks/lsiDecomposition.js';
import { blockBoundaries, DEFAULT_MODE_PERSISTENCE, findModes, pocketDepth, splitByModes, splitPartition } from '../../src/certify/decompositionGroups.js';
import { ringSpec } from '../../bench/ringEnergy.js';
import { newton } from '../../bench/eyringKramers.js';

const I = (lo: number, hi: number): Interval => ({ lo, hi });
const WELL = loadEnergy('expr:(x1^2 - 1)^2 + 0.5*x2^2');
// The grid (161 points per axis) holds (+-1, 0) and (0, 0) exactly: sampled persistence = 1/T.
const WELL_REGION: [Interval, Interval] = [I(-2, 2), I(-1, 1)];

describe('findModes', () => {
  it('keeps both wells of the double well when the barrier 1/T is just above the default threshold 1', () => {
    expect(DEFAULT_MODE_PERSISTENCE).toBe(1);
    const modes = findModes(WELL, 1 / 1.01, WELL_REGION);
    expect(modes.map((m) => m.x)).toEqual(expect.arrayContaining([[-1, 0], [1, 0]]));
    expect(modes).toHaveLength(2);
  });
  it('merges them when the barrier is just below', () => {
    expect(findModes(WELL, 1 / 0.99, WELL_REGION)).toHaveLength(1);
    // An explicit threshold is honoured the same way.
    expect(findModes(WELL, 1 / 3.01, WELL_REGION, { persistence: 3 })).toHaveLength(2);
    expect(findModes(WELL, 1 / 2.99, WELL_REGION, { persistence: 3 })).toHaveLength(1);
  });
  it('drops a well more than `depth` above the lowest', () => {
    // E = (x1^2 - 1)^2 + 0.2 x1 + 0.5 x2^2: the wells differ by 0.4 in E, 4 in f at T = 0.1.
    const tilted = loadEnergy('expr:(x1^2 - 1)^2 + 0.2*x1 + 0.5*x2^2');
    expect(findModes(tilted, 0.1, WELL_REGION, { depth: 3.9 })).toHaveLength(1);
    expect(findModes(tilted, 0.1, WELL_REGION, { depth: 4.1 })).toHaveLength(2);
  });
  it('finds the 8 wells of the ring at radius ~2, angles k pi / 4', () => {
    const ring = loadEnergy(ringSpec);
    const modes = findModes(ring, 0.1, [I(-3.2, 3.2), I(-3.2, 3.2)]);
    expect(modes).toHaveLength(8);
    const angles = modes.map((m) => Math.round((Math.atan2(m.x[1]!, m.x[0]!) / Math.PI) * 4 + 8) % 8).sort();
    expect(angles).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const m of modes) expect(Math.abs(Math.hypot(m.x[0]!, m.x[1]!) - 1.95)).toBeLessThan(0.06);
  });
});

const tiles = (regions: readonly Box[]): void => {
  for (let i = 0; i < regions.length; i++) for (let j = i + 1; j < regions.length; j++) expect(interiorsMeet(regions[i]!, regions[j]!)).toBe(false);
};

describe('splitByModes', () => {
  it('cuts the double well at the saddle x1 = 0', () => {
    const modes = findModes(WELL, 0.1, WELL_REGION);
    const regions = splitByModes(WELL, 0.1, WELL_REGION, modes, { candidates: 400 });
    expect(regions).toHaveLength(2);
    const cut = regions[0]![0]!.hi;
    expect(Math.abs(cut)).toBeLessThan(0.006);
    expect(regions[1]![0]!.lo).toBe(cut);
  });
  it('prefers a block boundary within the slack of the best cut, not one outside it', () => {
    const modes = findModes(WELL, 0.1, WELL_REGION);
    // Lowest f along x1 = c is (c^2 - 1)^2 / T: 8.281 at c = 0.3, 9.9988 at the best uniform candidate
    // (c = -0.0078, 256 candidates over [-2, 2]): 1.7178 below it.
    const near = splitByModes(WELL, 0.1, WELL_REGION, modes, { preferred: [[0.3], []], slack: 1.72 });
    expect(near[0]![0]!.hi).toBe(0.3);
    const far = splitByModes(WELL, 0.1, WELL_REGION, modes, { preferred: [[0.3], []], slack: 1.71 });
    expect(far[0]![0]!.hi).not.toBe(0.3);
  });
  it('gives the ring 8 boxes, one well each, their cuts through the saddles', () => {
    const ring = loadEnergy(ringSpec);
    const region: [Interval, Interval] = [I(-3.2, 3.2), I(-3.2, 3.2)];
    const modes = findModes(ring, 0.1, region);
    const regions = splitByModes(ring, 0.1, region, modes);
    expect(regions).toHaveLength(8);
    tiles(regions);
    for (const r of regions) expect(modes.filter((m) => m.x.every((v, k) => r[k]!.lo < v && v < r[k]!.hi))).toHaveLength(1);
    // Every finite end is a saddle cut (|c| = the saddle's y, Newton from (1.72, 0.71): 0.711) or the
    // centre line through the hill (0), to half the 0.025 spacing of the candidate cuts.
    const saddle = Math.abs(newton(ring, [1.72, 0.71])[1]!);
    expect(saddle).toBeCloseTo(0.711, 2);
    const ends = regions.flatMap((r) => r.flatMap((c) => [c.lo, c.hi])).filter(Number.isFinite);
    expect(ends.filter((c) => Math.abs(c) > 0.1)).toHaveLength(18);
    for (const c of ends) expect(Math.min(Math.abs(Math.abs(c) - saddle), Math.abs(c))).toBeLessThanOrEqual(0.0125 + 1e-12);
  });
});

describe('pocketDepth', () => {
  // f = (x1^2 - 1)^2 + 0.5 x2^2 (T = 1) on the 161 x 161 grid of [-2, 2] x [-1, 1] (x1 = 0, -0.5 are grid
  // points): in the box x1 >= -0.5 the strip left of x1 = 0 drains to x1 = -0.5 (f = 0.5625) and joins
  // the mode (1, 0) only over f(0, 0) = 1, a pocket 0.4375 deep; in the box x1 >= 0 there is none.
  const n = 161;
  const grid = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) grid[i * n + j] = WELL.value(new Float64Array([-2 + (4 * i) / (n - 1), -1 + (2 * j) / (n - 1)]));
  it('is the rise over the barrier from the lowest point cut off from the mode', () => {
    expect(pocketDepth(grid, n, WELL_REGION, [I(-0.5, 2), I(-1, 1)], [1, 0])).toBeCloseTo(0.4375, 12);
    expect(pocketDepth(grid, n, WELL_REGION, [I(-0.45, 2), I(-1, 1)], [1, 0])).toBeCloseTo(1 - (0.45 ** 2 - 1) ** 2, 12);
    expect(pocketDepth(grid, n, WELL_REGION, [I(0, 2), I(-1, 1)], [1, 0])).toBe(0);
    expect(pocketDepth(grid, n, WELL_REGION, [I(-2, 2), I(-1, 1)], [1, 0])).toBe(1);
  });
  it('the ring at T = 0.2: of two symmetric first cuts the split takes the one that leaves no group a pocket', () => {
    // With x1 = 0.675 first (the saddles' column), the middle row's left group would run to x1 = 0.675
    // and hold the central hill's far flank (a pocket 2.6 deep in f); cutting x2 first, the middle row
    // splits through the hill's top.
    const ring = loadEnergy(ringSpec);
    const region: [Interval, Interval] = [I(-3.6, 3.6), I(-3.6, 3.6)];
    const modes = findModes(ring, 0.2, region);
    expect(modes).toHaveLength(8);
    const cuts = [-0.675, 0, 0.675];
    const regions = splitByModes(ring, 0.2, region, modes, { preferred: [cuts, cuts] });
    expect(regions).toHaveLength(8);
    tiles(regions);
    const rf = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rf[i * n + j] = ring.value(new Float64Array([-3.6 + (7.2 * i) / (n - 1), -3.6 + (7.2 * j) / (n - 1)])) / 0.2;
    const mode = (r: Box) => modes.find((m) => m.x.every((v, k) => r[k]!.lo <= v && v <= r[k]!.hi))!.x;
    for (const r of regions) expect(pocketDepth(rf, n, region, r, mode(r))).toBeLessThan(0.1);
    expect(pocketDepth(rf, n, region, [I(-Infinity, 0.675), I(-0.675, 0.675)], [-1.935, 0])).toBeGreaterThan(2.5);
  });
});

describe('splitPartition', () => {
  const area = (b: Box): number => b.reduce((p, c) => p * (c.hi - c.lo), 1);
  it('cuts a block straddling a region boundary into two pieces of its own set', () => {
    const blocks = [{ box: [I(-1, 1), I(0, 1)], set: 4 }];
    const regions: Box[] = [[I(-Infinity, 0.25), I(-Infinity, Infinity)], [I(0.25, Infinity), I(-Infinity, Infinity)]];
    expect(splitPartition(blocks, regions)).toEqual([
      { box: [I(-1, 0.25), I(0, 1)], set: 4, group: 0 },
      { box: [I(0.25, 1), I(0, 1)], set: 4, group: 1 },
    ]);
  });
  it('tiles every block of a grid exactly (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (n, m, cx, cy) => {
      const blocks = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) blocks.push({ box: [I(-1 + (2 * i) / n, -1 + (2 * (i + 1)) / n), I(-1 + (2 * j) / m, -1 + (2 * (j + 1)) / m)], set: i * m + j });
      const regions: Box[] = [[I(-Infinity, cx), I(-Infinity, Infinity)], [I(cx, Infinity), I(-Infinity, cy)], [I(cx, Infinity), I(cy, Infinity)]];
      const pieces = splitPartition(blocks, regions);
      for (const b of blocks) {
        const mine = pieces.filter((p) => p.set === b.set);
        expect(mine.reduce((s, p) => s + area(p.box), 0)).toBeCloseTo(area(b.box), 12);
        for (const p of mine) {
          expect(p.box.every((c, k) => b.box[k]!.lo <= c.lo && c.hi <= b.box[k]!.hi && c.lo < c.hi)).toBe(true);
          expect(p.box.every((c, k) => regions[p.group]![k]!.lo <= c.lo && c.hi <= regions[p.group]![k]!.hi)).toBe(true);
        }
      }
    }));
  });
  it('lists the finite block ends per axis as the preferred cuts', () => {
    expect(blockBoundaries([{ box: [I(-Infinity, 0), I(1, 2)], set: 0 }, { box: [I(0, 0.5), I(1, Infinity)], set: 1 }], 2)).toEqual([[0, 0.5], [1, 2]]);
  });
});
