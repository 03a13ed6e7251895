// Edge scales mu_ij of the covering-decomposition Poincare check (proofs/poincare-decomposition.md,
// section 1 (H2) and section 3): the block chain's weights become mu_ij omega_ij (rounded down) and each
// set pays C_i (1 + 2 sum_j mu_ij / t). Closed form: a standard Gaussian cut into two overlapping
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
import { edgeDegrees, scaledDegrees } from '../../../src/kernel/checks/blockGap.js';
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
