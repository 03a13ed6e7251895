// The kl-hessian-lipschitz route end to end at the kernel: the producer's (h, N) are accepted, every
// tampering is refused, and on a Gaussian the true KL after N steps (60 digits) is below eps.
import { describe, expect, it } from 'vitest';
import { nextDown, nextUp, point } from '../../../src/kernel/interval.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput, StoppingRoute } from '../../../src/kernel/stopping/types.js';
import type { EnergyModel, MlpLayer } from '../../../src/kernel/model.js';
import { bestKlHessianLipschitzStep, klHessianLipschitzRoute, leastStepsAt } from '../../../src/certify/stopping/klHessianLipschitz.js';
import { exactGaussianRoute } from '../../../src/certify/stopping/exactGaussian.js';
import { vempalaWibisonoOptimisedRoute } from '../../../src/certify/stopping/vempalaWibisono.js';
import { exactUlaKlDecimal } from './gaussianReference.js';

// E = (lambda/2)|x - c|^2 at temperature T: f has hess = (lambda/T) I, so alpha = m = L = lambda / T and M = 0.
function gaussianInput(lambda: number, T: number, center: number[], init: { mean: number; std: number }, epsilon: number): { input: StoppingInput; q: { hessian: number[][]; gradient: number[]; temperature: number } } {
  const d = center.length;
  const a = lambda / T;
  const q = { hessian: center.map((_, i) => center.map((__, j) => (i === j ? a : 0))), gradient: center.map((c) => -a * c), temperature: T };
  const kl0 = exactUlaKlDecimal(q, init, 1, 0) * (1 + 1e-12);
  const model: EnergyModel = { kind: 'quadratic', dim: d, lambda, center };
  const input: StoppingInput = {
    dim: d, temperature: T, epsilon, init, alpha: a, smoothness: a, strongConvexity: a, kl0, model,
    quadratic: { hessian: q.hessian.map((r) => r.map(point)), gradientAtOrigin: q.gradient.map(point) },
  };
  return { input, q };
}

const layers: MlpLayer[] = [
  { inDim: 2, outDim: 4, weight: Float64Array.of(1, -0.5, 0.25, 1, -1, 0.5, 0.75, -0.25), bias: Float64Array.of(0, 0.5, -0.5, 0), activation: 'tanh' },
  { inDim: 4, outDim: 1, weight: Float64Array.of(0.5, -0.5, 1, 0.25), bias: Float64Array.of(0), activation: 'identity' },
];
// The certified constants of this tanh network + (3/2)|x|^2 at T = 1 (emcert check, W = 0).
const network: StoppingInput = {
  dim: 2, temperature: 1, epsilon: 0.01, init: { mean: 1, std: 1 },
  alpha: 1.4385667613752353, smoothness: 4.757046193641981, strongConvexity: 1.4385667613752353, kl0: 6.2211733180206785,
  model: { kind: 'sum', dim: 2, terms: [{ weight: 1, model: { kind: 'mlp', dim: 2, layers } }, { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 3, center: [0, 0] } }] },
};

