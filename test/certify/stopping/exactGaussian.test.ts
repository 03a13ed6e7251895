import { describe, expect, it } from 'vitest';
import { point } from '../../../src/kernel/interval.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput } from '../../../src/kernel/stopping/types.js';
import { exactGaussianRoute } from '../../../src/certify/stopping/exactGaussian.js';
import { gaussianCases, stoppingInputFor } from './cases.js';
import { exactUlaKlDecimal, firstCrossingFloatAnyDim, minimalStepsFloat } from './gaussianReference.js';
import { createRng } from '../../../src/random/rng.js';
import { interval, nextDown, nextUp } from '../../../src/kernel/interval.js';

// The issue's example: E = 0.5*(4 x1^2 + x2^2), T = 1, start N(2, 1) per coordinate, eps = 0.01.
function issueExample(): StoppingInput {
  const kl0 = exactUlaKlDecimal({ hessian: [[4, 0], [0, 1]], gradient: [0, 0], temperature: 1 }, { mean: 2, std: 1 }, 1, 0);
  return {
    dim: 2,
    temperature: 1,
    epsilon: 0.01,
    init: { mean: 2, std: 1 },
    alpha: 1,
    smoothness: 4,
    kl0,
    quadratic: { hessian: [[point(4), point(0)], [point(0), point(1)]], gradientAtOrigin: [point(0), point(0)] },
  };
}

