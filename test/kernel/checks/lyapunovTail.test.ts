// The Lyapunov tail's hypotheses and constant (src/kernel/checks/lyapunovTail.ts,
// proofs/lyapunov-tail.md): on E = (lambda/2)|x|^2 every number has a closed form, computed here in
// 60-digit decimals; the kernel's theta and C_P may only be on the safe side of it, by little. The
// cone minimum's three cases, refusals one hypothesis at a time, and the whole theorem on a Gaussian:
// the certified C_P is at least the true T / lambda.
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkLyapunovPoincare, checkLyapunovTail, coneLowerBound, lyapunovPoincareConstant, type LyapunovTailEvidence } from '../../../src/kernel/checks/lyapunovTail.js';
import { farFieldCube } from '../../../src/kernel/checks/farField.js';
import { uniformBoxes } from '../../../src/verify/lyapunovTail.js';
import { frameFarField } from '../../../src/certify/networkGrid.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { prepareIntegration, refineIntegral } from '../../../src/audit/integrate.js';
import { checkIntegralEvidence, checkRegionMass, type IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import { dec } from '../networkReference.js';
import { checkLsiFromDecomposition, decompositionLsiAlpha } from '../../../src/kernel/checks/lsiDecomposition.js';
import { floatLambda2 } from '../../../src/certify/poincareProducer.js';

const D = Decimal.clone({ precision: 60 });
const I = (lo: number, hi: number) => ({ lo, hi });
const lambda = 0.5, T = 0.5;
const gaussian: EnergyModel = { kind: 'quadratic', dim: 2, lambda, center: [0, 0] };

function evidence(s: number, R: number, n: number, k: number, perFace = 1): LyapunovTailEvidence {
  return { region: [I(-k, k), I(-k, k)], farField: frameFarField(R, perFace), boxes: uniformBoxes(farFieldCube([0, 0], R), n), s };
}

describe('cone minimum (closed forms)', () => {
  const uu = I(1, 2);
  it('b >= 0: the minimum over r >= R is at R', () => {
    // a = (2s/T) A2 - 4 s^2 |u|^2_max = 4 * 1 - 1 * 2 = 2, b = 4 * 1 = 4, e = 4 * 0 - 2 s d = -2 (s = 0.5, T = 0.25, d = 2).
    const v = coneLowerBound({ r2: I(1, 1), r1: I(1, 1), r0: I(0, 0) }, uu, 0.25, 0.5, 2, 3);
    expect(v).toBe(2 * 9 + 4 * 3 - 2);
  });
  it('vertex beyond R: e - b^2 / (4a)', () => {
    // a = 2, b = -40, e = -2: vertex at 10 > R = 3, minimum -2 - 1600 / 8 = -202.
    expect(coneLowerBound({ r2: I(1, 1), r1: I(-10, -10), r0: I(0, 0) }, uu, 0.25, 0.5, 2, 3)).toBe(-202);
  });
  it('vertex below R with b < 0: still the value at R', () => {
    // a = 2, b = -4: vertex at 1 < R = 3, value 18 - 12 - 2 = 4 (the global minimum -2 - 16/8 = -4 is not used).
    expect(coneLowerBound({ r2: I(1, 1), r1: I(-1, -1), r0: I(0, 0) }, uu, 0.25, 0.5, 2, 3)).toBe(4);
  });
  it('a < 0, or a = 0 with b < 0: no lower bound', () => {
    expect(coneLowerBound({ r2: I(0.1, 0.1), r1: I(0, 0), r0: I(0, 0) }, uu, 0.25, 0.5, 2, 3)).toBe(-Infinity);
    // a = 4 * 0.5 - 2 = 0 exactly.
    expect(coneLowerBound({ r2: I(0.5, 0.5), r1: I(-1, -1), r0: I(0, 0) }, uu, 0.25, 0.5, 2, 3)).toBe(-Infinity);
    // a = 0, b = 0: the constant e = 4 * 1 - 2 = 2.
    expect(coneLowerBound({ r2: I(0.5, 0.5), r1: I(0, 0), r0: I(1, 1) }, uu, 0.25, 0.5, 2, 3)).toBe(2);
  });
});

describe('cone minimum: infinite or NaN coefficients prove nothing', () => {
  const uu = I(1, 2);
  it('an infinite A1 or A0 gives -infinity', () => {
    expect(coneLowerBound({ r2: I(1, 1), r1: I(-Infinity, 0), r0: I(0, 0) }, uu, 0.25, 0.5, 2, 3)).toBe(-Infinity);
    expect(coneLowerBound({ r2: I(1, 1), r1: I(0, 0), r0: I(-Infinity, 0) }, uu, 0.25, 0.5, 2, 3)).toBe(-Infinity);
  });
});

describe('the tail of a Gaussian (closed forms, 60 digits)', () => {
  const s = 0.0625, R = 4, n = 16, k = 4;
  // phi = 2 s (lambda / T) |x|^2 - 2 s d - 4 s^2 |x|^2 = (2 s lambda / T - 4 s^2)|x|^2 - 4 s.
  it('theta: one patch per face, |u|^2 in [1, 2]: (2 s lambda / T - 8 s^2) R^2 - 4 s, rounded down by little', () => {
    const r = checkLyapunovTail(gaussian, T, evidence(s, R, n, k));
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    const S = new D(s);
    const exact = S.times(2 * lambda / T).minus(S.pow(2).times(8)).times(R * R).minus(S.times(4));
    expect(dec(r.value.theta).lte(exact)).toBe(true);
    expect(exact.minus(dec(r.value.theta)).lte(exact.times(1e-14))).toBe(true);
  });
  it('beta: the boxes at the origin, lo |x|^2 = 0 and hi |x|^2 = 2 h^2: 4 s + 8 s^2 h^2, rounded up by little', () => {
    const r = checkLyapunovTail(gaussian, T, evidence(s, R, n, k));
    if (!r.ok) throw new Error(r.reason);
    const h = (2 * R) / n;
    const exact = new D(s).times(4).plus(new D(s).pow(2).times(8 * h * h));
    expect(dec(r.value.beta).gte(exact)).toBe(true);
    expect(dec(r.value.beta).minus(exact).lte(exact.times(1e-14))).toBe(true);
    expect(r.value.region).toEqual([I(-4, 4), I(-4, 4)]);
  });
  it('more patches per face: theta is the least patch, at u = (1, small)', () => {
    const r = checkLyapunovTail(gaussian, T, evidence(s, R, n, k, 8));
    if (!r.ok) throw new Error(r.reason);
    // Patches of width 1/4: the two at u2 in [-1/4, 0] and [0, 1/4] have |u|^2 in [1, 17/16].
    const S = new D(s);
    const exact = S.times(2 * lambda / T).minus(S.pow(2).times(4 * 17 / 16)).times(R * R).minus(S.times(4));
    expect(dec(r.value.theta).lte(exact)).toBe(true);
    expect(exact.minus(dec(r.value.theta)).lte(exact.times(1e-14))).toBe(true);
  });
  it('boxes outside K must have phi > 0: near the origin they do not', () => {
    // K = [-0.25, 0.25]^2 leaves boxes touching the origin's neighbourhood outside K, where phi = -4 s < 0.
    const r = checkLyapunovTail(gaussian, T, evidence(s, R, 16, 0.25));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not proved on box \d+, which is not inside K/);
    // K = [-3.5, 3.5]^2: the boxes outside it have |x|_inf >= 3.5, where phi >= (0.125 - 0.015625) * 12.25 - 0.25 > 0.
    const wide = checkLyapunovTail(gaussian, T, evidence(s, R, 16, 3.5));
    expect(wide.ok, wide.ok ? '' : wide.reason).toBe(true);
  });
  it('s too large for the growth: the r^2 coefficient is negative on the cones and the check refuses', () => {
    // a = 2 s lambda / T - 8 s^2 < 0 for s > lambda / (4 T) = 0.25.
    const r = checkLyapunovTail(gaussian, T, evidence(0.3, R, n, k));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/phi > 0 is not proved on the cone/);
  });
  it('malformed evidence is refused: s, an unbounded region, a gap in the cover, an expression', () => {
    const good = evidence(s, R, n, k);
    const refused = (e: LyapunovTailEvidence, model: EnergyModel = gaussian) => {
      const r = checkLyapunovTail(model, T, e);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(refused({ ...good, s: 0 })).toMatch(/s 0 must be positive/);
    expect(refused({ ...good, s: NaN })).toMatch(/must be positive/);
    expect(refused({ ...good, region: [I(-k, Infinity), I(-k, k)] })).toMatch(/must be bounded/);
    expect(refused({ ...good, boxes: good.boxes.slice(1) })).toMatch(/gap in the cube/);
    expect(refused({ ...good, farField: { ...good.farField, patches: good.farField.patches.slice(1) } })).toMatch(/gap in the face/);
    expect(refused(good, { kind: 'expression', dim: 2, source: '0.25 * (x1^2 + x2^2)' })).toMatch(/networks and quadratics only/);
    expect(checkLyapunovTail(gaussian, 0, good).ok).toBe(false);
  });
});

