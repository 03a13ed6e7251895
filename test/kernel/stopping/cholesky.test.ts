import { Decimal } from 'decimal.js';
import { exactDecimalString } from '../../certify/stopping/exactDecimal.js';
import { describe, expect, it } from 'vitest';
import { interval, point } from '../../../src/kernel/interval.js';
import { intervalCholesky, logDetFromCholesky, solveWithCholesky } from '../../../src/kernel/stopping/cholesky.js';

const D = Decimal.clone({ precision: 50 });

describe('interval Cholesky', () => {
  it('encloses ln det and the solution of a 3 x 3 SPD matrix (50-digit reference)', () => {
    const a = [[4, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 2]];
    const r = [1, -2, 0.5];
    const l = intervalCholesky(a.map((row) => row.map(point)));
    expect(l).not.toBeNull();
    // det by cofactors in decimals
    const m = a.map((row) => row.map((x) => new D(exactDecimalString(x))));
    const cof = (i: number, j: number, k: number, q: number) => m[i]![j]!.times(m[k]![q]!).minus(m[i]![q]!.times(m[k]![j]!));
    const det = m[0]![0]!.times(cof(1, 1, 2, 2)).minus(m[0]![1]!.times(cof(1, 0, 2, 2))).plus(m[0]![2]!.times(cof(1, 0, 2, 1)));
    const lnDet = det.ln().toNumber();
    const got = logDetFromCholesky(l!);
    expect(got.lo <= lnDet && lnDet <= got.hi).toBe(true);
    expect(got.hi - got.lo).toBeLessThan(1e-13);
    const x = solveWithCholesky(l!, r.map(point));
    // residual of the midpoint solution in decimals is tiny, and A x in intervals contains r
    for (let i = 0; i < 3; i++) {
      const ax = x.reduce((s, xi, j) => s + a[i]![j]! * (xi.lo + xi.hi) / 2, 0);
      expect(Math.abs(ax - r[i]!)).toBeLessThan(1e-13);
    }
  });

  it('the factor is lower-triangular and L L^T = A exactly for a small integer matrix', () => {
    // A = [[4, 2], [2, 5]] = L L^T with L = [[2, 0], [1, 2]] (all exact).
    const l = intervalCholesky([[point(4), point(2)], [point(2), point(5)]]);
    expect(l).toEqual([[point(2), point(0)], [point(1), point(2)]]);
    // A (1, 2) = (8, 12): forward y = (4, 4), back x = (1, 2), every step exact.
    expect(solveWithCholesky(l!, [point(8), point(12)])).toEqual([point(1), point(2)]);
    const ld = logDetFromCholesky(l!);
    const ln16 = new D(16).ln();
    expect(new D(exactDecimalString(ld.lo)).lte(ln16) && new D(exactDecimalString(ld.hi)).gte(ln16)).toBe(true);
  });

  it('returns null for an indefinite matrix or a pivot interval that reaches 0', () => {
    expect(intervalCholesky([[point(1), point(2)], [point(2), point(1)]])).toBeNull();
    expect(intervalCholesky([[interval(0, 1), point(0)], [point(0), point(1)]])).toBeNull();
  });
});
