// The replay buffer of persistent negatives: distinct uniform picks, gather/store round trips, a
// seed reproduces every step bit for bit, restarts come from the prior, and the chains target
// exp(-E/T) (MALA on a quadratic energy holds its variance T/lambda).
import { describe, expect, it } from 'vitest';
import type { GradientOracle } from '../../src/energy/types.js';
import { createRng } from '../../src/random/rng.js';
import { advancePersistentChains, negativeKernel, ReplayBuffer, type PersistentStep } from '../../src/train/replayBuffer.js';

/** E = (lambda/2)|x|^2 in 2-D. */
function quadratic(lambda: number): GradientOracle {
  return {
    dim: 2,
    valueAndGradientBatch(xs, n, values, grads) {
      for (let i = 0; i < n; i++) {
        const a = xs[2 * i]!, b = xs[2 * i + 1]!;
        values[i] = 0.5 * lambda * (a * a + b * b);
        grads[2 * i] = lambda * a;
        grads[2 * i + 1] = lambda * b;
      }
    },
  };
}

const step: PersistentStep = { sampler: 'mala', count: 16, steps: 5, stepSize: 0.1, temperature: 1, restartProbability: 0.05, priorStd: 1 };

function filled(capacity: number, value = 10): ReplayBuffer {
  return new ReplayBuffer(2, new Float64Array(2 * capacity).fill(value));
}

describe('ReplayBuffer', () => {
  it('picks n distinct chains, all of them when n is the capacity, and every chain eventually', () => {
    const b = filled(50);
    const rng = createRng(1);
    const all = b.pick(50, rng);
    expect(new Set(all).size).toBe(50);
    const seen = new Set<number>();
    for (let k = 0; k < 200; k++) {
      const p = b.pick(7, rng);
      expect(new Set(p).size).toBe(7);
      expect(p.every((i) => Number.isInteger(i) && i >= 0 && i < 50)).toBe(true);
      p.forEach((i) => seen.add(i));
    }
    expect(seen.size).toBe(50);
    expect(() => b.pick(51, rng)).toThrow(RangeError);
    expect(() => b.pick(0, rng)).toThrow(RangeError);
  });

  it('gather and store round-trip the chosen rows only', () => {
    const b = new ReplayBuffer(2, Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(Array.from(b.gather([2, 0]))).toEqual([4, 5, 0, 1]);
    b.store([3, 1], Float64Array.from([9, 9, 8, 8]));
    expect(Array.from(b.positions)).toEqual([0, 1, 8, 8, 4, 5, 9, 9]);
    expect(() => new ReplayBuffer(2, new Float64Array(3))).toThrow(RangeError);
  });

  it('the same seed reproduces the buffer and the negatives bit for bit; another seed does not', () => {
    const run = (seed: number) => {
      const b = filled(64, 0.5);
      const rng = createRng(seed);
      const kernel = negativeKernel(quadratic(1), 'mala');
      const outs: number[][] = [];
      for (let k = 0; k < 5; k++) outs.push(Array.from(advancePersistentChains(b, kernel, step, rng).negatives));
      return { outs, buffer: Array.from(b.positions) };
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8).buffer).not.toEqual(a.buffer);
  });

  it('restarts drawn chains at prior samples with the given probability', () => {
    const far = 1000; // a chain left alone stays near 1000 over 0 steps; a restarted one is a N(0, 4) sample
    for (const [p, lo, hi] of [[0, 0, 0], [1, 256, 256], [0.25, 40, 90]] as const) {
      const b = filled(256, far);
      const r = advancePersistentChains(b, negativeKernel(quadratic(1), 'ula'), { ...step, count: 256, steps: 0, restartProbability: p, priorStd: 2 }, createRng(3));
      let restarted = 0;
      for (let i = 0; i < 256; i++) if (Math.abs(r.negatives[2 * i]!) < 50) restarted++;
      expect(restarted).toBeGreaterThanOrEqual(lo);
      expect(restarted).toBeLessThanOrEqual(hi);
    }
  });

  it('persistent MALA chains reach exp(-E/T): variance T/lambda per coordinate on a quadratic', () => {
    const lambda = 4, T = 0.5; // variance 0.125
    const b = filled(400, 0);
    const kernel = negativeKernel(quadratic(lambda), 'mala');
    const rng = createRng(11);
    let r: { negatives: Float64Array; acceptance: number } = { negatives: new Float64Array(0), acceptance: 0 };
    for (let k = 0; k < 60; k++) r = advancePersistentChains(b, kernel, { ...step, count: 400, steps: 5, stepSize: 0.2, temperature: T, restartProbability: 0 }, rng);
    let s = 0;
    for (const v of b.positions) s += v * v;
    const variance = s / b.positions.length;
    // 800 coordinates: the sample variance's standard error is 0.125 * sqrt(2 / 800) = 0.00625.
    expect(variance).toBeGreaterThan(0.125 - 0.025);
    expect(variance).toBeLessThan(0.125 + 0.025);
    expect(r.acceptance).toBeGreaterThan(0.5);
    expect(r.acceptance).toBeLessThan(1);
  });
});
