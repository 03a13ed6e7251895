// Producer (untrusted) of a Gaussian barrier for the ULA chain: fixes a growth term that reaches 1
// outside an inner cube K, solves a linear program over the weights of Gaussian bumps placed on the
// unsafe boxes (B >= 1 + margin at samples of U, E[B(x')|x] - B(x) <= c at samples of K, minimise
// E B(x0) + N c), then bisects the unsafe boxes and K until the kernel's enclosures show B >= 1 or the
// drift bound on every leaf. Where a leaf cannot be shown at the smallest width, its centre becomes a
// new sample and the program is solved again. Everything it returns is re-checked by the kernel.
// The search ends on work counts (leaves, rounds: barrierWorkLimits), never on the clock, so the same
// input and effort give the same barrier on an idle or a loaded machine; an optional TimeCap can cut it.
import type { Box } from '../kernel/box.js';
import { splitBox, splitPoint } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import type { Energy } from '../energy/types.js';
import { barrierOnBox, type GaussianBarrier, type GaussianTerm } from '../kernel/barrier/gaussianBarrier.js';
import { driftEnclosure, driftSetup, type DriftSetup } from '../kernel/barrier/drift.js';
import { tryEnclose } from '../kernel/checks/common.js';
import { solveCoveringLp } from '../certify/linearProgram.js';
import { TimeCap } from '../certify/timeCap.js';
import { barrierWorkLimits, type BarrierWorkLimits } from './limits.js';

export interface BarrierProblem {
  readonly energy: Energy;
  readonly temperature: number;
  readonly stepSize: number;
  readonly steps: number;
  /** Bounded boxes; U is their union. */
  readonly unsafe: readonly Box[];
  readonly initMean: readonly number[];
  readonly initStd: number;
}

export interface BarrierSearchOptions {
  /** Multiplies every work limit of the search (barrierWorkLimits) and of the pi(U) integration; default 1. */
  readonly effort?: number;
  /** Overrides the leaves per attempt (unsafe and inner together) that the effort gives. */
  readonly maxLeaves?: number;
  /** Optional wall-clock safety cap (default none). The searches end on their work limits, so the
   *  result depends only on the input and the effort; a cut is logged in the cap, by phase. */
  readonly cap?: TimeCap;
  readonly onProgress?: (message: string) => void;
}

export interface BarrierFound {
  readonly barrier: GaussianBarrier;
  readonly lambda: number;
  readonly c: number;
  readonly inner: Box;
  readonly above: Box[];
  readonly drift: Box[];
  readonly unsafeLeaves: Box[][];
}

export type BarrierSearchResult = { readonly ok: true; readonly found: BarrierFound } | { readonly ok: false; readonly reason: string };

const LAMBDA = 1;
const CAP_CUT = 'the time cap (--time-limit) cut the barrier search';
/** B >= 1 + UNSAFE_MARGIN at the samples of U, so that the enclosures have room. */
const UNSAFE_MARGIN = 0.02;

interface FloatTerm { weight: number; center: Float64Array; variance: number }

function sqDist(x: ArrayLike<number>, c: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < c.length; i++) { const t = x[i]! - c[i]!; s += t * t; }
  return s;
}

/** Float forms of a bump and of its one-step expectation at m (producer side only). */
function bumpValue(x: ArrayLike<number>, t: FloatTerm): number { return Math.exp(-sqDist(x, t.center) / (2 * t.variance)); }
function bumpSmoothed(m: ArrayLike<number>, t: FloatTerm, s2: number, d: number): number {
  const a = t.variance + s2;
  return Math.pow(t.variance / a, d / 2) * Math.exp(-sqDist(m, t.center) / (2 * a));
}
function growthValue(x: ArrayLike<number>, g: FloatTerm): number { return g.weight * Math.exp(sqDist(x, g.center) / (2 * g.variance)); }
function growthSmoothed(m: ArrayLike<number>, g: FloatTerm, s2: number, d: number): number {
  const a = g.variance - s2;
  return g.weight * Math.pow(g.variance / a, d / 2) * Math.exp(sqDist(m, g.center) / (2 * a));
}

