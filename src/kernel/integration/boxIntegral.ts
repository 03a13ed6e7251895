// Enclosure of I(B) = ∫_B exp(-(f - s)) dx over a bounded box B, f = E / T, for a shift s chosen by
// the caller (exp(-f) itself overflows for sharp low-temperature models; the caller adds s back in
// log space). Three bounds, each sound alone (proofs/integration.md, section 2); the result is
// their intersection:
//   zeroth order: vol(B) [exp(-(sup f - s)), exp(-(inf f - s))] from the value enclosure;
//   mean value:   f(x) in f(c) + G.(x - c), G the gradient enclosure over B (f in C^1);
//   Taylor:       f(x) in f(c) + g(c).(x - c) + [q], q the range of (1/2) t^T H t over
//                 t in B - c with H the Hessian enclosure over B (f in C^2).
// The linear parts are integrated exactly, coordinate by coordinate, with E(a, h) =
// ∫_0^h exp(-a t) dt, so the first-order forms lose only O(|H| h^2) relative to I(B) per box
// (the zeroth order loses O(|grad f| h)).
import { add, div, exp, mul, neg, point, sqr, sub, type Interval } from '../interval.js';
import { addHi, addLo, mulHi, mulLo } from '../rounding.js';
import type { EnergyModel } from '../model.js';
import type { Box } from '../box.js';
import { hasNaN, tryEnclose, type PotentialEnclosure } from '../checks/common.js';
import { compileModelEnclosure, flatToEnclosure, type CompiledEnclosure } from '../enclosure.js';
import { createFlatEnclosure } from '../network.js';
import { nonSmoothPart } from '../checks/smoothModel.js';
import { expSegmentLower, expSegmentUpper } from './elementaryIntegrals.js';
import { compilePointValueGradient, createPointValueGradient, type PointFn, type PointValueGradient } from './pointEnclosure.js';

export interface IntegralBound {
  /** lo <= ∫_B exp(-(f - s)) <= hi; lo >= 0, hi may be Infinity when nothing is known. */
  readonly lo: number;
  readonly hi: number;
}

const compiledCache = new WeakMap<EnergyModel, CompiledEnclosure>();

/**
 * Enclosure of f = E / T over a box with the direct (not centered) forms: the Hessian enclosure is
 * the same at half the cost, and the first-order forms below only need value and gradient at the
 * centre point, where centering gains nothing (proofs/enclosures.md, section 3).
 */
function enclosePotentialDirect(model: EnergyModel, temperature: number, box: Box): PotentialEnclosure {
  let c = compiledCache.get(model);
  if (!c) { c = compileModelEnclosure(model); compiledCache.set(model, c); }
  const out = createFlatEnclosure(model.dim);
  c.encloseFlatDirect(Float64Array.from(box, (x) => x.lo), Float64Array.from(box, (x) => x.hi), out);
  const e = flatToEnclosure(model.dim, out);
  const t = point(temperature);
  return { value: div(e.value, t), gradient: e.gradient.map((g) => div(g, t)), hessian: e.hessian.map((row) => row.map((h) => div(h, t))) };
}

const pointCache = new WeakMap<EnergyModel, { fn: PointFn; out: PointValueGradient }>();

/** f(c) and grad f(c) enclosed (value and gradient only: pointEnclosure.ts), divided by T. */
function enclosePointDirect(model: EnergyModel, temperature: number, c: readonly number[]): { value: Interval; gradient: Interval[] } {
  let p = pointCache.get(model);
  if (!p) { p = { fn: compilePointValueGradient(model), out: createPointValueGradient(model.dim) }; pointCache.set(model, p); }
  p.fn(Float64Array.from(c), p.out);
  const t = point(temperature);
  const gradient: Interval[] = [];
  for (let a = 0; a < model.dim; a++) gradient.push(div({ lo: p.out.gradLo[a]!, hi: p.out.gradHi[a]! }, t));
  return { value: div({ lo: p.out.valueLo, hi: p.out.valueHi }, t), gradient };
}

