// A piece's W may include terms of the energy itself (boundedTerms, proofs/poincare-decomposition.md
// section 3): for E = 2 tanh(x1 - 0.5 x2 + 0.3) + 0.05 |x|^2 with W = the network term, U is exactly the
// regulariser (m = 0.1 / T) and osc W on A = (-inf, 0] x [1, 2] is 2 (tanh(-0.2) + 1) / T in closed
// form (z = x1 - 0.5 x2 + 0.3 ranges over (-inf, -0.2] on A). The certified constant must be at least
// exp(osc) / m computed in 40-digit decimals (an optimistic osc or m fails) and within 0.1% of it.
// Bad indices are refused.
import { describe, expect, it } from 'vitest';
import { D } from '../integration/reference.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/box.js';
import { I, tanhRidgeModel } from './helpers.js';
import { checkLocalPoincare, type PoincarePieceEvidence } from '../../../src/kernel/checks/poincareDecomposition.js';
import { frameCover } from '../../../src/certify/networkGrid.js';

const model = tanhRidgeModel;
const set: Box = [I(-Infinity, 0), I(1, 2)];
const cover = frameCover(set, 8, 0.25, 4);
const piece: PoincarePieceEvidence = { set, bump: null, boundedTerms: [0], cover };

describe('W = terms of the energy (boundedTerms)', () => {
  for (const T of [1, 0.1]) {
    it(`T = ${T}: m = 0.1 / T and C >= exp(2 (tanh(-0.2) + 1) / T) / m (40-digit decimals), within 0.1%`, () => {
      const r = checkLocalPoincare(model, T, piece, 'frame');
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const m = new D('0.1').div(new D(T));
      // The kernel's m is a lower bound on the exact 0.1 / T (the double 0.1 is just above 1/10).
      expect(new D(r.value.m).lte(new D(0.1).div(new D(T)))).toBe(true);
      expect(r.value.m).toBeGreaterThan((0.1 / T) * (1 - 1e-12));
      const osc = new D(-0.2).tanh().plus(1).times(2).div(new D(T));
      expect(new D(r.value.osc).gte(osc)).toBe(true);
      expect(r.value.osc).toBeLessThan(osc.toNumber() * 1.001);
      const exact = osc.exp().div(m);
      expect(new D(r.value.constant).gte(exact)).toBe(true);
      expect(r.value.constant).toBeLessThan(exact.toNumber() * 1.001);
    });
  }

  it('without the network term in W the set is refused (E has negative curvature along the ridge)', () => {
    const r = checkLocalPoincare(model, 1, { set, bump: null, cover }, 'frame');
    expect(r.ok).toBe(false);
  });

  it('W = network + an expression: U keeps the expression with the opposite sign', () => {
    // W = net - 0.5 x2^2 (bounded on the set: x2 in [1, 2]): hess U = diag(0.1, 1.1); W's sup
    // 2 tanh(-0.2) - 0.5 is at (0, 1), its inf -2 - 2 as x1 -> -inf at x2 = 2, so osc = 2 (tanh(-0.2) + 1) + 1.5.
    const r = checkLocalPoincare(model, 1, { ...piece, bump: '-0.5*x2^2' }, 'frame');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBeGreaterThan(0.1 * (1 - 1e-12));
    expect(r.value.m).toBeLessThanOrEqual(0.1);
    const osc = new D(-0.2).tanh().plus(1).times(2).plus(new D('1.5'));
    expect(new D(r.value.osc).gte(osc)).toBe(true);
    expect(r.value.osc).toBeLessThan(osc.toNumber() * 1.001);
  });

  it('W = network minus a trend q = a . x + (b/2)(x1 - c)^2 with b < 0 on a bounded set (certify/frameTrend.ts): m = (0.1 + b) / T exactly, osc against 40-digit samples', () => {
    // q = 0.25 x2 - 0.025 (x1 + 1)^2, bump = -q: U = regulariser + q, hess U = diag(0.1 - 0.05, 0.1), so
    // m = 0.05 / T (a sign slip in the bump's curvature gives 0.15 / T and fails). W = 2 tanh(x1 - 0.5 x2 + 0.3) - q.
    const box: Box = [I(-3, 0), I(1, 2)];
    const fine: Box[] = [];
    for (let i = 0; i < 120; i++) for (let j = 0; j < 40; j++) fine.push([I(-3 + i / 40, -3 + (i + 1) / 40), I(1 + j / 40, 1 + (j + 1) / 40)]);
    const T = 0.5;
    const r = checkLocalPoincare(model, T, { set: box, bump: '-((0.25)*x2 + (-0.025)*(x1 - (-1))^2)', boundedTerms: [0], cover: fine }, 'trend');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = new D('0.05').div(new D(T));
    expect(new D(r.value.m).lte(m)).toBe(true);
    expect(r.value.m).toBeGreaterThan(m.toNumber() * (1 - 1e-12));
    let lo = new D(Infinity), hi = new D(-Infinity);
    for (let i = 0; i <= 120; i++) for (let j = 0; j <= 40; j++) {
      const x1 = new D(-3).plus(new D(i).div(40)), x2 = new D(1).plus(new D(j).div(40));
      const w = x1.minus(x2.times('0.5')).plus('0.3').tanh().times(2).minus(x2.times('0.25')).plus(x1.plus(1).pow(2).times('0.025'));
      if (w.lt(lo)) lo = w;
      if (w.gt(hi)) hi = w;
    }
    const sampled = hi.minus(lo).div(new D(T));
    expect(new D(r.value.osc).gte(sampled)).toBe(true);
    expect(r.value.osc).toBeLessThan(sampled.toNumber() * 1.05);
    expect(new D(r.value.constant).gte(new D(r.value.osc).exp().div(m))).toBe(true);
  });

  it('refuses indices that do not name distinct terms, and a W that is unbounded on the set', () => {
    const bad = (boundedTerms: unknown): string => {
      const r = checkLocalPoincare(model, 1, { ...piece, boundedTerms: boundedTerms as number[] }, 'frame');
      return r.ok ? 'accepted' : r.reason;
    };
    expect(bad([2])).toMatch(/not the index of a term/);
    expect(bad([-1])).toMatch(/not the index of a term/);
    expect(bad([0.5])).toMatch(/not the index of a term/);
    expect(bad([0, 0])).toMatch(/listed twice/);
    expect(bad('0')).toMatch(/not a list/);
    // W = the regulariser: unbounded on A, and U = the network alone is not convex.
    expect(bad([1])).not.toBe('accepted');
    // Both terms: U = 0 has no positive curvature.
    expect(bad([0, 1])).toMatch(/not certified/);
    expect(bad([])).not.toBe('accepted');
  });

  it('a named term whose smoothness scan throws (a malformed network) is refused as W not C^2, not thrown', () => {
    const broken: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: 1, model: { kind: 'mlp', dim: 2, layers: null as never } }, model.terms[1]!] } as EnergyModel;
    const r = checkLocalPoincare(broken, 1, piece, 'frame');
    expect(r.ok ? 'accepted' : r.reason).toBe('frame: W is not C^2');
  });
});
