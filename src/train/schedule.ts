// The temperature ramp of Energy Matching (reference utils_2D.py `temperature`): no noise before
// tau*, a linear ramp to eps_max on [tau*, 1), eps_max from t = 1 on.
export function rampTemperature(t: number, tauStar: number, epsMax: number): number {
  if (t < tauStar) return 0;
  if (t >= 1) return epsMax;
  return (epsMax * (t - tauStar)) / (1 - tauStar);
}
