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
import { assembleScaledDecomposition } from './edgeScales.js';

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
  /** Cut positions per axis (increasing, first and last = the inner box's ends); overrides the
   *  uniform `cells` (whose counts must then be the cuts' lengths minus one). */
  readonly cuts?: readonly [readonly number[], readonly number[]];
  /** Scale the block chain's edges (src/certify/edgeScales.ts): the evidence then carries
   *  edgeScales, which every writer of the evidence must pass on for verify to replay it. */
  readonly scaleEdges?: boolean;
  /** Lift search on bounded cells: 'ladder' (default; 33 kernel checks per cell) or 'sampled' (the
   *  float optimum over sampled Hessians and a few larger multiples; the ladder if none is accepted). */
  readonly search?: 'ladder' | 'sampled';
  /** Progress: each scaling tried (exponent, float lambda_2, float constant). */
  readonly onScaleTry?: (exponent: number, lambda: number, constant: number) => void;
}

const AXIS_FACTORS = [0, 0.125, 0.25, 0.5, 0.71, 1.41, 2, 4];
const WHOLE: Interval = { lo: -Infinity, hi: Infinity };

/** The cut positions per axis: the caller's, or `cells` equal cells over the inner box. */
export function gridCuts(opts: GridCoverOptions): [readonly number[], readonly number[]] {
  if (opts.cuts) return [opts.cuts[0], opts.cuts[1]];
  const uniform = (r: Interval, n: number): number[] => Array.from({ length: n + 1 }, (_, k) => (k === 0 ? r.lo : k === n ? r.hi : r.lo + ((r.hi - r.lo) / n) * k));
  return [uniform(opts.inner[0], opts.cells[0]), uniform(opts.inner[1], opts.cells[1])];
}

/** The cells (row-major, x1 fastest), then the bottom row and the top row (cells of the grid's
 *  columns reaching -/+ infinity in x2), then left and right (all x2); and the edges of the block
 *  chain: neighbours in the grid and along each row, and each frame set with the sets along its side. */
export function gridSets(opts: GridCoverOptions): { sets: Box[]; edges: [number, number][] } {
  const [x1, x2] = gridCuts(opts);
  const n1 = x1.length - 1, n2 = x2.length - 1;
  // Each cut's half-overlap: a fraction of the narrower of the two cells it separates (below half
  // of each, so no point is in more than two sets per axis).
  const uniformHalf = opts.cuts ? null : [opts.overlap * ((opts.inner[0].hi - opts.inner[0].lo) / n1), opts.overlap * ((opts.inner[1].hi - opts.inner[1].lo) / n2)];
  const half = (x: readonly number[], k: number): number => uniformHalf ? uniformHalf[x === x1 ? 0 : 1]! : opts.overlap * Math.min(k > 0 ? x[k]! - x[k - 1]! : Infinity, k < x.length - 1 ? x[k + 1]! - x[k]! : Infinity);
  const span = (x: readonly number[], k: number): Interval => ({ lo: x[k]! - half(x, k), hi: x[k + 1]! + half(x, k + 1) });
  const column = (i: number): Interval => span(x1, i);
  const sets: Box[] = [];
  const cell = (i: number, j: number): number => j * n1 + i;
  for (let j = 0; j < n2; j++) for (let i = 0; i < n1; i++) sets.push([column(i), span(x2, j)]);
  const bottom = (i: number): number => n1 * n2 + i;
  const top = (i: number): number => n1 * n2 + n1 + i;
  for (let i = 0; i < n1; i++) sets.push([column(i), { lo: -Infinity, hi: x2[0]! + half(x2, 0) }]);
  for (let i = 0; i < n1; i++) sets.push([column(i), { lo: x2[n2]! - half(x2, n2), hi: Infinity }]);
  const left = sets.push([{ lo: -Infinity, hi: x1[0]! + half(x1, 0) }, WHOLE]) - 1;
  const right = sets.push([{ lo: x1[n1]! - half(x1, n1), hi: Infinity }, WHOLE]) - 1;
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
  return gridPiecesWithConstants(energy, temperature, opts).map((p) => p.piece);
}

/** gridPieces with each piece's local constant (the kernel's exp(osc)/m, Infinity if refused). */
export function gridPiecesWithConstants(energy: Energy, temperature: number, opts: GridCoverOptions): { piece: PoincarePieceEvidence; constant: number }[] {
  return gridSets(opts).sets.map((set) => cellPiece(energy, temperature, set, opts));
}

