// A composed certificate's strong convexity m (hess f >= m I, read only by the kl-hessian-lipschitz
// route) is established only when every component is convex (W_i = 0). A forger who splices that route,
// built with the claimed LSI m, into a composition with a non-convex component must be refused; a
// composition of convex components may carry it.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { enclosePotential } from '../../src/kernel/checks/common.js';
import { point } from '../../src/kernel/interval.js';
import { klHessianLipschitzRoute } from '../../src/certify/stopping/klHessianLipschitz.js';
import { checkStoppingRoute } from '../../src/kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../../src/kernel/stopping/types.js';
import { hypothesis, type Certificate } from '../../src/verify/certificate.js';
import { exactValuesOf } from '../../src/verify/exactValues.js';
import { stoppingInputFor } from '../../src/verify/stoppingInput.js';
import { verdictReason } from '../../src/verify/verdict.js';
import { verifyCertificate } from '../../src/verify/verify.js';

// Written by scripts/verify-fixtures.ts.
const fixture = (name: string): Certificate => JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8'));
const composedBump = fixture('composedBump'); // 1 * [x1^2 + x2^2] + 1 * [x1^2 + x2^2 + 3 sech^2(x1)], W_2 != 0
const composed = fixture('composed'); // 1 * [x1^2 + x2^2] + 2 * [0.5 x1^2 + 0.5 x2^2], both W = 0

/** The stopping question of `cert` as the producer would pose it if m were the strong convexity of f. */
function inputWithStrongConvexity(cert: Certificate): StoppingInput {
  const lsi = hypothesis(cert, 'lsi')!.claim;
  return stoppingInputFor({
    dim: cert.energy.dim,
    temperature: cert.temperature,
    epsilon: cert.stopping!.epsilon,
    init: cert.dynamics.init,
    alpha: lsi.alpha!,
    smoothness: cert.constants.smoothness.upper!,
    kl0: cert.constants.kl0.upper!,
    strongConvexity: lsi.m!,
    quadratic: null,
    model: buildEnergy(cert.energy.terms).model,
  });
}

/** `cert` with `route` listed and chosen, every record that names the chosen route made consistent. */
function withChosenRoute(cert: Certificate, route: StoppingRoute): Certificate {
  const out: Certificate = JSON.parse(JSON.stringify(cert));
  const s = out.stopping!;
  const steps = route.steps!, stepSize = route.stepSize!;
  out.stopping = { ...s, stepSize, h: route.h!, steps, route: route.route, theorem: route.theorem, routes: [...s.routes, route] };
  const sh = hypothesis(out, 'stopping')!;
  Object.assign(sh, { proof: route.theorem, claim: { steps, stepSize }, evidence: { route: route.route } });
  out.reason = verdictReason({ kind: 'certified', alpha: out.constants.lsi.lower!, temperature: out.temperature, components: 2, stopping: { route: route.route, steps, stepSize, epsilon: s.epsilon } });
  out.exact = exactValuesOf(out);
  return out;
}

const failures = (cert: Certificate): string[] => verifyCertificate(cert).checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);

describe('strong convexity of a composed certificate', () => {
  it('the fixtures verify; the bump component is non-convex, so the sum is not strongly convex', () => {
    expect(failures(composedBump)).toEqual([]);
    expect(failures(composed)).toEqual([]);
    const w = (c: Certificate, i: number) => (hypothesis(c.derivedFrom!.components[i]!, 'lsi')!.evidence.w as { kind: string }).kind;
    expect([w(composedBump, 0), w(composedBump, 1)]).toEqual(['none', 'expression']);
    expect([w(composed, 0), w(composed, 1)]).toEqual(['none', 'none']);
    // f = 2 x1^2 + 2 x2^2 + 3 sech^2(x1): d^2f/dx1^2 at 0 is 4 + 3 * (-2) = -2 (closed form), yet the claimed m is > 0.
    const h = enclosePotential(buildEnergy(composedBump.energy.terms).model, composedBump.temperature, [point(0), point(0)]).hessian;
    expect(h[0]![0]!.hi).toBeLessThan(-1.99);
    expect(hypothesis(composedBump, 'lsi')!.claim.m).toBeGreaterThan(2.9);
  });

  it('refuses a kl-hessian-lipschitz route built with the claimed m when a component is non-convex', () => {
    const input = inputWithStrongConvexity(composedBump);
    const route = klHessianLipschitzRoute(input);
    expect(route.applies).toBe(true);
    // The kernel accepts the route under the false m: only verify's refusal to establish m stands in the way.
    expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
    const forged = withChosenRoute(composedBump, route);
    const n = forged.stopping!.routes.length - 1;
    const why = /^route kl-hessian-lipschitz with \d+ steps of eta = \S+: kl-hessian-lipschitz needs a certified m > 0 with hess f >= m I$/;
    const f = failures(forged);
    // The route's two re-checks, then what follows from them (no checked route, so the reason differs).
    expect(f).toHaveLength(4);
    expect(f[0]).toMatch(new RegExp(`^stopping\\.routes\\[${n}\\]: ${why.source.slice(1)}`));
    expect(f[1]).toMatch(new RegExp(`^stopping: ${why.source.slice(1)}`));
    expect(f[2]).toBe('stopping hypothesis: holds without a checked stopping route');
    expect(f[3]).toMatch(/^reason: .* recomputed ".*no stopping rule certified"$/);
  }, 60_000);

  it('accepts the same splice when every component is convex (then hess f >= sum w_i m_i I)', () => {
    const route = klHessianLipschitzRoute(inputWithStrongConvexity(composed));
    expect(route.applies).toBe(true);
    expect(failures(withChosenRoute(composed, route))).toEqual([]);
  }, 60_000);
});