describe('thresholds and the boxes off K (closed forms)', () => {
  it('a cone whose bound is exactly 0 is refused (theta > 0 is strict); a wider cube passes', () => {
    // s = 1/8, lambda / T = 1, one patch per face: a = 1/4 * 1/2 ... = 1/8 exactly, e = -1/2, so at R = 2
    // the bound is 1/8 * 4 - 1/2 = 0 in exact binary arithmetic.
    const zero = checkLyapunovTail(gaussian, T, evidence(0.125, 2, 8, 2));
    expect(zero.ok).toBe(false);
    if (!zero.ok) expect(zero.reason).toBe('lyapunov tail: phi > 0 is not proved on the cone over patch 0 (lower bound 0)');
    const wider = checkLyapunovTail(gaussian, T, evidence(0.125, 2.5, 10, 2.5));
    expect(wider.ok && wider.value.theta).toBe(0.125 * 6.25 - 0.5);
  });
  it('K inside the cube (square and lopsided): theta is the least of the cones and of the boxes off K, each box by its exact |x|^2 range', () => {
    const s = 0.0625, R = 4, n = 16;
    for (const region of [[I(-3.5, 3.5), I(-3.5, 3.5)], [I(-3.5, 4), I(-4, 4)], [I(-4, 3.5), I(-4, 4)]]) {
      const ev = { ...evidence(s, R, n, 4), region };
      const r = checkLyapunovTail(gaussian, T, ev);
      if (!r.ok) throw new Error(r.reason);
      const S = new D(s);
      // phi >= 2 s (lambda/T) lo|x|^2 - 2 s d - 4 s^2 hi|x|^2 on a box (lambda / T = 1).
      const boxBound = (b: readonly { lo: number; hi: number }[]): Decimal => {
        let lo = new D(0), hi = new D(0);
        for (const c of b) {
          const a = dec(c.lo).abs(), z = dec(c.hi).abs();
          const inside = c.lo <= 0 && c.hi >= 0;
          lo = lo.plus(inside ? 0 : Decimal.min(a, z).pow(2));
          hi = hi.plus(Decimal.max(a, z).pow(2));
        }
        return S.times(2).times(lo).minus(S.times(4)).minus(S.pow(2).times(4).times(hi));
      };
      const off = ev.boxes.filter((b) => !b.every((c, j) => ev.region[j]!.lo <= c.lo && c.hi <= ev.region[j]!.hi));
      const inside = ev.boxes.filter((b) => b.every((c, j) => ev.region[j]!.lo <= c.lo && c.hi <= ev.region[j]!.hi));
      const cone = S.times(2 * lambda / T).minus(S.pow(2).times(8)).times(R * R).minus(S.times(4));
      const exactTheta = Decimal.min(cone, ...off.map(boxBound));
      expect(exactTheta.lt(cone)).toBe(true);
      expect(dec(r.value.theta).lte(exactTheta)).toBe(true);
      expect(exactTheta.minus(dec(r.value.theta)).lte(exactTheta.times(1e-14))).toBe(true);
      const exactBeta = Decimal.max(...inside.map((b) => boxBound(b).neg()));
      expect(dec(r.value.beta).gte(exactBeta)).toBe(true);
      expect(dec(r.value.beta).minus(exactBeta).lte(exactBeta.times(1e-14))).toBe(true);
    }
  });
  it('a box inside K where phi has no lower bound is refused', () => {
    const falling: EnergyModel = { kind: 'sum', dim: 2, terms: [{ weight: -1e308, model: { kind: 'quadratic', dim: 2, lambda: 1e308, center: [0, 0] } }] };
    const r = checkLyapunovTail(falling, T, evidence(0.0625, 4, 16, 4));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^lyapunov tail: phi is not bounded below on box \d+, inside K$/);
  });
  it('every refusal names the tail and the input', () => {
    const good = evidence(0.0625, 4, 16, 4);
    const reason = (m: EnergyModel, t: number, e: LyapunovTailEvidence): string => { const r = checkLyapunovTail(m, t, e); return r.ok ? 'accepted' : r.reason; };
    expect(reason(gaussian, 0, good)).toMatch(/^lyapunov tail: temperature 0/);
    const relu: EnergyModel = { kind: 'mlp', dim: 2, layers: [{ inDim: 2, outDim: 1, weight: Float64Array.of(1, 1), bias: Float64Array.of(0), activation: 'relu' }, { inDim: 1, outDim: 1, weight: Float64Array.of(1), bias: Float64Array.of(0), activation: 'identity' }] };
    expect(reason(relu, T, good)).toMatch(/^lyapunov tail: .*relu/);
    expect(reason(gaussian, T, { ...good, boxes: null as unknown as LyapunovTailEvidence['boxes'] })).toBe('lyapunov tail: boxes is not a list');
    expect(reason(gaussian, T, { ...good, region: [I(1, 0), I(-4, 4)] })).toMatch(/^lyapunov tail: region/);
    expect(reason(gaussian, T, { ...good, s: Infinity })).toBe('lyapunov tail: s Infinity must be positive and finite');
    expect(reason(gaussian, T, { ...good, s: -1 })).toBe('lyapunov tail: s -1 must be positive and finite');
  });
});

