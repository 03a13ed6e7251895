// Energy Matching training (Balcerak et al., arXiv:2504.10612) of E(x) = V_theta(x) + (lambda/2)|x|^2:
// phase 1 is flow matching with -grad E as a time-independent velocity on minibatch-OT-paired
// interpolants between the Gaussian prior and the data; phase 2 adds the contrastive-divergence
// term with Langevin negatives from the shared engine (half started at data, half at the prior).
import * as tf from '@tensorflow/tfjs';
import type { MlpLayer } from '../kernel/model.js';
import { createRng, type Rng } from '../random/rng.js';
import { RunError } from '../util/errors.js';
import type { TrainConfig } from './config.js';
import { sampleDataset } from './datasets.js';
import { contrastiveDivergenceLoss, flowMatchingLoss } from './losses.js';
import { dataStartedNegatives, priorStartedNegatives } from './negatives.js';
import { createTfNetwork, initialLayers, type TfNetwork } from './network.js';
import { networkOracle } from './networkOracle.js';
import { otPairRows } from './otPairing.js';
import { flowWeight } from './schedule.js';
import { initTf } from '../energy/tfjs.js';

export interface TrainLogRecord {
  readonly step: number;
  readonly phase: 1 | 2;
  /** The minimised objective: flowWeight * flow + cdWeight * cd (cd only in phase 2). */
  readonly loss: number;
  readonly flow: number;
  readonly cd: number | null;
  readonly seconds: number;
}

export interface TrainEvents {
  onLog?(record: TrainLogRecord): void;
  onCheckpoint?(step: number, layers: MlpLayer[]): void;
  onStep?(step: number, record: TrainLogRecord): void;
}

export interface TrainResult {
  readonly layers: MlpLayer[];
  readonly backend: string;
  readonly seconds: number;
  readonly last: TrainLogRecord;
}

const D = 2;

/** The prior N(0, priorStd^2 I), n rows. */
function samplePrior(n: number, std: number, rng: Rng): Float64Array {
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

export async function trainEnergyMatching(config: TrainConfig, events: TrainEvents = {}): Promise<TrainResult> {
  const backend = await initTf();
  const root = createRng(config.seed);
  const initRng = root.fork();
  const dataRng = root.fork();
  const langevinRng = root.fork();
  const spec = { inputDim: D, hidden: config.hidden, activation: config.activation, lambda: config.lambda };
  const net: TfNetwork = createTfNetwork(spec, initialLayers(spec, initRng));
  const oracle = networkOracle(net);
  const optimizer = tf.train.adam(config.lr);
  const energy = (x: tf.Tensor2D) => net.energy(x);
  const schedule = { steps: config.negativeSteps, dt: config.dt, tauStar: config.tauStar, epsMax: config.epsMax };
  const half = Math.floor(config.negatives / 2);
  const started = performance.now();
  let last: TrainLogRecord | undefined;
  try {
    for (let step = 1; step <= config.steps; step++) {
      const phase: 1 | 2 = step <= config.phase1Steps ? 1 : 2;
      const x0 = samplePrior(config.batch, config.priorStd, dataRng);
      const x1 = pairInBlocks(x0, sampleDataset(config.dataset, config.batch, dataRng), config.batch, config.otBlock);
      const { xt, ut, ts } = interpolants(x0, x1, config.batch, config.sigma, dataRng);
      const pairWeights = phase === 2 && config.flowWeighting ? ts.map((t) => flowWeight(t, config.tauStar)) : undefined;
      let negatives: Float32Array | undefined;
      let positives: Float32Array | undefined;
      if (phase === 2) {
        const fromData = dataStartedNegatives(oracle, sampleDataset(config.dataset, half, dataRng), schedule, langevinRng);
        const fromPrior = priorStartedNegatives(oracle, samplePrior(config.negatives - half, config.priorStd, dataRng), schedule, langevinRng);
        negatives = new Float32Array(config.negatives * D);
        negatives.set(fromData);
        negatives.set(fromPrior, half * D);
        positives = Float32Array.from(sampleDataset(config.dataset, config.negatives, dataRng));
      }
      const parts = tf.tidy(() => {
        const xtT = tf.tensor2d(xt, [config.batch, D]);
        const utT = tf.tensor2d(ut, [config.batch, D]);
        const wT = pairWeights ? tf.tensor1d(pairWeights) : undefined;
        const negT = negatives ? tf.tensor2d(negatives, [config.negatives, D]) : undefined;
        const posT = positives ? tf.tensor2d(positives, [config.negatives, D]) : undefined;
        let flowT: tf.Scalar | undefined;
        let cdT: tf.Scalar | undefined;
        const total = optimizer.minimize(() => {
          const f = flowMatchingLoss(energy, xtT, utT, wT);
          flowT = tf.keep(f.clone());
          let objective = tf.mul(config.flowWeight, f) as tf.Scalar;
          if (negT && posT) {
            const c = contrastiveDivergenceLoss(energy, posT, negT);
            cdT = tf.keep(c.clone());
            objective = tf.add(objective, tf.mul(config.cdWeight, c)) as tf.Scalar;
          }
          return objective;
        }, true, net.variables as tf.Variable[]);
        return { total: total!, flowT: flowT!, cdT };
      });
      const record: TrainLogRecord = {
        step,
        phase,
        loss: parts.total.dataSync()[0]!,
        flow: parts.flowT.dataSync()[0]!,
        cd: parts.cdT ? parts.cdT.dataSync()[0]! : null,
        seconds: (performance.now() - started) / 1000,
      };
      tf.dispose([parts.total, parts.flowT, ...(parts.cdT ? [parts.cdT] : [])]);
      if (!Number.isFinite(record.loss)) throw new RunError(`training diverged at step ${step} (loss ${record.loss}); try a smaller --lr`);
      last = record;
      events.onStep?.(step, record);
      if (step % config.logEvery === 0 || step === config.steps || step === 1) events.onLog?.(record);
      if (config.checkpointEvery > 0 && step % config.checkpointEvery === 0 && step < config.steps) events.onCheckpoint?.(step, net.toLayers());
    }
    if (!last) throw new RangeError('trainEnergyMatching: steps must be at least 1');
    return { layers: net.toLayers(), backend, seconds: (performance.now() - started) / 1000, last };
  } finally {
    optimizer.dispose();
    net.dispose();
  }
}
