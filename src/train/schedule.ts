// The temperature ramp of Energy Matching (reference utils_2D.py `temperature`): no noise before
// tau*, a linear ramp to eps_max on [tau*, 1), eps_max from t = 1 on.
export function rampTemperature(t: number, tauStar: number, epsMax: number): number {
  if (t < tauStar) return 0;
  if (t >= 1) return epsMax;
  return (epsMax * (t - tauStar)) / (1 - tauStar);
}

/** The reference's optional phase-2 flow weighting (utils_2D.py `flow_weight_schedule`): 1 before
 *  tau*, decaying linearly to 0 at t = 1, so near the data the contrastive term shapes the energy. */
export function flowWeight(t: number, tauStar: number): number {
  if (t < tauStar) return 1;
  if (t >= 1) return 0;
  return 1 - (t - tauStar) / (1 - tauStar);
}

/** The flow term's weight at `step` (1-based): flowWeight through phase 1 and the first `a` of phase
 *  2, linear to 0 at fraction `b` of phase 2, then 0 (config.flowFade = [a, b]; a >= 1: never faded). */
export function flowWeightAt(config: { readonly steps: number; readonly phase1Steps: number; readonly flowWeight: number; readonly flowFade: readonly [number, number] }, step: number): number {
  const [a, b] = config.flowFade;
  if (a >= 1 || step <= config.phase1Steps) return config.flowWeight;
  const f = (step - config.phase1Steps) / Math.max(1, config.steps - config.phase1Steps);
  if (f <= a) return config.flowWeight;
  if (f >= b) return 0;
  return config.flowWeight * (1 - (f - a) / (b - a));
}