describe('kl-hessian-lipschitz route', () => {
  it('on Gaussians (M = 0): accepted, the true KL after N steps is <= eps, and N is compared with the exact route', () => {
    const cases = [
      gaussianInput(2, 1, [0.5, -0.5], { mean: 0, std: 1 }, 0.01),
      gaussianInput(1, 0.5, [1, 0, -1], { mean: 2, std: 0.5 }, 0.001),
      gaussianInput(4, 2, [0.25], { mean: -1, std: 2 }, 0.1),
    ];
    for (const { input, q } of cases) {
      const route = klHessianLipschitzRoute(input);
      expect(route.applies, route.reason).toBe(true);
      expect(route.hessianLipschitz!.upper).toBe(0);
      expect(checkStoppingRoute(route, input)).toEqual({ ok: true });
      expect(exactUlaKlDecimal(q, input.init, route.stepSize!, route.steps!)).toBeLessThanOrEqual(input.epsilon);
      const exact = exactGaussianRoute(input);
      // the exact route is the truth's stopping time at its step: this route may not beat it
      expect(route.steps!).toBeGreaterThanOrEqual(exact.steps!);
      expect(route.steps!).toBeLessThan(vempalaWibisonoOptimisedRoute(input).steps!);
    }
  });

  it('on a tanh network + quadratic: accepted, about 70x fewer steps than Vempala-Wibisono', () => {
    const route = klHessianLipschitzRoute(network);
    expect(route.applies, route.reason).toBe(true);
    expect(checkStoppingRoute(route, network)).toEqual({ ok: true });
    const vw = vempalaWibisonoOptimisedRoute(network);
    expect(route.steps! * 50).toBeLessThan(vw.steps!);
    expect(route.hessianLipschitz!.upper).toBeGreaterThan(0.3);
  });

  it('refuses every tampering', () => {
    const route = klHessianLipschitzRoute(network);
    const ev = route.hessianLipschitz!;
    const refused = (r: StoppingRoute, input: StoppingInput = network): string => {
      const c = checkStoppingRoute(r, input);
      return c.ok ? 'accepted' : c.reason;
    };
    expect(refused({ ...route, steps: route.steps! - 1 })).toMatch(/bound after/);
    expect(refused({ ...route, hessianLipschitz: { ...ev, upper: nextDown(ev.upper) } })).toMatch(/below the kernel's bound/);
    expect(refused({ ...route, hessianLipschitz: { ...ev, breaks: [[], []] } })).toMatch(/below the kernel's bound/);
    expect(refused({ ...route, hessianLipschitz: { ...ev, center: [0] } })).toMatch(/center/);
    expect(refused({ ...route, hessianLipschitz: { ...ev, center: [ev.center[0]! + 5, ev.center[1]!] } })).toMatch(/bound after/);
    expect(refused({ ...route, hessianLipschitz: undefined })).toMatch(/evidence/);
    expect(refused({ ...route, stepSize: route.stepSize! * 1.5, h: route.h! * 1.5 })).not.toBe('accepted');
    expect(refused({ ...route, stepSize: 1, h: 1 })).toMatch(/sqrt\(192\)/);
    expect(refused(route, { ...network, epsilon: nextDown(0.0099) })).toMatch(/bound after/);
    expect(refused(route, { ...network, kl0: network.kl0 * 1.01 })).toMatch(/bound after/);
    expect(refused(route, { ...network, alpha: network.alpha * 0.99 })).toMatch(/bound after/);
    expect(refused(route, { ...network, smoothness: nextUp(network.smoothness) * 1.01 })).toMatch(/bound after/);
    expect(refused(route, { ...network, strongConvexity: undefined })).toMatch(/m > 0/);
    expect(refused(route, { ...network, model: undefined })).toMatch(/model/);
    expect(refused(route, { ...network, preconditioner: [[1, 0], [0, 1]] })).toMatch(/preconditioned/);
    expect(refused(route, { ...network, dim: 3 })).not.toBe('accepted');
  });

  it('is not applicable, cheaply, without a certified m > 0, with a preconditioner or without a model', () => {
    expect(klHessianLipschitzRoute({ ...network, strongConvexity: undefined }).reason).toMatch(/m > 0/);
    expect(klHessianLipschitzRoute({ ...network, preconditioner: [[1, 0], [0, 1]] }).reason).toMatch(/preconditioned/);
    expect(klHessianLipschitzRoute({ ...network, model: undefined }).reason).toMatch(/model/);
    expect(klHessianLipschitzRoute({ ...network, kl0: Infinity }).reason).toMatch(/finite KL0/);
    expect(klHessianLipschitzRoute({ ...network, epsilon: 1e-300 }).applies).toBe(false);
    const relu: EnergyModel = { kind: 'mlp', dim: 2, layers: layers.map((l) => ({ ...l, activation: l.activation === 'tanh' ? 'relu' : l.activation })) };
    expect(klHessianLipschitzRoute({ ...network, model: relu }).reason).toMatch(/relu/);
  });
});

describe('the step search ends where step counts pass 2^53', () => {
  // An ill-conditioned energy (m = 0.001): at h = 7.2e-14 the least N is about 7e16, where consecutive
  // integers are not doubles; the bisection used to loop for ever there (a check hung in the suite).
  const c = {
    dim: 2, alpha: 0.001, smoothness: 1, strongConvexity: 0.001, hessianLipschitz: 0, kl0: 5,
    init: { mean: 0, std: 1 }, center: [0, 0], gradientAtCenter: [point(0), point(0)],
  };
  const hMax = 1 / Math.sqrt(192);
  it('a step whose N is beyond 2^53 gives Infinity', () => {
    expect(leastStepsAt(c, 0.01, hMax * 1e-12)).toBe(Infinity);
    expect(leastStepsAt(c, 0.01, hMax * 1e-11)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });
  it('the whole search returns a step with a finite N', () => {
    const h = bestKlHessianLipschitzStep(c, 0.01, hMax * (1 - 1e-9))!;
    expect(Number.isSafeInteger(leastStepsAt(c, 0.01, h))).toBe(true);
  });
});
