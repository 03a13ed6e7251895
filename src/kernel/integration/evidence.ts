// Replayable bracket on Z = ∫ exp(-f) and everything derived from it (proofs/integration.md,
// sections 4 to 6). The evidence is what a search produced: a partition of the inner box B into
// boxes (leaves of a bisection tree), the tail decomposition and a shift s. The check recomputes
// every bound from the model; nothing stored is trusted but the geometry, and the geometry is
// checked (the leaves must partition B, by re-deriving the bisection tree without any search).
import { add, div, log, point, sub, type Interval } from '../interval.js';
import { addHi, addLo, divHi, divLo } from '../rounding.js';
import type { EnergyModel } from '../model.js';
import { splitPoint, type Box } from '../box.js';
import { enclosePotential, hasNaN, tryEnclose, validTemperature, type CheckOutcome } from '../checks/common.js';
import { boxIntegral, type IntegralBound } from './boxIntegral.js';
import { checkTailBound, type TailBound, type TailSpec } from './tails.js';

/** Most leaves a piece of evidence may carry (bounds the checker's work). */
export const MAX_INTEGRAL_BOXES = 500_000;

export interface IntegralBracket {
  /** What the bracket was computed for: checkRegionMass refuses any other model, T or leaves. */
  readonly model: EnergyModel;
  readonly temperature: number;
  readonly boxes: readonly Box[];
  /** The shift s: every integral below is of exp(-(f - s)). */
  readonly shift: number;
  /** Bounds on ∫ over each leaf, in the order given. */
  readonly leaves: IntegralBound[];
  readonly tail: TailBound;
  /** The inner box B (the leaves partition it). */
  readonly inner: Box;
  /** Bounds on Z exp(s) (sum of the leaves plus [0, tail]). */
  readonly scaledZ: Interval;
  /** ln Z = ln(scaled Z) - s. */
  readonly logZ: Interval;
}

/**
 * Whether `boxes` partition `region` (closed boxes, interiors disjoint, union = region), shown by
 * rebuilding a bisection tree: a node is a leaf when exactly one box equals it; otherwise some
 * coordinate's midpoint (box.ts splitPoint) must separate the boxes into two non-empty groups,
 * each of which partitions its half. Any accepted list is a partition (induction on the tree).
 */
export function checkBisectionPartition(region: Box, boxes: readonly Box[]): string | undefined {
  const stack: { region: Box; idx: number[] }[] = [{ region, idx: boxes.map((_, i) => i) }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const r = node.region;
    if (node.idx.length === 0) return `the boxes leave ${fmt(r)} uncovered`;
    if (node.idx.length === 1) {
      const b = boxes[node.idx[0]!]!;
      if (b.every((c, i) => c.lo === r[i]!.lo && c.hi === r[i]!.hi)) continue;
    }
    let done = false;
    // Widest coordinate first (what the producer cuts), then the others.
    const order = r.map((_, i) => i).sort((p, q) => (r[q]!.hi - r[q]!.lo) - (r[p]!.hi - r[p]!.lo));
    for (const k of order) {
      const at = splitPoint(r[k]!.lo, r[k]!.hi);
      if (at === null) continue;
      const left: number[] = [];
      const right: number[] = [];
      let straddles = false;
      for (const i of node.idx) {
        const c = boxes[i]![k]!;
        if (c.hi <= at) left.push(i);
        else if (c.lo >= at) right.push(i);
        else { straddles = true; break; }
      }
      if (straddles || left.length === 0 || right.length === 0) continue;
      stack.push({ region: r.map((c, i) => (i === k ? { lo: c.lo, hi: at } : c)), idx: left });
      stack.push({ region: r.map((c, i) => (i === k ? { lo: at, hi: c.hi } : c)), idx: right });
      done = true;
      break;
    }
    if (!done) return `the boxes inside ${fmt(r)} are not the leaves of a bisection of it`;
  }
  return undefined;
}

function fmt(b: Box): string {
  return '[' + b.map((c) => `${c.lo}:${c.hi}`).join(', ') + ']';
}

/**
 * Recomputes the bracket on ln Z from stored evidence: the leaves must partition tails.inner; each
 * leaf is bounded by boxIntegral, the outside by checkTailBound. No search: one pass over the leaves.
 */
