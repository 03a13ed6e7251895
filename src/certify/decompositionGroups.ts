// Producer (untrusted) of the groups of the two-level LSI constant from a covering decomposition
// (proofs/lsi-from-decomposition.md, grouped blocks): a few heavy boxes S_g, one per mode of pi, their
// boundaries through the saddles, so the chain rule of entropy pays log(1/P_g) of a whole well at the
// top level and only log(P_g / p_i) inside each well, instead of log(1/p_*) of the lightest grid block.
// From float samples of f only: modes on a grid (shallow ones merged by persistence), recursive
// axis-aligned cuts that separate the modes through the highest minimum of f along the cut, the axis
// chosen so that no group keeps a pocket (a basin that drains to its mode only over a hill). For each
// group: the sets whose blocks meet it, the global edges still overlapping after restriction, the
// restricted chain's edge scales and lambda_2 claim (edgeScales.scaleChainEdges), and the partition
// split along the group boundaries. The kernel decides (checks/lsiGroupedDecomposition).
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import { intersectBoxes, type PoincareDecompositionEvidence } from '../kernel/checks/poincareDecomposition.js';
import { interiorsMeet, type PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import { checkRegionMass, type IntegralBracket } from '../kernel/integration/evidence.js';
import { scaleChainEdges } from './edgeScales.js';

/** A local minimum of f = E/T on the sampling grid. */
export interface Mode {
  readonly x: readonly number[];
  /** f at x. */
  readonly f: number;
}

/** The group layout the kernel's grouped check takes (checks/lsiGroupedDecomposition). */
export interface ProposedGroup {
  readonly region: Box;
  readonly sets: number[];
  readonly edges: [number, number][];
  readonly edgeScales?: number[];
  readonly beta: number;
  readonly lambda2: number;
}

export interface GroupedBlock extends PartitionBlock {
  readonly group: number;
}

export interface ModeOptions {
  /** Grid points per axis over the region. */
  readonly points?: number;
  /** A mode whose basin merges into a deeper one less than this far (f-units) above its minimum is merged
   *  (default 1: a barrier of one unit of f already makes a group worth trying; the kernel decides, and
   *  check keeps the grouped record only when its alpha is larger). */
  readonly persistence?: number;
  /** Modes more than this (f-units) above the lowest are dropped: their wells hold too little mass to pay for a group. */
  readonly depth?: number;
}

/**
 * The modes of f = E/T on a points x points grid of a 2-d region: local minima of the sampled f whose
 * persistence (the rise from the minimum to the level where its basin joins a deeper one, found by
 * adding the grid points in increasing f with union-find) is at least `persistence`.
 */
export const DEFAULT_MODE_PERSISTENCE = 1;

export function findModes(energy: Energy, temperature: number, region: readonly [Interval, Interval], opts: ModeOptions = {}): Mode[] {
  const n = opts.points ?? 161;
  const persistence = opts.persistence ?? DEFAULT_MODE_PERSISTENCE;
  const at = (c: Interval, k: number): number => c.lo + ((c.hi - c.lo) * k) / (n - 1);
  const f = new Float64Array(n * n);
  const x = new Float64Array(2);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    x[0] = at(region[0], i); x[1] = at(region[1], j);
    f[i * n + j] = energy.value(x) / temperature;
  }
  const order = Array.from({ length: n * n }, (_, k) => k).sort((a, b) => f[a]! - f[b]!);
  const parent = new Int32Array(n * n).fill(-1);
  const root = (k: number): number => { while (parent[k] !== k) { parent[k] = parent[parent[k]!]!; k = parent[k]!; } return k; };
  // Per component root: the grid index of its lowest point (the mode).
  const lowest = new Map<number, number>();
  const kept: number[] = [];
  for (const p of order) {
    parent[p] = p;
    lowest.set(p, p);
    const i = Math.floor(p / n), j = p % n;
    for (let di = -1; di <= 1; di++) for (let dj = -1; dj <= 1; dj++) {
      const a = i + di, b = j + dj;
      if ((di === 0 && dj === 0) || a < 0 || b < 0 || a >= n || b >= n || parent[a * n + b] === -1) continue;
      const r1 = root(p), r2 = root(a * n + b);
      if (r1 === r2) continue;
      const m1 = lowest.get(r1)!, m2 = lowest.get(r2)!;
      // The younger basin (higher minimum) dies here; its persistence is f(p) - its minimum.
      const [old, young] = f[m1]! <= f[m2]! ? [r1, r2] : [r2, r1];
      const youngMode = lowest.get(young)!;
      if (youngMode !== p && f[p]! - f[youngMode]! >= persistence) kept.push(youngMode);
      parent[young] = old;
      lowest.delete(young);
    }
  }
  kept.push(lowest.get(root(order[0]!))!);
  const fmin = f[order[0]!]!;
  const depth = opts.depth ?? 12;
  return kept
    .filter((k) => f[k]! - fmin <= depth)
    .map((k) => ({ x: [at(region[0], Math.floor(k / n)), at(region[1], k % n)], f: f[k]! }))
    .sort((a, b) => a.f - b.f);
}

