// Producer (untrusted) of a covering-decomposition Poincare certificate for 2-d energies whose
// non-convexity is not along one axis (rings of wells, several basins; proofs/poincare-decomposition.md):
// a grid of overlapping cells over a bounded box B = [a1, b1] x [a2, b2], a row of cells below and one
// above it reaching -/+ infinity in x2 (the grid's columns continued), and two unbounded frame sets
// left {x1 <= a1 + d1} and right {x1 >= b1 - d1}: together they cover R^2. Each cell carries W_E = -(c1 (x1 - m1)^2 + c2 (x2 - m2)^2) (a lift of the curvature
// by 2 c_i at a cost osc W = sum c_i (w_i / 2)^2 / T), c from a ladder search on the kernel's own
// exp(osc) / m; frame sets carry W = 0 or one of the caller's candidate bumps. Cells small enough
// that the lift is cheap make each local constant O(T / curvature); the barriers are paid once, by the
// block chain's masses at the overlaps (the cells' grid is the chain). Nothing here is trusted.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import type { IntegralBracket } from '../kernel/integration/evidence.js';
import { checkLocalPoincare, type PoincareDecompositionEvidence, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';
import { MAX_DECOMPOSITION_SETS } from '../kernel/checks/blockGap.js';
import type { IntegrationEvidence } from '../audit/integrate.js';
import { assembleDecomposition, bestAcceptedDecomposition } from './poincareProducer.js';

export interface GridCoverOptions {
  /** The bounded box B that the cells tile. */
  readonly inner: readonly [Interval, Interval];
  /** Cells per axis. */
  readonly cells: readonly [number, number];
  /** Half-overlap of neighbouring sets as a fraction of the cell width (below 0.5). */
  readonly overlap: number;
  /** Sub-boxes per axis of each cell for the curvature and range checks (default 4). */
  readonly subBoxes?: number;
  /** Candidate W_E for the unbounded frame sets, besides W = 0 (e.g. an energy's bounded terms). */
  readonly frameBumps?: readonly string[];
}

const AXIS_FACTORS = [0, 0.125, 0.25, 0.5, 0.71, 1.41, 2, 4];
const WHOLE: Interval = { lo: -Infinity, hi: Infinity };

/** The cells (row-major, x1 fastest), then the bottom row and the top row (cells of the grid's
 *  columns reaching -/+ infinity in x2), then left and right (all x2); and the edges of the block
 *  chain: neighbours in the grid and along each row, and each frame set with the sets along its side. */
export function gridSets(opts: GridCoverOptions): { sets: Box[]; edges: [number, number][] } {
  const [n1, n2] = opts.cells;
  const [r1, r2] = opts.inner;
  const w1 = (r1.hi - r1.lo) / n1, w2 = (r2.hi - r2.lo) / n2;
  const d1 = opts.overlap * w1, d2 = opts.overlap * w2;
  const cut = (r: Interval, w: number, n: number, k: number): number => (k === 0 ? r.lo : k === n ? r.hi : r.lo + w * k);
  const column = (i: number): Interval => ({ lo: cut(r1, w1, n1, i) - d1, hi: cut(r1, w1, n1, i + 1) + d1 });
  const sets: Box[] = [];
  const cell = (i: number, j: number): number => j * n1 + i;
  for (let j = 0; j < n2; j++) for (let i = 0; i < n1; i++) sets.push([column(i), { lo: cut(r2, w2, n2, j) - d2, hi: cut(r2, w2, n2, j + 1) + d2 }]);
  const bottom = (i: number): number => n1 * n2 + i;
  const top = (i: number): number => n1 * n2 + n1 + i;
  for (let i = 0; i < n1; i++) sets.push([column(i), { lo: -Infinity, hi: r2.lo + d2 }]);
  for (let i = 0; i < n1; i++) sets.push([column(i), { lo: r2.hi - d2, hi: Infinity }]);
  const left = sets.push([{ lo: -Infinity, hi: r1.lo + d1 }, WHOLE]) - 1;
  const right = sets.push([{ lo: r1.hi - d1, hi: Infinity }, WHOLE]) - 1;
  const edges: [number, number][] = [];
  for (let j = 0; j < n2; j++) for (let i = 0; i < n1; i++) {
    if (i + 1 < n1) edges.push([cell(i, j), cell(i + 1, j)]);
    if (j + 1 < n2) edges.push([cell(i, j), cell(i, j + 1)]);
  }
  for (let i = 0; i < n1; i++) {
    edges.push([cell(i, 0), bottom(i)], [cell(i, n2 - 1), top(i)]);
    if (i + 1 < n1) edges.push([bottom(i), bottom(i + 1)], [top(i), top(i + 1)]);
  }
  for (let j = 0; j < n2; j++) edges.push([cell(0, j), left], [cell(n1 - 1, j), right]);
  edges.push([bottom(0), left], [top(0), left], [bottom(n1 - 1), right], [top(n1 - 1), right]);
  return { sets, edges: edges.map(([i, j]) => (i < j ? [i, j] : [j, i])) };
}

/** The set's bounded part cut into n x n boxes; an unbounded side adds boxes reaching infinity. */
function subCover(set: Box, n: number): Box[] {
  const axes = set.map((c) => {
    if (Number.isFinite(c.lo) && Number.isFinite(c.hi)) return Array.from({ length: n }, (_, k) => ({ lo: k === 0 ? c.lo : c.lo + ((c.hi - c.lo) * k) / n, hi: k === n - 1 ? c.hi : c.lo + ((c.hi - c.lo) * (k + 1)) / n }));
    return [c];
  });
  const out: Box[] = [];
  for (const a of axes[0]!) for (const b of axes[1]!) out.push([a, b]);
  return out;
}

function localConstant(energy: Energy, temperature: number, piece: PoincarePieceEvidence): number {
  const r = checkLocalPoincare(energy.model, temperature, piece, 'set');
  return r.ok ? r.value.constant : Infinity;
}

/** Each set's W: a ladder of lifts along its bounded axes (isotropic on cells, then each axis's
 *  coefficient moved alone), added to each candidate frame bump on sets that reach infinity. */
export function gridPieces(energy: Energy, temperature: number, opts: GridCoverOptions): PoincarePieceEvidence[] {
  const { sets } = gridSets(opts);
  const n = opts.subBoxes ?? 4;
  return sets.map((set) => {
    const cover = subCover(set, n);
    let best: PoincarePieceEvidence = { set, bump: null, cover };
    let bestC = localConstant(energy, temperature, best);
    const consider = (bump: string): boolean => {
      const candidate: PoincarePieceEvidence = { set, bump, cover };
      const value = localConstant(energy, temperature, candidate);
      if (value < bestC) { bestC = value; best = candidate; return true; }
      return false;
    };
    const bounded = set.map((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi));
    const bases = bounded.every(Boolean) ? [''] : ['', ...(opts.frameBumps ?? [])];
    for (const b of bases) if (b) consider(b);
    if (!bounded.some(Boolean)) return best;
    const mid = set.map((c) => 0.5 * c.lo + 0.5 * c.hi);
    const lift = (base: string, c: readonly number[]): string =>
      `${base ? `${base} ` : ''}-(${c.map((ci, i) => (bounded[i] ? `${ci} * (x${i + 1} - (${mid[i]}))^2` : '0')).join(' + ')})`;
    const ladder = Array.from({ length: 17 }, (_, k) => 2 ** ((k - 6) / 2));
    for (const base of bases) {
      let iso = 0;
      for (const c of ladder) if (consider(lift(base, [c, c]))) iso = c;
      if (iso === 0 || !bounded.every(Boolean)) continue;
      let c1 = iso;
      // Factor 0: no lift along an axis where f is already convex enough.
      for (const f of AXIS_FACTORS) if (consider(lift(base, [iso * f, iso]))) c1 = iso * f;
      for (const f of AXIS_FACTORS) consider(lift(base, [c1, iso * f]));
    }
    return best;
  });
}

export interface GridProposal {
  readonly evidence: PoincareDecompositionEvidence;
  readonly integration: IntegrationEvidence;
  readonly bracket: IntegralBracket;
}

/** The whole grid decomposition: pieces, overlap refinement of the integration leaves (up to
 *  maxBoxes), the masses from the kernel, and the largest shaded lambda_2 the PSD check accepts. */
export function proposeGridDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, opts: GridCoverOptions & { readonly maxBoxes?: number }): GridProposal {
  if (energy.dim !== 2) throw new Error('grid decomposition: 2-d energies only');
  const { edges: pairs } = gridSets(opts);
  const pieces = gridPieces(energy, temperature, opts);
  if (pieces.length > MAX_DECOMPOSITION_SETS) throw new Error(`grid decomposition: ${pieces.length} sets, the kernel takes at most ${MAX_DECOMPOSITION_SETS}`);
  return assembleDecomposition(energy, temperature, integration, pieces, pairs, opts.maxBoxes ?? integration.boxes.length, [1e-6, 1e-4, 1e-2, 1e-1, 0.5]);
}

/** Grid patterns over the inner box of the integration (cells of about `cellWidths`, all capped by
 *  the kernel's set limit). */
export function gridPatterns(inner: readonly [Interval, Interval], cellWidths: readonly number[], overlaps: readonly number[] = [0.15]): GridCoverOptions[] {
  const out: GridCoverOptions[] = [];
  for (const w of cellWidths) for (const overlap of overlaps) {
    const n1 = Math.max(1, Math.round((inner[0].hi - inner[0].lo) / w));
    const n2 = Math.max(1, Math.round((inner[1].hi - inner[1].lo) / w));
    if (n1 * n2 + 2 * n1 + 2 <= MAX_DECOMPOSITION_SETS) out.push({ inner, cells: [n1, n2], overlap });
  }
  return out;
}

/** The best kernel-accepted grid decomposition over the patterns (by certified gap), or null. */
export function proposeBestGridDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, patterns: readonly GridCoverOptions[], maxBoxes?: number): (GridProposal & { readonly gap: number }) | null {
  return bestAcceptedDecomposition(energy, temperature, patterns, (p) => proposeGridDecomposition(energy, temperature, integration, { ...p, maxBoxes }));
}
