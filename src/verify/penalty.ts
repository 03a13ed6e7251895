// The penalty energy of constrained generation (README "Constrained generation", proofs/constraint.md):
// for each unsafe box, the half-space {x_i >= l_i} (or {x_i <= h_i}) of one of its faces that
// separates it from the initial mean, and the soft barrier
//   P(x) = lambda * sum_j softplus(k s_j(x))^2 / k^2,   s_j = x_i - (l_i - margin)  (or (h_i + margin) - x_i),
// which is C^2 and convex (softplus is convex, nondecreasing and positive, z -> z^2 is convex and
// nondecreasing on z >= 0, s_j is affine), ~ lambda s^2 deep inside the half-space and
// ~ lambda e^{2 k s} / k^2 outside. The composed energy E + P is what every claim is about; the
// half-space choice only affects how well it works, never soundness.
import type { Box } from '../kernel/box.js';

export interface PenaltyParams {
  /** lambda > 0 (E-units). */
  readonly weight: number;
  /** k > 0: width 1/k of the soft corner. */
  readonly sharpness: number;
  /** The half-space starts this far before the box face (>= 0). */
  readonly margin: number;
}

export const DEFAULT_PENALTY: PenaltyParams = { weight: 20, sharpness: 4, margin: 0.5 };

/** A half-space x_coord >= bound (side 1) or x_coord <= bound (side -1). */
export interface HalfSpace {
  readonly coord: number;
  readonly side: 1 | -1;
  readonly face: number;
}

/**
 * The face of the box with the initial mean farthest outside it: the unsafe box lies in the
 * half-space beyond that face and the mean does not. Null when the mean is inside the box.
 */
export function separatingHalfSpace(box: Box, mean: readonly number[]): HalfSpace | null {
  let best: { h: HalfSpace; gap: number } | null = null;
  box.forEach((c, i) => {
    const m = mean[i]!;
    const below = c.lo - m; // > 0: the mean is below the face x_i = lo
    const above = m - c.hi;
    if (below > 0 && (!best || below > best.gap)) best = { h: { coord: i, side: 1, face: c.lo }, gap: below };
    if (above > 0 && (!best || above > best.gap)) best = { h: { coord: i, side: -1, face: c.hi }, gap: above };
  });
  return best === null ? null : (best as { h: HalfSpace }).h;
}

/** A double as the expression parser reads it back exactly (shortest round-trip form, parenthesised if negative). */
function num(x: number): string {
  const s = String(x);
  return x < 0 || Object.is(x, -0) ? `(${s})` : s;
}

/** The penalty expression for a list of half-spaces (duplicates counted once). */
export function penaltyExpression(halfSpaces: readonly HalfSpace[], p: PenaltyParams): string {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const h of halfSpaces) {
    const key = `${h.coord}:${h.side}:${h.face}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const x = `x${h.coord + 1}`;
    const s = h.side === 1 ? `${x} - ${num(h.face - p.margin)}` : `${num(h.face + p.margin)} - ${x}`;
    terms.push(`softplus(${num(p.sharpness)} * (${s}))^2`);
  }
  return `${num(p.weight / (p.sharpness * p.sharpness))} * (${terms.join(' + ')})`;
}

/** Every unsafe box's separating half-space, or the index of the first box that contains the mean. */
export function penaltyFor(unsafe: readonly Box[], mean: readonly number[], p: PenaltyParams): { expression: string; halfSpaces: HalfSpace[] } | { insideBox: number } {
  const hs: HalfSpace[] = [];
  for (let j = 0; j < unsafe.length; j++) {
    const h = separatingHalfSpace(unsafe[j]!, mean);
    if (!h) return { insideBox: j };
    hs.push(h);
  }
  return { expression: penaltyExpression(hs, p), halfSpaces: hs };
}