export interface SplitOptions {
  /** Preferred cut positions per axis (the decomposition's cell boundaries). */
  readonly preferred?: readonly (readonly number[])[];
  /** A preferred cut is taken when its lowest f is within this (f-units) of the best cut's. */
  readonly slack?: number;
  /** Candidate cuts per axis on the uniform grid of the region; samples along each cut. */
  readonly candidates?: number;
  readonly samples?: number;
  /** Grid points per axis over the region for the pocket depths (default 161). */
  readonly pocketPoints?: number;
}

/**
 * The deepest pocket of the sampled f in `box`: the largest rise, over the grid points of the box, from a
 * point to the lowest level at which a path inside the box joins it to `mode` (union-find over the
 * points in increasing f, 4-neighbours). A group whose box cuts a hill's flank off from the downhill
 * side keeps a basin that drains only over the hill; its own chain pays that rise (the ring at
 * T = 0.2: a middle-row group through x1 = 0.675 held the far flank of the central hill, 2.6 units of f
 * deep, and its Poincaré constant was 5x its neighbours').
 */
export function pocketDepth(f: Float64Array, n: number, region: readonly [Interval, Interval], box: Box, mode: readonly number[]): number {
  const at = (c: Interval, k: number): number => c.lo + ((c.hi - c.lo) * k) / (n - 1);
  const inside = (k: number, axis: number): boolean => { const v = at(region[axis]!, k); return box[axis]!.lo <= v && v <= box[axis]!.hi; };
  const rows: number[] = [], cols: number[] = [];
  for (let k = 0; k < n; k++) { if (inside(k, 0)) rows.push(k); if (inside(k, 1)) cols.push(k); }
  if (rows.length === 0 || cols.length === 0) return 0;
  const near = (axis: number, list: number[]): number => list.reduce((b, k) => (Math.abs(at(region[axis]!, k) - mode[axis]!) < Math.abs(at(region[axis]!, b) - mode[axis]!) ? k : b));
  const start = near(0, rows) * n + near(1, cols);
  const points: number[] = [];
  for (const i of rows) for (const j of cols) points.push(i * n + j);
  points.sort((a, b) => f[a]! - f[b]!);
  const parent = new Int32Array(n * n).fill(-1);
  const least = new Float64Array(n * n);
  const root = (k: number): number => { while (parent[k] !== k) { parent[k] = parent[parent[k]!]!; k = parent[k]!; } return k; };
  let depth = 0;
  for (const p of points) {
    parent[p] = p;
    least[p] = f[p]!;
    const i = Math.floor(p / n), j = p % n;
    for (const [a, b] of [[i - 1, j], [i + 1, j], [i, j - 1], [i, j + 1]] as const) {
      if (a < 0 || b < 0 || a >= n || b >= n || parent[a * n + b] === -1) continue;
      const r1 = root(p), r2 = root(a * n + b);
      if (r1 === r2) continue;
      const withMode = parent[start] !== -1 ? root(start) : -1;
      // A basin joins the mode's component at level f(p): it was that deep a pocket.
      if (r1 === withMode) depth = Math.max(depth, f[p]! - least[r2]!);
      else if (r2 === withMode) depth = Math.max(depth, f[p]! - least[r1]!);
      parent[r2] = r1;
      least[r1] = Math.min(least[r1]!, least[r2]!);
    }
  }
  return depth;
}

/**
 * The group regions: R^2 split recursively by axis-aligned cuts until each box holds one mode. Along
 * each axis the cut separates the box's modes and maximises the lowest f along the cut inside
 * box ∩ region (so it runs through saddles, not wells); a preferred position within `slack` of the best
 * wins. Of the two axes the one whose final groups have the shallower deepest pocket (pocketDepth,
 * by more than POCKET_SLACK) is taken, else the one with the higher lowest f along its cut.
 */
