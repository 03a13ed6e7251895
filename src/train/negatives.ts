// Langevin negatives for the contrastive-divergence term, drawn by the shared engine (src/langevin)
// on the current energy, with the reference's schedule (utils_2D.py `gibbs_sampler`): chains started
// at the data run at t = 1, i.e. ULA at eps_max; chains started at the prior run through
// t_k = (k+1)/steps, noise-free (the engine's gradient flow) while t_k < tau*, then ULA with the
// temperature ramp. Step k uses x' = x - dt grad E + sqrt(2 dt eps(t_k)) xi, the engine's convention.
import type { GradientOracle } from '../energy/types.js';
import { findNonFinite, gradientFlowKernel, runChain, ulaKernel } from '../langevin/index.js';
import type { Rng } from '../random/rng.js';
import { RunError } from '../util/errors.js';
import { rampTemperature } from './schedule.js';

export interface NegativeSchedule {
  readonly steps: number;
  readonly dt: number;
  readonly tauStar: number;
  readonly epsMax: number;
}

/** Runs the data-started chains; returns their final positions (a new array). */
export function dataStartedNegatives(oracle: GradientOracle, starts: Float64Array, s: NegativeSchedule, rng: Rng): Float64Array {
  if (s.steps === 0) return starts.slice();
  // Only non-finite values stop training: a negative chain's energy may spike while the network is young
  // (the mean-energy blow-up check of `emcert sample` is meant for a fixed energy).
  const r = runChain({ kernel: ulaKernel(oracle), positions: starts, steps: s.steps, stepSize: s.dt, temperature: s.epsMax, rng, blowUpFactor: Infinity });
  return r.state.positions.slice();
}

/** Runs the prior-started chains through the temperature ramp; returns their final positions. */
export function priorStartedNegatives(oracle: GradientOracle, starts: Float64Array, s: NegativeSchedule, rng: Rng): Float64Array {
  // Steps whose t_k = (k+1)/steps is below tau* have zero temperature: the gradient flow.
  let quiet = 0;
  while (quiet < s.steps && rampTemperature((quiet + 1) / s.steps, s.tauStar, s.epsMax) === 0) quiet++;
  let positions = starts;
  if (quiet > 0)
    positions = runChain({ kernel: gradientFlowKernel(oracle), positions, steps: quiet, stepSize: s.dt, temperature: 1, rng, blowUpFactor: Infinity }).state.positions;
  if (quiet === s.steps) return positions.slice();
  const ula = ulaKernel(oracle);
  let state = ula.init(positions);
  for (let k = quiet; k < s.steps; k++) {
    state = ula.step(state, rng, { stepSize: s.dt, temperature: rampTemperature((k + 1) / s.steps, s.tauStar, s.epsMax) }).state;
    const bad = findNonFinite(state);
    if (bad) throw new RunError(`training negatives diverged at Langevin step ${k + 1} (dt ${s.dt}): non-finite ${bad.what}; lower --lr`);
  }
  return state.positions.slice();
}
