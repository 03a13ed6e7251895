// Float eigenvalues of small symmetric matrices, for producers' estimates only: nothing here
// feeds a certified number. The Jacobi rotations live in the kernel (jacobiEigen, also untrusted
// there: the kernel bounds eigenvalues itself), so there is one copy.
import { jacobiEigen } from '../kernel/eigen.js';

/** Eigenvalues of the symmetric d x d row-major matrix a (copied), ascending. */
export function symmetricEigenvalues(a: ArrayLike<number>, d: number): number[] {
  if (d === 1) return [a[0]!];
  if (d === 2) {
    // Closed form: mean of the diagonal -+ the radius sqrt(((a - d)/2)^2 + b^2).
    const mid = (a[0]! + a[3]!) / 2;
    const rad = Math.hypot((a[0]! - a[3]!) / 2, (a[1]! + a[2]!) / 2);
    return [mid - rad, mid + rad];
  }
  return Array.from(jacobiEigen(d, a).diagonal).sort((x, y) => x - y);
}
