// The chain's integration evidence (src/certify/chainIntegration.ts): the widened inner box still
// bisects down to the old leaves, and on a Gaussian at low temperature a set far out in the tail
// (mass 2e-41, below the first inner box's tail bound of 5e-46 times the kernel's slack) and a thin
// overlap strip get kernel brackets that contain the exact mass (the normal tail Q by a continued
// fraction in 40-digit decimals) and are relatively tight; before, the set's upper end was 100x off.
import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { loadEnergy } from '../../src/energy/spec.js';
import type { Box } from '../../src/kernel/box.js';
import { exactDecimalString } from '../../src/kernel/decimal.js';
import { checkBisectionPartition, checkIntegralEvidence, checkRegionMass } from '../../src/kernel/integration/evidence.js';
import { prepareIntegration, refineIntegral } from '../../src/audit/integrate.js';
import { refineForChain, refineForRegions, ringBoxes, widenForSets } from '../../src/certify/chainIntegration.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const D = Decimal.clone({ precision: 40 });

/** P(N(0, sigma^2) >= a) for a >= 3 sigma: phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))), x = a / sigma. */
function normalTail(a: number, sigma2: number): Decimal {
  const x = new D(exactDecimalString(a)).div(new D(exactDecimalString(sigma2)).sqrt());
  let cf = x;
  for (let k = 400; k >= 1; k--) cf = x.plus(new D(k).div(cf));
  const phi = x.pow(2).div(2).neg().exp().div(D.acos(-1).times(2).sqrt());
  return phi.div(cf);
}

/** erf(z) by its Taylor series (40 digits; |z| <= 3 here). */
function erf(z: Decimal): Decimal {
  let term = z, sum = z;
  for (let n = 1; n < 400; n++) {
    term = term.times(z.pow(2)).neg().div(n);
    sum = sum.plus(term.div(2 * n + 1));
  }
  return sum.times(2).div(D.acos(-1).sqrt());
}

/** P(a <= N(0, sigma^2) <= b) = (erf(b / (sigma sqrt 2)) - erf(a / (sigma sqrt 2))) / 2. */
function normalBetween(a: number, b: number, sigma2: number): Decimal {
  const s = new D(exactDecimalString(sigma2)).times(2).sqrt();
  return erf(new D(exactDecimalString(b)).div(s)).minus(erf(new D(exactDecimalString(a)).div(s))).div(2);
}

describe('ringBoxes', () => {
  it('the old cube and the ring boxes partition the widened cube (the kernel rebuilds the bisection) with the right volume', () => {
    for (const [d, R, wider] of [[1, 2, 16], [2, 4, 16], [2, 1, 2], [3, 2, 8]] as const) {
      // The old cube's orthants (its bisection's leaves meet the origin's hyperplanes only at faces).
      const old: Box[] = Array.from({ length: 2 ** d }, (_, k) => Array.from({ length: d }, (_, i) => ((k >> i) & 1 ? I(0, R) : I(-R, 0))));
      const ring = ringBoxes(d, R, wider);
      const region: Box = Array.from({ length: d }, () => I(-wider, wider));
      expect(checkBisectionPartition(region, [...old, ...ring])).toBeUndefined();
      const vol = (b: Box) => b.reduce((v, c) => v * (c.hi - c.lo), 1);
      expect(ring.reduce((v, b) => v + vol(b), 0)).toBe((2 * wider) ** d - (2 * R) ** d);
      // Without one ring box the partition is refused: the test sees every box.
      expect(checkBisectionPartition(region, [...old, ...ring.slice(1)])).toBeDefined();
    }
  });
});

describe('refineForChain on a Gaussian at T = 0.02', () => {
  const e = loadEnergy('expr:0.5*(x1^2 + x2^2)');
  const T = 0.02;
  const prepared = prepareIntegration(e.model, T, 1e-3);
  const { evidence } = refineIntegral(e.model, T, { tolerance: 1e-3, prepared, maxBoxes: 4000 });
  const far: Box = [I(1.9, Infinity), I(-Infinity, Infinity)];
  const rest: Box = [I(-Infinity, 1.95), I(-Infinity, Infinity)];
  const strip: Box = [I(1.9, 1.95), I(-Infinity, Infinity)];
  const inner: Box = [I(0.5, 0.625), I(-0.125, 0.25)];
  const exactFar = normalTail(1.9, T);
  const exactStrip = normalTail(1.9, T).minus(normalTail(1.95, T));
  const contains = (m: { lo: number; hi: number }, exact: Decimal) => {
    expect(new D(exactDecimalString(m.lo)).lte(exact)).toBe(true);
    expect(new D(exactDecimalString(m.hi)).gte(exact)).toBe(true);
  };

  it('before: the far set is inside the first inner box tail bound, so its upper end is the tail (100x its mass)', () => {
    const b = checkIntegralEvidence(e.model, T, evidence.boxes, evidence.tails, evidence.shift);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(evidence.tails.inner[0]!.hi).toBe(2);
    const m = checkRegionMass(e.model, T, b.value.boxes, b.value, [far]);
    expect(m.ok).toBe(true);
    if (m.ok) expect(m.value.mass.hi / exactFar.toNumber()).toBeGreaterThan(100);
  });

  it('after: inner box widened, the set and the strip brackets contain the exact masses and hi <= 1.2 lo', () => {
    const { evidence: refined, bracket } = refineForChain(e, T, evidence, [far, rest], [strip, inner], 50_000);
    expect(refined.tails.inner[0]!.hi).toBeGreaterThan(2);
    expect(refined.boxes.length).toBeLessThan(evidence.boxes.length + 1000); // refined where it matters only
    for (const [region, exact] of [[far, exactFar], [strip, exactStrip]] as const) {
      const m = checkRegionMass(e.model, T, bracket.boxes, bracket, [region]);
      expect(m.ok).toBe(true);
      if (!m.ok) continue;
      contains(m.value.mass, exact);
      expect(m.value.mass.hi).toBeLessThanOrEqual(1.2 * m.value.mass.lo);
    }
    // The small inner box: its exact mass is a product of two normal interval probabilities; the two
    // references agree where both apply (continued fraction and Taylor series).
    expect(normalTail(0.5, T).minus(normalTail(0.625, T)).minus(normalBetween(0.5, 0.625, T)).abs().lt(new D('1e-30'))).toBe(true);
    const exactInner = normalBetween(0.5, 0.625, T).times(normalBetween(-0.125, 0.25, T));
    const m = checkRegionMass(e.model, T, bracket.boxes, bracket, [inner]);
    expect(m.ok).toBe(true);
    if (m.ok) { contains(m.value.mass, exactInner); expect(m.value.mass.hi).toBeLessThanOrEqual(1.2 * m.value.mass.lo); }
  });

  it('widenForSets leaves a non-cube inner box alone; refineForRegions stops at the leaf budget', () => {
    const shifted = { ...evidence, tails: { ...evidence.tails, inner: [I(-2, 2), I(-2, 4)] } };
    expect(widenForSets(e, T, shifted, [far])).toBe(shifted);
    // Old leaves that do not bisect down from the widened cube (one leaf straddling the origin): unchanged.
    const whole = { ...evidence, boxes: [evidence.tails.inner] };
    expect(widenForSets(e, T, whole, [far])).toBe(whole);
    const cut = refineForRegions(e, T, evidence, [far, strip], evidence.boxes.length + 3, 1e-6);
    expect(cut.boxes.length).toBe(evidence.boxes.length + 3);
  });
});
