// Producer (untrusted) of the LSI evidence: proposes decompositions f = U + W, ranks them by a
// sampled estimate of m exp(-osc W), grows a cover of R^d on which the kernel's lambda_min(hess U)
// bound is positive, tightens osc W, and returns the best one the kernel accepts.
import type { Box } from '../kernel/checks/cover.js';
import { boxMinEigenvalue, boxRange, checkLsiDecomposition, convexPart, type LsiBound } from '../kernel/checks/lsi.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import type { EnergyModel } from '../kernel/model.js';
import type { Energy } from '../energy/types.js';
import { boundedModel, termsPart, type BoundedPartEvidence, type FloatPart } from './decomposition.js';
import { bumpPart, bumpSource, polyBumpOscillation, polyBumpPart, polyBumpSource, type BumpParams, type PolyBumpParams } from './bump.js';
import { symmetricEigenvalues } from './floatLinalg.js';
import { lpBumpProfile, lpBumpSource, searchLpBump, type LpBumpParams } from './lpBump.js';
import { cutPoint, refineCover, splitBox } from './refine.js';
import { samplePoints } from './sampling.js';
import { TimeCap } from './timeCap.js';
import { additiveTerms } from '../kernel/expression.js';
import { encloseModel } from '../kernel/enclosure.js';
import { ExpressionEnergy } from '../energy/expression.js';

export interface Region {
  readonly center: readonly number[];
  readonly radius: number;
}

/** Work limits of a cover search, and an optional wall-clock safety cap (none: the search depends
 *  only on its input and the work limits). */
export interface SearchBudget {
  readonly maxBoxes: number;
  /** Multiplies the searches' patience (splits without progress before giving up); default 1. */
  readonly patienceScale?: number;
  readonly cap?: TimeCap;
}

/** The patience of a search at the budget's scale. */
export function scaledPatience(budget: SearchBudget, patience: number): number {
  return Math.max(1, Math.round(patience * (budget.patienceScale ?? 1)));
}

export interface LsiProposal {
  readonly label: string;
  readonly w: BoundedPartEvidence;
  readonly boxes: Box[];
  readonly bound: LsiBound;
  /** Float part for anchors (kl0). */
  readonly part: FloatPart | null;
  /** Every route considered, in the order tried, with the alpha the kernel certified (null: none). */
  readonly routes: readonly LsiRoute[];
}

/** One decomposition the search considered (untrusted bookkeeping; the certificate keeps only the best). */
export interface LsiRoute {
  readonly label: string;
  /** Sampled estimate of m exp(-osc W) (an over-estimate of what can be certified). */
  readonly estimate: number;
  /** The kernel's alpha for the cover found, or null (not certified, or not tried). */
  readonly alpha: number | null;
  readonly note?: string;
}

interface Candidate {
  readonly label: string;
  readonly w: BoundedPartEvidence;
  readonly part: FloatPart | null;
  /** Sampled min of lambda_min(hess U) over the region (an over-estimate of the certifiable m). */
  readonly mEstimate: number;
  readonly oscEstimate: number;
  /** Fraction of mEstimate the cover search aims at (default 0.9; higher when the fit kept a margin). */
  readonly goalFraction?: number;
}

export function proposeLsi(energy: Energy, temperature: number, region: Region, budget: SearchBudget): LsiProposal | null {
  const { best, routes } = proposeLsiRoutes(energy, temperature, region, budget);
  return best === null ? null : { ...best, routes };
}

/**
 * Every decomposition route, best estimate first: Bakry-Emery (W = 0) over a cover of R^d,
 * Holley-Stroock with W = the bounded top-level terms of an expression energy (U = the rest, formed
 * with exact cancellation by the kernel), W = bounded network terms, W = a convexifying bump.
 * Each is certified by the kernel on its own cover; routes whose estimate cannot beat the best
 * certified alpha are listed as not tried.
 */
