// Producer (untrusted) of a covering decomposition of R^2 with cells sized by the local curvature
// (proofs/poincare-decomposition.md, section 4): a base grid over the inner box B whose cells are cut
// into four, largest need first, while w^2 max(0, -lambda_min(hess f)) (sampled) exceeds a limit on
// a cell where f comes within `window` of its minimum; small cells only across the saddles, large ones
// in the wells, on the far side of a hill and far out. Each leaf cell grows by a fraction of the
// narrowest cell it touches; frame sets as in gridDecomposition.ts (the base grid's columns continued
// below and above B, half-planes left and right). Edges: cells sharing a side, and every pair with a
// frame set whose boxes overlap in positive area. The block chain's edges are scaled (edgeScales.ts).
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { Interval } from '../kernel/interval.js';
import type { IntegrationEvidence } from '../audit/integrate.js';
import { MAX_DECOMPOSITION_SETS, overlapDegrees } from '../kernel/checks/blockGap.js';
import { cellPiece, liftObjective, type GridCoverOptions, type GridProposal } from './gridDecomposition.js';
import { assembleScaledDecomposition } from './edgeScales.js';
import { floatLambda2 } from './poincareProducer.js';
import { decompositionConstant, intersectBoxes, type PoincarePieceEvidence } from '../kernel/checks/poincareDecomposition.js';

export interface AdaptiveGridOptions {
  /** The bounded box B that the leaf cells tile. */
  readonly inner: readonly [Interval, Interval];
  /** Base cells per axis (also the frame rows' columns). */
  readonly base: number;
  /** Each set grows by this fraction (below 0.5) of the narrowest cell it touches. */
  readonly overlap: number;
  /** Cut a cell while w^2 max(0, -lambda_min(hess f)) exceeds this (sampled, f = E/T). */
  readonly curvatureLimit: number;
  /** Only cells where the sampled f comes within `window` of the sampled minimum of f on B are cut. */
  readonly window: number;
  /** Most cuts of a base cell (default 4). */
  readonly maxDepth?: number;
  /** Most sets in all (default the kernel's limit). */
  readonly maxSets?: number;
  readonly subBoxes?: number;
  readonly frameBumps?: readonly string[];
  readonly search?: GridCoverOptions['search'];
  readonly maxBoxes?: number;
  readonly onScaleTry?: GridCoverOptions['onScaleTry'];
  /** Cut by the float model of the bound instead of by curvature (chainRefinedCells). */
  /** patience: stop after that many rounds without a 1% gain (absent: run all rounds). */
  readonly refine?: { readonly minWidth: number; readonly rounds?: number; readonly patience?: number; readonly say?: (m: string) => void };
  /** After sizing: the `sets` bounded sets of largest local constant above `above` get their lift
   *  searched again on `subBoxes` x `subBoxes` sub-boxes, kept when the kernel's constant is smaller
   *  (the interval bounds on hess U and on W tighten with the sub-box width: on the ring at T = 0.05 a
   *  saddle cell goes from 174 with 6 x 6 to 11.4 with 12 x 12). */
  readonly fineCovers?: { readonly subBoxes: number; readonly sets: number; readonly above: number; readonly say?: (m: string) => void };
  /** Each set's piece and local constant (default: cellPiece with the options above; networkGrid.ts
   *  gives the frame sets of network energies their own W). */
  readonly pieceFor?: (set: Box) => { piece: PoincarePieceEvidence; constant: number };
  /** The sets and edges of a list of cells (default adaptiveSets; networkGrid.ts's rows and quadrants
   *  for network energies, so that the cut rounds charge the frame sets the final layout has). */
  readonly layout?: (cells: readonly [Interval, Interval][], opts: Pick<AdaptiveGridOptions, 'inner' | 'base' | 'overlap'>) => { sets: Box[]; edges: [number, number][] };
  /** false: the cut rounds' float constant leaves the unbounded sets out (default true). For a network
   *  energy with a regulariser the Lyapunov tail replaces each frame set by its part in a box K, so the
   *  cells bind there; counting the frames' own constants stalls the rounds while cells could still gain
   *  (models/8gaussians at T = 0.5: rounds 6-9 stuck at 1.945e8 behind one quadrant's 3.25e7). */
  readonly chargeUnbounded?: boolean;
}

interface Cell { readonly box: [Interval, Interval]; readonly depth: number }

const SAMPLES = 5;

