// The C^2 cut-off and the localised energy f~ = q + chi (f - q) against 60-digit decimal references:
// the cut-off's jets enclose the closed forms, are continuous at the joints, and f~'' sampled in decimals
// never exceeds the kernel's L~; W = chi (f - q) stays inside the certified oscillation.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { axisCutoffJet, cutoffOnBox, smoothstepJet } from '../../../src/kernel/stopping/localisationCutoff.js';
import { checkLocalisedEnergy, localisedKl0Upper, localisedOnBox, localisedOutsideMassUpper, outerBox } from '../../../src/kernel/stopping/localisedEnergy.js';
import { bisectionGrid } from '../../../src/certify/stopping/localisation.js';
import { point } from '../../../src/kernel/interval.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { D60, d60, encloses, exactDecimal } from '../intervalReference.js';
import { cutoffReference as cutoffAt } from './cutoffReference.js';

const cut = { lo: -1, hi: 2, width: 0.5 };
const cutoffReference = (x: Decimal, c = cut) => cutoffAt(x, c);

describe('axisCutoffJet', () => {
  it('encloses c, c\' and c\'\' at points (decimal reference)', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 3, noNaN: true }), (x) => {
        const j = axisCutoffJet(cut, point(x));
        const [v, v1, v2] = cutoffReference(d60(x));
        expect(encloses(j.value, v) && encloses(j.d1, v1) && encloses(j.d2, v2)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('over an interval, encloses every sampled point (pieces joined soundly)', () => {
    for (const [lo, hi] of [[-1.7, -0.2], [-1.2, -1.1], [1.9, 2.3], [-3, 4], [0, 1]] as const) {
      const j = axisCutoffJet(cut, { lo, hi });
      for (let k = 0; k <= 50; k++) {
        const x = lo + ((hi - lo) * k) / 50;
        const [v, v1, v2] = cutoffReference(d60(x));
        expect(encloses(j.value, v) && encloses(j.d1, v1) && encloses(j.d2, v2)).toBe(true);
      }
    }
  });

  it('is C^2: value and both derivatives match at the four joints (S(0) = 0, S(1) = 1, S\', S\'\' = 0 at both ends)', () => {
    const ends = smoothstepJet(point(0)), ones = smoothstepJet(point(1));
    expect([ends.value.lo, ends.value.hi, ends.d1.hi, ends.d2.lo, ends.d2.hi]).toEqual([0, 0, 0, 0, 0]);
    expect([ones.value.lo, ones.value.hi, ones.d1.hi, ones.d2.lo, ones.d2.hi]).toEqual([1, 1, 0, 0, 0]);
  });

  it('chi over a 2-d box: cross derivative c_1\' c_2\'', () => {
    const cuts = [cut, { lo: 0, hi: 1, width: 1 }];
    const chi = cutoffOnBox(cuts, [point(-1.25), point(1.5)]);
    const [a, a1] = cutoffReference(d60(-1.25));
    const [b, b1] = cutoffReference(d60(1.5), cuts[1]);
    expect(encloses(chi.value, a.times(b))).toBe(true);
    expect(encloses(chi.hessian[0]![1]!, a1.times(b1))).toBe(true);
  });
});

describe('checkLocalisedEnergy', () => {
  const f: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2 + 0.05*x1^4' };
  const spec = { cutoff: [{ lo: -2, hi: 2, width: 1 }], quadratic: { curvature: [2], center: [0] }, boxes: bisectionGrid(outerBox([{ lo: -2, hi: 2, width: 1 }]), 7) };
  const r = checkLocalisedEnergy(f, 1, spec);

  /** f~'' = q'' + chi'' D + 2 chi' D' + chi D'' and W = chi D in decimals, D = f - q. */
  function reference(x: number): { second: Decimal; w: Decimal } {
    const X = d60(x);
    const [c, c1, c2] = cutoffReference(X, spec.cutoff[0]);
    const d = new D60(0.5).times(X.pow(2)).plus(d60(0.05).times(X.pow(4))).minus(X.pow(2));
    const d1 = X.plus(d60(0.05).times(4).times(X.pow(3))).minus(X.times(2));
    const d2 = new D60(1).plus(d60(0.05).times(12).times(X.pow(2))).minus(2);
    return { second: new D60(2).plus(c2.times(d)).plus(c1.times(d1).times(2)).plus(c.times(d2)), w: c.times(d) };
  }

  it('L~ is above |f~\'\'| and osc W above the range of W at 1201 decimal samples', () => {
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    let maxSecond = new D60(0), wMin = new D60(0), wMax = new D60(0);
    for (let k = 0; k <= 1200; k++) {
      const { second, w } = reference(-3.5 + (7 * k) / 1200);
      if (second.abs().gt(maxSecond)) maxSecond = second.abs();
      if (w.lt(wMin)) wMin = w;
      if (w.gt(wMax)) wMax = w;
    }
    expect(exactDecimal(r.value.smoothness).gte(maxSecond)).toBe(true);
    expect(exactDecimal(r.value.oscillation).gte(wMax.minus(wMin))).toBe(true);
    // Not wildly loose on 128 boxes.
    expect(r.value.smoothness).toBeLessThan(maxSecond.toNumber() * 1.5);
    expect(r.value.alpha).toBeLessThanOrEqual(2 * Math.exp(-r.value.oscillation));
  });

  it('refuses a cover of K\' with a gap, a non-positive curvature and a relu model', () => {
    expect(checkLocalisedEnergy(f, 1, { ...spec, boxes: spec.boxes.slice(0, -1) }).ok).toBe(false);
    expect(checkLocalisedEnergy(f, 1, { ...spec, quadratic: { curvature: [0], center: [0] } }).ok).toBe(false);
    const layer = (activation: 'relu' | 'identity') => ({ inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation });
    const relu: EnergyModel = { kind: 'mlp', dim: 1, layers: [layer('relu'), layer('identity')] };
    const rr = checkLocalisedEnergy(relu, 1, spec);
    expect(rr.ok).toBe(false);
    if (!rr.ok) expect(rr.reason).toMatch(/relu/);
  });

  it('KL_0~ is KL(N(m, s^2) || N(c, 1/m_q)) + osc W (decimal closed form)', () => {
    const kl = localisedKl0Upper({ curvature: [2], center: [0.5] }, { mean: 1, std: 0.75 }, 0.25);
    const mv = new D60(2).times(d60(0.75).pow(2));
    const ref = mv.minus(1).minus(mv.ln()).plus(new D60(2).times(new D60(0.5).pow(2))).div(2).plus(0.25);
    expect(exactDecimal(kl).gte(ref)).toBe(true);
    expect(exactDecimal(kl).lte(ref.times(1 + 1e-14))).toBe(true);
  });

  it('pi~(K^c) <= e^{osc} pi_q(K^c), pi_q = N(0, 1/2), K = [-2, 2]: 2 Q(2 sqrt 2) e^{0.5}', () => {
    const m = localisedOutsideMassUpper(spec, 0.5);
    // 2 Q(2.8284271247461903) = 0.004677734981047266
    expect(m).toBeGreaterThanOrEqual(0.004677734981047266 * Math.exp(0.5));
    expect(m).toBeLessThan(0.004677734981047266 * Math.exp(0.5) * (1 + 1e-10));
  });
});

describe('localisedOnBox in 2-d (mixed partials of a non-separable f)', () => {
  const f: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + x2^2) + 0.05*x1^2*x2^2' };
  const cuts = [{ lo: -1, hi: 1, width: 0.5 }, { lo: -0.5, hi: 1.5, width: 0.75 }];
  const spec = { cutoff: cuts, quadratic: { curvature: [1.5, 1.25], center: [0, 0] }, boxes: [] };

  it('encloses hess f~ = hess q + chi hess D + grad chi grad D^T + grad D grad chi^T + D hess chi at points (decimal)', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1.5, max: 2.5, noNaN: true }), (x1, x2) => {
        const r = localisedOnBox(f, 1, spec, [point(x1), point(x2)]);
        const X = d60(x1), Y = d60(x2);
        const [a, a1, a2] = cutoffReference(X, cuts[0]);
        const [b, b1, b2] = cutoffReference(Y, cuts[1]);
        const k = d60(0.05);
        const D = X.pow(2).div(2).plus(Y.pow(2).div(2)).plus(k.times(X.pow(2)).times(Y.pow(2))).minus(d60(0.75).times(X.pow(2))).minus(d60(0.625).times(Y.pow(2)));
        const D1 = X.plus(k.times(2).times(X).times(Y.pow(2))).minus(d60(1.5).times(X));
        const D2 = Y.plus(k.times(2).times(Y).times(X.pow(2))).minus(d60(1.25).times(Y));
        const D11 = new D60(1).plus(k.times(2).times(Y.pow(2))).minus(1.5);
        const D22 = new D60(1).plus(k.times(2).times(X.pow(2))).minus(1.25);
        const D12 = k.times(4).times(X).times(Y);
        const chi = a.times(b), c1 = a1.times(b), c2 = a.times(b1), c11 = a2.times(b), c22 = a.times(b2), c12 = a1.times(b1);
        const h11 = new D60(1.5).plus(chi.times(D11)).plus(c1.times(D1).times(2)).plus(D.times(c11));
        const h22 = new D60(1.25).plus(chi.times(D22)).plus(c2.times(D2).times(2)).plus(D.times(c22));
        const h12 = chi.times(D12).plus(c1.times(D2)).plus(D1.times(c2)).plus(D.times(c12));
        expect(encloses(r.hessian[0]![0]!, h11) && encloses(r.hessian[1]![1]!, h22) && encloses(r.hessian[0]![1]!, h12) && encloses(r.hessian[1]![0]!, h12)).toBe(true);
        expect(encloses(r.w, chi.times(D))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