export function proposeLsiRoutes(energy: Energy, temperature: number, region: Region, budget: SearchBudget): { best: Omit<LsiProposal, 'routes'> | null; routes: LsiRoute[] } {
  const points = samplePoints(region.center, region.radius, energy.dim <= 2 ? 33 * 33 : 800);
  const hessF = points.map((x) => Array.from(energy.hessian(x), (v) => v / temperature));
  // Under a time cap the bump search may use half of what is left; the covers need the rest.
  const cap = budget.cap ?? TimeCap.none();
  const bumpCap = cap.phase('the LSI bump search', 0.5);
  const all = [
    plainCandidate(energy, hessF),
    ...termSplitCandidates(energy, temperature, points, hessF),
    ...networkCandidates(energy, temperature, points, hessF),
    ...bumpCandidates(energy, temperature, points, hessF, region.radius, bumpCap),
  ].filter((c): c is Candidate => c !== null);
  const routes: LsiRoute[] = all
    .filter((c) => !(c.mEstimate > 0))
    .map((c) => ({ label: c.label, estimate: estimate(c), alpha: null, note: 'sampled lambda_min(hess U) <= 0: not tried' }));
  const candidates = all.filter((c) => c.mEstimate > 0).sort((a, b) => estimate(b) - estimate(a));
  let best: Omit<LsiProposal, 'routes'> | null = null;
  for (const c of candidates) {
    if (best && best.bound.alpha >= 0.9 * estimate(c)) {
      routes.push({ label: c.label, estimate: estimate(c), alpha: null, note: 'estimate cannot beat the certified alpha: not tried' });
      continue;
    }
    if (cap.expired()) {
      routes.push({ label: c.label, estimate: estimate(c), alpha: null, note: 'time cap reached (--budget): not tried' });
      continue;
    }
    const p = certifyCandidate(energy, temperature, c, region, budget);
    routes.push({ label: c.label, estimate: estimate(c), alpha: p ? p.bound.alpha : null, ...(p ? {} : { note: 'the kernel did not certify m > 0 with finite osc W on the cover found' }) });
    if (p && (!best || p.bound.alpha > best.bound.alpha)) best = p;
  }
  return { best, routes };
}

/**
 * The search at T, and when it finds nothing below T = 1, the search at T = 1 re-checked at T: the
 * evidence (W_E in E-units and the cover where hess (E - W_E) > 0) does not depend on T, only the
 * constants do (m scales as 1/T, osc W as 1/T), and the search's estimates fail first at low T (the
 * 2-d double well at T = 0.1: nothing at T, alpha = 1.4e-6 from the T = 1 evidence). The kernel
 * decides at T either way.
 */
export function proposeLsiAtOrAbove(energy: Energy, temperature: number, region: Region, budget: SearchBudget): LsiProposal | null {
  const found = proposeLsi(energy, temperature, region, budget);
  if (found || !(temperature < 1)) return found;
  const warm = proposeLsi(energy, 1, region, budget);
  if (!warm) return null;
  const r = checkLsiDecomposition(energy.model, temperature, boundedModel(energy.model, warm.w), warm.boxes);
  return r.ok ? { ...warm, label: `${warm.label}; found at T = 1, checked at T = ${temperature}`, bound: r.value } : null;
}

const WHOLE_LINE = { lo: -Infinity, hi: Infinity };

/**
 * W = top-level terms of an expression energy (weight 1 in the energy's sum) that the kernel bounds
 * over all of R^d, so U = E - W keeps the unbounded, convex part: for x1^2 + x2^2 + sin(3 x1) cos(2 x2),
 * U = x1^2 + x2^2 and W = sin(3 x1) cos(2 x2), osc W <= 2. Two proposals: every bounded term, and
 * only the bounded terms that are not convex at the sample points.
 */
