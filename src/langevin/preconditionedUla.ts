// Preconditioned ULA with a constant P = C C^T (C lower-triangular):
//   x' = x - eta P grad E(x) + sqrt(2 eta T) C xi,   xi ~ N(0, I),
// so the noise has covariance 2 eta T P. With x = C y this is plain ULA on g(y) = E(C y)
// (proofs/stopping-preconditioned.md), which is what the stopping certificates are about.
import type { GradientOracle } from '../energy/types.js';
import type { Rng } from '../random/rng.js';
import { checkStepParams } from './params.js';
import { factorProblem, type Factor } from './preconditioner.js';
import { evaluateState, StatePair } from './state.js';
import type { ChainState, SamplerKernel, StepParams, StepResult } from './types.js';

/**
 * Writes x' = x - eta C (C^T grad) + sqrt(2 eta T) C noise into `out` for n particles (row-major).
 * `noise` holds standard normals and may not alias `out`.
 */
export function preconditionedUlaMove(
  factor: Factor,
  positions: Float64Array,
  gradients: Float64Array,
  noise: Float64Array,
  n: number,
  stepSize: number,
  temperature: number,
  out: Float64Array,
): void {
  const d = factor.length;
  const sigma = Math.sqrt(2 * stepSize * temperature);
  const w = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    const o = p * d;
    // w = C^T grad (C lower-triangular: column i has entries at rows k >= i).
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = i; k < d; k++) s += factor[k]![i]! * gradients[o + k]!;
      w[i] = s;
    }
    // x' = x + C (-eta w + sigma xi).
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k <= i; k++) s += factor[i]![k]! * (sigma * noise[o + k]! - stepSize * w[k]!);
      out[o + i] = positions[o + i]! + s;
    }
  }
}

export function preconditionedUlaKernel(oracle: GradientOracle, factor: Factor, defaults?: StepParams): SamplerKernel {
  const bad = factorProblem(factor, oracle.dim);
  if (bad) throw new RangeError(`preconditionedUlaKernel: factor ${bad}`);
  for (let i = 0; i < oracle.dim; i++) for (let j = i + 1; j < oracle.dim; j++) {
    if (factor[i]![j] !== 0) throw new RangeError(`preconditionedUlaKernel: factor must be lower-triangular (entry (${i + 1}, ${j + 1}) is ${factor[i]![j]})`);
  }
  const pair = new StatePair(oracle.dim);
  let noise = new Float64Array(0);
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
      if (noise.length !== count) noise = new Float64Array(count);
      rng.fillNormal(noise);
      preconditionedUlaMove(factor, state.positions, state.gradients, noise, state.n, params.stepSize, params.temperature, next.positions);
      evaluateState(oracle, next);
      result.state = next;
      return result;
    },
  };
}
