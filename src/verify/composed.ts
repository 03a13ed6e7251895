// verify for composed certificates: the components share the sum's dimension and temperature and
// each verifies on its own evidence, the energy is exactly the weighted sum of theirs, and the
// composed constants are implied by the composition rule applied to the components' verified
// claims. Every other claim (records, KL_0, routes, witnesses, verdict, reason) is checked as for
// any certificate (claims.ts).
import { hypothesis, type Certificate } from './certificate.js';
import { Checks } from './checks.js';
import { verifyClaims, type EstablishedConstants } from './claims.js';
import { composedTerms, compositionMismatch, compositionRuleFor, deriveComposition } from './composition.js';
import { rebuildModel } from './model.js';
import type { VerifyOptions, VerifyReport } from './verify.js';

export function verifyComposed(cert: Certificate, opts: VerifyOptions, verifyOne: (c: Certificate, o: VerifyOptions) => VerifyReport): VerifyReport {
  const c = new Checks();
  const from = cert.derivedFrom!;
  let inputProblem: string | undefined;
  const fail = (): VerifyReport => ({ ok: false, checks: c.list, verdict: 'inconclusive', ...(inputProblem ?? c.inputProblem ? { inputProblem: inputProblem ?? c.inputProblem } : {}) });
  const mismatch = compositionMismatch(from.components, from.weights, cert.energy.dim, cert.temperature);
  if (mismatch) {
    c.fail('derivedFrom', mismatch);
    return fail();
  }
  c.equal('derivedFrom.rule', from.rule, compositionRuleFor(from.weights));
  from.components.forEach((comp, i) => {
    const r = verifyOne(comp, opts);
    inputProblem ??= r.inputProblem;
    const broke = r.checks.find((k) => !k.ok);
    c.expect(r.ok, `component ${i + 1}`, `${comp.energy.spec}: verifies`, `${comp.energy.spec}: ${broke?.name}: ${broke?.detail}`);
  });
  if (!c.ok) return fail();
  try {
    if (!c.equal('energy.terms', cert.energy.terms, composedTerms(from.components, from.weights))) return fail();
  } catch (e) {
    c.fail('energy.terms', (e as Error).message);
    return fail();
  }
  const model = rebuildModel(cert, c, opts.baseDir);
  if (!model) return fail();

  let established: EstablishedConstants;
  if (from.weights.some((w) => w < 0)) established = { L: Infinity, lsi: null, components: from.components.length, negativeWeight: true };
  else {
    const k = deriveComposition(from.components, from.weights);
    let L = Infinity;
    const sm = hypothesis(cert, 'smoothness');
    if (sm?.status === 'holds' && c.upper('composed smoothness: L', sm.claim.upper, k.smoothness)) L = sm.claim.upper!;
    let lsi: EstablishedConstants['lsi'] = null;
    const h = hypothesis(cert, 'lsi');
    if (h?.status === 'holds') {
      const alpha = k.alpha ?? 0;
      if (!(alpha > 0)) c.fail('lsi', `the composition rule gives no LSI constant: ${k.reason}`);
      else {
        const ok =
          c.lower('composed lsi: m', h.claim.m, k.m!) &&
          c.upper('composed lsi: osc W', h.claim.osc, k.osc!) &&
          c.lower('composed lsi: inf W', h.claim.infW, k.infW!) &&
          c.lower('composed lsi: alpha', h.claim.alpha, alpha) &&
          // No claimed min U passes (a lower bound of -infinity); a claimed one needs the rule's.
          c.lower('composed lsi: min U', h.claim.minU, k.minU ?? -Infinity);
        if (ok && h.claim.alpha! > 0)
          // hess f >= m I only when every W_i = 0; else m is U's convexity alone, and a forged kl-hessian-lipschitz route would read it.
          lsi = { alpha: h.claim.alpha!, m: h.claim.m!, osc: h.claim.osc!, infW: h.claim.infW!, minU: h.claim.minU ?? null, strongConvexity: k.allConvex ? h.claim.m! : null };
      }
    }
    established = { L, lsi, components: from.components.length };
  }
  const verdict = verifyClaims(cert, model, established, c);
  return { ok: c.ok, checks: c.list, verdict };
}
