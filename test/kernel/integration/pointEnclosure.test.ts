import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePointValueGradient, createPointValueGradient } from '../../../src/kernel/integration/pointEnclosure.js';
import { encloseModel } from '../../../src/kernel/enclosure.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { networkArb, SMOOTH_ACTIVATIONS } from '../networkArbitraries.js';
import { dec, outside, referenceMlp } from '../networkReference.js';

describe('point value and gradient enclosure (no Hessian)', () => {
  it('contains the 60-digit forward-mode reference, and is as tight as the full enclosure at the point', () => {
    fc.assert(
      fc.property(networkArb(SMOOTH_ACTIVATIONS, 3), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }), (net, xs) => {
        const x = xs.slice(0, net.dim);
        const model: EnergyModel = { kind: 'mlp', dim: net.dim, layers: net.layers };
        const fn = compilePointValueGradient(model);
        const out = createPointValueGradient(net.dim);
        fn(Float64Array.from(x), out);
        const ref = referenceMlp(net.layers, x);
        const bad = [outside('value', ref.value, out.valueLo, out.valueHi), ...ref.gradient.map((g, a) => outside(`grad ${a}`, g, out.gradLo[a]!, out.gradHi[a]!))].filter((s) => s !== null);
        expect(bad).toEqual([]);
        // Width within 1e-9 of the magnitude: an enclosure widened by a real error would show here.
        const full = encloseModel(model, x.map((v) => ({ lo: v, hi: v })));
        expect(out.valueHi - out.valueLo).toBeLessThanOrEqual(Math.max(2 * (full.value.hi - full.value.lo), 1e-9 * (1 + Math.abs(ref.value.toNumber()))));
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('a sum of a network and a regularizer (weights 0.5 and 3) contains the reference', () => {
    const layers = [
      { inDim: 2, outDim: 3, weight: Float64Array.of(1, -2, 0.5, 0.25, -1, 1.5), bias: Float64Array.of(0.1, 0, -0.3), activation: 'tanh' as const },
      { inDim: 3, outDim: 1, weight: Float64Array.of(1, -1, 2), bias: Float64Array.of(0.2), activation: 'identity' as const },
    ];
    const model: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 0.5, model: { kind: 'mlp', dim: 2, layers } }, { weight: 3, model: { kind: 'quadratic', dim: 2, lambda: 0.1, center: [1, -1] } }] };
    const out = createPointValueGradient(2);
    for (const x of [[0, 0], [0.3, -1.7], [2.5, 1e-3]]) {
      compilePointValueGradient(model)(Float64Array.from(x), out);
      const ref = referenceMlp(layers, x);
      const q = dec(0.1).div(2).times(dec(x[0]!).minus(1).pow(2).plus(dec(x[1]!).plus(1).pow(2)));
      const value = ref.value.times(0.5).plus(q.times(3));
      const grad = ref.gradient.map((g, a) => g.times(0.5).plus(dec(0.1).times(3).times(dec(x[a]!).minus(a === 0 ? 1 : -1))));
      expect(outside('value', value, out.valueLo, out.valueHi)).toBeNull();
      grad.forEach((g, a) => expect(outside(`grad ${a}`, g, out.gradLo[a]!, out.gradHi[a]!)).toBeNull());
      expect(out.valueHi - out.valueLo).toBeLessThan(1e-12);
    }
  });
});