/** Sampled need w^2 max(0, -lambda_min(hess f)) and least f over a 5 x 5 grid of the cell. */
function sampleCell(energy: Energy, temperature: number, box: readonly [Interval, Interval]): { need: number; least: number } {
  const w = box.map((c) => c.hi - c.lo);
  let nu = 0, least = Infinity;
  const x = new Float64Array(2);
  for (let i = 0; i < SAMPLES; i++) for (let j = 0; j < SAMPLES; j++) {
    x[0] = box[0].lo + (w[0]! * i) / (SAMPLES - 1);
    x[1] = box[1].lo + (w[1]! * j) / (SAMPLES - 1);
    const h = energy.hessian(x);
    const a = h[0]! / temperature, b = h[1]! / temperature, d = h[3]! / temperature;
    nu = Math.max(nu, -(0.5 * (a + d) - Math.sqrt(0.25 * (a - d) ** 2 + b * b)));
    least = Math.min(least, energy.value(x) / temperature);
  }
  return { need: Math.max(w[0]!, w[1]!) ** 2 * nu, least };
}

const split = (c: Cell): Cell[] => {
  const [a, b] = c.box;
  const ma = 0.5 * a.lo + 0.5 * a.hi, mb = 0.5 * b.lo + 0.5 * b.hi;
  const halves = (r: Interval, m: number): Interval[] => [{ lo: r.lo, hi: m }, { lo: m, hi: r.hi }];
  const out: Cell[] = [];
  for (const y of halves(b, mb)) for (const x of halves(a, ma)) out.push({ box: [x, y], depth: c.depth + 1 });
  return out;
};

/** The leaf cells: base grid, then cuts by need (largest first) within the set budget. */
export function adaptiveCells(energy: Energy, temperature: number, opts: AdaptiveGridOptions): [Interval, Interval][] {
  const [r1, r2] = opts.inner;
  const n = opts.base;
  const at = (r: Interval, k: number): number => (k === 0 ? r.lo : k === n ? r.hi : r.lo + ((r.hi - r.lo) / n) * k);
  let cells: Cell[] = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) cells.push({ box: [{ lo: at(r1, i), hi: at(r1, i + 1) }, { lo: at(r2, j), hi: at(r2, j + 1) }], depth: 0 });
  const sampled = new Map<Cell, { need: number; least: number }>();
  const info = (c: Cell) => { let s = sampled.get(c); if (!s) { s = sampleCell(energy, temperature, c.box); sampled.set(c, s); } return s; };
  const floor = Math.min(...cells.map((c) => info(c).least));
  const budget = (opts.maxSets ?? MAX_DECOMPOSITION_SETS) - (2 * n + 2);
  for (;;) {
    const wanted = cells.filter((c) => c.depth < (opts.maxDepth ?? 4) && info(c).need > opts.curvatureLimit && info(c).least - floor <= opts.window);
    if (wanted.length === 0) break;
    const worst = wanted.reduce((p, c) => (info(c).need > info(p).need ? c : p));
    if (cells.length + 3 > budget) break;
    cells = cells.filter((c) => c !== worst).concat(split(worst));
  }
  return cells.map((c) => c.box);
}

const meets = (a: Interval, b: Interval): boolean => Math.max(a.lo, b.lo) <= Math.min(a.hi, b.hi);
const overlapsPositively = (a: Interval, b: Interval): boolean => Math.max(a.lo, b.lo) < Math.min(a.hi, b.hi);

