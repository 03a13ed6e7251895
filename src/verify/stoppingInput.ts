// The stopping question rebuilt from established constants, the same way for producers and verify.
import type { ExactQuadratic } from '../kernel/checks/quadratic.js';
import type { StoppingInput } from '../kernel/stopping/types.js';

/** StoppingInput with the optional evidence spelled out: null when it is not established. */
export type StoppingFacts = Omit<StoppingInput, 'strongConvexity' | 'quadratic' | 'preconditioner'> & {
  /** C of P = C C^T for preconditioned ULA (then alpha, smoothness, strongConvexity are g's). */
  readonly preconditioner?: readonly (readonly number[])[];
  /** m with hess f >= m I everywhere, or null. */
  readonly strongConvexity: number | null;
  /** The kernel's proof that f is exactly quadratic, or null. */
  readonly quadratic: ExactQuadratic | null;
};

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
    ...(f.preconditioner !== undefined ? { preconditioner: f.preconditioner } : {}),
    ...(f.model !== undefined ? { model: f.model } : {}),
  };
}
