// Producer (untrusted) of the mixing bracket's test function: candidate ridge functions (smoothed
// half-space indicators between pairs of basins, and near-linear functions along the axes) are
// scored by a float estimate of R(g) on the integration leaves, the best is kept, the leaves are
// refined where the bound of R(g) is loosest, and the kernel's checkIntegralEvidence and
// checkRayleighQuotient give the only numbers reported. A poor choice only gives a larger bound.
import type { Box } from '../kernel/box.js';
import { splitBox, splitPoint, widestDimension } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxIntegral, type IntegralBound } from '../kernel/integration/boxIntegral.js';
import { checkIntegralEvidence, type IntegralBracket } from '../kernel/integration/evidence.js';
import { checkRayleighQuotient, ridgeRanges, type RayleighBound, type RidgeTestFunction } from '../kernel/integration/rayleigh.js';
import type { IntegrationEvidence } from './integrate.js';
import { TimeCap } from '../certify/timeCap.js';

export interface MixingCandidate {
  readonly g: RidgeTestFunction;
  readonly label: string;
}

/** Float value and |grad g|^2 of a ridge function at a point. */
function ridgeAt(g: RidgeTestFunction, x: readonly number[]): { v: number; g2: number } {
  let v = 0;
  const grad = new Array<number>(x.length).fill(0);
  for (const t of g.terms) {
    let z = t.b;
    for (let i = 0; i < x.length; i++) z += t.a[i]! * x[i]!;
    const th = Math.tanh(z);
    v += t.c * th;
    const s = t.c * (1 - th * th);
    for (let i = 0; i < x.length; i++) grad[i]! += s * t.a[i]!;
  }
  return { v, g2: grad.reduce((a, b) => a + b * b, 0) };
}

/** Float estimate of R(g) and E g on leaves weighted by their bound midpoints (untrusted). */
export function estimateQuotient(g: RidgeTestFunction, boxes: readonly Box[], leaves: readonly IntegralBound[]): { quotient: number; mean: number } {
  let z = 0, m1 = 0, m2 = 0, n = 0;
  for (let k = 0; k < boxes.length; k++) {
    const w = 0.5 * leaves[k]!.lo + 0.5 * leaves[k]!.hi;
    if (!(w > 0)) continue;
    const c = boxes[k]!.map((x) => 0.5 * x.lo + 0.5 * x.hi);
    const r = ridgeAt(g, c);
    z += w; m1 += w * r.v; m2 += w * r.v * r.v; n += w * r.g2;
  }
  const mean = m1 / z;
  const variance = m2 / z - mean * mean;
  return { quotient: variance > 0 ? n / z / variance : Infinity, mean };
}

/**
 * Candidates: for each ordered pair of minima (up to `maxMinima`), a tanh step across the segment
 * between them, centred at the float maximum of f along it, at several widths; and for each axis a
 * near-linear g = tanh(eps x_i) / eps (the Gaussian case, where x_i is the slowest eigenfunction).
 */
export function candidateTestFunctions(f: (x: Float64Array) => number, minima: readonly (readonly number[])[], d: number, scale: number): MixingCandidate[] {
  const out: MixingCandidate[] = [];
  for (let i = 0; i < d; i++) {
    const a = new Array<number>(d).fill(0);
    const eps = 0.01 / scale;
    a[i] = eps;
    out.push({ g: { terms: [{ c: 1 / eps, a, b: 0 }], center: 0 }, label: `near-linear along x${i + 1}` });
  }
  const ms = minima.slice(0, 8);
  for (let p = 0; p < ms.length; p++)
    for (let q = p + 1; q < ms.length; q++) {
      const u = ms[q]!.map((v, i) => v - ms[p]![i]!);
      const len = Math.hypot(...u);
      if (!(len > 0)) continue;
      // Barrier location: the float argmax of f along the segment.
      let best = 0.5, top = -Infinity;
      for (let s = 1; s < 64; s++) {
        const x = Float64Array.from(ms[p]!, (v, i) => v + (s / 64) * u[i]!);
        const fx = f(x);
        if (fx > top) { top = fx; best = s / 64; }
      }
      const at = ms[p]!.map((v, i) => v + best * u[i]!);
      for (const width of [0.05, 0.1, 0.2, 0.35]) {
        const k = 1 / (width * len);
        const a = u.map((v) => (v / len) * k);
        const b = -a.reduce((s, v, i) => s + v * at[i]!, 0);
        out.push({ g: { terms: [{ c: 1, a, b }], center: 0 }, label: `step between minima ${p + 1} and ${q + 1} (width ${width} of their distance)` });
      }
    }
  return out;
}

