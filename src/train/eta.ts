// Time left in a training run, phase by phase. A phase-2 step also draws the Langevin negatives and is
// an order of magnitude slower than a phase-1 step, so one average rate (what a progress bar assumes)
// says "10 s" at the end of phase 1 and then jumps to minutes. Here each phase's remaining steps are
// priced at that phase's own measured seconds per step. Before phase 2 has run, its cost per step is
// guessed from phase 1's: the negatives cost about negativeSteps * negatives gradient evaluations
// against phase 1's batch (flow loss and minibatch OT pairing), i.e. a factor
// 1 + 0.035 * negativeSteps * negatives / batch, the constant calibrated with the negatives on ONNX
// Runtime (CPU seconds per step: defaults 0.014 and 0.024, ratio 1.7, the formula 1.7; the short-run
// recipe, 200 steps of 64 negatives, ratio 2.6, the formula 2.75). The first step of a run (warm-up)
// is not timed.
import type { TrainConfig } from './config.js';

export interface PhaseEta {
  /** Record a finished step (its phase and the run's seconds so far); returns the estimated seconds left. */
  step(step: number, phase: 1 | 2, seconds: number): number;
  /** True while phase 2's rate is a guess from phase 1 (no phase-2 step timed yet). */
  readonly guessing: boolean;
}

export function phase2CostRatio(config: Pick<TrainConfig, 'batch' | 'negatives' | 'negativeSteps'>): number {
  return 1 + (0.035 * config.negativeSteps * config.negatives) / config.batch;
}

export function phaseEta(config: Pick<TrainConfig, 'steps' | 'phase1Steps' | 'batch' | 'negatives' | 'negativeSteps'>, start = { step: 0, seconds: 0 }): PhaseEta {
  const timed = { 1: { steps: 0, seconds: 0 }, 2: { steps: 0, seconds: 0 } };
  let prev = start;
  let first = true;
  const ratio = phase2CostRatio(config);
  return {
    get guessing() {
      return timed[2].steps === 0;
    },
    step(step, phase, seconds) {
      const dt = (seconds - prev.seconds) / Math.max(1, step - prev.step);
      if (!first || step - prev.step > 1) {
        timed[phase].steps += 1;
        timed[phase].seconds += dt;
      }
      first = false;
      prev = { step, seconds };
      const mean = (p: 1 | 2) => timed[p].seconds / timed[p].steps;
      let rate1: number, rate2: number;
      if (timed[1].steps > 0) {
        rate1 = mean(1);
        rate2 = timed[2].steps > 0 ? mean(2) : rate1 * ratio;
      } else if (timed[2].steps > 0) {
        rate2 = mean(2);
        rate1 = rate2 / ratio;
      } else {
        // Nothing timed yet (the warm-up step): its own time stands for its phase.
        rate1 = phase === 1 ? dt : dt / ratio;
        rate2 = phase === 2 ? dt : dt * ratio;
      }
      const left1 = Math.max(0, config.phase1Steps - step);
      const left2 = config.steps - Math.max(step, config.phase1Steps);
      return left1 * rate1 + left2 * rate2;
    },
  };
}
