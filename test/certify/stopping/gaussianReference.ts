// Independent references for the stopping tests (not imported by src/).
//  - exactUlaKlDecimal: the ULA law on a quadratic E in the ENGINE's convention
//      x' = x - eta (H x + g) + sqrt(2 eta T) xi,   pi ∝ exp(-E/T) = N(x*, T H^-1),
//    stepped as full d x d mean/covariance recurrences in 60-digit decimal arithmetic.
//  - minimalStepsFloat: the smallest first-crossing N over a fine grid of f-unit steps, by the same
//    full-matrix recurrence in float64 (no eigen-decomposition, unlike the producer).
import { Decimal } from 'decimal.js';
import { exactDecimalString } from './exactDecimal.js';

const D = Decimal.clone({ precision: 60 });
type Dec = InstanceType<typeof D>;
type DMatrix = Dec[][];

function dec(x: number): Dec {
  return new D(exactDecimalString(x));
}

function matMul(a: DMatrix, b: DMatrix): DMatrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s.plus(x.times(b[k]![j]!)), new D(0))));
}

function transpose(a: DMatrix): DMatrix {
  return a[0]!.map((_, j) => a.map((row) => row[j]!));
}

/** Solves a x = r by Gaussian elimination with partial pivoting; also returns det a. */
function solveAndDet(a: DMatrix, r: Dec[]): { x: Dec[]; det: Dec } {
  const n = a.length;
  const m = a.map((row, i) => [...row, r[i]!]);
  let det = new D(1);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (m[i]![c]!.abs().gt(m[p]![c]!.abs())) p = i;
    if (p !== c) {
      [m[p], m[c]] = [m[c]!, m[p]!];
      det = det.neg();
    }
    det = det.times(m[c]![c]!);
    for (let i = c + 1; i < n; i++) {
      const f = m[i]![c]!.div(m[c]![c]!);
      for (let j = c; j <= n; j++) m[i]![j] = m[i]![j]!.minus(f.times(m[c]![j]!));
    }
  }
  const x = new Array<Dec>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i]![n]!;
    for (let j = i + 1; j < n; j++) s = s.minus(m[i]![j]!.times(x[j]!));
    x[i] = s.div(m[i]![i]!);
  }
  return { x, det };
}

export interface QuadraticPotential {
  /** f(x) = f(0) + b.x + x'Ax/2 with A = `hessian` (SPD), b = `gradient`; the energy is E = T f. */
  readonly hessian: readonly (readonly number[])[];
  readonly gradient: readonly number[];
  readonly temperature: number;
}

/** KL(rho_N || pi) after N engine steps of size eta from N(mean 1, std^2 I), in 60-digit decimals. */
export function exactUlaKlDecimal(q: QuadraticPotential, init: { mean: number; std: number }, eta: number, steps: number): number {
  const d = q.hessian.length;
  const t = dec(q.temperature);
  // The engine sees E = T f: H = T A, g = T b (exact in decimal).
  const h = q.hessian.map((row) => row.map((x) => dec(x).times(t)));
  const g = q.gradient.map((x) => dec(x).times(t));
  const e = dec(eta);
  const m = h.map((row, i) => row.map((x, j) => (i === j ? new D(1) : new D(0)).minus(e.times(x))));
  const mt = transpose(m);
  let mu: Dec[] = Array.from({ length: d }, () => dec(init.mean));
  let cov: DMatrix = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? dec(init.std).pow(2) : new D(0))));
  const noise = e.times(t).times(2);
  for (let k = 0; k < steps; k++) {
    mu = mu.map((_, i) => mu.reduce((s, x, j) => s.plus(m[i]![j]!.times(x)), new D(0)).minus(e.times(g[i]!)));
    cov = matMul(matMul(m, cov), mt).map((row, i) => row.map((x, j) => (i === j ? x.plus(noise) : x)));
  }
  // pi = N(x*, T H^-1) with H x* = -g; precision matrix P = H / T.
  const { x: xStar, det: detH } = solveAndDet(h, g.map((x) => x.neg()));
  const p = h.map((row) => row.map((x) => x.div(t)));
  const ps = matMul(p, cov);
  const trace = ps.reduce((s, row, i) => s.plus(row[i]!), new D(0));
  const diff = mu.map((x, i) => x.minus(xStar[i]!));
  const quad = diff.reduce((s, di, i) => s.plus(di.times(p[i]!.reduce((r, x, j) => r.plus(x.times(diff[j]!)), new D(0)))), new D(0));
  const detCov = solveAndDet(cov, new Array(d).fill(new D(0))).det;
  const logDetPs = detH.div(t.pow(d)).times(detCov).ln();
  return trace.plus(quad).minus(d).minus(logDetPs).div(2).toNumber();
}

