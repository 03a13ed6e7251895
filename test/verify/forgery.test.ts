// Certificates forged the way a hostile user (or a buggy producer) would: each must be rejected by
// verify, naming the check. Every case here was accepted by an earlier verify.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { composeCertificates } from '../../src/certify/compose.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { sealCertificate } from '../../src/certify/seal.js';
import { hypothesis, type Certificate } from '../../src/verify/certificate.js';
import { composedTerms, deriveComposition } from '../../src/verify/composition.js';
import { describeSum } from '../../src/verify/model.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { witnessMeaning } from '../../src/verify/verdict.js';

function certify(spec: string, opts: Partial<Parameters<typeof certifyEnergy>[0]> = {}): Certificate {
  const terms = [{ spec, weight: 1 }];
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, ...opts })));
}

const clone = (c: Certificate): Certificate => JSON.parse(JSON.stringify(c));

function failures(cert: Certificate): string[] {
  const r = verifyCertificate(cert);
  expect(r.ok).toBe(false);
  return r.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
}

/** A composed certificate assembled like compose does, minus its preconditions (producers are untrusted). */
function forgeComposition(template: Certificate, components: Certificate[], weights: number[]): Certificate {
  const forged = clone(template);
  const terms = composedTerms(components, weights);
  const k = deriveComposition(components, weights);
  forged.derivedFrom = { ...forged.derivedFrom!, weights, components };
  forged.energy.terms = terms;
  forged.energy.spec = describeSum(terms);
  forged.constants.lsi.lower = k.alpha;
  forged.constants.smoothness.upper = k.smoothness;
  const lsi = hypothesis(forged, 'lsi')!;
  Object.assign(lsi.claim, { m: k.m, osc: k.osc, infW: k.infW, alpha: k.alpha, minU: k.minU });
  return forged;
}

