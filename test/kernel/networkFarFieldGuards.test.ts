// Guards of the cone enclosures (networkFarField.ts) that the random-network test does not reach:
// the upper end of a pre-activation that saturates downward (w . u <= 0 on the patch) against
// 60-digit decimals; a sum model's value and gradient (not only its Hessian) over a cone; that a sum
// is enclosed term by term over the cone, not over the cone's bounding box; that zero weights add no
// rounding; malformed sums.
import { describe, expect, it } from 'vitest';
import { affineOverCone, compileConeEnclosure, coneBoundingBox, type Cone } from '../../src/kernel/networkFarField.js';
import { createFlatEnclosure, triIndex } from '../../src/kernel/network.js';
import type { EnergyModel, MlpLayer } from '../../src/kernel/model.js';
import { dec, referenceMlp } from './networkReference.js';

const tanhLayer = (w: number[], b: number): MlpLayer[] => [
  { inDim: w.length, outDim: 1, weight: Float64Array.from(w), bias: Float64Array.of(b), activation: 'tanh' },
  { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' },
];

describe('affineOverCone: both ends against decimals', () => {
  it('w . u <= 0 on the patch: the upper end b + w . c + R max(w . u) is finite, at or above the exact value and within 1e-14', () => {
    // w = (0.3, 0.7), face u1 = -1, u2 in [-0.9, 0.1]: w . u in [-0.93, -0.23], max at u2 = 0.1.
    const cone: Cone = { center: Float64Array.of(1.1, 2.3), radius: 1.7, uLo: Float64Array.of(-1, -0.9), uHi: Float64Array.of(-1, 0.1) };
    const [lo, hi] = affineOverCone(Float64Array.of(0.3, 0.7), 0, 0.45, cone);
    expect(lo).toBe(-Infinity);
    const exact = dec(0.45).plus(dec(0.3).times(dec(1.1))).plus(dec(0.7).times(dec(2.3)))
      .plus(dec(1.7).times(dec(0.3).times(-1).plus(dec(0.7).times(dec(0.1)))));
    expect(dec(hi).gte(exact)).toBe(true);
    expect(dec(hi).minus(exact).abs().lte(exact.abs().times(1e-14))).toBe(true);
    // The mirror image: w . u >= 0 gives a finite lower end, the same distance below.
    const mirror: Cone = { center: Float64Array.of(-1.1, -2.3), radius: 1.7, uLo: Float64Array.of(1, -0.1), uHi: Float64Array.of(1, 0.9) };
    const [lo2, hi2] = affineOverCone(Float64Array.of(0.3, 0.7), 0, -0.45, mirror);
    expect(hi2).toBe(Infinity);
    expect(dec(lo2).lte(exact.neg())).toBe(true);
    expect(dec(lo2).minus(exact.neg()).abs().lte(exact.abs().times(1e-14))).toBe(true);
  });

  it('a zero weight adds no rounding: the enclosure is the one without that input', () => {
    const c2: Cone = { center: Float64Array.of(0.3, 5.1), radius: 2.1, uLo: Float64Array.of(0.1, 1), uHi: Float64Array.of(0.6, 1) };
    const c1: Cone = { center: Float64Array.of(0.3), radius: 2.1, uLo: Float64Array.of(0.1), uHi: Float64Array.of(0.6) };
    expect(affineOverCone(Float64Array.of(0.7, 0), 0, 0.2, c2)).toEqual(affineOverCone(Float64Array.of(0.7), 0, 0.2, c1));
  });
});

describe('coneBoundingBox: finite ends against decimals', () => {
  it('u_j >= 0: lower end c_j + R u_lo at or below the exact value; u_j <= 0: upper end at or above', () => {
    const cone: Cone = { center: Float64Array.of(0.1, -0.3), radius: 1.3, uLo: Float64Array.of(0.7, -1), uHi: Float64Array.of(1, -0.2) };
    const lo = new Float64Array(2), hi = new Float64Array(2);
    coneBoundingBox(cone, lo, hi);
    const lo0 = dec(0.1).plus(dec(1.3).times(dec(0.7))), hi1 = dec(-0.3).plus(dec(1.3).times(dec(-0.2)));
    expect([hi[0], lo[1]]).toEqual([Infinity, -Infinity]);
    expect(dec(lo[0]!).lte(lo0) && dec(lo[0]!).gt(lo0.minus(1e-14))).toBe(true);
    expect(dec(hi[1]!).gte(hi1) && dec(hi[1]!).lt(hi1.plus(1e-14))).toBe(true);
  });
});

describe('a sum model over a cone', () => {
  const d = 2;
  const net = tanhLayer([1, 1], 0.2);
  const sum = (wNet: number, wQuad: number): EnergyModel => ({ kind: 'sum', dim: d, terms: [
    { weight: wNet, model: { kind: 'mlp', dim: d, layers: net } },
    { weight: wQuad, model: { kind: 'quadratic', dim: d, lambda: 0.4, center: [0, 0] } },
  ] });
  // Face u1 = +1, u2 in [-0.5, 0]: z = x1 + x2 + 0.2 >= R/2 + 0.2 on the cone, but not on its bounding box.
  const cone: Cone = { center: Float64Array.of(0, 0), radius: 6, uLo: Float64Array.of(1, -0.5), uHi: Float64Array.of(1, 0) };

  it('value, gradient and Hessian at points of the cone lie in the enclosure of 1.5 E_net - 0.25 (0.2 |x|^2)', () => {
    const e = createFlatEnclosure(d);
    compileConeEnclosure(sum(1.5, -0.25))(cone, e);
    for (const [r, u2] of [[6, 0], [6, -0.5], [7.5, -0.25], [40, -0.1]] as const) {
      const x = [r, r * u2];
      const ref = referenceMlp(net, x, false);
      const quad = dec(0.2).times(dec(x[0]!).pow(2).plus(dec(x[1]!).pow(2)));
      const value = ref.value.times(1.5).minus(quad.times(0.25));
      expect(dec(e.valueLo).lte(value) && dec(e.valueHi).gte(value), `value at ${x}`).toBe(true);
      for (let a = 0; a < d; a++) {
        const g = ref.gradient[a]!.times(1.5).minus(dec(0.4).times(dec(x[a]!)).times(0.25));
        expect(dec(e.gradLo[a]!).lte(g) && dec(e.gradHi[a]!).gte(g), `gradient[${a}] at ${x}`).toBe(true);
        for (let b = a; b < d; b++) {
          const h = ref.hessian[a]![b]!.times(1.5).minus(a === b ? dec(0.1) : dec(0));
          expect(dec(e.hessLo[triIndex(d, a, b)]!).lte(h) && dec(e.hessHi[triIndex(d, a, b)]!).gte(h), `hessian[${a}][${b}] at ${x}`).toBe(true);
        }
      }
    }
    // Each term enclosed over the cone, not over its bounding box (where z is unbounded below and
    // |tanh''| reaches 0.77): |1.5 tanh''(z)| <= 1.5 * 8 e^(-2 * 3.2) < 0.02 for z >= 3.2.
    for (let t = 0; t < 3; t++) expect(Math.max(-e.hessLo[t]!, e.hessHi[t]!) - (t === 1 ? 0 : 0.1)).toBeLessThan(0.02);
  });

  it('a positive weight scales both ends: 2 E_net over the cone contains 2 tanh(z) at its points', () => {
    const e = createFlatEnclosure(d);
    compileConeEnclosure({ kind: 'sum', dim: d, terms: [{ weight: 2, model: { kind: 'mlp', dim: d, layers: net } }] })(cone, e);
    for (const [r, u2] of [[6, 0], [6, -0.5], [9, -0.3]] as const) {
      const v = referenceMlp(net, [r, r * u2], false).value.times(2);
      expect(dec(e.valueLo).lte(v) && dec(e.valueHi).gte(v), `value at r = ${r}`).toBe(true);
    }
    expect(e.valueHi).toBeLessThanOrEqual(2 + 1e-12);
  });

  it('a term of weight 0 changes nothing (not even by a rounding)', () => {
    const a = createFlatEnclosure(d), b = createFlatEnclosure(d);
    compileConeEnclosure(sum(1.5, 0))(cone, a);
    compileConeEnclosure({ kind: 'sum', dim: d, terms: [{ weight: 1.5, model: { kind: 'mlp', dim: d, layers: net } }] })(cone, b);
    expect(a).toEqual(b);
  });

  it('malformed sums throw', () => {
    expect(() => compileConeEnclosure({ kind: 'sum', dim: d, terms: [{ weight: 1, model: { kind: 'quadratic', dim: 3, lambda: 1, center: [0, 0, 0] } }] })).toThrow(/dimension 3, expected 2/);
    expect(() => compileConeEnclosure({ kind: 'sum', dim: d, terms: [{ weight: Infinity, model: { kind: 'quadratic', dim: d, lambda: 1, center: [0, 0] } }] })).toThrow(/weight Infinity is not finite/);
    expect(() => compileConeEnclosure({ kind: 'sum', dim: d, terms: [{ weight: NaN, model: { kind: 'quadratic', dim: d, lambda: 1, center: [0, 0] } }] })).toThrow(/not finite/);
  });
});