/** One set's piece: sub-box cover and the best W found (see gridPieces), with its local constant. */
export function cellPiece(energy: Energy, temperature: number, set: Box, opts: Pick<GridCoverOptions, 'subBoxes' | 'frameBumps' | 'search'>): { piece: PoincarePieceEvidence; constant: number } {
  {
    const n = opts.subBoxes ?? 4;
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
    if (!bounded.some(Boolean)) return { piece: best, constant: bestC };
    const mid = set.map((c) => 0.5 * c.lo + 0.5 * c.hi);
    const lift = (base: string, c: readonly number[]): string =>
      `${base ? `${base} ` : ''}-(${c.map((ci, i) => (bounded[i] ? `${ci} * (x${i + 1} - (${mid[i]}))^2` : '0')).join(' + ')})`;
    if (opts.search === 'sampled' && bounded.every(Boolean)) {
      // The float optimum over sampled Hessians, then more lift while the kernel's constant improves
      // (its interval Hessian bounds sit below the samples); the ladder only if nothing is accepted.
      const a = sampledLift(energy, temperature, set);
      if (a) {
        let c = a.map((ai) => ai * temperature);
        for (const scale of [1, 1.25, 1.6, 2, 2.5, 3.2]) {
          const next = a.map((ai) => ai * scale * temperature);
          if (consider(lift('', next))) c = next;
          else if (Number.isFinite(bestC) && scale > 1) break;
        }
        if (Number.isFinite(bestC)) {
          // One anisotropic step: each axis's coefficient alone, 0.7x and 1.4x.
          for (const axis of [0, 1]) for (const f of [0.7, 1.4]) {
            const next = c.map((ci, i) => (i === axis ? ci * f : ci));
            if (consider(lift('', next))) { c = next; break; }
          }
          return { piece: best, constant: bestC };
        }
      }
    }
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
    return { piece: best, constant: bestC };
  }
}

/**
 * The lift a = (a1, a2) (f-units: hess U = hess f + 2 diag(a), osc W = sum a_i w_i^2 / 4) minimising
 * sum a_i w_i^2 / 4 - ln m(a), m(a) = the least lambda_min(hess f + 2 diag(a)) over 7 x 7 sample
 * points of the cell (floats; optimistic next to the kernel's interval bounds). null if no a helps.
 */
export function sampledLift(energy: Energy, temperature: number, set: Box): [number, number] | null {
  return sampledLiftWithValue(energy, temperature, set)?.lift ?? null;
}

/** The sampled objective sum a_i w_i^2 / 4 - ln m(a) at the optimum (ln of the float constant). */
export function liftObjective(energy: Energy, temperature: number, set: Box): number {
  return sampledLiftWithValue(energy, temperature, set)?.value ?? Infinity;
}

function sampledLiftWithValue(energy: Energy, temperature: number, set: Box): { lift: [number, number]; value: number } | null {
  const n = 7;
  const w = set.map((c) => c.hi - c.lo);
  const samples: [number, number, number][] = [];
  const x = new Float64Array(2);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    x[0] = set[0]!.lo + (w[0]! * i) / (n - 1);
    x[1] = set[1]!.lo + (w[1]! * j) / (n - 1);
    const h = energy.hessian(x);
    samples.push([h[0]! / temperature, h[1]! / temperature, h[3]! / temperature]);
  }
  const least = (a1: number, a2: number): number => {
    let m = Infinity;
    for (const [h11, h12, h22] of samples) {
      const p = h11 + 2 * a1, r = h22 + 2 * a2;
      m = Math.min(m, 0.5 * (p + r) - Math.sqrt(0.25 * (p - r) ** 2 + h12 * h12));
    }
    return m;
  };
  const values = (wi: number): number[] => [0, ...Array.from({ length: 48 }, (_, k) => (0.02 / (wi * wi)) * 2 ** (k / 4))];
  let best: [number, number] | null = null, bestG = Infinity;
  for (const a1 of values(w[0]!)) for (const a2 of values(w[1]!)) {
    const m = least(a1, a2);
    if (!(m > 0)) continue;
    const g = (a1 * w[0]! * w[0]!) / 4 + (a2 * w[1]! * w[1]!) / 4 - Math.log(m);
    if (g < bestG) { bestG = g; best = [a1, a2]; }
  }
  return best ? { lift: best, value: bestG } : null;
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
  const sized = gridPiecesWithConstants(energy, temperature, opts);
  const pieces = sized.map((p) => p.piece);
  if (pieces.length > MAX_DECOMPOSITION_SETS) throw new Error(`grid decomposition: ${pieces.length} sets, the kernel takes at most ${MAX_DECOMPOSITION_SETS}`);
  const shades = [1e-6, 1e-4, 1e-2, 1e-1, 0.5];
  if (!opts.scaleEdges) return assembleDecomposition(energy, temperature, integration, pieces, pairs, opts.maxBoxes ?? integration.boxes.length, shades);
  return assembleScaledDecomposition(energy, temperature, integration, sized, pairs, opts.maxBoxes ?? integration.boxes.length, shades, opts.onScaleTry);
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
