// Quality of a trained energy against its data set: sample the model with its own sampling block
// through the shared engine, then compare with fresh data (MMD, sliced W2, KSD, mode coverage), and
// report the same measures between two fresh data sets (the floor a perfect model would reach).
import { parseInit } from '../cli/parse.js';
import { kernelSteinDiscrepancy, mmd, modeCoverage, slicedWasserstein2, type ModeCoverage } from '../diagnostics/index.js';
import { loadEnergySpec } from '../energy/spec.js';
import type { GradientOracle } from '../energy/types.js';
import { assertMoved, initialPositions, runChain, type SamplerName } from '../langevin/index.js';
import { batchedOracle } from '../langevin/oracles/batched.js';
import { createRng } from '../random/rng.js';
import { InputError } from '../util/errors.js';
import { checkDatasetName, EIGHT_GAUSSIANS_STD, eightGaussianCenters, sampleDataset, type DatasetName } from './datasets.js';

export interface EvaluateOptions {
  readonly spec: string;
  readonly dataset: string;
  readonly particles: number;
  readonly seed: number;
  readonly backend?: 'float64' | 'tfjs';
  readonly projections?: number;
}

export interface QualityMeasures {
  readonly mmd2: number;
  readonly slicedW2: number;
  readonly modes?: ModeCoverage;
}

export interface EvaluationReport {
  readonly dataset: DatasetName;
  readonly particles: number;
  readonly seed: number;
  readonly sampling: { sampler: SamplerName; stepSize: number; steps: number; init: string; temperature: number };
  /** Model samples against fresh data. */
  readonly model: QualityMeasures & { readonly ksd: number };
  /** Fresh data against fresh data: what a perfect sampler would score at this sample size
   *  (its ksd is that of the data under the model's score: how well the score fits the data). */
  readonly floor: QualityMeasures & { readonly ksd: number };
  readonly samplingSeconds: number;
}

/** An 8gaussians sample is near a mode within 1.0 = 2.83 mode standard deviations, which holds
 *  1 - exp(-2.83^2 / 2) = 98.2% of a 2D Gaussian's mass: data itself scores about 0.98. */
export const MODE_RADIUS = 2.83 * EIGHT_GAUSSIANS_STD;

export async function evaluateModel(opts: EvaluateOptions): Promise<{ report: EvaluationReport; samples: Float64Array }> {
  const dataset = checkDatasetName(opts.dataset);
  const loaded = loadEnergySpec(opts.spec);
  const energy = loaded.energy;
  if (energy.dim !== 2) throw new InputError(`--energy ${opts.spec}: the toy data sets are 2D, the energy has dimension ${energy.dim}`);
  const s = loaded.sampling;
  if (!s) throw new InputError(`--energy ${opts.spec}: has no sampling block (evaluate samples a model with its own defaults)`);
  const init = parseInit(`${opts.spec}: sampling.init`, s.init);
  let oracle: GradientOracle = batchedOracle(energy);
  let dispose = () => {};
  if (opts.backend === 'tfjs') {
    const { initTf, tfjsOracle } = await import('../energy/tfjs.js');
    await initTf();
    const o = tfjsOracle(energy);
    oracle = o;
    dispose = () => o.dispose();
  }
  const rng = createRng(opts.seed);
  const samplingRng = rng.fork();
  const dataRng = rng.fork();
  const projRng = rng.fork();
  let run;
  try {
    const positions = initialPositions({ dim: 2, particles: opts.particles, init, rng: samplingRng });
    run = runChain({ kernel: s.sampler, oracle, positions, steps: s.steps, stepSize: s.stepSize, temperature: s.temperature, rng: samplingRng });
  } finally {
    dispose();
  }
  assertMoved(s.sampler, run.acceptanceRate, s.steps, s.stepSize);
  const samples = run.state.positions.slice();
  const dataA = sampleDataset(dataset, opts.particles, dataRng);
  const dataB = sampleDataset(dataset, opts.particles, dataRng);
  const projections = opts.projections ?? 200;
  // The score of the target exp(-E/T) is -grad E / T.
  const scoreAt = (x: Float64Array): Float64Array => {
    const g = energy.gradientBatch(x, x.length / 2);
    return g.map((v) => -v / s.temperature);
  };
  const measures = (x: Float64Array): QualityMeasures & { ksd: number } => ({
    mmd2: mmd(x, dataA, 2).mmd2,
    slicedW2: slicedWasserstein2(x, dataA, 2, projRng, projections),
    ksd: kernelSteinDiscrepancy(x, scoreAt(x), 2),
    ...(dataset === '8gaussians' ? { modes: modeCoverage(x, 2, eightGaussianCenters(), MODE_RADIUS) } : {}),
  });
  return {
    samples,
    report: {
      dataset,
      particles: opts.particles,
      seed: opts.seed,
      sampling: { sampler: s.sampler, stepSize: s.stepSize, steps: s.steps, init: s.init, temperature: s.temperature },
      model: measures(samples),
      floor: measures(dataB),
      samplingSeconds: run.seconds,
    },
  };
}
