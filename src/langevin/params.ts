// Validation of step parameters, shared by every kernel (cheap enough to run on every step).
import type { StepParams } from './types.js';

/** The parameters of this step (given, else the kernel's defaults), checked. */
export function checkStepParams(sampler: string, p: StepParams | undefined, needsTemperature: boolean): StepParams {
  if (!p) throw new RangeError(`${sampler}: no step size given (pass params to step, or defaults to the kernel)`);
  if (!(p.stepSize > 0) || !Number.isFinite(p.stepSize))
    throw new RangeError(`${sampler}: step size must be a positive finite number, got ${p.stepSize}`);
  if (needsTemperature && (!(p.temperature > 0) || !Number.isFinite(p.temperature)))
    throw new RangeError(`${sampler}: temperature must be a positive finite number, got ${p.temperature}`);
  return p;
}
