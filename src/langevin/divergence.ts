// Divergence detection. A NaN or infinity anywhere in the state ends the run with a RunError that
// names the sampler, the step and the step size, so the user knows what to change. That alone misses
// the common blow-up: with a step just above stability (H = 1.01 on |x|^2) the chain grows by a few
// per cent a step and stays finite for tens of thousands of steps, ending at E ~ 1e19 with exit 0.
// So the mean energy is watched too (BlowUpWatch): rising far above where it started is divergence.
// A MALA run that (almost) never accepts has not moved from its initial draws (assertMoved).
import { RunError } from '../util/errors.js';
import type { ChainState } from './types.js';

/** The first non-finite entry of the state, or undefined when every entry is finite. */
export function findNonFinite(s: ChainState): { what: 'position' | 'energy' | 'gradient'; particle: number } | undefined {
  const d = s.dim;
  for (let k = 0; k < s.positions.length; k++) if (!Number.isFinite(s.positions[k]!)) return { what: 'position', particle: Math.floor(k / d) };
  for (let i = 0; i < s.n; i++) if (!Number.isFinite(s.energies[i]!)) return { what: 'energy', particle: i };
  for (let k = 0; k < s.gradients.length; k++) if (!Number.isFinite(s.gradients[k]!)) return { what: 'gradient', particle: Math.floor(k / d) };
  return undefined;
}

export function assertFinite(sampler: string, s: ChainState, step: number, stepSize: number): void {
  const bad = findNonFinite(s);
  if (!bad) return;
  if (step === 0)
    throw new RunError(`${sampler}: non-finite ${bad.what} at the initial positions (particle ${bad.particle}); check --init and the energy`);
  throw new RunError(
    `${sampler} diverged at step ${step} (step size ${stepSize}): non-finite ${bad.what} (particle ${bad.particle}); try a smaller --step-size`,
  );
}

/** A mean energy this many times its scale above its lowest value so far is a blow-up (4 orders of magnitude). */
export const BLOW_UP_FACTOR = 1e4;

/**
 * Watches the mean energy of a run. Its scale is the larger of (initial mean energy - lowest mean
 * energy so far) and dim * T (the thermal spread of the energy at equilibrium, dim/2 * T for a
 * Gaussian); a chain that converges stays within a few scales of its lowest mean energy, one that
 * diverges grows geometrically. check() throws a RunError once the mean energy exceeds the lowest
 * value by `factor` scales. Offsets of the energy do not matter (only differences enter).
 */
export class BlowUpWatch {
  private readonly initial: number;
  private lowest: number;
  private readonly thermal: number;

  constructor(
    private readonly sampler: string,
    private readonly stepSize: number,
    initialMeanEnergy: number,
    dim: number,
    temperature: number,
    private readonly factor = BLOW_UP_FACTOR,
  ) {
    this.initial = initialMeanEnergy;
    this.lowest = initialMeanEnergy;
    this.thermal = dim * (Number.isFinite(temperature) && temperature > 0 ? temperature : 1);
  }

  check(meanEnergy: number, step: number): void {
    if (meanEnergy < this.lowest) this.lowest = meanEnergy;
    const scale = Math.max(this.initial - this.lowest, this.thermal);
    if (meanEnergy - this.lowest > this.factor * scale)
      throw new RunError(
        `${this.sampler} diverged at step ${step} (step size ${this.stepSize}): the mean energy grew from ${fmt(this.initial)} to ${fmt(meanEnergy)} ` +
          `(still finite, but more than ${fmt(this.factor)} times its scale ${fmt(scale)}); try a smaller --step-size`,
      );
  }
}

/** MALA accepting fewer proposals than this (on average over the steps) has not moved. */
export const MIN_ACCEPTANCE = 0.01;

/** Throws a RunError when a MALA run accepted under MIN_ACCEPTANCE of its proposals: its "samples" are
 *  (nearly) the initial draws. ULA and the flow always move (acceptance 1). */
export function assertMoved(sampler: string, acceptanceRate: number, steps: number, stepSize: number): void {
  if (sampler !== 'mala' || steps === 0 || acceptanceRate >= MIN_ACCEPTANCE) return;
  throw new RunError(
    `mala did not move: it accepted ${(100 * acceptanceRate).toFixed(2)}% of its proposals over ${steps} steps (under ${100 * MIN_ACCEPTANCE}%), ` +
      `so the chains are still at their initial draws; try a smaller --step-size than ${stepSize}`,
  );
}

const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(3))));
