// Everything a training step draws from the data stream (dataRng): the prior batch, its minibatch-OT
// partners from the data, the interpolants, and in phase 2 the positives (and, for short-run negatives,
// the chains' starts). None of it depends on the weights, so a worker thread can draw the coming steps
// while the main thread trains (stepDataSource.ts); the draws and their order are those of the loop
// that did it inline, so the result is the same bit for bit either way.
import type { Rng } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import { sampleDataset } from './datasets.js';
import { otPairRows } from './otPairing.js';
import { flowWeight } from './schedule.js';

const D = 2;

/** What of the settings the data stream reads. */
export type StepDataConfig = Pick<
  TrainConfig,
  'dataset' | 'batch' | 'priorStd' | 'otBlock' | 'sigma' | 'phase1Steps' | 'flowWeighting' | 'tauStar' | 'negatives' | 'replayBuffer'
>;

export interface StepData {
  readonly step: number;
  readonly xt: Float32Array;
  readonly ut: Float32Array;
  /** Phase 2 with flowWeighting: w(t_i) per pair. */
  readonly pairWeights?: Float32Array;
  /** Phase 2: the data side of the contrastive term, [negatives, 2]. */
  readonly positives?: Float32Array;
  /** Phase 2, short-run negatives only: the starts of the data-started and prior-started chains. */
  readonly dataStarts?: Float64Array;
  readonly priorStarts?: Float64Array;
  /** The data stream's state after this step (what a checkpoint of this step records). */
  readonly rngState: readonly number[];
}

/** The prior N(0, priorStd^2 I), n rows. */
export function samplePrior(n: number, std: number, rng: Rng): Float64Array {
  const x = new Float64Array(n * D);
  rng.fillNormal(x);
  for (let k = 0; k < x.length; k++) x[k] = x[k]! * std;
  return x;
}

/** OT pairing in blocks of at most `block` rows (each block is an exact minibatch OT problem). */
function pairInBlocks(x0: Float64Array, x1: Float64Array, n: number, block: number): Float64Array {
  const out = new Float64Array(n * D);
  for (let start = 0; start < n; start += block) {
    const m = Math.min(block, n - start);
    const paired = otPairRows(x0.subarray(start * D, (start + m) * D), x1.subarray(start * D, (start + m) * D), m, D);
    out.set(paired, start * D);
  }
  return out;
}

/** Interpolants x_t = (1-t) x0 + t x1 + sigma z and targets u_t = x1 - x0, t ~ U(0,1) per pair. */
function interpolants(x0: Float64Array, x1: Float64Array, n: number, sigma: number, rng: Rng): { xt: Float32Array; ut: Float32Array; ts: Float32Array } {
  const xt = new Float32Array(n * D);
  const ut = new Float32Array(n * D);
  const ts = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = rng.uniform();
    ts[i] = t;
    for (let k = 0; k < D; k++) {
      const a = x0[i * D + k]!, b = x1[i * D + k]!;
      xt[i * D + k] = (1 - t) * a + t * b + (sigma > 0 ? sigma * rng.normal() : 0);
      ut[i * D + k] = b - a;
    }
  }
  return { xt, ut, ts };
}

/** Draws step `step`'s data from rng, in the training loop's order. */
export function drawStepData(config: StepDataConfig, step: number, rng: Rng): StepData {
  const phase = step <= config.phase1Steps ? 1 : 2;
  const x0 = samplePrior(config.batch, config.priorStd, rng);
  const x1 = pairInBlocks(x0, sampleDataset(config.dataset, config.batch, rng), config.batch, config.otBlock);
  const { xt, ut, ts } = interpolants(x0, x1, config.batch, config.sigma, rng);
  if (phase === 1) return { step, xt, ut, rngState: rng.state() };
  const pairWeights = config.flowWeighting ? ts.map((t) => flowWeight(t, config.tauStar)) : undefined;
  let dataStarts: Float64Array | undefined;
  let priorStarts: Float64Array | undefined;
  if (config.replayBuffer === 0) {
    const half = Math.floor(config.negatives / 2);
    dataStarts = sampleDataset(config.dataset, half, rng);
    priorStarts = samplePrior(config.negatives - half, config.priorStd, rng);
  }
  const positives = Float32Array.from(sampleDataset(config.dataset, config.negatives, rng));
  return {
    step,
    xt,
    ut,
    ...(pairWeights ? { pairWeights } : {}),
    positives,
    ...(dataStarts ? { dataStarts } : {}),
    ...(priorStarts ? { priorStarts } : {}),
    rngState: rng.state(),
  };
}

/** The typed arrays of a StepData (to transfer them to another thread without a copy). */
export function stepDataBuffers(d: StepData): ArrayBuffer[] {
  return [d.xt, d.ut, d.pairWeights, d.positives, d.dataStarts, d.priorStarts].filter((a) => a !== undefined).map((a) => a!.buffer as ArrayBuffer);
}
