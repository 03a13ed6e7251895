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

export interface Eigenpairs {
  /** Ascending eigenvalues. */
  readonly values: Float64Array;
  /** Row-major n x n; column m is the unit eigenvector of values[m]. */
  readonly vectors: Float64Array;
}

/**
 * All eigenpairs of the symmetric row-major n x n matrix a (copied): Householder reduction to a
 * tridiagonal matrix, then the implicit QL iteration (EISPACK tred2 / tql2, as in JAMA). O(n^3) with a
 * small constant: about 10x faster than the cyclic Jacobi sweeps at n = 500, which is what lets the edge
 * scale search (edgeScaleSearch.ts) take a gradient step per eigendecomposition. Float only.
 */
export function symmetricEigenpairs(a: ArrayLike<number>, n: number): Eigenpairs {
  // Scaled to a largest entry of 1: subnormal entries would lose the rotations' precision.
  let norm = 0;
  for (let i = 0; i < n * n; i++) norm = Math.max(norm, Math.abs(a[i]!));
  const unit = norm > 0 && Number.isFinite(norm) ? norm : 1;
  const V = Float64Array.from(a, (x) => x / unit);
  const d = new Float64Array(n), e = new Float64Array(n);
  // Householder: V becomes the orthogonal transform, d and e the tridiagonal's diagonal and off-diagonal.
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) { d[j] = V[(i - 1) * n + j]!; V[i * n + j] = 0; V[j * n + i] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k]! /= scale; h += d[k]! * d[k]!; }
      let f = d[i - 1]!;
      let g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
      e[i] = scale * g; h -= f * g; d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!; V[j * n + i] = f; g = e[j]! + V[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) { g += V[k * n + j]! * d[k]!; e[k]! += V[k * n + j]! * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j]! /= h; f += e[j]! * d[j]!; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!; g = e[j]!;
        for (let k = j; k <= i - 1; k++) V[k * n + j]! -= f * e[k]! + g * d[k]!;
        d[j] = V[(i - 1) * n + j]!; V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i]!; V[i * n + i] = 1;
    const h = d[i + 1]!;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1]! / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1]! * V[k * n + j]!;
        for (let k = 0; k <= i; k++) V[k * n + j]! -= g * d[k]!;
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[(n - 1) * n + j]!; V[(n - 1) * n + j] = 0; }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
  // Implicit QL on the tridiagonal, accumulating the rotations into W = V^T (rows contiguous).
  const W = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) W[i * n + k] = V[k * n + i]!;
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n && Math.abs(e[m]!) > eps * tst1) m++;
    if (m > l) {
      for (let iter = 0; iter < 60 && Math.abs(e[l]!) > eps * tst1; iter++) {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r); d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1]!;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i]!; h = c * p; r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r; s = e[i]! / r; c = p / r;
          p = c * d[i]! - s * g; d[i + 1] = h + s * (c * g + s * d[i]!);
          const a0 = i * n, a1 = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            h = W[a1 + k]!;
            W[a1 + k] = s * W[a0 + k]! + c * h;
            W[a0 + k] = c * W[a0 + k]! - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p; d[l] = c * p;
      }
    }
    d[l] = d[l]! + f; e[l] = 0;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x]! - d[y]!);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = d[src]! * unit;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = W[src * n + k]!;
  });
  return { values, vectors };
}
