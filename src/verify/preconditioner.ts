// The preconditioner record (proofs/stopping-preconditioned.md): verify re-derives the curvature
// bounds of g(y) = f(C y) from the stored factor C and boxes, and builds the stopping question of
// preconditioned ULA from them. Claims may be weaker than recomputed, never stronger.
import { checkPreconditionedCurvature } from '../kernel/checks/preconditioned.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxFromEvidence, type Certificate, type PreconditionerRecord } from './certificate.js';
import type { Checks } from './checks.js';

export const PRECONDITIONER_SOURCE = {
  function: 'kernel/checks/preconditioned.checkPreconditionedCurvature',
  proof: 'proofs/stopping-preconditioned.md',
} as const;

/** What verify established about g(y) = f(C y): the factor and the claimed (implied) bounds. */
export interface EstablishedPreconditioner {
  readonly factor: number[][];
  /** m_g with C^T hess f C >= m_g I everywhere (> 0), or null. */
  readonly m: number | null;
  /** L_g >= |eig(C^T hess f C)| everywhere (finite), or null. */
  readonly upper: number | null;
}

/**
 * Checks the record's names and claims against the kernel's recomputation. Returns undefined when
 * the certificate has no preconditioner; otherwise what was established (null constants when not).
 */
export function establishPreconditioner(cert: Certificate, model: EnergyModel, c: Checks): EstablishedPreconditioner | undefined {
  const rec: PreconditionerRecord | undefined = cert.preconditioner;
  if (rec === undefined) return undefined;
  c.equal('preconditioner: function', rec.function, PRECONDITIONER_SOURCE.function);
  c.equal('preconditioner: proof', rec.proof, PRECONDITIONER_SOURCE.proof);
  if (cert.dynamics.sampler !== 'ula') c.fail('preconditioner', `a preconditioner is defined for ULA, not ${cert.dynamics.sampler}`);
  const none: EstablishedPreconditioner = { factor: rec.factor, m: null, upper: null };
  // A record that claims nothing (a withdrawn certificate) needs no evidence.
  if (rec.claim.m === null && rec.claim.upper === null) {
    c.pass('preconditioner', 'claims no curvature bound');
    return none;
  }
  const boxes = Array.isArray(rec.evidence.boxes) ? rec.evidence.boxes.map(boxFromEvidence) : [];
  if (!boxes.every((b) => b !== null)) {
    c.fail('preconditioner: boxes', 'a stored box is not a list of [lo, hi] pairs');
    return none;
  }
  const r = checkPreconditionedCurvature(model, cert.temperature, rec.factor, boxes as { lo: number; hi: number }[][]);
  if (!r.ok) {
    c.fail('preconditioner', r.reason);
    return none;
  }
  let m: number | null = null;
  let upper: number | null = null;
  if (rec.claim.m !== null && c.lower('preconditioner: m_g (lambda_min of C^T hess f C)', rec.claim.m, r.value.m)) {
    if (rec.claim.m > 0) m = rec.claim.m;
    else c.fail('preconditioner: m_g', `claimed m_g ${rec.claim.m} is not positive`);
  }
  if (rec.claim.upper !== null && c.upper('preconditioner: L_g (|eig| of C^T hess f C)', rec.claim.upper, r.value.upper)) upper = rec.claim.upper;
  return { factor: rec.factor, m, upper };
}