/** Sets (leaf cells grown, then the bottom row, the top row, left, right) and the block chain's edges. */
export function adaptiveSets(cells: readonly [Interval, Interval][], opts: Pick<AdaptiveGridOptions, 'inner' | 'base' | 'overlap'>): { sets: Box[]; edges: [number, number][] } {
  const [r1, r2] = opts.inner;
  const n = opts.base;
  const touches = (a: readonly Interval[], b: readonly Interval[]): boolean => meets(a[0]!, b[0]!) && meets(a[1]!, b[1]!);
  const width = (c: readonly Interval[]): number => Math.min(c[0]!.hi - c[0]!.lo, c[1]!.hi - c[1]!.lo);
  const sets: Box[] = cells.map((c, k) => {
    let narrowest = width(c);
    cells.forEach((d, m) => { if (m !== k && touches(c, d)) narrowest = Math.min(narrowest, width(d)); });
    const d = opts.overlap * narrowest;
    return [{ lo: c[0].lo - d, hi: c[0].hi + d }, { lo: c[1].lo - d, hi: c[1].hi + d }];
  });
  const edges: [number, number][] = [];
  // Leaf cells sharing a side of positive length.
  for (let a = 0; a < cells.length; a++) for (let b = a + 1; b < cells.length; b++) {
    const [p, q] = [cells[a]!, cells[b]!];
    const side = (meets(p[0], q[0]) && overlapsPositively(p[1], q[1])) || (meets(p[1], q[1]) && overlapsPositively(p[0], q[0]));
    if (side && touches(p, q)) edges.push([a, b]);
  }
  const w1 = (r1.hi - r1.lo) / n, w2 = (r2.hi - r2.lo) / n;
  const d1 = opts.overlap * w1, d2 = opts.overlap * w2;
  const cut = (k: number): number => (k === 0 ? r1.lo : k === n ? r1.hi : r1.lo + w1 * k);
  const column = (i: number): Interval => ({ lo: cut(i) - d1, hi: cut(i + 1) + d1 });
  const first = sets.length;
  for (let i = 0; i < n; i++) sets.push([column(i), { lo: -Infinity, hi: r2.lo + d2 }]);
  for (let i = 0; i < n; i++) sets.push([column(i), { lo: r2.hi - d2, hi: Infinity }]);
  sets.push([{ lo: -Infinity, hi: r1.lo + d1 }, { lo: -Infinity, hi: Infinity }]);
  sets.push([{ lo: r1.hi - d1, hi: Infinity }, { lo: -Infinity, hi: Infinity }]);
  for (let f = first; f < sets.length; f++) for (let k = 0; k < f; k++) {
    const [p, q] = [sets[f]!, sets[k]!];
    if (overlapsPositively(p[0]!, q[0]!) && overlapsPositively(p[1]!, q[1]!)) edges.push([k, f]);
  }
  return { sets, edges };
}

/**
 * Leaf cells by a float model of the whole bound: masses from a fine grid of exp(-(f - min f)) over
 * B (summed-area table; the frame sets' mass outside B ignored), local constants from the sampled
 * lift optimum (times 3, the kernel's interval slack seen on the ring), the edge-scaled block chain's
 * float lambda_2; each round cuts the leaf cells with the largest C_i (1 + 2 deg_i / t) into four.
 * The configuration with the smallest float constant is kept. Untrusted and approximate: it only
 * decides where the cells are small.
 */
