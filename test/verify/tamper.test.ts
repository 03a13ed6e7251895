// One tampering per check of the replay layer: each must fail verify with that check named, and the
// untouched certificates must pass. (Every line of src/verify/claims.ts and composed.ts that refuses
// something has a case here; mutation testing is how that is measured.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hypothesis, type Certificate, type HypothesisRecord } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';

// Certified by scripts/verify-fixtures.ts (rerun it when the certificate format changes: the first
// test below then fails). Stored, not certified here, so that a run takes seconds (mutation testing).
const fixture = (name: string): Certificate => JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8'));
const clone = (c: Certificate): Certificate => JSON.parse(JSON.stringify(c));
const h = (c: Certificate, id: HypothesisRecord['id']): HypothesisRecord => hypothesis(c, id)!;

const gauss = fixture('gauss'); // expr:0.5*x1^2 + 0.5*x2^2, init N(1, 1), epsilon 0.01
const slow = fixture('slow'); // expr:x1^2 + x2^2 + 0.25*tanh(x1), init N(1, 1), epsilon 0.01
const flow = fixture('flow'); // expr:(x1^2-1)^2 + 0.5*x2^2 under the gradient flow
const mass = fixture('mass'); // expr:x2^2 - x1^2
const round = fixture('round'); // expr:x1^2 + x2^2, init N(0, 0.3^2)
const composed = fixture('composed'); // 1 * round + 2 * gauss, init N(0, 0.3^2)
const negative = fixture('negative'); // 1 * round - 3 * round

type Case = readonly [name: string, base: Certificate, tamper: (c: Certificate) => void, expected: RegExp];

