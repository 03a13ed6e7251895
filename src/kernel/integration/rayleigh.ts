// Certified upper bound on the spectral gap of pi ∝ exp(-f) from one test function
// (proofs/mixing-bracket.md): gap <= R(g) = E_pi |grad g|^2 / Var_pi(g) for every smooth bounded
// non-constant g. The test functions are ridge sums g(x) = sum_k c_k tanh(a_k . x + b_k): bounded
// (|g| <= sum |c_k|) with bounded gradient, so their tail contributions are bounded by the tail
// bound of the integration bracket. Every integral is bounded leaf by leaf from the kernel's own
// leaf brackets (checkIntegralEvidence): for h with range [h_lo, h_hi] on a leaf B,
// ∫_B h e^{-(f-s)} lies in [h_lo, h_hi] * [l_B, u_B] (a weighted mean of h times the leaf integral).
import { add, div, mul, point, sqr, sub, type Interval } from '../interval.js';
import { addHi, divLo, mulHi } from '../rounding.js';
import { tanhRanges } from '../networkActivations.js';
import type { Box } from '../box.js';
import { hasNaN, type CheckOutcome } from '../checks/common.js';
import type { IntegralBracket } from './evidence.js';

/** One ridge term c tanh(a . x + b). */
export interface RidgeTerm {
  readonly c: number;
  readonly a: readonly number[];
  readonly b: number;
}

/** g(x) = sum_k c_k tanh(a_k . x + b_k); `center` is any double (the variance is computed about it). */
export interface RidgeTestFunction {
  readonly terms: readonly RidgeTerm[];
  readonly center: number;
}

export interface RayleighBound {
  /** Bounds on E_pi |grad g|^2. */
  readonly energy: Interval;
  /** Lower bound on Var_pi(g) (> 0 when the check succeeds). */
  readonly varianceLower: number;
  /** Upper bound on R(g) = E_pi |grad g|^2 / Var_pi(g), hence on the spectral gap of pi. */
  readonly gapUpper: number;
}

/** Most ridge terms a test function may have (bounds the checker's work). */
export const MAX_RIDGE_TERMS = 64;

function validRidge(g: RidgeTestFunction, d: number): string | undefined {
  if (!Array.isArray(g.terms) || g.terms.length === 0 || g.terms.length > MAX_RIDGE_TERMS) return `the test function needs 1 to ${MAX_RIDGE_TERMS} terms`;
  // Number.isFinite is false for anything but a finite number (no coercion): no typeof test is needed.
  if (!Number.isFinite(g.center)) return 'the centre must be a finite number';
  for (let k = 0; k < g.terms.length; k++) {
    const t = g.terms[k]!;
    if (!Number.isFinite(t.c) || !Number.isFinite(t.b)) return `term ${k}: c and b must be finite numbers`;
    if (!Array.isArray(t.a) || t.a.length !== d || !t.a.every((v: unknown) => Number.isFinite(v))) return `term ${k}: a must be ${d} finite numbers`;
  }
  return undefined;
}

/** Ranges of g - center and of |grad g|^2 over a box (interval arithmetic; unbounded boxes allowed). */
export function ridgeRanges(g: RidgeTestFunction, box: Box): { value: Interval; gradSq: Interval } {
  const d = box.length;
  let value: Interval = point(-g.center);
  const grad: Interval[] = Array.from({ length: d }, () => point(0));
  for (const t of g.terms) {
    let z: Interval = point(t.b);
    // Stryker disable next-line ConditionalExpression: equivalent: mul(point(0), X) is exactly [0, 0] (mulLo(0, inf) = 0) and adding [0, 0] is exact; the test only saves work
    for (let i = 0; i < d; i++) if (t.a[i] !== 0) z = add(z, mul(point(t.a[i]!), box[i]!));
    const r = tanhRanges(z.lo, z.hi);
    const c = point(t.c);
    value = add(value, mul(c, r.value));
    const cd = mul(c, r.d1);
    // Stryker disable next-line ConditionalExpression: equivalent, as above (a zero coefficient adds exactly [0, 0])
    for (let i = 0; i < d; i++) if (t.a[i] !== 0) grad[i] = add(grad[i]!, mul(cd, point(t.a[i]!)));
  }
  let gradSq: Interval = point(0);
  for (const gi of grad) gradSq = add(gradSq, sqr(gi));
  return { value, gradSq };
}

