// The decomposition gap's integration set-up (one tail check, inner box from the Gaussian tail
// estimate): the kernel accepts the spec, and the ln Z bracket on the refined leaves contains the
// closed form (decimal.js), for a Gaussian and for the double well with its LSI bump and cover.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { loadEnergy } from '../../src/energy/spec.js';
import { refineIntegral } from '../../src/audit/integrate.js';
import { checkIntegralEvidence } from '../../src/kernel/integration/evidence.js';
import { prepareGapIntegration } from '../../src/certify/gapIntegration.js';
import { findTailDecomposition } from '../../src/audit/tailDecomposition.js';

const D = Decimal.clone({ precision: 40 });

function bracketOf(spec: string, T: number, anchor: number[], cover?: Parameters<typeof prepareGapIntegration>[3]) {
  const e = loadEnergy(spec);
  const prepared = prepareGapIntegration(e, T, anchor, cover);
  const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-4, prepared, maxBoxes: 4000, floatEnergy: e });
  const r = checkIntegralEvidence(e.model, T, evidence.boxes, evidence.tails, evidence.shift);
  if (!r.ok) throw new Error(r.reason);
  return { prepared, logZ: r.value.logZ };
}

describe('prepareGapIntegration', () => {
  it('a Gaussian: the ln Z bracket contains ln(2 pi T / sqrt(det H)), inner a power of two', () => {
    // E = 0.5 (x1^2 + 4 x2^2) at T = 0.5: Z = 2 pi T / 2 = pi / 2.
    const { prepared, logZ } = bracketOf('expr:0.5*(x1^2 + 4*x2^2)', 0.5, [0.3, -0.2]);
    const exact = D.acos(-1).div(2).ln();
    expect(new D(logZ.lo).lte(exact) && new D(logZ.hi).gte(exact)).toBe(true);
    expect(logZ.hi - logZ.lo).toBeLessThan(1e-2); // 4,000 leaves in 2-d
    const R = prepared.inner[0]!.hi;
    expect(Math.log2(R) % 1).toBe(0);
    expect(prepared.tails.decomposition).toBeUndefined();
  });

  it('the 1-d double well with the LSI bump and cover: the bracket contains the quadrature of Z', () => {
    const e = loadEnergy('expr:(x1^2 - 1)^2');
    const dec = findTailDecomposition(e, 1, [0], 4, 60)!;
    const { prepared, logZ } = bracketOf('expr:(x1^2 - 1)^2', 1, [0], dec.decomposition);
    expect(prepared.tails.decomposition).toBe(dec.decomposition);
    // Reference: composite Simpson on [-4, 4] with 20,000 panels in decimal (the rest is below 1e-40).
    const n = 20_000, a = new D(-4), h = new D(8).div(n);
    let sum = new D(0);
    for (let k = 0; k <= n; k++) {
      const x = a.plus(h.times(k));
      const w = k === 0 || k === n ? 1 : k % 2 === 1 ? 4 : 2;
      sum = sum.plus(x.pow(2).minus(1).pow(2).neg().exp().times(w));
    }
    const exact = sum.times(h).div(3).ln();
    expect(new D(logZ.lo).lte(exact) && new D(logZ.hi).gte(exact)).toBe(true);
    expect(logZ.hi - logZ.lo).toBeLessThan(1e-3);
  }, 300_000);
});
