// MALA: the ULA move as a proposal, then an exact Metropolis-Hastings accept/reject per particle,
// so pi ∝ exp(-E/T) is exactly invariant at any step size:
//   log a = -(E(y) - E(x)) / T + log q(x | y) - log q(y | x),   accept when log u < log a.
// A NaN anywhere in the ratio means reject (the comparison is false), as in BlackJAX.
import type { GradientOracle } from '../energy/types.js';
import type { Rng } from '../random/rng.js';
import { checkStepParams } from './params.js';
import { evaluateState, StatePair } from './state.js';
import type { ChainState, SamplerKernel, StepParams, StepResult } from './types.js';
import { ulaLogProposalDensity, ulaMove } from './ulaMove.js';

export function malaKernel(oracle: GradientOracle, defaults?: StepParams): SamplerKernel {
  const dim = oracle.dim;
  const pair = new StatePair(dim);
  let uniforms = new Float64Array(0);
  const result = { state: undefined as unknown as ChainState, info: { acceptanceRate: 1 } };
  return {
    name: 'mala',
    oracle,
    init(positions: Float64Array, n = positions.length / oracle.dim): ChainState {
      const s = pair.init(oracle, positions, n);
      if (uniforms.length !== n) uniforms = new Float64Array(n);
      return s;
    },
    step(state: ChainState, rng: Rng, given?: StepParams): StepResult {
      const params = checkStepParams('mala', given ?? defaults, true);
      const { stepSize: eta, temperature: T } = params;
      const next = pair.other(state);
      const n = state.n;
      // Proposal y for every particle, written into the next buffer and evaluated there.
      rng.fillNormal(next.positions);
      ulaMove(state.positions, state.gradients, next.positions, n * dim, eta, T, next.positions);
      evaluateState(oracle, next);
      // One uniform per particle, drawn whatever the outcome, so the stream does not depend on it.
      rng.fillUniform(uniforms);
      const x = state.positions;
      const y = next.positions;
      let accepted = 0;
      for (let i = 0; i < n; i++) {
        const o = i * dim;
        const logForward = ulaLogProposalDensity(y, x, state.gradients, o, dim, eta, T);
        const logBackward = ulaLogProposalDensity(x, y, next.gradients, o, dim, eta, T);
        const logAlpha = -(next.energies[i]! - state.energies[i]!) / T + logBackward - logForward;
        if (Math.log(uniforms[i]!) < logAlpha) {
          accepted++;
        } else {
          // Rejected (including a NaN ratio): the particle stays where it was.
          for (let j = o; j < o + dim; j++) {
            y[j] = x[j]!;
            next.gradients[j] = state.gradients[j]!;
          }
          next.energies[i] = state.energies[i]!;
        }
      }
      result.info.acceptanceRate = accepted / n;
      result.state = next;
      return result;
    },
  };
}