function gridPoints(box: Box, perAxis: number): Float64Array[] {
  const d = box.length;
  const out: Float64Array[] = [];
  const idx = new Array(d).fill(0);
  for (;;) {
    out.push(Float64Array.from(box, (c, i) => (perAxis === 1 ? 0.5 * (c.lo + c.hi) : c.lo + ((c.hi - c.lo) * idx[i]) / (perAxis - 1))));
    let k = 0;
    while (k < d && ++idx[k] === perAxis) { idx[k] = 0; k++; }
    if (k === d) break;
  }
  return out;
}

function inUnion(x: ArrayLike<number>, boxes: readonly Box[]): boolean {
  return boxes.some((b) => b.every((c, i) => c.lo <= x[i]! && x[i]! <= c.hi));
}

/** Half-width of a cube around the initial mean holding U and the initial law's bulk. */
function reach(p: BarrierProblem): number {
  let r = 6 * p.initStd;
  for (const b of p.unsafe) for (let i = 0; i < b.length; i++) r = Math.max(r, Math.abs(b[i]!.lo - p.initMean[i]!), Math.abs(b[i]!.hi - p.initMean[i]!));
  return r;
}

/**
 * Searches for a barrier: tries growing inner cubes and returns the first that certifies (a larger
 * cube changed the bound by under 5% on the Gaussian tests, at twice the time).
 */
export function searchBarrier(p: BarrierProblem, opts: BarrierSearchOptions = {}): BarrierSearchResult {
  const r0 = reach(p);
  const limits = barrierWorkLimits(opts.effort, opts.maxLeaves);
  const cap = opts.cap ?? TimeCap.none();
  let lastReason = 'no attempt';
  for (const factor of [1.3, 1.8, 2.5]) {
    if (cap.expired()) {
      lastReason = lastReason === 'no attempt' || lastReason === CAP_CUT ? CAP_CUT : `${lastReason} (then ${CAP_CUT})`;
      break;
    }
    const r = attempt(p, r0 * factor + 1, limits, cap, opts.onProgress);
    if (!r.ok) {
      lastReason = r.reason;
      opts.onProgress?.(`inner half-width ${(r0 * factor + 1).toPrecision(3)}: ${r.reason}`);
      continue;
    }
    opts.onProgress?.(`inner half-width ${(r0 * factor + 1).toPrecision(3)}: estimated bound ${r.bound.toPrecision(3)}`);
    if (!(r.bound < 1)) { lastReason = `the best bound found, ${r.bound.toPrecision(3)}, is not below 1`; continue; }
    return { ok: true, found: r.found };
  }
  return { ok: false, reason: lastReason };
}

type Attempt = { ok: true; found: BarrierFound; bound: number } | { ok: false; reason: string };

