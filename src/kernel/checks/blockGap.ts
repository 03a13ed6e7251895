// The two combinatorial hypotheses of the covering-decomposition Poincare bound
// (proofs/poincare-decomposition.md): the multiplicity Theta of a cover by boxes, and a lower bound t
// on the spectral gap of the block chain, i.e. on lambda_2 of L v = lambda Q v, where L is the graph
// Laplacian with edge weights omega_ij <= pi(A_i cap A_j) and Q = diag(q), q_i >= pi(A_i).
// t is certified when M = L + beta q q^T - t Q is positive semidefinite (then y^T L y >= t y^T Q y for
// every y with q^T y = 0), shown by the interval eigenvalue bounds of kernel/eigen.ts.
import { add, mul, point, sub, type Interval } from '../interval.js';
import { symmetricEigenBounds } from '../eigen.js';
import { addHi } from '../rounding.js';
import type { Box } from './cover.js';
import { tryEnclose, type CheckOutcome } from './common.js';

/** Most sets a decomposition may carry (a 2-d grid cover of a ring needs a few hundred: at T = 0.2 the
 *  8-well ring's gap rose 2.6x from 394 to 493 sets; the clique search below stops at
 *  CLIQUE_SEARCH_BUDGET nodes and the interval eigenvalue bounds are O(k^3), about a minute at 500). */
export const MAX_DECOMPOSITION_SETS = 500;

/** Search nodes after which heaviestClique answers the sum of all weights (a bound that is always sound). */
export const CLIQUE_SEARCH_BUDGET = 2_000_000;

/** Two closed boxes share a point. */
export function closedBoxesMeet(a: Box, b: Box): boolean {
  return a.every((c, i) => Math.max(c.lo, b[i]!.lo) <= Math.min(c.hi, b[i]!.hi));
}

/**
 * An upper bound on max_x sum_{i : x in A_i} w_i for closed boxes A_i and weights w_i >= 0: the
 * heaviest clique of the graph "closed boxes meet" (the boxes containing a common point pairwise
 * meet, so they form a clique). With unit weights, the cover's multiplicity Theta. Exhaustive search
 * with pruning (cheap for box covers of low multiplicity); past CLIQUE_SEARCH_BUDGET search nodes it
 * returns the sum of all weights, which bounds every clique. The sums are rounded up.
 */
export function heaviestClique(boxes: readonly Box[], weights: readonly number[], budget = CLIQUE_SEARCH_BUDGET): number {
  const n = boxes.length;
  const adj = boxes.map((a, i) => boxes.map((b, j) => i !== j && closedBoxesMeet(a, b)));
  let best = 0;
  let visited = 0;
  const total = (ids: readonly number[]): number => ids.reduce((s, i) => addHi(s, weights[i]!), 0);
  const grow = (clique: number[], weight: number, candidates: number[]): void => {
    if (++visited > budget) return;
    if (candidates.length === 0) {
      best = Math.max(best, weight);
      return;
    }
    if (addHi(weight, total(candidates)) <= best) return;
    for (let k = 0; k < candidates.length; k++) {
      const v = candidates[k]!;
      grow([...clique, v], addHi(weight, weights[v]!), candidates.slice(k + 1).filter((u) => adj[v]![u]));
    }
  };
  const everyone = Array.from({ length: n }, (_, i) => i);
  grow([], 0, everyone);
  return visited > budget ? total(everyone) : best;
}

/** The cover's multiplicity bound Theta (heaviest clique with unit weights). */
export function coverMultiplicity(boxes: readonly Box[]): number {
  return heaviestClique(boxes, boxes.map(() => 1));
}

export interface BlockEdge {
  readonly i: number;
  readonly j: number;
  /** Lower bound on pi(A_i cap A_j) (>= 0). */
  readonly weight: number;
}

/**
 * Whether t is a lower bound on lambda_2 of (L(omega), diag(q)): M = L + beta q q^T - t diag(q) is
 * built in outward-rounded interval arithmetic from the doubles given, and accepted only when the
 * lower bound on lambda_min(M) is >= 0. q_i > 0, omega_ij >= 0, beta >= 0, t > 0 are required.
 */
