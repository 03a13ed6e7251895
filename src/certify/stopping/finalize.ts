// Turns a producer's (h, N) into a route the kernel accepts: the engine runs eta = h / T, so the
// route is re-expressed at h = eta * T, and a candidate that misses by rounding gets a few more steps.
import { checkStoppingRoute } from '../../kernel/stopping/check.js';
import { ROUTE_THEOREMS, type StoppingInput, type StoppingRoute, type StoppingRouteName } from '../../kernel/stopping/types.js';

export function notApplicable(route: StoppingRouteName, reason: string): StoppingRoute {
  return { route, theorem: ROUTE_THEOREMS[route], applies: false, reason };
}

/**
 * The route at f-unit step `h` with the step count stepsFor(h_engine) (h_engine = (h / T) * T as the
 * kernel reads it), bumped by up to `extraTries` steps until the kernel accepts it; null if it never does.
 */
export function kernelCheckedRoute(
  route: StoppingRouteName,
  input: StoppingInput,
  h: number,
  stepsFor: (h: number) => number | null,
  extraTries = 3,
): StoppingRoute | null {
  const stepSize = h / input.temperature;
  const hEngine = stepSize * input.temperature;
  const first = stepsFor(hEngine);
  if (first === null || !Number.isSafeInteger(first)) return null;
  for (let steps = first; steps <= first + extraTries; steps++) {
    const candidate: StoppingRoute = { route, theorem: ROUTE_THEOREMS[route], applies: true, stepSize, h: hEngine, steps };
    if (checkStoppingRoute(candidate, input).ok) return candidate;
  }
  return null;
}

/**
 * Why kernelCheckedRoute returned null, in words: no admissible step, a step count too large to be
 * a stopping rule at all (beyond 2^53, where the count is not even an exact float64 integer), or rounding.
 */
export function whyNoRoute(input: StoppingInput, h: number, stepsFor: (h: number) => number | null, what: string): string {
  const hEngine = (h / input.temperature) * input.temperature;
  const first = stepsFor(hEngine);
  if (first === null) return `no admissible step size for eps = ${input.epsilon} (the bias term alone exceeds it)`;
  if (!Number.isSafeInteger(first))
    return `would need ${Number.isFinite(first) ? `about ${first.toExponential(1)}` : 'more than 1.8e+308'} steps (beyond 2^53): no usable stopping rule`;
  return `the kernel did not accept the ${what} step count (rounding)`;
}
