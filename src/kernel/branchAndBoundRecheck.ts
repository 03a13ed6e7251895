// Re-checks branch-and-bound evidence without searching (what `verify` runs): rebuilds every leaf
// box from the root box and the stored bisection tree, so the leaves cover the root by
// construction, requires each stored leaf box to equal the rebuilt one, and recomputes each
// leaf's enclosure, which must lie inside the stored [lower, upper]. Stored numbers are claims;
// only recomputed ones are trusted (proofs/enclosures.md, section 4).
import type { Interval } from './interval.js';
import { assertBox, boxesEqual, type Box } from './box.js';
import type { Leaf, SplitNode } from './branchAndBound.js';
import type { ScalarEnclosure } from './branchAndBoundObjective.js';

export interface LeafEvidence {
  readonly box: Box;
  readonly splits: readonly SplitNode[];
  readonly leaves: readonly Leaf[];
}

export type RecheckResult =
  | { readonly ok: true; /** min over the box >= lower */ readonly lower: number; /** max over the box <= upper */ readonly upper: number; readonly leaves: number }
  | { readonly ok: false; readonly reason: string };

/** Rebuilds the leaf boxes of a preorder bisection tree over `root`; throws on a malformed tree. */
export function leafBoxesOfTree(root: Box, splits: readonly SplitNode[]): Interval[][] {
  assertBox(root, 'evidence.box');
  const d = root.length;
  const boxes: Interval[][] = [];
  const stack: Interval[][] = [root.map((c) => ({ lo: c.lo, hi: c.hi }))];
  let i = 0;
  while (stack.length > 0) {
    if (i >= splits.length) throw new Error(`evidence.splits: ends after ${splits.length} nodes, the tree is incomplete`);
    const box = stack.pop()!;
    const node = splits[i];
    if (node === null) boxes.push(box);
    else {
      if (!Array.isArray(node) || node.length !== 2) throw new Error(`evidence.splits[${i}]: expected null or [dim, at]`);
      const [dim, at] = node;
      if (!Number.isInteger(dim) || dim < 0 || dim >= d) throw new Error(`evidence.splits[${i}]: dimension ${dim} is out of range 0..${d - 1}`);
      const c = box[dim]!;
      if (!(typeof at === 'number' && c.lo <= at && at <= c.hi && Number.isFinite(at)))
        throw new Error(`evidence.splits[${i}]: cut ${at} is not a finite number inside [${c.lo}, ${c.hi}]`);
      const left = box.map((x) => ({ lo: x.lo, hi: x.hi }));
      const right = box.map((x) => ({ lo: x.lo, hi: x.hi }));
      left[dim] = { lo: c.lo, hi: at };
      right[dim] = { lo: at, hi: c.hi };
      stack.push(right, left);
    }
    i++;
  }
  if (i !== splits.length) throw new Error(`evidence.splits: ${splits.length - i} nodes after the tree is complete`);
  return boxes;
}

/** Confirms every claimed leaf bound by recomputing it; on success min >= lower and max <= upper over the root box. */
export function recheckLeaves(evaluate: ScalarEnclosure, evidence: LeafEvidence): RecheckResult {
  let boxes: Interval[][];
  try {
    boxes = leafBoxesOfTree(evidence.box, evidence.splits);
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  if (boxes.length !== evidence.leaves.length)
    return { ok: false, reason: `evidence.leaves: ${evidence.leaves.length} leaves, the tree has ${boxes.length}` };
  let lower = Infinity, upper = -Infinity;
  for (let i = 0; i < boxes.length; i++) {
    const leaf = evidence.leaves[i]!;
    const box = boxes[i]!;
    if (!boxesEqual(leaf.box, box)) return { ok: false, reason: `evidence.leaves[${i}].box differs from the tree's box` };
    if (typeof leaf.lower !== 'number' || typeof leaf.upper !== 'number' || Number.isNaN(leaf.lower) || Number.isNaN(leaf.upper))
      return { ok: false, reason: `evidence.leaves[${i}]: lower and upper must be numbers` };
    const r = evaluate(Float64Array.from(box, (c) => c.lo), Float64Array.from(box, (c) => c.hi));
    if (!(r.lo <= r.hi)) return { ok: false, reason: `evidence.leaves[${i}]: the recomputed enclosure [${r.lo}, ${r.hi}] is empty` };
    if (!(leaf.lower <= r.lo)) return { ok: false, reason: `evidence.leaves[${i}].lower ${leaf.lower} is above the recomputed lower bound ${r.lo}` };
    if (!(r.hi <= leaf.upper)) return { ok: false, reason: `evidence.leaves[${i}].upper ${leaf.upper} is below the recomputed upper bound ${r.hi}` };
    lower = Math.min(lower, leaf.lower);
    upper = Math.max(upper, leaf.upper);
  }
  return { ok: true, lower, upper, leaves: boxes.length };
}