/** Float64 KL after each step, f-units (A = hess f, b = grad f(0)), full-matrix recurrence; first k with KL <= eps. */
export function firstCrossingFloat(
  a: readonly (readonly number[])[],
  b: readonly number[],
  init: { mean: number; std: number },
  h: number,
  eps: number,
  maxSteps: number,
): number | null {
  const d = a.length;
  if (d !== 2) throw new Error('firstCrossingFloat: the reference is written for d = 2');
  const [a11, a12, a22] = [a[0]![0]!, a[0]![1]!, a[1]![1]!];
  const det = a11 * a22 - a12 * a12;
  const xs = [-(a22 * b[0]! - a12 * b[1]!) / det, -(-a12 * b[0]! + a11 * b[1]!) / det];
  const [m11, m12, m22] = [1 - h * a11, -h * a12, 1 - h * a22];
  let [e1, e2] = [init.mean - xs[0]!, init.mean - xs[1]!];
  let [s11, s12, s22] = [init.std ** 2, 0, init.std ** 2];
  for (let k = 0; k <= maxSteps; k++) {
    // tr(A S), e'A e, ln det(A S) for the 2 x 2 case.
    const tr = a11 * s11 + 2 * a12 * s12 + a22 * s22;
    const quad = a11 * e1 * e1 + 2 * a12 * e1 * e2 + a22 * e2 * e2;
    const kl = (tr + quad - 2 - Math.log(det * (s11 * s22 - s12 * s12))) / 2;
    if (kl <= eps) return k;
    [e1, e2] = [m11 * e1 + m12 * e2, m12 * e1 + m22 * e2];
    // S' = M S M + 2h I (M symmetric)
    const t11 = m11 * s11 + m12 * s12;
    const t12 = m11 * s12 + m12 * s22;
    const t21 = m12 * s11 + m22 * s12;
    const t22 = m12 * s12 + m22 * s22;
    [s11, s12, s22] = [t11 * m11 + t12 * m12 + 2 * h, t11 * m12 + t12 * m22, t21 * m12 + t22 * m22 + 2 * h];
  }
  return null;
}

/** min over a fine grid of h in (0, 2/lambda_max) of the first crossing (an upper bound of the true minimum). */
export function minimalStepsFloat(
  a: readonly (readonly number[])[],
  b: readonly number[],
  init: { mean: number; std: number },
  eps: number,
  lambdaMax: number,
  gridPoints: number,
  maxSteps: number,
): { steps: number; h: number } | null {
  let best: { steps: number; h: number } | null = null;
  for (let i = 1; i < gridPoints; i++) {
    // log grid over 6 decades below 2 / lambda_max
    const h = (2 / lambdaMax) * 10 ** (-6 * (i / gridPoints));
    const n = firstCrossingFloat(a, b, init, h, eps, best === null ? maxSteps : best.steps);
    if (n !== null && (best === null || n < best.steps)) best = { steps: n, h };
  }
  return best;
}

/** As firstCrossingFloat, for any dimension (plain d x d float64 recurrence; ln det by Cholesky). */
export function firstCrossingFloatAnyDim(
  a: readonly (readonly number[])[],
  b: readonly number[],
  init: { mean: number; std: number },
  h: number,
  eps: number,
  maxSteps: number,
): number | null {
  const d = a.length;
  const mul = (x: number[][], y: readonly (readonly number[])[]) => x.map((row) => y[0]!.map((_, j) => row.reduce((s, v, k) => s + v * y[k]![j]!, 0)));
  const logDet = (s: number[][]): number => {
    const l = s.map((row) => row.map(() => 0));
    let acc = 0;
    for (let j = 0; j < d; j++) {
      let p = s[j]![j]!;
      for (let k = 0; k < j; k++) p -= l[j]![k]! ** 2;
      if (!(p > 0)) return NaN;
      l[j]![j] = Math.sqrt(p);
      acc += Math.log(p);
      for (let i = j + 1; i < d; i++) {
        let v = s[i]![j]!;
        for (let k = 0; k < j; k++) v -= l[i]![k]! * l[j]![k]!;
        l[i]![j] = v / l[j]![j]!;
      }
    }
    return acc;
  };
  const aRows = a.map((row) => [...row]);
  const logDetA = logDet(aRows);
  // x* solves A x = -b: Gauss-Jordan on a copy.
  const aug = a.map((row, i) => [...row, -b[i]!]);
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      if (i === c) continue;
      const f = aug[i]![c]! / aug[c]![c]!;
      for (let j = c; j <= d; j++) aug[i]![j] = aug[i]![j]! - f * aug[c]![j]!;
    }
  }
  const xStar = aug.map((row, i) => row[d]! / row[i]!);
  const m = a.map((row, i) => row.map((x, j) => (i === j ? 1 : 0) - h * x));
  let e = xStar.map((x) => init.mean - x);
  let s = a.map((row, i) => row.map((_, j) => (i === j ? init.std ** 2 : 0)));
  for (let k = 0; k <= maxSteps; k++) {
    const as = mul(aRows, s);
    const tr = as.reduce((acc, row, i) => acc + row[i]!, 0);
    const ae = aRows.map((row) => row.reduce((acc, v, j) => acc + v * e[j]!, 0));
    const quad = e.reduce((acc, v, i) => acc + v * ae[i]!, 0);
    const kl = (tr + quad - d - logDetA - logDet(s)) / 2;
    if (kl <= eps) return k;
    e = m.map((row) => row.reduce((acc, v, j) => acc + v * e[j]!, 0));
    s = mul(mul(m, s), m).map((row, i) => row.map((v, j) => v + (i === j ? 2 * h : 0)));
  }
  return null;
}
