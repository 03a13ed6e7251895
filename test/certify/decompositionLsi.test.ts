// Sanity of the decomposition's LSI constant (proofs/lsi-from-decomposition.md) against the truth: an
// LSI constant is a lower bound on the spectral gap, so the certified alpha must stay below the
// generator's gap (1-d: 20,001-node finite-volume reference, src/diagnostics/grid/gap1d.ts; the 2-d
// well is a product, gap = min(1-d gap, 1/T)) on the double wells at T = 1, 0.2, 0.1; and it must be
// the kernel's number (the partition is re-checked on the stored evidence by verify's replay).
// Coarse integration limits keep it to seconds per case; the tails come from the T = 1 LSI evidence
// (W_E and its cover do not depend on T).
import { describe, expect, it } from 'vitest';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { proposeDecompositionGap } from '../../src/certify/decompositionGap.js';
import { partitionFromSets } from '../../src/certify/decompositionPartition.js';
import { spectralGap1d } from '../../src/diagnostics/grid/gap1d.js';

const LIMITS = { integrationBoxes: 2_000, refinedBoxes: 4_000 };

describe('partitionFromSets', () => {
  it('cuts a slab chain at the middle of each overlap', () => {
    const sets = [[{ lo: -Infinity, hi: 0.2 }], [{ lo: -0.2, hi: 1.1 }], [{ lo: 0.9, hi: Infinity }]];
    expect(partitionFromSets(sets)).toEqual([
      { box: [{ lo: -Infinity, hi: 0 }], set: 0 },
      { box: [{ lo: 0, hi: 1 }], set: 1 },
      { box: [{ lo: 1, hi: Infinity }], set: 2 },
    ]);
  });
  it('gives none when the ends do not pair up', () => {
    expect(partitionFromSets([[{ lo: -Infinity, hi: 0.2 }], [{ lo: -0.2, hi: Infinity }], [{ lo: 0.5, hi: Infinity }]])).toBeNull();
  });
});

for (const [spec, product] of [['expr:(x1^2 - 1)^2', false], ['expr:(x1^2 - 1)^2 + 0.5*x2^2', true]] as const) {
  describe(`the decomposition LSI constant of ${spec}`, () => {
    const energy = buildEnergy([{ spec, weight: 1 }]);
    // The LSI hypothesis at T = 1 (its W_E and cover bound the integration's tails at every T).
    const warm = certifyEnergy({ energy, terms: [{ spec, weight: 1 }], temperature: 1, decompositionGap: 'skip' });
    // The 2-d cases cost 70-90 s each; one low temperature keeps the product case covered.
    for (const T of product ? [0.1] : [1, 0.2, 0.1]) {
      it(`T = ${T}: certified, positive, below the generator's spectral gap`, () => {
        const { poincare, lsi } = proposeDecompositionGap(energy, { temperature: T, hypotheses: warm.hypotheses }, 4, LIMITS);
        expect(poincare.claim, poincare.reason).not.toBeNull();
        expect(lsi.claim, lsi.reason).not.toBeNull();
        const alpha = lsi.claim!.alphaLower;
        const g1 = spectralGap1d((x) => (x * x - 1) ** 2 / T, 3, 20_001);
        const truth = product ? Math.min(g1, 1 / T) : g1;
        expect(alpha).toBeGreaterThan(0);
        expect(alpha).toBeLessThan(truth);
        // 1/alpha >= C_P (the LSI constant is never above the Poincare gap it was derived from).
        expect(alpha).toBeLessThan(poincare.claim!.gapLower);
        // Coarse limits: still within 2,000 of the truth (the measured default-limit ratios are in README).
        expect(truth / alpha).toBeLessThan(2_000);
      }, 300_000);
    }
  });
}
