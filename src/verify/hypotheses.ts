// Names that tie each hypothesis to its kernel function and proof document (one place, so the
// producer, verify and the proofs/ tables agree).
import type { HypothesisRecord } from './certificate.js';

export const HYPOTHESIS_SOURCES: Record<HypothesisRecord['id'], { function: string; proof: string }> = {
  smoothness: { function: 'kernel/checks/smoothness.checkSmoothness', proof: 'proofs/lsi-decomposition.md' },
  lsi: { function: 'kernel/checks/lsi.checkLsiDecomposition', proof: 'proofs/lsi-decomposition.md' },
  normalizability: { function: 'kernel/checks/lsi.checkLsiDecomposition', proof: 'proofs/normalizability.md' },
  kl0: { function: 'kernel/checks/kl0.checkKl0Bound', proof: 'proofs/kl0.md' },
  quadratic: { function: 'kernel/checks/quadratic.checkExactQuadratic', proof: 'proofs/stopping-exact-gaussian.md' },
  stopping: { function: 'kernel/stopping.checkStoppingRoute', proof: 'proofs/lyapunov.md' },
  'flow-invariance': { function: 'kernel/checks/gradientFlow.checkGradientFlowWitness', proof: 'proofs/gradient-flow.md' },
};

export const INFINITE_MASS_FUNCTION = 'kernel/checks/normalizability.checkInfiniteMassWitness';

export function record(
  id: HypothesisRecord['id'],
  status: HypothesisRecord['status'],
  claim: HypothesisRecord['claim'],
  evidence: HypothesisRecord['evidence'],
  reason?: string,
  override?: Partial<Pick<HypothesisRecord, 'function' | 'proof'>>,
): HypothesisRecord {
  const src = HYPOTHESIS_SOURCES[id];
  return { id, status, function: override?.function ?? src.function, proof: override?.proof ?? src.proof, claim, evidence, ...(reason ? { reason } : {}) };
}

/** The function and proof a hypothesis record must name (the stopping record cites its route's theorem). */
export function expectedSource(h: Pick<HypothesisRecord, 'id' | 'status'>, stoppingTheorem: string | null): { function: string; proof: string } {
  if (h.id === 'normalizability' && h.status === 'violated') return { function: INFINITE_MASS_FUNCTION, proof: HYPOTHESIS_SOURCES.normalizability.proof };
  if (h.id === 'stopping' && h.status === 'holds' && stoppingTheorem !== null) return { function: HYPOTHESIS_SOURCES.stopping.function, proof: stoppingTheorem };
  return HYPOTHESIS_SOURCES[h.id];
}
