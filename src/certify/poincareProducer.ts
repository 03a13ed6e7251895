// Producer (untrusted) of a covering-decomposition Poincare certificate
// (proofs/poincare-decomposition.md): a chain of overlapping slabs along one coordinate
//   A_0 = {x_a <= c_1 + delta}, A_j = {c_j - delta <= x_a <= c_{j+1} + delta}, A_n = {x_a >= c_n - delta},
// each with its own decomposition f = U_j + W_j (W_j = -c (x_a - mid)^2 on a bounded slab lifts the
// curvature along the axis at a cost c (w/2)^2 / T in osc W; W = 0 on the two unbounded end slabs,
// which must be strongly convex), sub-box covers, the block chain's masses from the kernel's region
// masses, and a float lambda_2 shaded down for the kernel's PSD check. Nothing here is trusted.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import { halveLongestSide } from './halveLongestSide.js';
import type { Interval } from '../kernel/interval.js';
import { boxIntegral, type IntegralBound } from '../kernel/integration/boxIntegral.js';
import { checkIntegralEvidence, checkRegionMass, type IntegralBracket } from '../kernel/integration/evidence.js';
import { checkLocalPoincare, checkPoincareDecomposition, intersectBoxes, type PoincareDecompositionEvidence, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { checkBlockGap, closedBoxesMeet } from '../kernel/checks/blockGap.js';
import { jacobiEigen } from '../kernel/eigen.js';
import type { IntegrationEvidence } from '../audit/integrate.js';

export interface SlabChainOptions {
  /** The coordinate the slabs cut (0-based). */
  readonly axis: number;
  /** Interior cut points c_1 < ... < c_n along the axis (n >= 1, so at least two sets). */
  readonly cuts: readonly number[];
  /** Half-width of every overlap (below half of the narrowest slab, so no point is in three sets). */
  readonly overlap: number;
  /** Sub-boxes per bounded slab along the axis for the curvature and range checks. */
  readonly subBoxes?: number;
}

const WHOLE = { lo: -Infinity, hi: Infinity };

/** The sets of the chain, in order along the axis. */
export function slabSets(dim: number, opts: SlabChainOptions): Box[] {
  const { axis, cuts, overlap } = opts;
  const edges = [-Infinity, ...cuts, Infinity];
  const sets: Box[] = [];
  for (let j = 0; j + 1 < edges.length; j++) {
    const lo = edges[j] === -Infinity ? -Infinity : edges[j]! - overlap;
    const hi = edges[j + 1] === Infinity ? Infinity : edges[j + 1]! + overlap;
    sets.push(Array.from({ length: dim }, (_, i) => (i === axis ? { lo, hi } : WHOLE)));
  }
  return sets;
}

/** A cover of a set: the bounded axis range cut into equal pieces; unbounded ends get one box each
 *  beyond the cut nearest them (the kernel encloses the Hessian over unbounded boxes). */
function subCover(set: Box, axis: number, pieces: number, span: Interval): Box[] {
  const a = set[axis]!;
  const lo = a.lo === -Infinity ? span.lo : a.lo;
  const hi = a.hi === Infinity ? span.hi : a.hi;
  const out: Box[] = [];
  const at = (lo2: number, hi2: number): Box => set.map((c, i) => (i === axis ? { lo: lo2, hi: hi2 } : c));
  if (a.lo === -Infinity) out.push(at(-Infinity, lo));
  for (let k = 0; k < pieces; k++) out.push(at(k === 0 ? lo : lo + ((hi - lo) * k) / pieces, k === pieces - 1 ? hi : lo + ((hi - lo) * (k + 1)) / pieces));
  if (a.hi === Infinity) out.push(at(hi, Infinity));
  return out;
}

/**
 * The local decomposition of each set: W = 0 on unbounded sets; on bounded ones W_E = -c (x_a - mid)^2
 * with c from a small search minimising the kernel's own exp(osc) / m on the set's cover.
 */
export function slabPieces(energy: Energy, temperature: number, opts: SlabChainOptions): PoincarePieceEvidence[] {
  const sets = slabSets(energy.dim, opts);
  const pieces = opts.subBoxes ?? 32;
  const first = opts.cuts[0]!, last = opts.cuts[opts.cuts.length - 1]!;
  const reach = Math.max(1, last - first);
  // Unbounded ends: one bounded stretch of the set's own width before the unbounded box.
  const span = { lo: first - opts.overlap - reach, hi: last + opts.overlap + reach };
  return sets.map((set, j) => {
    const cover = subCover(set, opts.axis, pieces, span);
    const a = set[opts.axis]!;
    const x = `x${opts.axis + 1}`;
    let best: PoincarePieceEvidence = { set, bump: null, cover };
    let bestC = localConstant(energy, temperature, best, j);
    const consider = (bump: string): void => {
      const candidate: PoincarePieceEvidence = { set, bump, cover };
      const value = localConstant(energy, temperature, candidate, j);
      if (value < bestC) { bestC = value; best = candidate; }
    };
    if (Number.isFinite(a.lo) && Number.isFinite(a.hi)) {
      // Bounded slab: a concave quadratic W_E lifts the axis curvature by 2c at osc c (w/2)^2 / T.
      const mid = 0.5 * a.lo + 0.5 * a.hi;
      for (let e = -6; e <= 8; e++) consider(`-${2 ** (e / 2)} * (${x} - (${mid}))^2`);
    } else {
      // Unbounded slab: a bounded sech^2 bump at the finite end (its top lifts the curvature by 2c/s^2).
      const end = Number.isFinite(a.lo) ? a.lo : a.hi;
      const inward = Number.isFinite(a.lo) ? 1 : -1;
      for (const shift of [-0.5, 0, 0.5, 1]) for (let e = -4; e <= 4; e++) for (const width of [0.25, 0.5, 1, 2]) {
        const centre = end + inward * shift * width;
        consider(`${2 ** (e / 2)} * (1 - tanh((${x} - (${centre})) / ${width})^2)`);
      }
    }
    return best;
  });
}

function localConstant(energy: Energy, temperature: number, piece: PoincarePieceEvidence, j: number): number {
  const r = checkLocalPoincare(energy.model, temperature, piece, `set ${j}`);
  return r.ok ? r.value.constant : Infinity;
}

/**
 * Refines the leaves of checked integration evidence where they meet the overlap sets (bisection at
 * the kernel's split points, so the partition check still holds) until each overlap leaf's bracket is
 * relatively narrow or the budget is spent, then re-checks the evidence with the kernel.
 */
export function refineForOverlaps(energy: Energy, temperature: number, evidence: IntegrationEvidence, overlaps: readonly Box[], maxBoxes: number, relative = 1e-3): { evidence: IntegrationEvidence; bracket: IntegralBracket } {
  const boxes: Box[] = [...evidence.boxes];
  const bounds: IntegralBound[] = boxes.map((b) => boxIntegral(energy.model, temperature, b, evidence.shift));
  const wanted = (k: number): boolean => {
    const b = bounds[k]!;
    return overlaps.some((o) => closedBoxesMeet(boxes[k]!, o)) && b.hi > 0 && (b.hi - b.lo) > relative * b.hi;
  };
  let queue = boxes.map((_, k) => k).filter(wanted);
  while (queue.length > 0 && boxes.length < maxBoxes) {
    const next: number[] = [];
    for (const k of queue) {
      if (boxes.length >= maxBoxes) break;
      const halves = halveLongestSide(boxes[k]!);
      if (halves === null) continue;
      const [left, right] = halves;
      boxes[k] = left;
      bounds[k] = boxIntegral(energy.model, temperature, left, evidence.shift);
      boxes.push(right);
      bounds.push(boxIntegral(energy.model, temperature, right, evidence.shift));
      for (const id of [k, boxes.length - 1]) if (wanted(id)) next.push(id);
    }
    queue = next;
  }
  const refined: IntegrationEvidence = { ...evidence, boxes };
  const checked = checkIntegralEvidence(energy.model, temperature, boxes, evidence.tails, evidence.shift);
  if (!checked.ok) throw new Error(`poincare producer: the kernel refused the refined integration evidence (${checked.reason})`);
  return { evidence: refined, bracket: checked.value };
}

/** Float lambda_2 of (L, diag(q)) from the symmetric form diag(q)^-1/2 L diag(q)^-1/2 (untrusted). */
export function floatLambda2(q: readonly number[], edges: readonly { i: number; j: number; weight: number }[]): number {
  const k = q.length;
  const m = new Float64Array(k * k);
  for (const e of edges) {
    const s = e.weight / Math.sqrt(q[e.i]! * q[e.j]!);
    m[e.i * k + e.j] -= s; m[e.j * k + e.i] -= s;
    m[e.i * k + e.i] += e.weight / q[e.i]!; m[e.j * k + e.j] += e.weight / q[e.j]!;
  }
  const values = Array.from(jacobiEigen(k, m).diagonal).sort((a, b) => a - b);
  return values[1]!;
}

export interface SlabChainProposal {
  readonly evidence: PoincareDecompositionEvidence;
  readonly integration: IntegrationEvidence;
  readonly bracket: IntegralBracket;
}

/**
 * A decomposition from its local pieces and the pairs of sets that overlap: overlap refinement of the
 * integration evidence (up to maxBoxes leaves), the masses from the kernel, and the largest lambda_2
 * claim (float value shaded down by each of `shades` in turn) the kernel's PSD check accepts.
 */
export function assembleDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, pieces: PoincarePieceEvidence[], pairs: [number, number][], maxBoxes: number, shades: readonly number[] = [1e-6, 1e-4, 1e-2, 1e-1]): SlabChainProposal {
  const sets = pieces.map((p) => p.set);
  const overlapBoxes = pairs.map(([i, j]) => intersectBoxes(sets[i]!, sets[j]!));
  const { evidence: refined, bracket } = refineForOverlaps(energy, temperature, integration, overlapBoxes, maxBoxes);
  const q = sets.map((s) => {
    const r = checkRegionMass(energy.model, temperature, bracket.boxes, bracket, [s]);
    if (!r.ok) throw new Error(r.reason);
    return r.value.mass.hi;
  });
  const edges = pairs.map(([i, j], n) => {
    const r = checkRegionMass(energy.model, temperature, bracket.boxes, bracket, [overlapBoxes[n]!]);
    if (!r.ok) throw new Error(r.reason);
    return { i, j, weight: r.value.mass.lo };
  });
  const lambda = floatLambda2(q, edges);
  const total = q.reduce((s, v) => s + v, 0);
  // beta q q^T moves the pencil's eigenvalue 0 (the constants) to beta sum q = 2 lambda_2, above the claim.
  const beta = (2 * lambda) / total;
  let lambda2 = 0;
  for (const shade of shades) {
    lambda2 = lambda * (1 - shade);
    if (checkBlockGap(q, edges, beta, lambda2).ok) break;
  }
  return { evidence: { pieces, edges: pairs, beta, lambda2 }, integration: refined, bracket };
}

