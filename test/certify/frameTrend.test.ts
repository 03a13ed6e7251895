// A bounded frame set's piece with W = the network minus a fitted quadratic trend (src/certify/frameTrend.ts).
// The fit against a closed-form optimum; the bump's expression against the trend it encodes; on the
// two-unit tanh ridge (networkGrid.test.ts's network, whose flank falls by about 2.7 across x1 in
// [0.1, 1.5]) a strip where the kernel accepts the trended piece with a constant below the untrended one's,
// and the kernel's constant never below exp(osc / T) / m from a fine sampling of the same W and U.
import { describe, expect, it } from 'vitest';
import { energyFromModel } from '../../src/energy/spec.js';
import type { EnergyModel } from '../../src/kernel/model.js';
import { checkLocalPoincare } from '../../src/kernel/checks/poincareDecomposition.js';
import { fitFrameTrend, trendBump, trendFramePiece } from '../../src/certify/frameTrend.js';
import { networkFramePiece } from '../../src/certify/networkGrid.js';
import { checkCoversRegion } from '../../src/kernel/checks/cover.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const net: EnergyModel = { kind: 'mlp', dim: 2, layers: [
  { inDim: 2, outDim: 2, weight: Float64Array.of(3, 0, 3, 0), bias: Float64Array.of(1.5, -1.5), activation: 'tanh' },
  { inDim: 2, outDim: 1, weight: Float64Array.of(1.5, -1.5), bias: Float64Array.of(0), activation: 'identity' },
] };
const lambda = 0.5;
const energy = energyFromModel({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda, center: [0, 0] } }] });
const T = 0.5;

describe('fitFrameTrend', () => {
  it('recovers an affine W exactly, with no curvature where curvature only costs (closed-form optimum)', () => {
    const samples: { x: number[]; w: number }[] = [];
    for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20; j++) samples.push({ x: [i / 2, j / 2], w: 0.7 * (i / 2) - 0.3 * (j / 2) });
    // osc(w - q) = 0 at a = (0.7, -0.3), b = 0; raising both b_k by beta costs 12.5 beta / T in osc and gains
    // log(1 + beta / lambda) <= beta / lambda = 10 beta: so b = 0 and the model is -log(lambda / T).
    const { trend, model } = fitFrameTrend(samples, [I(0, 10), I(0, 10)], 0.1, 1);
    expect(trend.a[0]).toBeCloseTo(0.7, 2);
    expect(trend.a[1]).toBeCloseTo(-0.3, 2);
    expect(trend.b.every((b) => Math.abs(b) < 1e-3)).toBe(true);
    expect(model).toBeCloseTo(-Math.log(0.1), 2);
    expect(trend.c).toEqual([5, 5]);
  });

  it('bends with a concave W: the interior optimum in closed form, and the bound lambda + b_k >= lambda / 4', () => {
    // W = -|x - (5, 5)|^2 and both b_k = beta: osc(W - q) = (1 + beta / 2) max |x - c|^2, minus log(lambda + beta).
    // On [0, 10]^2 (max 50) the minimum is at 25 = 1 / (0.1 + beta): beta = -0.06. On [0, 20]^2 (max 200,
    // centre (10, 10)) the slope 100 beats 1 / (0.1 + beta) up to the bound: beta = -0.075.
    const fit = (side: number) => {
      const samples: { x: number[]; w: number }[] = [];
      for (let i = 0; i <= 40; i++) for (let j = 0; j <= 40; j++) {
        const x = [(side * i) / 40, (side * j) / 40];
        samples.push({ x, w: -((x[0]! - side / 2) ** 2) - (x[1]! - side / 2) ** 2 });
      }
      return fitFrameTrend(samples, [I(0, side), I(0, side)], 0.1, 1).trend;
    };
    const inner = fit(10);
    for (const b of inner.b) expect(b).toBeCloseTo(-0.06, 3);
    const bound = fit(20);
    for (const b of bound.b) expect(b).toBeCloseTo(-0.075, 3);
    expect(bound.b.every((b) => 0.1 + b >= 0.025 - 1e-12)).toBe(true);
  });
});

describe('trendBump', () => {
  it('encodes -q: evaluated by the expression parser it matches a . x + sum (b_k / 2)(x_k - c_k)^2 with a minus sign', () => {
    const t = { a: [0.25, -1.5], b: [0.125, -0.0625], c: [3, -2.5] };
    const bump = energyFromModel({ kind: 'expression', dim: 2, source: trendBump(t) });
    for (const [x1, x2] of [[0, 0], [1.5, -3], [-7, 11]] as const) {
      const q = 0.25 * x1 - 1.5 * x2 + 0.0625 * (x1 - 3) ** 2 - 0.03125 * (x2 + 2.5) ** 2;
      expect(bump.value(Float64Array.of(x1, x2))).toBeCloseTo(-q, 12);
    }
    expect(trendBump({ a: [0, 0], b: [0, 0], c: [1, 1] })).toBe('0');
  });
});

describe('trendFramePiece', () => {
  const set = [I(0.1, 4), I(-1, 1)];
  const terms = [0];

  it('on the ridge flank: accepted by the kernel, its cover covers the set, and its constant is below the untrended piece', () => {
    const trended = trendFramePiece(energy, T, set, terms, lambda);
    expect(checkCoversRegion(trended.piece.cover, set).ok).toBe(true);
    const r = checkLocalPoincare(energy.model, T, trended.piece, 'test');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.constant).toBe(trended.constant);
    const plain = networkFramePiece(energy, T, set, terms, { subBoxes: 8 });
    expect(Number.isFinite(plain.constant)).toBe(true);
    // The flank falls by about 2.7 over the strip: W = N costs e^{5.4}; the trend takes most of it.
    expect(trended.constant).toBeLessThan(plain.constant / 5);
    expect(trended.trend.a[0]).toBeLessThan(-0.3);
  });

  it('the kernel constant is never below exp(osc W / T) / m from a fine sampling of the same W and U', () => {
    const trended = trendFramePiece(energy, T, set, terms, lambda);
    const w = energyFromModel({ kind: 'sum', dim: 2, terms: [{ weight: 1, model: net }, { weight: 1, model: { kind: 'expression', dim: 2, source: trended.piece.bump! } }] });
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i <= 400; i++) for (let j = 0; j <= 100; j++) {
      const v = w.value(Float64Array.of(0.1 + (3.9 * i) / 400, -1 + (2 * j) / 100));
      lo = Math.min(lo, v); hi = Math.max(hi, v);
    }
    // U = (regulariser - bump)/T: a diagonal quadratic, hess U = (lambda + b_k) / T on axis k.
    const m = Math.min(...trended.trend.b.map((b) => (lambda + b) / T));
    const sampled = Math.exp((hi - lo) / T) / m;
    expect(trended.constant).toBeGreaterThanOrEqual(sampled);
    expect(trended.constant).toBeLessThan(sampled * 2);
  });

  it('refuses an unbounded set', () => {
    expect(() => trendFramePiece(energy, T, [I(0.1, Infinity), I(-1, 1)], terms, lambda)).toThrow(/bounded/);
  });
});
