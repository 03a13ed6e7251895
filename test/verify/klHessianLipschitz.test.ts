// Replay of a certificate whose stopping claim is the kl-hessian-lipschitz route (a tanh network +
// (3/2)|x|^2, strongly convex everywhere): verify accepts it and refuses each tampering of the route.
import { describe, expect, it } from 'vitest';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { nextDown } from '../../src/kernel/interval.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { assertCertificate } from '../../src/verify/schema.js';
import { tempDir, writeNetwork } from '../certify/fixtures.js';

const clone = (c: Certificate): Certificate => JSON.parse(JSON.stringify(c));
const firstFailure = (c: Certificate): string => {
  const f = verifyCertificate(c).checks.find((k) => !k.ok);
  return f ? `${f.name}: ${f.detail}` : '';
};

describe('kl-hessian-lipschitz certificates', () => {
  const terms = [{ spec: writeNetwork(tempDir(), 3), weight: 1 }];
  const cert: Certificate = JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, init: { mean: 1, std: 1 }, epsilon: 0.01 })));
  const index = cert.stopping!.routes.findIndex((r) => r.route === 'kl-hessian-lipschitz');

  it('is chosen (fewest steps), matches the schema and verifies', () => {
    expect(cert.stopping!.route).toBe('kl-hessian-lipschitz');
    expect(cert.stopping!.theorem).toBe('proofs/stopping-kl-hessian-lipschitz.md');
    expect(cert.stopping!.routes[index]!.applies).toBe(true);
    expect(() => assertCertificate(cert)).not.toThrow();
    expect(firstFailure(cert)).toBe('');
    expect(cert.verdict).toBe('certified');
  }, 60_000);

  it('refuses N one less, M one ulp down, a moved center, and missing evidence', () => {
    const fewer = clone(cert);
    fewer.stopping!.steps! -= 1;
    fewer.stopping!.routes[index] = { ...fewer.stopping!.routes[index]!, steps: fewer.stopping!.steps! };
    expect(firstFailure(fewer)).toMatch(/bound after/);

    const lowerM = clone(cert);
    const ev = lowerM.stopping!.routes[index]!.hessianLipschitz!;
    lowerM.stopping!.routes[index] = { ...lowerM.stopping!.routes[index]!, hessianLipschitz: { ...ev, upper: nextDown(ev.upper) } };
    expect(firstFailure(lowerM)).toMatch(/below the kernel's bound/);

    const moved = clone(cert);
    moved.stopping!.routes[index] = { ...moved.stopping!.routes[index]!, hessianLipschitz: { ...ev, center: [ev.center[0]! + 4, ev.center[1]!] } };
    expect(firstFailure(moved)).toMatch(/bound after/);

    const noEvidence = clone(cert);
    delete (noEvidence.stopping!.routes[index] as { hessianLipschitz?: unknown }).hessianLipschitz;
    expect(firstFailure(noEvidence)).toMatch(/evidence/);
  }, 60_000);
});