const cases: readonly Case[] = [
  ['a status this hypothesis cannot have', gauss, (c) => void (h(c, 'lsi').status = 'violated'), /\(lsi\): status violated is not a status/],
  ['an unknown hypothesis that claims a number', gauss, (c) => void (h(c, 'quadratic').status = 'unknown', h(c, 'smoothness').status = 'unknown'), /\(smoothness\): status unknown but claims a number/],
  ['smoothness holds without boxes', slow, (c) => void (h(c, 'smoothness').evidence = {}), /^smoothness: claims a smoothness bound that is not established/],
  ['LSI holds without boxes', slow, (c) => void delete h(c, 'lsi').evidence.boxes, /^lsi: claims LSI that is not established/],
  ['LSI holds with a W that is not one', slow, (c) => void (h(c, 'lsi').evidence.w = { kind: 'terms', indices: [7] }), /^lsi: W: term index 7/],
  ['normalizability holds without LSI', slow, (c) => void c.hypotheses.splice(c.hypotheses.findIndex((x) => x.id === 'lsi'), 1), /^normalizability: claims Z < infinity, but no established/],
  ['an infinite-mass claim below the recomputed sup f', mass, (c) => void (h(c, 'normalizability').claim.supF = -1e9), /^normalizability: sup f on the witness box: claimed/],
  ['an infinite-mass hypothesis without its box', mass, (c) => void (h(c, 'normalizability').evidence = {}), /^normalizability witness: no witness box stored/],
  ['an infinite-mass witness without its hypothesis', mass, (c) => void (h(c, 'normalizability').status = 'unknown', h(c, 'normalizability').claim.supF = null, h(c, 'normalizability').function = 'kernel/checks/lsi.checkLsiDecomposition'), /^normalizability: a violated normalizability hypothesis and an infinite-mass witness come together/],
  ['an infinite-mass hypothesis without its witness', mass, (c) => void (c.witnesses = []), /come together, or not at all/],
  ['an infinite-mass enclosure narrower than the recomputed one', mass, (c) => void (c.witnesses[0]!.enclosure[1] = c.witnesses[0]!.enclosure[1] - 1), /^witnesses\[0\] \(infinite-mass\): enclosure: .* does not contain the recomputed/],
  ['a flow enclosure that does not exclude 0', flow, (c) => void (c.witnesses[0]!.enclosure = c.witnesses[0]!.enclosure[0] > 0 ? [-1, c.witnesses[0]!.enclosure[1]] : [c.witnesses[0]!.enclosure[0], 1]), /does not exclude 0/],
  ['a flow witness without a violated hypothesis', flow, (c) => void Object.assign(h(c, 'flow-invariance'), { status: 'unknown', claim: { lo: null, hi: null } }), /^flow-invariance: a gradient-flow witness without a violated flow-invariance hypothesis/],
  ['a violated flow hypothesis without a witness', flow, (c) => void (c.witnesses = []), /^flow-invariance: claims the flow is refuted but no gradient-flow witness checks/],
  ['a flow claim that is not the witness enclosure', flow, (c) => void (h(c, 'flow-invariance').claim.lo = -1), /^flow-invariance: claim: /],
  ['an infinite-mass hypothesis naming another box than its witness', mass, (c) => void ((h(c, 'normalizability').evidence.box as (number | null)[][])[0]![1] = 123), /^normalizability: box: /],
  ['a flow hypothesis naming another box than its witness', flow, (c) => void ((h(c, 'flow-invariance').evidence.box as (number | null)[][])[0]![0] = -123), /^flow-invariance: box: /],
  ['KL_0 without LSI', slow, (c) => void Object.assign(h(c, 'lsi'), { status: 'unknown', claim: { m: null, osc: null, infW: null, alpha: null, minU: null } }), /^kl0: needs an established LSI decomposition/],
  ['KL_0 for another initial law', slow, (c) => void (h(c, 'kl0').evidence.init = { mean: 5, std: 1 }), /^kl0: initial law: /],
  ['KL_0 below the recomputed bound', slow, (c) => void (h(c, 'kl0').claim.upper = 1e-9, c.constants.kl0.upper = 1e-9), /^kl0: KL\(rho_0 \|\| pi\): claimed 1e-9 is below/],
  ['a quadratic claim the kernel cannot prove', slow, (c) => void (h(c, 'quadratic').status = 'holds'), /^quadratic: claims E is exactly quadratic/],
  ['the constant L not equal to the hypothesis', slow, (c) => void (c.constants.smoothness.upper! *= 2), /^constants.smoothness.upper: /],
  ['the constant KL_0 not equal to the hypothesis', slow, (c) => void (c.constants.kl0.upper! *= 2), /^constants.kl0.upper: /],
  ['an applicable route that carries a reason', slow, (c) => void ((c.stopping!.routes.find((r) => r.applies) as { reason?: string }).reason = 'fast'), /an applicable route carries a reason/],
  ['a chosen route that is not one of the listed', slow, (c) => void (c.stopping!.routes = c.stopping!.routes.filter((r) => r.route !== c.stopping!.route)), /^stopping: the chosen route .* is not one of stopping.routes/],
  ['a chosen route with more steps than a listed one', slow, (c) => {
    const seed = c.stopping!.routes.find((r) => r.route === 'vempala-wibisono-seed')!;
    Object.assign(c.stopping!, { route: seed.route, theorem: seed.theorem, steps: seed.steps, stepSize: seed.stepSize, h: seed.h });
    Object.assign(h(c, 'stopping').claim, { steps: seed.steps, stepSize: seed.stepSize });
    h(c, 'stopping').evidence.route = seed.route;
    h(c, 'stopping').proof = seed.theorem;
  }, /^stopping: the chosen route needs \d+ steps, a listed route needs \d+/],
  ['no step count but a step size', slow, (c) => void Object.assign(c.stopping!, { steps: null }), /^stopping: no step count but a step size, route or theorem/],
  ['routes that apply but none chosen', slow, (c) => void Object.assign(c.stopping!, { steps: null, stepSize: null, h: null, route: null, theorem: null }), /a route applies but none was chosen/],
  ['a route under a sampler it is not proved for', slow, (c) => void (c.dynamics.sampler = 'mala'), /theorems about ULA, not mala/],
  ['a stopping route without LSI', gauss, (c) => void Object.assign(h(c, 'lsi'), { status: 'unknown', claim: { m: null, osc: null, infW: null, alpha: null, minU: null } }), /a stopping route needs an established LSI constant/],
  ['a chosen route without the stopping hypothesis', slow, (c) => void c.hypotheses.splice(c.hypotheses.findIndex((x) => x.id === 'stopping'), 1), /^stopping hypothesis: a stopping route is chosen but the stopping hypothesis does not hold/],
  ['a stopping hypothesis that holds without a route', slow, (c) => void Object.assign(c.stopping!, { steps: null, stepSize: null, h: null, route: null, theorem: null, routes: [] }), /^stopping hypothesis: holds without a checked stopping route/],
  ['the stopping hypothesis for another step size', slow, (c) => void (h(c, 'stopping').claim.stepSize = 1), /^stopping hypothesis: stepSize: /],
  ['the stopping hypothesis for another route', slow, (c) => void (h(c, 'stopping').evidence.route = 'exact-gaussian'), /^stopping hypothesis: route: /],
  ['a refuted verdict on a certified energy', gauss, (c) => void (c.verdict = 'refuted'), /^verdict: certificate says refuted, the evidence supports certified/],
  ['a certified verdict on a refuted energy', mass, (c) => void (c.verdict = 'certified'), /^verdict: certificate says certified, the evidence supports refuted/],
  ['an inconclusive verdict on a refuted flow', flow, (c) => void (c.verdict = 'inconclusive'), /^verdict: certificate says inconclusive, the evidence supports refuted/],
  ['the reason of a refuted normalizability', mass, (c) => void (c.reason = 'refuted'), /^reason: /],
  ['a composed component that does not verify', composed, (c) => void (h(c.derivedFrom!.components[1]!, 'lsi').claim.alpha! *= 2), /^component 2: /],
  ['a composed rule for the other sign', composed, (c) => void (c.derivedFrom!.rule = negative.derivedFrom!.rule), /^derivedFrom.rule: /],
  ['a composed L below the rule', composed, (c) => void (h(c, 'smoothness').claim.upper = 1, c.constants.smoothness.upper = 1), /^composed smoothness: L: claimed 1 is below/],
  ['a composed m above the rule', composed, (c) => void (h(c, 'lsi').claim.m! *= 2), /^composed lsi: m: /],
  ['a composed osc below the rule', composed, (c) => void (h(c, 'lsi').claim.osc = -1), /^composed lsi: osc W: /],
  ['a composed inf W above the rule', composed, (c) => void (h(c, 'lsi').claim.infW = 5), /^composed lsi: inf W: /],
  ['a composed min U above the rule', composed, (c) => void (h(c, 'lsi').claim.minU = 1e6), /^composed lsi: min U: /],
  ['a composed alpha above the rule', composed, (c) => void (h(c, 'lsi').claim.alpha! *= 2, c.constants.lsi.lower! *= 2), /^composed lsi: alpha: /],
  ['a composed LSI when the rule gives none', negative, (c) => void c.hypotheses.push({ ...h(composed, 'lsi') }), /^lsi: claims LSI that is not established/],
  ['constants beside a negative weight', negative, (c) => void (c.constants.lsi.lower = 1), /^constants.lsi.lower: /],
  ['a composed verdict the rule does not give', negative, (c) => void (c.verdict = 'certified'), /^verdict: /],
];

describe('each check of the replay layer refuses its tampering', () => {
  it('the untouched certificates verify, with the verdicts the tampering turns around', () => {
    for (const c of [gauss, slow, flow, mass, round, composed, negative]) expect(verifyCertificate(c).checks.filter((k) => !k.ok)).toEqual([]);
    expect([gauss.verdict, flow.verdict, mass.verdict, composed.verdict, negative.verdict]).toEqual(['certified', 'refuted', 'refuted', 'certified', 'refuted']);
    expect(slow.stopping!.route).toMatch(/vempala-wibisono/);
  });

  it.each(cases)('%s', (_name, base, tamper, expected) => {
    const c = clone(base);
    tamper(c);
    const r = verifyCertificate(c);
    const failed = r.checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);
    expect(r.ok).toBe(false);
    expect(failed.some((f) => expected.test(f)), failed.join('\n')).toBe(true);
  });
});
