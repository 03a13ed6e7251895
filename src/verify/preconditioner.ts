// The preconditioner record (proofs/stopping-preconditioned.md): verify re-derives the curvature
// bounds of g(y) = f(C y) from the stored factor C and boxes, and builds the stopping question of
// preconditioned ULA from them. Claims may be weaker than recomputed, never stronger.
import { checkPreconditionedCurvature, preconditionedContractionFactor } from '../kernel/checks/preconditioned.js';
import { mul, point } from '../kernel/interval.js';
import { convexPart, holleyStroockAlpha } from '../kernel/checks/lsi.js';
import type { EnergyModel } from '../kernel/model.js';
import { boxFromEvidence, hypothesis, type Certificate, type PreconditionerRecord } from './certificate.js';
import type { Checks } from './checks.js';
import { boundedModel, type BoundedPartEvidence } from './decomposition.js';

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
  /** m_U,g with C^T hess U C >= m_U,g I everywhere (> 0), U = f - W of the lsi record, or null. */
  readonly mConvex: number | null;
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
  const none: EstablishedPreconditioner = { factor: rec.factor, m: null, upper: null, mConvex: null };
  // A record that claims nothing (a withdrawn certificate) needs no evidence.
  if (rec.claim.m === null && rec.claim.upper === null && (rec.claim.mConvex ?? null) === null && (rec.claim.contraction ?? null) === null) {
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
  checkContraction(cert, rec, m, upper, c);
  return { factor: rec.factor, m, upper, mConvex: convexPartCurvature(cert, model, rec, boxes as { lo: number; hi: number }[][], c) };
}

/** The contraction factor at the stopping step (part 7): implied by the re-checked m_g and L_g, or refused. */
function checkContraction(cert: Certificate, rec: PreconditionerRecord, m: number | null, upper: number | null, c: Checks): void {
  const claimed = rec.claim.contraction ?? null;
  if (claimed === null) return;
  const stepSize = cert.stopping?.stepSize ?? null;
  if (m === null || upper === null || stepSize === null || !(stepSize > 0)) {
    c.fail('preconditioner: contraction', 'claims a contraction factor without re-checked m_g > 0, L_g and a stopping step size');
    return;
  }
  const rate = preconditionedContractionFactor(m, upper, mul(point(stepSize), point(cert.temperature)));
  c.upper('preconditioner: contraction factor in the P^-1 metric', claimed, rate.hi);
}

/**
 * Holley-Stroock on g (proofs/stopping-preconditioned.md, part 5): U = E - W_E with W from the lsi
 * hypothesis (which verify checks separately, with osc W); C^T hess U C >= mConvex on the same cover.
 */
function convexPartCurvature(cert: Certificate, model: EnergyModel, rec: PreconditionerRecord, boxes: { lo: number; hi: number }[][], c: Checks): number | null {
  const claimed = rec.claim.mConvex ?? null;
  if (claimed === null) return null;
  const lsi = hypothesis(cert, 'lsi');
  if (lsi?.status !== 'holds') {
    c.fail('preconditioner: m_U,g', 'claims a convex-part bound but the lsi hypothesis (which supplies W) does not hold');
    return null;
  }
  let u: EnergyModel;
  try {
    u = convexPart(model, boundedModel(model, lsi.evidence.w as BoundedPartEvidence));
  } catch (e) {
    c.fail('preconditioner: m_U,g', `W: ${(e as Error).message}`);
    return null;
  }
  const r = checkPreconditionedCurvature(u, cert.temperature, rec.factor, boxes);
  if (!r.ok) {
    c.fail('preconditioner: m_U,g', r.reason);
    return null;
  }
  if (!c.lower('preconditioner: m_U,g (lambda_min of C^T hess U C)', claimed, r.value.m)) return null;
  if (!(claimed > 0)) {
    c.fail('preconditioner: m_U,g', `claimed m_U,g ${claimed} is not positive`);
    return null;
  }
  return claimed;
}

/** The LSI constant of pi_g: the better of Bakry-Emery (m_g) and Holley-Stroock (m_U,g exp(-osc W)); 0 when neither. */
export function preconditionedAlpha(pre: EstablishedPreconditioner, oscW: number | null): number {
  const be = pre.m ?? 0;
  const hs = pre.mConvex !== null && oscW !== null ? holleyStroockAlpha(pre.mConvex, oscW) : 0;
  return Math.max(be, hs);
}
