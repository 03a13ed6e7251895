import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { certificateVerifies, exactUlaKl, exactUlaKlDiagonal, gaussianEnergy, rotatedGaussian, removeTestingFiles, stoppingHoldsOnGaussianSurrogates, tanhNetworkWithRegularizer } from '../../src/testing/index.js';

afterAll(removeTestingFiles);

describe('emcert/testing', () => {
  it('gaussianEnergy: certificates verify, alpha and L bracket the exact eigenvalues, the stopping claim holds exactly', () => {
    fc.assert(
      fc.property(gaussianEnergy({ dim: 2, maxPrecision: 4 }), (g) => {
        const cert = certificateVerifies(g.spec, { temperature: g.temperature, init: { mean: 0.5, std: 1 }, timeBudgetMs: 4000, expect: 'certified' });
        const [lmin, lmax] = [g.eigenvalues[0]!, g.eigenvalues[g.eigenvalues.length - 1]!];
        expect(cert.constants.lsi.lower!).toBeLessThanOrEqual(lmin * (1 + 1e-12));
        expect(cert.constants.lsi.lower!).toBeGreaterThanOrEqual(0.9 * lmin);
        expect(cert.constants.smoothness.upper!).toBeGreaterThanOrEqual(lmax * (1 - 1e-12));
        expect(cert.constants.smoothness.upper!).toBeLessThanOrEqual(1.1 * lmax);
        const s = cert.stopping!;
        const A = g.hessian.map((row) => row.map((v) => v / g.temperature));
        expect(exactUlaKl(A, g.mean, cert.dynamics.init, s.h!, s.steps!)).toBeLessThanOrEqual(s.epsilon);
      }),
      { numRuns: 6, seed: 11 },
    );
  });

  it('rotatedGaussian: alpha never above lambda_min, L never below lambda_max', () => {
    fc.assert(
      fc.property(rotatedGaussian({ maxPrecision: 4 }), (g) => {
        const cert = certificateVerifies(g.spec, { temperature: g.temperature, timeBudgetMs: 4000, expect: 'certified' });
        expect(cert.constants.lsi.lower!).toBeLessThanOrEqual(g.eigenvalues[0]! * (1 + 1e-9));
        expect(cert.constants.smoothness.upper!).toBeGreaterThanOrEqual(g.eigenvalues[1]! * (1 - 1e-9));
      }),
      { numRuns: 4, seed: 12 },
    );
  });

  it('tanhNetworkWithRegularizer: certified, and its Vempala-Wibisono stopping claim holds on Gaussian surrogates', () => {
    fc.assert(
      fc.property(tanhNetworkWithRegularizer({ hidden: 3 }), (n) => {
        const cert = certificateVerifies(n.spec, { timeBudgetMs: 4000, expect: 'certified' });
        expect(cert.constants.lsi.lower!).toBeLessThanOrEqual(n.lambda);
        stoppingHoldsOnGaussianSurrogates(cert, { numRuns: 10, seed: 3 });
      }),
      { numRuns: 1, seed: 13 },
    );
  });

  it('tanhNetworkWithRegularizer writes into one directory per process, which removeTestingFiles deletes', () => {
    const specs = [...fc.sample(tanhNetworkWithRegularizer({ hidden: 2 }), { numRuns: 2, seed: 1 }), ...fc.sample(tanhNetworkWithRegularizer({ hidden: 2 }), { numRuns: 2, seed: 2 })].map((n) => n.spec);
    expect(specs.every((s) => existsSync(s))).toBe(true);
    const roots = new Set(specs.map((s) => dirname(dirname(s))));
    expect(roots.size).toBe(1);
    const root = [...roots][0]!;
    expect(dirname(root)).toBe(tmpdir());
    expect(new Set(specs).size).toBe(4);
    removeTestingFiles();
    expect(existsSync(root)).toBe(false);
  });

  it('the diagonal closed form agrees with the matrix recurrence', () => {
    const a = [2, 0.5];
    const A = [[2, 0], [0, 0.5]];
    for (const steps of [0, 1, 7, 40]) expect(exactUlaKlDiagonal(a, [0.3, -1], { mean: 1, std: 0.7 }, 0.1, steps)).toBeCloseTo(exactUlaKl(A, [0.3, -1], { mean: 1, std: 0.7 }, 0.1, steps), 10);
  });

  it('stoppingHoldsOnGaussianSurrogates fails a forged step count', () => {
    const cert = certificateVerifies('expr:x1^2 + 0.5*x2^2', { timeBudgetMs: 4000 });
    const forged = JSON.parse(JSON.stringify(cert));
    // Route the forged certificate through the constants-only route with far too few steps.
    forged.stopping = { ...forged.stopping, route: 'vempala-wibisono-optimised', steps: 1, h: forged.stopping.routes[1].h, stepSize: forged.stopping.routes[1].stepSize };
    let message = '';
    try {
      stoppingHoldsOnGaussianSurrogates(forged, { numRuns: 5, seed: 1 });
    } catch (e) {
      message = `${String(e)} ${String((e as { cause?: unknown }).cause)}`;
    }
    expect(message).toMatch(/KL after 1 steps is .* > 0\.1\b/);
  });
});
