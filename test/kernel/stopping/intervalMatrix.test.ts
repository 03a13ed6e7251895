import { describe, expect, it } from 'vitest';
import { interval, point } from '../../../src/kernel/interval.js';
import {
  dot,
  identityMatrix,
  identityMinusScaled,
  matAdd,
  matMul,
  matScale,
  matVec,
  symmetrize,
  traceOfProduct,
  zeroMatrix,
} from '../../../src/kernel/stopping/intervalMatrix.js';

// Small integers: every product and sum is exact, so the references are exact numbers and the
// interval results must be point intervals equal to them. Non-symmetric matrices catch index swaps.
const A = [[1, 2, 3], [4, 5, 6], [7, 8, 10]];
const B = [[2, -1, 0], [3, 1, -2], [0, 4, 1]];
const P = (m: number[][]) => m.map((row) => row.map(point));
const exactMul = (a: number[][], b: number[][]) => a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));

describe('interval matrices', () => {
  it('identity and zero', () => {
    expect(identityMatrix(3)).toEqual(P([[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    expect(zeroMatrix(2)).toEqual(P([[0, 0], [0, 0]]));
  });

  it('add, scale, multiply, matrix-vector, dot and trace of a product are exact on small integers', () => {
    expect(matAdd(P(A), P(B))).toEqual(P(A.map((row, i) => row.map((x, j) => x + B[i]![j]!))));
    expect(matScale(P(A), point(-3))).toEqual(P(A.map((row) => row.map((x) => -3 * x))));
    expect(matMul(P(A), P(B))).toEqual(P(exactMul(A, B)));
    expect(matMul(P(B), P(A))).toEqual(P(exactMul(B, A)));
    const v = [1, -2, 3];
    expect(matVec(P(A), v.map(point))).toEqual(A.map((row) => point(row.reduce((s, x, k) => s + x * v[k]!, 0))));
    expect(dot([1, -2, 3].map(point), [4, 5, -6].map(point))).toEqual(point(4 - 10 - 18));
    // tr(A B) = sum_ij A_ij B_ji
    const ab = exactMul(A, B);
    expect(traceOfProduct(P(A), P(B))).toEqual(point(ab[0]![0]! + ab[1]![1]! + ab[2]![2]!));
  });

  it('interval entries enclose every product of members', () => {
    const a = [[interval(1, 2), point(0)], [point(-1), interval(0.5, 1)]];
    const p = matMul(a, a);
    // p_00 = a00^2 + a01 a10 in [1, 4]; p_10 = a10 a00 + a11 a10 in [-3, -1.5]
    expect(p[0]![0]).toEqual(interval(1, 4));
    expect(p[1]![0]).toEqual(interval(-3, -1.5));
  });

  it('symmetrize keeps the diagonal and intersects (i, j) with (j, i); disjoint enclosures throw', () => {
    const m = [[interval(1, 2), interval(0, 2)], [interval(1, 3), interval(5, 6)]];
    expect(symmetrize(m)).toEqual([[interval(1, 2), interval(1, 2)], [interval(1, 2), interval(5, 6)]]);
    expect(() => symmetrize([[point(1), point(0)], [point(1), point(1)]])).toThrow();
  });

  it('identityMinusScaled is I - h A entrywise (non-symmetric A, interval h)', () => {
    const h = interval(0.5, 1);
    const got = identityMinusScaled(P([[2, 4], [-2, 0]]), h);
    expect(got).toEqual([[interval(-1, 0), interval(-4, -2)], [interval(1, 2), point(1)]]);
  });
});
