// Producer side (untrusted): grow a cover of R^d by splitting the worst box first. The kernel
// re-checks whatever this returns; a poor split choice costs tightness, never soundness.
import type { TimeCap } from './timeCap.js';
import type { Interval } from '../kernel/interval.js';
import type { Box } from '../kernel/checks/cover.js';

export interface RefineOptions {
  /** Centre of the region of interest: unbounded coordinates are first split here. */
  readonly center: readonly number[];
  /** Half-width of the region of interest (unbounded ends grow geometrically beyond it). */
  readonly radius: number;
  /** Score of a box: larger is better (for example lambda_min, or -spectral radius). */
  readonly score: (box: Box) => number;
  /** Stop when the worst score reaches this. */
  readonly goal: number;
  readonly maxBoxes: number;
  /** Stop early when the worst score has not improved for this many splits. */
  readonly patience?: number;
  /** Optional wall-clock safety cap (the search otherwise ends on maxBoxes, goal or patience). */
  readonly cap?: TimeCap;
}

export interface RefineResult {
  readonly boxes: Box[];
  readonly scores: number[];
  readonly worst: number;
}

/** Where to cut one coordinate: the centre for (-inf, inf), a geometric step outward for a half-line,
 *  the midpoint for a bounded interval. */
export function cutPoint(c: Interval, center: number, radius: number): number | undefined {
  if (c.lo === -Infinity && c.hi === Infinity) return center;
  if (c.hi === Infinity) return c.lo + Math.max(radius, Math.abs(c.lo - center));
  if (c.lo === -Infinity) return c.hi - Math.max(radius, Math.abs(c.hi - center));
  const mid = c.lo + (c.hi - c.lo) / 2;
  return mid > c.lo && mid < c.hi ? mid : undefined;
}

/** A size for tie-breaking between coordinates: a whole line counts more than a half-line, which
 *  counts more than the region; so ties alternate the cut coordinate instead of repeating one.
 *  Pieces outside the region count least: there a tie means the cut did not matter, and cutting a
 *  far half-line again only pushes it further out (geometric cuts never end), so ties go to the
 *  region, where a double well's barrier or a network's bumps sit. */
function extent(c: Interval, center: number, radius: number): number {
  if (c.lo === -Infinity && c.hi === Infinity) return 8 * radius;
  const inRegion = c.hi > center - radius && c.lo < center + radius;
  if (!inRegion) return 1e-3 * radius;
  if (!Number.isFinite(c.lo) || !Number.isFinite(c.hi)) return 4 * radius;
  return c.hi - c.lo;
}

export function splitBox(box: Box, i: number, at: number): [Box, Box] {
  const left = box.map((c, j) => (j === i ? { lo: c.lo, hi: at } : c));
  const right = box.map((c, j) => (j === i ? { lo: at, hi: c.hi } : c));
  return [left, right];
}

/** Worst-first refinement starting from the whole space. Each split tries every coordinate and
 *  keeps the one whose worse child scores best. */
export function refineCover(opts: RefineOptions, start?: Box[]): RefineResult {
  const dim = opts.center.length;
  const boxes: Box[] = start ? [...start] : [Array.from({ length: dim }, () => ({ lo: -Infinity, hi: Infinity }))];
  const scores = boxes.map(opts.score);
  const patience = opts.patience ?? Infinity;
  let bestWorst = -Infinity;
  let stale = 0;
  while (boxes.length < opts.maxBoxes) {
    if (opts.cap?.expired()) break;
    let k = 0;
    for (let j = 1; j < scores.length; j++) if (scores[j]! < scores[k]!) k = j;
    const worst = scores[k]!;
    if (worst >= opts.goal) break;
    // Progress means a relative gain of 0.1%: creeping up on an unreachable goal is not progress.
    if (worst > bestWorst + 1e-3 * Math.abs(bestWorst) + 1e-12 || bestWorst === -Infinity) {
      bestWorst = worst;
      stale = 0;
    } else if (++stale > patience) break;
    const box = boxes[k]!;
    let best: { children: [Box, Box]; s: [number, number]; w: number } | undefined;
    for (let i = 0; i < dim; i++) {
      const at = cutPoint(box[i]!, opts.center[i]!, opts.radius);
      if (at === undefined) continue;
      const children = splitBox(box, i, at);
      const s: [number, number] = [opts.score(children[0]), opts.score(children[1])];
      const w = extent(box[i]!, opts.center[i]!, opts.radius);
      const better =
        !best ||
        Math.min(...s) > Math.min(...best.s) ||
        (Math.min(...s) === Math.min(...best.s) && (Math.max(...s) > Math.max(...best.s) || (Math.max(...s) === Math.max(...best.s) && w > best.w)));
      if (better) best = { children, s, w };
    }
    if (!best) break;
    boxes.splice(k, 1, best.children[0], best.children[1]);
    scores.splice(k, 1, best.s[0], best.s[1]);
  }
  const worst = scores.reduce((a, b) => Math.min(a, b), Infinity);
  return { boxes, scores, worst };
}
