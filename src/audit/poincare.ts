// The audit's decomposition lower end of the mixing bracket (untrusted producer; the kernel check is
// checks/poincareDecomposition.checkPoincareDecomposition, proofs/poincare-decomposition.md): a chain
// of slabs along x1 or x2 over the audit's own final leaves (expression energies only, for now) (no further refinement, so every other
// bracket of the audit is computed on the same leaves), for d <= 2 energies whose sampled curvature
// is negative somewhere on an axis. A Poincare (spectral gap) bound, never an LSI constant.
import type { Energy } from '../energy/types.js';
import type { Box } from '../kernel/box.js';
import type { IntegrationEvidence } from './integrate.js';
import { chainPatterns, proposeBestSlabChain } from '../certify/poincareProducer.js';
import { checkPoincareDecomposition, type PoincareDecompositionEvidence } from '../kernel/checks/poincareDecomposition.js';
import { pair, type Pair } from '../verify/audit.js';
import { flattenSum } from '../kernel/checks/sumModel.js';

export interface DecompositionGapJson {
  readonly pieces: { set: Pair[]; bump: string | null; cover: Pair[][] }[];
  readonly edges: (readonly [number, number])[];
  readonly beta: number;
  readonly lambda2: number;
  /** Certified: Var_pi g <= poincareUpper E_pi |grad g|^2, so the spectral gap of f is >= gapLower. */
  readonly poincareUpper: number;
  readonly gapLower: number;
  readonly note: string;
}

export const DECOMPOSITION_NOTE = 'Poincare (spectral gap) constant from a covering decomposition (proofs/poincare-decomposition.md); not a log-Sobolev constant: no KL stopping route uses it';

const boxJson = (b: Box): Pair[] => b.map(pair);

/** The best chain along either axis, or null (d > 2, nothing non-convex sampled, none accepted, or
 *  the deadline passed before any pattern was tried). */
export function auditDecompositionGap(energy: Energy, temperature: number, evidence: IntegrationEvidence, deadline = Infinity): DecompositionGapJson | null {
  const d = energy.dim;
  if (d > 2) return null;
  // Network energies are not tried yet: slabs along one axis do not fit their modes, and the local
  // checks over unbounded slabs are slow there (the 8gaussians model used minutes for nothing).
  if (flattenSum(energy.model).some((t) => t.model.kind !== 'expression' && t.model.kind !== 'quadratic')) return null;
  const inner = evidence.tails.inner;
  const through = new Array<number>(d).fill(0);
  let best: { evidence: PoincareDecompositionEvidence; gap: number; poincare: number } | null = null;
  for (let axis = 0; axis < d; axis++) {
    const range = Math.max(Math.abs(inner[axis]!.lo), Math.abs(inner[axis]!.hi));
    const patterns = chainPatterns(energy, temperature, axis, through, range);
    if (patterns.length === 0) continue;
    const found = proposeBestSlabChain(energy, temperature, evidence, patterns, evidence.boxes.length, deadline);
    if (!found) continue;
    const r = checkPoincareDecomposition(energy.model, temperature, found.bracket, found.evidence);
    if (r.ok && (!best || r.value.gap > best.gap)) best = { evidence: found.evidence, gap: r.value.gap, poincare: r.value.poincare };
  }
  if (!best) return null;
  const e = best.evidence;
  return {
    pieces: e.pieces.map((p) => ({ set: boxJson(p.set), bump: p.bump, cover: p.cover.map(boxJson) })),
    edges: e.edges.map(([i, j]) => [i, j] as const),
    beta: e.beta,
    lambda2: e.lambda2,
    poincareUpper: best.poincare,
    gapLower: best.gap,
    note: DECOMPOSITION_NOTE,
  };
}
