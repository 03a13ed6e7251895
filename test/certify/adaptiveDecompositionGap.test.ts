// Pieces of check's adaptive grid route (src/certify/adaptiveDecompositionGap.ts,
// decompositionPartition.partitionFromAdaptiveCells): the smallest cell width is sqrt(T / nu) / 2
// rounded down to 1, 2 or 5 times a power of ten (decimal reference), and the partition built from the
// leaf cells tiles R^2 with every block inside its set (kernel's own box predicates, and a dense
// sample of points, each in exactly one block interior).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { minimumCellWidth } from '../../src/certify/adaptiveDecompositionGap.js';
import { partitionFromAdaptiveCells, partitionFromNetworkCells } from '../../src/certify/decompositionPartition.js';
import { networkSets } from '../../src/certify/networkGrid.js';
import { adaptiveSets } from '../../src/certify/adaptiveGrid.js';
import { boxInside, interiorsMeet } from '../../src/kernel/checks/lsiDecomposition.js';
import type { Interval } from '../../src/kernel/interval.js';

/** The 1-2-5 floor of sqrt(T / nu) / 2 in 40-digit decimals. */
function referenceWidth(T: number, nu: number): number {
  const w = new Decimal(T).div(nu).sqrt().div(2);
  const decade = new Decimal(10).pow(w.log(10).floor());
  const m = w.div(decade);
  return decade.mul(m.gte(5) ? 5 : m.gte(2) ? 2 : 1).toNumber();
}

describe('minimumCellWidth', () => {
  it('the ring (nu = 5.08): 0.05 at T = 0.1 and 0.2, 0.02 at T = 0.05; the hill (nu = 5) at T = 0.5: 0.1', () => {
    expect(minimumCellWidth(0.1, 5.08)).toBe(0.05);
    expect(minimumCellWidth(0.2, 5.08)).toBe(0.05);
    expect(minimumCellWidth(0.05, 5.08)).toBe(0.02);
    expect(minimumCellWidth(0.5, 5)).toBe(0.1);
  });

  it('equals the decimal 1-2-5 floor away from the steps (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.double({ min: 1e-2, max: 1e3, noNaN: true }), (T, nu) => {
        const w = new Decimal(T).div(nu).sqrt().div(2);
        const m = w.div(new Decimal(10).pow(w.log(10).floor())).toNumber();
        // Within 1e-9 of a step (1, 2, 5, 10) float and decimal may round to different sides.
        fc.pre([1, 2, 5, 10].every((s) => Math.abs(m - s) > 1e-9));
        expect(minimumCellWidth(T, nu)).toBe(referenceWidth(T, nu));
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });
});

describe('partitionFromAdaptiveCells', () => {
  const inner: [Interval, Interval] = [{ lo: -3, hi: 3 }, { lo: -2, hi: 2.5 }];
  const base = 4;
  const w1 = 6 / base, w2 = 4.5 / base;
  // The base grid with one cell cut into four and one of its quarters cut again.
  const cells: [Interval, Interval][] = [];
  for (let j = 0; j < base; j++) for (let i = 0; i < base; i++) {
    const c: [Interval, Interval] = [{ lo: -3 + w1 * i, hi: i === base - 1 ? 3 : -3 + w1 * (i + 1) }, { lo: -2 + w2 * j, hi: j === base - 1 ? 2.5 : -2 + w2 * (j + 1) }];
    if (i !== 1 || j !== 2) { cells.push(c); continue; }
    const mx = (c[0].lo + c[0].hi) / 2, my = (c[1].lo + c[1].hi) / 2;
    const quarters: [Interval, Interval][] = [[{ lo: c[0].lo, hi: mx }, { lo: c[1].lo, hi: my }], [{ lo: mx, hi: c[0].hi }, { lo: c[1].lo, hi: my }], [{ lo: c[0].lo, hi: mx }, { lo: my, hi: c[1].hi }], [{ lo: mx, hi: c[0].hi }, { lo: my, hi: c[1].hi }]];
    const [q0, ...rest] = quarters;
    const qx = (q0![0].lo + q0![0].hi) / 2, qy = (q0![1].lo + q0![1].hi) / 2;
    cells.push([{ lo: q0![0].lo, hi: qx }, { lo: q0![1].lo, hi: qy }], [{ lo: qx, hi: q0![0].hi }, { lo: q0![1].lo, hi: qy }], [{ lo: q0![0].lo, hi: qx }, { lo: qy, hi: q0![1].hi }], [{ lo: qx, hi: q0![0].hi }, { lo: qy, hi: q0![1].hi }], ...rest);
  }
  const { sets } = adaptiveSets(cells, { inner, base, overlap: 0.2 });
  const blocks = partitionFromAdaptiveCells(cells, inner, base);

  it('one block per set, each inside its set, interiors pairwise disjoint', () => {
    expect(blocks.map((b) => b.set)).toEqual(sets.map((_, i) => i));
    for (const b of blocks) expect(boxInside(b.box, sets[b.set]!)).toBe(true);
    for (let a = 0; a < blocks.length; a++) for (let b = a + 1; b < blocks.length; b++) expect(interiorsMeet(blocks[a]!.box, blocks[b]!.box)).toBe(false);
  });

  it('the network layout (rows and quadrants for the half-planes): one block per set, inside it, disjoint, covering R^2', () => {
    const net = networkSets(cells, { inner, base, overlap: 0.2 });
    const nb = partitionFromNetworkCells(cells, inner, base);
    expect(nb.map((b) => b.set)).toEqual(net.sets.map((_, i) => i));
    for (const b of nb) expect(boxInside(b.box, net.sets[b.set]!)).toBe(true);
    for (let a = 0; a < nb.length; a++) for (let b = a + 1; b < nb.length; b++) expect(interiorsMeet(nb[a]!.box, nb[b]!.box)).toBe(false);
    const inside = (x: number, y: number): boolean => nb.some((b) => b.box[0]!.lo <= x && x <= b.box[0]!.hi && b.box[1]!.lo <= y && y <= b.box[1]!.hi);
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x, y) => inside(x, y)), { numRuns: 2000, seed: 11 });
  });

  it('covers R^2: every sampled point (inside, on the cuts, far out) lies in some block', () => {
    const inside = (x: number, y: number): boolean => blocks.some((b) => b.box[0]!.lo <= x && x <= b.box[0]!.hi && b.box[1]!.lo <= y && y <= b.box[1]!.hi);
    fc.assert(fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (x, y) => inside(x, y)), { numRuns: 2000, seed: 7 });
    for (let x = -4; x <= 4; x += 0.125) for (let y = -3; y <= 3.5; y += 0.125) expect(inside(x, y)).toBe(true);
  });
});
