// Producer (untrusted) of the grid covering decomposition (proofs/poincare-decomposition.md, section 4)
// for 2-d energies with a network term, e.g. the shipped models' E = MLP + (lambda/2)|x|^2. Inside the
// box B the cells are those of the expression energies (adaptiveGrid.ts, lifts W_E = -(c1 (x1 - m1)^2 +
// c2 (x2 - m2)^2) on the network's interval Hessian). The frame sets reach infinity, where a tanh
// network's curvature does not die out (its first-layer neurons stay unsaturated along their null
// lines: sampled lambda_min(hess E) is -6 at radius 16, -2 at 64), so no lift makes E convex there.
// Instead W = the network's own terms (boundedTerms: bounded, last hidden layer tanh or sigmoid, linear
// output), so U = the regulariser, hess U = lambda I / T exactly, and the frame pays exp(osc MLP / T)
// over the set. That oscillation is certified on a cover of the set by boxes that grow geometrically
// to |x| = 2^24 and end in unbounded ones: far out every neuron with a nonzero weight along the
// unbounded axis is saturated on a box, so the interval range there is close to the network's limit.
// The frame is made of rows and columns continued to infinity and four quadrants (networkSets): the
// fewer directions at infinity a frame set spans, the smaller the network's oscillation over it.
// Nothing here is trusted.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import { checkLocalPoincare, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { MAX_DECOMPOSITION_SETS } from '../kernel/checks/blockGap.js';
import { boundedNetworkTerms, type IntegrationEvidence } from '../audit/integrate.js';
import { cellPiece, type GridProposal } from './gridDecomposition.js';
import { adaptiveSets, chainRefinedCells, adaptiveCells, type AdaptiveGridOptions } from './adaptiveGrid.js';
import { assembleScaledDecomposition } from './edgeScales.js';

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
  /** Progress: each frame set's local constant as it is found. */
  readonly onFrame?: (set: Box, constant: number) => void;
}

/** A frame set's piece: W = the energy's bounded network terms (if that is accepted), else the
 *  expression producer's search (W = 0 or lifts). */
export function networkFramePiece(energy: Energy, temperature: number, set: Box, terms: readonly number[], opts: Pick<NetworkGridOptions, 'subBoxes' | 'frameStep' | 'frameNear'>): { piece: PoincarePieceEvidence; constant: number } {
  const piece: PoincarePieceEvidence = { set, bump: null, boundedTerms: terms, cover: frameCover(set, opts.subBoxes ?? 4, opts.frameStep ?? 1, opts.frameNear ?? 4) };
  const r = checkLocalPoincare(energy.model, temperature, piece, 'frame');
  return { piece, constant: r.ok ? r.value.constant : Infinity };
}

/** Each set's piece: bounded cells by the expression producer's lift search, frame sets by
 *  networkFramePiece. */
export function networkPieceFor(energy: Energy, temperature: number, opts: NetworkGridOptions): (set: Box) => { piece: PoincarePieceEvidence; constant: number } {
  const terms = boundedNetworkTerms(energy.model);
  return (set) => {
    const bounded = set.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi));
    if (bounded || terms.length === 0) return cellPiece(energy, temperature, set, { subBoxes: opts.subBoxes, search: opts.search ?? 'sampled' });
    const found = networkFramePiece(energy, temperature, set, terms, opts);
    opts.onFrame?.(set, found.constant);
    return found;
  };
}

/**
 * The grid decomposition of a 2-d network energy: the adaptive cells (`refine` for cells placed by the
 * float model of the bound, else cut by curvature), pieces by networkPieceFor, the edge-scaled block
 * chain with masses from the integration evidence (refined at the overlaps up to `maxBoxes`). The
 * kernel's checkPoincareDecomposition decides; this is the function a caller (`check`, `audit`) uses.
 */
export function proposeNetworkGridDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, opts: NetworkGridOptions): GridProposal {
  if (energy.dim !== 2) throw new Error('network grid decomposition: 2-d energies only');
  if (boundedNetworkTerms(energy.model).length === 0) throw new Error('network grid decomposition: the energy has no bounded network term (a network whose last hidden layer is tanh or sigmoid, linear output)');
  const pieceFor = networkPieceFor(energy, temperature, opts);
  const rows = (opts.frame ?? 'rows') === 'rows';
  // networkSets has 2 base + 2 more frame sets than adaptiveSets, whose budget the cells assume.
  const adaptive: AdaptiveGridOptions = { ...opts, pieceFor, maxSets: (opts.maxSets ?? MAX_DECOMPOSITION_SETS) - (rows ? 2 * opts.base + 2 : 0) };
  const cells = opts.refine ? chainRefinedCells(energy, temperature, { ...adaptive, minWidth: opts.refine.minWidth, rounds: opts.refine.rounds }, opts.refine.say) : adaptiveCells(energy, temperature, adaptive);
  const { sets, edges } = rows ? networkSets(cells, opts) : adaptiveSets(cells, opts);
  if (sets.length > MAX_DECOMPOSITION_SETS) throw new Error(`network grid decomposition: ${sets.length} sets, the kernel takes at most ${MAX_DECOMPOSITION_SETS}`);
  const sized = sets.map(pieceFor);
  return assembleScaledDecomposition(energy, temperature, integration, sized, edges, opts.maxBoxes ?? integration.boxes.length, [1e-6, 1e-4, 1e-2, 1e-1, 0.5], opts.onScaleTry);
}