function termSplitCandidates(energy: Energy, temperature: number, points: Float64Array[], hessF: number[][]): Candidate[] {
  const d = energy.dim;
  const pieces: { sign: 1 | -1; source: string }[] = [];
  for (const t of flattenSum(energy.model)) {
    if (t.model.kind !== 'expression' || t.weight !== 1) continue;
    const p = additiveTerms(t.model.source);
    if (p && p.length > 1) pieces.push(...p);
  }
  if (pieces.length < 2) return [];
  const whole = Array.from({ length: d }, () => WHOLE_LINE);
  const bounded = pieces.filter((p) => {
    try {
      const v = encloseModel({ kind: 'expression', dim: d, source: p.source }, whole).value;
      return Number.isFinite(v.lo) && Number.isFinite(v.hi) && v.lo < v.hi;
    } catch {
      return false;
    }
  });
  if (bounded.length === 0 || bounded.length === pieces.length) return [];
  const nonConvex = bounded.filter((p) => {
    try {
      const e = new ExpressionEnergy(p.source, { dim: d, label: 'W' });
      return points.some((x) => symmetricEigenvalues(Array.from(e.hessian(x)), d)[0]! * p.sign < 0);
    } catch {
      return true;
    }
  });
  const subsets = [bounded];
  if (nonConvex.length > 0 && nonConvex.length < bounded.length) subsets.push(nonConvex);
  const out: Candidate[] = [];
  for (const subset of subsets) {
    const source = subset.map((p, i) => `${p.sign < 0 ? (i > 0 ? ' - ' : '-') : i > 0 ? ' + ' : ''}(${p.source})`).join('');
    let part: FloatPart;
    try {
      const e = new ExpressionEnergy(source, { dim: d, label: 'W' });
      part = { value: (x) => e.value(x), gradient: (x) => e.gradient(x), hessian: (x) => e.hessian(x) };
    } catch {
      continue;
    }
    const values = points.map((x) => part.value(x) / temperature);
    out.push({
      label: `Holley-Stroock (W = bounded terms ${source})`,
      w: { kind: 'expression', source },
      part,
      mEstimate: minEigenOver(hessF, d, (k) => part.hessian(points[k]!), temperature),
      oscEstimate: Math.max(...values) - Math.min(...values),
    });
  }
  return out;
}

function estimate(c: Candidate): number {
  return c.mEstimate * Math.exp(-c.oscEstimate);
}

function minEigenOver(hess: number[][], d: number, w?: (k: number) => Float64Array, temperature = 1): number {
  let m = Infinity;
  hess.forEach((h, k) => {
    const wk = w?.(k);
    const u = wk ? h.map((v, j) => v - wk[j]! / temperature) : h;
    m = Math.min(m, symmetricEigenvalues(u, d)[0]!);
  });
  return m;
}

function plainCandidate(energy: Energy, hessF: number[][]): Candidate {
  return { label: 'Bakry-Emery (W = 0)', w: { kind: 'none' }, part: null, mEstimate: minEigenOver(hessF, energy.dim), oscEstimate: 0 };
}

/** W = the energy's network terms whose activations are bounded (tanh, sigmoid before the output). */
function networkCandidates(energy: Energy, temperature: number, points: Float64Array[], hessF: number[][]): (Candidate | null)[] {
  const flat = flattenSum(energy.model);
  const indices = flat.map((t, i) => (t.model.kind === 'mlp' && boundedNetwork(t.model) ? i : -1)).filter((i) => i >= 0);
  if (indices.length === 0) return [];
  const part = termsPart(energy, indices);
  if (!part) return [];
  const values = points.map((x) => part.value(x) / temperature);
  const osc = Math.max(...values) - Math.min(...values);
  const hw = points.map((x) => part.hessian(x));
  return [{ label: 'Holley-Stroock (W = bounded network terms)', w: { kind: 'terms', indices }, part, mEstimate: minEigenOver(hessF, energy.dim, (k) => hw[k]!, temperature), oscEstimate: osc }];
}

function boundedNetwork(m: Extract<EnergyModel, { kind: 'mlp' }>): boolean {
  const hidden = m.layers.slice(0, -1);
  const last = m.layers[m.layers.length - 1];
  return hidden.length > 0 && last?.activation === 'identity' && ['tanh', 'sigmoid'].includes(hidden[hidden.length - 1]!.activation);
}