/** Upper bounds on sup |g - center| and sup |grad g|^2 over R^d (|tanh| <= 1, 0 < tanh' <= 1). */
function globalBounds(g: RidgeTestFunction, d: number): { value: number; gradSq: number } {
  let value = Math.abs(g.center);
  const grad = new Array<number>(d).fill(0);
  for (const t of g.terms) {
    const c = Math.abs(t.c);
    value = addHi(value, c);
    for (let i = 0; i < d; i++) grad[i] = addHi(grad[i]!, mulHi(c, Math.abs(t.a[i]!)));
  }
  let gradSq = 0;
  for (const v of grad) gradSq = addHi(gradSq, mulHi(v, v));
  return { value, gradSq };
}

/**
 * Checks R(g) against the bracket's leaves and tail: every quantity is recomputed here from the
 * bracket the kernel produced (its leaf bounds, tail bound and scaled Z). Refuses (ok: false) when
 * the variance lower bound is not positive or anything is NaN.
 */
export function checkRayleighQuotient(bracket: IntegralBracket, g: RidgeTestFunction): CheckOutcome<RayleighBound> {
  const d = bracket.model.dim;
  const bad = validRidge(g, d);
  if (bad) return { ok: false, reason: `mixing: ${bad}` };
  // Sums of h * e^{-(f - s)} over the leaves: m1 for h = g - c, m2 for (g - c)^2, n for |grad g|^2.
  let m1: Interval = point(0), m2: Interval = point(0), n: Interval = point(0);
  for (let k = 0; k < bracket.boxes.length; k++) {
    const leaf = bracket.leaves[k]!;
    const w: Interval = { lo: leaf.lo, hi: leaf.hi };
    const r = ridgeRanges(g, bracket.boxes[k]!);
    m1 = add(m1, mul(r.value, w));
    m2 = add(m2, mul(sqr(r.value), w));
    n = add(n, mul(r.gradSq, w));
  }
  // Outside the inner box: each integrand's range over R^d times [0, tau].
  const tau: Interval = { lo: 0, hi: bracket.tail.upper };
  const glob = globalBounds(g, d);
  m1 = add(m1, mul({ lo: -glob.value, hi: glob.value }, tau));
  m2 = add(m2, mul({ lo: 0, hi: mulHi(glob.value, glob.value) }, tau));
  n = add(n, mul({ lo: 0, hi: glob.gradSq }, tau));
  const z = bracket.scaledZ;
  if (!(z.lo > 0)) return { ok: false, reason: 'mixing: the integrals are not finite (no positive lower bound on Z, or NaN)' };
  // Stryker disable next-line all: defensive: a NaN leaf or tail bound makes the interval product above throw; no kernel bracket has one
  if ([m1, m2, n].some(hasNaN)) return { ok: false, reason: 'mixing: the integrals are not finite (no positive lower bound on Z, or NaN)' };
  // E_pi h = (∫ h e^{-(f-s)}) / (Z e^s); each ratio bounded by interval division over all combinations.
  const energy = div(n, z);
  const second = div(m2, z).lo;
  const meanShift = sqr(div(m1, z)).hi;
  // Both ends must be finite doubles (an unbounded leaf or Z makes them infinite: nothing is claimed).
  if (!Number.isFinite(second) || !Number.isFinite(meanShift)) return { ok: false, reason: `mixing: the moments of g are not bounded (E(g-c)^2 >= ${second}, (E g - c)^2 <= ${meanShift})` };
  const varianceLower = Math.max(0, sub(point(second), point(meanShift)).lo);
  if (!(varianceLower > 0)) return { ok: false, reason: `mixing: no positive lower bound on Var_pi(g) (E(g-c)^2 >= ${second}, (E g - c)^2 <= ${meanShift})` };
  // Stryker disable next-line all: defensive: E |grad g|^2 is unbounded only with a leaf or tail without upper bound; then Z's upper end is infinite, E(g-c)^2 >= 0 is all that is known, and Var was refused above
  if (hasNaN(energy) || !Number.isFinite(energy.hi)) return { ok: false, reason: 'mixing: E_pi |grad g|^2 is not bounded' };
  const gapUpper = div(point(energy.hi), point(varianceLower)).hi;
  if (!Number.isFinite(gapUpper)) return { ok: false, reason: 'mixing: the quotient overflows' };
  return { ok: true, value: { energy, varianceLower, gapUpper } };
}

/**
 * Lower bound on the relaxation time 1 / gap in the engine's time t (s = T t, proofs/lyapunov.md)
 * and in steps of size eta: t_rel >= 1 / (T gapUpper), steps >= t_rel / eta.
 */
export function relaxationLower(gapUpper: number, temperature: number, stepSize?: number): { time: number; steps?: number } {
  const time = divLo(1, mulHi(temperature, gapUpper));
  return stepSize === undefined ? { time } : { time, steps: divLo(time, stepSize) };
}
