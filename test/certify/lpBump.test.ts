// The bump fitted by linear programming (producer): the Schur-complement bound is the exact largest
// W'' keeping hess f - W'' e_i e_i^T >= m I; the fit respects its constraints; the stored expression
// is the function the float part evaluates.
import { describe, expect, it } from 'vitest';
import { allowedCurvature, curvatureBounds, fitLpBump, lpBumpOscillation, lpBumpProfile, lpBumpSource } from '../../src/certify/lpBump.js';
import { symmetricEigenvalues } from '../../src/certify/floatLinalg.js';
import { loadEnergy } from '../../src/energy/spec.js';

describe('allowedCurvature', () => {
  it('is the largest w with lambda_min(H - w e_1 e_1^T) = m (3 x 3, checked by eigenvalues)', () => {
    const h = [2, 0.5, -0.3, 0.5, 3, 0.2, -0.3, 0.2, 4];
    const m = 1.1;
    const w = allowedCurvature(h, 3, 0, m)!;
    const at = (v: number): number => symmetricEigenvalues(h.map((x, k) => (k === 0 ? x - v : x)), 3)[0]!;
    expect(at(w)).toBeCloseTo(m, 10);
    expect(at(w + 1e-6)).toBeLessThan(m);
    expect(at(w - 1e-6)).toBeGreaterThan(m);
  });

  it('is null when the other coordinates alone are below m', () => {
    expect(allowedCurvature([5, 0, 0, 0.5], 2, 0, 1)).toBeNull();
    expect(allowedCurvature([5], 1, 0, 1)).toBe(4);
  });
});

describe('fitLpBump on the double well (x1^2 - 1)^2', () => {
  const points = Array.from({ length: 161 }, (_, k) => new Float64Array([-4 + (8 * (k + 0.5)) / 161]));
  const hess = points.map((x) => [12 * x[0]! * x[0]! - 4]);
  const m = 0.9;
  const bounds = curvatureBounds(points, hess, 1, 0, m, 161, 0, 4)!;
  const fit = fitLpBump(0, 0, 1.2, 14, bounds, 1, 20)!;

  it('respects W\'\' <= f\'\' - m at the points it was given', () => {
    expect(fit).not.toBeNull();
    // Up to the rounding of the stored coefficients to 6 digits.
    for (const b of bounds.filter((b) => Math.abs(b.x) <= 4)) expect(lpBumpProfile(fit, b.x)[2]).toBeLessThanOrEqual(b.bound + 1e-4);
  });

  it('comes within 3% of the convex envelope: osc W >= 1.5006 (m = 0.9), and not far above', () => {
    // Envelope: x^4 - 2.45 x^2 + 1 has minimum -0.500625 at x^2 = 1.225, so osc >= 1.500625.
    const osc = lpBumpOscillation(fit);
    expect(osc).toBeGreaterThanOrEqual(1.500625 - 0.01); // sampled between the points, it can dip a little
    expect(osc).toBeLessThanOrEqual(1.500625 * 1.03);
  });

  it('stores the expression the float part evaluates', () => {
    const e = loadEnergy(`expr:${lpBumpSource(fit, 1)}`);
    for (const x of [-2.5, -0.7, 0, 0.31, 1.9]) {
      const [w, , w2] = lpBumpProfile(fit, x);
      expect(e.value(new Float64Array([x]))).toBeCloseTo(w, 4);
      expect(e.hessian(new Float64Array([x]))[0]).toBeCloseTo(w2, 3);
    }
  });
});