describe('the constant', () => {
  it('(1 + (theta + beta) C_K) / theta, rounded up by at most a few ulps', () => {
    for (const [theta, beta, c] of [[0.1, 1.2, 3.7], [0.3, 0, 1e6], [2.5, 7.25, 1e-3]] as const) {
      const exact = new D(1).plus(dec(theta).plus(dec(beta)).times(dec(c))).div(dec(theta));
      const v = lyapunovPoincareConstant(theta, beta, c);
      expect(dec(v).gte(exact)).toBe(true);
      expect(dec(v).minus(exact).lte(exact.times(2 ** -50))).toBe(true);
    }
  });
});

describe('the theorem on a Gaussian: C_P >= T / lambda (the true constant)', () => {
  let bracket: IntegralBracket;
  beforeAll(() => {
    const prepared = prepareIntegration(gaussian, T, 1e-3);
    const { evidence: ev } = refineIntegral(gaussian, T, { tolerance: 1e-3, prepared, maxBoxes: 4000 });
    const r = checkIntegralEvidence(gaussian, T, ev.boxes, ev.tails, ev.shift);
    if (!r.ok) throw new Error(r.reason);
    bracket = r.value;
  }, 120_000);

  it('K = [-4, 4]^2 as one set (C_K = T / lambda by Bakry-Emery on the box): the constant is the formula and above the truth', () => {
    const tail = evidence(0.0625, 4, 16, 4);
    const K = [I(-4, 4), I(-4, 4)];
    const r = checkLyapunovPoincare(gaussian, T, bracket, { pieces: [{ set: K, bump: null, cover: [K] }], edges: [], beta: 0, lambda2: 0 }, tail);
    expect(r.ok, r.ok ? '' : r.reason).toBe(true);
    if (!r.ok) return;
    expect(r.value.restricted.poincare).toBeGreaterThanOrEqual(T / lambda);
    expect(r.value.poincare).toBe(lyapunovPoincareConstant(r.value.tail.theta, r.value.tail.beta, r.value.restricted.poincare));
    expect(r.value.poincare).toBeGreaterThan(T / lambda);
    expect(r.value.gap).toBeLessThanOrEqual(1 / r.value.poincare);
    // A restricted set that leaves part of K uncovered is refused.
    const half = [I(-4, 0), I(-4, 4)];
    const bad = checkLyapunovPoincare(gaussian, T, bracket, { pieces: [{ set: half, bump: null, cover: [half] }], edges: [], beta: 0, lambda2: 0 }, tail);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^lyapunov tail: pi\(\. \| K\): the sets do not cover the region/);
    // A refused tail refuses the whole check, with the tail's reason.
    const steep = checkLyapunovPoincare(gaussian, T, bracket, { pieces: [{ set: K, bump: null, cover: [K] }], edges: [], beta: 0, lambda2: 0 }, evidence(0.3, 4, 16, 4));
    expect(steep.ok).toBe(false);
    if (!steep.ok) expect(steep.reason).toMatch(/^lyapunov tail: phi > 0 is not proved on the cone/);
    // s = 1e-310: theta is about 3e-309, 1 / theta overflows, and the constant is refused as not finite.
    const tiny = checkLyapunovPoincare(gaussian, T, bracket, { pieces: [{ set: K, bump: null, cover: [K] }], edges: [], beta: 0, lambda2: 0 }, evidence(1e-310, 4, 16, 4));
    expect(tiny.ok).toBe(false);
    if (!tiny.ok) expect(tiny.reason).toBe('lyapunov tail: the constant is not finite');
  });

  it('in the LSI (checkLsiFromDecomposition): C_P is the smaller of the two; a refused tail refuses the LSI', () => {
    // Two half-planes overlapping in |x1| <= 1/4, local constants 1 (hess f = I): C_P about 8 by the
    // decomposition, about 2 by the tail (the true constant is 1, and the true LSI constant alpha is 1).
    const a0 = [I(-Infinity, 0.25), I(-Infinity, Infinity)], a1 = [I(-0.25, Infinity), I(-Infinity, Infinity)];
    const mass = (b: { lo: number; hi: number }[]) => { const r = checkRegionMass(gaussian, T, bracket.boxes, bracket, [b]); if (!r.ok) throw new Error(r.reason); return r.value.mass; };
    const q = [mass(a0).hi, mass(a1).hi];
    const t = floatLambda2(q, [{ i: 0, j: 1, weight: mass([I(-0.25, 0.25), I(-Infinity, Infinity)]).lo }]) * (1 - 1e-9);
    const global = { pieces: [{ set: a0, bump: null, cover: [a0] }, { set: a1, bump: null, cover: [a1] }], edges: [[0, 1]] as [number, number][], beta: t / q[0]!, lambda2: t };
    const partition = [{ box: [I(-Infinity, 0), I(-Infinity, Infinity)], set: 0 }, { box: [I(0, Infinity), I(-Infinity, Infinity)], set: 1 }];
    const K = [I(-4, 4), I(-4, 4)];
    const lyapunov = { restricted: { pieces: [{ set: K, bump: null, cover: [K] }], edges: [], beta: 0, lambda2: 0 }, tail: evidence(0.0625, 4, 16, 4) };
    const plain = checkLsiFromDecomposition(gaussian, T, bracket, global, partition);
    const both = checkLsiFromDecomposition(gaussian, T, bracket, global, partition, lyapunov);
    if (!plain.ok || !both.ok) throw new Error(plain.ok ? (both as { reason: string }).reason : plain.reason);
    expect(plain.value.lyapunov).toBeUndefined();
    expect(plain.value.poincareUsed).toBe(plain.value.poincare.poincare);
    expect(both.value.lyapunov!.poincare).toBeLessThan(both.value.poincare.poincare);
    expect(both.value.poincareUsed).toBe(both.value.lyapunov!.poincare);
    expect(both.value.alpha).toBe(decompositionLsiAlpha(both.value.localInverse, both.value.logInverseMass, both.value.lyapunov!.poincare));
    expect(both.value.alpha).toBeGreaterThan(plain.value.alpha);
    expect(both.value.alpha).toBeLessThanOrEqual(1);
    const refused = checkLsiFromDecomposition(gaussian, T, bracket, global, partition, { ...lyapunov, tail: evidence(0.3, 4, 16, 4) });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/^lsi-decomposition: lyapunov tail: phi > 0 is not proved on the cone/);
  });
});