/** Gaussian bumps over each single coordinate (and all at once) where hess f is not positive. */
function bumpCandidates(energy: Energy, temperature: number, points: Float64Array[], hessF: number[][], radius: number, cap: TimeCap): Candidate[] {
  const d = energy.dim;
  let worst = 0;
  let worstVal = Infinity;
  hessF.forEach((h, k) => {
    const v = symmetricEigenvalues(h, d)[0]!;
    if (v < worstVal) [worstVal, worst] = [v, k];
  });
  if (worstVal > 0) return [];
  const center = Array.from(points[worst]!);
  const subsets: number[][] = Array.from({ length: d }, (_, i) => [i]);
  if (d > 1) subsets.push(Array.from({ length: d }, (_, i) => i));
  const out: Candidate[] = [];
  for (const coords of subsets) {
    let best: { p: BumpParams; m: number; score: number } | undefined;
    // Each try is an eigen-decomposition at every sample point: d + 1 subsets x ~280 tries is the
    // slow part in high dimension, so a time cap stops it like the cover searches.
    const tryParams = (height: number, width: number): void => {
      if (cap.expired()) return;
      const p: BumpParams = { coords, center, height, width };
      const part = bumpPart(p, d);
      const m = minEigenOver(hessF, d, (k) => part.hessian(points[k]!), temperature);
      const score = m * Math.exp(-height / temperature);
      if (m > 0 && (!best || score > best.score)) best = { p, m, score };
    };
    for (const c of [0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 16, 20]) for (const s of [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1, 1.4]) tryParams(c * temperature, s * radius);
    if (!best) continue;
    // Local multiplicative search around the best grid point.
    for (let step = 0.2; step > 0.01; step /= 2)
      for (let it = 0; it < 6; it++) {
        const b: BumpParams = (best as { p: BumpParams }).p;
        for (const [fc, fs] of [[1 + step, 1], [1 - step, 1], [1, 1 + step], [1, 1 - step]] as const) tryParams(round4(b.height * fc), round4(b.width * fs));
      }
    const b = (best as { p: BumpParams; m: number }).p;
    out.push({ label: `Holley-Stroock (W = sech^2 bump over x${coords.map((i) => i + 1).join(',x')})`, w: { kind: 'expression', source: bumpSource(b) }, part: bumpPart(b, d), mEstimate: (best as { m: number }).m, oscEstimate: b.height / temperature });
    if (coords.length === 1) {
      const poly = polyBumpSearch(energy, b, hessF, points, temperature, radius);
      if (poly) out.push(poly);
      const lp = lpBumpCandidate(energy, coords[0]!, center, points, hessF, temperature, radius, cap);
      if (lp) out.push(lp);
    }
  }
  return out;
}

/**
 * Local random search (deterministic) over W = (1 - t^2)(a + b t^2 + c t^4), t = tanh((x_i - center)/s),
 * starting from the best plain sech^2 bump (a = its height, b = c = 0), scored by the sampled
 * m exp(-osc W / T).
 */
