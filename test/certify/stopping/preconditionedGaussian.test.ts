// The producer's search for the preconditioned exact-gaussian route: what it proposes the kernel
// accepts, one step fewer it refuses (the search finds the first crossing), and with C = I it agrees
// with the plain route's search.
import { describe, expect, it } from 'vitest';
import { point } from '../../../src/kernel/interval.js';
import { checkStoppingRoute } from '../../../src/kernel/stopping/check.js';
import type { StoppingInput } from '../../../src/kernel/stopping/types.js';
import { exactGaussianRoute } from '../../../src/certify/stopping/exactGaussian.js';
import { preconditionedExactGaussianRoute } from '../../../src/certify/stopping/preconditionedGaussian.js';

const quadratic = { hessian: [[1, 3], [3, 100]].map((r) => r.map(point)), gradientAtOrigin: [0.5, -2].map(point) };
const base: StoppingInput = { dim: 2, temperature: 1, epsilon: 0.01, init: { mean: 3, std: 1 }, alpha: 1, smoothness: 1, kl0: 100, quadratic };

describe('preconditionedExactGaussianRoute', () => {
  it('proposes a first crossing the kernel accepts (and refuses one step earlier)', () => {
    const input = { ...base, preconditioner: [[0.95, 0], [-0.03, 0.1]] };
    const r = preconditionedExactGaussianRoute(input);
    expect(r.applies, r.reason).toBe(true);
    expect(checkStoppingRoute(r, input).ok).toBe(true);
    expect(checkStoppingRoute({ ...r, steps: r.steps! - 1 }, input).ok).toBe(false);
    expect(r.steps!).toBeLessThan(60);
  });

  it('with C = I finds what the plain search finds', () => {
    const plain = exactGaussianRoute(base);
    const pre = preconditionedExactGaussianRoute({ ...base, preconditioner: [[1, 0], [0, 1]] });
    expect(plain.applies && pre.applies).toBe(true);
    expect(Math.abs(pre.steps! - plain.steps!)).toBeLessThanOrEqual(Math.ceil(0.02 * plain.steps!));
  });

  it('is not applicable without quadratic evidence', () => {
    const { quadratic: _, ...rest } = base;
    expect(preconditionedExactGaussianRoute({ ...rest, preconditioner: [[1, 0], [0, 1]] }).applies).toBe(false);
  });
});
