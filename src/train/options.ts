// Parsing `emcert train` options into a TrainConfig: every value is checked before anything is
// written, so bad input leaves no output behind.
import { parseFiniteNumber, parseNonNegativeInteger, parsePositiveInteger, parsePositiveNumber } from '../cli/parse.js';
import { InputError } from '../util/errors.js';
import { DEFAULT_TRAIN_CONFIG, TRAIN_ACTIVATIONS, type TrainActivation, type TrainConfig } from './config.js';
import { checkDatasetName } from './datasets.js';
import { NEGATIVE_SAMPLERS, type NegativeSampler } from './replayBuffer.js';

export interface RawTrainOptions {
  dataset?: string;
  steps?: string;
  phase1Steps?: string;
  batch?: string;
  hidden?: string;
  activation?: string;
  lambda?: string;
  lr?: string;
  seed?: string;
  checkpointEvery?: string;
  negativeSteps?: string;
  negatives?: string;
  epsMax?: string;
  samplingTemperature?: string;
  cdWeight?: string;
  replayBuffer?: string;
  dt?: string;
  tauStar?: string;
  lrFinal?: string;
  negativeSampler?: string;
  flowFade?: string;
  averageFrom?: string;
}

function parseUnitInterval(option: string, text: string): number {
  const v = parseFiniteNumber(option, text);
  if (v < 0 || v > 1) throw new InputError(`${option} ${text}: expected a number in [0, 1]`);
  return v;
}

export function parseHidden(text: string): number[] {
  const parts = String(text).split(',');
  const widths = parts.map((p) => parsePositiveInteger('--hidden', p.trim()));
  if (widths.length > 8 || widths.some((w) => w > 1024)) throw new InputError(`--hidden ${text}: at most 8 layers of at most 1024 units`);
  return widths;
}

/** `--flow-fade A,B`: fractions of phase 2 with 0 <= A <= B <= 1, or `none`. */
export function parseFlowFade(text: string): [number, number] {
  if (String(text).trim() === 'none') return [1, 1];
  const parts = String(text).split(',');
  if (parts.length !== 2) throw new InputError(`--flow-fade ${text}: expected A,B (fractions of phase 2, 0 <= A <= B <= 1) or none`);
  const a = parseUnitInterval('--flow-fade', parts[0]!.trim());
  const b = parseUnitInterval('--flow-fade', parts[1]!.trim());
  if (b < a) throw new InputError(`--flow-fade ${text}: the fade must end (B = ${b}) after it starts (A = ${a})`);
  return [a, b];
}

/** `--average-from F`: a fraction of phase 2 in [0, 1), or `none` (ship the last step's weights). */
export function parseAverageFrom(text: string): number {
  if (String(text).trim() === 'none') return 1;
  const v = parseUnitInterval('--average-from', String(text).trim());
  if (v >= 1) throw new InputError(`--average-from ${text}: expected a fraction of phase 2 in [0, 1) or none`);
  return v;
}

export function trainConfigFromOptions(o: RawTrainOptions): TrainConfig {
  if (o.dataset === undefined) throw new InputError('--dataset is required');
  const d = DEFAULT_TRAIN_CONFIG;
  const steps = o.steps !== undefined ? parsePositiveInteger('--steps', o.steps) : d.steps;
  // Phase 1 defaults to the same share of the run as in the default settings.
  const phase1Steps =
    o.phase1Steps !== undefined ? parseNonNegativeInteger('--phase1-steps', o.phase1Steps) : Math.round((steps * d.phase1Steps) / d.steps);
  if (phase1Steps > steps) throw new InputError(`--phase1-steps ${phase1Steps}: larger than --steps ${steps}`);
  const activation = o.activation ?? d.activation;
  if (!(TRAIN_ACTIVATIONS as readonly string[]).includes(activation))
    throw new InputError(`--activation ${JSON.stringify(activation)}: expected one of ${TRAIN_ACTIVATIONS.join(', ')} (smooth, so the energy can be certified)`);
  const seed = o.seed !== undefined ? parseFiniteNumber('--seed', o.seed) : d.seed;
  if (!Number.isInteger(seed)) throw new InputError(`--seed ${o.seed}: expected an integer`);
  const batch = o.batch !== undefined ? parsePositiveInteger('--batch', o.batch) : d.batch;
  if (batch < 2) throw new InputError(`--batch ${batch}: must be at least 2`);
  const negatives = o.negatives !== undefined ? parsePositiveInteger('--negatives', o.negatives) : d.negatives;
  if (negatives < 2) throw new InputError(`--negatives ${negatives}: must be at least 2 (half from data, half from the prior)`);
  const replayBuffer = o.replayBuffer !== undefined ? parseNonNegativeInteger('--replay-buffer', o.replayBuffer) : d.replayBuffer;
  if (replayBuffer > 0 && replayBuffer < negatives)
    throw new InputError(`--replay-buffer ${replayBuffer}: smaller than --negatives ${negatives} (each step draws that many distinct chains)`);
  const negativeSampler = o.negativeSampler ?? d.negativeSampler;
  if (!(NEGATIVE_SAMPLERS as readonly string[]).includes(negativeSampler))
    throw new InputError(`--negative-sampler ${JSON.stringify(negativeSampler)}: expected one of ${NEGATIVE_SAMPLERS.join(', ')}`);
  return {
    ...d,
    replayBuffer,
    dt: o.dt !== undefined ? parsePositiveNumber('--dt', o.dt) : d.dt,
    tauStar: o.tauStar !== undefined ? parseUnitInterval('--tau-star', o.tauStar) : d.tauStar,
    lrFinalFactor: o.lrFinal !== undefined ? parsePositiveNumber('--lr-final', o.lrFinal) / (o.lr !== undefined ? parsePositiveNumber('--lr', o.lr) : d.lr) : d.lrFinalFactor,
    negativeSampler: negativeSampler as NegativeSampler,
    dataset: checkDatasetName(o.dataset),
    steps,
    phase1Steps,
    batch,
    hidden: o.hidden !== undefined ? parseHidden(o.hidden) : d.hidden,
    activation: activation as TrainActivation,
    lambda: o.lambda !== undefined ? parsePositiveNumber('--lambda', o.lambda) : d.lambda,
    lr: o.lr !== undefined ? parsePositiveNumber('--lr', o.lr) : d.lr,
    seed,
    checkpointEvery: o.checkpointEvery !== undefined ? parseNonNegativeInteger('--checkpoint-every', o.checkpointEvery) : d.checkpointEvery,
    negativeSteps: o.negativeSteps !== undefined ? parsePositiveInteger('--negative-steps', o.negativeSteps) : d.negativeSteps,
    negatives,
    epsMax: o.epsMax !== undefined ? parsePositiveNumber('--eps-max', o.epsMax) : d.epsMax,
    samplingTemperature: o.samplingTemperature !== undefined ? parsePositiveNumber('--sampling-temperature', o.samplingTemperature) : d.samplingTemperature,
    flowFade: o.flowFade !== undefined ? parseFlowFade(o.flowFade) : d.flowFade,
    averageFrom: o.averageFrom !== undefined ? parseAverageFrom(o.averageFrom) : d.averageFrom,
    cdWeight: o.cdWeight !== undefined ? parseFiniteNumber('--cd-weight', o.cdWeight) : d.cdWeight,
  };
}