function attempt(p: BarrierProblem, halfWidth: number, limits: BarrierWorkLimits, cap: TimeCap, progress?: (message: string) => void): Attempt {
  const d = p.energy.dim;
  const s2 = 2 * p.stepSize * p.temperature;
  const x0 = Float64Array.from(p.initMean);
  const inner: Box = Array.from({ length: d }, (_, i) => ({ lo: x0[i]! - halfWidth, hi: x0[i]! + halfWidth }));
  // Growth: w0 exp(|x - x0|^2 / (2 v0)) >= 1 from distance halfWidth on (the slabs outside K), with
  // depth ln(1/w0) = halfWidth^2 / (2 v0) about 20 unless the variance must stay above s2 and std^2.
  const v0 = Math.max(halfWidth * halfWidth / 40, 3 * s2, 3 * p.initStd * p.initStd);
  const growth: FloatTerm = { weight: Math.exp(-(halfWidth * halfWidth) / (2 * v0)) * 1.001, center: x0, variance: v0 };
  // Bumps: centres on a 3^d grid of each unsafe box, widths from a geometric range.
  const bumps: FloatTerm[] = [];
  for (const u of p.unsafe) {
    for (const c of gridPoints(u, 3)) for (const f of [0.03, 0.06, 0.12, 0.25, 0.5, 1]) {
      const s = f * halfWidth;
      bumps.push({ weight: 0, center: c, variance: s * s });
    }
  }
  // Rising terms exp((|x - c|^2 - rho^2) / (2u)) (rho = distance from c to the unsafe box's centre, so
  // each is about 1 on U): centres on the ray from U through the initial mean and beyond, variances
  // from a geometric range above max(s2, std^2). They shape B like the scale function of the chain.
  const rising: (FloatTerm & { shift: number })[] = [];
  const floorVariance = 1.1 * Math.max(s2, p.initStd * p.initStd);
  for (const u of p.unsafe) {
    const uc = center(u);
    const dist = Math.sqrt(sqDist(uc, x0));
    const dir = Float64Array.from(uc, (c, i) => (dist > 0 ? (x0[i]! - c) / dist : 0));
    for (const along of [0, 0.25, 0.5, 1, 2, 4]) {
      const c = Float64Array.from(x0, (x, i) => x + along * dist * dir[i]!);
      const rho2 = sqDist(uc, c);
      for (const f of [1 / 256, 1 / 128, 1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4]) {
        const v = Math.max(floorVariance, f * halfWidth * halfWidth);
        // Skip terms whose scale exp(-rho^2/(2u)) underflows or whose values on K overflow.
        const farthest = Math.sqrt(d) * halfWidth + Math.sqrt(sqDist(c, x0));
        if (rho2 / (2 * v) > 600 || (farthest * farthest - rho2) / (2 * v) > 600) continue;
        const term = { weight: 0, center: c, variance: v, shift: rho2 };
        // E at x0 must be moderate too (it is the term's cost in the objective).
        const a = v - p.initStd * p.initStd;
        if (sqDist(x0, c) / (2 * a) - rho2 / (2 * v) > 50) continue;
        rising.push(term);
      }
    }
  }
  const risingValue = (x: ArrayLike<number>, t: FloatTerm & { shift: number }): number => Math.exp((sqDist(x, t.center) - t.shift) / (2 * t.variance));
  const risingSmoothed = (m: ArrayLike<number>, t: FloatTerm & { shift: number }, v2: number): number => {
    const a = t.variance - v2;
    return Math.pow(t.variance / a, d / 2) * Math.exp(sqDist(m, t.center) / (2 * a) - t.shift / (2 * t.variance));
  };
  const nb = bumps.length;
  const grad = new Float64Array(d);
  const mOf = (x: Float64Array): Float64Array => {
    p.energy.gradient(x, grad);
    return Float64Array.from(x, (xi, i) => xi - p.stepSize * grad[i]!);
  };
  const perAxis = d === 1 ? 801 : d === 2 ? 45 : 17;
  const nearU = p.unsafe.flatMap((u) => gridPoints(u.map((c) => { const w = Math.max(c.hi - c.lo, 4 * Math.sqrt(s2 + p.temperature * p.stepSize)); return { lo: c.lo - w, hi: c.hi + w }; }), d === 1 ? 201 : d === 2 ? 41 : 11));
  const driftSamples = [...gridPoints(inner, perAxis), ...nearU].filter((x) => !inUnion(x, p.unsafe) && growthValue(x, growth) < 1);
  const unsafeSamples = p.unsafe.flatMap((u) => gridPoints(u, d === 1 ? 41 : d === 2 ? 17 : 7));
  for (let round = 0; round < limits.rounds; round++) {
    if (cap.expired()) return { ok: false, reason: CAP_CUT };
    const n = nb + rising.length + 1; // bump weights, rising weights, then c
    const rows: Float64Array[] = [];
    const rhs: number[] = [];
    for (const x of driftSamples) {
      const m = mOf(x);
      // sum_j w_j (lambda phi_j(x) - P phi_j(x)) + c >= P g(x) - lambda g(x)
      const row = new Float64Array(n);
      bumps.forEach((t, j) => { row[j] = LAMBDA * bumpValue(x, t) - bumpSmoothed(m, t, s2, d); });
      rising.forEach((t, j) => { row[nb + j] = LAMBDA * risingValue(x, t) - risingSmoothed(m, t, s2); });
      row[n - 1] = 1;
      rows.push(row);
      rhs.push(growthSmoothed(m, growth, s2, d) - LAMBDA * growthValue(x, growth));
    }
    for (const u of unsafeSamples) {
      const row = new Float64Array(n);
      bumps.forEach((t, j) => { row[j] = bumpValue(u, t); });
      rising.forEach((t, j) => { row[nb + j] = risingValue(u, t); });
      rows.push(row);
      rhs.push(1 + UNSAFE_MARGIN - growthValue(u, growth));
    }
    const v0 = p.initStd * p.initStd;
    const objective = [...bumps.map((t) => bumpSmoothed(x0, t, v0, d)), ...rising.map((t) => risingSmoothed(x0, t, v0))];
    objective.push(p.steps);
    progress?.(`round ${round + 1}: linear program with ${n} unknowns and ${rows.length} constraints`);
    const lp = solveCoveringLp(rows, rhs, objective);
    if (lp.status !== 'optimal') return { ok: false, reason: `the linear program for the barrier weights is ${lp.status}` };
    const cLp = lp.y[n - 1]!;
    const initGuess = objective.reduce((s, f, j) => (j < n - 1 ? s + f * lp.y[j]! : s), 0) + growthSmoothed(x0, growth, p.initStd * p.initStd, d);
    const barrier: GaussianBarrier = {
      rising: [
        { weight: growth.weight, center: Array.from(growth.center), variance: growth.variance },
        ...rising.flatMap((t, j): GaussianTerm[] => {
          const w = lp.y[nb + j]! * Math.exp(-t.shift / (2 * t.variance));
          return w > 0 ? [{ weight: w, center: Array.from(t.center), variance: t.variance }] : [];
        }),
      ],
      bumps: bumps.flatMap((t, j): GaussianTerm[] => (lp.y[j]! > 0 ? [{ weight: lp.y[j]!, center: Array.from(t.center), variance: t.variance }] : [])),
    };
    const cTarget = 1.2 * cLp + (0.05 * initGuess) / Math.max(1, p.steps) + 1e-300;
    progress?.(`round ${round + 1}: ${barrier.bumps.length} bumps and ${barrier.rising.length} rising terms, c ~ ${cLp.toPrecision(3)}, E B(x0) ~ ${initGuess.toPrecision(3)}; bisecting`);
    const unsafeLeaves: Box[][] = [];
    const failures: Float64Array[] = [];
    let leafBudget = limits.maxLeaves;
    for (const u of p.unsafe) {
      const r = bisectUnsafe(barrier, u, Math.min(leafBudget, limits.unsafeLeaves));
      leafBudget -= r.leaves.length;
      if (r.failure) failures.push(r.failure);
      unsafeLeaves.push(r.leaves);
    }
    if (failures.length > 0) {
      // The failing leaf's centre and a small grid around it, clipped to the unsafe boxes.
      for (const x of failures) {
        const r = 0.02 * halfWidth;
        unsafeSamples.push(x, ...gridPoints(Array.from(x, (v) => ({ lo: v - r, hi: v + r })), d <= 2 ? 5 : 3).filter((y) => inUnion(y, p.unsafe)));
      }
      progress?.(`round ${round + 1}: B >= 1 not shown on part of U; resampling`);
      continue;
    }
    const setup = driftSetup(p.energy.model, p.stepSize, p.temperature, barrier, LAMBDA);
    const cover = bisectInner(setup, barrier, inner, cTarget, leafBudget, cap);
    if (cover.failures.length > 0) {
      const cell = (2 * halfWidth) / 400;
      const seen = new Set<string>();
      // Each violation and a small grid around it (a fix at one point tends to move the violation next to it).
      const spacing = (2 * halfWidth) / (perAxis - 1);
      for (const x of cover.failures) {
        const key = Array.from(x, (v) => Math.round(v / cell)).join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const around: Box = Array.from(x, (v) => ({ lo: v - spacing / 2, hi: v + spacing / 2 }));
        driftSamples.push(...gridPoints(around, d <= 2 ? 5 : 3).filter((y) => !inUnion(y, p.unsafe)));
      }
      progress?.(`round ${round + 1}: ${cover.failures.length} boxes not shown; resampling`);
      continue;
    }
    const c = cover.maxDrift;
    return { ok: true, found: { barrier, lambda: LAMBDA, c, inner, above: cover.above, drift: cover.drift, unsafeLeaves }, bound: initGuess + p.steps * c };
  }
  return { ok: false, reason: `the barrier search did not certify within ${limits.rounds} rounds of refinement` };
}