/** The whole chain: consecutive slabs overlap (assembleDecomposition). */
export function proposeSlabChain(energy: Energy, temperature: number, integration: IntegrationEvidence, opts: SlabChainOptions & { readonly maxBoxes?: number }): SlabChainProposal {
  const pieces = slabPieces(energy, temperature, opts);
  const pairs: [number, number][] = [];
  for (let j = 0; j + 1 < pieces.length; j++) pairs.push([j, j + 1]);
  return assembleDecomposition(energy, temperature, integration, pieces, pairs, opts.maxBoxes ?? 200_000);
}

/**
 * Cut patterns for a chain along `axis`: the stretch where the sampled lambda_min(hess f) on the
 * axis (other coordinates at `through`) is <= 0, widened by `margin` so the end slabs are convex,
 * cut into equal slabs (several counts and overlaps). Empty when f is convex on the sampled line.
 */
export function chainPatterns(energy: Energy, temperature: number, axis: number, through: readonly number[], range: number, margin = 0.3): SlabChainOptions[] {
  const n = 2001;
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < n; k++) {
    const x = Float64Array.from(through);
    x[axis] = -range + (2 * range * k) / (n - 1);
    const h = energy.hessian(x);
    const d = energy.dim;
    const sym = Array.from({ length: d * d }, (_, i) => h[i]! / temperature);
    const values = jacobiEigen(d, sym).diagonal;
    if (Math.min(...values) <= 0) { lo = Math.min(lo, x[axis]!); hi = Math.max(hi, x[axis]!); }
  }
  if (!(lo <= hi)) return [];
  const a = lo - margin, b = hi + margin;
  const out: SlabChainOptions[] = [];
  for (const slabs of [6, 14]) for (const share of [0.2, 0.4]) {
    const step = (b - a) / slabs;
    out.push({ axis, cuts: Array.from({ length: slabs + 1 }, (_, k) => a + k * step), overlap: share * step });
  }
  return out;
}

