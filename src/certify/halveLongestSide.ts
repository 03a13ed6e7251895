// Producer helper (untrusted): the two halves of a box cut across its longest side, as the mass
// refinements bisect integration leaves. The kernel re-checks every partition built from them.
import type { Box } from '../kernel/box.js';
import { splitPoint } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';

/** The halves of `box` across its widest coordinate (the first of equal widths); null when that
 *  coordinate cannot be cut (a point, or two adjacent doubles). */
export function halveLongestSide(box: Box): [Interval[], Interval[]] | null {
  let dim = 0;
  for (let i = 1; i < box.length; i++) if (box[i]!.hi - box[i]!.lo > box[dim]!.hi - box[dim]!.lo) dim = i;
  const at = splitPoint(box[dim]!.lo, box[dim]!.hi);
  if (at === null) return null;
  return [box.map((c, i) => (i === dim ? { lo: c.lo, hi: at } : c)), box.map((c, i) => (i === dim ? { lo: at, hi: c.hi } : c))];
}