function polyBumpSearch(energy: Energy, start: BumpParams, coarseHess: number[][], coarsePoints: Float64Array[], temperature: number, radius: number): Candidate | null {
  const d = energy.dim;
  const coord = start.coords[0]!;
  let rng = 0x2545f491;
  const rand = (): number => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return ((rng >>> 0) % 1_000_000) / 1_000_000;
  };
  const evaluate = (p: PolyBumpParams, points: Float64Array[], hessF: number[][]): { m: number; osc: number; score: number } => {
    const part = polyBumpPart(p, d);
    const m = minEigenOver(hessF, d, (k) => part.hessian(points[k]!), temperature);
    const osc = polyBumpOscillation(p) / temperature;
    return { m, osc, score: m > 0 ? m * Math.exp(-osc) : -Infinity };
  };
  const search = (from: PolyBumpParams, points: Float64Array[], hessF: number[][], iterations: number, steps: readonly number[]): { p: PolyBumpParams; r: ReturnType<typeof evaluate> } => {
    let best = from;
    let bestScore = evaluate(best, points, hessF);
    for (let it = 0; it < iterations; it++) {
      const step = steps[Math.min(steps.length - 1, Math.floor((it * steps.length) / iterations))]!;
      const [a, b, c] = best.coef;
      const scale = Math.max(1, Math.abs(a));
      const q: PolyBumpParams = {
        coord,
        center: best.center,
        width: round4(Math.max(0.05, best.width * (1 + step * (rand() - 0.5)))),
        coef: [round4(a + step * scale * (2 * rand() - 1)), round4(b + step * scale * (2 * rand() - 1)), round4(c + step * scale * (2 * rand() - 1))],
      };
      const r = evaluate(q, points, hessF);
      if (r.score > bestScore.score) {
        best = q;
        bestScore = r;
      }
    }
    return { p: best, r: bestScore };
  };
  const initial: PolyBumpParams = { coord, center: start.center[coord]!, width: start.width, coef: [start.height, 0, 0] };
  const coarseIterations = Math.max(300, Math.min(3000, Math.floor(3e6 / (coarsePoints.length * d * d))));
  let found = search(initial, coarsePoints, coarseHess, coarseIterations, [0.5, 0.15, 0.04]);
  if (d <= 2) {
    // Polish on a finer grid: on the ranking grid alone the search fits W to the gaps between
    // points, and the kernel's m on the cover then falls short of the estimate.
    const center = Array.from({ length: d }, (_, i) => (i === coord ? start.center[coord]! : 0));
    const fine = samplePoints(center, radius, 81 * 81);
    const fineHess = fine.map((x) => Array.from(energy.hessian(x), (v) => v / temperature));
    found = search(found.p, fine, fineHess, 200, [0.04, 0.01]);
  }
  if (!(found.r.m > 0)) return null;
  return {
    label: `Holley-Stroock (W = sech^2 polynomial-in-tanh bump over x${coord + 1})`,
    w: { kind: 'expression', source: polyBumpSource(found.p) },
    part: polyBumpPart(found.p, d),
    mEstimate: found.r.m,
    oscEstimate: found.r.osc,
  };
}

/**
 * W over one coordinate fitted by linear programming (certify/lpBump.ts): the smallest osc W, for a
 * target m, that keeps the sampled hess U >= m I. Scored like the others; the kernel decides.
 */
function lpBumpCandidate(energy: Energy, coord: number, worst: readonly number[], coarsePoints: Float64Array[], coarseHess: number[][], temperature: number, radius: number, cap: TimeCap): Candidate | null {
  const d = energy.dim;
  let points = coarsePoints;
  let hess = coarseHess;
  const center = worst[coord]!;
  let bins = 81;
  if (d <= 2) {
    // Fine along x_i (the fit's curvature is only constrained where it is sampled), coarse across.
    bins = 321;
    points = [];
    for (let a = 0; a < bins; a++)
      for (let b = 0; b < (d === 2 ? 41 : 1); b++) {
        const x = new Float64Array(d);
        x[coord] = center - radius + (2 * radius * (a + 0.5)) / bins;
        if (d === 2) x[1 - coord] = -radius + (2 * radius * b) / 40;
        points.push(x);
      }
    hess = points.map((x) => Array.from(energy.hessian(x), (v) => v / temperature));
  }
  const fit = searchLpBump(points, hess, d, coord, center, radius, temperature, cap, bins);
  if (!fit) return null;
  const p: LpBumpParams = fit.params;
  return {
    label: `Holley-Stroock (W = tanh-polynomial bump over x${coord + 1}, fitted by linear programming)`,
    w: { kind: 'expression', source: lpBumpSource(p, temperature) },
    part: lpBumpPart(p, d, temperature),
    mEstimate: fit.m,
    oscEstimate: fit.osc,
    goalFraction: 0.995,
  };
}

