// The barrier producer's work limits: counts scaled by --effort, at least one of each, so the search's
// result depends only on its input and the effort (test/cli/barrierDeterminism.test.ts runs it under load).
import { describe, expect, it } from 'vitest';
import { BARRIER_MAX_LEAVES, BARRIER_ROUNDS, UNSAFE_LEAVES_PER_BOX, barrierWorkLimits, gibbsMaxBoxes } from '../../src/barrier/limits.js';

describe('barrierWorkLimits', () => {
  it('effort 1 gives the former fixed limits (150000 leaves, 20000 per unsafe box, 8 rounds)', () => {
    expect(barrierWorkLimits()).toEqual({ maxLeaves: 150_000, unsafeLeaves: 20_000, rounds: 8 });
    expect([BARRIER_MAX_LEAVES, UNSAFE_LEAVES_PER_BOX, BARRIER_ROUNDS]).toEqual([150_000, 20_000, 8]);
    expect([1, 2, 3].map((d) => gibbsMaxBoxes(d))).toEqual([20_000, 60_000, 100_000]);
  });

  it('scales every count by the effort, rounds to integers and never goes below 1', () => {
    expect(barrierWorkLimits(0.25)).toEqual({ maxLeaves: 37_500, unsafeLeaves: 5_000, rounds: 2 });
    expect(barrierWorkLimits(64)).toEqual({ maxLeaves: 9_600_000, unsafeLeaves: 1_280_000, rounds: 512 });
    expect(barrierWorkLimits(1e-9)).toEqual({ maxLeaves: 1, unsafeLeaves: 1, rounds: 1 });
    expect(barrierWorkLimits(0.3).rounds).toBe(2); // 2.4 rounds to 2
    expect(gibbsMaxBoxes(2, 0.5)).toBe(30_000);
    expect(gibbsMaxBoxes(3, 1e-9)).toBe(1);
  });

  it('an explicit maxLeaves overrides the scaled leaves only', () => {
    expect(barrierWorkLimits(2, 500)).toEqual({ maxLeaves: 500, unsafeLeaves: 40_000, rounds: 16 });
  });
});