export function splitByModes(energy: Energy, temperature: number, region: readonly [Interval, Interval], modes: readonly Mode[], opts: SplitOptions = {}): Box[] {
  const slack = opts.slack ?? 1;
  const count = opts.candidates ?? 256;
  const samples = opts.samples ?? 401;
  const x = new Float64Array(2);
  const lowestAlong = (axis: number, c: number, box: Box): number => {
    const other = 1 - axis;
    const lo = Math.max(box[other]!.lo, region[other]!.lo), hi = Math.min(box[other]!.hi, region[other]!.hi);
    if (!(lo < hi)) return Infinity;
    let least = Infinity;
    x[axis] = c;
    for (let k = 0; k < samples; k++) {
      x[other] = lo + ((hi - lo) * k) / (samples - 1);
      least = Math.min(least, energy.value(x) / temperature);
    }
    return least;
  };
  const n = opts.pocketPoints ?? 161;
  const grid = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    x[0] = region[0].lo + ((region[0].hi - region[0].lo) * i) / (n - 1);
    x[1] = region[1].lo + ((region[1].hi - region[1].lo) * j) / (n - 1);
    grid[i * n + j] = energy.value(x) / temperature;
  }
  type Cut = { axis: number; c: number; value: number };
  /** The cut along `axis` (the rule above), or null when the modes do not spread along it. */
  const cutAlong = (axis: number, box: Box, inside: readonly Mode[]): Cut | null => {
    const coords = inside.map((m) => m.x[axis]!);
    const lo = Math.min(...coords), hi = Math.max(...coords);
    if (!(lo < hi)) return null;
    let best: Cut | null = null, bestPreferred: Cut | null = null;
    const consider = (c: number, preferred: boolean): void => {
      if (!(lo < c && c < hi && box[axis]!.lo < c && c < box[axis]!.hi)) return;
      const value = lowestAlong(axis, c, box);
      if (!preferred && (!best || value > best.value)) best = { axis, c, value };
      if (preferred && (!bestPreferred || value > bestPreferred.value)) bestPreferred = { axis, c, value };
    };
    for (let k = 0; k < count; k++) consider(region[axis]!.lo + ((region[axis]!.hi - region[axis]!.lo) * (k + 0.5)) / count, false);
    for (const c of opts.preferred?.[axis] ?? []) consider(c, true);
    const b = best as Cut | null, p = bestPreferred as Cut | null;
    return p && (!b || p.value >= b.value - slack) ? p : b;
  };
  const memo = new Map<string, { boxes: Box[]; depth: number }>();
  const split = (box: Box, inside: readonly Mode[]): { boxes: Box[]; depth: number } => {
    const key = JSON.stringify(box.map((r) => [r.lo, r.hi]));
    const known = memo.get(key);
    if (known) return known;
    let result: { boxes: Box[]; depth: number; value: number } | null = null;
    if (inside.length <= 1) result = { boxes: [box], depth: inside.length === 1 ? pocketDepth(grid, n, region, box, inside[0]!.x) : 0, value: 0 };
    else for (let axis = 0; axis < 2; axis++) {
      const cut = cutAlong(axis, box, inside);
      if (!cut) continue;
      const lower = box.map((r, k) => (k === cut.axis ? { lo: r.lo, hi: cut.c } : { ...r }));
      const upper = box.map((r, k) => (k === cut.axis ? { lo: cut.c, hi: r.hi } : { ...r }));
      const a = split(lower, inside.filter((m) => m.x[cut.axis]! < cut.c)), b = split(upper, inside.filter((m) => m.x[cut.axis]! >= cut.c));
      const option = { boxes: [...a.boxes, ...b.boxes], depth: Math.max(a.depth, b.depth), value: cut.value };
      const better = !result || option.depth < result.depth - POCKET_SLACK || (option.depth <= result.depth + POCKET_SLACK && option.value > result.value);
      if (better) result = option;
    }
    const out = result ? { boxes: result.boxes, depth: result.depth } : { boxes: [box], depth: 0 };
    memo.set(key, out);
    return out;
  };
  return split([{ lo: -Infinity, hi: Infinity }, { lo: -Infinity, hi: Infinity }], modes).boxes;
}

