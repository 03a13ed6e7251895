// checkPreconditionedCurvature against 60-digit references: the eigenvalues of C^T H C for a constant
// 2x2 Hessian (closed form in decimal.js), and the exactly known curvature range of a log energy.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkPreconditionedCurvature, invalidFactor } from '../../../src/kernel/checks/preconditioned.js';
import { exactDecimalString } from '../../certify/stopping/exactDecimal.js';
import { expr, gridCover, I, tanhNet, wholeSpace } from './helpers.js';
import { enclosePotential } from '../../../src/kernel/checks/common.js';

const D = Decimal.clone({ precision: 60 });
const dec = (x: number): Decimal => new D(exactDecimalString(x));

/** Eigenvalues of C^T H C (2x2, H symmetric given exactly as decimals), 60 digits. */
function referenceEigenvalues(h: readonly (readonly Decimal[])[], c: readonly (readonly number[])[]): [Decimal, Decimal] {
  const cc = c.map((row) => row.map(dec));
  const b = [0, 1].map((i) => [0, 1].map((j) => {
    let s = new D(0);
    for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) s = s.plus(cc[k]![i]!.times(h[k]![l]!).times(cc[l]![j]!));
    return s;
  }));
  const half = b[0]![0]!.plus(b[1]![1]!).div(2);
  const rad = b[0]![0]!.minus(b[1]![1]!).div(2).pow(2).plus(b[0]![1]!.pow(2)).sqrt();
  return [half.minus(rad), half.plus(rad)];
}

