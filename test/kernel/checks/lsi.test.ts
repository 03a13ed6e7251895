import { describe, expect, it } from 'vitest';
import { checkLsiDecomposition } from '../../../src/kernel/checks/lsi.js';
import { I, R, expr, gridCover, netPlusReg, regularizer, tanhNet, tanhNetValue, wholeSpace } from './helpers.js';
import { D60, d60, encloses } from '../intervalReference.js';

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

describe('checkLsiDecomposition: alpha = m exp(-osc) rounded down, osc rounded up (60 digits)', () => {
  it('alpha <= m exp(-osc) and osc >= sup W - inf W, each within rounding', () => {
    const r = checkLsiDecomposition(netPlusReg(1.5), 0.7, tanhNet, gridCover(2, 4, 4));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { m, osc, infW, supW, alpha } = r.value;
    expect(m).toBeGreaterThan(0);
    expect(osc).toBeGreaterThan(0);
    // osc is an upper bound of supW - infW (not a double in general), alpha a lower bound of m exp(-osc).
    const oscExact = d60(supW).minus(d60(infW));
    expect(encloses({ lo: -Infinity, hi: osc }, oscExact)).toBe(true);
    expect(new D60(osc).minus(oscExact).abs().lte(oscExact.times(1e-15))).toBe(true);
    const alphaExact = d60(m).times(d60(osc).neg().exp());
    expect(encloses({ lo: alpha, hi: Infinity }, alphaExact), `${alpha} vs ${alphaExact}`).toBe(true);
    expect(new D60(alpha).gte(alphaExact.times(1 - 1e-14))).toBe(true);
    // W = tanhNet / T: inf W and sup W bound the sampled values of W (f-units).
    expect(infW).toBeLessThanOrEqual(tanhNetValue([0, 0]) / 0.7);
    expect(supW).toBeGreaterThanOrEqual(tanhNetValue([0, 0]) / 0.7);
  });

  it('osc is rounded up when sup W - inf W is not a double', () => {
    // W = sin(x1)^2 / 2 + 1e-9: the ends of its enclosure differ in magnitude by 1e8, so their
    // difference needs more than 53 bits.
    const w = { kind: 'expression' as const, dim: 2, source: 'sin(x1)^2 / 2 + 1e-9' };
    const model = { kind: 'sum' as const, dim: 2, terms: [{ weight: 1, model: regularizer(1) }, { weight: 1, model: w }] };
    const r = checkLsiDecomposition(model, 1, w, wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const oscExact = d60(r.value.supW).minus(d60(r.value.infW));
    expect(d60(r.value.supW - r.value.infW).eq(oscExact)).toBe(false);
    expect(encloses({ lo: -Infinity, hi: r.value.osc }, oscExact)).toBe(true);
    const alphaExact = d60(r.value.m).times(oscExact.neg().exp());
    expect(d60(r.value.alpha).lte(alphaExact)).toBe(true);
  });

  it('m is the smallest box bound, not the last one', () => {
    // f = (x1^2 - 1)^2 / 4 + x2^2: on [-0.1, 0.1] x R, d2f/dx1^2 = 3 x1^2 - 1 <= -0.97; elsewhere larger.
    const model = { kind: 'expression' as const, dim: 2, source: '(x1^2 - 1)^2 / 4 + x2^2' };
    const boxes = [[I(-0.1, 0.1), R], [I(-Infinity, -0.1), R], [I(0.1, 2), R], [I(2, Infinity), R]];
    const r = checkLsiDecomposition(model, 1, null, boxes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBeLessThanOrEqual(-0.97);
    expect(r.value.alpha).toBe(0);
  });

  it('refuses a bad temperature, W of another dimension, a W that is not C^2', () => {
    expect(checkLsiDecomposition(regularizer(1), 0, null, wholeSpace(2)).ok).toBe(false);
    const w1 = { kind: 'quadratic' as const, dim: 1, lambda: 1, center: [0] };
    const r = checkLsiDecomposition(regularizer(1), 1, w1, wholeSpace(2));
    expect(r.ok ? 'accepted' : r.reason).toMatch(/W has dimension 1/);
    const rough = checkLsiDecomposition(regularizer(1), 1, { kind: 'expression', dim: 2, source: 'abs(x1)' }, wholeSpace(2));
    expect(rough.ok ? 'accepted' : rough.reason).toMatch(/^lsi: the expression uses abs/);
  });

  it('a W whose enclosure throws (log of negatives) has no range: osc = Infinity, alpha = 0', () => {
    const w = { kind: 'expression' as const, dim: 2, source: 'log(x1)' };
    const model = { kind: 'sum' as const, dim: 2, terms: [{ weight: 1, model: regularizer(1) }, { weight: 1, model: w }] };
    const r = checkLsiDecomposition(model, 1, w, wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.infW).toBe(-Infinity);
    expect(r.value.supW).toBe(Infinity);
    expect(r.value.osc).toBe(Infinity);
    expect(r.value.alpha).toBe(0);
  });

  it('an energy whose Hessian enclosure throws gives m = -Infinity; with W unbounded too, alpha is still 0 (not NaN)', () => {
    const r = checkLsiDecomposition(expr('log(x1) + x2^2'), 1, null, wholeSpace(2));
    expect(r.ok && r.value.m).toBe(-Infinity);
    expect(r.ok && r.value.alpha).toBe(0);
    // U = -x1^4 (m = -inf over R^2) and W = log(x1) (osc = inf): -inf * exp(-inf) would be NaN.
    const w = expr('log(x1)');
    const model = { kind: 'sum' as const, dim: 2, terms: [{ weight: 1, model: expr('-(x1^4) + x2^2') }, { weight: 1, model: w }] };
    const both = checkLsiDecomposition(model, 1, w, wholeSpace(2));
    expect(both.ok).toBe(true);
    if (!both.ok) return;
    expect(both.value.m).toBe(-Infinity);
    expect(both.value.osc).toBe(Infinity);
    expect(both.value.alpha).toBe(0);
  });

  it('a box where W is unbounded gives osc = Infinity and alpha = 0', () => {
    const w = { kind: 'expression' as const, dim: 2, source: 'x1' };
    const model = { kind: 'sum' as const, dim: 2, terms: [{ weight: 1, model: regularizer(1) }, { weight: 1, model: w }] };
    const r = checkLsiDecomposition(model, 1, w, wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.osc).toBe(Infinity);
    expect(r.value.alpha).toBe(0);
    expect(r.value.m).toBeGreaterThan(0.99);
  });
});
