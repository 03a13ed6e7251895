// Boxes: one interval per coordinate, endpoints may be infinite. Helpers to check, split and
// describe them. Splitting is the only way branch and bound makes new boxes, so the two halves
// [lo, at] and [at, hi] always cover their parent exactly (proofs/enclosures.md, section 4).
import type { Interval } from './interval.js';

export type Box = readonly Interval[];

/** Throws unless every coordinate is a non-empty interval with lo <= hi (no NaN, no [+inf, +inf]). */
export function assertBox(box: Box, name = 'box'): void {
  if (box.length === 0) throw new Error(`${name}: has no coordinates`);
  box.forEach((c, i) => {
    if (!(c.lo <= c.hi)) throw new Error(`${name}[${i}]: [${c.lo}, ${c.hi}] is not an interval (lo > hi or NaN)`);
    if (c.lo === Infinity || c.hi === -Infinity) throw new Error(`${name}[${i}]: [${c.lo}, ${c.hi}] contains no real number`);
  });
}

export function boxFromPairs(pairs: readonly (readonly [number, number])[]): Interval[] {
  return pairs.map(([lo, hi]) => ({ lo, hi }));
}

export function pointBox(x: ArrayLike<number>): Interval[] {
  return Array.from(x, (v) => ({ lo: v, hi: v }));
}

export function isBounded(box: Box): boolean {
  return box.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi));
}

export function isPointBox(box: Box): boolean {
  return box.every((c) => c.lo === c.hi);
}

export function boxContainsPoint(box: Box, x: ArrayLike<number>): boolean {
  return box.every((c, i) => c.lo <= x[i]! && x[i]! <= c.hi);
}

/** a is inside b (coordinate-wise). */
export function boxInside(a: Box, b: Box): boolean {
  return a.length === b.length && a.every((c, i) => b[i]!.lo <= c.lo && c.hi <= b[i]!.hi);
}

export function boxesEqual(a: Box, b: Box): boolean {
  return a.length === b.length && a.every((c, i) => c.lo === b[i]!.lo && c.hi === b[i]!.hi);
}

/**
 * A representative point of the box, always finite: the cut point, else (a point, adjacent
 * doubles, or [-inf, -MAX] / [MAX, inf], which cannot be cut) a finite end.
 */
export function boxCenter(box: Box): Float64Array {
  return Float64Array.from(box, (c) => splitPoint(c.lo, c.hi) ?? (Number.isFinite(c.lo) ? c.lo : c.hi));
}

/**
 * Where to cut [lo, hi]: the midpoint when bounded, else a point that moves out geometrically
 * ([R, inf] at max(2R, 1) for R >= 0 and at 0 for R < 0; [-inf, inf] at 0). Null when the coordinate cannot be cut
 * (a point, or two adjacent doubles). An unbounded side is cut at 0 if it contains it, else at twice the finite end (at least 1 away).
 */
export function splitPoint(lo: number, hi: number): number | null {
  let at: number;
  if (lo === -Infinity && hi === Infinity) at = 0;
  else if (hi === Infinity) at = lo < 0 ? 0 : Math.max(2 * lo, 1);
  else if (lo === -Infinity) at = hi > 0 ? 0 : Math.min(2 * hi, -1);
  else at = 0.5 * lo + 0.5 * hi;
  if (!Number.isFinite(at)) at = lo === -Infinity ? -Number.MAX_VALUE : Number.MAX_VALUE;
  return lo < at && at < hi ? at : null;
}

/** The coordinate to bisect: an unbounded one first, else the widest; null if none can be cut. */
export function widestDimension(box: Box): number | null {
  let best: number | null = null;
  let bestWidth = -1;
  for (let i = 0; i < box.length; i++) {
    const c = box[i]!;
    if (splitPoint(c.lo, c.hi) === null) continue;
    const w = c.hi - c.lo; // Infinity for unbounded coordinates
    if (w > bestWidth) { best = i; bestWidth = w; }
  }
  return best;
}

/** The two halves of `box` cut at `at` along `dim` (lo <= at <= hi is required). */
export function splitBox(box: Box, dim: number, at: number): [Interval[], Interval[]] {
  const c = box[dim]!;
  if (!(c.lo <= at && at <= c.hi)) throw new Error(`splitBox: cut ${at} is outside [${c.lo}, ${c.hi}] on coordinate ${dim}`);
  const left = box.map((x) => ({ lo: x.lo, hi: x.hi }));
  const right = box.map((x) => ({ lo: x.lo, hi: x.hi }));
  left[dim] = { lo: c.lo, hi: at };
  right[dim] = { lo: at, hi: c.hi };
  return [left, right];
}

/** Largest coordinate width (Infinity if unbounded). */
export function maxWidth(box: Box): number {
  let w = 0;
  for (const c of box) w = Math.max(w, c.hi - c.lo);
  return w;
}

export function formatBox(box: Box): string {
  return box.map((c) => `${c.lo}:${c.hi}`).join(',');
}