describe('checkPreconditionedCurvature', () => {
  // E = 0.5 x1^2 + 50 x2^2 + 3 x1 x2: hess E = [[1, 3], [3, 100]] exactly (T = 1).
  const model = expr('0.5*x1^2 + 50*x2^2 + 3*x1*x2');
  const hessian = [[new D(1), new D(3)], [new D(3), new D(100)]];
  const factor = [[0.9, 0], [-0.03, 0.1]];

  it('encloses the 60-digit eigenvalues of C^T H C, tightly', () => {
    const [lo, hi] = referenceEigenvalues(hessian, factor);
    const r = checkPreconditionedCurvature(model, 1, factor, wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(dec(r.value.m).lte(lo)).toBe(true);
    expect(dec(r.value.upper).gte(hi)).toBe(true);
    expect(lo.minus(dec(r.value.m)).toNumber()).toBeLessThan(1e-12);
    expect(dec(r.value.upper).minus(hi).toNumber()).toBeLessThan(1e-12);
  });

  it('divides by the temperature in interval arithmetic', () => {
    const [lo, hi] = referenceEigenvalues(hessian.map((row) => row.map((x) => x.div(3))), factor);
    const r = checkPreconditionedCurvature(model, 3, factor, wholeSpace(2));
    expect(r.ok && dec(r.value.m).lte(lo) && dec(r.value.upper).gte(hi)).toBe(true);
  });

  it('bounds a non-quadratic energy by its exact curvature range (log(1 + x1^2))', () => {
    // hess E = diag(1 + (1 - x1^2)/(1 + x1^2)^2, 100): the first entry ranges over [7/8, 2] exactly
    // (min at x1^2 = 3, max at 0). With C = diag(c, 0.1), c = the double nearest 2^-1/2: m_g = min(7/8 c^2, 1), L_g = max(2 c^2, 1).
    const m = expr('0.5*x1^2 + 50*x2^2 + 0.5*log(1+x1^2)');
    const c11 = Math.SQRT1_2;
    const c = [[c11, 0], [0, 0.1]];
    const c2 = dec(c11).pow(2);
    const mTrue = D.min(c2.times('0.875'), dec(0.1).pow(2).times(100));
    const lTrue = D.max(c2.times(2), dec(0.1).pow(2).times(100));
    for (const boxes of [wholeSpace(2), gridCover(2, 4, 6)]) {
      const r = checkPreconditionedCurvature(m, 1, c, boxes);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(dec(r.value.m).lte(mTrue)).toBe(true);
      expect(dec(r.value.upper).gte(lTrue)).toBe(true);
      expect(mTrue.minus(dec(r.value.m)).toNumber()).toBeLessThan(1e-3);
      expect(dec(r.value.upper).minus(lTrue).toNumber()).toBeLessThan(1e-3);
    }
  });

  it('refuses a factor that is not lower-triangular with a positive diagonal, and a non-cover', () => {
    expect(invalidFactor([[1, 0.5], [0, 1]], 2)).toMatch(/above the diagonal/);
    expect(invalidFactor([[1, 0], [0, 0]], 2)).toMatch(/must be > 0/);
    expect(invalidFactor([[1, 0], [0, NaN]], 2)).toMatch(/not a finite number/);
    expect(invalidFactor([[1, 0]], 2)).toMatch(/2 x 2/);
    expect(invalidFactor('x', 1)).toMatch(/1 x 1/);
    expect(invalidFactor([[2]], 1)).toBeUndefined();
    const bad = checkPreconditionedCurvature(model, 1, factor, [[{ lo: 0, hi: 1 }, { lo: 0, hi: 1 }]]);
    expect(bad.ok).toBe(false);
    expect(checkPreconditionedCurvature(model, 1, [[1, 1], [0, 1]], wholeSpace(2)).ok).toBe(false);
  });
});

describe('checkPreconditionedCurvature: negative curvature and refusals', () => {
  it('upper is the spectral radius: a negative eigenvalue larger in size than every positive one counts', () => {
    // hess E = diag(1, -4) exactly, C = I: eigenvalues 1 and -4, so m = -4 and the radius is 4.
    const r = checkPreconditionedCurvature(expr('0.5*x1^2 - 2*x2^2'), 1, [[1, 0], [0, 1]], wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBeLessThanOrEqual(-4);
    expect(r.value.upper).toBeGreaterThanOrEqual(4);
    expect(r.value.upper).toBeLessThan(4 + 1e-12);
  });

  it('refuses rows of the wrong length or type, entries that are not numbers, a bad temperature and a non-smooth energy', () => {
    expect(invalidFactor([[1, 0], [0]], 2)).toMatch(/row 1 must have 2 entries/);
    expect(invalidFactor([[1, 0], 'ab'], 2)).toMatch(/row 1 must have 2 entries/);
    expect(invalidFactor([[1, 0], [0, '1']], 2)).toMatch(/not a finite number/);
    expect(invalidFactor([[1, 0], [0, Infinity]], 2)).toMatch(/not a finite number/);
    const quad = expr('0.5*x1^2 + 0.5*x2^2');
    for (const t of [0, -1, NaN, Infinity]) expect(checkPreconditionedCurvature(quad, t, [[1, 0], [0, 1]], wholeSpace(2)).ok).toBe(false);
    const rough = checkPreconditionedCurvature(expr('0.5*x1^2 + 0.5*x2^2 + abs(x1)'), 1, [[1, 0], [0, 1]], wholeSpace(2));
    expect(rough.ok).toBe(false);
  });
});

describe('checkPreconditionedCurvature: the two enclosures', () => {
  it('uses the rank-one curvature form: softplus terms keep C^T hess f C >= C^T C (m_g = 0.25 exactly with C = diag(1, 0.5))', () => {
    // hess f = I + 2 sigmoid'(2 x1 - x2) v v^T, v = (2, -1): >= I, with equality far out; C^T I C = diag(1, 0.25).
    const r = checkPreconditionedCurvature(expr('0.5*(x1^2 + x2^2) + 2*softplus(2*x1 - x2)'), 1, [[1, 0], [0, 0.5]], wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBeLessThanOrEqual(0.25);
    expect(r.value.m).toBeGreaterThan(0.25 * (1 - 1e-12));
  });

  it('an energy the enclosures cannot bound (log(x1) on the whole line) gives no bound at all: m = -inf, upper = inf', () => {
    const r = checkPreconditionedCurvature(expr('0.5*x1^2 + 0.5*x2^2 + log(x1)'), 1, [[1, 0], [0, 1]], wholeSpace(2));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.m).toBe(-Infinity);
    expect(r.value.upper).toBe(Infinity);
  });

  it('a network (no curvature form): m and upper bracket C^T H C at sample points (point-box enclosures, 2x2 closed form)', () => {
    const c = [[1.5, 0], [-0.25, 0.75]];
    const r = checkPreconditionedCurvature(tanhNet, 1, c, gridCover(2, 3, 6));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Number.isFinite(r.value.m) && Number.isFinite(r.value.upper)).toBe(true);
    for (let a = -2.5; a <= 2.5; a += 0.5)
      for (let b = -2.5; b <= 2.5; b += 0.5) {
        const h = enclosePotential(tanhNet, 1, [I(a, a), I(b, b)]).hessian.map((row) => row.map((x) => (x.lo + x.hi) / 2));
        // B = C^T H C, eigenvalues of the symmetric 2x2.
        const B = [0, 1].map((i) => [0, 1].map((j) => [0, 1].reduce((s, k) => s + [0, 1].reduce((t, l) => t + c[k]![i]! * h[k]![l]! * c[l]![j]!, 0), 0)));
        const half = (B[0]![0]! + B[1]![1]!) / 2;
        const rad = Math.hypot((B[0]![0]! - B[1]![1]!) / 2, B[0]![1]!);
        expect(r.value.m).toBeLessThanOrEqual(half - rad + 1e-9);
        expect(r.value.upper).toBeGreaterThanOrEqual(Math.max(Math.abs(half - rad), Math.abs(half + rad)) - 1e-9);
      }
  });
});

describe('preconditionedContractionFactor', () => {
  it('encloses max(|1 - h m|, |1 - h L|) against 60-digit decimals, on both branches', async () => {
    const { preconditionedContractionFactor } = await import('../../../src/kernel/checks/preconditioned.js');
    const { point } = await import('../../../src/kernel/interval.js');
    for (const [m, l, h] of [[0.4375, 1, 0.1], [0.4375, 1, 1.9], [1, 1, 0.3], [0.8068, 1.027, 1e-4]] as const) {
      const exact = D.max(new D(1).minus(dec(h).times(dec(m))).abs(), new D(1).minus(dec(h).times(dec(l))).abs());
      const r = preconditionedContractionFactor(m, l, point(h));
      expect(exact.gte(dec(r.lo)) && exact.lte(dec(r.hi)), `${m} ${l} ${h}`).toBe(true);
      expect(r.hi - r.lo).toBeLessThan(1e-15);
    }
  });
});
