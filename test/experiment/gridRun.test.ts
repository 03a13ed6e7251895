import { describe, expect, it } from 'vitest';
import { runGridExperiment } from '../../src/experiment/gridRun.js';
import { exactUlaFirstBelow } from '../../src/experiment/gaussianUla.js';
import { klToCentredGaussian } from '../../src/diagnostics/grid/gaussianClosedForms.js';
import type { CertificateSummary } from '../../src/experiment/certificate.js';
import { doubleWellPotential, gaussianPotential } from '../diagnostics/grid/gaussianPotential.js';

// f = 0.5 x1^2 + x2^2: alpha = 1, L = 2 exactly; start N(0.5, 1.2^2 I).
const A: [number, number, number] = [1, 0, 2];
const start = { mean: 0.5, std: 1.2 };
const kl0 = klToCentredGaussian([1, 2], [{ mean: 0.5, variance: 1.44 }, { mean: 0.5, variance: 1.44 }]);

function exactCertificate(stepSize: number, steps: number): CertificateSummary {
  return { verdict: 'certified', alpha: 1, smoothness: 2, kl0, stopping: { epsilon: 0.05, stepSize, steps }, note: 'exact constants of the test Gaussian' };
}

describe('runGridExperiment', () => {
  it('on a Gaussian: the bound covers the computed KL, the ULA first step below eps is exact, the flow rises', () => {
    const result = runGridExperiment({ potential: gaussianPotential([1, 2]), start, temperature: 1, epsilon: 0.05, certificate: exactCertificate(0.05, 120), nodes: 61, flowPoints: 24 });
    expect(result.langevin.monotone).toBe(true);
    expect(result.langevin.bound).not.toBeNull();
    result.langevin.kl.forEach((kl, i) => expect(kl).toBeLessThanOrEqual(result.langevin.bound![i]! * 1.01));
    expect(result.ulaFirstBelow.method).toBe('grid');
    expect(result.ulaFirstBelow.computedSteps).toBe(exactUlaFirstBelow(A, start, 0.05, 0.05, 1000));
    expect(result.ulaFirstBelow.certifiedSteps).toBe(120);
    expect(result.ulaFirstBelow.klAtCertifiedSteps!).toBeLessThan(0.05);
    if ('infeasible' in result.ula) throw new Error(result.ula.infeasible);
    expect(result.ula.stepKind).toBe('certified step');
    expect(result.ula.stoppingBound).not.toBeNull();
    expect(result.flow.rose).toBe(true);
  });

  it('labels the continuous-time proxy when the certified step is too fine for the grid', () => {
    const result = runGridExperiment({ potential: gaussianPotential([1, 2]), start, temperature: 1, epsilon: 0.05, certificate: exactCertificate(1e-5, 400000), nodes: 51, flowPoints: 16, ulaMaxWork: 1e8 });
    expect(result.ulaFirstBelow.method).toBe('continuous-time proxy');
    expect(result.ulaFirstBelow.note).toMatch(/finer than the grid/);
    // t* / h with t* from Fokker-Planck: close to the exact ULA count at this tiny step.
    const exact = exactUlaFirstBelow(A, start, 1e-5, 0.05, 1e6)!;
    expect(Math.abs(result.ulaFirstBelow.computedSteps! / exact - 1)).toBeLessThan(0.05);
    if ('infeasible' in result.ula) throw new Error(result.ula.infeasible);
    expect(result.ula.stepKind).toBe('demonstration step');
  });

  it('without a certificate: no bound, and it says why; double well still monotone and flow rises', () => {
    const result = runGridExperiment({ potential: doubleWellPotential(), start: { mean: 0.5, std: 1 }, temperature: 1, epsilon: 0.1, nodes: 61, flowPoints: 24, tMax: 6 });
    expect(result.langevin.bound).toBeNull();
    expect(result.langevin.boundNote).toMatch(/no certificate/);
    expect(result.ulaFirstBelow.method).toBe('none');
    expect(result.langevin.monotone).toBe(true);
    expect(result.flow.rose).toBe(true);
  });
});
