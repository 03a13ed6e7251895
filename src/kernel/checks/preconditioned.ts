// Hypothesis "m_g I <= hess g <= L_g I on R^d" for g(y) = f(C y), f = E / T, with the preconditioner
// P = C C^T given by its lower-triangular factor C (proofs/stopping-preconditioned.md). hess g(y) =
// C^T hess f(C y) C, so over a cover of x-space by boxes, the eigenvalue bounds of C^T H C for the
// Hessian enclosure H of each box bound hess g everywhere (C is a bijection). C holds exact doubles,
// so C^T H C is formed in interval arithmetic: no square root of P is ever taken.
import { matMul, type IntervalMatrix } from '../stopping/intervalMatrix.js';
import { abs, add, max, mul, point, sub, type Interval } from '../interval.js';
import type { EnergyModel } from '../model.js';
import { symmetricEigenBounds } from '../eigen.js';
import { curvatureEigenBounds, encloseCurvature } from '../curvature.js';
import { checkCoversSpace, type Box } from './cover.js';
import { nonSmoothPart } from './smoothModel.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from './common.js';

/** Lower-triangular factor C of P = C C^T: factor[i][j] is row i, column j. */
export type PreconditionerFactor = readonly (readonly number[])[];

export interface PreconditionedCurvature {
  /** Lower bound on lambda_min(C^T hess f C) over R^d (may be <= 0: then no Bakry-Emery LSI for g). */
  readonly m: number;
  /** Upper bound on max |eig(C^T hess f C)| over R^d (Infinity when some box is unbounded). */
  readonly upper: number;
}

/** Why `factor` is not a d x d lower-triangular matrix of finite doubles with a positive diagonal, or undefined. */
export function invalidFactor(factor: unknown, dim: number): string | undefined {
  if (!Array.isArray(factor) || factor.length !== dim) return `preconditioner: factor must be a ${dim} x ${dim} matrix`;
  for (let i = 0; i < dim; i++) {
    const row: unknown = factor[i];
    if (!Array.isArray(row) || row.length !== dim) return `preconditioner: row ${i} must have ${dim} entries`;
    for (let j = 0; j < dim; j++) {
      const v: unknown = row[j];
      // Stryker disable next-line ConditionalExpression: equivalent, Number.isFinite is false for every non-number
      if (typeof v !== 'number' || !Number.isFinite(v)) return `preconditioner: entry (${i}, ${j}) is not a finite number`;
      if (j > i && v !== 0) return `preconditioner: entry (${i}, ${j}) above the diagonal must be 0 (C is lower-triangular)`;
      if (j === i && !(v > 0)) return `preconditioner: diagonal entry (${i}, ${i}) = ${v} must be > 0 (C invertible)`;
    }
  }
  return undefined;
}

/** C as a point interval matrix, and its transpose. */
export function factorMatrices(factor: PreconditionerFactor): { c: IntervalMatrix; ct: IntervalMatrix } {
  const d = factor.length;
  const c = factor.map((row) => row.map((x) => point(x)));
  const ct = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => point(factor[j]![i]!)));
  return { c, ct };
}

/**
 * The kernel function for the preconditioned curvature hypothesis: m and upper over a cover of R^d.
 * Each box contributes the better (larger m, smaller radius) of the plain Hessian enclosure and the
 * curvature form, both transformed by C.
 */
export function checkPreconditionedCurvature(
  model: EnergyModel,
  temperature: number,
  factor: PreconditionerFactor,
  boxes: readonly Box[],
): CheckOutcome<PreconditionedCurvature> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `preconditioned curvature: ${badT}` };
  const badC = invalidFactor(factor, model.dim);
  if (badC) return { ok: false, reason: badC };
  const rough = nonSmoothPart(model);
  if (rough) return { ok: false, reason: `preconditioned curvature: ${rough}` };
  const cover = checkCoversSpace(boxes, model.dim);
  if (!cover.ok) return { ok: false, reason: `preconditioned curvature: ${cover.reason}` };
  const mats = factorMatrices(factor);
  let m = Infinity;
  let upper = 0;
  for (const box of boxes) {
    const b = boxTransformedEigenBounds(model, temperature, mats, box);
    m = Math.min(m, b.minLo);
    upper = Math.max(upper, b.maxHi, -b.minLo);
  }
  // Stryker disable next-line all: defensive, clean() maps NaN to the fallback, so m and upper are never NaN
  return { ok: true, value: { m: Number.isNaN(m) ? -Infinity : m, upper: Number.isNaN(upper) ? Infinity : upper } };
}

/** lambda_min.lo and lambda_max.hi of C^T hess f C over one box (-Infinity / Infinity when unknown). */
export function boxTransformedEigenBounds(
  model: EnergyModel,
  temperature: number,
  mats: { c: IntervalMatrix; ct: IntervalMatrix },
  box: Box,
): { minLo: number; maxHi: number } {
  const plain = tryEnclose(() => {
    const h = enclosePotential(model, temperature, box).hessian;
    // Stryker disable next-line all: defensive, the enclosures return [-inf, inf] rather than NaN (no model reaches this)
    if (h.some((row) => row.some(hasNaN))) return undefined;
    const e = symmetricEigenBounds(matMul(mats.ct, matMul(h, mats.c)));
    return { minLo: e.min.lo, maxHi: e.max.hi };
  });
  const structured = tryEnclose(() => {
    const curv = encloseCurvature(model, box);
    // Stryker disable next-line ConditionalExpression: equivalent, without the early return curv.rest throws inside tryEnclose, which also gives undefined
    if (curv === null) return undefined;
    // C^T (R + sum c_k v_k v_k^T) C = C^T R C + sum c_k (C^T v_k)(C^T v_k)^T: the same form in y.
    const rest = matMul(mats.ct, matMul(curv.rest, mats.c));
    const terms = curv.terms.map((t) => ({ c: t.c, v: mats.ct.map((row) => row.reduce<Interval>((s, x, k) => addInterval(s, x, t.v[k]!), point(0))) }));
    return curvatureEigenBounds({ rest, terms }, temperature);
  });
  const minLo = Math.max(clean(plain?.minLo, -Infinity), clean(structured?.minLo, -Infinity));
  const maxHi = Math.min(clean(plain?.maxHi, Infinity), clean(structured?.maxHi, Infinity));
  return { minLo, maxHi };
}

function addInterval(s: Interval, a: Interval, b: Interval): Interval {
  return add(s, mul(a, b));
}

function clean(x: number | undefined, fallback: number): number {
  return x === undefined || Number.isNaN(x) ? fallback : x;
}

/**
 * The synchronous-coupling contraction factor of preconditioned ULA in the P^-1 metric
 * (proofs/stopping-preconditioned.md, part 7): with m_g I <= C^T hess f C <= L_g I everywhere and f-unit
 * step h, |C^-1 (x_k+1 - x'_k+1)| <= max(|1 - h m_g|, |1 - h L_g|) |C^-1 (x_k - x'_k)|. Returns an
 * enclosure of that factor for every h in the interval (its upper end is the certified rate).
 */
export function preconditionedContractionFactor(m: number, upper: number, h: Interval): Interval {
  const one = point(1);
  return max(abs(sub(one, mul(h, point(m)))), abs(sub(one, mul(h, point(upper)))));
}
