// Replay of a certificate's LSI constant from the covering decomposition (lsiDecomposition): the
// decomposition (poincareDecomposition's evidence) and the partition are re-checked together by
// checkLsiFromDecomposition; the evidence's numbers must equal what the kernel recomputes, the claimed
// alpha may be smaller (weaker) than the kernel's, never larger. The
// result raises the established alpha only when the lsi hypothesis holds (claims.ts then requires
// constants.lsi.lower = the larger of the two, and the stopping routes are re-checked with it).
import type { EnergyModel } from '../kernel/model.js';
import type { CheckOutcome } from '../kernel/checks/common.js';
import type { PoincareBound } from '../kernel/checks/poincareDecomposition.js';
import { checkLsiFromDecomposition, type LsiFromDecompositionBound, type PartitionBlock } from '../kernel/checks/lsiDecomposition.js';
import { boxFromEvidence, type Certificate, type LsiDecompositionJson, type LsiDecompositionRecord, type PoincareDecompositionJson } from './certificate.js';
import type { Checks } from './checks.js';
import { decodeDecomposition, notStronger, verifyPoincareDecomposition, type CertificateContext } from './poincare.js';

export const LSI_DECOMPOSITION_FUNCTION = 'kernel/checks/lsiDecomposition.checkLsiFromDecomposition';
export const LSI_DECOMPOSITION_PROOF = 'proofs/lsi-from-decomposition.md';

/** The stored partition as kernel input (throws with the reason when malformed). */
function decodePartition(ev: LsiDecompositionJson): PartitionBlock[] {
  if (!Array.isArray(ev?.partition)) throw new Error('partition is not a list');
  return ev.partition.map((b, i) => {
    const box = boxFromEvidence(b?.box);
    if (box === null) throw new Error(`partition[${i}].box is not a list of [lo, hi] pairs`);
    return { box, set: b.set };
  });
}

/** The kernel's outcome on the stored decomposition and partition; never throws. */
export function replayLsiDecomposition(cert: CertificateContext, model: EnergyModel, decomposition: PoincareDecompositionJson, ev: LsiDecompositionJson): CheckOutcome<LsiFromDecompositionBound & { leaves: number }> {
  try {
    const decoded = decodeDecomposition(cert, model, decomposition);
    if (!decoded.ok) return decoded;
    const r = checkLsiFromDecomposition(model, cert.temperature, decoded.value.bracket, decoded.value.evidence, decodePartition(ev));
    return r.ok ? { ok: true, value: { ...r.value, leaves: decoded.value.leaves } } : r;
  } catch (e) {
    return { ok: false, reason: `lsi-decomposition: ${(e as Error).message}` };
  }
}

/** The numbers the record stores, from the kernel's bound (what the producer writes, what verify expects). */
export function recordedLsiValues(b: LsiFromDecompositionBound): Pick<LsiDecompositionJson, 'masses' | 'localInverse' | 'logInverseMass'> & { claim: { alphaLower: number } } {
  return { masses: b.masses.map((m) => [m.lo, m.hi]), localInverse: b.localInverse, logInverseMass: b.logInverseMass, claim: { alphaLower: b.alpha } };
}

/**
 * verify's checks of the two decomposition records; returns the claimed LSI alpha when the
 * lsiDecomposition claim verified (at most the kernel's; null otherwise). The decomposition is
 * re-checked once.
 */
export function verifyDecompositionRecords(cert: Certificate, model: EnergyModel, c: Checks): number | null {
  const rec: LsiDecompositionRecord | undefined = cert.lsiDecomposition;
  const pd = cert.poincareDecomposition;
  if (rec === undefined) {
    verifyPoincareDecomposition(cert, model, c);
    return null;
  }
  const where = 'lsiDecomposition';
  c.equal(`${where}: function`, rec.function, LSI_DECOMPOSITION_FUNCTION);
  c.equal(`${where}: proof`, rec.proof, LSI_DECOMPOSITION_PROOF);
  if (rec.claim === null || pd?.claim == null || pd.evidence === undefined) {
    verifyPoincareDecomposition(cert, model, c);
    if (rec.claim !== null) c.fail(where, 'an LSI constant without a claimed decomposition (poincareDecomposition) to derive it from');
    else {
      if (rec.evidence !== undefined) c.fail(where, 'evidence without a claim');
      if (typeof rec.reason !== 'string' || rec.reason.length === 0) c.fail(where, 'no claim and no reason');
    }
    return null;
  }
  if (rec.reason !== undefined) c.fail(where, 'a claimed alpha carries a reason; only the checked numbers are its claim');
  if (rec.evidence === undefined) {
    verifyPoincareDecomposition(cert, model, c);
    c.fail(where, 'a claimed alpha without evidence');
    return null;
  }
  const r = replayLsiDecomposition(cert, model, pd.evidence, rec.evidence);
  // The Poincare record is judged on the same replay when it succeeded (its check ran inside).
  const poincare: CheckOutcome<PoincareBound & { leaves: number }> | undefined = r.ok ? { ok: true, value: { ...r.value.poincare, leaves: r.value.leaves } } : undefined;
  verifyPoincareDecomposition(cert, model, c, poincare);
  if (!r.ok) {
    c.fail(where, r.reason);
    return null;
  }
  const want = recordedLsiValues(r.value);
  const ok = [
    c.equal(`${where}: masses`, rec.evidence.masses, want.masses),
    c.equal(`${where}: max local inverse constant`, rec.evidence.localInverse, want.localInverse),
    c.equal(`${where}: log(1/p_*)`, rec.evidence.logInverseMass, want.logInverseMass),
    // A weaker (smaller) alpha than the kernel's is still proved; the stored one is the claim, and it
    // is what constants.lsi.lower must match.
    notStronger(c, `${where}: alpha (LSI)`, 'lower', rec.claim.alphaLower, want.claim.alphaLower),
  ].every(Boolean);
  return ok ? rec.claim.alphaLower : null;
}
