// emcert check's decomposition route: it runs on the 1-d double well and the certificate it writes
// verifies, with a gap below the generator's (finite-volume reference); where it does not apply the
// record says why in one line and claims nothing (nor does its LSI record); the summary prints the gap
// and the LSI constant derived from it, and whether that is the alpha the stopping routes use.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { certifyEnergy } from '../../src/certify/certifyEnergy.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';
import { proposeDecompositionGap } from '../../src/certify/decompositionGap.js';
import { formatSummary } from '../../src/certify/summary.js';
import type { Certificate } from '../../src/verify/certificate.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import { spectralGap1d } from '../../src/diagnostics/grid/gap1d.js';
import { tempDir, writeNetwork } from './fixtures.js';

const energyOf = (spec: string) => buildEnergy([{ spec, weight: 1 }]);
const noLsi = { temperature: 1, hypotheses: [] };

describe('the decomposition gap in emcert check', () => {
  it('the 1-d double well at T = 1: a gap below the generator gap 0.749, verified, beside alpha', () => {
    const terms = [{ spec: 'expr:(x1^2-1)^2', weight: 1 }];
    const cert = certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 8000 });
    const rec = cert.poincareDecomposition!;
    expect(rec.reason).toBeUndefined();
    const gap = rec.claim!.gapLower;
    const truth = spectralGap1d((x) => (x * x - 1) ** 2, 3, 20_001);
    expect(gap).toBeGreaterThan(0.01);
    expect(gap).toBeLessThan(truth);
    // At T = 1 Holley-Stroock is better: the certificate's alpha is its own, not the gap.
    expect(cert.constants.lsi.lower).toBeGreaterThan(gap);
    expect(verifyCertificate(JSON.parse(JSON.stringify(cert))).ok).toBe(true);
    expect(cert.timings.poincareMs).toBeGreaterThanOrEqual(0);
  }, 300_000);

  it('says in one line why it does not apply, and claims nothing', () => {
    const cases: [string, RegExp][] = [
      ['expr:(x1^2-1)^2 + x2^2 + x3^2', /d <= 2 \(d = 3\)/],
      ['expr:0.5*x1^2 + x2^2', /hess f is positive semidefinite at every sampled point/],
      // Zero curvature at 0 is not negative: convex, left to the LSI routes.
      ['expr:x1^4 + x2^2', /hess f is positive semidefinite at every sampled point/],
      ['expr:abs(x1) + x1^2', /C\^2/],
      // Negative curvature, but no LSI decomposition to bound the tails with.
      ['expr:(x1^2-1)^2', /needs the LSI decomposition's bump and cover/],
    ];
    // A network (the shipped models are networks): skipped before any work.
    cases.push([writeNetwork(tempDir(), 1), /not tried for network energies/]);
    for (const [spec, why] of cases) {
      const { poincare: r, lsi } = proposeDecompositionGap(energyOf(spec), noLsi, 4);
      expect(lsi.claim, spec).toBeNull();
      expect(lsi.reason, spec).toMatch(why);
      expect(r.claim, spec).toBeNull();
      expect(r.evidence, spec).toBeUndefined();
      expect(r.reason, spec).toMatch(why);
      expect(r.reason!.includes('\n'), spec).toBe(false);
    }
  });

  it("decompositionGap: 'skip' records that the route was not tried (emcert demo --quick)", () => {
    const terms = [{ spec: 'expr:0.5*x1^2', weight: 1 }];
    const cert = certifyEnergy({ energy: buildEnergy(terms), terms, timeBudgetMs: 4000, decompositionGap: 'skip' });
    expect(cert.poincareDecomposition).toMatchObject({ claim: null, reason: expect.stringMatching(/^not tried: the caller turned the route off/) });
    expect(verifyCertificate(JSON.parse(JSON.stringify(cert))).ok).toBe(true);
  });

  it('the summary prints the LSI constant from the decomposition rounded down, and says it is the alpha used', () => {
    const cert: Certificate = JSON.parse(readFileSync(new URL('../verify/fixtures/wellLsi.json', import.meta.url), 'utf8'));
    const text = formatSummary(cert);
    const line = text.split('\n').find((l) => l.includes('alpha (LSI) from that decomposition'))!;
    expect(line).toMatch(/>= 0\.00001316 \(partition into 16 blocks; the better route: the alpha above, used by the stopping routes\)/);
    expect(Number(/>= ([\d.e-]+)/.exec(line)![1])).toBeLessThanOrEqual(cert.lsiDecomposition!.claim!.alphaLower);
  });

  it('the summary prints the gap rounded down, as Poincare; and the reason when there is none', () => {
    const cert: Certificate = JSON.parse(readFileSync(new URL('../verify/fixtures/wellGap.json', import.meta.url), 'utf8'));
    const line = formatSummary(cert).split('\n').find((l) => l.includes('spectral gap'))!;
    expect(line).toMatch(/spectral gap >= 0\.004121 \(Poincaré: covering decomposition of \d+ sets\)/);
    expect(Number(/>= ([\d.e-]+)/.exec(line)![1])).toBeLessThanOrEqual(cert.poincareDecomposition!.claim!.gapLower);
    const none = { ...cert, poincareDecomposition: { ...cert.poincareDecomposition!, claim: null, reason: 'd = 3' } };
    expect(formatSummary(none)).toMatch(/spectral gap >= none \[covering decomposition, Poincaré: d = 3\]/);
  });
});