function widestCut(box: Box): { dim: number; at: number } | null {
  const order = box.map((_, i) => i).sort((a, b) => (box[b]!.hi - box[b]!.lo) - (box[a]!.hi - box[a]!.lo));
  for (const k of order) {
    const at = splitPoint(box[k]!.lo, box[k]!.hi);
    if (at !== null) return { dim: k, at };
  }
  return null;
}

function center(box: Box): Float64Array {
  return Float64Array.from(box, (c) => 0.5 * c.lo + 0.5 * c.hi);
}

function bisectUnsafe(barrier: GaussianBarrier, u: Box, budget: number): { leaves: Box[]; failure?: Float64Array } {
  const leaves: Box[] = [];
  const stack: Box[] = [u];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const v = tryEnclose(() => barrierOnBox(barrier, b));
    if (v && v.lo >= 1) { leaves.push(b); continue; }
    const cut = widestCut(b);
    if (!cut || leaves.length + stack.length >= budget) return { leaves, failure: center(b) };
    stack.push(...splitBox(b, cut.dim, cut.at));
  }
  return { leaves };
}

interface InnerCover { above: Box[]; drift: Box[]; maxDrift: number; failures: Float64Array[] }

function bisectInner(setup: DriftSetup, barrier: GaussianBarrier, inner: Box, cTarget: number, budget: number, cap: TimeCap): InnerCover {
  const above: Box[] = [];
  const drift: Box[] = [];
  const failures: Float64Array[] = [];
  let maxDrift = 0;
  const minWidth = (inner[0]!.hi - inner[0]!.lo) * 1e-7;
  const stack: Box[] = [inner];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const v = tryEnclose(() => barrierOnBox(barrier, b));
    if (v && v.lo >= 1) { above.push(b); continue; }
    const dr: Interval | undefined = tryEnclose(() => driftEnclosure(setup, b));
    if (dr && dr.hi <= cTarget) { drift.push(b); maxDrift = Math.max(maxDrift, dr.hi); continue; }
    const mid = center(b);
    // A real violation at the centre: no bisection can help, the barrier must change there.
    const atCentre = tryEnclose(() => driftEnclosure(setup, Array.from(mid, (x) => ({ lo: x, hi: x }))));
    const cut = widestCut(b);
    const tooMany = above.length + drift.length + stack.length >= budget || cap.expired();
    if ((atCentre && atCentre.lo > cTarget && (!v || v.hi < 1)) || !cut || b[cut.dim]!.hi - b[cut.dim]!.lo < minWidth || tooMany) {
      failures.push(mid);
      if (tooMany || failures.length >= 400) break;
      continue;
    }
    stack.push(...splitBox(b, cut.dim, cut.at));
  }
  return { above, drift, maxDrift, failures };
}
