// One tampering per check of the replay layer: each must fail verify with that check named, and the
// untouched certificates must pass. (Every line of src/verify/claims.ts and composed.ts that refuses
// something has a case here; mutation testing is how that is measured.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hypothesis, type Certificate, type HypothesisRecord } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { checkGradientFlowWitness } from '../../src/kernel/checks/gradientFlow.js';
import { Checks } from '../../src/verify/checks.js';
import { composedTerms, deriveComposition } from '../../src/verify/composition.js';
import { describeSum, rebuildModel } from '../../src/verify/model.js';
import { witnessMeaning } from '../../src/verify/verdict.js';

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
const well = fixture('well'); // expr:(x1^2-1)^2 + 0.5*x2^2 under ULA: LSI, no finite L, no stopping route
const quartic = fixture('quartic'); // expr:x1^4 + x2^4: no decomposition, inconclusive
const composedSlow = fixture('composedSlow'); // 1 * round + 1 * slow: min U != 0

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
  ['routes that apply but none chosen', slow, (c) => void Object.assign(c.stopping!, { steps: null, stepSize: null, h: null, route: null, theorem: null }), /^stopping: a route applies but none was chosen/],
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
    for (const c of [gauss, slow, flow, mass, round, composed, negative, well, quartic, composedSlow]) expect(verifyCertificate(c).checks.filter((k) => !k.ok)).toEqual([]);
    expect([well.verdict, well.stopping!.steps, hypothesis(well, 'stopping')!.status, quartic.verdict, hypothesis(quartic, 'lsi')!.status]).toEqual(['certified', null, 'unknown', 'inconclusive', 'unknown']);
    expect(hypothesis(composedSlow, 'lsi')!.claim.minU).toBeLessThan(0);
    // The pass checks carry names too.
    expect(verifyCertificate(gauss).checks.filter((k) => k.ok).map((k) => k.name)).toContain('normalizability');
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

/** The chosen route's twin in stopping.routes (the listed route with the same numbers). */
const twin = (c: Certificate): Record<string, unknown> => c.stopping!.routes.find((r) => r.applies && r.route === c.stopping!.route) as unknown as Record<string, unknown>;
/** `base` with its components replaced (weights and terms as compose forms them); the claims are kept. */
function recompose(base: Certificate, components: Certificate[], weights: number[]): Certificate {
  const c = clone(base);
  const terms = composedTerms(components, weights);
  c.derivedFrom = { ...c.derivedFrom!, components, weights };
  c.energy.terms = terms;
  c.energy.spec = describeSum(terms);
  return c;
}