export function chainRefinedCells(energy: Energy, temperature: number, opts: AdaptiveGridOptions & { readonly minWidth: number; readonly rounds?: number; readonly patience?: number }, say?: (m: string) => void): [Interval, Interval][] {
  // Base cells only (an infinite limit cuts nothing); the rounds below do the cutting.
  const [r1, r2] = opts.inner;
  const N = 641;
  const h1 = (r1.hi - r1.lo) / (N - 1), h2 = (r2.hi - r2.lo) / (N - 1);
  const f = new Float64Array(N * N);
  const x = new Float64Array(2);
  let fmin = Infinity;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) {
    x[0] = r1.lo + h1 * i; x[1] = r2.lo + h2 * j;
    const v = energy.value(x) / temperature;
    f[i * N + j] = v;
    fmin = Math.min(fmin, v);
  }
  // sat[(i) * (N + 1) + j] = sum of u over grid indices < i, < j.
  const sat = new Float64Array((N + 1) * (N + 1));
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++)
    sat[(i + 1) * (N + 1) + j + 1] = Math.exp(-(f[i * N + j]! - fmin)) * h1 * h2 + sat[i * (N + 1) + j + 1]! + sat[(i + 1) * (N + 1) + j]! - sat[i * (N + 1) + j]!;
  const index = (v: number, r: Interval, hh: number): number => Math.max(0, Math.min(N, Math.ceil((v - r.lo) / hh - 1e-9)));
  const mass = (b: Box): number => {
    const i0 = index(b[0]!.lo, r1, h1), i1 = index(b[0]!.hi + 1e-12, r1, h1), j0 = index(b[1]!.lo, r2, h2), j1 = index(b[1]!.hi + 1e-12, r2, h2);
    if (i1 <= i0 || j1 <= j0) return 1e-300;
    return Math.max(1e-300, sat[i1 * (N + 1) + j1]! - sat[i0 * (N + 1) + j1]! - sat[i1 * (N + 1) + j0]! + sat[i0 * (N + 1) + j0]!);
  };
  const localCache = new Map<string, number>();
  const checked = new Set<string>();
  const localEstimate = (set: Box): number => {
    const key = JSON.stringify(set);
    let c = localCache.get(key);
    if (c === undefined && !set.every((r) => Number.isFinite(r.lo) && Number.isFinite(r.hi))) return 1;
    if (c === undefined) {
      c = 3 * Math.exp(liftObjective(energy, temperature, set));
      localCache.set(key, c);
    }
    return c;
  };
  // The kernel's own constant (sampled lift search) for the sets of largest charge: the float
  // estimate is far off on some cells (wide ones at low T, the frame sets).
  const correct = (sets: readonly Box[], charge: readonly number[], count: number): boolean => {
    const fresh = sets.map((_, k) => k).filter((k) => charge[k]! > 0 && !checked.has(JSON.stringify(sets[k]))).sort((a, b) => charge[b]! - charge[a]!).slice(0, count);
    for (const k of fresh) {
      const key = JSON.stringify(sets[k]);
      checked.add(key);
      const c = (opts.pieceFor ?? ((set: Box) => cellPiece(energy, temperature, set, { subBoxes: opts.subBoxes, frameBumps: opts.frameBumps, search: opts.search ?? 'sampled' })))(sets[k]!).constant;
      // A set the kernel refuses (a network cell near a mode at T = 1: no lift found) is charged the
      // largest finite constant the model's sums can still carry, so it is cut first.
      localCache.set(key, Number.isFinite(c) ? c : 1e200);
    }
    return fresh.length > 0;
  };
  const evaluate = (cells: readonly [Interval, Interval][]): { value: number; charge: number[]; sets: Box[]; setCharge: number[] } => {
    const { sets, edges } = (opts.layout ?? adaptiveSets)(cells, opts);
    const q = sets.map(mass);
    const weighted = edges.map(([i, j]) => ({ i, j, weight: mass(intersectBoxes(sets[i]!, sets[j]!)) }));
    const local = sets.map(localEstimate);
    const counted = sets.map((b) => opts.chargeUnbounded !== false || b.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi)));
    const count = new Array<number>(sets.length).fill(0);
    for (const e of weighted) { count[e.i]++; count[e.j]++; }
    const budget = local.map((c, i) => 1 / (c * Math.max(1, count[i]!)));
    let best = { value: Infinity, charge: local, sets, setCharge: local };
    for (const p of [0, 0.5, 1]) {
      const raw = weighted.map((e) => Math.min(budget[e.i]!, budget[e.j]!) ** p);
      const top = Math.max(...raw);
      const mu = raw.map((r) => Math.max(r / top, 1e-12));
      const t = floatLambda2(q, weighted.map((e, n) => ({ ...e, weight: e.weight * mu[n]! })));
      const deg = overlapDegrees(sets, weighted.map((e, n) => ({ ...e, scale: mu[n]! })));
      // Capped so that 500 of them still sum to a finite number (a lambda_2 that underflows to 0, or a
      // wide network cell at T = 1 whose float lift estimate overflows, makes a charge infinite).
      const charge = local.map((c, i) => (counted[i] ? Math.min(1e300, c * (1 + (2 * deg[i]!) / t)) : 0));
      const value = decompositionConstant(sets, charge, sets.map(() => 0), 1);
      // Cells are ranked by the charge with the plain sums of the scales (the set's whole chain
      // weight), which points at the saddle cells better than the overlap-aware one.
      const plain = new Array<number>(sets.length).fill(0);
      weighted.forEach((e, n) => { plain[e.i] += mu[n]!; plain[e.j] += mu[n]!; });
      if (value < best.value) best = { value, charge: local.map((c, i) => c * (1 + (2 * plain[i]!) / t)), sets, setCharge: charge };
    }
    return best;
  };
  let cells: [Interval, Interval][] = adaptiveCells(energy, temperature, { ...opts, curvatureLimit: Infinity });
  const limit = (opts.maxSets ?? MAX_DECOMPOSITION_SETS) - (2 * opts.base + 2);
  let best = { cells, value: Infinity };
  let stale = 0;
  for (let round = 0; round < (opts.rounds ?? 40); round++) {
    let evaluated = evaluate(cells);
    for (let pass = 0; pass < 3 && correct(evaluated.sets, evaluated.setCharge, 12); pass++) evaluated = evaluate(cells);
    const { value, charge } = evaluated;
    say?.(`  round ${round}: ${cells.length} cells, float constant ${value.toPrecision(4)} (4 max c_i ${(4 * Math.max(...charge)).toPrecision(4)})`);
    if (value < best.value * (1 - 1e-2)) stale = 0;
    else if (opts.patience !== undefined && ++stale >= opts.patience) { say?.(`  no 1% gain in ${opts.patience} rounds: stop`); if (value < best.value) best = { cells, value }; break; }
    if (value < best.value) best = { cells, value };
    // Only cells whose local constant is well above e W^2 / 4 (the best lift on a cell of width W
    // where f is nearly flat) gain from a cut; among them the largest charges first.
    const gains = (k: number): boolean => {
      const w = cells[k]![0].hi - cells[k]![0].lo;
      const W = w * (1 + 2 * opts.overlap);
      return w > 1.5 * opts.minWidth && charge[k]! > 0 && localEstimate(evaluated.sets[k]!) > (Math.E * W * W) / 2;
    };
    const order = cells.map((_, k) => k).filter(gains).sort((a, b) => charge[b]! - charge[a]!);
    const room = Math.floor((limit - cells.length) / 3);
    const take = order.slice(0, Math.min(room, Math.max(4, Math.ceil(cells.length / 25))));
    if (take.length === 0) break;
    const cut = new Set(take);
    cells = cells.filter((_, k) => !cut.has(k)).concat(take.flatMap((k) => split({ box: cells[k]!, depth: 0 }).map((c) => c.box)));
  }
  return best.cells;
}

