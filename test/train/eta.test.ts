import { describe, expect, it } from 'vitest';
import { phase2CostRatio, phaseEta } from '../../src/train/eta.js';

const config = { steps: 1500, phase1Steps: 500, batch: 256, negatives: 64, negativeSteps: 200 }; // the short-run recipe

describe('phaseEta', () => {
  it('prices each phase at its own rate: no jump from seconds to minutes when phase 2 starts', () => {
    // Simulated run at these settings' measured speeds: 0.05 s a phase-1 step, 0.13 s a phase-2 step, step 1 a slow warm-up.
    const eta = phaseEta(config);
    let seconds = 0;
    const at: Record<number, number> = {};
    for (let step = 1; step <= 1500; step++) {
      seconds += step === 1 ? 2 : step <= 500 ? 0.05 : 0.13;
      at[step] = eta.step(step, step <= 500 ? 1 : 2, seconds);
    }
    const truth = (step: number) => Math.max(0, 500 - step) * 0.05 + (1500 - Math.max(step, 500)) * 0.13;
    // Phase 1: the guess from the cost model (ratio 2.75 with these settings) is within 15% of the truth
    // (one average rate would say 1500 * 0.05 s = 75 s instead of 155 s at the start).
    expect(phase2CostRatio(config)).toBeCloseTo(2.75, 12);
    expect(eta.guessing).toBe(false);
    for (const step of [10, 250, 499]) expect(Math.abs(at[step]! / truth(step) - 1)).toBeLessThan(0.15);
    // Once phase 2 is timed, the estimate is exact for a constant rate.
    for (const step of [502, 1000, 1499]) expect(at[step]!).toBeCloseTo(truth(step), 6);
    expect(at[1500]).toBe(0);
  });

  it('after a resume, times from the checkpoint on and skips the first (warm-up) step', () => {
    const eta = phaseEta(config, { step: 800, seconds: 200 });
    // warm-up: not timed, but its own time stands for phase 2 (not phase 1's times the cost ratio)
    expect(eta.step(801, 2, 205)).toBeCloseTo(699 * 5, 6);
    expect(eta.guessing).toBe(true);
    const left = eta.step(802, 2, 205.5);
    expect(left).toBeCloseTo(698 * 0.5, 6);
  });
});
