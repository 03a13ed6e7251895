// The adaptive grid decomposition (src/certify/adaptiveGrid.ts) and the edge-scaled block chain
// (src/certify/edgeScales.ts): cells of mixed sizes cover R^2 with multiplicity at most 4, every edge
// overlaps in positive area and no set is redundant; end to end on a hill in a ring of minima, the
// kernel accepts the evidence (edge scales included) and the certified gap lies below the generator's
// gap (Scharfetter-Gummel reference, 121 x 121 nodes, inverse iteration) and within 10^4 of it.
import { describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { adaptiveCells, adaptiveSets, chainRefinedCells, proposeAdaptiveGridDecomposition, refineCovers } from '../../src/certify/adaptiveGrid.js';
import { cellPiece } from '../../src/certify/gridDecomposition.js';
import { checkLocalPoincare } from '../../src/kernel/checks/poincareDecomposition.js';
import { checkCoversSpace } from '../../src/kernel/checks/cover.js';
import { coverMultiplicity } from '../../src/kernel/checks/blockGap.js';
import { checkPoincareDecomposition, intersectBoxes } from '../../src/kernel/checks/poincareDecomposition.js';
import { prepareIntegration, refineIntegral } from '../../src/audit/integrate.js';
import { fieldOn, uniformGrid } from '../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../../src/diagnostics/grid/smallGap.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const hill = '1.5*exp(-(x1^2 + x2^2) / 0.5)';
const e = loadEnergy(`expr:0.5*(x1^2 + x2^2) + ${hill}`);

describe('adaptiveSets', () => {
  it('cells cut where the curvature is negative: cover R^2, multiplicity <= 4, edges of positive area, no set redundant', () => {
    const opts = { inner: [I(-2.4, 2.4), I(-2.4, 2.4)] as const, base: 4, overlap: 0.2, curvatureLimit: 1, window: 50, maxDepth: 2 };
    const cells = adaptiveCells(e, 0.5, opts);
    const widths = new Set(cells.map((c) => (c[0].hi - c[0].lo).toFixed(3)));
    expect(widths.size).toBeGreaterThan(1); // mixed sizes, or the test shows nothing
    const { sets, edges } = adaptiveSets(cells, opts);
    expect(sets.length).toBe(cells.length + 2 * 4 + 2);
    expect(checkCoversSpace(sets, 2).ok).toBe(true);
    expect(coverMultiplicity(sets)).toBeLessThanOrEqual(4);
    for (const [i, j] of edges) {
      expect(i).toBeLessThan(j);
      for (const c of intersectBoxes(sets[i]!, sets[j]!)) expect(c.hi - c.lo).toBeGreaterThan(0);
    }
    for (let k = 0; k < sets.length; k++) expect(checkCoversSpace(sets.filter((_, m) => m !== k), 2).ok).toBe(false);
  });
});

describe('proposeAdaptiveGridDecomposition on a ring of minima around a hill', () => {
  const T = 0.5;
  it('is accepted by the kernel (edge scales and all), below the generator gap and within 10^4 of it', () => {
    const tail = { bump: hill, cover: [[I(-Infinity, Infinity), I(-Infinity, Infinity)]] };
    const prepared = prepareIntegration(e.model, T, 1e-3, undefined, tail);
    const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 8_000 });
    const p = proposeAdaptiveGridDecomposition(e, T, evidence, {
      inner: [I(-2.4, 2.4), I(-2.4, 2.4)], base: 4, overlap: 0.2, curvatureLimit: 0, window: 0, refine: { minWidth: 0.3, rounds: 4 },
      subBoxes: 3, frameBumps: [hill], maxBoxes: 20_000,
    });
    const r = checkPoincareDecomposition(e.model, T, p.bracket, p.evidence);
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(e, T), uniformGrid(-4, 4, -4, 4, 121, 121))).gap;
    expect(r.value.gap).toBeLessThan(reference);
    expect(r.value.gap).toBeGreaterThan(reference / 1e4);
    // Tampered scales: every edge scaled by 1e-3 more than claimed is refused (the chain is weaker).
    if (p.evidence.edgeScales) {
      const weaker = checkPoincareDecomposition(e.model, T, p.bracket, { ...p.evidence, edgeScales: p.evidence.edgeScales.map((m) => m * 1e-3) });
      expect(weaker.ok).toBe(false);
    }
  }, 600_000);
});

