// The package's library entry (package.json "exports": "."): the main functions are there, and
// loading it does not pull in tfjs (which is slow to load and optional for library users).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every file the entry loads through static imports and re-exports (type-only ones excluded). */
function staticClosure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
    seen.set(file, specifiers);
    for (const s of specifiers)
      if (s.startsWith('.')) {
        const target = resolve(dirname(file), s.replace(/\.js$/, '.ts'));
        if (existsSync(target)) visit(target);
      }
  };
  visit(resolve(entry));
  return seen;
}

describe('emcert library entry', () => {
  it('exports the producers, the verifier, the engine and the kernel intervals', async () => {
    const api = await import('../src/index.js');
    for (const name of ['certifyEnergy', 'verifyCertificate', 'composeCertificates', 'loadEnergySpec', 'runChain', 'ulaKernel', 'malaKernel', 'createRng', 'compileModelEnclosure'])
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    expect(typeof api.interval.add).toBe('function');
    expect(api.SAMPLER_NAMES).toEqual(['ula', 'mala', 'flow']);
  });

  it('loads no tfjs module (statically): library users who only certify never wait for it', () => {
    const closure = staticClosure('src/index.ts');
    expect(closure.size).toBeGreaterThan(30);
    const tf = [...closure].filter(([, specs]) => specs.some((s) => s.startsWith('@tensorflow/'))).map(([f]) => f);
    expect(tf).toEqual([]);
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
