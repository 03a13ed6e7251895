// Sliced Wasserstein-2 distance: the root mean over random unit directions theta of W2^2 between
// the one-dimensional projections <theta, x>. Each 1D W2^2 between empirical measures is exact
// (the quantile functions are step functions, integrated piece by piece). Directions are seeded.
import type { Rng } from '../random/rng.js';

/** Exact W2^2 between the uniform empirical measures on a and b (sorted in place). */
export function wasserstein1dSquared(a: Float64Array, b: Float64Array): number {
  a.sort();
  b.sort();
  const m = a.length, n = b.length;
  if (m === 0 || n === 0) throw new RangeError('wasserstein1dSquared: empty sample');
  // Walk the merged breakpoints k/m and l/n of the two quantile functions on (0, 1).
  let i = 0, j = 0, prev = 0, sum = 0;
  while (i < m && j < n) {
    const nextA = (i + 1) / m, nextB = (j + 1) / n;
    const next = Math.min(nextA, nextB);
    const diff = a[i]! - b[j]!;
    sum += (next - prev) * diff * diff;
    prev = next;
    // Compare integer products instead of the fractions so equal breakpoints advance both.
    const ca = (i + 1) * n, cb = (j + 1) * m;
    if (ca <= cb) i++;
    if (cb <= ca) j++;
  }
  return sum;
}

/** A direction drawn uniformly on the unit sphere in R^d. */
export function randomDirection(d: number, rng: Rng): Float64Array {
  const v = new Float64Array(d);
  let norm = 0;
  while (norm === 0) {
    rng.fillNormal(v);
    norm = Math.hypot(...v);
  }
  for (let k = 0; k < d; k++) v[k] = v[k]! / norm;
  return v;
}

/** SW2 between samples x (m x d) and y (n x d) over `projections` seeded directions. */
export function slicedWasserstein2(x: Float64Array, y: Float64Array, d: number, rng: Rng, projections = 200): number {
  const m = x.length / d, n = y.length / d;
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 1 || n < 1) throw new RangeError(`slicedWasserstein2: empty or ragged sample for dimension ${d}`);
  const px = new Float64Array(m), py = new Float64Array(n);
  let total = 0;
  for (let p = 0; p < projections; p++) {
    const theta = randomDirection(d, rng);
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += theta[k]! * x[i * d + k]!;
      px[i] = s;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += theta[k]! * y[i * d + k]!;
      py[i] = s;
    }
    total += wasserstein1dSquared(px, py);
  }
  return Math.sqrt(total / projections);
}
