// Training settings and their defaults. The defaults (persistent MALA negatives at the model's
// temperature T = 1, the contrastive weight 3, 4,500 phase-2 steps with the learning rate falling to a
// tenth, the flow term faded out over the third quarter of phase 2 so the last quarter is pure
// contrastive divergence, and the weights averaged over that quarter) give 8gaussians a Gibbs measure
// with balanced modes on seeds 1-3 and a data NLL within 0.15 nats of the data's entropy (README,
// "Training the Gibbs measure"); speed: README, "Training speed".
import type { DatasetName } from './datasets.js';
import type { NegativeSampler } from './replayBuffer.js';

/** Activations a trained energy may use: smooth ones, so the result can be certified. */
export type TrainActivation = 'tanh' | 'silu' | 'softplus';
export const TRAIN_ACTIVATIONS: readonly TrainActivation[] = ['tanh', 'silu', 'softplus'];

export interface TrainConfig {
  readonly dataset: DatasetName;
  /** Total optimiser steps (phase 1 + phase 2). */
  readonly steps: number;
  /** Flow-matching-only steps before the contrastive-divergence term is added. */
  readonly phase1Steps: number;
  readonly batch: number;
  readonly hidden: readonly number[];
  readonly activation: TrainActivation;
  /** Quadratic regularizer (lambda/2)|x|^2, part of the trained and the shipped energy. */
  readonly lambda: number;
  readonly lr: number;
  /** The learning rate falls linearly over phase 2 from lr to lr * lrFinalFactor (1: constant), so the
   *  last steps average the contrastive term's noise instead of following it. */
  readonly lrFinalFactor: number;
  readonly seed: number;
  /** The prior x0 ~ N(0, priorStd^2 I); also the sampling block's init. */
  readonly priorStd: number;
  /** Gaussian width of the flow-matching interpolant (torchcfm's sigma); 0 is the plain OT interpolant. */
  readonly sigma: number;
  /** Temperature ramp: noise starts at tau*, reaches epsMax at t = 1 (reference values 0.8, 0.15). */
  readonly tauStar: number;
  readonly epsMax: number;
  /** Langevin step of the negatives (the engine's eta) and how many steps each negative chain runs
   *  (with a replay buffer: how many steps each drawn chain advances per training step). */
  readonly dt: number;
  readonly negativeSteps: number;
  /** Negatives per phase-2 step (short-run: half started at data, half at the prior); the positives match. */
  readonly negatives: number;
  /** Persistent chains in the replay buffer; 0: short-run negatives (the reference's recipe, with the
   *  temperature ramp to epsMax). With a buffer the chains target exp(-E/samplingTemperature). */
  readonly replayBuffer: number;
  /** Chance that a drawn persistent chain restarts at a fresh prior sample (Du and Mordatch: 5%). */
  readonly restartProbability: number;
  /** The persistent chains' sampler: MALA (exactly pi-invariant) or ULA. */
  readonly negativeSampler: NegativeSampler;
  /** Temperature of the sampling block and the model's temperature: the Gibbs measure exp(-E/T) that
   *  `emcert sample` targets and the persistent negatives sample. T = 1 rather than the reference's
   *  0.15 or the old 0.05: barriers in E/T are lower, the chains cross between modes and the
   *  contrastive term can balance the well depths (measured, README). */
  readonly samplingTemperature: number;
  readonly flowWeight: number;
  /** Fractions [a, b] of phase 2: the flow term's weight is flowWeight until a, then falls linearly to
   *  0 at b and stays 0, so the last steps are pure contrastive divergence (the gradient of the data's
   *  NLL under pi), whose optimum, unlike flow matching's, is the maximum-likelihood fit. a >= 1: no fade. */
  readonly flowFade: readonly [number, number];
  /** In phase 2, weight each flow-matching pair by the reference's schedule w(t) (1 before tau*, to 0 at t = 1). */
  readonly flowWeighting: boolean;
  /** Fraction of phase 2 from which the weights are averaged uniformly (Polyak-Ruppert) into the
   *  shipped weights; >= 1: the last step's weights (src/train/weightAverage.ts). */
  readonly averageFrom: number;
  readonly cdWeight: number;
  /** Exact OT is solved on blocks of at most this many pairs (cost grows as the cube). */
  readonly otBlock: number;
  /** Write a checkpoint every this many steps (0: none). */
  readonly checkpointEvery: number;
  /** Append a log record every this many steps. */
  readonly logEvery: number;
}

export const DEFAULT_TRAIN_CONFIG: Omit<TrainConfig, 'dataset'> = {
  steps: 5000,
  phase1Steps: 500,
  batch: 256,
  hidden: [64, 64],
  activation: 'tanh',
  lambda: 0.1,
  lr: 2e-3,
  lrFinalFactor: 0.1,
  seed: 0,
  priorStd: 1,
  sigma: 0,
  tauStar: 0.5,
  epsMax: 0.15,
  dt: 0.03,
  negativeSteps: 20,
  negatives: 256,
  replayBuffer: 1024,
  restartProbability: 0.05,
  negativeSampler: 'mala',
  samplingTemperature: 1,
  flowWeight: 1,
  flowFade: [0.5, 0.75],
  flowWeighting: true,
  averageFrom: 0.75,
  cdWeight: 3,
  otBlock: 128,
  checkpointEvery: 250,
  logEvery: 50,
};

/** The sampling block written to model.json: what `emcert sample` runs when given no flags. */
export interface SamplingBlock {
  readonly sampler: 'ula';
  readonly stepSize: number;
  readonly steps: number;
  /** `normal:MEAN,STD`, as on the command line. */
  readonly init: string;
  readonly temperature: number;
}

/** ULA with the training dt from the prior, for twice the negatives' chain length. */
export function samplingBlockFor(config: TrainConfig): SamplingBlock {
  return {
    sampler: 'ula',
    stepSize: config.dt,
    steps: Math.max(2 * config.negativeSteps, 400),
    init: `normal:0,${config.priorStd}`,
    temperature: config.samplingTemperature,
  };
}