export function checkIntegralEvidence(model: EnergyModel, temperature: number, boxes: readonly Box[], tails: TailSpec, shift = 0): CheckOutcome<IntegralBracket> {
  const badT = validTemperature(temperature);
  if (badT) return { ok: false, reason: `integral: ${badT}` };
  if (!Number.isFinite(shift)) return { ok: false, reason: `integral: shift ${shift} is not finite` };
  if (boxes.length > MAX_INTEGRAL_BOXES) return { ok: false, reason: `integral: ${boxes.length} boxes exceed the limit ${MAX_INTEGRAL_BOXES}` };
  for (let k = 0; k < boxes.length; k++) {
    const b = boxes[k]!;
    if (b.length !== model.dim || !b.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi) && c.lo <= c.hi))
      return { ok: false, reason: `integral: box ${k} is not a bounded box of dimension ${model.dim}` };
  }
  const tail = checkTailBound(model, temperature, tails, shift);
  if (!tail.ok) return { ok: false, reason: `integral: ${tail.reason}` };
  const gap = checkBisectionPartition(tails.inner, boxes);
  if (gap) return { ok: false, reason: `integral: ${gap}` };
  const leaves = boxes.map((b) => boxIntegral(model, temperature, b, shift));
  const scaledZ = sumBounds(leaves, tail.value.upper);
  const logZ = logBracket(scaledZ, shift);
  return { ok: true, value: { model, temperature, boxes, shift, leaves, tail: tail.value, inner: tails.inner, scaledZ, logZ } };
}

/** [sum lo, sum hi + extra] rounded outward. */
function sumBounds(list: readonly IntegralBound[], extraHi: number): Interval {
  let lo = 0;
  let hi = extraHi;
  for (const b of list) {
    lo = addLo(lo, b.lo);
    hi = addHi(hi, b.hi);
  }
  return { lo: Math.max(0, lo), hi };
}

function logBracket(scaledZ: Interval, shift: number): Interval {
  const l = scaledZ.lo > 0 ? log(point(scaledZ.lo)).lo : -Infinity;
  const h = scaledZ.hi === Infinity ? Infinity : log(point(scaledZ.hi)).hi;
  // scaled Z = ∫ exp(-(f - s)) = e^s Z, so ln Z = ln(scaled Z) - s.
  return sub({ lo: l, hi: h }, point(shift));
}

/** Interiors of two boxes meet. */
function interiorsMeet(a: Box, b: Box): boolean {
  return a.every((c, i) => Math.max(c.lo, b[i]!.lo) < Math.min(c.hi, b[i]!.hi));
}

/** a inside b. */
function inside(a: Box, b: Box): boolean {
  return a.every((c, i) => b[i]!.lo <= c.lo && c.hi <= b[i]!.hi);
}

/** leaf ∩ A (a box) and leaf \ A as at most 2d boxes with disjoint interiors (the union is leaf). */
function splitAgainst(leaf: Box, a: Box): { within: Box; outside: Box[] } {
  const rem = leaf.map((c) => ({ lo: c.lo, hi: c.hi }));
  const outside: Box[] = [];
  for (let k = 0; k < leaf.length; k++) {
    const ak = a[k]!;
    if (rem[k]!.lo < ak.lo) {
      outside.push(rem.map((c, i) => (i === k ? { lo: c.lo, hi: ak.lo } : { ...c })));
      rem[k] = { lo: ak.lo, hi: rem[k]!.hi };
    }
    if (rem[k]!.hi > ak.hi) {
      outside.push(rem.map((c, i) => (i === k ? { lo: ak.hi, hi: c.hi } : { ...c })));
      rem[k] = { lo: rem[k]!.lo, hi: ak.hi };
    }
  }
  return { within: rem, outside };
}

export interface RegionMass {
  /** Bounds on ∫_A exp(-(f - s)) and on the integral over its complement. */
  readonly inside: Interval;
  readonly outside: Interval;
  /** lo <= pi(A) <= hi. */
  readonly mass: Interval;
}

function validRegionBox(a: Box, d: number): boolean {
  return a.length === d && a.every((c) => !Number.isNaN(c.lo) && !Number.isNaN(c.hi) && c.lo <= c.hi && c.lo !== Infinity && c.hi !== -Infinity);
}

/**
 * pi(A) for A a union of boxes with disjoint interiors (endpoints may be infinite). Each leaf is
 * classified: inside A (its bound goes to A), interior disjoint from A (to the complement), or cut
 * by A (leaf ∩ A and the pieces of leaf \ A are bounded afresh with boxIntegral). The part of A
 * outside B gets [0, tail] (it lies in R^d \ B), and so does that of the complement. Then
 * pi(A) = I(A) / (I(A) + I(A^c)) is increasing in I(A) and decreasing in I(A^c).
 */
