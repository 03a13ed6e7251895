// Quality of a trained energy against data: sample the model with its own sampling block through the
// shared engine, then compare the samples with data (MMD, sliced W2, mode coverage) beside the same
// measures between two data samples of the same size (the floor: what a perfect model would score, the
// sampling noise at this size). The kernel Stein discrepancy needs no second sample: it scores points
// against the model's score -grad E / T, once for the samples (is the sampler right?) and once for the
// data (does the model fit?). Every measure is better lower, except the mode counts (better higher).
// The data are a built-in toy set (fresh draws) or a user's file (split in two halves, seeded).
import { parseInit } from '../cli/parse.js';
import { kernelSteinDiscrepancy, mmd, modeCoverage, slicedWasserstein2, type ModeCoverage } from '../diagnostics/index.js';
import { loadEnergySpec } from '../energy/spec.js';
import type { GradientOracle } from '../energy/types.js';
import { assertMoved, initialPositions, readSamplesFile, runChain, type SamplerName } from '../langevin/index.js';
import { batchedOracle } from '../langevin/oracles/batched.js';
import { createRng, type Rng } from '../random/rng.js';
import { InputError } from '../util/errors.js';
import { checkDatasetName, EIGHT_GAUSSIANS_STD, eightGaussianCenters, sampleDataset } from './datasets.js';

export interface EvaluateOptions {
  readonly spec: string;
  /** A built-in toy data set, or (exactly one of the two) */
  readonly dataset?: string;
  /** a samples file (.json or .csv, the format `emcert sample` writes) of the user's data. */
  readonly dataFile?: string;
  /** Samples drawn; default 1000 (for a file: at most, and by default at most, half its rows). */
  readonly particles?: number;
  readonly seed: number;
  readonly backend?: 'float64' | 'tfjs';
  /** float64 only: threads evaluating each batch (worker threads; the samples do not depend on it). Default 1. */
  readonly threads?: number;
  readonly projections?: number;
  /** Progress of the sampling run on stderr (a bar on a terminal, else a line now and then). */
  readonly progress?: { readonly quiet?: boolean };
}

export interface QualityMeasures {
  /** Unbiased MMD^2 against the data (lower is better; about 0 at the floor, can be slightly negative). */
  readonly mmd2: number;
  /** Sliced Wasserstein-2 distance to the data (lower is better). */
  readonly slicedW2: number;
  /** 8gaussians only: fraction near a mode and modes populated (higher is better). */
  readonly modes?: ModeCoverage;
}

export interface EvaluationReport {
  /** The data set's name, or the data file's path. */
  readonly dataset: string;
  readonly source: 'builtin' | 'file';
  readonly dim: number;
  readonly particles: number;
  readonly seed: number;
  readonly sampling: { sampler: SamplerName; stepSize: number; steps: number; init: string; temperature: number };
  /** Model samples against the data; ksd is the samples' KSD under the model (the sampler's error: 0
   *  when the samples follow exp(-E/T), whatever the data). */
  readonly model: QualityMeasures & { readonly ksd: number };
  /** A second data sample against the data: what a perfect model would score at this sample size. */
  readonly floor: QualityMeasures;
  /** The data's KSD under the model's score: how well the model fits the data (lower is better; it is
   *  not a floor for model.ksd, which measures something else). */
  readonly dataKsd: number;
  /** For each measure, which direction is better. */
  readonly better: Readonly<Record<'mmd2' | 'slicedW2' | 'ksd' | 'dataKsd' | 'nearFraction' | 'populated', 'lower' | 'higher'>>;
  readonly samplingSeconds: number;
}

export const BETTER: EvaluationReport['better'] = { mmd2: 'lower', slicedW2: 'lower', ksd: 'lower', dataKsd: 'lower', nearFraction: 'higher', populated: 'higher' };

/** An 8gaussians sample is near a mode within 1.0 = 2.83 mode standard deviations, which holds
 *  1 - exp(-2.83^2 / 2) = 98.2% of a 2D Gaussian's mass: data itself scores about 0.98. */
export const MODE_RADIUS = 2.83 * EIGHT_GAUSSIANS_STD;

const DEFAULT_PARTICLES = 1000;

