// The shapes every sampler shares, in BlackJAX's style: a kernel is `init` plus `step`, the state
// caches what the next step needs (positions, energies, gradients) in batched typed arrays.
import type { GradientOracle } from '../energy/types.js';
import type { Rng } from '../random/rng.js';

/** n particles in dimension dim. positions[i*dim + j] is coordinate j of particle i;
 *  energies[i] = E(x_i) and gradients[i*dim + j] = dE/dx_j (x_i) at those positions. */
export interface ChainState {
  readonly positions: Float64Array;
  readonly energies: Float64Array;
  readonly gradients: Float64Array;
  readonly n: number;
  readonly dim: number;
}

/** The step convention: x' = x - stepSize * grad E(x) + sqrt(2 * stepSize * temperature) * xi, xi ~ N(0, I). */
export interface StepParams {
  readonly stepSize: number;
  readonly temperature: number;
}

/** Diagnostics of one step. acceptanceRate is the fraction of proposals accepted (1 for ULA and flow). */
export interface StepInfo {
  acceptanceRate: number;
}

export interface StepResult {
  readonly state: ChainState;
  readonly info: StepInfo;
}

export type SamplerName = 'ula' | 'mala' | 'flow';
export const SAMPLER_NAMES: readonly SamplerName[] = ['ula', 'mala', 'flow'];

/**
 * A sampler bound to one gradient oracle. Kernels own two state buffers and alternate between them,
 * so a step allocates nothing: the state a step returns is valid until the step after next
 * overwrites it (copy it with `cloneState` to keep it).
 */
export interface SamplerKernel {
  readonly name: SamplerName;
  readonly oracle: GradientOracle;
  /** Evaluates the oracle at `positions` (n * dim values, copied; n defaults to length / dim). */
  init(positions: Float64Array, n?: number): ChainState;
  /** One step; `params` defaults to the ones the kernel was created with. */
  step(state: ChainState, rng: Rng, params?: StepParams): StepResult;
}