const UNKNOWN: IntegralBound = { lo: 0, hi: Infinity };

const smoothCache = new WeakMap<EnergyModel, boolean>();
/** Whether the model is C^2 by construction (the first-order forms need it). */
export function isSmooth(model: EnergyModel): boolean {
  let s = smoothCache.get(model);
  if (s === undefined) {
    s = nonSmoothPart(model) === undefined;
    smoothCache.set(model, s);
  }
  return s;
}

/** Bounds on the volume of a bounded box (product of widths, rounded outward). */
function volume(box: Box): Interval {
  let v: Interval = point(1);
  for (const c of box) v = mul(v, sub(point(c.hi), point(c.lo)));
  return v;
}

function finiteBox(box: Box): boolean {
  return box.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi) && c.lo <= c.hi);
}

/** exp(-(x - s)) for an interval x: [exp(-(x.hi - s)), exp(-(x.lo - s))]. */
function boltzmann(x: Interval, shift: number): Interval {
  return exp(neg(sub(x, point(shift))));
}

/**
 * Lower and upper bounds on prod_i ∫_{-a_i}^{b_i} exp(-slope_i(t) t) dt where slope_i(t) is any value
 * in [gLo_i, gHi_i] (the worst one for each sign of t): for t > 0 the largest integrand uses gLo,
 * for t < 0 it uses gHi; a_i, b_i are enclosures of the distances from c to the box faces.
 */
function linearFactor(gLo: readonly number[], gHi: readonly number[], a: readonly Interval[], b: readonly Interval[]): { lo: number; hi: number } {
  let lo = 1;
  let hi = 1;
  for (let i = 0; i < a.length; i++) {
    // ∫_0^{b} exp(-g t) dt + ∫_0^{a} exp(g s) ds (t = -s on the left side).
    const up = addHi(expSegmentUpper(gLo[i]!, b[i]!.hi), expSegmentUpper(-gHi[i]!, a[i]!.hi));
    const down = addLo(expSegmentLower(gHi[i]!, b[i]!.lo), expSegmentLower(-gLo[i]!, a[i]!.lo));
    hi = mulHi(hi, up);
    lo = Math.max(0, mulLo(lo, Math.max(0, down)));
  }
  return { lo, hi };
}

function meet(a: IntegralBound, lo: number, hi: number): IntegralBound {
  const l = Number.isNaN(lo) ? a.lo : Math.max(a.lo, lo);
  const h = Number.isNaN(hi) ? a.hi : Math.min(a.hi, hi);
  return { lo: l, hi: h };
}

/** Which of the three forms to use (tests compare them; callers use all). */
export interface BoxIntegralOptions {
  readonly zeroth?: boolean;
  readonly meanValue?: boolean;
  readonly taylor?: boolean;
}

/**
 * boxIntegral's own results (all three forms) by exact key: the producer's search bounds every leaf
 * before checkIntegralEvidence bounds it again with the same deterministic function, and the second
 * time is a look-up (proofs/integration.md, section 4). Only this module writes it, and only the value
 * it computed; models are immutable (as for the compiled enclosures above). String(x) round-trips every
 * double exactly, so equal keys mean equal (T, shift, box). Cleared when it grows past MEMO_LIMIT.
 */
const memo = new WeakMap<EnergyModel, Map<string, IntegralBound>>();
const MEMO_LIMIT = 500_000;

function memoKey(temperature: number, shift: number, box: Box): string {
  let k = `${temperature}|${shift}`;
  for (const c of box) k += `|${c.lo}|${c.hi}`;
  return k;
}

/**
 * Bounds on ∫_B exp(-(f - shift)) over a bounded box B. An enclosure that throws proves nothing:
 * that form is skipped (and with none left the bound is [0, Infinity]).
 */