describe('composed certificates', () => {
  const init = { mean: 0, std: 0.3 };
  const a = certify('expr:0.5*x1^2 + 0.0005*x2^2');
  const b = certify('expr:50*x1^2');
  const round = certify('expr:x1^2 + x2^2', { init });
  const genuine = JSON.parse(JSON.stringify(composeCertificates([round, round], [1, 1], { init }))) as Certificate;

  it('the genuine composition verifies', () => {
    expect(genuine.verdict).toBe('certified');
    expect(verifyCertificate(genuine).checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('refuses components of different dimensions (a 1-D certificate says nothing about x2)', () => {
    expect(a.energy.dim).toBe(2);
    expect(b.energy.dim).toBe(1);
    const forged = forgeComposition(genuine, [a, b], [1, 1]);
    expect(failures(forged)[0]).toMatch(/^derivedFrom: component 2 is an energy on R\^1, the sum is on R\^2/);
    expect(() => composeCertificates([a, b], [1, 1])).toThrow(/component 2 is an energy on R\^1/);
  });

  it('refuses components at another temperature', () => {
    const hot = certify('expr:x1^2 + x2^2', { init, temperature: 2 });
    const forged = forgeComposition(genuine, [round, hot], [1, 1]);
    expect(failures(forged)[0]).toMatch(/^derivedFrom: component 2 is at temperature 2, the sum at 1/);
  });

  it('refuses the sampler changed to flow or mala (the routes are ULA theorems; the flow is never certified)', () => {
    const flow = clone(genuine);
    flow.dynamics.sampler = 'flow';
    expect(failures(flow).join('\n')).toMatch(/the stopping routes are theorems about ULA, not flow/);
    expect(failures(flow).join('\n')).toMatch(/verdict: certificate says certified, the evidence supports inconclusive/);
    const mala = clone(genuine);
    mala.dynamics.sampler = 'mala';
    expect(failures(mala).join('\n')).toMatch(/theorems about ULA, not mala/);
  });

  it('refuses a fake infinite-mass witness beside a certified verdict', () => {
    const forged = clone(genuine);
    const enclosure: [number, number] = [-Number.MAX_VALUE, 5];
    forged.witnesses.push({ kind: 'infinite-mass', box: [[0, null], [0, null]], enclosure, meaning: witnessMeaning('infinite-mass', enclosure) });
    expect(failures(forged).join('\n')).toMatch(/witnesses\[0\] \(infinite-mass\): normalizability witness box: sup f is not bounded/);
  });

  it('refuses claims the rule does not give: a larger alpha, a smaller L, edited terms or rule', () => {
    const alpha = clone(genuine);
    hypothesis(alpha, 'lsi')!.claim.alpha = 100;
    alpha.constants.lsi.lower = 100;
    expect(failures(alpha).join('\n')).toMatch(/composed lsi: alpha: claimed 100 exceeds/);
    const rule = clone(genuine);
    rule.derivedFrom!.rule = 'trust me';
    expect(failures(rule).join('\n')).toMatch(/derivedFrom.rule/);
    const terms = clone(genuine);
    terms.energy.terms[0]!.weight = 0.5;
    expect(failures(terms).join('\n')).toMatch(/energy.terms/);
  });

  it('composes a component with no smoothness bound (the double well) without crashing', () => {
    const well = certify('expr:(x1^2-1)^2 + 0.5*x2^2', { init: { mean: 0, std: 1 } });
    expect(well.constants.smoothness.upper).toBeNull();
    const c = composeCertificates([well, round], [1, 1]);
    expect(c.constants.smoothness.upper).toBeNull();
    expect(verifyCertificate(JSON.parse(JSON.stringify(c))).checks.filter((k) => !k.ok)).toEqual([]);
  }, 400_000); // the well's decomposition gap is searched, sealed and replayed (tens of CPU s)

  it('composes tiny exact weights (1e-300 is exact in binary64)', () => {
    const c = composeCertificates([round, round], [1e-300, 1e-300]);
    expect(c.derivedFrom!.weights).toEqual([1e-300, 1e-300]);
    expect(verifyCertificate(JSON.parse(JSON.stringify(c))).ok).toBe(true);
  });
});

describe('every field a reader could take as a claim is bound', () => {
  const gauss = certify('expr:0.5*x1^2 + 0.5*x2^2', { init: { mean: 1, std: 1 } });
  const slow = certify('expr:x1^2 + x2^2 + 0.25*tanh(x1)', { init: { mean: 1, std: 1 } });
  // As stored by scripts/verify-fixtures.ts (the same call): certified afresh, its cover is thousands of boxes.
  const flow = JSON.parse(readFileSync(new URL('fixtures/flow.json', import.meta.url), 'utf8')) as Certificate;

  it('the untouched certificates verify', () => {
    for (const c of [gauss, slow, flow]) expect(verifyCertificate(c).checks.filter((k) => !k.ok)).toEqual([]);
    expect(flow.verdict).toBe('refuted');
  });

  it('energy.spec', () => {
    const c = clone(flow);
    c.energy.spec = 'expr:0.5*x1^2 + 0.5*x2^2';
    expect(failures(c)[0]).toMatch(/^energy.spec: certificate says "expr:0.5\*x1\^2 \+ 0.5\*x2\^2", recomputed "expr:\(x1\^2-1\)\^2/);
  });

  it('reason', () => {
    const c = clone(gauss);
    c.reason = 'LSI(1e6) certified; 1 step suffices';
    expect(failures(c)).toEqual([expect.stringMatching(/^reason: /)]);
    const r = clone(flow);
    r.reason = 'certified in spirit';
    expect(failures(r)).toEqual([expect.stringMatching(/^reason: /)]);
  });

  it('the stopping hypothesis claim and every listed route', () => {
    const h = clone(slow);
    hypothesis(h, 'stopping')!.claim.steps = 3;
    expect(failures(h)).toEqual([expect.stringMatching(/^stopping hypothesis: steps: certificate says 3/)]);
    const r = clone(slow);
    const i = r.stopping!.routes.findIndex((x) => x.applies && x.route !== r.stopping!.route);
    expect(i).toBeGreaterThanOrEqual(0);
    (r.stopping!.routes[i] as { steps: number }).steps = 2;
    expect(failures(r)[0]).toMatch(new RegExp(`^stopping.routes\\[${i}\\]: route vempala-wibisono`));
    // slow is not a Gaussian, so exact-gaussian is listed as not applicable (every route applies to gauss).
    const na = clone(slow);
    const j = na.stopping!.routes.findIndex((x) => !x.applies);
    expect(j).toBeGreaterThanOrEqual(0);
    (na.stopping!.routes[j] as { steps: number }).steps = 1;
    expect(failures(na)[0]).toMatch(/marked not applicable but lists a step count/);
  });

  it('kl0.claim.logZUpper', () => {
    const c = clone(gauss);
    hypothesis(c, 'kl0')!.claim.logZUpper! -= 1;
    expect(failures(c)).toEqual([expect.stringMatching(/^kl0: ln Z: claimed .* is below the recomputed bound/)]);
  });

  it('witnesses[].enclosure and meaning', () => {
    const c = clone(flow);
    c.witnesses[0]!.enclosure = [c.witnesses[0]!.enclosure[0] + 1, c.witnesses[0]!.enclosure[1]];
    expect(failures(c).join('\n')).toMatch(/witnesses\[0\] \(gradient-flow\): enclosure: .* does not contain the recomputed/);
    const m = clone(flow);
    m.witnesses[0]!.meaning = 'anything';
    expect(failures(m).join('\n')).toMatch(/witnesses\[0\] \(gradient-flow\): meaning/);
  });

  it('a second lsi hypothesis with a larger alpha', () => {
    const c = clone(gauss);
    const extra = clone(c).hypotheses.find((h) => h.id === 'lsi')!;
    extra.claim.alpha = extra.claim.alpha! * 100;
    c.hypotheses.push(extra);
    expect(failures(c)).toEqual([expect.stringMatching(/^hypotheses\[lsi\]: listed 2 times/)]);
  });

  it('the exact values certified: T = 0.05 is the double 0.05000000000000000277..., and says so', () => {
    const c = certify('expr:x1^2 + x2^2', { temperature: 0.05, epsilon: 0.1, init: { mean: 0.1, std: 1 } });
    expect(c.exact).toEqual({
      temperature: '0.05000000000000000277555756156289135105907917022705078125',
      epsilon: '0.1000000000000000055511151231257827021181583404541015625',
      init: { mean: '0.1000000000000000055511151231257827021181583404541015625', std: '1' },
      weights: ['1'],
    });
    expect(verifyCertificate(c).ok).toBe(true);
    const t = clone(c);
    t.exact!.temperature = '0.05';
    expect(failures(t)).toEqual([expect.stringMatching(/^exact: certificate says/)]);
  });

  it('claims nothing checks: an extra claim key, a number on an unknown hypothesis, prose beside a chosen route', () => {
    const k = clone(gauss);
    (hypothesis(k, 'lsi')!.claim as Record<string, number>).spectralGap = 5;
    expect(failures(k)[0]).toMatch(/\(lsi\): claims spectralGap, which no check establishes/);
    const u = clone(slow);
    hypothesis(u, 'quadratic')!.claim.degree = 2;
    expect(failures(u)[0]).toMatch(/\(quadratic\): claims degree/);
    const r = clone(slow);
    r.stopping!.reason = 'KL <= 1e-9 after 3 steps';
    expect(failures(r)).toEqual([expect.stringMatching(/^stopping: a chosen route carries a reason/)]);
  });

  it('function and proof names', () => {
    const c = clone(gauss);
    hypothesis(c, 'lsi')!.proof = 'proofs/trust-me.md';
    expect(failures(c)[0]).toMatch(/names kernel\/checks\/lsi.checkLsiDecomposition \/ proofs\/trust-me.md/);
  });
});

describe('producers never emit what verify rejects', () => {
  it('a claim the kernel does not imply is withdrawn: inconclusive, naming the failed check', () => {
    const good = certify('expr:x1^2 + x2^2 + 0.25*tanh(x1)');
    const buggy = clone(good);
    hypothesis(buggy, 'smoothness')!.claim.upper = 0.5; // a producer that under-reports L
    buggy.constants.smoothness.upper = 0.5;
    const sealed = sealCertificate(buggy);
    expect(sealed.verdict).toBe('inconclusive');
    expect(sealed.reason).toMatch(/smoothness: L: claimed 0.5 is below the recomputed bound/);
    expect(sealed.constants.lsi.lower).toBeNull();
    expect(verifyCertificate(sealed).checks.filter((k) => !k.ok)).toEqual([]);
    expect(sealCertificate(good)).toEqual(good);
  });
});
