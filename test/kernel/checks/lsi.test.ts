import { describe, expect, it } from 'vitest';
import { checkLsiDecomposition } from '../../../src/kernel/checks/lsi.js';
import { I, R, gridCover, netPlusReg, regularizer, tanhNet, tanhNetValue, wholeSpace } from './helpers.js';

describe('checkLsiDecomposition', () => {
  it('a quadratic gives m = lambda / T exactly up to rounding, with W = 0', () => {
    for (const T of [1, 0.5, 3]) {
      const r = checkLsiDecomposition(regularizer(2), T, null, wholeSpace(2));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.value.m).toBeLessThanOrEqual(2 / T);
      expect(r.value.m).toBeGreaterThan((2 / T) * (1 - 1e-12));
      expect(r.value.osc).toBe(0);
      expect(r.value.alpha).toBe(r.value.m);
    }
  });

  it('network + regularizer with W = network: U is exactly the regularizer', () => {
    const r = checkLsiDecomposition(netPlusReg(1.5), 1, tanhNet, gridCover(2, 4, 4));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBeGreaterThan(1.5 * (1 - 1e-12));
    expect(r.value.m).toBeLessThanOrEqual(1.5);
    // osc W bounds every sampled value of the network, including far out.
    let lo = Infinity;
    let hi = -Infinity;
    for (let a = -50; a <= 50; a += 0.5)
      for (const b of [-1e6, -7, -1, 0, 1, 3, 1e6]) {
        const v = tanhNetValue([a, b]);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    expect(r.value.infW).toBeLessThanOrEqual(lo);
    expect(r.value.supW).toBeGreaterThanOrEqual(hi);
    expect(r.value.osc).toBeGreaterThanOrEqual(hi - lo);
    expect(r.value.alpha).toBeLessThanOrEqual(r.value.m * Math.exp(-(hi - lo)));
  });

  it('without W, the network + regularizer is not certified convex everywhere unless lambda dominates', () => {
    const weak = checkLsiDecomposition(netPlusReg(0.01), 1, null, gridCover(2, 4, 2));
    expect(weak.ok && weak.value.m > 0).toBe(false);
  });

  it('refuses a cover with a gap', () => {
    const boxes = gridCover(2, 4, 2).slice(1);
    const r = checkLsiDecomposition(regularizer(1), 1, null, boxes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/gap/);
  });

  it('refuses a relu network', () => {
    const relu = { ...tanhNet, layers: tanhNet.kind === 'mlp' ? tanhNet.layers.map((l, i) => (i === 0 ? { ...l, activation: 'relu' as const } : l)) : [] };
    const r = checkLsiDecomposition(relu, 1, null, [[R, R]]);
    expect(r.ok).toBe(false);
  });

  it('an unbounded box keeps the bound sound', () => {
    const r = checkLsiDecomposition(regularizer(1), 1, null, [[I(-Infinity, 0), R], [I(0, Infinity), R]]);
    expect(r.ok && r.value.m).toBeGreaterThan(0.99);
  });
});
