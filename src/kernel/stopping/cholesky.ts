// Interval Cholesky factorisation, log-determinant and linear solve for symmetric matrices.
// Run on interval entries it encloses the Cholesky factor of every symmetric point matrix whose
// lower triangle lies in the boxes; a pivot that is not provably positive means "not proven
// positive definite" (null), never a guess.
import { add, div, log, mul, point, sqrt, sub, type Interval } from '../interval.js';
import type { IntervalMatrix, IntervalVector } from './intervalMatrix.js';

const ZERO = point(0);

/** Lower-triangular L with A = L L', or null when some pivot enclosure is not > 0. */
export function intervalCholesky(a: IntervalMatrix): IntervalMatrix | null {
  const d = a.length;
  const l: IntervalMatrix = Array.from({ length: d }, () => Array.from({ length: d }, () => ZERO));
  for (let j = 0; j < d; j++) {
    // L_jj = sqrt(A_jj - sum_k<j L_jk^2)
    let pivot = a[j]![j]!;
    // Stryker disable next-line EqualityOperator: equivalent, k = j would subtract L_jj^2 = 0 (not yet set)
    for (let k = 0; k < j; k++) pivot = sub(pivot, mul(l[j]![k]!, l[j]![k]!));
    if (!(pivot.lo > 0) || !Number.isFinite(pivot.hi)) return null;
    const ljj = sqrt(pivot);
    l[j]![j] = ljj;
    for (let i = j + 1; i < d; i++) {
      // L_ij = (A_ij - sum_k<j L_ik L_jk) / L_jj
      let s = a[i]![j]!;
      // Stryker disable next-line EqualityOperator: equivalent, k = j would subtract L_ij L_jj = 0 (L_ij not yet set)
      for (let k = 0; k < j; k++) s = sub(s, mul(l[i]![k]!, l[j]![k]!));
      l[i]![j] = div(s, ljj);
    }
  }
  return l;
}

/** ln det A = 2 sum_j ln L_jj for A = L L'. */
export function logDetFromCholesky(l: IntervalMatrix): Interval {
  let s = ZERO;
  for (let j = 0; j < l.length; j++) s = add(s, log(l[j]![j]!));
  return mul(point(2), s);
}

/** Solves A x = r given A = L L' (forward then back substitution). */
export function solveWithCholesky(l: IntervalMatrix, r: IntervalVector): IntervalVector {
  const d = l.length;
  // Stryker disable next-line ArrayDeclaration: equivalent, every entry is written before it is read
  const y: IntervalVector = new Array<Interval>(d).fill(ZERO);
  for (let i = 0; i < d; i++) {
    let s = r[i]!;
    // Stryker disable next-line EqualityOperator: equivalent, k = i would subtract L_ii y_i = 0 (y_i not yet set)
    for (let k = 0; k < i; k++) s = sub(s, mul(l[i]![k]!, y[k]!));
    y[i] = div(s, l[i]![i]!);
  }
  // Stryker disable next-line ArrayDeclaration: equivalent, every entry is written before it is read
  const x: IntervalVector = new Array<Interval>(d).fill(ZERO);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s = sub(s, mul(l[k]![i]!, x[k]!));
    x[i] = div(s, l[i]![i]!);
  }
  return x;
}
