// Edge scales mu_ij of the covering-decomposition Poincare check (proofs/poincare-decomposition.md,
// section 1 (H2) and section 3): the block chain's weights become mu_ij omega_ij (rounded down) and each
// set pays C_i (1 + 2 deg_i / t), deg_i the heaviest sum of mu_ij over neighbours whose sets share a
// point of A_i (overlapDegrees). Closed form: a standard Gaussian cut into two overlapping
// half-lines (erf in 120-digit decimals), where the statement is homogeneous in (mu, t): a scaled
// chain certifies the same constant, never below the theorem's value with the exact masses. The
// scales enter the PSD check (the unscaled claim is refused for scaled edges), the degree sums are
// rounded up (one rounding: 0.1 + 0.7), malformed scales are refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { D, erf } from '../integration/reference.js';
import { loadEnergy } from '../../../src/energy/spec.js';
import { prepareIntegration, refineIntegral } from '../../../src/audit/integrate.js';
import { checkIntegralEvidence, type IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import { checkPoincareDecomposition, type PoincareDecompositionEvidence } from '../../../src/kernel/checks/poincareDecomposition.js';
import { edgeDegrees, overlapDegrees, scaledDegrees } from '../../../src/kernel/checks/blockGap.js';
import { decompositionConstant } from '../../../src/kernel/checks/poincareDecomposition.js';
import { floatLambda2 } from '../../../src/certify/poincareProducer.js';
import type { Box } from '../../../src/kernel/checks/cover.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const gaussian = loadEnergy('expr:0.5*x1^2');

describe('edge scales on two overlapping half-lines of a standard Gaussian (closed form)', () => {
  const delta = 1;
  const a1: Box = [I(-Infinity, delta)], a2: Box = [I(-delta, Infinity)];
  // Exact: p = Phi(delta) for each half-line, overlap w = 2 Phi(delta) - 1, C_i = 1 (hess f = 1).
  const phi = new D(1).plus(erf(new D(delta).div(new D(2).sqrt()))).div(2);
  const w = phi.times(2).minus(1);
  const q = [phi.toNumber() * (1 + 1e-4), phi.toNumber() * (1 + 1e-4)];
  const weight = w.toNumber() * (1 - 1e-4);
  let bracket: IntegralBracket;
  const evidenceFor = (mu: number | undefined): PoincareDecompositionEvidence => {
    const t = floatLambda2(q, [{ i: 0, j: 1, weight: weight * (mu ?? 1) }]) * (1 - 1e-9);
    return {
      pieces: [{ set: a1, bump: null, cover: [a1] }, { set: a2, bump: null, cover: [a2] }],
      edges: [[0, 1]],
      beta: t / q[0]!,
      lambda2: t,
      ...(mu === undefined ? {} : { edgeScales: [mu] }),
    };
  };
  beforeAll(() => {
    const prepared = prepareIntegration(gaussian.model, 1, 1e-3);
    const { evidence } = refineIntegral(gaussian.model, 1, { tolerance: 1e-3, prepared, maxBoxes: 20_000 });
    const r = checkIntegralEvidence(gaussian.model, 1, evidence.boxes, evidence.tails, evidence.shift);
    if (!r.ok) throw new Error(r.reason);
    bracket = r.value;
  }, 120_000);

  for (const mu of [0.37, 1e-3, 3]) {
    it(`mu = ${mu}: accepted, the constant is >= 2 (1 + Phi / (2 Phi - 1)) (120 digits), within 1e-3 of it and equal to the unscaled one to 1e-6`, () => {
      const scaled = checkPoincareDecomposition(gaussian.model, 1, bracket, evidenceFor(mu));
      const plain = checkPoincareDecomposition(gaussian.model, 1, bracket, evidenceFor(undefined));
      expect(scaled.ok, scaled.ok ? '' : scaled.reason).toBe(true);
      expect(plain.ok).toBe(true);
      if (!scaled.ok || !plain.ok) return;
      const theorem = new D(2).times(new D(1).plus(new D(2).div(w.times(2).div(phi))));
      expect(new D(scaled.value.poincare).gte(theorem)).toBe(true);
      expect(new D(scaled.value.poincare).lte(theorem.times(1 + 1e-3))).toBe(true);
      expect(Math.abs(scaled.value.poincare / plain.value.poincare - 1)).toBeLessThan(1e-6);
    });
  }

  it('the scales enter the PSD check: the claim valid for mu = 1 is refused with mu = 0.37, and the exact scaled lambda_2 (barely shaded) is refused', () => {
    const plain = evidenceFor(undefined);
    const r = checkPoincareDecomposition(gaussian.model, 1, bracket, { ...plain, edgeScales: [0.37] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/lambda_2/);
    // Exact: t = mu w (1/p + 1/p); the kernel's ends of its brackets and the rounded-down product are below it.
    const exact = w.times(0.37).times(2).div(phi).times(1 - 1e-9).toNumber();
    const e = evidenceFor(0.37);
    expect(checkPoincareDecomposition(gaussian.model, 1, bracket, { ...e, lambda2: exact, beta: exact / q[0]! }).ok).toBe(false);
  });

  it('malformed scales are refused, each with its reason', () => {
    const good = evidenceFor(0.5);
    const refused = (scales: unknown, why: RegExp) => {
      const r = checkPoincareDecomposition(gaussian.model, 1, bracket, { ...good, edgeScales: scales as number[] });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(why);
    };
    refused([0.5, 0.5], /^poincare: edgeScales must list one scale per edge$/);
    refused([], /^poincare: edgeScales must list one scale per edge$/);
    refused('0.5', /^poincare: edgeScales must list one scale per edge$/);
    for (const bad of [0, -0.5, NaN, Infinity, '0.5']) refused([bad], /^poincare: every edge scale must be positive and finite$/);
  });
});

describe('scaledDegrees: sum of the scales at each set, rounded up', () => {
  it('integer counts are exact (edgeDegrees), and 0.1 + 0.7 is never below the exact sum of the doubles', () => {
    expect(scaledDegrees(4, [{ i: 0, j: 1 }, { i: 1, j: 2 }, { i: 1, j: 3 }])).toEqual([1, 3, 1, 1]);
    expect(edgeDegrees(4, [{ i: 0, j: 1 }, { i: 1, j: 2 }, { i: 1, j: 3 }])).toEqual([1, 3, 1, 1]);
    // Round to nearest gives 0.7999999999999999, below 0.1 + 0.7 in exact arithmetic on the doubles.
    const exactly = (x: number) => new D(x.toPrecision(100)); // the double's binary value, all digits
    const exact = exactly(0.1).plus(exactly(0.7));
    expect(exactly(0.1 + 0.7).lt(exact)).toBe(true);
    const [d0, d1, d2] = scaledDegrees(3, [{ i: 0, j: 1, scale: 0.1 }, { i: 0, j: 2, scale: 0.7 }]);
    expect(exactly(d0!).gte(exact)).toBe(true);
    expect(d0).toBe(0.8); // the next double up, not further
    expect([d1, d2]).toEqual([0.1, 0.7]);
  });
});

describe('overlapDegrees: the heaviest sum of mu_ij over neighbours sharing a point of A_i', () => {
  it('a chain of three slabs: the middle set\'s two overlaps are disjoint, so 1, not 2', () => {
    const sets: Box[] = [[I(-Infinity, -0.3)], [I(-0.7, 0.7)], [I(0.3, Infinity)]];
    expect(overlapDegrees(sets, [{ i: 0, j: 1 }, { i: 1, j: 2 }])).toEqual([1, 1, 1]);
    expect(overlapDegrees(sets, [{ i: 0, j: 1, scale: 0.25 }, { i: 1, j: 2, scale: 3 }])).toEqual([0.25, 3, 3]);
  });

  it('four overlapping quadrants: the side neighbours\' overlaps meet at the centre, so 2; the diagonal pair, listed too, makes 3', () => {
    const lo = I(-Infinity, 0.2), hi = I(-0.2, Infinity);
    const sets: Box[] = [[lo, lo], [hi, lo], [lo, hi], [hi, hi]];
    const sides = [{ i: 0, j: 1 }, { i: 0, j: 2 }, { i: 1, j: 3 }, { i: 2, j: 3 }];
    expect(overlapDegrees(sets, sides)).toEqual([2, 2, 2, 2]);
    expect(overlapDegrees(sets, [...sides, { i: 0, j: 3 }])).toEqual([3, 2, 2, 3]);
  });

  it('meeting overlaps with scales 0.1 and 0.7: rounded up, never below the exact sum of the doubles', () => {
    const lo = I(-Infinity, 0.2), hi = I(-0.2, Infinity);
    const sets: Box[] = [[lo, lo], [hi, lo], [lo, hi]];
    const [d0] = overlapDegrees(sets, [{ i: 0, j: 1, scale: 0.1 }, { i: 0, j: 2, scale: 0.7 }]);
    const exactly = (x: number) => new D(x.toPrecision(100));
    expect(exactly(d0!).gte(exactly(0.1).plus(exactly(0.7)))).toBe(true);
  });
});

describe('checkPoincareDecomposition charges the middle of three slabs once (standard Gaussian)', () => {
  it('the certified constant is the heaviest clique with deg = (1, 1, 1), below the one with deg = (1, 2, 1), and >= the theorem with exact masses', () => {
    const prepared = prepareIntegration(gaussian.model, 1, 1e-3);
    const { evidence } = refineIntegral(gaussian.model, 1, { tolerance: 1e-3, prepared, maxBoxes: 20_000 });
    const checked = checkIntegralEvidence(gaussian.model, 1, evidence.boxes, evidence.tails, evidence.shift);
    if (!checked.ok) throw new Error(checked.reason);
    const sets: Box[] = [[I(-Infinity, -0.3)], [I(-0.7, 0.7)], [I(0.3, Infinity)]];
    // Exact masses: Phi(-0.3), 2 Phi(0.7) - 1, Phi(-0.3); overlaps Phi(-0.3) - Phi(-0.7).
    const Phi = (x: number) => new D(1).plus(erf(new D(x).div(new D(2).sqrt()))).div(2);
    const p = [Phi(-0.3), Phi(0.7).times(2).minus(1), Phi(-0.3)], a = Phi(-0.3).minus(Phi(-0.7));
    const pieces = sets.map((set) => ({ set, bump: null, cover: [set] }));
    // The claim from the kernel's own (pessimistic) mass ends, from a first pass with a tiny claim.
    const first = checkPoincareDecomposition(gaussian.model, 1, checked.value, { pieces, edges: [[0, 1], [1, 2]], beta: 1, lambda2: 1e-9 });
    if (!first.ok) throw new Error(first.reason);
    const q = first.value.masses.map((m) => m.hi);
    const t = floatLambda2(q, first.value.overlaps.map((o, n) => ({ i: n, j: n + 1, weight: o.lo }))) * (1 - 1e-6);
    const r = checkPoincareDecomposition(gaussian.model, 1, checked.value, { pieces, edges: [[0, 1], [1, 2]], beta: (2 * t) / (q[0]! + q[1]! + q[2]!), lambda2: t });
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    const local = r.value.local.map((l) => l.constant);
    expect(r.value.poincare).toBe(decompositionConstant(sets, local, [1, 1, 1], t));
    expect(r.value.poincare).toBeLessThan(decompositionConstant(sets, local, [1, 2, 1], t));
    // The theorem with the exact masses: C_i = 1, lambda_2 of the exact 3-node pencil (closed form),
    // c = 1 + 2/lambda_2 per set, two sets at any point.
    const L = [[a, a.neg(), new D(0)], [a.neg(), a.times(2), a.neg()], [new D(0), a.neg(), a]];
    // Eigenvalues of diag(p)^-1 L: 0 and the roots of x^2 - tr x + s2, s2 the sum of principal 2x2 minors.
    const M = L.map((row, i) => row.map((v) => v.div(p[i]!)));
    const tr = M[0]![0]!.plus(M[1]![1]!).plus(M[2]![2]!);
    const minor = (i: number, j: number) => M[i]![i]!.times(M[j]![j]!).minus(M[i]![j]!.times(M[j]![i]!));
    const s2 = minor(0, 1).plus(minor(0, 2)).plus(minor(1, 2));
    const lambda2 = tr.minus(tr.pow(2).minus(s2.times(4)).sqrt()).div(2);
    const theorem = new D(2).times(new D(1).plus(new D(2).div(lambda2)));
    expect(new D(r.value.poincare).gte(theorem)).toBe(true);
    expect(new D(r.value.poincare).lte(theorem.times(1 + 1e-2))).toBe(true);
  });
});