export function checkBlockGap(q: readonly number[], edges: readonly BlockEdge[], beta: number, t: number): CheckOutcome<{ readonly minEigenvalue: number }> {
  const k = q.length;
  if (k < 2) return { ok: false, reason: `block gap: ${k} sets, need at least 2` };
  if (!q.every((v) => Number.isFinite(v) && v > 0)) return { ok: false, reason: 'block gap: every mass bound must be positive and finite' };
  if (!(Number.isFinite(beta) && beta >= 0)) return { ok: false, reason: `block gap: beta ${beta} must be finite and >= 0` };
  if (!(Number.isFinite(t) && t > 0)) return { ok: false, reason: `block gap: the claimed lambda_2 bound ${t} must be positive and finite` };
  const M: Interval[][] = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => mul(point(beta), mul(point(q[i]!), point(q[j]!)))));
  for (let i = 0; i < k; i++) M[i]![i] = sub(M[i]![i]!, mul(point(t), point(q[i]!)));
  for (const e of edges) {
    if (!(Number.isInteger(e.i) && Number.isInteger(e.j) && e.i >= 0 && e.j >= 0 && e.i < k && e.j < k && e.i !== e.j))
      return { ok: false, reason: `block gap: edge (${e.i}, ${e.j}) is not a pair of distinct sets` };
    if (!(Number.isFinite(e.weight) && e.weight >= 0)) return { ok: false, reason: `block gap: edge (${e.i}, ${e.j}) has weight ${e.weight}` };
    const w = point(e.weight);
    M[e.i]![e.j] = sub(M[e.i]![e.j]!, w);
    M[e.j]![e.i] = sub(M[e.j]![e.i]!, w);
    M[e.i]![e.i] = add(M[e.i]![e.i]!, w);
    M[e.j]![e.j] = add(M[e.j]![e.j]!, w);
  }
  const eig = tryEnclose(() => symmetricEigenBounds(M));
  if (!eig) return { ok: false, reason: 'block gap: the eigenvalue bounds failed' };
  if (!(eig.min.lo >= 0) && scaledIsPsd(M, q)) return { ok: true, value: { minEigenvalue: 0 } };
  if (!(eig.min.lo >= 0)) return { ok: false, reason: `block gap: lambda_2 >= ${t} is not certified (lambda_min(L + beta q q^T - t Q) >= ${eig.min.lo})` };
  return { ok: true, value: { minEigenvalue: eig.min.lo } };
}

/**
 * PSD of M through the congruence D M D, D = diag(1/sqrt(q_i)) as doubles (any positive diagonal
 * serves; its rounding does not matter): D M D is PSD iff M is, and its entries are enclosed by
 * interval products. Sets of
 * tiny mass (far from the modes) give M eigenvalues below the eigenvalue bounds' absolute error;
 * after scaling the relevant eigenvalues are those of the pencil minus t, of order lambda_2.
 */
function scaledIsPsd(M: readonly (readonly Interval[])[], q: readonly number[]): boolean {
  const s = q.map((v) => 1 / Math.sqrt(v));
  if (!s.every((v) => Number.isFinite(v) && v > 0)) return false;
  const scaled = M.map((row, i) => row.map((m, j) => mul(mul(m, point(s[i]!)), point(s[j]!))));
  const eig = tryEnclose(() => symmetricEigenBounds(scaled));
  return eig !== undefined && eig.min.lo >= 0;
}

/** Number of edges at each set. */
export function edgeDegrees(k: number, edges: readonly { readonly i: number; readonly j: number }[]): number[] {
  return scaledDegrees(k, edges);
}

/** Sum of the edge scales (default 1 each) at each set, rounded up. */
export function scaledDegrees(k: number, edges: readonly { readonly i: number; readonly j: number; readonly scale?: number }[]): number[] {
  const deg = new Array<number>(k).fill(0);
  for (const e of edges) {
    const s = e.scale ?? 1;
    deg[e.i] = addHi(deg[e.i]!, s);
    deg[e.j] = addHi(deg[e.j]!, s);
  }
  return deg;
}

/**
 * For each set i: an upper bound on max_{x in A_i} sum_{j : ij listed, x in A_j} mu_ij (mu default 1),
 * the heaviest clique of the boxes A_i cap A_j with weights mu_ij (boxes sharing a point pairwise
 * meet), summed with upward rounding. Never above the plain sum of the scales at i (scaledDegrees):
 * on a grid a point of a cell lies in at most two of its four neighbours' sets.
 */
export function overlapDegrees(sets: readonly Box[], edges: readonly { readonly i: number; readonly j: number; readonly scale?: number }[]): number[] {
  const boxes: Box[][] = sets.map(() => []);
  const weights: number[][] = sets.map(() => []);
  for (const e of edges) {
    const meet: Box = sets[e.i]!.map((c, k) => ({ lo: Math.max(c.lo, sets[e.j]![k]!.lo), hi: Math.min(c.hi, sets[e.j]![k]!.hi) }));
    for (const s of [e.i, e.j]) {
      boxes[s]!.push(meet);
      weights[s]!.push(e.scale ?? 1);
    }
  }
  return boxes.map((b, s) => (b.length === 0 ? 0 : heaviestClique(b, weights[s]!)));
}