export function boxIntegral(model: EnergyModel, temperature: number, box: Box, shift: number, opts: BoxIntegralOptions = {}): IntegralBound {
  if (box.length !== model.dim) throw new Error(`boxIntegral: box has ${box.length} coordinates, the model ${model.dim}`);
  if (!finiteBox(box)) throw new Error('boxIntegral: the box must be bounded');
  if (!Number.isFinite(shift)) throw new Error(`boxIntegral: shift ${shift} must be finite`);
  if (opts.zeroth === false || opts.meanValue === false || opts.taylor === false) return computeBoxIntegral(model, temperature, box, shift, opts);
  let byModel = memo.get(model);
  if (!byModel) { byModel = new Map(); memo.set(model, byModel); }
  const key = memoKey(temperature, shift, box);
  const known = byModel.get(key);
  if (known) return { lo: known.lo, hi: known.hi };
  const r = computeBoxIntegral(model, temperature, box, shift, opts);
  if (byModel.size >= MEMO_LIMIT) byModel.clear();
  byModel.set(key, { lo: r.lo, hi: r.hi });
  return r;
}

function computeBoxIntegral(model: EnergyModel, temperature: number, box: Box, shift: number, opts: BoxIntegralOptions): IntegralBound {
  const useZeroth = opts.zeroth ?? true, useMv = opts.meanValue ?? true, useTaylor = opts.taylor ?? true;
  const whole = tryEnclose(() => enclosePotentialDirect(model, temperature, box));
  if (!whole) return UNKNOWN;
  let r: IntegralBound = UNKNOWN;
  const vol = volume(box);
  if (useZeroth && !hasNaN(whole.value)) {
    const z = mul(vol, boltzmann(whole.value, shift));
    r = meet(r, z.lo, z.hi);
  }
  if (!(useMv || useTaylor) || !isSmooth(model)) return r;
  const d = box.length;
  const c = box.map((x) => 0.5 * x.lo + 0.5 * x.hi); // inside [lo, hi]; need not be the exact midpoint
  const at = tryEnclose(() => enclosePointDirect(model, temperature, c));
  if (!at || hasNaN(at.value)) return r;
  // Distances from c to the faces: t_i ranges over [-a_i, b_i].
  const a = box.map((x, i) => sub(point(c[i]!), point(x.lo)));
  const b = box.map((x, i) => sub(point(x.hi), point(c[i]!)));
  if (useMv && whole.gradient.every((g) => !hasNaN(g))) {
    const lin = linearFactor(whole.gradient.map((g) => g.lo), whole.gradient.map((g) => g.hi), a, b);
    const base = boltzmann(at.value, shift);
    r = meet(r, mulLo(base.lo, lin.lo), mulHi(base.hi, lin.hi));
  }
  if (useTaylor && at.gradient.every((g) => !hasNaN(g)) && whole.hessian.every((row) => row.every((h) => !hasNaN(h)))) {
    const t = box.map((_, i) => ({ lo: -a[i]!.hi, hi: b[i]!.hi }));
    // q = (1/2) sum_ij H_ij t_i t_j: diagonal with sqr (no dependency loss), off-diagonal pairs once, doubled.
    let q: Interval = point(0);
    for (let i = 0; i < d; i++) {
      q = add(q, mul(whole.hessian[i]![i]!, sqr(t[i]!)));
      for (let j = i + 1; j < d; j++) q = add(q, mul(mul(whole.hessian[i]![j]!, point(2)), mul(t[i]!, t[j]!)));
    }
    q = mul(q, point(0.5));
    if (!hasNaN(q)) {
      const lin = linearFactor(at.gradient.map((g) => g.lo), at.gradient.map((g) => g.hi), a, b);
      const base = boltzmann(add(at.value, q), shift);
      r = meet(r, mulLo(base.lo, lin.lo), mulHi(base.hi, lin.hi));
    }
  }
  return r;
}
