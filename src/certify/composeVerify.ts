// verify for composed certificates: every component verifies on its own evidence, the composed
// energy is the weighted sum of the components', and each composed claim is implied by the
// composition rules applied to the components' (verified) claims.
import { checkKl0Bound } from '../kernel/checks/kl0.js';
import { checkInfiniteMassWitness } from '../kernel/checks/normalizability.js';
import { checkStoppingRoute } from '../kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../kernel/stopping/types.js';
import { boxFromJson, hypothesis, type Certificate, type JsonBox, type Verdict } from './certificate.js';
import { deriveComposition } from './composeRules.js';
import { composedTerms } from './compose.js';
import { Checks, rebuildModel, verifyCertificate, type VerifyOptions, type VerifyReport } from './verify.js';

export function verifyComposed(cert: Certificate, opts: VerifyOptions): VerifyReport {
  const c = new Checks();
  const from = cert.derivedFrom!;
  const fail = (): VerifyReport => ({ ok: false, checks: c.list, verdict: 'inconclusive' });
  if (from.weights.length !== from.components.length) {
    c.fail('derivedFrom', `${from.weights.length} weights for ${from.components.length} components`);
    return fail();
  }
  from.components.forEach((comp, i) => {
    const r = verifyCertificate(comp, opts);
    if (r.ok) c.pass(`component ${i + 1}`, `${comp.energy.spec}: verifies`);
    else {
      const broke = r.checks.find((k) => !k.ok)!;
      c.fail(`component ${i + 1}`, `${comp.energy.spec}: ${broke.name}: ${broke.detail}`);
    }
    if (comp.temperature !== cert.temperature) c.fail(`component ${i + 1}`, `temperature ${comp.temperature} differs from ${cert.temperature}`);
  });
  if (!c.ok) return fail();
  let terms;
  try {
    terms = composedTerms(from.components, from.weights);
  } catch (e) {
    c.fail('energy', (e as Error).message);
    return fail();
  }
  if (JSON.stringify(terms) !== JSON.stringify(cert.energy.terms)) {
    c.fail('energy', `terms ${JSON.stringify(cert.energy.terms)} are not the weighted components ${JSON.stringify(terms)}`);
    return fail();
  }
  const model = rebuildModel(cert, c, opts);
  if (!model) return fail();
  const T = cert.temperature;
  let verdict: Verdict = 'inconclusive';

  if (from.weights.some((w) => w < 0)) {
    for (const w of cert.witnesses) {
      const r = w.kind === 'infinite-mass' ? checkInfiniteMassWitness(model, T, boxFromJson(w.box as JsonBox)) : { ok: false as const, reason: 'only infinite-mass witnesses apply to a composition' };
      if (r.ok) {
        verdict = 'refuted';
        c.pass('infinite-mass witness', 'sup f is finite on an infinite-volume box: Z = infinity');
      } else c.fail('witness', r.reason);
    }
    if (cert.constants.lsi.lower !== null || cert.stopping?.steps != null) c.fail('negative weight', 'claims constants the composition rules do not give for negative weights');
  } else {
    const k = deriveComposition(from.components, from.weights);
    const lsiOk = k.alpha !== null && k.alpha > 0;
    c.upper('composed smoothness: L', cert.constants.smoothness.upper, k.smoothness);
    const sm = hypothesis(cert, 'smoothness');
    if (sm?.claim.upper != null) c.upper('smoothness: L', sm.claim.upper, k.smoothness);
    const lsi = hypothesis(cert, 'lsi');
    if (cert.constants.lsi.lower !== null) c.lower('composed lsi: alpha', cert.constants.lsi.lower, lsiOk ? k.alpha! : 0);
    if (lsi?.status === 'holds') {
      if (!lsiOk) c.fail('lsi', `the rules give no LSI constant: ${k.reason}`);
      else {
        c.lower('lsi: m', lsi.claim.m, k.m!);
        c.upper('lsi: osc W', lsi.claim.osc, k.osc!);
        c.lower('lsi: inf W', lsi.claim.infW, k.infW!);
        c.lower('lsi: alpha', lsi.claim.alpha, k.alpha!);
        c.lower('lsi: min U', lsi.claim.minU, k.minU ?? -Infinity);
      }
    }
    let kl0 = Infinity;
    if (cert.constants.kl0.upper !== null) {
      const r =
        lsiOk && Number.isFinite(k.smoothness) && k.minU !== null
          ? checkKl0Bound({ model, temperature: T, m: k.m!, infW: k.infW!, smoothness: k.smoothness, init: cert.dynamics.init, minU: k.minU })
          : { ok: false as const, reason: 'needs the derived m, inf W, min U and a finite L' };
      if (!r.ok) c.fail('kl0', r.reason);
      else if (c.upper('kl0: KL(rho_0 || pi)', cert.constants.kl0.upper, r.value.upper)) kl0 = cert.constants.kl0.upper;
    }
    const k0 = hypothesis(cert, 'kl0');
    if (k0?.claim.upper != null) c.upper('kl0 hypothesis: KL(rho_0 || pi)', k0.claim.upper, kl0);
    const s = cert.stopping;
    if (s && s.steps !== null) {
      const input: StoppingInput = {
        dim: cert.energy.dim,
        temperature: T,
        epsilon: s.epsilon,
        init: cert.dynamics.init,
        alpha: Math.min(cert.constants.lsi.lower ?? 0, lsiOk ? k.alpha! : 0),
        smoothness: Math.max(cert.constants.smoothness.upper ?? Infinity, k.smoothness),
        kl0,
        ...(k.allConvex && k.m !== null ? { strongConvexity: k.m } : {}),
      };
      const route = { route: s.route, theorem: s.theorem, applies: true, stepSize: s.stepSize ?? undefined, h: s.h ?? undefined, steps: s.steps } as StoppingRoute;
      const r = checkStoppingRoute(route, input);
      if (r.ok) c.pass('stopping', `route ${s.route}: ${s.steps} steps of eta = ${s.stepSize}`);
      else c.fail('stopping', `route ${s.route} with ${s.steps} steps of eta = ${s.stepSize}: ${r.reason}`);
    }
    verdict = lsiOk ? 'certified' : 'inconclusive';
  }
  if (verdict === cert.verdict) c.pass('verdict', `${cert.verdict} is what the components support`);
  else c.fail('verdict', `certificate says ${cert.verdict}, the components support ${verdict}`);
  return { ok: c.ok, checks: c.list, verdict };
}
