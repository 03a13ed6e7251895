// The deterministic gradient flow, explicit Euler: x' = x - eta * grad E(x). No noise, no temperature.
// emcert refutes any Lyapunov certificate for it (proofs/gradient-flow.md: started at pi it leaves
// pi, so KL to pi is not non-increasing); it is here to show why.
import type { GradientOracle } from '../energy/types.js';
import type { Rng } from '../random/rng.js';
import { checkStepParams } from './params.js';
import { evaluateState, StatePair } from './state.js';
import type { ChainState, SamplerKernel, StepParams, StepResult } from './types.js';

export function gradientFlowKernel(oracle: GradientOracle, defaults?: StepParams): SamplerKernel {
  const pair = new StatePair(oracle.dim);
  const result = { state: undefined as unknown as ChainState, info: { acceptanceRate: 1 } };
  return {
    name: 'flow',
    oracle,
    init(positions: Float64Array, n = positions.length / oracle.dim): ChainState {
      return pair.init(oracle, positions, n);
    },
    step(state: ChainState, _rng: Rng, given?: StepParams): StepResult {
      const params = checkStepParams('flow', given ?? defaults, false);
      const next = pair.other(state);
      const x = state.positions;
      const g = state.gradients;
      const y = next.positions;
      const eta = params.stepSize;
      for (let k = 0, count = state.n * state.dim; k < count; k++) y[k] = x[k]! - eta * g[k]!;
      evaluateState(oracle, next);
      result.state = next;
      return result;
    },
  };
}
