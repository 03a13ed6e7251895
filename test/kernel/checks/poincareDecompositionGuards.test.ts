// Guards of the covering-decomposition Poincare check (proofs/poincare-decomposition.md), fast enough
// for mutation testing: each refusal starts from ACCEPTED evidence (a standard Gaussian cut into two
// overlapping half-lines) with one field changed, its reason matched; the local constant
// C_i = exp(osc W) / m and the decomposition constant against 60-digit decimals (rounded up, never
// below the exact value); the gap is 1 / C rounded down.
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnergy } from '../../../src/energy/spec.js';
import { prepareIntegration, refineIntegral } from '../../../src/audit/integrate.js';
import { checkIntegralEvidence, type IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import {
  checkLocalPoincare, checkPoincareDecomposition, decompositionConstant, intersectBoxes,
  type PoincareDecompositionEvidence, type PoincarePieceEvidence,
} from '../../../src/kernel/checks/poincareDecomposition.js';
import { MAX_DECOMPOSITION_SETS } from '../../../src/kernel/checks/blockGap.js';
import { floatLambda2 } from '../../../src/certify/poincareProducer.js';
import type { Box } from '../../../src/kernel/checks/cover.js';

const D = Decimal.clone({ precision: 60 });
const I = (lo: number, hi: number) => ({ lo, hi });
const gaussian = loadEnergy('expr:0.5*x1^2');

describe('checkLocalPoincare: C = exp(osc W) / m on one set', () => {
  const piece = (bump: string | null, cover: Box[], set: Box = [I(0, 1)]): PoincarePieceEvidence => ({ set, bump, cover });

  it('U = 0.25 x^2, W = 0.25 x^2 on [0, 1]: m = 1/(2T), osc = 1/(4T), constant >= exp(osc) / m (60 digits) and within 1e-14', () => {
    for (const T of [1, 2]) {
      const r = checkLocalPoincare(gaussian.model, T, piece('0.25*x1^2', [[I(0, 1)]]), 'set');
      expect(r.ok, r.ok ? '' : r.reason).toBe(true);
      if (!r.ok) return;
      const m = new D(1).div(2 * T), osc = new D(1).div(4 * T);
      expect(new D(r.value.m).lte(m)).toBe(true);
      expect(r.value.m).toBeGreaterThan(m.toNumber() * (1 - 1e-15));
      expect(new D(r.value.osc).gte(osc)).toBe(true);
      expect(r.value.osc).toBeLessThan(osc.toNumber() * (1 + 1e-15));
      // Computed from the kernel's own m and osc: rounded up, a few ulps above the exact quotient.
      const exact = new D(r.value.osc).exp().div(new D(r.value.m));
      expect(new D(r.value.constant).gt(exact)).toBe(true);
      expect(new D(r.value.constant).lt(exact.times(1 + 1e-14))).toBe(true);
    }
  });

  it('cover boxes are intersected with the set; boxes that miss the set are skipped', () => {
    const base = checkLocalPoincare(gaussian.model, 1, piece('0.25*x1^2', [[I(0, 1)]]), 'set');
    // [-1, 2] reaches W = 1 outside the set: only the part in [0, 1] counts.
    expect(checkLocalPoincare(gaussian.model, 1, piece('0.25*x1^2', [[I(-1, 2)]]), 'set')).toEqual(base);
    // A box at [5, 6] (W = 9) does not meet [0, 1]; split covers in any order give the same constant.
    expect(checkLocalPoincare(gaussian.model, 1, piece('0.25*x1^2', [[I(0, 0.5)], [I(0.5, 1)], [I(5, 6)]]), 'set')).toEqual(base);
    expect(checkLocalPoincare(gaussian.model, 1, piece('0.25*x1^2', [[I(0.5, 1)], [I(0, 0.5)]]), 'set')).toEqual(base);
    // A box that only touches the set at x = 1 meets it; W there is 0.25, within the range already.
    expect(checkLocalPoincare(gaussian.model, 1, piece('0.25*x1^2', [[I(0, 1)], [I(1, 3)]]), 'set')).toEqual(base);
  });

  it('the worst cover box decides m and osc (min of the lower ends, max of the upper ends)', () => {
    // U = 0.5 x^2 + 0.25 x^3 (bump -0.25 x^3): hess U = 1 + 1.5 x, least at x = 0 on [0, 1]: m = 1.
    // W = -0.25 x^3 in [-0.25, 0]: osc = 0.25 from two boxes (lower end from [0.5, 1], upper from [0, 0.5]).
    const r = checkLocalPoincare(gaussian.model, 1, piece('-0.25*x1^3', [[I(0.5, 1)], [I(0, 0.5)]]), 'set');
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBeLessThanOrEqual(1);
    expect(r.value.m).toBeGreaterThan(1 - 1e-12);
    expect(r.value.osc).toBeGreaterThanOrEqual(0.25);
    expect(r.value.osc).toBeLessThan(0.25 + 1e-12);
  });

  it('W = null: osc = 0 and the constant is 1 / m rounded up', () => {
    const r = checkLocalPoincare(gaussian.model, 1, piece(null, [[I(0, 1)]]), 'set');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.osc).toBe(0);
    expect(new D(r.value.constant).gte(new D(1).div(r.value.m))).toBe(true);
  });

  it('refusals, each with its reason', () => {
    const refused = (p: PoincarePieceEvidence, why: RegExp) => {
      const r = checkLocalPoincare(gaussian.model, 1, p, 'set 7');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(why);
    };
    refused({ ...piece(null, [[I(0, 1)]]), bump: 3 as unknown as string }, /^set 7: the bump is not an expression$/);
    refused({ ...piece(null, [[I(0, 1)]]), cover: 'boxes' as unknown as Box[] }, /^set 7: the cover is not a list of boxes$/);
    refused(piece(null, [[I(0, 0.5)]]), /^set 7: .*gap/);
    refused(piece('abs(x1)', [[I(0, 1)]]), /^set 7: W is not C\^2 \(.*abs/);
    // W = x^2 makes U = -0.5 x^2: not convex; W = 0.5 x^2 leaves U = 0 (m = 0 is refused too).
    refused(piece('x1^2', [[I(0, 1)]]), /^set 7: hess U >= m I with m > 0 is not certified/);
    refused(piece('0.5*x1^2', [[I(0, 1)]]), /^set 7: hess U >= m I with m > 0 is not certified/);
    // U convex (0.4 x^2) but W = 0.1 x^2 unbounded on the half-line.
    refused(piece('0.1*x1^2', [[I(0, Infinity)]], [I(0, Infinity)]), /^set 7: W is not bounded on the set$/);
    // Bounded below only: the same on the other side.
    refused(piece('-0.1*x1^2', [[I(-Infinity, 0)]], [I(-Infinity, 0)]), /^set 7: hess U|^set 7: W is not bounded/);
    refused(piece('-800*x1', [[I(0, 1)]]), /^set 7: the local constant exp\(800\) .* overflows$/);
  });
});

describe('decompositionConstant: max over points of sum C_i (1 + 2 deg_i / t), rounded up', () => {
  const exactWeight = (c: number, deg: number, t: number) => new D(c).times(new D(1).plus(new D(2 * deg).div(new D(t))));

  it('two overlapping sets add; disjoint sets take the max (60-digit reference, never below it)', () => {
    const [c0, c1, t] = [1.1, 0.3, 0.3];
    const sum = exactWeight(c0, 1, t).plus(exactWeight(c1, 1, t));
    const got = decompositionConstant([[I(-Infinity, 1)], [I(-1, Infinity)]], [c0, c1], [1, 1], t);
    expect(new D(got).gte(sum)).toBe(true);
    expect(new D(got).lt(sum.times(1 + 1e-14))).toBe(true);
    const max = Decimal.max(exactWeight(c0, 1, t), exactWeight(c1, 2, t));
    const apart = decompositionConstant([[I(-Infinity, 0)], [I(1, Infinity)]], [c0, c1], [1, 2], t);
    expect(new D(apart).gte(max)).toBe(true);
    expect(new D(apart).lt(max.times(1 + 1e-14))).toBe(true);
  });

  it('rounding up: 3 (1 + 2/3) = 5 in reals is at least 5, and the degree enters each weight', () => {
    expect(decompositionConstant([[I(-Infinity, Infinity)], [I(5, Infinity)]], [3, 0], [1, 0], 3)).toBeGreaterThanOrEqual(5);
    expect(decompositionConstant([[I(-Infinity, 0)], [I(1, Infinity)]], [1, 1], [0, 3], 2)).toBe(4);
  });
});

describe('intersectBoxes', () => {
  it('coordinate-wise max of the lower ends and min of the upper ends', () => {
    expect(intersectBoxes([I(-Infinity, 2), I(0, 5)], [I(-1, Infinity), I(1, 3)])).toEqual([I(-1, 2), I(1, 3)]);
  });
});

describe('checkPoincareDecomposition from accepted evidence (standard Gaussian, two half-lines)', () => {
  let bracket: IntegralBracket;
  let good: PoincareDecompositionEvidence;
  const a1: Box = [I(-Infinity, 1)], a2: Box = [I(-1, Infinity)];
  beforeAll(() => {
    const prepared = prepareIntegration(gaussian.model, 1, 1e-3);
    const { evidence } = refineIntegral(gaussian.model, 1, { tolerance: 1e-3, prepared, maxBoxes: 20_000 });
    const r = checkIntegralEvidence(gaussian.model, 1, evidence.boxes, evidence.tails, evidence.shift);
    if (!r.ok) throw new Error(r.reason);
    bracket = r.value;
    // Phi(1) = 0.8413..., overlap 2 Phi(1) - 1 = 0.6826...: shaded claims.
    const q = [0.8414, 0.8414], t = floatLambda2(q, [{ i: 0, j: 1, weight: 0.6826 }]) * (1 - 1e-6);
    good = { pieces: [{ set: a1, bump: null, cover: [a1] }, { set: a2, bump: null, cover: [a2] }], edges: [[0, 1]], beta: t / q[0]!, lambda2: t };
  }, 120_000);

  const refused = (why: RegExp, evidence: PoincareDecompositionEvidence, T = 1, model = gaussian.model) => {
    const r = checkPoincareDecomposition(model, T, bracket, evidence);
    expect(r.ok, 'refused').toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  };

  it('accepted: gap = 1 / C rounded down, C = the heaviest clique of C_i (1 + 2 deg_i / t)', () => {
    const r = checkPoincareDecomposition(gaussian.model, 1, bracket, good);
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    expect(r.value.multiplicity).toBe(2);
    expect(r.value.lambda2).toBe(good.lambda2);
    expect(r.value.masses).toHaveLength(2);
    expect(r.value.overlaps).toHaveLength(1);
    const expected = decompositionConstant([a1, a2], r.value.local.map((l) => l.constant), [1, 1], good.lambda2);
    expect(r.value.poincare).toBe(expected);
    expect(new D(r.value.gap).lte(new D(1).div(r.value.poincare))).toBe(true);
    expect(new D(r.value.gap).gt(new D(1).div(r.value.poincare).times(1 - 1e-15))).toBe(true);
  });

  it('temperature, smoothness and the number of sets', () => {
    refused(/^poincare: temperature 0/, good, 0);
    refused(/^poincare: temperature NaN/, good, NaN);
    refused(/^poincare: .*abs/, good, 1, loadEnergy('expr:0.5*x1^2 + abs(x1)').model);
    refused(new RegExp(`^poincare: need 2 to ${MAX_DECOMPOSITION_SETS} sets$`), { ...good, pieces: good.pieces.slice(0, 1), edges: [] });
    refused(new RegExp(`^poincare: need 2 to ${MAX_DECOMPOSITION_SETS} sets$`), { ...good, pieces: 'two' as unknown as PoincarePieceEvidence[] });
    const many = Array.from({ length: MAX_DECOMPOSITION_SETS + 1 }, () => good.pieces[0]!);
    refused(new RegExp(`^poincare: need 2 to ${MAX_DECOMPOSITION_SETS} sets$`), { ...good, pieces: many });
    // Exactly MAX_DECOMPOSITION_SETS sets are allowed: the two half-lines and more copies of the first, each joined to set 1.
    const most = [good.pieces[0]!, good.pieces[1]!, ...Array.from({ length: MAX_DECOMPOSITION_SETS - 2 }, () => good.pieces[0]!)];
    const star = most.map((_, j): [number, number] => (j === 0 ? [0, 1] : [1, j])).filter(([i, j]) => i !== j);
    const r = checkPoincareDecomposition(gaussian.model, 1, bracket, { ...good, pieces: most, edges: star, lambda2: 1e-9, beta: 1 });
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
  }, 300_000); // the interval eigenvalue bound on 500 sets: about a minute alone, more beside other tests

  it('the bracket must be the one of this model and temperature (the masses come from it)', () => {
    refused(/^poincare: mass of set 0: region: the bracket was computed for another model or temperature$/, good, 2);
    refused(/^poincare: mass of set 0: region: the bracket was computed for another model/, good, 1, loadEnergy('expr:0.5*x1^2').model);
  });

  it('a claimed lambda_2 so small that 2 deg / t overflows: the constant is refused, not returned as Infinity', () => {
    refused(/^poincare: the constant is not finite$/, { ...good, lambda2: 5e-324, beta: 1 });
  });

  it('each set a box, the sets covering R, each local constant certified', () => {
    refused(/^poincare: sets\[1\]/, { ...good, pieces: [good.pieces[0]!, { ...good.pieces[1]!, set: [I(2, 1)] }] });
    refused(/^poincare: sets\[0\]/, { ...good, pieces: [{ ...good.pieces[0]!, set: [I(-1, 1), I(0, 1)] }, good.pieces[1]!] });
    const short: Box = [I(2, Infinity)];
    refused(/^poincare: the sets do not cover R\^d/, { ...good, pieces: [good.pieces[0]!, { set: short, bump: null, cover: [short] }] });
    refused(/^poincare: set 1: hess U/, { ...good, pieces: [good.pieces[0]!, { ...good.pieces[1]!, bump: 'x1^2' }] });
  });

  it('masses: a set of certified mass 0 is refused', () => {
    const far: Box = [I(60, Infinity)];
    refused(/^poincare: pi\(A_2\) > 0 is not certified$/, { ...good, pieces: [...good.pieces, { set: far, bump: null, cover: [far] }] });
  });

  it('edges: malformed, out of order, out of range, repeated, between sets that do not meet', () => {
    const edges = (e: unknown) => ({ ...good, edges: e as PoincareDecompositionEvidence['edges'] });
    refused(/^poincare: edge 5 is not a pair i < j of sets$/, edges([5]));
    refused(/^poincare: edge \["a",1\] is not a pair/, edges([['a', 1]]));
    refused(/^poincare: edge \[0.5,1\] is not a pair/, edges([[0.5, 1]]));
    refused(/^poincare: edge \[0,0.5\] is not a pair/, edges([[0, 0.5]]));
    refused(/^poincare: edge \[1,0\] is not a pair/, edges([[1, 0]]));
    refused(/^poincare: edge \[0,0\] is not a pair/, edges([[0, 0]]));
    refused(/^poincare: edge \[-1,1\] is not a pair/, edges([[-1, 1]]));
    refused(/^poincare: edge \[0,2\] is not a pair/, edges([[0, 2]]));
    refused(/^poincare: edge \(0, 1\) is listed twice$/, edges([[0, 1], [0, 1]]));
    const b: Box = [I(2, Infinity)], c: Box = [I(-Infinity, 1)];
    const three = { ...good, pieces: [...good.pieces, { set: b, bump: null, cover: [b] }, { set: c, bump: null, cover: [c] }] };
    refused(/^poincare: sets 0 and 2 do not meet$/, { ...three, edges: [[0, 1], [0, 2]] });
    // An edge to the last set is in range (j < number of sets).
    const ok3 = checkPoincareDecomposition(gaussian.model, 1, bracket, { ...three, edges: [[0, 1], [1, 2], [1, 3]], lambda2: 1e-6, beta: 1 });
    expect(ok3.ok, ok3.ok ? '' : ok3.reason).toBe(true);
  });

  it('the block-gap claim: lambda_2 above what the pessimistic masses allow', () => {
    refused(/^poincare: .*lambda_2/, { ...good, lambda2: good.lambda2 * 1.01 });
  });
});
