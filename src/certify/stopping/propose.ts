// Tries every stopping route and reports each one, with the reason when it does not apply.
// Every route marked `applies` has already passed the kernel's checkStoppingRoute.
import type { StoppingInput, StoppingRoute } from '../../kernel/stopping/types.js';
import { exactGaussianRoute, type ExactGaussianSearchOptions } from './exactGaussian.js';
import { klHessianLipschitzRoute } from './klHessianLipschitz.js';
import { preconditionedExactGaussianRoute } from './preconditionedGaussian.js';
import { vempalaWibisonoOptimisedRoute, vempalaWibisonoSeedRoute } from './vempalaWibisono.js';

export function proposeStoppingRoutes(input: StoppingInput, options: ExactGaussianSearchOptions = {}): StoppingRoute[] {
  return [
    vempalaWibisonoSeedRoute(input),
    vempalaWibisonoOptimisedRoute(input),
    input.preconditioner ? preconditionedExactGaussianRoute(input, options.maxSteps) : exactGaussianRoute(input, options),
    klHessianLipschitzRoute(input),
  ];
}

/**
 * The applicable KL route with the fewest steps (the earlier route wins a tie), or undefined if none
 * applies. A TV route bounds another metric: it is never the answer to the KL question.
 */
export function bestRoute(routes: readonly StoppingRoute[]): StoppingRoute | undefined {
  let best: StoppingRoute | undefined;
  for (const route of routes) {
    if (!route.applies || route.steps === undefined || (route.metric ?? 'KL') !== 'KL') continue;
    if (best === undefined || route.steps < best.steps!) best = route;
  }
  return best;
}
