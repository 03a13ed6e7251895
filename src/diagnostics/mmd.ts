// Maximum mean discrepancy with a Gaussian kernel k(x, y) = exp(-|x - y|^2 / (2 h^2)), unbiased
// U-statistic (Gretton et al. 2012, eq. 3): it is 0 in expectation when both samples share a law,
// so small negative values are possible. Bandwidth h by the median heuristic unless given.

export interface MmdResult {
  /** Unbiased estimate of MMD^2 (may be slightly negative). */
  readonly mmd2: number;
  readonly bandwidth: number;
}

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) {
    const t = a[i * d + k]! - b[j * d + k]!;
    s += t * t;
  }
  return s;
}

/** Median of the pairwise distances in the pooled sample (the first `cap` points of each set). */
export function medianHeuristic(x: Float64Array, y: Float64Array, d: number, cap = 500): number {
  const take = (a: Float64Array) => a.subarray(0, Math.min(a.length, cap * d));
  const pooled = new Float64Array([...take(x), ...take(y)]);
  const n = pooled.length / d;
  const dists: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dists.push(Math.sqrt(sqDist(pooled, i, pooled, j, d)));
  if (dists.length === 0) return 1;
  dists.sort((a, b) => a - b);
  const mid = dists.length >> 1;
  const med = dists.length % 2 ? dists[mid]! : (dists[mid - 1]! + dists[mid]!) / 2;
  return med > 0 ? med : 1;
}

/** x: m points, y: n points, both row-major in dimension d (m, n >= 2). */
export function mmd(x: Float64Array, y: Float64Array, d: number, opts: { bandwidth?: number } = {}): MmdResult {
  const m = x.length / d, n = y.length / d;
  if (!Number.isInteger(m) || !Number.isInteger(n) || m < 2 || n < 2) throw new RangeError(`mmd: need at least 2 points in each sample of dimension ${d}`);
  const h = opts.bandwidth ?? medianHeuristic(x, y, d);
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`mmd: bandwidth must be positive, got ${h}`);
  const g = -1 / (2 * h * h);
  let xx = 0, yy = 0, xy = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) xx += Math.exp(g * sqDist(x, i, x, j, d));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yy += Math.exp(g * sqDist(y, i, y, j, d));
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xy += Math.exp(g * sqDist(x, i, y, j, d));
  // the i != j sums are twice the i < j sums
  const mmd2 = (2 * xx) / (m * (m - 1)) + (2 * yy) / (n * (n - 1)) - (2 * xy) / (m * n);
  return { mmd2, bandwidth: h };
}
