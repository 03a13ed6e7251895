// Certified bound on the mass outside a bounded box B (proofs/integration.md, section 3).
// A decomposition f = U + W (W = chosen terms of the energy, U = the rest, formed with exact
// cancellation as in the LSI check) with hess U >= m I on R^d (m > 0) gives, for any anchor x0,
//   U(x) >= a + (m/2)|x - c|^2,  a = U(x0) - |grad U(x0)|^2 / (2m),  c = x0 - grad U(x0) / m,
// and W >= w on R^d \ B (enclosed over the 2d closed slabs {x_i <= L_i}, {x_i >= H_i}). Then
//   ∫_{R^d \ B} exp(-(f - s)) <= exp(-(w + a - s)) (2 pi / m)^(d/2) sum_i [Q(sqrt(m)(H_i - c_i)) + Q(sqrt(m)(c_i - L_i))]
// (a union bound over the slabs for the Gaussian N(c, I/m)), evaluated in log space with the sum of
// the 2d Q terms bounded by 2d times the largest. The lower bound is 0.
// Either W is made of terms of the energy (hess U >= m checked on R^d as one box, W >= w on the 2d
// outside slabs) or W is an added bump with a cover of R^d on which both are checked box by box
// (Lemma 4', for energies such as the double well that are not convex near the saddle).
import { add, div, exp, log, mul, neg, point, sqr, sqrt, sub, type Interval } from '../interval.js';
import { addHi } from '../rounding.js';
import type { EnergyModel } from '../model.js';
import type { Box } from '../box.js';
import { boxMinEigenvalue, boxRange, checkLsiDecomposition, convexPart } from '../checks/lsi.js';
import { flattenSum } from '../checks/sumModel.js';
import { nonSmoothPart } from '../checks/smoothModel.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from '../checks/common.js';
import { gaussianMass, gaussianTailLogUpper } from './elementaryIntegrals.js';

export interface TailSpec {
  /** The bounded box B whose complement is the tail region. */
  readonly inner: Box;
  /** Indices into flattenSum(model) of the terms that form W (empty: W = 0, U = f). */
  readonly boundedTerms: readonly number[];
  /** Any point (a near-minimiser of U makes the bound tight). */
  readonly anchor: readonly number[];
  /**
   * Instead of terms of the energy: W an added bounded bump (an expression in E-units, null for
   * W = 0) and a cover of R^d on whose boxes hess U >= m I is checked (proofs/integration.md,
   * section 3, Lemma 4'). For energies like the double well, whose Hessian is nowhere near
   * positive on a single box R^d. boundedTerms must then be empty.
   */
  readonly decomposition?: TailDecomposition;
}

export interface TailDecomposition {
  readonly bump: string | null;
  readonly cover: readonly Box[];
}

export interface TailBound {
  /** Upper bound on ∫_{R^d \ B} exp(-(f - shift)). */
  readonly upper: number;
  /** Certified constants (f-units): hess U >= m, W >= infW off B, U >= minU + (m/2)|x - c|^2. */
  readonly m: number;
  readonly infW: number;
  readonly minU: number;
  readonly center: Interval[];
}

/** W as a model from the selected terms (null for none). */
export function boundedPartOf(model: EnergyModel, indices: readonly number[]): EnergyModel | null {
  if (indices.length === 0) return null;
  const terms = flattenSum(model);
  return { kind: 'sum', dim: model.dim, terms: indices.map((i) => terms[i]!) };
}

/** The 2d closed slabs {x_i <= L_i} and {x_i >= H_i}; together they cover R^d minus the interior of B. */
export function outsideSlabs(inner: Box): Box[] {
  const d = inner.length;
  const all = (): Interval[] => Array.from({ length: d }, () => ({ lo: -Infinity, hi: Infinity }));
  const out: Box[] = [];
  for (let i = 0; i < d; i++) {
    const below = all();
    below[i] = { lo: -Infinity, hi: inner[i]!.lo };
    const above = all();
    above[i] = { lo: inner[i]!.hi, hi: Infinity };
    out.push(below, above);
  }
  return out;
}

interface Split {
  readonly u: EnergyModel;
  readonly m: number;
  readonly infW: number;
}

/** W = terms of the energy; hess U >= m checked on R^d as one box, W >= w on the 2d outside slabs. */
function termSplit(model: EnergyModel, temperature: number, inner: Box, idx: readonly number[]): CheckOutcome<Split> {
  const d = model.dim;
  const w = boundedPartOf(model, idx);
  const u = convexPart(model, w);
  const rough = nonSmoothPart(u);
  if (rough) return { ok: false, reason: `tail: U is not C^2 (${rough})` };
  const whole: Interval[] = Array.from({ length: d }, () => ({ lo: -Infinity, hi: Infinity }));
  const m = boxMinEigenvalue(u, temperature, whole);
  if (!(m > 0 && Number.isFinite(m))) return { ok: false, reason: `tail: no strong convexity of U on R^d is certified (lambda_min lower bound ${m})` };
  let infW = 0;
  if (w) {
    infW = Infinity;
    for (const slab of outsideSlabs(inner)) infW = Math.min(infW, boxRange(w, temperature, slab).lo);
    if (!Number.isFinite(infW)) return { ok: false, reason: 'tail: W is not bounded below outside the inner box' };
  }
  return { ok: true, value: { u, m, infW } };
}

