import { describe, expect, it } from 'vitest';
import { point } from '../../../src/kernel/interval.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../../../src/kernel/stopping/types.js';
import { exactGaussianRoute } from '../../../src/certify/stopping/exactGaussian.js';
import { vempalaWibisonoOptimisedRoute, vempalaWibisonoSeedRoute } from '../../../src/certify/stopping/vempalaWibisono.js';

// E = 0.5*(4 x1^2 + x2^2), T = 1, start N(2, 1): KL0 = (5 + 20 - 2 - ln 4) / 2 exactly.
const input: StoppingInput = {
  dim: 2,
  temperature: 1,
  epsilon: 0.01,
  init: { mean: 2, std: 1 },
  alpha: 1,
  smoothness: 4,
  kl0: (23 - Math.log(4)) / 2 + 1e-12,
  quadratic: { hessian: [[point(4), point(0)], [point(0), point(1)]], gradientAtOrigin: [point(0), point(0)] },
};

const routes: Record<string, StoppingRoute> = {
  seed: vempalaWibisonoSeedRoute(input),
  optimised: vempalaWibisonoOptimisedRoute(input),
  exact: exactGaussianRoute(input),
};

describe('checkStoppingRoute', () => {
  it('accepts the routes the producers propose', () => {
    for (const route of Object.values(routes)) expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
  });

  it('rejects a smaller step count', () => {
    for (const route of Object.values(routes)) {
      const tampered = { ...route, steps: route.steps! - 1 };
      expect(checkStoppingRoute(tampered, input).ok, route.route).toBe(false);
    }
  });

  it('rejects another step size (a larger one, and stepSize and h that disagree)', () => {
    for (const route of Object.values(routes)) {
      const larger = { ...route, stepSize: route.stepSize! * 1.3, h: route.h! * 1.3 };
      expect(checkStoppingRoute(larger, input).ok, route.route).toBe(false);
      const mismatch = { ...route, h: route.h! * 0.999 };
      expect(checkStoppingRoute(mismatch, input).ok, route.route).toBe(false);
    }
    // The exact route's KL is not monotone in h: a much smaller step with the same N also fails.
    const smaller = { ...routes.exact!, stepSize: routes.exact!.stepSize! / 2, h: routes.exact!.h! / 2 };
    expect(checkStoppingRoute(smaller, input).ok).toBe(false);
  });

  it('rejects a changed route name, theorem, or a route marked not applicable', () => {
    const exactAsVw = { ...routes.exact!, route: 'vempala-wibisono-optimised' as const, theorem: 'proofs/stopping-vempala-wibisono.md' };
    const check = checkStoppingRoute(exactAsVw, input);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(/alpha \/ \(4 L\^2\)/);
    expect(checkStoppingRoute({ ...routes.exact!, theorem: 'proofs/stopping-vempala-wibisono.md' }, input).ok).toBe(false);
    expect(checkStoppingRoute({ ...routes.exact!, route: 'contraction', theorem: 'proofs/stopping-contraction.md' }, input).ok).toBe(false);
    expect(checkStoppingRoute({ ...routes.exact!, route: 'made-up' as never }, input).ok).toBe(false);
    expect(checkStoppingRoute({ ...routes.exact!, applies: false }, input).ok).toBe(false);
  });

  it('rejects a smaller epsilon, a larger alpha claim is not needed by exact but a smaller L is', () => {
    for (const route of Object.values(routes)) {
      expect(checkStoppingRoute(route, { ...input, epsilon: 0.009 }).ok, route.route).toBe(false);
    }
    // Vempala-Wibisono at the stored h with a worse (larger) L no longer fits h <= alpha/(4L^2).
    expect(checkStoppingRoute(routes.optimised!, { ...input, smoothness: 4.1 }).ok).toBe(false);
    // Inconsistent constants (alpha > L) are refused.
    expect(checkStoppingRoute(routes.optimised!, { ...input, alpha: 5, smoothness: 4 }).ok).toBe(false);
    // A different quadratic (the start farther from the mode) breaks the exact route.
    const shifted = { ...input, init: { mean: 3, std: 1 } };
    expect(checkStoppingRoute(routes.exact!, shifted).ok).toBe(false);
  });

  it('rejects malformed fields without throwing', () => {
    const base = routes.exact!;
    for (const bad of [
      { ...base, steps: 1.5 },
      { ...base, steps: -1 },
      { ...base, stepSize: 0 },
      { ...base, stepSize: Number.NaN },
      { ...base, h: undefined },
    ]) {
      expect(checkStoppingRoute(bad, input).ok).toBe(false);
    }
    expect(checkStoppingRoute(base, { ...input, temperature: 0 }).ok).toBe(false);
    expect(checkStoppingRoute(routes.seed!, { ...input, kl0: Infinity }).ok).toBe(false);
    expect(checkStoppingRoute(routes.seed!, { ...input, smoothness: Infinity }).ok).toBe(false);
    // Evidence that is NaN, infinite or asymmetric beyond overlap fails instead of throwing.
    const z = point(0);
    for (const hessian of [
      [[{ lo: Number.NaN, hi: Number.NaN }, z], [z, point(1)]],
      [[{ lo: 1, hi: Infinity }, z], [z, point(1)]],
      [[point(4), point(1)], [point(2), point(1)]],
    ]) {
      expect(checkStoppingRoute(base, { ...input, quadratic: { hessian, gradientAtOrigin: [z, z] } }).ok).toBe(false);
    }
    expect(checkStoppingRoute(base, { ...input, quadratic: { hessian: input.quadratic!.hessian, gradientAtOrigin: [{ lo: -Infinity, hi: Infinity }, z] } }).ok).toBe(false);
    const { quadratic: _q, ...noQuadratic } = input;
    expect(checkStoppingRoute(base, noQuadratic).ok).toBe(false);
  });
});