/** The float part of W_E = T W (E-units, like the other parts). */
function lpBumpPart(p: LpBumpParams, d: number, temperature: number): FloatPart {
  return {
    value: (x) => temperature * lpBumpProfile(p, x[p.coord]!)[0],
    gradient: (x) => {
      const g = new Float64Array(d);
      g[p.coord] = temperature * lpBumpProfile(p, x[p.coord]!)[1];
      return g;
    },
    hessian: (x) => {
      const h = new Float64Array(d * d);
      h[p.coord * d + p.coord] = temperature * lpBumpProfile(p, x[p.coord]!)[2];
      return h;
    },
  };
}

/** Short decimals keep the stored expression readable; the kernel uses exactly what is stored. */
function round4(x: number): number {
  return Number(x.toPrecision(4));
}

function certifyCandidate(energy: Energy, temperature: number, c: Candidate, region: Region, budget: SearchBudget): Omit<LsiProposal, 'routes'> | null {
  const w = boundedModel(energy.model, c.w);
  const u = convexPart(energy.model, w);
  const boxCap = c.goalFraction === undefined ? budget.maxBoxes : 4 * budget.maxBoxes;
  const cover = refineCover({
    center: region.center,
    radius: region.radius,
    score: (box) => boxMinEigenvalue(u, temperature, box),
    goal: (c.goalFraction ?? 0.9) * c.mEstimate,
    // A fit that kept a margin is worth refining until the margin is used up (the dependency
    // problem of a high-degree W needs narrow boxes); the others stop after 64 fruitless splits.
    maxBoxes: boxCap,
    patience: c.goalFraction === undefined ? scaledPatience(budget, 64) : Infinity,
    ...(budget.cap ? { cap: budget.cap } : {}),
  });
  if (!(cover.worst > 0)) return null;
  const boxes = w ? tightenOscillation(cover.boxes, w, temperature, c.oscEstimate, region, { ...budget, maxBoxes: boxCap }, c.goalFraction === undefined ? 1.02 : 1.003) : cover.boxes;
  const checked = checkLsiDecomposition(energy.model, temperature, w, boxes);
  if (!checked.ok || !(checked.value.alpha > 0)) return null;
  return { label: c.label, w: c.w, boxes, bound: checked.value, part: c.part };
}


/** Splits the boxes that attain sup W or inf W until osc W is near its sampled value. */
function tightenOscillation(start: Box[], w: EnergyModel, temperature: number, target: number, region: Region, budget: SearchBudget, slack: number): Box[] {
  const boxes = [...start];
  const ranges = boxes.map((b) => boxRange(w, temperature, b));
  let stale = 0;
  let bestOsc = Infinity;
  for (let round = 0; boxes.length < budget.maxBoxes && !budget.cap?.expired(); round++) {
    let kHi = 0;
    let kLo = 0;
    ranges.forEach((r, k) => {
      if (r.hi > ranges[kHi]!.hi) kHi = k;
      if (r.lo < ranges[kLo]!.lo) kLo = k;
    });
    const osc = ranges[kHi]!.hi - ranges[kLo]!.lo;
    if (osc <= slack * target) break;
    if (osc < bestOsc - 1e-12) {
      bestOsc = osc;
      stale = 0;
    } else if (++stale > scaledPatience(budget, 64)) break;
    const k = round % 2 === 0 ? kHi : kLo;
    const box = boxes[k]!;
    let best: { children: [Box, Box]; r: [ReturnType<typeof boxRange>, ReturnType<typeof boxRange>]; spread: number } | undefined;
    for (let i = 0; i < box.length; i++) {
      const at = cutPoint(box[i]!, region.center[i]!, region.radius);
      if (at === undefined) continue;
      const children = splitBox(box, i, at);
      const r: [ReturnType<typeof boxRange>, ReturnType<typeof boxRange>] = [boxRange(w, temperature, children[0]), boxRange(w, temperature, children[1])];
      const spread = k === kHi ? Math.max(r[0].hi, r[1].hi) : -Math.min(r[0].lo, r[1].lo);
      if (!best || spread < best.spread) best = { children, r, spread };
    }
    if (!best) break;
    boxes.splice(k, 1, ...best.children);
    ranges.splice(k, 1, ...best.r);
  }
  return boxes;
}