describe('exact-gaussian route', () => {
  it('certifies 43 steps on the issue example, at a step size in [0.0715, 0.0797]', () => {
    const input = issueExample();
    const route = exactGaussianRoute(input);
    expect(route.applies).toBe(true);
    expect(route.steps).toBe(43);
    expect(route.h!).toBeGreaterThanOrEqual(0.0715);
    expect(route.h!).toBeLessThanOrEqual(0.0797);
    expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
    // Independent 60-digit check of the claim, and of its sharpness: 42 steps do not reach eps here.
    const q = { hessian: [[4, 0], [0, 1]], gradient: [0, 0], temperature: 1 };
    expect(exactUlaKlDecimal(q, input.init, route.stepSize!, 43)).toBeLessThanOrEqual(0.01);
    expect(exactUlaKlDecimal(q, input.init, route.stepSize!, 42)).toBeGreaterThan(0.01);
  });

  it('on held-out Gaussians: N <= 2 x the minimum over step sizes, and the exact KL after N steps is <= eps', () => {
    const ratios: string[] = [];
    for (const c of gaussianCases(20261126, 18)) {
      const input = stoppingInputFor(c);
      const route = exactGaussianRoute(input);
      expect(route.applies, c.name).toBe(true);
      expect(checkStoppingRoute(route, input), c.name).toEqual({ ok: true });
      // The engine runs eta = stepSize at temperature T on E = T f: exact KL in decimals.
      const kl = exactUlaKlDecimal({ hessian: c.hessian, gradient: c.gradient, temperature: c.temperature }, c.init, route.stepSize!, route.steps!);
      expect(kl, c.name).toBeLessThanOrEqual(c.epsilon);
      const reference = minimalStepsFloat(c.hessian, c.gradient, c.init, c.epsilon, c.eigenvalues[1], 1200, 2 * route.steps! + 5);
      expect(reference, c.name).not.toBeNull();
      ratios.push(`${c.name}: ${route.steps}/${reference!.steps}`);
      expect(route.steps!, `${c.name}: certified ${route.steps}, reference minimum ${reference!.steps}`).toBeLessThanOrEqual(2 * reference!.steps);
    }
    expect(ratios.length).toBe(18);
  });

  it('uses the engine convention eta = h / T at T != 1', () => {
    // f = E / T with E = 0.5*(4 x1^2 + x2^2) and T = 2: A = diag(2, 0.5).
    const t = 2;
    const input: StoppingInput = {
      ...issueExample(),
      temperature: t,
      alpha: 0.5,
      smoothness: 2,
      kl0: exactUlaKlDecimal({ hessian: [[2, 0], [0, 0.5]], gradient: [0, 0], temperature: t }, { mean: 2, std: 1 }, 1, 0),
      quadratic: { hessian: [[point(2), point(0)], [point(0), point(0.5)]], gradientAtOrigin: [point(0), point(0)] },
    };
    const route = exactGaussianRoute(input);
    expect(route.applies).toBe(true);
    expect(route.h!).toBeCloseTo(route.stepSize! * t, 15);
    const q = { hessian: [[2, 0], [0, 0.5]], gradient: [0, 0], temperature: t };
    expect(exactUlaKlDecimal(q, input.init, route.stepSize!, route.steps!)).toBeLessThanOrEqual(0.01);
    // The same eta read as if T were 1 would be another (h, N): the kernel must not accept it at T = 2
    // with h left at eta.
    expect(checkStoppingRoute({ ...route, h: route.stepSize }, input).ok).toBe(false);
  });

  it('works in dimension 4 (random rotation, T = 1.5): exact KL <= eps and N <= 2 x the minimum', () => {
    const rng = createRng(4);
    // Random orthonormal basis by Gram-Schmidt.
    const q: number[][] = [];
    while (q.length < 4) {
      let v = Array.from({ length: 4 }, () => rng.normal());
      for (const u of q) {
        const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
        v = v.map((x, i) => x - dot * u[i]!);
      }
      const norm = Math.hypot(...v);
      q.push(v.map((x) => x / norm));
    }
    const lambdas = [0.5, 1, 3, 8];
    const a = q.map((_, i) => q.map((_, j) => lambdas.reduce((s, l, k) => s + l * q[k]![i]! * q[k]![j]!, 0)));
    const sym = a.map((row, i) => row.map((x, j) => (x + a[j]![i]!) / 2));
    const b = [0.3, -1, 0.5, 2];
    const tiny = (x: number) => interval(nextDown(x), nextUp(x));
    const init = { mean: 1, std: 0.7 };
    const t = 1.5;
    const input: StoppingInput = {
      dim: 4, temperature: t, epsilon: 0.05, init, alpha: 0.5 * 0.999, smoothness: 8 * 1.001,
      kl0: exactUlaKlDecimal({ hessian: sym, gradient: b, temperature: t }, init, 1, 0) * (1 + 1e-9),
      quadratic: { hessian: sym.map((row) => row.map(tiny)), gradientAtOrigin: b.map(tiny) },
    };
    const route = exactGaussianRoute(input);
    expect(route.applies).toBe(true);
    expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
    expect(exactUlaKlDecimal({ hessian: sym, gradient: b, temperature: t }, init, route.stepSize!, route.steps!)).toBeLessThanOrEqual(0.05);
    let best = Infinity;
    for (let i = 1; i < 600; i++) {
      const h = (2 / 8) * 10 ** (-4 * (i / 600));
      best = Math.min(best, firstCrossingFloatAnyDim(sym, b, init, h, 0.05, Math.min(best, 4 * route.steps!)) ?? Infinity);
    }
    expect(route.steps!).toBeLessThanOrEqual(2 * best);
  });

  it('does not apply without quadratic evidence or with an indefinite Hessian', () => {
    const input = issueExample();
    const { quadratic: _omit, ...rest } = input;
    expect(exactGaussianRoute(rest).applies).toBe(false);
    const indefinite = { ...input, quadratic: { hessian: [[point(1), point(0)], [point(0), point(-1)]], gradientAtOrigin: [point(0), point(0)] } };
    const route = exactGaussianRoute(indefinite);
    expect(route.applies).toBe(false);
    expect(route.reason).toMatch(/positive definite/);
  });

  it('reports not-applicable when no step size reaches eps within maxSteps (ULA floor forces tiny steps)', () => {
    const input = { ...issueExample(), epsilon: 1e-9 };
    const route = exactGaussianRoute(input, { maxSteps: 20_000 });
    expect(route.applies).toBe(false);
  });
});