export interface MixingResult {
  readonly candidate: MixingCandidate;
  readonly estimate: number;
  /** The kernel's bound (from checkRayleighQuotient), or the reason it refused. */
  readonly bound: { ok: true; value: RayleighBound } | { ok: false; reason: string };
  /** The leaves after refinement and the kernel's bracket on them. */
  readonly evidence: IntegrationEvidence;
  readonly bracket: IntegralBracket;
}

/**
 * Rounds of refinement by default: a fixed count (not a time budget) makes the audit's leaves, hence
 * every number it reports, independent of the machine's load. On models/8gaussians each round adds
 * 12-20% leaves and lowers gap_upper by 2-3% (README, "Release audit": time).
 */
export const DEFAULT_MIXING_ROUNDS = 2;

/**
 * Picks the candidate with the smallest float estimate, refines leaves whose contribution to the
 * slack of the certified quotient is largest (rounds of splitting the worst leaves), and checks.
 * The work limits are the rounds and maxBoxes; the optional cap (default none) only stops a run that
 * would exceed the caller's time limit, and logs the cut.
 */
export function certifyMixing(model: EnergyModel, temperature: number, evidence: IntegrationEvidence, leafBounds: readonly IntegralBound[], candidates: readonly MixingCandidate[], opts: { maxBoxes: number; rounds?: number; cap?: TimeCap }): MixingResult | undefined {
  const cap = opts.cap ?? TimeCap.none();
  let boxes = [...evidence.boxes];
  let leaves = [...leafBounds];
  let best: { c: MixingCandidate; est: number; mean: number } | undefined;
  for (const c of candidates) {
    const e = estimateQuotient(c.g, boxes, leaves);
    if (Number.isFinite(e.quotient) && (!best || e.quotient < best.est)) best = { c, est: e.quotient, mean: e.mean };
  }
  if (!best) return undefined;
  const g: RidgeTestFunction = { terms: best.c.g.terms, center: best.mean };
  const s = evidence.shift;
  for (let round = 0; round < (opts.rounds ?? DEFAULT_MIXING_ROUNDS); round++) {
    if (boxes.length >= opts.maxBoxes || cap.expired()) break;
    // Slack of each leaf in the numerator and in the second moment, relative to their estimates.
    let nEst = 0, vEst = 0;
    const slackN = new Float64Array(boxes.length), slackV = new Float64Array(boxes.length);
    for (let k = 0; k < boxes.length; k++) {
      const r = ridgeRanges(g, boxes[k]!);
      const l = leaves[k]!;
      const mid = 0.5 * l.lo + 0.5 * l.hi;
      const sq = Math.max(r.value.lo * r.value.lo, r.value.hi * r.value.hi);
      const sqLo = r.value.lo <= 0 && r.value.hi >= 0 ? 0 : Math.min(r.value.lo * r.value.lo, r.value.hi * r.value.hi);
      nEst += mid * 0.5 * (r.gradSq.lo + r.gradSq.hi);
      vEst += mid * 0.5 * (sq + sqLo);
      slackN[k] = r.gradSq.hi * l.hi - r.gradSq.lo * l.lo;
      slackV[k] = sq * l.hi - sqLo * l.lo;
    }
    const score = Array.from({ length: boxes.length }, (_, k) => slackN[k]! / nEst + slackV[k]! / vEst);
    const total = score.reduce((a, b) => a + b, 0);
    if (total < 0.01) break;
    const order = score.map((v, k) => [v, k] as const).sort((p, q) => q[0] - p[0]);
    // The worst leaves carrying half the slack, at least 5% and at most 25% of the leaves.
    const split = new Set<number>();
    let acc = 0;
    for (const [v, k] of order) {
      if (split.size >= Math.max(1, Math.floor(0.05 * boxes.length)) && (acc >= 0.5 * total || split.size >= 0.25 * boxes.length)) break;
      split.add(k);
      acc += v;
    }
    const nb: Box[] = [], nl: IntegralBound[] = [];
    for (let k = 0; k < boxes.length; k++) {
      const box = boxes[k]!;
      const dim = split.has(k) ? widestDimension(box) : null;
      const at = dim === null ? null : splitPoint(box[dim]!.lo, box[dim]!.hi);
      if (dim === null || at === null) { nb.push(box); nl.push(leaves[k]!); continue; }
      for (const child of splitBox(box, dim, at)) { nb.push(child); nl.push(boxIntegral(model, temperature, child, s)); }
    }
    boxes = nb; leaves = nl;
  }
  const checked = checkIntegralEvidence(model, temperature, boxes, evidence.tails, s);
  if (!checked.ok) throw new Error(`mixing: the kernel refused the refined evidence (${checked.reason})`);
  const bound = checkRayleighQuotient(checked.value, g);
  return { candidate: { g, label: best.c.label }, estimate: best.est, bound, evidence: { boxes, tails: evidence.tails, shift: s }, bracket: checked.value };
}