/** The best kernel-accepted decomposition over the patterns (by certified gap), trying patterns until
 *  the deadline (ms since the epoch); a pattern whose proposal throws is skipped; null when none is
 *  accepted. */
export function bestAcceptedDecomposition<P>(energy: Energy, temperature: number, patterns: readonly P[], propose: (pattern: P) => SlabChainProposal, deadline = Infinity): (SlabChainProposal & { readonly gap: number }) | null {
  let best: (SlabChainProposal & { readonly gap: number }) | null = null;
  for (const p of patterns) {
    if (Date.now() > deadline) break;
    let proposal: SlabChainProposal;
    try {
      proposal = propose(p);
    } catch {
      continue;
    }
    const r = checkPoincareDecomposition(energy.model, temperature, proposal.bracket, proposal.evidence);
    if (r.ok && (!best || r.value.gap > best.gap)) best = { ...proposal, gap: r.value.gap };
  }
  return best;
}

/** The best kernel-accepted chain over the patterns (bestAcceptedDecomposition). */
export function proposeBestSlabChain(energy: Energy, temperature: number, integration: IntegrationEvidence, patterns: readonly SlabChainOptions[], maxBoxes = 200_000, deadline = Infinity): (SlabChainProposal & { readonly gap: number }) | null {
  return bestAcceptedDecomposition(energy, temperature, patterns, (p) => proposeSlabChain(energy, temperature, integration, { ...p, maxBoxes }), deadline);
}
