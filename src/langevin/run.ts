// runChain: N steps of a kernel with per-step statistics, divergence detection (non-finite values and
// a mean energy that blows up while finite) and a progress bar.
// Everything random comes from the given rng, so a seed reproduces a run bit for bit.
import type { GradientOracle } from '../energy/types.js';
import type { Rng } from '../random/rng.js';
import { createProgress } from '../util/progress.js';
import { assertFinite, BLOW_UP_FACTOR, BlowUpWatch } from './divergence.js';
import { samplerKernel } from './kernels.js';
import type { ChainState, SamplerKernel, SamplerName } from './types.js';

export interface ChainStats {
  /** Steps done so far (0 is the initial state). */
  readonly step: number;
  readonly meanEnergy: number;
  /** Fraction of proposals accepted at this step (1 for ULA and the flow). */
  readonly acceptanceRate: number;
  /** The live state: read it inside the callback, copy it (cloneState) to keep it. */
  readonly state: ChainState;
}

export interface RunChainOptions {
  /** A kernel, or a sampler name together with `oracle`. */
  readonly kernel: SamplerKernel | SamplerName;
  readonly oracle?: GradientOracle;
  /** n * dim starting coordinates (row-major); copied, not modified. */
  readonly positions: Float64Array;
  readonly steps: number;
  readonly stepSize: number;
  /** T > 0 (ignored by the gradient flow). */
  readonly temperature: number;
  readonly rng: Rng;
  /** Called at step 0 and then every `observeEvery` steps and at the last step. */
  readonly observer?: (stats: ChainStats) => void;
  readonly observeEvery?: number;
  /** Draw a progress bar on stderr (only on a terminal, and not when quiet). */
  readonly progress?: { readonly label?: string; readonly quiet?: boolean };
  /** A mean energy this many scales above its lowest value is divergence (BlowUpWatch; default
   *  BLOW_UP_FACTOR = 1e4; Infinity turns the check off, leaving only the non-finite check). */
  readonly blowUpFactor?: number;
}

export interface RunChainResult {
  readonly state: ChainState;
  readonly steps: number;
  /** Mean over steps of the per-step acceptance rate (1 for ULA and the flow). */
  readonly acceptanceRate: number;
  readonly meanEnergy: number;
  readonly seconds: number;
}

export function meanOf(values: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i]!;
  return s / n;
}

export function runChain(opts: RunChainOptions): RunChainResult {
  const kernel = typeof opts.kernel === 'string' ? samplerKernel(opts.kernel, requireOracle(opts)) : opts.kernel;
  const { steps, stepSize, temperature, rng, observer } = opts;
  const dim = kernel.oracle.dim;
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`runChain: steps must be a non-negative integer, got ${steps}`);
  if (opts.positions.length === 0 || opts.positions.length % dim !== 0)
    throw new RangeError(`runChain: positions has ${opts.positions.length} entries, not a positive multiple of the dimension ${dim}`);
  const every = opts.observeEvery ?? 1;
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`runChain: observeEvery must be a positive integer, got ${every}`);
  const params = { stepSize, temperature };
  const n = opts.positions.length / dim;

  const started = performance.now();
  let state = kernel.init(opts.positions, n);
  assertFinite(kernel.name, state, 0, stepSize);
  const initialMean = meanOf(state.energies, n);
  observer?.({ step: 0, meanEnergy: initialMean, acceptanceRate: 1, state });
  const blowUpFactor = opts.blowUpFactor ?? BLOW_UP_FACTOR;
  const watch = blowUpFactor < Infinity ? new BlowUpWatch(kernel.name, stepSize, initialMean, dim, temperature, blowUpFactor) : undefined;

  const bar = opts.progress ? createProgress(opts.progress.label ?? kernel.name, steps, { quiet: opts.progress.quiet }) : undefined;
  const barEvery = Math.max(1, Math.floor(steps / 200));
  let acceptanceSum = 0;
  try {
    for (let k = 1; k <= steps; k++) {
      const r = kernel.step(state, rng, params);
      state = r.state;
      acceptanceSum += r.info.acceptanceRate;
      assertFinite(kernel.name, state, k, stepSize);
      const meanEnergy = meanOf(state.energies, n);
      watch?.check(meanEnergy, k);
      if (observer && (k % every === 0 || k === steps)) observer({ step: k, meanEnergy, acceptanceRate: r.info.acceptanceRate, state });
      if (bar && (k % barEvery === 0 || k === steps)) bar.update(k, { 'mean E': meanEnergy });
    }
  } finally {
    bar?.stop();
  }
  return {
    state,
    steps,
    acceptanceRate: steps > 0 ? acceptanceSum / steps : 1,
    meanEnergy: meanOf(state.energies, n),
    seconds: (performance.now() - started) / 1000,
  };
}

function requireOracle(opts: RunChainOptions): GradientOracle {
  if (!opts.oracle) throw new RangeError(`runChain: sampler ${String(opts.kernel)} given by name needs an oracle`);
  return opts.oracle;
}
