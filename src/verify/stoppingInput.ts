// The stopping question rebuilt from established constants, the same way for producers and verify.
import type { ExactQuadratic } from '../kernel/checks/quadratic.js';
import type { StoppingInput } from '../kernel/stopping/types.js';

export interface StoppingFacts {
  readonly dim: number;
  readonly temperature: number;
  readonly epsilon: number;
  readonly init: { readonly mean: number; readonly std: number };
  readonly alpha: number;
  /** Infinity when no smoothness bound is established. */
  readonly smoothness: number;
  /** Infinity when no KL_0 bound is established. */
  readonly kl0: number;
  /** m with hess f >= m I everywhere, or null. */
  readonly strongConvexity: number | null;
  /** The kernel's proof that f is exactly quadratic, or null. */
  readonly quadratic: ExactQuadratic | null;
}

export function stoppingInputFor(f: StoppingFacts): StoppingInput {
  return {
    dim: f.dim,
    temperature: f.temperature,
    epsilon: f.epsilon,
    init: { mean: f.init.mean, std: f.init.std },
    alpha: f.alpha,
    smoothness: f.smoothness,
    kl0: f.kl0,
    ...(f.strongConvexity !== null ? { strongConvexity: f.strongConvexity } : {}),
    ...(f.quadratic ? { quadratic: f.quadratic } : {}),
  };
}
