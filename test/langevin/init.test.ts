import { describe, expect, it } from 'vitest';
import { initialPositions } from '../../src/langevin/init.js';
import { createRng } from '../../src/random/rng.js';
import { moments } from './helpers.js';

describe('initialPositions', () => {
  it('draws every coordinate from N(mean, std^2)', () => {
    const n = 40000;
    const xs = initialPositions({ dim: 3, particles: n, init: { mean: -2, std: 0.5 }, rng: createRng(9) });
    expect(xs.length).toBe(3 * n);
    const m = moments(xs, n, 3);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(m.mean[j]! + 2)).toBeLessThan(5 * Math.sqrt(0.25 / n));
      expect(Math.abs(m.cov[j]![j]! - 0.25)).toBeLessThan(5 * 0.25 * Math.sqrt(2 / n));
    }
  });

  it('rejects bad arguments with the function name', () => {
    const rng = createRng(1);
    expect(() => initialPositions({ dim: 0, particles: 1, init: { mean: 0, std: 1 }, rng })).toThrow(/^initialPositions: dim/);
    expect(() => initialPositions({ dim: 1, particles: 1.5, init: { mean: 0, std: 1 }, rng })).toThrow(/particles/);
    expect(() => initialPositions({ dim: 1, particles: 1, init: { mean: 0, std: 0 }, rng })).toThrow(/std/);
    expect(() => initialPositions({ dim: 1, particles: 1, init: { mean: NaN, std: 1 }, rng })).toThrow(/mean/);
  });
});
