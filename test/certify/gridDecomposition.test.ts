// The grid covering decomposition (src/certify/gridDecomposition.ts): its sets cover R^2 with
// multiplicity 4 and every listed edge has an overlap of positive area; end to end on a 2-d energy
// with a ring of minima around a hill (no slab chain fits it), the kernel accepts the evidence and the
// certified gap lies below the generator's gap (Scharfetter-Gummel reference, 121 x 121 nodes,
// inverse iteration) and within 10^4 of it (measured: 2.26e-4 against 1.08, no barrier here, so the
// decomposition's own losses, multiplicity 4, degree 4, overlap fractions, are all there is).
import { describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { gridSets, proposeGridDecomposition } from '../../src/certify/gridDecomposition.js';
import { checkCoversSpace } from '../../src/kernel/checks/cover.js';
import { coverMultiplicity } from '../../src/kernel/checks/blockGap.js';
import { checkPoincareDecomposition, intersectBoxes } from '../../src/kernel/checks/poincareDecomposition.js';
import { prepareIntegration, refineIntegral } from '../../src/audit/integrate.js';
import { fieldOn, uniformGrid } from '../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../src/diagnostics/grid/potential.js';
import { smallGapOnGrid } from '../../src/diagnostics/grid/smallGap.js';

const I = (lo: number, hi: number) => ({ lo, hi });

describe('gridSets', () => {
  it('cover R^2 with multiplicity 4 (3 for one column); n1 n2 + 2 n1 + 2 sets; each edge overlaps in a box of positive area', () => {
    for (const [n1, n2] of [[3, 2], [5, 5], [1, 4]] as const) {
      const { sets, edges } = gridSets({ inner: [I(-2, 1), I(-1, 3)], cells: [n1, n2], overlap: 0.2 });
      expect(sets.length).toBe(n1 * n2 + 2 * n1 + 2);
      expect(checkCoversSpace(sets, 2).ok).toBe(true);
      expect(coverMultiplicity(sets)).toBe(n1 > 1 && n2 > 1 ? 4 : 3);
      for (const [i, j] of edges) {
        expect(i).toBeLessThan(j);
        for (const c of intersectBoxes(sets[i]!, sets[j]!)) expect(c.hi - c.lo).toBeGreaterThan(0);
      }
      // Removing any one set uncovers some point.
      for (let k = 0; k < sets.length; k++) expect(checkCoversSpace(sets.filter((_, m) => m !== k), 2).ok).toBe(false);
    }
  });
});

describe('proposeGridDecomposition on a ring of minima around a hill', () => {
  const hill = '1.5*exp(-(x1^2 + x2^2) / 0.5)';
  const e = loadEnergy(`expr:0.5*(x1^2 + x2^2) + ${hill}`);
  const T = 0.5;
  it('is accepted by the kernel, below the generator gap and within 10^4 of it', () => {
    const tail = { bump: hill, cover: [[I(-Infinity, Infinity), I(-Infinity, Infinity)]] };
    const prepared = prepareIntegration(e.model, T, 1e-3, undefined, tail);
    const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 8_000 });
    const p = proposeGridDecomposition(e, T, evidence, { inner: [I(-2.4, 2.4), I(-2.4, 2.4)], cells: [6, 6], overlap: 0.2, subBoxes: 3, frameBumps: [hill], maxBoxes: 20_000 });
    const r = checkPoincareDecomposition(e.model, T, p.bracket, p.evidence);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const reference = smallGapOnGrid(fieldOn(potentialFromEnergy(e, T), uniformGrid(-4, 4, -4, 4, 121, 121))).gap;
    expect(r.value.gap).toBeLessThan(reference);
    expect(r.value.gap).toBeGreaterThan(reference / 1e4);
  }, 600_000);
});
