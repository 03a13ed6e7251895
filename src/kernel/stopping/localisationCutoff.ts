// The C^2 cut-off of the localisation route (proofs/stopping-localisation.md, Lemma 5): per axis
//   c(x) = 1 on [a, b], 0 outside [a - w, b + w], S((x - a + w) / w) on [a - w, a], S((b + w - x) / w) on [b, b + w],
// S(u) = u^3 (10 - 15 u + 6 u^2) (S(0) = 0, S(1) = 1, S' and S'' vanish at both ends, so c is C^2);
// chi(x) = prod_i c_i(x_i). Enclosures of c, c', c'' over an interval, piece by piece.
import { add, hull, intersect, mul, point, scale, sub, div, sqr, type Interval } from '../interval.js';

export interface AxisCutoff {
  readonly lo: number;
  readonly hi: number;
  /** The transition width w > 0. */
  readonly width: number;
}

export interface CutoffJet {
  readonly value: Interval;
  readonly d1: Interval;
  readonly d2: Interval;
}

const ZERO_JET: CutoffJet = { value: point(0), d1: point(0), d2: point(0) };
const ONE_JET: CutoffJet = { value: point(1), d1: point(0), d2: point(0) };
// Global ranges on [0, 1]: 0 <= S <= 1, 0 <= S' <= 30/16, |S''| <= 60 * sqrt(3) / 18 < 5.78.
const S_RANGE: Interval = { lo: 0, hi: 1 };
const S1_RANGE: Interval = { lo: 0, hi: 1.875 };
const S2_RANGE: Interval = { lo: -5.78, hi: 5.78 };

/** S, S', S'' over u in [0, 1], enclosed (Horner forms, then clipped to the global ranges). */
export function smoothstepJet(u: Interval): CutoffJet {
  const one = point(1);
  const v = sub(one, u);
  const u2 = sqr(u);
  // S = u^3 (10 - 15u + 6u^2), S' = 30 u^2 (1-u)^2, S'' = 60 u (1-u)(1-2u)
  const s = mul(mul(u2, u), add(point(10), mul(u, add(point(-15), scale(u, 6)))));
  const s1 = scale(mul(u2, sqr(v)), 30);
  const s2 = scale(mul(mul(u, v), sub(one, scale(u, 2))), 60);
  return { value: intersect(s, S_RANGE), d1: intersect(s1, S1_RANGE), d2: intersect(s2, S2_RANGE) };
}

function joinJets(a: CutoffJet | undefined, b: CutoffJet): CutoffJet {
  if (a === undefined) return b;
  return { value: hull(a.value, b.value), d1: hull(a.d1, b.d1), d2: hull(a.d2, b.d2) };
}

/** c, c', c'' over every x in `x`. */
export function axisCutoffJet(cut: AxisCutoff, x: Interval): CutoffJet {
  const { lo: a, hi: b, width: w } = cut;
  if (!(a <= b) || !(w > 0) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(w)) {
    throw new Error(`cut-off [${a}, ${b}] with width ${w}: expected a <= b finite and w > 0`);
  }
  if (!(x.lo <= x.hi)) throw new Error(`axisCutoffJet: [${x.lo}, ${x.hi}] is not an interval`);
  const wi = point(w);
  // Breakpoints a - w and b + w, enclosed; pieces are closed, so a shared endpoint is in both (hull is sound).
  const aw = sub(point(a), wi), bw = add(point(b), wi);
  let jet: CutoffJet | undefined;
  if (x.lo <= aw.hi || x.hi >= bw.lo) jet = joinJets(jet, ZERO_JET);
  if (x.hi >= a && x.lo <= b) jet = joinJets(jet, ONE_JET);
  // Left transition: x in [a - w, a], u = (x - (a - w)) / w.
  const left = { lo: Math.max(x.lo, aw.lo), hi: Math.min(x.hi, a) };
  if (left.lo <= left.hi) {
    const u = intersect(hull(div(sub(point(left.lo), aw), wi), div(sub(point(left.hi), aw), wi)), { lo: 0, hi: 1 });
    const s = smoothstepJet(u);
    jet = joinJets(jet, { value: s.value, d1: div(s.d1, wi), d2: div(s.d2, sqr(wi)) });
  }
  // Right transition: x in [b, b + w], u = (b + w - x) / w, c' = -S'(u) / w.
  const right = { lo: Math.max(x.lo, b), hi: Math.min(x.hi, bw.hi) };
  if (right.lo <= right.hi) {
    const u = intersect(hull(div(sub(bw, point(right.hi)), wi), div(sub(bw, point(right.lo)), wi)), { lo: 0, hi: 1 });
    const s = smoothstepJet(u);
    jet = joinJets(jet, { value: s.value, d1: div(scale(s.d1, -1), wi), d2: div(s.d2, sqr(wi)) });
  }
  return jet ?? ZERO_JET;
}

/** chi, grad chi and hess chi over a box (chi = prod_i c_i(x_i)). */
export function cutoffOnBox(cuts: readonly AxisCutoff[], box: readonly Interval[]): { value: Interval; gradient: Interval[]; hessian: Interval[][] } {
  const d = box.length;
  const jets = box.map((x, i) => axisCutoffJet(cuts[i]!, x));
  const productExcept = (skip: readonly number[]): Interval => {
    let p: Interval = point(1);
    for (let k = 0; k < d; k++) if (!skip.includes(k)) p = mul(p, jets[k]!.value);
    return p;
  };
  // Stryker disable next-line ArrayDeclaration: equivalent, a skip list holding a string skips no axis, as [] does
  const value = productExcept([]);
  const gradient = jets.map((j, i) => mul(j.d1, productExcept([i])));
  const hessian: Interval[][] = [];
  for (let i = 0; i < d; i++) {
    const row: Interval[] = [];
    for (let j = 0; j < d; j++) {
      row.push(i === j ? mul(jets[i]!.d2, productExcept([i])) : mul(mul(jets[i]!.d1, jets[j]!.d1), productExcept([i, j])));
    }
    hessian.push(row);
  }
  return { value, gradient, hessian };
}
