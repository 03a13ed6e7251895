import { describe, expect, it } from 'vitest';
import { interval, point } from '../../../src/kernel/interval.js';
import { encloseGaussianUlaKl, powerAndGeometricSum } from '../../../src/kernel/stopping/gaussianUla.js';
import { gaussianCases, stoppingInputFor } from '../../certify/stopping/cases.js';
import { exactUlaKlDecimal } from '../../certify/stopping/gaussianReference.js';

describe('encloseGaussianUlaKl', () => {
  it('encloses the 60-digit KL of the exact ULA law (rotated, shifted, several h and N)', () => {
    for (const c of gaussianCases(7, 8)) {
      const input = stoppingInputFor(c);
      for (const share of [0.05, 0.5, 0.97]) {
        const h = (2 / c.eigenvalues[1]) * share;
        for (const steps of [0, 1, 7, 64, 400]) {
          const got = encloseGaussianUlaKl(input.quadratic!, c.init, point(h), steps);
          expect(got.ok, c.name).toBe(true);
          if (!got.ok) continue;
          // Reference in f-units: T = 1 and eta = h.
          const exact = exactUlaKlDecimal({ hessian: c.hessian, gradient: c.gradient, temperature: 1 }, c.init, h, steps);
          const where = `${c.name} h=${h} N=${steps}: [${got.kl.lo}, ${got.kl.hi}] vs ${exact}`;
          expect(got.kl.lo <= exact && exact <= got.kl.hi, where).toBe(true);
          expect(got.kl.hi - got.kl.lo, where).toBeLessThan(1e-8 * Math.max(1, exact));
        }
      }
    }
  });

  it('encloses the KL for every h of an interval of steps', () => {
    const c = gaussianCases(3, 2)[1]!;
    const input = stoppingInputFor(c);
    const lo = 0.3 / c.eigenvalues[1];
    const hi = 0.31 / c.eigenvalues[1];
    const got = encloseGaussianUlaKl(input.quadratic!, c.init, interval(lo, hi), 20);
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    for (const h of [lo, (lo + hi) / 2, hi]) {
      const exact = exactUlaKlDecimal({ hessian: c.hessian, gradient: c.gradient, temperature: 1 }, c.init, h, 20);
      expect(got.kl.lo <= exact && exact <= got.kl.hi).toBe(true);
    }
  });

  it('refuses a Hessian that is not proven positive definite', () => {
    const z = point(0);
    const got = encloseGaussianUlaKl({ hessian: [[point(1), z], [z, interval(-1e-9, 1)]], gradientAtOrigin: [z, z] }, { mean: 0, std: 1 }, point(0.1), 5);
    expect(got.ok).toBe(false);
  });
});

describe('powerAndGeometricSum', () => {
  it('matches the step-by-step power and sum of a 2 x 2 matrix', () => {
    const p = [[0.5, 0.1], [0.1, 0.3]];
    for (const n of [0, 1, 2, 5, 13]) {
      let pow = [[1, 0], [0, 1]];
      let sum = [[0, 0], [0, 0]];
      for (let k = 0; k < n; k++) {
        sum = sum.map((row, i) => row.map((x, j) => x + pow[i]![j]!));
        pow = pow.map((row) => [0, 1].map((j) => row[0]! * p[0]![j]! + row[1]! * p[1]![j]!));
      }
      const got = powerAndGeometricSum(p.map((row) => row.map(point)), n);
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 2; j++) {
          expect(got.power[i]![j]!.lo).toBeLessThanOrEqual(pow[i]![j]! + 1e-15);
          expect(got.power[i]![j]!.hi).toBeGreaterThanOrEqual(pow[i]![j]! - 1e-15);
          expect(got.sum[i]![j]!.lo).toBeLessThanOrEqual(sum[i]![j]! + 1e-14);
          expect(got.sum[i]![j]!.hi).toBeGreaterThanOrEqual(sum[i]![j]! - 1e-14);
          expect(got.sum[i]![j]!.hi - got.sum[i]![j]!.lo).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe('encloseGaussianUlaKl: malformed evidence and a degenerate covariance', () => {
  const z = point(0);
  it('refuses evidence that is not d x d with a gradient of length d', () => {
    for (const q of [
      { hessian: [], gradientAtOrigin: [] },
      { hessian: [[point(1), z], [z, point(1)]], gradientAtOrigin: [z] },
      { hessian: [[point(1), z], [z]], gradientAtOrigin: [z, z] },
    ]) {
      const got = encloseGaussianUlaKl(q, { mean: 0, std: 1 }, point(0.1), 5);
      expect(got.ok ? 'accepted' : got.reason, JSON.stringify(q)).toMatch(/^quadratic evidence: hessian must be d x d/);
    }
  });

  it('refuses a start with std = 0 after 0 steps (the covariance is 0: no KL)', () => {
    const got = encloseGaussianUlaKl({ hessian: [[point(1), z], [z, point(1)]], gradientAtOrigin: [z, z] }, { mean: 0, std: 0 }, point(0.1), 0);
    expect(got.ok ? 'accepted' : got.reason).toMatch(/^ULA covariance after 0 steps not proven positive definite/);
  });
});
