// ULA: one Langevin move per step, no correction, x' = x - eta grad E(x) + sqrt(2 eta T) xi.
// Biased at finite step size: its stationary law is not exp(-E/T) (for a quadratic E the
// variance is off by a factor 1/(1 - eta lambda / 2)).
import type { GradientOracle } from '../energy/types.js';
import type { Rng } from '../random/rng.js';
import { checkStepParams } from './params.js';
import { evaluateState, StatePair } from './state.js';
import type { ChainState, SamplerKernel, StepParams, StepResult } from './types.js';
import { ulaMove } from './ulaMove.js';

export function ulaKernel(oracle: GradientOracle, defaults?: StepParams): SamplerKernel {
  const pair = new StatePair(oracle.dim);
  const result = { state: undefined as unknown as ChainState, info: { acceptanceRate: 1 } };
  return {
    name: 'ula',
    oracle,
    init(positions: Float64Array, n = positions.length / oracle.dim): ChainState {
      return pair.init(oracle, positions, n);
    },
    step(state: ChainState, rng: Rng, given?: StepParams): StepResult {
      const params = checkStepParams('ula', given ?? defaults, true);
      const next = pair.other(state);
      const count = state.n * state.dim;
      // The noise is drawn straight into the next position buffer, then the move overwrites it in place.
      rng.fillNormal(next.positions);
      ulaMove(state.positions, state.gradients, next.positions, count, params.stepSize, params.temperature, next.positions);
      evaluateState(oracle, next);
      result.state = next;
      return result;
    },
  };
}
