// Branch and bound: encloses the min and the max of a scalar over a box (proofs/enclosures.md,
// section 4). Boxes are only ever bisected, so the leaves always tile the root box; every leaf keeps
// its enclosure [lower, upper], and min >= min(lower), max <= max(upper) over all leaves. Point
// evaluations (the enclosure of a degenerate box, itself sound) give min <= minUpper and
// max >= maxLower. A leaf is split only while it can still move a bound by more than the tolerance.
import type { Interval } from './interval.js';
import { assertBox, boxCenter, splitPoint, widestDimension, type Box } from './box.js';
import type { ScalarEnclosure } from './branchAndBoundObjective.js';

export interface Leaf {
  readonly box: Interval[];
  readonly lower: number;
  readonly upper: number;
}

/** The bisection tree in preorder: null is a leaf, [dim, at] splits into [lo, at] and [at, hi] along dim. */
export type SplitNode = null | readonly [number, number];

export interface BranchAndBoundEvidence {
  readonly box: Interval[];
  readonly splits: SplitNode[];
  /** Leaves in the preorder of `splits`. */
  readonly leaves: Leaf[];
}

export interface RangeBounds extends BranchAndBoundEvidence {
  /** lo <= min over the box <= hi. */
  readonly min: Interval;
  /** lo <= max over the box <= hi. */
  readonly max: Interval;
  /** Both sides reached the tolerance (else the work limit or unsplittable boxes stopped it). */
  readonly converged: boolean;
  /** Boxes enclosed (the root, every child and every point probe). */
  readonly evaluations: number;
}

export interface RangeOptions {
  /** Stop when each side's gap is at most tolerance/2 times the range seen so far (default 0.02). */
  readonly tolerance?: number;
  /** Gaps below this count as converged (default 1e-12 + 1e-9 * magnitude of the values). */
  readonly absoluteTolerance?: number;
  /** Work limit: the number of boxes enclosed (default 20000). */
  readonly maxBoxes?: number;
  /** Which bounds to tighten (default both). */
  readonly sides?: 'both' | 'min' | 'max';
}

interface Node {
  lo: Float64Array;
  hi: Float64Array;
  lower: number;
  upper: number;
  split: [number, number] | null;
  left: Node | null;
  right: Node | null;
  /** Cannot be bisected further (a point, or adjacent doubles on every coordinate). */
  stuck: boolean;
}

