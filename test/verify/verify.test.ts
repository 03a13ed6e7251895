import { describe, expect, it } from 'vitest';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { assertCertificate } from '../../src/verify/schema.js';
import { hypothesis, type Certificate } from '../../src/verify/certificate.js';
import { tempDir, writeNetwork } from '../certify/fixtures.js';

function certify(spec: string, opts: Partial<Parameters<typeof certifyEnergy>[0]> = {}): Certificate {
  const terms = [{ spec, weight: 1 }];
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, init: { mean: 1, std: 1 }, ...opts })));
}

function firstFailure(cert: Certificate): string {
  const r = verifyCertificate(cert);
  expect(r.ok).toBe(false);
  const f = r.checks.find((c) => !c.ok)!;
  return `${f.name}: ${f.detail}`;
}

const clone = (c: Certificate): Certificate => JSON.parse(JSON.stringify(c));

describe('verify rejects tampered certificates, naming the check and both sides', () => {
  const gauss = certify('expr:0.5*(4*x1^2 + x2^2)');
  const slow = certify('expr:x1^2 + x2^2 + 0.25*tanh(x1)'); // not quadratic, strongly convex: the kl-hessian-lipschitz route

  it('the untouched certificates verify', () => {
    expect(verifyCertificate(gauss).ok).toBe(true);
    expect(verifyCertificate(slow).ok).toBe(true);
    expect(gauss.stopping!.route).toBe('exact-gaussian');
    expect(slow.stopping!.route).toBe('kl-hessian-lipschitz');
  });

  it('a larger alpha (constant and hypothesis claim)', () => {
    const c = clone(gauss);
    c.constants.lsi.lower = 1.01;
    expect(firstFailure(c)).toMatch(/constants.lsi.lower: certificate says 1.01, recomputed/);
    const d = clone(gauss);
    hypothesis(d, 'lsi')!.claim.alpha = 1.01;
    hypothesis(d, 'lsi')!.claim.m = 1.01;
    expect(firstFailure(d)).toMatch(/lsi: m .* claimed 1.01 exceeds/);
  });

  it('a smaller L', () => {
    const c = clone(slow);
    const L = hypothesis(slow, 'smoothness')!.claim.upper!;
    hypothesis(c, 'smoothness')!.claim.upper = L * 0.99;
    expect(firstFailure(c)).toMatch(/smoothness: L: claimed [\d.]+ is below the recomputed bound [\d.]+/);
  });

  it('fewer steps, on both routes', () => {
    for (const base of [gauss, slow]) {
      const c = clone(base);
      c.stopping!.steps = Math.floor(base.stopping!.steps! / 2);
      expect(firstFailure(c)).toMatch(/^stopping: route/);
    }
  });

  it('another step size', () => {
    for (const base of [gauss, slow]) {
      const c = clone(base);
      c.stopping!.stepSize = base.stopping!.stepSize! * 3;
      expect(firstFailure(c)).toMatch(/^stopping/);
    }
  });

  it('a changed verdict', () => {
    const c = clone(gauss);
    c.verdict = 'refuted';
    expect(firstFailure(c)).toMatch(/verdict: certificate says refuted, the evidence supports certified/);
  });

  it('an altered evidence box (a gap in the cover, or a box moved)', () => {
    const net = certify(writeNetwork(tempDir(), 1));
    expect(verifyCertificate(net).ok).toBe(true);
    const boxes = hypothesis(net, 'smoothness')!.evidence.boxes as [number | null, number | null][][];
    expect(boxes.length).toBeGreaterThan(1);
    const c = clone(net);
    const cb = hypothesis(c, 'smoothness')!.evidence.boxes as [number | null, number | null][][];
    const k = cb.findIndex((b) => b.every(([lo, hi]) => lo !== null && hi !== null));
    const [lo, hi] = cb[k]![0]!;
    cb[k]![0] = [lo!, lo! + (hi! - lo!) / 2];
    expect(firstFailure(c)).toMatch(/smoothness: cover: the boxes leave a gap/);
  });

  it('a changed model file', () => {
    const dir = tempDir();
    const spec = writeNetwork(dir, 1);
    const cert = certify(spec);
    expect(verifyCertificate(cert).ok).toBe(true);
    const weights = join(dir, 'net-1', 'weights.safetensors');
    const bytes = readFileSync(weights);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(weights, bytes);
    expect(firstFailure(cert)).toMatch(/energy file .*weights.safetensors: sha256 is [0-9a-f]{64}, the certificate records/);
  });

  it('a forged flow refutation and a forged infinite-mass witness', () => {
    const flow = certify('expr:0.5*(4*x1^2 + x2^2)', { sampler: 'flow' });
    expect(flow.verdict).toBe('refuted');
    expect(verifyCertificate(flow).ok).toBe(true);
    const c = clone(flow);
    // Here |x|^2 crosses 2, where lap f - |grad f|^2 changes sign: no longer a witness.
    c.witnesses[0]!.box = [[0.4, 0.6], [0, 0.8]];
    expect(firstFailure(c)).toMatch(/gradient-flow witness/);
    const g = clone(gauss);
    g.verdict = 'refuted';
    g.hypotheses.push({ id: 'normalizability', status: 'violated', function: 'x', proof: 'proofs/normalizability.md', claim: {}, evidence: { box: [[null, 0], [-1, 1]] } });
    expect(verifyCertificate(g).ok).toBe(false);
  });

  it('schema violations name the JSON path', () => {
    const c = clone(gauss) as unknown as { constants: { lsi: { lower: unknown } } };
    c.constants.lsi.lower = 'big';
    expect(() => assertCertificate(c)).toThrow(/certificate.constants.lsi.lower: must be number,null/);
  });
});
