// Does a finite list of closed boxes cover all of R^d? The trusted check behind every
// "over the whole space" claim: a certificate's leaf boxes (inside a bounding box) and its
// unbounded outer boxes must together cover R^d, or a bound proved on them says nothing.
//
// Method: covers(region) holds when one box contains the region; otherwise cut the region at an
// endpoint of some box that lies strictly inside it and require both halves to be covered. Every
// cut removes one candidate endpoint, so the recursion ends; when no endpoint lies inside and no
// box contains the region, some part of it is uncovered. Closed boxes: covering the interior of a
// closed region covers the region (a finite union of closed sets is closed).
import type { Interval } from '../interval.js';

export type Box = readonly Interval[];

export interface CoverResult {
  readonly ok: boolean;
  readonly reason?: string;
}

/** Largest number of boxes a certificate may carry (keeps verify's cost bounded). */
export const MAX_COVER_BOXES = 50_000;

export function validateBox(box: Box, dim: number, where: string): string | undefined {
  // Evidence comes from a file: anything that is not a list of intervals is refused, never dereferenced.
  if (!Array.isArray(box)) return `${where}: not a box`;
  if (box.length !== dim) return `${where}: has ${box.length} coordinates, expected ${dim}`;
  for (let i = 0; i < dim; i++) {
    const c: unknown = box[i];
    if (typeof c !== 'object' || c === null || typeof (c as Interval).lo !== 'number' || typeof (c as Interval).hi !== 'number') return `${where}[${i}]: not an interval`;
    const { lo, hi } = c as Interval;
    if (Number.isNaN(lo) || Number.isNaN(hi)) return `${where}[${i}]: NaN endpoint`;
    if (!(lo <= hi)) return `${where}[${i}]: lo ${lo} > hi ${hi}`;
    if (lo === Infinity || hi === -Infinity) return `${where}[${i}]: empty coordinate [${lo}, ${hi}]`;
  }
  return undefined;
}

/** True when boxes cover all of R^dim. */
export function checkCoversSpace(boxes: readonly Box[], dim: number): CoverResult {
  if (!Number.isInteger(dim) || dim < 1) return { ok: false, reason: `cover: bad dimension ${dim}` };
  if (boxes.length > MAX_COVER_BOXES) return { ok: false, reason: `cover: ${boxes.length} boxes exceed the limit ${MAX_COVER_BOXES}` };
  for (let k = 0; k < boxes.length; k++) {
    const bad = validateBox(boxes[k]!, dim, `boxes[${k}]`);
    if (bad) return { ok: false, reason: `cover: ${bad}` };
  }
  const whole: Interval[] = Array.from({ length: dim }, () => ({ lo: -Infinity, hi: Infinity }));
  const gap = findUncovered(whole, boxes);
  if (gap) return { ok: false, reason: `cover: the boxes leave a gap at ${formatBox(gap)}` };
  return { ok: true };
}

/** True when boxes cover the closed box `region` (endpoints may be infinite); used for the local
 *  sets of a covering decomposition (checks/poincareDecomposition.ts). */
export function checkCoversRegion(boxes: readonly Box[], region: Box): CoverResult {
  const dim = region.length;
  const badRegion = validateBox(region, dim, 'region');
  if (dim < 1 || badRegion) return { ok: false, reason: `cover: ${badRegion ?? 'empty region'}` };
  if (boxes.length > MAX_COVER_BOXES) return { ok: false, reason: `cover: ${boxes.length} boxes exceed the limit ${MAX_COVER_BOXES}` };
  for (let k = 0; k < boxes.length; k++) {
    const bad = validateBox(boxes[k]!, dim, `boxes[${k}]`);
    if (bad) return { ok: false, reason: `cover: ${bad}` };
  }
  // A region of zero width in some coordinate has no interior; findUncovered needs one to be meaningful.
  if (!region.every((c) => c.lo < c.hi)) return { ok: false, reason: `cover: region ${formatBox(region)} has an empty interior` };
  const gap = findUncovered(region.map((c) => ({ lo: c.lo, hi: c.hi })), boxes);
  if (gap) return { ok: false, reason: `cover: the boxes leave a gap at ${formatBox(gap)}` };
  return { ok: true };
}

/** An uncovered sub-region of the closed box `region` (validated boxes), or undefined when the boxes
 *  cover it (far-field covers: the cube around the centre and each face of [-1, 1]^d). */
export function uncoveredPart(region: readonly Interval[], boxes: readonly Box[]): Interval[] | undefined {
  return findUncovered([...region], boxes);
}

/** Returns an uncovered sub-region of `region`, or undefined when it is covered. */
function findUncovered(region: Interval[], boxes: readonly Box[]): Interval[] | undefined {
  // Only boxes whose intersection with the region has an interior matter.
  const relevant = boxes.filter((b) => region.every((r, i) => Math.max(r.lo, b[i]!.lo) < Math.min(r.hi, b[i]!.hi)));
  if (relevant.length === 0) return region;
  if (relevant.some((b) => region.every((r, i) => b[i]!.lo <= r.lo && r.hi <= b[i]!.hi))) return undefined;
  const cut = chooseCut(region, relevant);
  if (!cut) return region; // no endpoint inside and no box contains it: cannot happen for a cover
  const [i, v] = cut;
  const left = region.map((r, j) => (j === i ? { lo: r.lo, hi: v } : r));
  const right = region.map((r, j) => (j === i ? { lo: v, hi: r.hi } : r));
  return findUncovered(left, relevant) ?? findUncovered(right, relevant);
}

/** The endpoint strictly inside the region that cuts through the fewest boxes (a guillotine cut
 *  of a bisection tree cuts none), so partitions from branch and bound are checked in near-linear work.
 *  The choice affects only the work, never the answer (exported for its tests). */
export function chooseCut(region: Interval[], boxes: readonly Box[]): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestCrossing = Infinity;
  for (let i = 0; i < region.length; i++) {
    const { lo: rlo, hi: rhi } = region[i]!;
    const los = boxes.map((b) => b[i]!.lo).sort((a, b) => a - b);
    const his = boxes.map((b) => b[i]!.hi).sort((a, b) => a - b);
    const candidates = new Set<number>();
    for (const v of los) if (rlo < v && v < rhi) candidates.add(v);
    for (const v of his) if (rlo < v && v < rhi) candidates.add(v);
    for (const v of candidates) {
      // boxes with lo < v < hi: (#lo < v) - (#hi <= v), since lo <= hi.
      const crossing = countBelow(los, v, false) - countBelow(his, v, true);
      if (crossing < bestCrossing) {
        bestCrossing = crossing;
        best = [i, v];
      }
    }
  }
  return best;
}

/** How many entries of the ascending list are < v (or <= v when inclusive); exported for its tests. */
export function countBelow(sorted: number[], v: number, inclusive: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v || (inclusive && sorted[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function formatBox(box: Box): string {
  return '[' + box.map((c) => `${c.lo}:${c.hi}`).join(', ') + ']';
}
