// Producer (untrusted) of the partition behind the decomposition's LSI constant
// (proofs/lsi-from-decomposition.md): one block per set, each set's finite ends moved to the middle of
// the overlap they bound. For the slab chains and the grid the finite ends along each axis come in
// pairs (c - delta, c + delta) around the cut points c, so the blocks tile R^d with few, heavy blocks
// (p_* costs only log(1/p_*)). The kernel checks the partition; a layout that does not pair up gives none.
import type { Box } from '../kernel/checks/cover.js';
import type { PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import type { Interval } from '../kernel/interval.js';

/** The blocks for `sets`, or null when the finite ends do not pair up into overlaps. */
export function partitionFromSets(sets: readonly Box[]): PartitionBlock[] | null {
  if (sets.length === 0) return null;
  const d = sets[0]!.length;
  const cutOf: Map<number, number>[] = [];
  for (let k = 0; k < d; k++) {
    const ends = [...new Set(sets.flatMap((s) => [s[k]!.lo, s[k]!.hi]).filter(Number.isFinite))].sort((a, b) => a - b);
    if (ends.length % 2 !== 0) return null;
    const cut = new Map<number, number>();
    for (let j = 0; j < ends.length; j += 2) {
      const c = (ends[j]! + ends[j + 1]!) / 2;
      cut.set(ends[j]!, c);
      cut.set(ends[j + 1]!, c);
    }
    cutOf.push(cut);
  }
  const move = (x: number, k: number): number => (Number.isFinite(x) ? cutOf[k]!.get(x)! : x);
  const blocks = sets.map((s, i) => ({ box: s.map((c, k) => ({ lo: move(c.lo, k), hi: move(c.hi, k) })), set: i }));
  // A set whose two ends met at one cut has no interior left: the layout is not a chain of overlaps.
  return blocks.every((b) => b.box.every((c) => c.lo < c.hi)) ? blocks : null;
}

/**
 * The blocks for the adaptive grid (src/certify/adaptiveGrid.ts, adaptiveSets' order: the leaf cells,
 * the bottom row, the top row, left, right): each leaf cell itself (the cells tile the inner box and
 * each lies inside its grown set), the base grid's columns below and above the inner box, and the two
 * half-planes beyond it in x1. The kernel checks containment, cover and disjoint interiors.
 */
export function partitionFromAdaptiveCells(cells: readonly (readonly Interval[])[], inner: readonly [Interval, Interval], base: number): PartitionBlock[] {
  const [r1, r2] = inner;
  const w1 = (r1.hi - r1.lo) / base;
  // The same cut points as adaptiveSets' columns (exact ends at 0 and base).
  const cut = (k: number): number => (k === 0 ? r1.lo : k === base ? r1.hi : r1.lo + w1 * k);
  const blocks: PartitionBlock[] = cells.map((c, i) => ({ box: [{ ...c[0]! }, { ...c[1]! }], set: i }));
  const first = cells.length;
  for (let i = 0; i < base; i++) blocks.push({ box: [{ lo: cut(i), hi: cut(i + 1) }, { lo: -Infinity, hi: r2.lo }], set: first + i });
  for (let i = 0; i < base; i++) blocks.push({ box: [{ lo: cut(i), hi: cut(i + 1) }, { lo: r2.hi, hi: Infinity }], set: first + base + i });
  blocks.push({ box: [{ lo: -Infinity, hi: r1.lo }, { lo: -Infinity, hi: Infinity }], set: first + 2 * base });
  blocks.push({ box: [{ lo: r1.hi, hi: Infinity }, { lo: -Infinity, hi: Infinity }], set: first + 2 * base + 1 });
  return blocks;
}

/**
 * The partition for networkGrid.networkSets' layout: the leaf cells, the base grid's columns below and
 * above the region (as partitionFromAdaptiveCells), then instead of two half-planes the rows left and
 * right of it and the four corner quadrants, each block inside the set of the same place.
 */
export function partitionFromNetworkCells(cells: readonly (readonly Interval[])[], inner: readonly [Interval, Interval], base: number): PartitionBlock[] {
  const blocks = partitionFromAdaptiveCells(cells, inner, base).slice(0, cells.length + 2 * base);
  const [r1, r2] = inner;
  const w2 = (r2.hi - r2.lo) / base;
  // The same row cuts as networkSets (exact ends at 0 and base).
  const cut = (k: number): number => (k === 0 ? r2.lo : k === base ? r2.hi : r2.lo + w2 * k);
  const first = cells.length + 2 * base;
  const left: Interval = { lo: -Infinity, hi: r1.lo }, right: Interval = { lo: r1.hi, hi: Infinity };
  for (let j = 0; j < base; j++) blocks.push({ box: [left, { lo: cut(j), hi: cut(j + 1) }], set: first + j });
  for (let j = 0; j < base; j++) blocks.push({ box: [right, { lo: cut(j), hi: cut(j + 1) }], set: first + base + j });
  const below: Interval = { lo: -Infinity, hi: r2.lo }, above: Interval = { lo: r2.hi, hi: Infinity };
  blocks.push({ box: [left, below], set: first + 2 * base }, { box: [left, above], set: first + 2 * base + 1 }, { box: [right, below], set: first + 2 * base + 2 }, { box: [right, above], set: first + 2 * base + 3 });
  return blocks;
}