// Tamperings that only one check refuses: each kills a mutant of claims.ts or composed.ts that the
// cases above leave alive (docs/mutation.md).
const singleChecks: readonly Case[] = [
  ...(['applies', 'route', 'steps', 'stepSize', 'h'] as const).map((field): Case => [
    `the chosen route's twin in the list differs in ${field}`,
    slow,
    (c) => {
      const t = twin(c);
      t[field] = field === 'applies' ? false : field === 'route' ? 'vempala-wibisono-seed' : (t[field] as number) * 2;
    },
    /^stopping: the chosen route .* is not one of stopping.routes/,
  ]),
  ...(['stepSize', 'h', 'route', 'theorem'] as const).map((field): Case => [
    `no step count but a ${field}`,
    slow,
    (c) => {
      const keep = c.stopping![field];
      Object.assign(c.stopping!, { steps: null, stepSize: null, h: null, route: null, theorem: null, [field]: keep });
    },
    /^stopping: no step count but a step size, route or theorem/,
  ]),
  ['a second LSI hypothesis with a larger alpha', gauss, (c) => void c.hypotheses.push({ ...clone(c).hypotheses.find((x) => x.id === 'lsi')!, claim: { ...h(c, 'lsi').claim, alpha: 100 } }), /^hypotheses\[lsi\]: listed 2 times/],
  ['a hypothesis naming another proof', gauss, (c) => void (h(c, 'lsi').proof = 'proofs/trust-me.md'), /^hypotheses\[\d\] \(lsi\): names kernel\/checks\/lsi.checkLsiDecomposition \/ proofs\/trust-me.md/],
  ['a hypothesis naming another function', gauss, (c) => void (h(c, 'lsi').function = 'kernel/checks/trust.me'), /^hypotheses\[\d\] \(lsi\): names kernel\/checks\/trust.me \//],
  ['a claim key no check establishes', gauss, (c) => void ((h(c, 'lsi').claim as Record<string, number>).spectralGap = 5), /\(lsi\): claims spectralGap, which no check establishes/],
  ['smoothness unknown with a bound', slow, (c) => void (h(c, 'smoothness').status = 'unknown'), /^smoothness: status unknown with a claimed bound/],
  ['LSI unknown with an alpha', slow, (c) => void (h(c, 'lsi').status = 'unknown'), /^lsi: status unknown with a claimed alpha/],
  ['KL_0 unknown with an upper bound only', slow, (c) => void Object.assign(h(c, 'kl0'), { status: 'unknown', claim: { upper: 1, logZUpper: null } }), /^kl0: status unknown with claimed bounds/],
  ['KL_0 unknown with a ln Z bound only', slow, (c) => void Object.assign(h(c, 'kl0'), { status: 'unknown', claim: { upper: null, logZUpper: 1 } }), /^kl0: status unknown with claimed bounds/],
  ['the stopping hypothesis unknown with a step count', slow, (c) => void (h(c, 'stopping').status = 'unknown'), /^stopping hypothesis: status unknown with a claimed step count/],
  ['an infinite-mass hypothesis on a box where f is unbounded above', mass, (c) => void (h(c, 'normalizability').evidence.box = [[0, null], [0, null]]), /^normalizability witness: .*sup f is not bounded/],
  ['a witness meaning other than its enclosure says', flow, (c) => void (c.witnesses[0]!.meaning = 'anything'), /^witnesses\[0\] \(gradient-flow\): meaning: /],
  ['KL_0 without a finite L', slow, (c) => void (Object.assign(h(c, 'smoothness'), { status: 'unknown', claim: { upper: null } }), (c.constants.smoothness.upper = null)), /^kl0: needs an established LSI decomposition, min U and a finite L/],
  ['KL_0 without min U', slow, (c) => void (h(c, 'lsi').claim.minU = null), /^kl0: needs an established LSI decomposition, min U and a finite L/],
  ['KL_0 below the bound is not the KL_0 used', slow, (c) => void (h(c, 'kl0').claim.upper = 1e-9, c.constants.kl0.upper = 1e-9), /^constants.kl0.upper: certificate says 1e-9, recomputed null/],
  ['a not-applicable route with a step size only', gauss, (c) => void ((c.stopping!.routes.find((r) => !r.applies) as { stepSize?: number }).stepSize = 0.1), /marked not applicable but lists a step count/],
  ['a not-applicable route with h only', gauss, (c) => void ((c.stopping!.routes.find((r) => !r.applies) as { h?: number }).h = 0.1), /marked not applicable but lists a step count/],
  ['a listed route the kernel refuses', slow, (c) => void ((c.stopping!.routes.find((r) => r.applies && r.route !== c.stopping!.route) as { steps: number }).steps = 2), /^stopping.routes\[\d\]: route vempala-wibisono-seed with 2 steps/],
  ['a chosen route the kernel refuses', slow, (c) => void ((twin(c).steps = 2), (c.stopping!.steps = 2), (h(c, 'stopping').claim.steps = 2)), /^stopping hypothesis: holds without a checked stopping route/],
  ['a chosen route the kernel refuses, named', slow, (c) => void ((twin(c).steps = 2), (c.stopping!.steps = 2), (h(c, 'stopping').claim.steps = 2)), /^stopping: route vempala-wibisono-optimised with 2 steps/],
  ['a chosen route that carries a reason', slow, (c) => void (c.stopping!.reason = 'KL <= 1e-9 after 3 steps'), /^stopping: a chosen route carries a reason/],
  ['the stopping hypothesis for another step count', slow, (c) => void (h(c, 'stopping').claim.steps = 3), /^stopping hypothesis: steps: certificate says 3/],
  ['the exact values of another temperature', slow, (c) => void (c.exact!.temperature = '1.5'), /^exact: certificate says/],
  ['normalizability with a status it cannot have', mass, (c) => void (h(c, 'normalizability').status = 'refuted' as HypothesisRecord['status']), /\(normalizability\): status refuted is not a status/],
  ['a not-applicable route with a step count only', gauss, (c) => void ((c.stopping!.routes.find((r) => !r.applies) as { steps?: number }).steps = 10), /marked not applicable but lists a step count/],
  ['a route under mala is not a checked stopping route', slow, (c) => void (c.dynamics.sampler = 'mala'), /^stopping hypothesis: holds without a checked stopping route/],
  ['a route without LSI is not a checked stopping route', gauss, (c) => void Object.assign(h(c, 'lsi'), { status: 'unknown', claim: { m: null, osc: null, infW: null, alpha: null, minU: null } }), /^stopping hypothesis: holds without a checked stopping route/],
  ['the reason of a certified verdict', gauss, (c) => void (c.reason = 'LSI(1e6) certified; 1 step suffices'), /^reason: /],
  ['a flow witness on a box where the defect straddles 0', flow, (c) => void (c.witnesses[0]!.box = [[-2, 2], [-2, 2]]), /^witnesses\[0\] \(gradient-flow\): gradient-flow witness box: lap f - \|grad f\|\^2 in .* does not exclude 0/],
  ['a chosen route with more steps than a listed one, beside an applicable route without steps', slow, (c) => {
    const seed = c.stopping!.routes.find((r) => r.route === 'vempala-wibisono-seed')!;
    const optimised = c.stopping!.routes.find((r) => r.route === 'vempala-wibisono-optimised')!;
    c.stopping!.routes.push({ ...optimised, steps: undefined } as unknown as typeof optimised);
    Object.assign(c.stopping!, { route: seed.route, theorem: seed.theorem, steps: seed.steps, stepSize: seed.stepSize, h: seed.h });
    Object.assign(h(c, 'stopping').claim, { steps: seed.steps, stepSize: seed.stepSize });
    h(c, 'stopping').evidence.route = seed.route;
  }, /^stopping: the chosen route needs \d+ steps, a listed route needs \d+/],
  ['a violated flow hypothesis whose witness does not check', flow, (c) => void (c.witnesses[0]!.enclosure = [c.witnesses[0]!.enclosure[0] + 1, c.witnesses[0]!.enclosure[1]]), /^flow-invariance: claims the flow is refuted but no gradient-flow witness checks/],
  ['an infinite-mass enclosure whose lower end claims f >= 0 on the box', mass, (c) => void (c.witnesses[0]!.enclosure = [0, c.witnesses[0]!.enclosure[1]]), /^witnesses\[0\] \(infinite-mass\): enclosure: .* does not contain the recomputed/],
  ['a flow enclosure that ends at 0', flow, (c) => void (c.witnesses[0]!.enclosure = [c.witnesses[0]!.enclosure[0], 0]), /does not exclude 0/],
  ['KL_0 for an initial law whose bound is not finite', slow, (c) => void ((c.dynamics.init = { mean: 1e300, std: 1 }), (h(c, 'kl0').evidence.init = { mean: 1e300, std: 1 })), /^kl0: kl0: /],
  ['a composed certificate without its smoothness hypothesis', composed, (c) => void c.hypotheses.splice(c.hypotheses.findIndex((x) => x.id === 'smoothness'), 1), /^constants.smoothness.upper: /],
  ['a composed certificate without its LSI hypothesis', composed, (c) => void c.hypotheses.splice(c.hypotheses.findIndex((x) => x.id === 'lsi'), 1), /^constants.lsi.lower: /],
  ['a composed alpha of 0 (no LSI)', composed, (c) => void ((h(c, 'lsi').claim.alpha = 0), (c.constants.lsi.lower = 0)), /^lsi: claims LSI that is not established/],
  ['a composed LSI with a component that has none', composed, (c) => void Object.assign(c, recompose(c, [round, mass], [1, 1])), /^lsi: the composition rule gives no LSI constant: component 2 has no certified decomposition/],
  ['a composed LSI with every weight 0', composed, (c) => void Object.assign(c, recompose(c, [round, gauss], [0, 0])), /^lsi: the composition rule gives no LSI constant: sum w_i m_i = 0 is not positive/],
  ['a composed certificate with one weight for two components', composed, (c) => void (c.derivedFrom!.weights = [1]), /^derivedFrom: 1 weights for 2 components/],
  ['a composed weight whose product with a term weight is not a double', composed, (c) => void (c.derivedFrom = { ...c.derivedFrom!, components: [negative, round], weights: [0.1, 1] }), /^energy.terms: weight 0.1 times the component's term weight -3 is not exact in binary64/],
  ['a composed min U where a component claims none', composed, (c) => {
    // The flow fixture's own LSI claims no min U once edited so (it still verifies on its own).
    const noMinU = clone(flow);
    h(noMinU, 'lsi').claim.minU = null;
    Object.assign(c, recompose(c, [round, noMinU], [1, 1]));
    const k = deriveComposition([round, noMinU], [1, 1]);
    Object.assign(h(c, 'lsi').claim, { m: k.m, osc: k.osc, infW: k.infW, alpha: k.alpha, minU: 0 });
  }, /^composed lsi: min U: claimed 0 exceeds the recomputed bound -infinity/],
];

describe('each check that another check backs up refuses a tampering only it sees', () => {
  it.each(singleChecks)('%s', (_name, base, tamper, expected) => {
    const c = clone(base);
    tamper(c);
    const r = verifyCertificate(c);
    const failed = r.checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`);
    expect(r.ok).toBe(false);
    expect(failed.some((f) => expected.test(f)), failed.join('\n')).toBe(true);
  });

  it('a flow witness where lap f - |grad f|^2 > 0 verifies, and is refused when its enclosure starts at 0', () => {
    // Near (1, 0) the double well has lap f = 12 x1^2 - 3 > 7 and |grad f|^2 < 0.1: the defect is positive.
    const box: [number, number][] = [[0.95, 1.05], [-0.1, 0.1]];
    const q = checkGradientFlowWitness(rebuildModel(flow, new Checks())!, flow.temperature, box.map(([lo, hi]) => ({ lo, hi })));
    if (!q.ok) throw new Error(q.reason);
    expect(q.value.generator.lo).toBeGreaterThan(0);
    const withEnclosure = (enclosure: [number, number]): Certificate => {
      const c = clone(flow);
      Object.assign(c.witnesses[0]!, { box, enclosure, meaning: witnessMeaning('gradient-flow', enclosure) });
      Object.assign(h(c, 'flow-invariance'), { claim: { lo: enclosure[0], hi: enclosure[1] }, evidence: { ...h(c, 'flow-invariance').evidence, box } });
      return c;
    };
    expect(verifyCertificate(withEnclosure([q.value.generator.lo, q.value.generator.hi])).checks.filter((k) => !k.ok)).toEqual([]);
    const touching = verifyCertificate(withEnclosure([0, q.value.generator.hi]));
    expect(touching.checks.filter((k) => !k.ok).map((k) => `${k.name}: ${k.detail}`)).toEqual([expect.stringMatching(/^witnesses\[0\] \(gradient-flow\): enclosure: \[0, .*\] does not exclude 0/), expect.stringMatching(/^flow-invariance: claims the flow is refuted/), expect.stringMatching(/^verdict: /)]);
  });

  it('one tampering, one failure: the checks behind it stay quiet', () => {
    const only = (c: Certificate): string[] => verifyCertificate(c).checks.filter((k) => !k.ok).map((k) => k.name);
    // A violated hypothesis the kernel re-checks refutes the energy even without its witness entry.
    const noWitness = clone(mass);
    noWitness.witnesses = [];
    expect(only(noWitness)).toEqual(['normalizability']);
    // Edited terms stop the composed check there (no rebuilt energy, no claims).
    const terms = clone(composed);
    terms.energy.terms[0]!.weight = 0.5;
    expect(only(terms)).toEqual(['energy.terms']);
    // A gradient-flow witness beside the infinite-mass one is not the mass box; an infinite-mass
    // entry beside the flow witness is not the flow claim.
    const mixed = clone(mass);
    mixed.witnesses.unshift({ ...flow.witnesses[0]!, box: [[1, 2], [1, 2]], enclosure: [-1e9, -1], meaning: witnessMeaning('gradient-flow', [-1e9, -1]) });
    expect(only(mixed)).toEqual(['flow-invariance']);
    const mixedFlow = clone(flow);
    mixedFlow.witnesses.unshift({ ...mass.witnesses[0]! });
    expect(only(mixedFlow)).toEqual(['witnesses[0] (infinite-mass)']);
  });

  it('optional records: no normalizability hypothesis, no exact values, a KL_0 hypothesis left unknown', () => {
    const noNorm = clone(gauss);
    noNorm.hypotheses = noNorm.hypotheses.filter((x) => x.id !== 'normalizability');
    expect(verifyCertificate(noNorm).checks.filter((k) => !k.ok)).toEqual([]);
    const noExact = clone(gauss);
    delete noExact.exact;
    expect(verifyCertificate(noExact).checks.filter((k) => !k.ok)).toEqual([]);
    const unknownKl0 = clone(well);
    unknownKl0.hypotheses.push({ ...(JSON.parse(JSON.stringify(h(slow, 'kl0'))) as HypothesisRecord), status: 'unknown', claim: { upper: null, logZUpper: null } });
    expect(verifyCertificate(unknownKl0).checks.filter((k) => !k.ok)).toEqual([]);
  });

  it('a component that fails names its first failed check', () => {
    const c = clone(composed);
    h(c.derivedFrom!.components[1]!, 'lsi').claim.alpha! *= 2;
    const failed = verifyCertificate(c).checks.filter((k) => !k.ok);
    expect(failed.map((k) => k.name)).toEqual(['component 2']);
    expect(failed[0]!.detail).toMatch(/^expr:0.5\*x1\^2 \+ 0.5\*x2\^2: lsi: alpha: claimed .* exceeds the recomputed bound/);
  });

  it('a file a component or the sum cannot read is an input problem (exit 3), not a false claim', () => {
    const missing = { path: 'no-such-model/weights.safetensors', sha256: '0'.repeat(64) };
    const inComponent = clone(composed);
    inComponent.derivedFrom!.components[0]!.energy.files = [missing];
    const r = verifyCertificate(inComponent);
    expect(r.ok).toBe(false);
    expect(r.inputProblem).toMatch(/no-such-model/);
    expect(r.verdict).toBe('inconclusive');
    const inSum = clone(composed);
    inSum.energy.files = [missing];
    const s = verifyCertificate(inSum);
    expect(s.ok).toBe(false);
    expect(s.inputProblem).toMatch(/no-such-model/);
    expect(verifyCertificate(composed).inputProblem).toBeUndefined();
  });
});
