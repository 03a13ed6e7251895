// The audit's decomposition lower end of the mixing bracket (untrusted producer; the kernel check is
// checks/poincareDecomposition.checkPoincareDecomposition, proofs/poincare-decomposition.md): a chain
// of slabs along x1 or x2, and for d = 2 a grid of cells over the region holding the mass, both over
// the audit's own final leaves (expression energies only, for now; no further refinement, so every
// other bracket of the audit is computed on the same leaves). The better kernel-accepted one is kept.
// A Poincare (spectral gap) bound, never an LSI constant.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { IntegrationEvidence } from './integrate.js';
import { chainPatterns, proposeBestSlabChain } from '../certify/poincareProducer.js';
import { gridPatterns, proposeBestGridDecomposition } from '../certify/gridDecomposition.js';
import type { Interval } from '../kernel/interval.js';
import { checkPoincareDecomposition, type PoincareDecompositionEvidence } from '../kernel/checks/poincareDecomposition.js';
import { pair, type Pair } from '../verify/audit.js';
import { flattenSum } from '../kernel/checks/sumModel.js';
import { TimeCap } from '../certify/timeCap.js';

export interface DecompositionGapJson {
  readonly pieces: { set: Pair[]; bump: string | null; cover: Pair[][] }[];
  readonly edges: (readonly [number, number])[];
  readonly beta: number;
  readonly lambda2: number;
  /** The block chain's edge scales mu_ij (absent: all 1); verify replays with exactly these. */
  readonly edgeScales?: number[];
  /** Certified: Var_pi g <= poincareUpper E_pi |grad g|^2, so the spectral gap of f is >= gapLower. */
  readonly poincareUpper: number;
  readonly gapLower: number;
  readonly note: string;
}

export const DECOMPOSITION_NOTE = 'Poincare (spectral gap) constant from a covering decomposition (proofs/poincare-decomposition.md); not a log-Sobolev constant: no KL stopping route uses it';

const boxJson = (b: Box): Pair[] => b.map(pair);

/** The bounding box of the float grid points of the inner box where f is within 20 of its grid
 *  minimum, widened by a tenth of its size (the grid decomposition's cells tile it). */
export function massRegion(energy: Energy, temperature: number, inner: readonly Interval[], window = 20): [Interval, Interval] {
  const n = 161;
  const at = (c: Interval, k: number): number => c.lo + ((c.hi - c.lo) * k) / (n - 1);
  const f = new Float64Array(n * n);
  let min = Infinity;
  const x = new Float64Array(2);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    x[0] = at(inner[0]!, i); x[1] = at(inner[1]!, j);
    f[i * n + j] = energy.value(x) / temperature;
    min = Math.min(min, f[i * n + j]!);
  }
  const lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (!(f[i * n + j]! - min <= window)) continue;
    const p = [at(inner[0]!, i), at(inner[1]!, j)];
    for (const a of [0, 1]) { lo[a] = Math.min(lo[a]!, p[a]!); hi[a] = Math.max(hi[a]!, p[a]!); }
  }
  const pad = (a: number): Interval => {
    const w = Math.max(hi[a]! - lo[a]!, 1e-3);
    return { lo: lo[a]! - 0.1 * w, hi: hi[a]! + 0.1 * w };
  };
  return [pad(0), pad(1)];
}

/** The best chain along either axis (or, in 2-d when no chain is accepted, grid decomposition), or null
 *  (d > 2, nothing non-convex sampled, none accepted, or the optional cap cut the search before any
 *  pattern was accepted). The work limits: fixed pattern lists (4 chains per axis, 1 grid) and the
 *  audit's own leaf count for each pattern's overlap refinement. The cap (default none) is checked
 *  before each pattern (a pattern already started finishes) and logs its cut. */
export function auditDecompositionGap(energy: Energy, temperature: number, evidence: IntegrationEvidence, cap: TimeCap = TimeCap.none()): DecompositionGapJson | null {
  const d = energy.dim;
  if (d > 2) return null;
  // Network energies are not tried yet: slabs along one axis do not fit their modes, and the local
  // checks over unbounded slabs are slow there (the 8gaussians model used minutes for nothing).
  if (flattenSum(energy.model).some((t) => t.model.kind !== 'expression' && t.model.kind !== 'quadratic')) return null;
  const inner = evidence.tails.inner;
  const through = new Array<number>(d).fill(0);
  let best: { evidence: PoincareDecompositionEvidence; gap: number; poincare: number } | null = null;
  let nonConvex = false;
  for (let axis = 0; axis < d; axis++) {
    const range = Math.max(Math.abs(inner[axis]!.lo), Math.abs(inner[axis]!.hi));
    const patterns = chainPatterns(energy, temperature, axis, through, range);
    if (patterns.length === 0) continue;
    nonConvex = true;
    // One pattern at a time, so the cap is read between patterns only.
    for (const pattern of patterns) {
      if (cap.expired()) break;
      const found = proposeBestSlabChain(energy, temperature, evidence, [pattern], evidence.boxes.length);
      if (!found) continue;
      const r = checkPoincareDecomposition(energy.model, temperature, found.bracket, found.evidence);
      if (r.ok && (!best || r.value.gap > best.gap)) best = { evidence: found.evidence, gap: r.value.gap, poincare: r.value.poincare };
    }
  }
  // 2-d, no slab chain accepted though f is non-convex on an axis (rings of wells, barriers off the
  // axes): a grid of cells over the region that holds the mass, with the tail decomposition's bounded
  // W as the candidate on the unbounded sets. Tried only then: it costs minutes of CPU.
  if (d === 2 && !best && nonConvex && !cap.expired()) {
    const region = massRegion(energy, temperature, inner);
    const bump = evidence.tails.decomposition?.bump ?? null;
    // Edges scaled (src/certify/edgeScales.ts): the cells on the flanks stop paying the chain's bottleneck.
    const patterns = gridPatterns(region, [Math.max(region[0].hi - region[0].lo, region[1].hi - region[1].lo) / 12]).map((p) => ({ ...p, frameBumps: bump ? [bump] : [], scaleEdges: true }));
    for (const pattern of patterns) {
      if (cap.expired()) break;
      const found = proposeBestGridDecomposition(energy, temperature, evidence, [pattern], evidence.boxes.length);
      if (!found) continue;
      const r = checkPoincareDecomposition(energy.model, temperature, found.bracket, found.evidence);
      if (r.ok && (!best || r.value.gap > best.gap)) best = { evidence: found.evidence, gap: r.value.gap, poincare: r.value.poincare };
    }
  }
  if (!best) return null;
  const e = best.evidence;
  return {
    pieces: e.pieces.map((p) => ({ set: boxJson(p.set), bump: p.bump, cover: p.cover.map(boxJson) })),
    edges: e.edges.map(([i, j]) => [i, j] as const),
    beta: e.beta,
    lambda2: e.lambda2,
    // Every writer passes the scales on: without them verify would replay mu = 1, a smaller gap.
    ...(e.edgeScales !== undefined ? { edgeScales: [...e.edgeScales] } : {}),
    poincareUpper: best.poincare,
    gapLower: best.gap,
    note: DECOMPOSITION_NOTE,
  };
}
