// Exact ULA law on a quadratic potential, in float64 (a reference for property tests, not a bound).
// f(x) = (x - mu)' A (x - mu) / 2 in f-units; ULA x' = x - h A (x - mu) + sqrt(2h) xi keeps the law
// Gaussian: m' - mu = M (m - mu), S' = M S M' + 2h I with M = I - h A.

export type Matrix = number[][];

function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

/** log det of a symmetric positive definite matrix by Cholesky (NaN when not positive definite). */
export function logDetSpd(a: Matrix): number {
  const d = a.length;
  const l: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let logDet = 0;
  for (let j = 0; j < d; j++) {
    let s = a[j]![j]!;
    for (let k = 0; k < j; k++) s -= l[j]![k]! ** 2;
    if (!(s > 0)) return NaN;
    l[j]![j] = Math.sqrt(s);
    logDet += Math.log(s);
    for (let i = j + 1; i < d; i++) {
      let t = a[i]![j]!;
      for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = t / l[j]![j]!;
    }
  }
  return logDet;
}

/** KL(N(m, S) || N(mu, A^-1)). */
export function gaussianKl(a: Matrix, mu: readonly number[], m: readonly number[], s: Matrix): number {
  const d = a.length;
  const as = matMul(a, s);
  const trace = as.reduce((t, row, i) => t + row[i]!, 0);
  const diff = m.map((x, i) => x - mu[i]!);
  const quad = diff.reduce((t, di, i) => t + di * a[i]!.reduce((r, x, j) => r + x * diff[j]!, 0), 0);
  return (trace + quad - d - logDetSpd(a) - logDetSpd(s)) / 2;
}

/** KL after `steps` ULA steps of f-unit size h from N(init.mean 1, init.std^2 I). */
export function exactUlaKl(a: Matrix, mu: readonly number[], init: { mean: number; std: number }, h: number, steps: number): number {
  const d = a.length;
  const mT = a.map((row, i) => row.map((x, j) => (i === j ? 1 : 0) - h * x));
  let m = Array.from({ length: d }, (_, i) => init.mean - mu[i]!);
  let s: Matrix = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? init.std ** 2 : 0)));
  for (let k = 0; k < steps; k++) {
    m = mT.map((row) => row.reduce((t, x, j) => t + x * m[j]!, 0));
    s = matMul(matMul(mT, s), mT).map((row, i) => row.map((x, j) => (i === j ? x + 2 * h : x)));
  }
  return gaussianKl(a, Array.from({ length: d }, () => 0), m, s);
}

/** The same for a diagonal A (eigenvalues a_i, centre mu_i) in closed form: per coordinate
 *  r = 1 - h a, m_k = r^k m_0, v_k = r^{2k} v_0 + 2h (1 - r^{2k}) / (1 - r^2). */
export function exactUlaKlDiagonal(a: readonly number[], mu: readonly number[], init: { mean: number; std: number }, h: number, steps: number): number {
  let kl = 0;
  a.forEach((ai, i) => {
    const r = 1 - h * ai;
    const r2k = Math.pow(r * r, steps);
    const m = Math.pow(r, steps) * (init.mean - mu[i]!);
    const geo = Math.abs(1 - r * r) < 1e-300 ? steps : (1 - r2k) / (1 - r * r);
    const v = r2k * init.std ** 2 + 2 * h * geo;
    kl += (ai * v + ai * m * m - 1 - Math.log(ai * v)) / 2;
  });
  return kl;
}
