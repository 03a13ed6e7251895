// Persistent negatives (a replay buffer, Du and Mordatch 2019): a pool of Langevin chains that
// survive across training steps. Each phase-2 step draws some chains, restarts a few of them at
// fresh prior samples, advances them K steps on the current energy and stores them back, so the
// negatives approach pi = exp(-E/T) itself instead of the end of a short run from fixed starts
// (short-run chains never cross between modes, so CD cannot see the relative well depths).
import type { GradientOracle } from '../energy/types.js';
import { findNonFinite, malaKernel, ulaKernel } from '../langevin/index.js';
import type { SamplerKernel } from '../langevin/types.js';
import type { Rng } from '../random/rng.js';
import { RunError } from '../util/errors.js';

export type NegativeSampler = 'mala' | 'ula';
export const NEGATIVE_SAMPLERS: readonly NegativeSampler[] = ['mala', 'ula'];

export class ReplayBuffer {
  readonly capacity: number;

  /** positions: capacity * dim numbers, the chains' current states (owned by the buffer). */
  constructor(
    readonly dim: number,
    readonly positions: Float64Array,
  ) {
    if (positions.length === 0 || positions.length % dim !== 0) throw new RangeError(`ReplayBuffer: ${positions.length} numbers is not a positive multiple of dim ${dim}`);
    this.capacity = positions.length / dim;
  }

  /** n distinct chain indices, uniformly (Floyd's algorithm: n uniforms, no state beyond the rng). */
  pick(n: number, rng: Rng): number[] {
    if (!Number.isInteger(n) || n < 1 || n > this.capacity) throw new RangeError(`ReplayBuffer.pick: n ${n} must be in [1, ${this.capacity}]`);
    const chosen = new Set<number>();
    for (let j = this.capacity - n; j < this.capacity; j++) {
      const t = Math.floor(rng.uniform() * (j + 1));
      chosen.add(chosen.has(t) ? j : t);
    }
    return [...chosen];
  }

  /** The positions of the given chains, [indices.length, dim] (a copy). */
  gather(indices: readonly number[]): Float64Array {
    const d = this.dim;
    const out = new Float64Array(indices.length * d);
    indices.forEach((c, i) => out.set(this.positions.subarray(c * d, (c + 1) * d), i * d));
    return out;
  }

  store(indices: readonly number[], positions: Float64Array): void {
    const d = this.dim;
    indices.forEach((c, i) => this.positions.set(positions.subarray(i * d, (i + 1) * d), c * d));
  }
}

export interface PersistentStep {
  readonly sampler: NegativeSampler;
  /** Chains drawn per training step. */
  readonly count: number;
  /** Sampler steps each drawn chain advances. */
  readonly steps: number;
  readonly stepSize: number;
  /** The model's temperature: the chains target exp(-E/T). */
  readonly temperature: number;
  /** Chance that a drawn chain restarts at a fresh prior sample first. */
  readonly restartProbability: number;
  readonly priorStd: number;
}

/** One kernel per oracle: the kernels keep their scratch between steps. */
export function negativeKernel(oracle: GradientOracle, sampler: NegativeSampler): SamplerKernel {
  return sampler === 'mala' ? malaKernel(oracle) : ulaKernel(oracle);
}

/**
 * Draws s.count chains, restarts some, advances them and stores them back; returns their new
 * positions (the negatives) and the mean acceptance rate (1 for ULA). The random stream consumed
 * depends only on the counts, never on the outcomes (restart draws and fresh samples are taken
 * for every drawn chain).
 */
export function advancePersistentChains(buffer: ReplayBuffer, kernel: SamplerKernel, s: PersistentStep, rng: Rng): { negatives: Float64Array; acceptance: number } {
  const d = buffer.dim;
  const indices = buffer.pick(s.count, rng);
  const x = buffer.gather(indices);
  const restart = new Float64Array(s.count);
  rng.fillUniform(restart);
  const fresh = new Float64Array(s.count * d);
  rng.fillNormal(fresh);
  for (let i = 0; i < s.count; i++)
    if (restart[i]! < s.restartProbability) for (let k = 0; k < d; k++) x[i * d + k] = s.priorStd * fresh[i * d + k]!;
  let state = kernel.init(x, s.count);
  let accepted = 0;
  for (let k = 0; k < s.steps; k++) {
    const r = kernel.step(state, rng, { stepSize: s.stepSize, temperature: s.temperature });
    state = r.state;
    accepted += r.info.acceptanceRate;
    const bad = findNonFinite(state);
    if (bad) throw new RunError(`training negatives diverged at persistent ${s.sampler} step ${k + 1} (step size ${s.stepSize}): non-finite ${bad.what}; lower --lr`);
  }
  const negatives = state.positions.slice(0, s.count * d);
  buffer.store(indices, negatives);
  return { negatives, acceptance: s.steps > 0 ? accepted / s.steps : 1 };
}