describe('refineCovers', () => {
  it('searches the lift again on finer sub-boxes for the cells of largest constant only, keeps a piece only when the kernel constant is smaller', () => {
    const T = 0.1;
    // On the hill's flank two cells whose constant does not move with the sub-boxes (10.6 and 1.0e4), a
    // cell beside the hill that does (7.7 with 2 x 2 sub-boxes, 0.26 with 8 x 8), a cell at the bottom of the
    // ring below the threshold, and an unbounded set (never chosen).
    const sets = [[I(0.2, 0.8), I(0.2, 0.8)], [I(-0.6, 0.6), I(0.3, 0.9)], [I(0.9, 1.5), I(-0.3, 0.3)], [I(1.5, 2.1), I(-0.3, 0.3)], [I(-Infinity, 0.1), I(-Infinity, Infinity)]];
    const coarse = sets.map((set) => cellPiece(e, T, set, { subBoxes: 2, frameBumps: [hill], search: 'sampled' }));
    const above = 5;
    expect(coarse.map((p) => p.constant > above)).toEqual([true, true, true, false, true]);
    // the unbounded set has the largest constant: were it not excluded, it would take a place among the chosen
    expect(Math.max(...coarse.slice(0, 4).map((p) => p.constant))).toBeLessThan(coarse[4]!.constant);
    const run = (count: number) => {
      const sized = coarse.map((p) => ({ ...p }));
      const said: string[] = [];
      refineCovers(e, T, sets, sized, { subBoxes: 8, sets: count, above, say: (m) => said.push(m) }, { frameBumps: [hill] });
      for (let k = 0; k < sets.length; k++) {
        // never worse, and each piece's constant is the kernel's own on its cover
        expect(sized[k]!.constant).toBeLessThanOrEqual(coarse[k]!.constant);
        const again = checkLocalPoincare(e.model, T, sized[k]!.piece, `set ${k}`);
        expect(again.ok && again.value.constant).toBe(sized[k]!.constant);
      }
      return { sized, said };
    };
    // The two largest constants are chosen and neither improves: every piece is kept as it was.
    const two = run(2);
    expect(two.sized).toEqual(coarse);
    expect(two.said).toEqual([expect.stringMatching(/^finer covers \(8 x 8 sub-boxes\) on the 2 cells with local constants above 5: 0 improved, the largest of them 1\.03\de\+4 -> 1\.03\de\+4$/)]);
    // Three: the cell beside the hill improves, on its 8 x 8 sub-boxes; the others stay.
    const three = run(3);
    expect(three.sized[2]!.constant).toBeLessThan(coarse[2]!.constant / 10);
    expect(three.sized[2]!.piece.cover).toHaveLength(64);
    for (const k of [0, 1, 3, 4]) expect(three.sized[k]).toEqual(coarse[k]);
    expect(three.said[0]).toMatch(/on the 3 cells with local constants above 5: 1 improved/);
  }, 120_000);
});

describe('chainRefinedCells: layout and patience', () => {
  it('charges the sets of the given layout, and with patience 1 stops at the first round without a 1% gain', () => {
    const opts = { inner: [I(-2.4, 2.4), I(-2.4, 2.4)] as [ReturnType<typeof I>, ReturnType<typeof I>], base: 4, overlap: 0.2, curvatureLimit: 0, window: 0, minWidth: 0.05 };
    const laidOut: number[] = [];
    const layout = (cells: Parameters<typeof adaptiveSets>[0], o: Parameters<typeof adaptiveSets>[1]) => { laidOut.push(cells.length); return adaptiveSets(cells, o); };
    const said: string[] = [];
    const cells = chainRefinedCells(e, 0.1, { ...opts, layout, rounds: 40, patience: 1 }, (m) => said.push(m));
    // Every evaluation of the float model goes through the layout.
    expect(laidOut.length).toBeGreaterThan(0);
    const roundLines = said.filter((m) => m.includes('round '));
    const stop = said.findIndex((m) => m.includes('no 1% gain in 1 rounds: stop'));
    // At T = 0.1 the float constant gains at least 1% each round up to round 6 (146.1), then round 7 gives
    // 147.9: patience 1 stops there, long before 40 rounds (without patience the cuts go on).
    expect(stop).toBeGreaterThan(0);
    expect(roundLines.length).toBeLessThan(40);
    expect(cells.length).toBeGreaterThanOrEqual(16);
  }, 120_000);
});

describe('chainRefinedCells: chargeUnbounded', () => {
  // A stand-in for the kernel's local constants: bounded cells cost (w^2 / pi^2) exp(3 w^2) (a cut
  // always gains), the unbounded frame sets 1e9 (far above any cell).
  const opts = { inner: [I(-2.4, 2.4), I(-2.4, 2.4)] as [ReturnType<typeof I>, ReturnType<typeof I>], base: 4, overlap: 0.2, curvatureLimit: 0, window: 0, minWidth: 0.05 };
  const run = (chargeUnbounded: boolean) => {
    const asked: boolean[] = [];
    const pieceFor = (set: Parameters<typeof intersectBoxes>[0]) => {
      const bounded = set.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi));
      asked.push(bounded);
      const w = Math.max(...set.map((c) => c.hi - c.lo));
      return { piece: { set, bump: null, cover: [] } as never, constant: bounded ? ((w * w) / Math.PI ** 2) * Math.exp(3 * w * w) : 1e9 };
    };
    const said: string[] = [];
    const cells = chainRefinedCells(e, 0.5, { ...opts, pieceFor, chargeUnbounded, rounds: 8, patience: 2 }, (m) => said.push(m));
    return { cells, asked, rounds: said.filter((m) => m.includes('round ')), stopped: said.some((m) => m.includes('no 1% gain')) };
  };

  it('true (the default): the frames bind, the rounds stall and stop on patience at the base cells', () => {
    const r = run(true);
    expect(r.stopped).toBe(true);
    expect(r.asked).toContain(false);
    expect(r.cells).toHaveLength(16);
  }, 60_000);

  it('false: the unbounded sets are never searched and the cells keep being cut while they gain', () => {
    const withFrames = run(true), cellsOnly = run(false);
    expect(cellsOnly.asked).not.toContain(false);
    expect(cellsOnly.stopped).toBe(false);
    expect(cellsOnly.rounds.length).toBeGreaterThan(withFrames.rounds.length);
    expect(cellsOnly.cells.length).toBeGreaterThan(2 * withFrames.cells.length);
  }, 60_000);
});
