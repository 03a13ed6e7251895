import { describe, expect, it } from 'vitest';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { composeCertificates } from '../../src/certify/compose.js';
import { assertCertificate } from '../../src/verify/schema.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { tempDir, writeNetwork } from './fixtures.js';

function certify(terms: { spec: string; weight: number }[]): Certificate {
  return JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000, init: { mean: 0.5, std: 1 } })));
}

describe('composeCertificates', () => {
  const a = certify([{ spec: 'expr:0.5*(4*x1^2 + x2^2)', weight: 1 }]);
  const b = certify([{ spec: 'expr:0.5*((x1-1)^2 + 2*(x2+1)^2)', weight: 1 }]);

  it('derives a certificate that verify accepts, says so, and is no tighter than the truth or the direct check', () => {
    const c = composeCertificates([a, b], [0.5, 2]);
    assertCertificate(JSON.parse(JSON.stringify(c)));
    expect(c.verdict).toBe('certified');
    expect(c.derivedFrom!.components).toHaveLength(2);
    const report = verifyCertificate(JSON.parse(JSON.stringify(c)));
    expect(report.checks.filter((k) => !k.ok)).toEqual([]);
    // The sum's Hessian is diag(0.5*4 + 2*1, 0.5*1 + 2*2) = diag(4, 4.5).
    expect(c.constants.lsi.lower!).toBeLessThanOrEqual(4);
    expect(c.constants.smoothness.upper!).toBeGreaterThanOrEqual(4.5);
    const direct = certify([{ spec: 'expr:0.5*(4*x1^2 + x2^2)', weight: 0.5 }, { spec: 'expr:0.5*((x1-1)^2 + 2*(x2+1)^2)', weight: 2 }]);
    expect(direct.verdict).toBe('certified');
    expect(c.constants.lsi.lower!).toBeLessThanOrEqual(direct.constants.lsi.lower! * (1 + 1e-12));
    expect(c.constants.smoothness.upper!).toBeGreaterThanOrEqual(direct.constants.smoothness.upper! * (1 - 1e-12));
    expect(c.stopping!.steps).not.toBeNull();
  });

  it('composes a network certificate with a Gaussian (bounded parts add up)', () => {
    const net = certify([{ spec: writeNetwork(tempDir(), 1), weight: 1 }]);
    const c = composeCertificates([net, a], [1, 1]);
    expect(c.verdict).toBe('certified');
    expect(verifyCertificate(JSON.parse(JSON.stringify(c))).ok).toBe(true);
    expect(c.constants.lsi.lower!).toBeLessThanOrEqual(net.constants.lsi.lower! * 10);
  });

  it('rejects a tampered composed claim and a tampered component', () => {
    const c = composeCertificates([a, b], [0.5, 2]);
    const tampered = JSON.parse(JSON.stringify(c)) as Certificate;
    tampered.constants.lsi.lower = 4;
    expect(verifyCertificate(tampered).ok).toBe(false);
    const badComponent = JSON.parse(JSON.stringify(c)) as Certificate;
    badComponent.derivedFrom!.components[0]!.constants.lsi.lower = 2;
    const r = verifyCertificate(badComponent);
    expect(r.ok).toBe(false);
    expect(r.checks.find((k) => !k.ok)!.name).toBe('component 1');
  });

  it('a negative weight that breaks normalizability is refuted with a witness', () => {
    const c = composeCertificates([a, b], [1, -3]);
    expect(c.verdict).toBe('refuted');
    expect(c.witnesses[0]!.kind).toBe('infinite-mass');
    expect(verifyCertificate(JSON.parse(JSON.stringify(c))).ok).toBe(true);
  });

  it('a harmless negative weight is not certified by the rules (inconclusive)', () => {
    const c = composeCertificates([a, b], [1, -0.1]);
    expect(c.verdict).not.toBe('certified');
  });

  it('refuses components at different temperatures, or that do not verify', () => {
    const hot = JSON.parse(JSON.stringify(certifyEnergy({ energy: buildEnergy([{ spec: 'expr:x1^2 + x2^2', weight: 1 }]), temperature: 2, timeBudgetMs: 4000 })));
    expect(() => composeCertificates([a, hot], [1, 1])).toThrow(/temperature/);
    const forged = JSON.parse(JSON.stringify(a)) as Certificate;
    forged.stopping!.steps = 1;
    expect(() => composeCertificates([forged, b], [1, 1])).toThrow(/certificate 1 does not verify \(stopping/);
  });
});