interface DataHalves {
  readonly label: string;
  readonly source: 'builtin' | 'file';
  readonly dim: number;
  readonly particles: number;
  /** The data the samples are compared with, and the second sample for the floor (particles rows each). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly modes: boolean;
}

function dataHalves(opts: EvaluateOptions, dataRng: Rng): DataHalves {
  if ((opts.dataset === undefined) === (opts.dataFile === undefined)) throw new InputError('give exactly one of --dataset NAME (a built-in toy set) and --data FILE (your own data)');
  if (opts.dataset !== undefined) {
    const dataset = checkDatasetName(opts.dataset);
    const particles = opts.particles ?? DEFAULT_PARTICLES;
    const a = sampleDataset(dataset, particles, dataRng);
    const b = sampleDataset(dataset, particles, dataRng);
    return { label: dataset, source: 'builtin', dim: 2, particles, a, b, modes: dataset === '8gaussians' };
  }
  const file = opts.dataFile!;
  const data = readSamplesFile(file, '--data');
  const half = Math.floor(data.n / 2);
  if (half < 2) throw new InputError(`--data ${file}: holds ${data.n} samples; at least 4 are needed (half to compare with, half for the floor)`);
  if (opts.particles !== undefined && opts.particles > half)
    throw new InputError(`--particles ${opts.particles}: --data ${file} has ${data.n} samples, so at most ${half} (the other half gives the floor)`);
  const particles = opts.particles ?? Math.min(DEFAULT_PARTICLES, half);
  // A seeded shuffle of the rows, then two disjoint halves.
  const order = Array.from({ length: data.n }, (_, i) => i);
  for (let i = data.n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(dataRng.uniform() * (i + 1)));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const take = (from: number): Float64Array => {
    const out = new Float64Array(particles * data.dim);
    for (let r = 0; r < particles; r++) out.set(data.positions.subarray(order[from + r]! * data.dim, (order[from + r]! + 1) * data.dim), r * data.dim);
    return out;
  };
  return { label: file, source: 'file', dim: data.dim, particles, a: take(0), b: take(particles), modes: false };
}

export async function evaluateModel(opts: EvaluateOptions): Promise<{ report: EvaluationReport; samples: Float64Array }> {
  const rng = createRng(opts.seed);
  const samplingRng = rng.fork();
  const dataRng = rng.fork();
  const projRng = rng.fork();
  const data = dataHalves(opts, dataRng);
  const loaded = loadEnergySpec(opts.spec);
  const energy = loaded.energy;
  if (energy.dim !== data.dim)
    throw new InputError(
      data.source === 'builtin'
        ? `--energy ${opts.spec}: the toy data sets are 2D, the energy has dimension ${energy.dim}`
        : `--data ${data.label}: its samples have ${data.dim} coordinates, the energy ${opts.spec} has dimension ${energy.dim}`,
    );
  const d = energy.dim;
  const s = loaded.sampling;
  if (!s) throw new InputError(`--energy ${opts.spec}: has no sampling block (evaluate samples a model with its own defaults)`);
  const init = parseInit(`${opts.spec}: sampling.init`, s.init);
  let oracle: GradientOracle = batchedOracle(energy);
  let dispose = () => {};
  if (opts.backend !== 'tfjs' && (opts.threads ?? 1) > 1) {
    const { createParallelOracle } = await import('../langevin/oracles/parallel.js');
    const o = await createParallelOracle(energy.model, opts.threads!);
    oracle = o;
    dispose = () => o.dispose();
  } else if (opts.backend === 'tfjs') {
    const { initTf, tfjsOracle } = await import('../energy/tfjs.js');
    await initTf();
    const o = tfjsOracle(energy);
    oracle = o;
    dispose = () => o.dispose();
  }
  let run;
  try {
    const positions = initialPositions({ dim: d, particles: data.particles, init, rng: samplingRng });
    run = runChain({
      kernel: s.sampler, oracle, positions, steps: s.steps, stepSize: s.stepSize, temperature: s.temperature, rng: samplingRng,
      ...(opts.progress ? { progress: { label: `evaluate: sampling (${s.sampler})`, quiet: opts.progress.quiet ?? false } } : {}),
    });
  } finally {
    dispose();
  }
  assertMoved(s.sampler, run.acceptanceRate, s.steps, s.stepSize);
  const samples = run.state.positions.slice();
  const projections = opts.projections ?? 200;
  // The score of the target exp(-E/T) is -grad E / T.
  const ksdOf = (x: Float64Array): number => {
    const g = energy.gradientBatch(x, x.length / d);
    return kernelSteinDiscrepancy(x, g.map((v) => -v / s.temperature), d);
  };
  const measures = (x: Float64Array): QualityMeasures => ({
    mmd2: mmd(x, data.a, d).mmd2,
    slicedW2: slicedWasserstein2(x, data.a, d, projRng, projections),
    ...(data.modes ? { modes: modeCoverage(x, d, eightGaussianCenters(), MODE_RADIUS) } : {}),
  });
  return {
    samples,
    report: {
      dataset: data.label,
      source: data.source,
      dim: d,
      particles: data.particles,
      seed: opts.seed,
      sampling: { sampler: s.sampler, stepSize: s.stepSize, steps: s.steps, init: s.init, temperature: s.temperature },
      model: { ...measures(samples), ksd: ksdOf(samples) },
      floor: measures(data.b),
      dataKsd: ksdOf(data.a),
      better: BETTER,
      samplingSeconds: run.seconds,
    },
  };
}