/** The adaptive decomposition: cells, pieces (sampled lift search by default), scaled block chain;
 *  the leaf cells are returned too (they tile the inner box: the LSI partition's blocks). */
export function proposeAdaptiveGridDecomposition(energy: Energy, temperature: number, integration: IntegrationEvidence, opts: AdaptiveGridOptions): GridProposal & { readonly cells: [Interval, Interval][] } {
  if (energy.dim !== 2) throw new Error('adaptive grid decomposition: 2-d energies only');
  const cells = opts.refine ? chainRefinedCells(energy, temperature, { ...opts, minWidth: opts.refine.minWidth, rounds: opts.refine.rounds }, opts.refine.say) : adaptiveCells(energy, temperature, opts);
  const { sets, edges } = adaptiveSets(cells, opts);
  if (sets.length > MAX_DECOMPOSITION_SETS) throw new Error(`adaptive grid decomposition: ${sets.length} sets, the kernel takes at most ${MAX_DECOMPOSITION_SETS}`);
  const sized = sets.map((set) => cellPiece(energy, temperature, set, { subBoxes: opts.subBoxes, frameBumps: opts.frameBumps, search: opts.search ?? 'sampled' }));
  if (opts.fineCovers) refineCovers(energy, temperature, sets, sized, opts.fineCovers, opts);
  return { ...assembleScaledDecomposition(energy, temperature, integration, sized, edges, opts.maxBoxes ?? integration.boxes.length, [1e-6, 1e-4, 1e-2, 1e-1, 0.5], opts.onScaleTry), cells };
}

/** The fine-cover pass of proposeAdaptiveGridDecomposition (in place; see AdaptiveGridOptions.fineCovers). */
export function refineCovers(energy: Energy, temperature: number, sets: readonly Box[], sized: { piece: PoincarePieceEvidence; constant: number }[], fine: NonNullable<AdaptiveGridOptions['fineCovers']>, opts: Pick<AdaptiveGridOptions, 'frameBumps' | 'search'>): void {
  const bounded = (b: Box): boolean => b.every((c) => Number.isFinite(c.lo) && Number.isFinite(c.hi));
  const chosen = sets.map((_, k) => k).filter((k) => bounded(sets[k]!) && sized[k]!.constant > fine.above).sort((a, b) => sized[b]!.constant - sized[a]!.constant).slice(0, fine.sets);
  if (chosen.length === 0) { fine.say?.(`finer covers: no bounded cell has a local constant above ${fine.above}`); return; }
  const before = sized[chosen[0]!]!.constant;
  let better = 0;
  for (const k of chosen) {
    const p = cellPiece(energy, temperature, sets[k]!, { subBoxes: fine.subBoxes, frameBumps: opts.frameBumps, search: opts.search ?? 'sampled' });
    if (p.constant < sized[k]!.constant) { sized[k] = p; better++; }
  }
  const after = Math.max(...chosen.map((k) => sized[k]!.constant));
  fine.say?.(`finer covers (${fine.subBoxes} x ${fine.subBoxes} sub-boxes) on the ${chosen.length} cells with local constants above ${fine.above}: ${better} improved, the largest of them ${before.toPrecision(4)} -> ${after.toPrecision(4)}`);
}
