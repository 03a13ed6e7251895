import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import { integrate } from '../../../src/audit/integrate.js';
import { certifyMixing } from '../../../src/audit/mixing.js';
import { checkRayleighQuotient, relaxationLower, ridgeRanges, type RidgeTestFunction } from '../../../src/kernel/integration/rayleigh.js';

const D = Decimal.clone({ precision: 40 });

/** Composite Simpson on [-L, L] with n (even) panels: a far finer quadrature than the kernel's leaves. */
function simpson(h: (x: number) => number, L: number, n: number): number {
  const dx = (2 * L) / n;
  let s = h(-L) + h(L);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * h(-L + i * dx);
  return (s * dx) / 3;
}

/** R(g) for g = tanh(eps x)/eps under N(0, sigma^2), by quadrature: E sech^4(eps x) / Var(tanh(eps x)/eps). */
function referenceQuotient(eps: number, sigma: number): number {
  const w = (x: number): number => Math.exp(-(x * x) / (2 * sigma * sigma));
  const z = simpson(w, 12 * sigma, 200_000);
  const sech2 = (x: number): number => 1 / Math.cosh(eps * x) ** 2;
  const num = simpson((x) => sech2(x) ** 2 * w(x), 12 * sigma, 200_000) / z;
  const variance = simpson((x) => (Math.tanh(eps * x) / eps) ** 2 * w(x), 12 * sigma, 200_000) / z;
  return num / variance;
}

/** The kernel's bound for g after the producer refined the leaves for it (the centre is the producer's). */
function bound(model: EnergyModel, T: number, g: RidgeTestFunction, tolerance = 1e-3): ReturnType<typeof checkRayleighQuotient> {
  const r = integrate(model, T, { tolerance });
  const m = certifyMixing(model, T, r.evidence, r.bracket.leaves, [{ g, label: 'test' }], { maxBoxes: 200_000, rounds: 8 });
  if (!m) throw new Error('no candidate');
  return m.bound;
}

describe('checkRayleighQuotient', () => {
  const gauss1: EnergyModel = { kind: 'expression', dim: 1, source: '0.5*x1^2' };
  const r1 = integrate(gauss1, 1, { tolerance: 1e-3 });

  it('1-D Gaussian, g close to x: the bound contains R(g) and is within 3% of the exact gap 1 (OU gap = 1/sigma^2)', () => {
    for (const eps of [0.01, 0.3]) {
      const g: RidgeTestFunction = { terms: [{ c: 1 / eps, a: [eps], b: 0 }], center: 0 };
      const out = bound(gauss1, 1, g);
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      const ref = referenceQuotient(eps, 1);
      expect(ref).toBeGreaterThanOrEqual(1); // Rayleigh quotients bound the gap from above
      expect(out.value.gapUpper).toBeGreaterThanOrEqual(ref);
      expect(out.value.gapUpper).toBeLessThan(ref * 1.03);
      if (eps === 0.01) expect(out.value.gapUpper).toBeLessThan(1.03);
    }
  });

  it('at temperature T the gap of f = x^2/(2T) is 1/T: the bound scales with it', () => {
    const T = 0.25;
    const out = bound(gauss1, T, { terms: [{ c: 100, a: [0.01], b: 0 }], center: 0 });
    expect(out.ok).toBe(true);
    if (out.ok) {
      expect(out.value.gapUpper).toBeGreaterThanOrEqual(1 / T);
      expect(out.value.gapUpper).toBeLessThan(1.03 / T);
      // relaxation time in engine time t = s / T: 1 / (T gap) with gap in (1/T, 1.03/T)
      const rel = relaxationLower(out.value.gapUpper, T, 0.01);
      expect(rel.time).toBeLessThanOrEqual(1);
      expect(rel.time).toBeGreaterThan(0.97);
      expect(rel.time).toBeLessThanOrEqual(1 / (T * out.value.gapUpper));
      expect(rel.steps!).toBeGreaterThan(97);
    }
  });

  it('2-D anisotropic Gaussian: the slow direction gives about 1, the fast about 4 (both above the gap 1)', () => {
    const m: EnergyModel = { kind: 'expression', dim: 2, source: '0.5*(x1^2 + 4*x2^2)' };
    const slow = bound(m, 1, { terms: [{ c: 50, a: [0.02, 0], b: 0 }], center: 0 }, 1e-2);
    const fast = bound(m, 1, { terms: [{ c: 50, a: [0, 0.02], b: 0 }], center: 0 }, 1e-2);
    expect(slow.ok && fast.ok).toBe(true);
    if (slow.ok && fast.ok) {
      expect(slow.value.gapUpper).toBeGreaterThanOrEqual(1);
      expect(slow.value.gapUpper).toBeLessThan(1.1);
      expect(fast.value.gapUpper).toBeGreaterThanOrEqual(4);
      expect(fast.value.gapUpper).toBeLessThan(4.4);
    }
  });

  it('ridgeRanges at a point box contains tanh(0.3) - c and sech^4(0.3) (40-digit reference), a few ulps wide', () => {
    const g: RidgeTestFunction = { terms: [{ c: 1, a: [1], b: 0 }], center: 0.25 };
    const r = ridgeRanges(g, [{ lo: 0.3, hi: 0.3 }]);
    const t = new D(0.3).tanh();
    const v = t.minus(0.25);
    expect(new D(r.value.lo).lte(v) && v.lte(r.value.hi)).toBe(true);
    const s4 = new D(1).minus(t.pow(2)).pow(2);
    expect(new D(r.gradSq.lo).lte(s4) && s4.lte(r.gradSq.hi)).toBe(true);
    expect(r.value.hi - r.value.lo).toBeLessThan(1e-15);
    expect(r.gradSq.hi - r.gradSq.lo).toBeLessThan(1e-14);
  });

  it('refuses a constant test function (variance 0), malformed terms, and a bracket without a positive Z', () => {
    expect(checkRayleighQuotient(r1.bracket, { terms: [{ c: 1, a: [0], b: 0.5 }], center: 0 }).ok).toBe(false);
    expect(checkRayleighQuotient(r1.bracket, { terms: [{ c: 1, a: [1, 2], b: 0 }], center: 0 }).ok).toBe(false);
    expect(checkRayleighQuotient(r1.bracket, { terms: [], center: 0 }).ok).toBe(false);
    expect(checkRayleighQuotient(r1.bracket, { terms: [{ c: NaN, a: [1], b: 0 }], center: 0 }).ok).toBe(false);
    const broken = { ...r1.bracket, scaledZ: { lo: 0, hi: 1 } };
    expect(checkRayleighQuotient(broken, { terms: [{ c: 1, a: [1], b: 0 }], center: 0 }).ok).toBe(false);
    // A leaf with no upper bound (an enclosure that failed) makes the moments unbounded: refused, not thrown.
    const unbounded = { ...r1.bracket, leaves: r1.bracket.leaves.map((l, k) => (k === 0 ? { lo: 0, hi: Infinity } : l)), scaledZ: { lo: r1.bracket.scaledZ.lo, hi: Infinity } };
    const u = checkRayleighQuotient(unbounded, { terms: [{ c: 1, a: [1], b: 0 }], center: 0 });
    expect(u.ok).toBe(false);
    if (!u.ok) expect(u.reason).toMatch(/not bounded/);
  });
});
