// A producer's certificate is only written after verify accepts it. When verify refuses a claim
// (a producer bug, or evidence the kernel reads differently), the certificate is downgraded to
// inconclusive, claims nothing, and names the check that failed.
import { InputError } from '../util/errors.js';
import type { Certificate, HypothesisRecord } from '../verify/certificate.js';
import { exactValuesOf } from '../verify/exactValues.js';
import { expectedSource } from '../verify/hypotheses.js';
import { verifyCertificate, type VerifyOptions } from '../verify/verify.js';

export function sealCertificate(produced: Certificate, opts: VerifyOptions = {}): Certificate {
  const cert: Certificate = { ...produced, exact: exactValuesOf(produced) };
  const report = verifyCertificate(cert, opts);
  if (report.ok) return cert;
  const broke = report.checks.find((k) => !k.ok)!;
  const why = `${broke.name}: ${broke.detail}`;
  // Files that cannot be read or changed under us are input problems, not claims to withdraw.
  if (/^energy file |^energy$|^component /.test(broke.name)) throw new InputError(`certificate not written: ${why}`);
  const downgraded = withdrawClaims(cert, `verification of the producer's claims failed (${why}); nothing is claimed`);
  const again = verifyCertificate(downgraded, opts);
  if (!again.ok) {
    const b = again.checks.find((k) => !k.ok)!;
    throw new Error(`emcert: internal error: the withdrawn certificate does not verify either (${b.name}: ${b.detail})`);
  }
  return downgraded;
}

function withdrawClaims(cert: Certificate, reason: string): Certificate {
  const hypotheses: HypothesisRecord[] = cert.hypotheses.map((h) => {
    const claim = Object.fromEntries(Object.keys(h.claim).map((k) => [k, null]));
    const src = expectedSource({ id: h.id, status: 'unknown' }, null);
    return { id: h.id, status: 'unknown', function: src.function, proof: src.proof, claim, evidence: {}, reason };
  });
  return {
    ...cert,
    verdict: 'inconclusive',
    reason,
    hypotheses,
    constants: { lsi: { lower: null, reason }, smoothness: { upper: null, reason }, kl0: { upper: null, reason } },
    stopping: cert.stopping ? { epsilon: cert.stopping.epsilon, stepSize: null, h: null, steps: null, route: null, theorem: null, reason, routes: [] } : null,
    ...(cert.preconditioner ? { preconditioner: { ...cert.preconditioner, claim: { m: null, upper: null }, evidence: { boxes: [] } } } : {}),
    witnesses: [],
    ...(cert.poincareDecomposition ? { poincareDecomposition: { function: cert.poincareDecomposition.function, proof: cert.poincareDecomposition.proof, note: cert.poincareDecomposition.note, claim: null, reason } } : {}),
    ...(cert.lsiDecomposition ? { lsiDecomposition: { function: cert.lsiDecomposition.function, proof: cert.lsiDecomposition.proof, claim: null, reason } } : {}),
  };
}
