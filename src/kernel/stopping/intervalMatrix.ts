// Interval matrices for the stopping checks: dense, square, row-major arrays of intervals.
// Each operation is the interval version of the point algorithm, so it encloses the point result
// for every point matrix inside the interval arguments (inclusion isotonicity).
import { add, intersect, mul, point, sub, type Interval } from '../interval.js';

export type IntervalMatrix = Interval[][];
export type IntervalVector = Interval[];

const ZERO = point(0);

export function identityMatrix(d: number): IntervalMatrix {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => point(i === j ? 1 : 0)));
}

export function zeroMatrix(d: number): IntervalMatrix {
  return Array.from({ length: d }, () => Array.from({ length: d }, () => ZERO));
}

export function matAdd(a: IntervalMatrix, b: IntervalMatrix): IntervalMatrix {
  return a.map((row, i) => row.map((x, j) => add(x, b[i]![j]!)));
}

export function matScale(a: IntervalMatrix, c: Interval): IntervalMatrix {
  return a.map((row) => row.map((x) => mul(x, c)));
}

export function matMul(a: IntervalMatrix, b: IntervalMatrix): IntervalMatrix {
  const d = a.length;
  const out = zeroMatrix(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = ZERO;
      for (let k = 0; k < d; k++) s = add(s, mul(a[i]![k]!, b[k]![j]!));
      out[i]![j] = s;
    }
  }
  return out;
}

export function matVec(a: IntervalMatrix, v: IntervalVector): IntervalVector {
  return a.map((row) => row.reduce((s, x, k) => add(s, mul(x, v[k]!)), ZERO));
}

export function dot(u: IntervalVector, v: IntervalVector): Interval {
  return u.reduce((s, x, k) => add(s, mul(x, v[k]!)), ZERO);
}

/** tr(A B) = sum_ij A_ij B_ji. */
export function traceOfProduct(a: IntervalMatrix, b: IntervalMatrix): Interval {
  let s = ZERO;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) s = add(s, mul(a[i]![j]!, b[j]![i]!));
  return s;
}

/**
 * For a matrix known to be symmetric, both (i,j) and (j,i) enclose the same number: keep their
 * intersection. Throws (EmptyIntervalError from intersect) only if the enclosures were unsound.
 */
export function symmetrize(a: IntervalMatrix): IntervalMatrix {
  // Stryker disable next-line ConditionalExpression: equivalent, a diagonal entry intersected with itself is itself
  return a.map((row, i) => row.map((x, j) => (i === j ? x : intersect(x, a[j]![i]!))));
}

/** I - h A. */
export function identityMinusScaled(a: IntervalMatrix, h: Interval): IntervalMatrix {
  return a.map((row, i) => row.map((x, j) => sub(point(i === j ? 1 : 0), mul(h, x))));
}