/** Pocket depths (f-units) closer than this count as equal, and the cuts' lowest f decides. */
const POCKET_SLACK = 0.25;

/** Each block cut along the group regions (pieces with nonempty interior), tagged with its group. */
export function splitPartition(partition: readonly PartitionBlock[], regions: readonly Box[]): GroupedBlock[] {
  const out: GroupedBlock[] = [];
  for (const b of partition)
    regions.forEach((r, g) => { if (interiorsMeet(b.box, r)) out.push({ box: intersectBoxes(b.box, r), set: b.set, group: g }); });
  return out;
}

/**
 * The groups for `regions` over a kernel-checked decomposition: sets whose blocks meet the region
 * (so {A_a ∩ S_g} covers S_g, the blocks tiling R^d), the global edges whose restricted overlap has
 * positive volume, and the restricted chain's scales and lambda_2 claim from the masses of the
 * bracket (upper ends for the sets, lower ends for the overlaps). local: the kernel's C_a.
 */
export function groupsFor(energy: Energy, temperature: number, bracket: IntegralBracket, evidence: PoincareDecompositionEvidence, local: readonly number[], partition: readonly GroupedBlock[], regions: readonly Box[], shades: readonly number[] = [1e-6, 1e-4, 1e-2, 1e-1, 0.5]): ProposedGroup[] {
  const mass = (b: Box): Interval => {
    const r = checkRegionMass(energy.model, temperature, bracket.boxes, bracket, [b]);
    if (!r.ok) throw new Error(r.reason);
    return r.value.mass;
  };
  return regions.map((region, g) => {
    const sets = [...new Set(partition.filter((b) => b.group === g).map((b) => b.set))].sort((a, b) => a - b);
    const position = new Map(sets.map((s, k) => [s, k]));
    const restricted = sets.map((s) => intersectBoxes(evidence.pieces[s]!.set, region));
    const edges: [number, number][] = [];
    for (const [i, j] of evidence.edges) {
      const a = position.get(i), b = position.get(j);
      if (a === undefined || b === undefined || !interiorsMeet(restricted[a]!, restricted[b]!)) continue;
      edges.push(a < b ? [a, b] : [b, a]);
    }
    if (sets.length < 2) return { region, sets, edges, beta: 0, lambda2: 0 };
    const q = restricted.map((b) => mass(b).hi);
    const weighted = edges.map(([i, j]) => ({ i, j, weight: mass(intersectBoxes(restricted[i]!, restricted[j]!)).lo }));
    const chain = scaleChainEdges(restricted, q, weighted, sets.map((s) => local[s]!), shades);
    return { region, sets, edges, beta: chain.beta, lambda2: chain.lambda2, ...(chain.edgeScales ? { edgeScales: chain.edgeScales } : {}) };
  });
}

/** Cell boundaries per axis (the finite ends of the blocks): the cuts the split prefers. */
export function blockBoundaries(partition: readonly PartitionBlock[], dim: number): number[][] {
  return Array.from({ length: dim }, (_, k) => [...new Set(partition.flatMap((b) => [b.box[k]!.lo, b.box[k]!.hi]).filter(Number.isFinite))].sort((a, b) => a - b));
}

export interface GroupProposal {
  readonly modes: Mode[];
  readonly groups: ProposedGroup[];
  readonly partition: GroupedBlock[];
}

/**
 * The groups for a decomposition of a 2-d energy over `region` (where the mass is), or a sentence
 * saying why there are none (fewer than two modes, d != 2).
 */
export function proposeDecompositionGroups(energy: Energy, temperature: number, region: readonly [Interval, Interval], bracket: IntegralBracket, evidence: PoincareDecompositionEvidence, local: readonly number[], partition: readonly PartitionBlock[], opts: ModeOptions & SplitOptions = {}): GroupProposal | string {
  if (energy.dim !== 2) return `the groups are found on a 2-d grid (d = ${energy.dim})`;
  const modes = findModes(energy, temperature, region, opts);
  if (modes.length < 2) return `one mode of f on the grid of the region (persistence >= ${opts.persistence ?? DEFAULT_MODE_PERSISTENCE}): nothing to group`;
  const regions = splitByModes(energy, temperature, region, modes, { preferred: blockBoundaries(partition, 2), ...opts });
  const split = splitPartition(partition, regions);
  return { modes, groups: groupsFor(energy, temperature, bracket, evidence, local, split, regions), partition: split };
}
