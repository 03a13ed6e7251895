// Seeded 2D Gaussian targets for the stopping tests and the tightness bench: diagonal and rotated,
// condition numbers 1 to 100, several starts, epsilons and temperatures. f(x) = b.x + x'Ax/2.
import { createRng } from '../../../src/random/rng.js';

export interface GaussianCase {
  readonly name: string;
  /** f-units: A = hess f, b = grad f(0). */
  readonly hessian: number[][];
  readonly gradient: number[];
  readonly eigenvalues: [number, number];
  readonly init: { mean: number; std: number };
  readonly epsilon: number;
  readonly temperature: number;
}

export function rotatedHessian(lambda1: number, lambda2: number, angle: number): number[][] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // R diag(l1, l2) R'
  return [
    [c * c * lambda1 + s * s * lambda2, c * s * (lambda1 - lambda2)],
    [c * s * (lambda1 - lambda2), s * s * lambda1 + c * c * lambda2],
  ];
}

export function gaussianCases(seed: number, count: number): GaussianCase[] {
  const rng = createRng(seed);
  const conditions = [1, 2, 5, 10, 30, 100];
  const epsilons = [0.1, 0.03, 0.01, 0.001];
  const temperatures = [1, 1, 0.5, 2];
  const cases: GaussianCase[] = [];
  for (let i = 0; i < count; i++) {
    const kappa = conditions[i % conditions.length]!;
    const lambdaMin = 10 ** (rng.uniform() - 0.5);
    const angle = i % 3 === 0 ? 0 : rng.uniform() * Math.PI;
    const hessian = rotatedHessian(lambdaMin, lambdaMin * kappa, angle);
    const gradient = [rng.normal(), rng.normal()];
    const init = { mean: Math.round(rng.normal() * 30) / 10, std: [0.3, 1, 2][i % 3]! };
    const epsilon = epsilons[(i + Math.floor(i / 4)) % epsilons.length]!;
    const temperature = temperatures[i % temperatures.length]!;
    cases.push({
      name: `#${i} kappa=${kappa} angle=${angle.toFixed(2)} start=N(${init.mean},${init.std}^2) eps=${epsilon} T=${temperature}`,
      hessian,
      gradient,
      eigenvalues: [lambdaMin, lambdaMin * kappa],
      init,
      epsilon,
      temperature,
    });
  }
  return cases;
}

import { interval, nextDown, nextUp } from '../../../src/kernel/interval.js';
import type { StoppingInput } from '../../../src/kernel/stopping/types.js';
import { exactUlaKlDecimal } from './gaussianReference.js';

function tiny(x: number) {
  return interval(nextDown(x), nextUp(x));
}

/** The StoppingInput the certificates engineer would pass for this target: exact constants, widened by an ulp. */
export function stoppingInputFor(c: GaussianCase): StoppingInput {
  const kl0 = exactUlaKlDecimal({ hessian: c.hessian, gradient: c.gradient, temperature: c.temperature }, c.init, 1, 0);
  return {
    dim: 2,
    temperature: c.temperature,
    epsilon: c.epsilon,
    init: c.init,
    alpha: c.eigenvalues[0] * (1 - 1e-12),
    smoothness: c.eigenvalues[1] * (1 + 1e-12),
    kl0: kl0 * (1 + 1e-9),
    strongConvexity: c.eigenvalues[0] * (1 - 1e-12),
    quadratic: { hessian: c.hessian.map((row) => row.map(tiny)), gradientAtOrigin: c.gradient.map(tiny) },
  };
}
