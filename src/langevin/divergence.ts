// Divergence detection: a NaN or infinity anywhere in the state ends the run with a RunError that
// names the sampler, the step and the step size, so the user knows what to change.
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
