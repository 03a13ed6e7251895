// The certificate's edge scales (poincareDecomposition.evidence.edgeScales): verify replays exactly the
// stored scales. Built from the stored 1-d double-well fixture by halving every scale, t and beta: the
// block-gap matrix L_mu + beta q q^T - t diag(q) is then exactly half of the unscaled one (halving is
// exact in binary64), and the degrees halve while 2 deg / t does not change, so the kernel's gap is the
// same double. Without the scales the same t and beta replay with mu = 1, every set pays 1 / t twice
// over, and the stored gap is no longer proved.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Certificate } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { assertCertificate } from '../../src/verify/schema.js';
import { replayPoincareDecomposition } from '../../src/verify/poincare.js';
import { rebuildModel } from '../../src/verify/model.js';
import { Checks } from '../../src/verify/checks.js';
import { nextUp } from './ulpSteps.js';

// expr:(x1^2-1)^2 at T = 0.2 (scripts/verify-fixtures.ts), decomposition gap 4.12e-3, unscaled.
const base: Certificate = JSON.parse(readFileSync(new URL('fixtures/wellGap.json', import.meta.url), 'utf8'));
const scaled = (): Certificate => {
  const c: Certificate = JSON.parse(JSON.stringify(base));
  const e = c.poincareDecomposition!.evidence!;
  e.edgeScales = e.edges.map(() => 0.5);
  e.lambda2 /= 2;
  e.beta /= 2;
  return c;
};
const failures = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);
const model = rebuildModel(base, new Checks())!;

describe('poincareDecomposition with edge scales (1-d double well, T = 0.2)', () => {
  it('the halved scales, t and beta are schema-valid, verify, and give exactly the unscaled gap', () => {
    const c = scaled();
    expect(() => assertCertificate(JSON.parse(JSON.stringify(c)))).not.toThrow();
    expect(failures(c)).toEqual([]);
    const r = replayPoincareDecomposition(c, model, c.poincareDecomposition!.evidence!);
    expect(r.ok && r.value.gap).toBe(base.poincareDecomposition!.claim!.gapLower);
  });

  it('without the scales (mu = 1 with the halved t) the stored gap is refused: the replay proves about half of it', () => {
    const c = scaled();
    delete c.poincareDecomposition!.evidence!.edgeScales;
    const r = replayPoincareDecomposition(c, model, c.poincareDecomposition!.evidence!);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.gap).toBeLessThan(0.6 * base.poincareDecomposition!.claim!.gapLower);
      expect(r.value.gap).toBeGreaterThan(0.4 * base.poincareDecomposition!.claim!.gapLower);
    }
    expect(failures(c).join('\n')).toMatch(/^poincareDecomposition: spectral gap \(Poincare, not LSI\): claimed \S+ is stronger than the kernel's/m);
  });

  it('one scale one ulp up: refused wherever it raises the kernel\'s constant, accepted only where the recomputation is the same double', () => {
    const claim = base.poincareDecomposition!.claim!;
    let refused = 0;
    const n = base.poincareDecomposition!.evidence!.edges.length;
    for (let k = 0; k < n; k++) {
      const c = scaled();
      const e = c.poincareDecomposition!.evidence!;
      e.edgeScales![k] = nextUp(0.5);
      const r = replayPoincareDecomposition(c, model, e);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      // A larger scale only adds weight to the chain (t still holds) and charge to two sets: never a larger gap.
      expect(r.value.gap).toBeLessThanOrEqual(claim.gapLower);
      const f = failures(c);
      if (r.value.gap < claim.gapLower) {
        refused++;
        expect(f.join('\n')).toMatch(/^poincareDecomposition: spectral gap \(Poincare, not LSI\): claimed \S+ is stronger/m);
      } else expect(f).toEqual([]);
    }
    // The edges at the set of the largest charge move the constant by at least one ulp.
    expect(refused).toBeGreaterThan(0);
  }, 120_000);

  it('malformed scales are refused by the kernel with the reason (one per edge, positive, finite)', () => {
    const short = scaled();
    short.poincareDecomposition!.evidence!.edgeScales!.pop();
    expect(failures(short).join('\n')).toMatch(/^poincareDecomposition: poincare: edgeScales must list one scale per edge$/m);
    const zero = scaled();
    zero.poincareDecomposition!.evidence!.edgeScales![0] = 0;
    expect(failures(zero).join('\n')).toMatch(/^poincareDecomposition: poincare: every edge scale must be positive and finite$/m);
    // The schema refuses a scale <= 0 before verify reads it.
    expect(() => assertCertificate(JSON.parse(JSON.stringify(zero)))).toThrow(/edgeScales/);
  });
});