export function checkRegionMass(model: EnergyModel, temperature: number, boxes: readonly Box[], bracket: IntegralBracket, region: readonly Box[]): CheckOutcome<RegionMass> {
  if (bracket.model !== model || bracket.temperature !== temperature) return { ok: false, reason: 'region: the bracket was computed for another model or temperature' };
  if (boxes.length !== bracket.leaves.length || boxes.length !== bracket.boxes.length || !boxes.every((b, k) => b === bracket.boxes[k] || b.every((c, i) => c.lo === bracket.boxes[k]![i]!.lo && c.hi === bracket.boxes[k]![i]!.hi)))
    return { ok: false, reason: 'region: the leaves are not those of the bracket' };
  if (region.length === 0) return { ok: false, reason: 'region: has no boxes' };
  for (const a of region) if (!validRegionBox(a, model.dim)) return { ok: false, reason: `region: ${fmt(a)} is not a box of dimension ${model.dim}` };
  for (let i = 0; i < region.length; i++)
    for (let j = i + 1; j < region.length; j++)
      if (interiorsMeet(region[i]!, region[j]!)) return { ok: false, reason: `region: boxes ${i} and ${j} overlap` };
  const s = bracket.shift;
  let inLo = 0, inHi = 0, outLo = 0, outHi = 0;
  for (let k = 0; k < boxes.length; k++) {
    const leaf = boxes[k]!;
    const b = bracket.leaves[k]!;
    const cutting = region.filter((a) => interiorsMeet(leaf, a));
    if (cutting.length === 0) { outLo = addLo(outLo, b.lo); outHi = addHi(outHi, b.hi); continue; }
    if (cutting.length === 1 && inside(leaf, cutting[0]!)) { inLo = addLo(inLo, b.lo); inHi = addHi(inHi, b.hi); continue; }
    if (cutting.length === 1) {
      const { within, outside } = splitAgainst(leaf, cutting[0]!);
      const w = boxIntegral(model, temperature, within, s);
      inLo = addLo(inLo, w.lo); inHi = addHi(inHi, w.hi);
      for (const piece of outside) {
        const p = boxIntegral(model, temperature, piece, s);
        outLo = addLo(outLo, p.lo); outHi = addHi(outHi, p.hi);
      }
      continue;
    }
    // Several region boxes cut this leaf: each intersection goes to A; the complement part only
    // gets the upper bound of the whole leaf (lower bound 0).
    for (const a of cutting) {
      const w = boxIntegral(model, temperature, splitAgainst(leaf, a).within, s);
      inLo = addLo(inLo, w.lo); inHi = addHi(inHi, w.hi);
    }
    outHi = addHi(outHi, b.hi);
  }
  const t = bracket.tail.upper;
  const reachesOut = region.some((a) => !inside(a, bracket.inner));
  if (reachesOut) inHi = addHi(inHi, t);
  outHi = addHi(outHi, t); // (R^d \ B) \ A lies in R^d \ B as well
  const lo = inLo > 0 ? divLo(inLo, addHi(inLo, outHi)) : 0;
  const hiDen = addLo(inHi, outLo);
  const hi = hiDen > 0 && Number.isFinite(inHi) ? Math.min(1, divHi(inHi, hiDen)) : 1;
  return { ok: true, value: { inside: { lo: inLo, hi: inHi }, outside: { lo: outLo, hi: outHi }, mass: { lo: Math.max(0, lo), hi } } };
}

/**
 * Mean negative log-likelihood of data points under pi: (1/n) sum_i f(x_i) + ln Z, in nats. Each
 * point is a box (a point box, or a tiny box enclosing a decimal that is not a double).
 */
export function checkMeanNll(model: EnergyModel, temperature: number, points: readonly Box[], logZ: Interval): CheckOutcome<Interval> {
  if (points.length === 0) return { ok: false, reason: 'nll: no data points' };
  let sum: Interval = point(0);
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    if (p.length !== model.dim || !p.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi) && c.lo <= c.hi))
      return { ok: false, reason: `nll: data point ${k + 1} is not a finite point of dimension ${model.dim}` };
    const v = tryEnclose(() => enclosePotential(model, temperature, p).value);
    if (!v || hasNaN(v)) return { ok: false, reason: `nll: f cannot be enclosed at data point ${k + 1}` };
    sum = add(sum, v);
  }
  const mean = div(sum, point(points.length));
  const nll = add(mean, logZ);
  return hasNaN(nll) ? { ok: false, reason: 'nll: NaN' } : { ok: true, value: nll };
}

