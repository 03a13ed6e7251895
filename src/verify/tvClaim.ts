// The TV claim of a certificate (stopping.tv, from emcert check --tv-epsilon): the kernel's
// checkStoppingRoute re-runs the grid propagation at the stored (eta, N, grid), or re-derives every term
// of the localisation bound from the stored evidence, with the rebuilt model. It is a claim about TV, so it
// is checked apart from the KL routes and never stands in for the KL claim.
import { checkStoppingRoute } from '../kernel/stopping/check.js';
import type { EnergyModel } from '../kernel/model.js';
import type { Certificate } from './certificate.js';
import type { Checks } from './checks.js';
import { tvRouteFromJson } from './gridJson.js';

export function verifyTvClaim(cert: Certificate, model: EnergyModel, c: Checks): void {
  const s = cert.stopping;
  if (!s || (s.tv === undefined && s.tvEpsilon === undefined)) return;
  const t = s.tv;
  if (t === undefined) return c.fail('stopping.tv', 'tvEpsilon is given but no TV route');
  if (s.tvEpsilon === undefined) return c.fail('stopping.tv', 'a TV route without tvEpsilon');
  if (!t.applies) {
    if (t.steps !== undefined || t.stepSize !== undefined || t.h !== undefined || t.tvBound !== undefined || t.grid !== undefined || t.localisation !== undefined)
      return c.fail('stopping.tv', 'marked not applicable but lists a step count, step size, grid, evidence or bound');
    return c.pass('stopping.tv', `no TV claim (${t.reason ?? 'no reason given'})`);
  }
  if (t.reason !== undefined) return c.fail('stopping.tv', 'an applicable route carries a reason; only the checked numbers are its claim');
  if (t.metric !== 'TV') return c.fail('stopping.tv', `the TV claim must be a route with metric TV, not ${String(t.metric)}`);
  if (cert.dynamics.sampler !== 'ula') return c.fail('stopping.tv', `the TV route is a theorem about ULA, not ${cert.dynamics.sampler}`);
  if (cert.preconditioner !== undefined) return c.fail('stopping.tv', 'the TV route is proven for plain ULA, and this certificate is about preconditioned ULA');
  const route = tvRouteFromJson(t);
  if (typeof route === 'string') return c.fail('stopping.tv', route);
  const input = {
    dim: cert.energy.dim,
    temperature: cert.temperature,
    epsilon: s.epsilon,
    init: cert.dynamics.init,
    // The TV routes use none of the KL constants (localisation derives its own for f~).
    alpha: 0,
    smoothness: Infinity,
    kl0: Infinity,
    model,
    tvEpsilon: s.tvEpsilon,
  };
  const r = checkStoppingRoute(route, input);
  if (r.ok) c.pass('stopping.tv', `route ${t.route}: TV <= ${t.tvBound} after ${t.steps} steps of eta = ${t.stepSize} re-derived (tvEpsilon = ${s.tvEpsilon})`);
  else c.fail('stopping.tv', `route ${t.route} with ${t.steps} steps of eta = ${t.stepSize}: ${r.reason}`);
}
