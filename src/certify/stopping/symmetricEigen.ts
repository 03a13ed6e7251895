// Float64 eigen-decomposition of a small symmetric matrix (the kernel's cyclic Jacobi, one copy).
// Untrusted: it only steers the producer's search; the kernel re-checks every number it proposes.
import { jacobiEigen } from '../../kernel/eigen.js';

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  readonly values: number[];
  /** vectors[i] is the unit eigenvector of values[i]. */
  readonly vectors: number[][];
}

export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const d = matrix.length;
  // Symmetrised first, so a slightly asymmetric input still gets real eigenvalues.
  const a = Float64Array.from({ length: d * d }, (_, k) => {
    const i = Math.floor(k / d), j = k % d;
    return (matrix[i]![j]! + matrix[j]![i]!) / 2;
  });
  const { vectors, diagonal } = jacobiEigen(d, a);
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => diagonal[i]! - diagonal[j]!);
  return {
    values: order.map((i) => diagonal[i]!),
    vectors: order.map((i) => Array.from({ length: d }, (_, k) => vectors[k * d + i]!)),
  };
}
