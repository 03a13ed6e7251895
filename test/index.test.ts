// The package's library entry (package.json "exports": "."): the main functions are there, and
// loading it does not pull in tfjs (which is slow to load and optional for library users).
import { describe, expect, it } from 'vitest';

describe('emcert library entry', () => {
  it('exports the producers, the verifier, the engine and the kernel intervals', async () => {
    const api = await import('../src/index.js');
    for (const name of ['certifyEnergy', 'verifyCertificate', 'composeCertificates', 'loadEnergySpec', 'runChain', 'ulaKernel', 'malaKernel', 'createRng', 'compileModelEnclosure'])
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    expect(typeof api.interval.add).toBe('function');
    expect(api.SAMPLER_NAMES).toEqual(['ula', 'mala', 'flow']);
  });

  it('a certificate made through the entry verifies through it', async () => {
    const { buildEnergy, certifyEnergy, verifyCertificate } = await import('../src/index.js');
    const terms = [{ spec: 'expr:0.5*(2*x1^2 + x2^2)', weight: 1 }];
    const cert = certifyEnergy({ energy: buildEnergy(terms), terms });
    expect(cert.verdict).toBe('certified');
    expect(cert.constants.lsi.lower!).toBeCloseTo(1, 6);
    expect(verifyCertificate(JSON.parse(JSON.stringify(cert))).ok).toBe(true);
  });
});
