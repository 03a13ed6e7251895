// Kernel Stein discrepancy (Gorham & Mackey 2017, arXiv:1703.01717) with the IMQ kernel
// k(x, y) = (c^2 + |x - y|^2)^beta, c = 1, beta = -1/2. It needs only the score s = -grad f of the
// target (f = E / T), not its normaliser. With r = x - y and u = c^2 + |r|^2 the Stein kernel is
//   k_p(x, y) = s(x).s(y) u^b + 2 b u^(b-1) r.(s(y) - s(x)) - 2 b d u^(b-1) - 4 b (b-1) u^(b-2) |r|^2,
// from grad_x k = 2 b u^(b-1) r, grad_y k = -grad_x k, tr(grad_x grad_y k) = -2 b d u^(b-1) - 4 b (b-1) u^(b-2) |r|^2.
// The V-statistic (1/n^2) sum_ij k_p is non-negative; KSD is its square root.

export interface KsdOptions {
  readonly c?: number;
  readonly beta?: number;
}

/** KSD of the sample x (n x d) against the target whose score at x_i is scores[i*d ..]. */
export function kernelSteinDiscrepancy(x: Float64Array, scores: Float64Array, d: number, opts: KsdOptions = {}): number {
  const c = opts.c ?? 1;
  const b = opts.beta ?? -0.5;
  if (!(c > 0) || !(b < 0 && b > -1)) throw new RangeError(`kernelSteinDiscrepancy: need c > 0 and -1 < beta < 0, got c=${c}, beta=${b}`);
  const n = x.length / d;
  if (!Number.isInteger(n) || n < 1 || scores.length !== x.length) throw new RangeError('kernelSteinDiscrepancy: x and scores must hold the same n x d points');
  const c2 = c * c;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let r2 = 0, ss = 0, rs = 0;
      for (let k = 0; k < d; k++) {
        const r = x[i * d + k]! - x[j * d + k]!;
        r2 += r * r;
        ss += scores[i * d + k]! * scores[j * d + k]!;
        rs += r * (scores[j * d + k]! - scores[i * d + k]!);
      }
      const u = c2 + r2;
      const ub1 = Math.pow(u, b - 1);
      const kp = ss * ub1 * u + 2 * b * ub1 * rs - 2 * b * d * ub1 - 4 * b * (b - 1) * (ub1 / u) * r2;
      sum += i === j ? kp : 2 * kp;
    }
  }
  return Math.sqrt(Math.max(0, sum) / (n * n));
}
