// Producer (untrusted) of the grid covering decomposition (proofs/poincare-decomposition.md, section 4)
// for 2-d energies with a network term, e.g. the shipped models' E = MLP + (lambda/2)|x|^2. Inside the
// box B the cells are cut as for the expression energies (adaptiveGrid.ts), and each cell's lift
// W_E = -(c1 (x1 - m1)^2 + c2 (x2 - m2)^2) and its cover are searched together on the network's
// interval Hessians (liftCover.ts). The frame sets reach infinity, where a tanh
// network's curvature does not die out (its first-layer neurons stay unsaturated along their null
// lines: sampled lambda_min(hess E) is -6 at radius 16, -2 at 64), so no lift makes E convex there.
// Instead W = the network's own terms (boundedTerms: bounded, last hidden layer tanh or sigmoid, linear
// output), so U = the regulariser, hess U = lambda I / T exactly, and the frame pays exp(osc MLP / T)
// over the set. That oscillation is certified on boxes inside the cube |x|_inf <= 32 and on cones
// beyond it (farField, proofs/poincare-decomposition.md section 3): a box unbounded in both coordinates
// holds the far diagonal, where every neuron with mixed-sign weights ranges over the whole line, while
// on a cone over a narrow patch of directions most neurons saturate. The frame is made of rows and
// columns continued to infinity and four quadrants (networkSets): the fewer directions at infinity a
// frame set spans, the smaller the network's oscillation over it.
// Nothing here is trusted.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import { checkLocalPoincare, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import type { FarField } from '../kernel/checks/farField.js';
import type { EnergyModel } from '../kernel/model.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import { boxRange } from '../kernel/checks/lsi.js';
import { energyFromModel } from '../energy/spec.js';
import { compileConeEnclosure, coneBoundingBox } from '../kernel/networkFarField.js';
import { createFlatEnclosure } from '../kernel/network.js';
import { MAX_DECOMPOSITION_SETS } from '../kernel/checks/blockGap.js';
import { boundedNetworkTerms, type IntegrationEvidence } from '../audit/integrate.js';
import { cellPiece, type GridProposal } from './gridDecomposition.js';
import { liftCoverPiece, type LiftCoverOptions } from './liftCover.js';
import { adaptiveSets, chainRefinedCells, adaptiveCells, type AdaptiveGridOptions } from './adaptiveGrid.js';
import { assembleScaledDecomposition } from './edgeScales.js';
import { partitionFromAdaptiveCells, partitionFromNetworkCells } from './decompositionPartition.js';
import type { PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import { regulariser } from './regulariser.js';

/** Breakpoints of one axis of a frame set's cover: `n` equal pieces of a bounded side; from a finite
 *  end towards infinity steps of `step` up to `near`, then doubling up to 2^24, then the infinite end;
 *  a whole line the same on both sides of 0. */
export function frameAxisCuts(c: Interval, n: number, step: number, near: number): number[] {
  if (Number.isFinite(c.lo) && Number.isFinite(c.hi)) return Array.from({ length: n + 1 }, (_, k) => (k === 0 ? c.lo : k === n ? c.hi : c.lo + ((c.hi - c.lo) * k) / n));
  const outward = (from: number, sign: number): number[] => {
    const out: number[] = [];
    let d = step;
    for (; d <= near; d += step) out.push(from + sign * d);
    for (d = Math.max(2 * near, 2 * step); d <= 2 ** 24; d *= 2) out.push(from + sign * d);
    return out;
  };
  if (Number.isFinite(c.hi)) return [-Infinity, ...outward(c.hi, -1).reverse(), c.hi];
  if (Number.isFinite(c.lo)) return [c.lo, ...outward(c.lo, 1), Infinity];
  return [-Infinity, ...outward(0, -1).reverse(), 0, ...outward(0, 1), Infinity];
}

/** The boxes of a frame set's cover: the product of the two axes' pieces. */
export function frameCover(set: Box, n: number, step: number, near: number): Box[] {
  const axes = set.map((c) => {
    const cuts = frameAxisCuts(c, n, step, near);
    return cuts.slice(1).map((hi, k) => ({ lo: cuts[k]!, hi }));
  });
  const out: Box[] = [];
  for (const a of axes[0]!) for (const b of axes[1]!) out.push([a, b]);
  return out;
}

/**
 * adaptiveSets' cells and frame, with each half-plane replaced by the base grid's rows continued to
 * -/+ infinity in x1 and two quadrants at its corners (4 base + 4 frame sets instead of 2 base + 2): a
 * half-plane's W = network pays the network's oscillation over half the circle at infinity, a row
 * only its variation along the row, a quadrant over a quarter. Cover: a point outside B in x1 but not
 * in x2 lies in its row's set; one outside in both in a quadrant; the rest as before (the kernel checks
 * it). Edges: every pair of sets, one of them a frame set, that overlap in positive area, and the cells'.
 */
export function networkSets(cells: readonly [Interval, Interval][], opts: Pick<AdaptiveGridOptions, 'inner' | 'base' | 'overlap'>): { sets: Box[]; edges: [number, number][] } {
  const plain = adaptiveSets(cells, opts);
  const kept = cells.length + 2 * opts.base;
  const sets = plain.sets.slice(0, kept);
  const edges = plain.edges.filter(([i, j]) => i < cells.length && j < cells.length);
  const [r1, r2] = opts.inner;
  const n = opts.base;
  const w2 = (r2.hi - r2.lo) / n, d2 = opts.overlap * w2;
  const d1 = opts.overlap * ((r1.hi - r1.lo) / n);
  const cut = (k: number): number => (k === 0 ? r2.lo : k === n ? r2.hi : r2.lo + w2 * k);
  const row = (j: number): Interval => ({ lo: cut(j) - d2, hi: cut(j + 1) + d2 });
  const left: Interval = { lo: -Infinity, hi: r1.lo + d1 }, right: Interval = { lo: r1.hi - d1, hi: Infinity };
  for (let j = 0; j < n; j++) sets.push([left, row(j)]);
  for (let j = 0; j < n; j++) sets.push([right, row(j)]);
  const below: Interval = { lo: -Infinity, hi: r2.lo + d2 }, above: Interval = { lo: r2.hi - d2, hi: Infinity };
  sets.push([left, below], [left, above], [right, below], [right, above]);
  const positive = (a: Interval, b: Interval): boolean => Math.max(a.lo, b.lo) < Math.min(a.hi, b.hi);
  for (let f = cells.length; f < sets.length; f++) for (let k = 0; k < f; k++)
    if (positive(sets[f]![0]!, sets[k]![0]!) && positive(sets[f]![1]!, sets[k]![1]!)) edges.push([k, f]);
  return { sets, edges };
}

export interface NetworkGridOptions extends Omit<AdaptiveGridOptions, 'frameBumps' | 'pieceFor'> {
  /** 'rows' (default): networkSets' rows and quadrants; 'half-planes': adaptiveSets' frame. */
  readonly frame?: 'rows' | 'half-planes';
  /** Frame covers: bounded sides cut in `subBoxes` pieces, unbounded ones in steps of `frameStep`
   *  (default 1) up to `frameNear` (default 4) from the set's finite end, then doubling. */
  readonly frameStep?: number;
  readonly frameNear?: number;
  /** Frame sets beyond |x|_inf = farRadius (default DEFAULT_FAR_RADIUS; 0: none) are checked over cones
   *  from 0 on `farPatches` patches per face of the square (default DEFAULT_FAR_PATCHES). */
  readonly farRadius?: number;
  readonly farPatches?: number;
  /** The boxes inside the cube grow as max(frameStep, farRatio |x|) (defaults DEFAULT_NEAR_STEP, DEFAULT_NEAR_RATIO). */
  readonly farRatio?: number;
  /** Frame sets: cube radii farRadius times these factors, tried in turn while the kernel's osc of W
   *  exceeds the sampled one by more than FRAME_RETRY_SLACK (default DEFAULT_FAR_RETRIES; [] for none). */
  readonly farRetries?: readonly number[];
  /** Bounded cells' lift-and-cover search (liftCover.ts; its defaults when absent). */
  readonly liftCover?: LiftCoverOptions;
  /** Progress: each frame set's local constant as it is found. */
  readonly onFrame?: (set: Box, constant: number) => void;
}

/** Far-field data for frame sets: cones from 0 beyond |x|_inf = radius over `perFace` equal patches of
 *  each face of [-1, 1]^d (d = 2). */
export function frameFarField(radius: number, perFace: number): FarField {
  const patches: Box[] = [];
  for (const k of [0, 1]) for (const s of [1, -1]) for (let p = 0; p < perFace; p++) {
    const side: Interval = { lo: p === 0 ? -1 : -1 + (2 * p) / perFace, hi: p === perFace - 1 ? 1 : -1 + (2 * (p + 1)) / perFace };
    patches.push(k === 0 ? [{ lo: s, hi: s }, side] : [side, { lo: s, hi: s }]);
  }
  return { center: [0, 0], radius, patches };
}

/** A frame set's piece: W = the energy's bounded network terms (if that is accepted). Its part inside
 *  the cube |x|_inf <= farRadius is covered by frameCover's boxes (clipped to the cube), the rest by
 *  the cones of frameFarField (farRadius 0: boxes out to infinity, no cones). While the kernel's
 *  oscillation of W exceeds the sampled one by more than FRAME_RETRY_SLACK, the cube is widened to
 *  4 and 8 times farRadius (kept only when the constant drops): a cone from r = R on leaves the
 *  neurons with small first-layer weights unsaturated together, and a wider cube cuts that range
 *  radially into boxes (models/8gaussians' worst quadrant: osc 10.7 at R = 32, 8.15 at 128, 7.82 at
 *  256; sampled 4.2-5.8). */
export function networkFramePiece(energy: Energy, temperature: number, set: Box, terms: readonly number[], opts: Pick<NetworkGridOptions, 'subBoxes' | 'frameStep' | 'frameNear' | 'farRadius' | 'farPatches' | 'farRatio' | 'farRetries'>): { piece: PoincarePieceEvidence; constant: number } {
  const radius = opts.farRadius ?? DEFAULT_FAR_RADIUS;
  if (!(radius > 0)) {
    const piece: PoincarePieceEvidence = { set, bump: null, boundedTerms: terms, cover: frameCover(set, opts.subBoxes ?? 4, opts.frameStep ?? 1, opts.frameNear ?? 4) };
    const r = checkLocalPoincare(energy.model, temperature, piece, 'frame');
    return { piece, constant: r.ok ? r.value.constant : Infinity };
  }
  const build = (R: number) => {
    const t = tightenedFrame(energy, terms, set, gradedNearCover(set, R, opts.frameStep ?? DEFAULT_NEAR_STEP, opts.farRatio ?? DEFAULT_NEAR_RATIO), frameFarField(R, opts.farPatches ?? DEFAULT_FAR_PATCHES));
    const piece: PoincarePieceEvidence = { set, bump: null, boundedTerms: terms, cover: t.cover, farField: t.farField };
    const r = checkLocalPoincare(energy.model, temperature, piece, 'frame');
    // The kernel's osc is in f-units, the sampled range in E-units.
    return { piece, constant: r.ok ? r.value.constant : Infinity, excess: r.ok ? r.value.osc * temperature - (t.sampled.hi - t.sampled.lo) : Infinity };
  };
  let best = build(radius);
  for (const factor of opts.farRetries ?? DEFAULT_FAR_RETRIES) {
    if (!(best.excess > FRAME_RETRY_SLACK)) break;
    const next = build(radius * factor);
    if (!(next.constant < best.constant)) break;
    best = next;
  }
  return { piece: best.piece, constant: best.constant };
}

/** Rounds of cuts without a 1% gain after which the network grid stops cutting: each round re-searches
 *  up to 48 cells at seconds each, and on models/8gaussians at T = 1 the float constant stayed within
 *  2.5% of 2.06e6 from round 11 to 16. */
export const NETWORK_PATIENCE = 3;

/** The frame's retries: cube radii farRadius times these, while the kernel's osc exceeds the sampled
 *  one by more than FRAME_RETRY_SLACK (E-units). */
export const DEFAULT_FAR_RETRIES: readonly number[] = [4, 8];
export const FRAME_RETRY_SLACK = 1;

/** Cuts of [lo, hi] (finite) with pieces of width max(step, ratio |x|) at their near end x: a box then
 *  spans about the same angle seen from 0 wherever it is, which is what a network's range over it
 *  depends on. */
export function gradedCuts(lo: number, hi: number, step: number, ratio: number): number[] {
  const out = [lo];
  for (let x = lo; x < hi;) {
    const near = Math.min(Math.abs(x), Math.abs(Math.min(hi, x + step)));
    x = Math.min(hi, x + Math.max(step, ratio * near));
    out.push(x);
  }
  return out;
}

/** Boxes covering set ∩ [-R, R]^2: graded cuts on each side (a side crossing 0 is cut from 0 both ways). */
export function gradedNearCover(set: Box, radius: number, step: number, ratio: number): Box[] {
  const axes = set.map((c) => {
    const lo = Math.max(c.lo, -radius), hi = Math.min(c.hi, radius);
    if (!(lo < hi)) return [];
    const cuts = lo < 0 && hi > 0 ? [...gradedCuts(0, -lo, step, ratio).map((x) => -x).reverse(), ...gradedCuts(0, hi, step, ratio).slice(1)] : lo >= 0 ? gradedCuts(lo, hi, step, ratio) : gradedCuts(-hi, -lo, step, ratio).map((x) => -x).reverse();
    return cuts.slice(1).map((h, k) => ({ lo: cuts[k]!, hi: h }));
  });
  const out: Box[] = [];
  for (const a of axes[0]!) for (const b of axes[1]!) out.push([a, b]);
  return out;
}

/**
 * A frame set's near boxes and far-field patches, refined where the interval range of W sticks out of
 * W's sampled range over the set (by more than `slack`, E-units): boxes halved along the longer side,
 * patches halved, up to `depth` times. Interval arithmetic over a box or cone that several neurons'
 * transition strips cross loses their correlation (on models/8gaussians a 2 x 3.5 box at |x| = 30 has
 * kernel range 7.6 wide against 1.5 sampled; a cone over a 1/32 patch 11.4 against 3.0).
 */
export function tightenedFrame(energy: Energy, terms: readonly number[], set: Box, boxes: readonly Box[], far: FarField, slack = 0.1, depth = 6): { cover: Box[]; farField: FarField; sampled: Interval } {
  const all = flattenSum(energy.model);
  const w: EnergyModel = { kind: 'sum', dim: energy.dim, terms: terms.map((k) => all[k]!) };
  const floatW = energyFromModel(w);
  const inSet = (x: Float64Array): boolean => set.every((c, k) => c.lo <= x[k]! && x[k]! <= c.hi);
  const x = new Float64Array(2);
  let lo = Infinity, hi = -Infinity;
  const sample = (): void => {
    if (!inSet(x)) return;
    const v = floatW.value(x);
    lo = Math.min(lo, v); hi = Math.max(hi, v);
  };
  for (const b of boxes) for (let i = 0; i <= 4; i++) for (let j = 0; j <= 4; j++) {
    x[0] = b[0]!.lo + ((b[0]!.hi - b[0]!.lo) * i) / 4;
    x[1] = b[1]!.lo + ((b[1]!.hi - b[1]!.lo) * j) / 4;
    sample();
  }
  for (const p of far.patches) for (let i = 0; i <= 8; i++) for (let r = far.radius; r <= 2 ** 30; r *= 2) {
    for (let k = 0; k < 2; k++) x[k] = far.center[k]! + r * (p[k]!.lo + ((p[k]!.hi - p[k]!.lo) * i) / 8);
    sample();
  }
  const sticksOut = (r: Interval): boolean => r.lo < lo - slack || r.hi > hi + slack;
  const cover: Box[] = [];
  const visitBox = (b: Box, left: number): void => {
    const r = boxRange(w, 1, b.map((c, k) => ({ lo: Math.max(c.lo, set[k]!.lo), hi: Math.min(c.hi, set[k]!.hi) })));
    if (left === 0 || !sticksOut(r)) { cover.push(b); return; }
    const k = b[0]!.hi - b[0]!.lo >= b[1]!.hi - b[1]!.lo ? 0 : 1;
    const mid = 0.5 * (b[k]!.lo + b[k]!.hi);
    visitBox(b.map((c, a) => (a === k ? { lo: c.lo, hi: mid } : c)), left - 1);
    visitBox(b.map((c, a) => (a === k ? { lo: mid, hi: c.hi } : c)), left - 1);
  };
  for (const b of boxes) visitBox(b, depth);
  const enclose = compileConeEnclosure(w);
  const out = createFlatEnclosure(2);
  const blo = new Float64Array(2), bhi = new Float64Array(2);
  const center = Float64Array.from(far.center);
  const patches: Box[] = [];
  const visitPatch = (p: Box, left: number): void => {
    const cone = { center, radius: far.radius, uLo: Float64Array.from(p, (c) => c.lo), uHi: Float64Array.from(p, (c) => c.hi) };
    coneBoundingBox(cone, blo, bhi);
    const meets = set.every((c, k) => Math.max(c.lo, blo[k]!) <= Math.min(c.hi, bhi[k]!));
    if (meets && left > 0) enclose(cone, out);
    if (!meets || left === 0 || !sticksOut({ lo: out.valueLo, hi: out.valueHi })) { patches.push(p); return; }
    // The free coordinate of a patch in a face of the square (d = 2: the one that is not +-1).
    const k = p[0]!.lo === p[0]!.hi ? 1 : 0;
    const mid = 0.5 * (p[k]!.lo + p[k]!.hi);
    visitPatch(p.map((c, a) => (a === k ? { lo: c.lo, hi: mid } : c)), left - 1);
    visitPatch(p.map((c, a) => (a === k ? { lo: mid, hi: c.hi } : c)), left - 1);
  };
  for (const p of far.patches) visitPatch(p, depth);
  return { cover, farField: { ...far, patches }, sampled: { lo, hi } };
}

export const DEFAULT_NEAR_STEP = 0.5;
export const DEFAULT_NEAR_RATIO = 0.125;

/** Measured on models/8gaussians' quadrant [3.2, inf)^2: kernel osc 5.49 (float 4.88) at radius 32
 *  with 64 patches per face, against 36.8 with boxes out to infinity (README, "Network energies"). */
export const DEFAULT_FAR_RADIUS = 32;
export const DEFAULT_FAR_PATCHES = 64;

/** Each set's piece: bounded cells by the expression producer's lift search, frame sets by
 *  networkFramePiece. */
export function networkPieceFor(energy: Energy, temperature: number, opts: NetworkGridOptions): (set: Box) => { piece: PoincarePieceEvidence; constant: number } {
  const terms = boundedNetworkTerms(energy.model);
  // The cut rounds search the sets of largest charge; the final layout asks for most of them again.
  const memo = new Map<string, { piece: PoincarePieceEvidence; constant: number }>();
  return (set) => {
    const key = JSON.stringify(set);
    const known = memo.get(key);
    if (known) return known;
    const found = pieceForSet(set);
    memo.set(key, found);
    return found;
  };
  function pieceForSet(set: Box): { piece: PoincarePieceEvidence; constant: number } {
    const bounded = set.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi));
    if (terms.length === 0) return cellPiece(energy, temperature, set, { subBoxes: opts.subBoxes, search: opts.search ?? 'sampled' });
    if (bounded) {
      // The lift and an adaptive cover searched on the network's interval Hessians (liftCover.ts); the
      // ladder search on a uniform cover when the kernel refuses that.
      const adaptive = liftCoverPiece(energy, temperature, set, opts.liftCover);
      if (Number.isFinite(adaptive.constant)) return adaptive;
      return cellPiece(energy, temperature, set, { subBoxes: opts.subBoxes, search: opts.search ?? 'sampled' });
    }
    const found = networkFramePiece(energy, temperature, set, terms, opts);
    opts.onFrame?.(set, found.constant);
    return found;
  }
}