/**
 * W = an added bump (not a term of the energy), U = E - W_E formed with exact cancellation:
 * hess U >= m I and W >= w on every box of a cover of R^d (checkLsiDecomposition, the same check as
 * the LSI hypothesis), so the bounds hold on R^d and a fortiori outside the inner box.
 */
function coverSplit(model: EnergyModel, temperature: number, dec: TailDecomposition, idx: readonly number[]): CheckOutcome<Split> {
  if (idx.length > 0) return { ok: false, reason: 'tail: a decomposition with a cover takes no bounded terms' };
  if (dec.bump !== null && typeof dec.bump !== 'string') return { ok: false, reason: 'tail: the bump is not an expression' };
  if (!Array.isArray(dec.cover)) return { ok: false, reason: 'tail: the cover is not a list of boxes' };
  const w: EnergyModel | null = dec.bump === null ? null : { kind: 'expression', dim: model.dim, source: dec.bump };
  const lsi = tryEnclose(() => checkLsiDecomposition(model, temperature, w, dec.cover));
  if (!lsi) return { ok: false, reason: 'tail: the bump cannot be enclosed' };
  if (!lsi.ok) return { ok: false, reason: `tail: ${lsi.reason}` };
  const { m, infW } = lsi.value;
  if (!(m > 0 && Number.isFinite(m))) return { ok: false, reason: `tail: no strong convexity of U on the cover is certified (lambda_min lower bound ${m})` };
  if (!Number.isFinite(infW)) return { ok: false, reason: 'tail: W is not bounded below on the cover' };
  return { ok: true, value: { u: convexPart(model, w), m, infW } };
}

export function checkTailBound(model: EnergyModel, temperature: number, tail: TailSpec, shift: number): CheckOutcome<TailBound> {
  const d = model.dim;
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `tail: ${badT}` };
  if (!Number.isFinite(shift)) return { ok: false, reason: `tail: shift ${shift} is not finite` };
  if (tail.inner.length !== d || !tail.inner.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi) && c.lo < c.hi))
    return { ok: false, reason: 'tail: the inner box must be bounded, of the model\'s dimension, every width > 0' };
  if (tail.anchor.length !== d || !tail.anchor.every(Number.isFinite)) return { ok: false, reason: 'tail: the anchor must be a finite point of the model\'s dimension' };
  const nTerms = flattenSum(model).length;
  const idx = tail.boundedTerms;
  if (!idx.every((i) => Number.isInteger(i) && i >= 0 && i < nTerms) || new Set(idx).size !== idx.length)
    return { ok: false, reason: `tail: bounded terms ${JSON.stringify(idx)} are not distinct indices below ${nTerms}` };
  const split = tail.decomposition ? coverSplit(model, temperature, tail.decomposition, idx) : termSplit(model, temperature, tail.inner, idx);
  if (!split.ok) return split;
  const { u, m, infW } = split.value;
  const at = tryEnclose(() => enclosePotential(u, temperature, tail.anchor.map((x) => point(x))));
  if (!at || hasNaN(at.value) || at.gradient.some(hasNaN)) return { ok: false, reason: 'tail: U cannot be enclosed at the anchor' };
  const mI = point(m);
  let g2: Interval = point(0);
  for (const g of at.gradient) g2 = add(g2, sqr(g));
  const aU = sub(at.value, div(g2, mul(point(2), mI)));
  const center = at.gradient.map((g, i) => sub(point(tail.anchor[i]!), div(g, mI)));
  if (hasNaN(aU) || !Number.isFinite(aU.lo) || center.some((c) => hasNaN(c) || !Number.isFinite(c.lo) || !Number.isFinite(c.hi)))
    return { ok: false, reason: 'tail: the quadratic minorant is not finite' };
  const rootM = sqrt(mI);
  // In log space: the prefactor exp(-(w + A - s)) can overflow where the Gaussian factor underflows.
  // ln sum_j Q_j <= M + ln sum_j exp(ln Q_j - M), M = max_j ln Q_j (each term rounded up).
  const logQs: number[] = [];
  for (let i = 0; i < d; i++) {
    const up = mul(rootM, sub(point(tail.inner[i]!.hi), center[i]!)).lo; // lower bound on sqrt(m)(H_i - c_i)
    const down = mul(rootM, sub(center[i]!, point(tail.inner[i]!.lo))).lo;
    logQs.push(gaussianTailLogUpper(up), gaussianTailLogUpper(down));
  }
  const top = Math.max(...logQs);
  let upper = 0;
  if (top > -Infinity) {
    let sum = 0;
    for (const l of logQs) if (l > -Infinity) sum = addHi(sum, exp(sub(point(l), point(top))).hi);
    const logUpper = add(add(neg(sub(add(point(infW), point(aU.lo)), point(shift))), log(gaussianMass(m, d))), add(point(top), log(point(sum))));
    upper = Number.isFinite(logUpper.hi) ? exp(point(logUpper.hi)).hi : Infinity;
  }
  if (Number.isNaN(upper)) return { ok: false, reason: 'tail: the bound is NaN' };
  return { ok: true, value: { upper, m, infW, minU: aU.lo, center } };
}
