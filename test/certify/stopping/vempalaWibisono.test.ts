import { describe, expect, it } from 'vitest';
import { point } from '../../../src/kernel/interval.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import { encloseGaussianUlaKl } from '../../../src/kernel/stopping/gaussianUla.js';
import type { StoppingInput } from '../../../src/kernel/stopping/types.js';
import { optimalBiasShare, vempalaWibisonoOptimisedRoute, vempalaWibisonoSeedRoute } from '../../../src/certify/stopping/vempalaWibisono.js';
import { gaussianCases, stoppingInputFor } from './cases.js';
import { exactUlaKlDecimal } from './gaussianReference.js';

// The issue's example, with alpha = 1 and L = 4 (the eigenvalues of diag(4, 1)) and the exact KL0.
function issueExample(): StoppingInput {
  const kl0 = exactUlaKlDecimal({ hessian: [[4, 0], [0, 1]], gradient: [0, 0], temperature: 1 }, { mean: 2, std: 1 }, 1, 0);
  return { dim: 2, temperature: 1, epsilon: 0.01, init: { mean: 2, std: 1 }, alpha: 1, smoothness: 4, kl0 };
}

/** N(h) of Theorem 1 for a fixed h, or Infinity. */
function stepsAt(input: StoppingInput, h: number): number {
  const room = input.epsilon - (8 * h * input.dim * input.smoothness ** 2) / input.alpha;
  return room > 0 ? Math.max(0, Math.ceil(Math.log(input.kl0 / room) / (input.alpha * h))) : Infinity;
}

describe('Vempala-Wibisono routes', () => {
  it('an astronomically large count is reported as no usable stopping rule, not as rounding', () => {
    // alpha as tiny as the 8gaussians model's at its own temperature.
    const input: StoppingInput = { dim: 2, temperature: 0.05, epsilon: 0.1, init: { mean: 0, std: 1 }, alpha: 4.7e-173, smoothness: 1e3, kl0: 50 };
    for (const route of [vempalaWibisonoSeedRoute(input), vempalaWibisonoOptimisedRoute(input)]) {
      expect(route.applies).toBe(false);
      expect(route.reason).toMatch(/steps \(beyond 2\^53\): no usable stopping rule/);
      expect(route.reason).not.toMatch(/rounding/);
    }
  });

  it('reproduces the issue: the seed certifies 393,140 steps and the optimised step about 264,000', () => {
    const input = issueExample();
    expect(input.kl0).toBeCloseTo((23 - Math.log(4)) / 2, 12);
    const seed = vempalaWibisonoSeedRoute(input);
    const optimised = vempalaWibisonoOptimisedRoute(input);
    expect(seed.steps).toBe(393140);
    expect(seed.h!).toBeCloseTo(1 / 51200, 15);
    expect(optimised.steps!).toBeGreaterThan(263000);
    expect(optimised.steps!).toBeLessThan(265000);
    expect(checkStoppingRoute(seed, input)).toEqual({ ok: true });
    expect(checkStoppingRoute(optimised, input)).toEqual({ ok: true });
  });

  it('the optimised step is within one step of a brute-force minimum over 20,000 step sizes', () => {
    for (const input of [issueExample(), ...gaussianCases(11, 6).map(stoppingInputFor)]) {
      const route = vempalaWibisonoOptimisedRoute(input);
      const c = (8 * input.dim * input.smoothness ** 2) / input.alpha;
      const hMax = Math.min(input.alpha / (4 * input.smoothness ** 2), input.epsilon / c);
      let best = Infinity;
      for (let i = 1; i < 20000; i++) best = Math.min(best, stepsAt(input, (hMax * i) / 20000));
      expect(route.steps!).toBeLessThanOrEqual(best + 1);
      expect(route.steps!).toBeGreaterThanOrEqual(best - 1 - best * 1e-4);
      expect(route.steps!).toBeLessThanOrEqual(vempalaWibisonoSeedRoute(input).steps!);
    }
  });

  it('solves u/(1-u) + ln(1-u) = ln K', () => {
    for (const k of [1.5, 10, 1080.7, 1e8]) {
      const u = optimalBiasShare(k);
      expect(u / (1 - u) + Math.log1p(-u)).toBeCloseTo(Math.log(k), 9);
    }
  });

  it('its guarantee holds on Gaussians: the exact KL after the certified steps is <= eps', () => {
    for (const c of gaussianCases(5, 6)) {
      const input = stoppingInputFor(c);
      for (const route of [vempalaWibisonoSeedRoute(input), vempalaWibisonoOptimisedRoute(input)]) {
        // Millions of steps: the kernel's enclosure (tested against 60-digit decimals) evaluates them.
        const kl = encloseGaussianUlaKl(input.quadratic!, c.init, point(route.h!), route.steps!);
        expect(kl.ok && kl.kl.hi <= c.epsilon, c.name).toBe(true);
      }
    }
  });

  it('needs no steps when KL0 <= eps/2 already, and says why it does not apply', () => {
    const input = { ...issueExample(), kl0: 0.004 };
    expect(vempalaWibisonoSeedRoute(input).steps).toBe(0);
    expect(vempalaWibisonoOptimisedRoute(input).steps).toBe(0);
    for (const bad of [{ smoothness: Infinity }, { kl0: Infinity }, { alpha: 0 }]) {
      const route = vempalaWibisonoOptimisedRoute({ ...issueExample(), ...bad });
      expect(route.applies).toBe(false);
      expect(route.reason).toMatch(/L =|KL0 =|alpha =/);
    }
  });
});