/**
 * The grid decomposition of a 2-d network energy: the adaptive cells (`refine` for cells placed by the
 * float model of the bound, else cut by curvature), pieces by networkPieceFor, the edge-scaled block
 * chain with masses from the integration evidence (refined at the overlaps up to `maxBoxes`). The
 * kernel's checkPoincareDecomposition decides; this is the function a caller (`check`, `audit`) uses.
 */
export function proposeNetworkGridDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, opts: NetworkGridOptions): GridProposal & { readonly partition: PartitionBlock[] } {
  if (energy.dim !== 2) throw new Error('network grid decomposition: 2-d energies only');
  if (boundedNetworkTerms(energy.model).length === 0) throw new Error('network grid decomposition: the energy has no bounded network term (a network whose last hidden layer is tanh or sigmoid, linear output)');
  const pieceFor = networkPieceFor(energy, temperature, opts);
  const rows = (opts.frame ?? 'rows') === 'rows';
  // networkSets has 2 base + 2 more frame sets than adaptiveSets, whose budget the cells assume.
  // With a regulariser the Lyapunov tail clips the frame sets to a box, so the rounds rank the cells alone.
  const chargeUnbounded = opts.chargeUnbounded ?? typeof regulariser(energy) === 'string';
  const adaptive: AdaptiveGridOptions = { ...opts, pieceFor, chargeUnbounded, maxSets: (opts.maxSets ?? MAX_DECOMPOSITION_SETS) - (rows ? 2 * opts.base + 2 : 0), ...(rows ? { layout: networkSets } : {}) };
  const cells = opts.refine ? chainRefinedCells(energy, temperature, { ...adaptive, minWidth: opts.refine.minWidth, rounds: opts.refine.rounds, patience: opts.refine.patience ?? NETWORK_PATIENCE }, opts.refine.say) : adaptiveCells(energy, temperature, adaptive);
  const { sets, edges } = rows ? networkSets(cells, opts) : adaptiveSets(cells, opts);
  if (sets.length > MAX_DECOMPOSITION_SETS) throw new Error(`network grid decomposition: ${sets.length} sets, the kernel takes at most ${MAX_DECOMPOSITION_SETS}`);
  const sized = sets.map(pieceFor);
  const proposal = assembleScaledDecomposition(energy, temperature, integration, sized, edges, opts.maxBoxes ?? integration.boxes.length, [1e-6, 1e-4, 1e-2, 1e-1, 0.5], opts.onScaleTry);
  // The LSI partition of the same layout: one block per set, inside it (decompositionPartition.ts).
  return { ...proposal, partition: rows ? partitionFromNetworkCells(cells, opts.inner, opts.base) : partitionFromAdaptiveCells(cells, opts.inner, opts.base) };
}