export function boundRange(evaluate: ScalarEnclosure, box: Box, options: RangeOptions = {}): RangeBounds {
  assertBox(box);
  const tolerance = options.tolerance ?? 0.02;
  const maxBoxes = options.maxBoxes ?? 20000;
  const sides = options.sides ?? 'both';
  if (!(tolerance >= 0)) throw new Error(`boundRange: tolerance ${tolerance} must be >= 0`);
  if (!(maxBoxes >= 1)) throw new Error(`boundRange: maxBoxes ${maxBoxes} must be >= 1`);
  const wantMin = sides !== 'max', wantMax = sides !== 'min';
  let evaluations = 0;
  let minUpper = Infinity, maxLower = -Infinity;

  const enclose = (lo: Float64Array, hi: Float64Array): Interval => {
    evaluations++;
    const r = evaluate(lo, hi);
    if (!(r.lo <= r.hi)) throw new Error(`boundRange: the enclosure returned [${r.lo}, ${r.hi}] (empty or NaN)`);
    return r;
  };
  const rootLo = Float64Array.from(box, (c) => c.lo), rootHi = Float64Array.from(box, (c) => c.hi);
  const probeAt = (p: Float64Array): void => {
    const r = enclose(p, p);
    minUpper = Math.min(minUpper, r.hi);
    maxLower = Math.max(maxLower, r.lo);
  };
  // Point probes: the center, and for a box on the root's boundary the center moved onto that
  // boundary (extremes over a box often sit on its boundary, where center probes converge slowly).
  const probe = (lo: Float64Array, hi: Float64Array): void => {
    const c = boxCenter(Array.from(lo, (l, i) => ({ lo: l, hi: hi[i]! })));
    probeAt(c);
    let onBoundary = false;
    for (let i = 0; i < c.length; i++) {
      if (lo[i] === rootLo[i] && Number.isFinite(lo[i]!)) { c[i] = lo[i]!; onBoundary = true; }
      else if (hi[i] === rootHi[i] && Number.isFinite(hi[i]!)) { c[i] = hi[i]!; onBoundary = true; }
    }
    if (onBoundary) probeAt(c);
  };
  const makeNode = (lo: Float64Array, hi: Float64Array): Node => {
    const r = enclose(lo, hi);
    const node: Node = { lo, hi, lower: r.lo, upper: r.hi, split: null, left: null, right: null, stuck: false };
    if (lo.every((l, i) => l === hi[i])) { minUpper = Math.min(minUpper, r.hi); maxLower = Math.max(maxLower, r.lo); }
    else probe(lo, hi);
    return node;
  };

  const root = makeNode(Float64Array.from(box, (c) => c.lo), Float64Array.from(box, (c) => c.hi));
  const minHeap = new Heap<Node>((a, b) => a.lower < b.lower);
  const maxHeap = new Heap<Node>((a, b) => a.upper > b.upper);
  const stuckLeaves: Node[] = [];
  const enqueue = (n: Node): void => { if (wantMin) minHeap.push(n); if (wantMax) maxHeap.push(n); };
  enqueue(root);

  const minLower = (): number => Math.min(minHeap.peek()?.lower ?? Infinity, ...stuckLeaves.map((n) => n.lower));
  const maxUpper = (): number => Math.max(maxHeap.peek()?.upper ?? -Infinity, ...stuckLeaves.map((n) => n.upper));
  const target = (): number => {
    const magnitude = Math.max(Math.abs(minUpper), Math.abs(maxLower), 0);
    const floor = options.absoluteTolerance ?? 1e-12 + 1e-9 * (Number.isFinite(magnitude) ? magnitude : 0);
    const range = maxLower - minUpper;
    return Math.max(floor, range > 0 ? (tolerance / 2) * range : 0);
  };

  let converged = false;
  while (true) {
    // Drop heap entries that were split already (lazy deletion).
    while (minHeap.size > 0 && minHeap.peek()!.split) minHeap.pop();
    while (maxHeap.size > 0 && maxHeap.peek()!.split) maxHeap.pop();
    const t = target();
    const minGap = wantMin ? minUpper - minLower() : 0;
    const maxGap = wantMax ? maxUpper() - maxLower : 0;
    if (minGap <= t && maxGap <= t) { converged = true; break; }
    if (evaluations + 6 > maxBoxes) break; // a split encloses 2 boxes and probes up to 4 points
    // Work on the side whose gap is larger (among those not yet within the target).
    const heap = wantMin && minGap > t && (minGap >= maxGap || !(maxGap > t)) ? minHeap : maxHeap;
    const node = heap.peek();
    if (!node) break; // only stuck leaves remain on this side
    heap.pop();
    const dim = widestDimension(Array.from(node.lo, (l, i) => ({ lo: l, hi: node.hi[i]! })));
    if (dim === null) {
      node.stuck = true;
      stuckLeaves.push(node);
      (heap === minHeap ? maxHeap : minHeap).remove(node);
      continue;
    }
    const at = splitPoint(node.lo[dim]!, node.hi[dim]!)!;
    const leftHi = Float64Array.from(node.hi); leftHi[dim] = at;
    const rightLo = Float64Array.from(node.lo); rightLo[dim] = at;
    node.split = [dim, at];
    node.left = makeNode(Float64Array.from(node.lo), leftHi);
    node.right = makeNode(rightLo, Float64Array.from(node.hi));
    enqueue(node.left);
    enqueue(node.right);
  }

  const evidence = collectEvidence(root);
  let lowAll = Infinity, highAll = -Infinity;
  for (const leaf of evidence.leaves) { lowAll = Math.min(lowAll, leaf.lower); highAll = Math.max(highAll, leaf.upper); }
  return {
    ...evidence,
    min: { lo: lowAll, hi: minUpper },
    max: { lo: maxLower, hi: highAll },
    converged,
    evaluations,
  };
}

function collectEvidence(root: Node): BranchAndBoundEvidence {
  const splits: SplitNode[] = [];
  const leaves: Leaf[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.split) {
      splits.push([n.split[0], n.split[1]]);
      stack.push(n.right!, n.left!); // left first in preorder
    } else {
      splits.push(null);
      leaves.push({ box: Array.from(n.lo, (lo, i) => ({ lo, hi: n.hi[i]! })), lower: n.lower, upper: n.upper });
    }
  }
  return { box: Array.from(root.lo, (lo, i) => ({ lo, hi: root.hi[i]! })), splits, leaves };
}

/** A binary heap with a "comes first" order and removal by identity (used for stuck leaves only). */
class Heap<T> {
  private items: T[] = [];
  constructor(private readonly first: (a: T, b: T) => boolean) {}
  get size(): number { return this.items.length; }
  peek(): T | undefined { return this.items[0]; }
  push(x: T): void {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.first(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) { a[0] = last; this.siftDown(0); }
    return top;
  }
  remove(x: T): void {
    const i = this.items.indexOf(x);
    if (i < 0) return;
    const last = this.items.pop()!;
    if (i < this.items.length) {
      this.items[i] = last;
      this.siftDown(i);
      // The moved item may also need to rise.
      let j = i;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!this.first(this.items[j]!, this.items[p]!)) break;
        [this.items[j], this.items[p]] = [this.items[p]!, this.items[j]!];
        j = p;
      }
    }
  }
  private siftDown(i: number): void {
    const a = this.items;
    while (true) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < a.length && this.first(a[l]!, a[m]!)) m = l;
      if (r < a.length && this.first(a[r]!, a[m]!)) m = r;
      if (m === i) return;
      [a[i], a[m]] = [a[m]!, a[i]!];
      i = m;
    }
  }
}
