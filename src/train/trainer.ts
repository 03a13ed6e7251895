// Energy Matching training (Balcerak et al., arXiv:2504.10612) of E(x) = V_theta(x) + (lambda/2)|x|^2:
// phase 1 is flow matching with -grad E as a time-independent velocity on minibatch-OT-paired
// interpolants between the Gaussian prior and the data; phase 2 adds the contrastive-divergence
// term with Langevin negatives from the shared engine (half started at data, half at the prior).
import * as tf from '@tensorflow/tfjs';
import type { MlpLayer } from '../kernel/model.js';
import { createRng, rngFromState, type Rng } from '../random/rng.js';
import { RunError } from '../util/errors.js';
import type { TrainConfig } from './config.js';
import { sampleDataset } from './datasets.js';
import { contrastiveDivergenceLoss, flowMatchingLoss } from './losses.js';
import { dataStartedNegatives, priorStartedNegatives } from './negatives.js';
import { createTfNetwork, initialLayers, type TfNetwork } from './network.js';
import { createNegativeOracle, type NegativeBackend } from './negativeOracle.js';
import { advancePersistentChains, negativeKernel, ReplayBuffer } from './replayBuffer.js';
import { flowWeightAt } from './schedule.js';
import { createStepDataSource } from './stepDataSource.js';
import { initTf } from '../energy/tfjs.js';
import { averageStartStep, WeightAverage } from './weightAverage.js';

export interface TrainLogRecord {
  readonly step: number;
  readonly phase: 1 | 2;
  /** The minimised objective: flowWeight * flow + cdWeight * cd (cd only in phase 2). */
  readonly loss: number;
  readonly flow: number;
  readonly cd: number | null;
  /** Mean MALA acceptance of the persistent negatives this step (phase 2 with a replay buffer only). */
  readonly acceptance?: number;
  readonly seconds: number;
}

/** Everything beyond the weights that the steps after a checkpoint depend on: the random streams and
 *  Adam's moments. With it, a resumed run repeats the uninterrupted one bit for bit (same backend). */
export interface TrainResumeState {
  readonly format: 'emcert-train-resume@1';
  readonly step: number;
  readonly seconds: number;
  readonly rng: { readonly data: readonly number[]; readonly langevin: readonly number[] };
  /** Adam: the step count, beta1^(t+1) and beta2^(t+1) as the optimiser holds them, first then second moments. */
  readonly adam: { readonly iterations: number; readonly accBeta1: number; readonly accBeta2: number; readonly moments: readonly (readonly number[])[] };
  /** The replay buffer's chains, flattened (once phase 2 has started with --replay-buffer > 0). */
  readonly replayBuffer?: readonly number[];
  /** The running sums of --average-from's weight average (once it has started). */
  readonly average?: { readonly count: number; readonly sums: readonly (readonly number[])[] };
}

export interface TrainEvents {
  onLog?(record: TrainLogRecord): void;
  onCheckpoint?(step: number, layers: MlpLayer[], resume: TrainResumeState): void;
  onStep?(step: number, record: TrainLogRecord): void;
}

export interface TrainControl {
  /** Where the negatives run: 'auto' (ONNX Runtime when installed, else float64 JS) or 'float64'. */
  readonly negativeBackend?: 'auto' | 'float64';
  /** Threads of the negatives' oracle (ONNX Runtime intra-op threads, or float64 worker threads; default 1). */
  readonly threads?: number;
  /** Draw the steps' data (prior, data, minibatch OT pairing, interpolants, positives) ahead on a worker
   *  thread (default true; the same numbers as inline, so the same weights). */
  readonly dataThread?: boolean;
  /** One line when the negatives fall back to the float64 JS engine. */
  readonly onNote?: (line: string) => void;
  /** Checked after every step: when aborted, the run writes a checkpoint of the step it finished and
   *  throws TrainingInterrupted. The loop yields to the event loop once a step so a signal handler can run. */
  readonly signal?: AbortSignal;
  /** Continue from a checkpoint: its weights and its TrainResumeState. */
  readonly resume?: { readonly layers: readonly MlpLayer[]; readonly state: TrainResumeState };
}

/** The run stopped at `step` because its signal was aborted; a checkpoint of that step was written. */
export class TrainingInterrupted extends Error {
  constructor(readonly step: number) {
    super(`training interrupted after step ${step}`);
    this.name = 'TrainingInterrupted';
  }
}

interface AdamInternals {
  iterations_: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

async function adamState(optimizer: tf.AdamOptimizer): Promise<TrainResumeState['adam']> {
  const weights = await optimizer.getWeights();
  weights[0]!.tensor.dispose(); // the iteration count, a fresh scalar (the rest are the optimiser's own variables)
  const inner = optimizer as unknown as AdamInternals;
  return {
    iterations: inner.iterations_,
    accBeta1: inner.accBeta1.dataSync()[0]!,
    accBeta2: inner.accBeta2.dataSync()[0]!,
    moments: weights.slice(1).map((w) => Array.from(w.tensor.dataSync())),
  };
}

async function restoreAdam(optimizer: tf.AdamOptimizer, net: TfNetwork, saved: TrainResumeState['adam']): Promise<void> {
  const vars = net.variables as tf.Variable[];
  if (saved.moments.length !== 2 * vars.length) throw new RunError(`resume: the checkpoint holds ${saved.moments.length} Adam moments, the network needs ${2 * vars.length}`);
  const named = saved.moments.map((m, i) => ({ name: vars[i % vars.length]!.name, tensor: tf.tensor(Float32Array.from(m), vars[i % vars.length]!.shape) }));
  await optimizer.setWeights([{ name: 'iter', tensor: tf.scalar(saved.iterations, 'int32') }, ...named]);
  // setWeights recomputes beta^(t+1) by pow; the running products differ in the last bit: restore them.
  const inner = optimizer as unknown as AdamInternals;
  inner.accBeta1.assign(tf.scalar(saved.accBeta1));
  inner.accBeta2.assign(tf.scalar(saved.accBeta2));
}

export interface TrainResult {
  readonly layers: MlpLayer[];
  /** tfjs's backend (the optimiser and the losses). */
  readonly backend: string;
  /** The negatives' engine. */
  readonly negativeBackend: NegativeBackend;
  readonly seconds: number;
  readonly last: TrainLogRecord;
}

const D = 2;

/** lr through phase 1, then linear to lr * lrFinalFactor at the last step. */
export function learningRateAt(config: Pick<TrainConfig, 'lr' | 'lrFinalFactor' | 'steps' | 'phase1Steps'>, step: number): number {
  if (step <= config.phase1Steps) return config.lr;
  const span = Math.max(1, config.steps - config.phase1Steps);
  const f = Math.min(1, (step - config.phase1Steps) / span);
  return config.lr * (1 - f + f * config.lrFinalFactor);
}

export async function trainEnergyMatching(config: TrainConfig, events: TrainEvents = {}, control: TrainControl = {}): Promise<TrainResult> {
  const backend = await initTf();
  const root = createRng(config.seed);
  const initRng = root.fork();
  let dataRng = root.fork();
  let langevinRng = root.fork();
  const spec = { inputDim: D, hidden: config.hidden, activation: config.activation, lambda: config.lambda };
  const resume = control.resume;
  if (resume) {
    dataRng = rngFromState(resume.state.rng.data);
    langevinRng = rngFromState(resume.state.rng.langevin);
  }
  const net: TfNetwork = createTfNetwork(spec, resume ? resume.layers.map((l) => ({ ...l })) : initialLayers(spec, initRng));
  const negativeOracle = await createNegativeOracle(D, net.toLayers(), config.lambda, { backend: control.negativeBackend ?? 'auto', threads: control.threads ?? 1 });
  if (negativeOracle.note) control.onNote?.(negativeOracle.note);
  const oracle = negativeOracle.oracle;
  const kernel = negativeKernel(oracle, config.negativeSampler);
  let buffer: ReplayBuffer | undefined;
  if (resume?.state.replayBuffer) buffer = new ReplayBuffer(D, Float64Array.from(resume.state.replayBuffer));
  const optimizer = tf.train.adam(config.lr);
  if (resume) await restoreAdam(optimizer, net, resume.state.adam);
  const firstStep = resume ? resume.state.step + 1 : 1;
  const averageFrom = averageStartStep(config);
  const shapes = net.toLayers();
  let average: WeightAverage | undefined = resume?.state.average ? new WeightAverage(shapes, resume.state.average) : undefined;
  const secondsBefore = resume ? resume.state.seconds : 0;
  const checkpoint = async (step: number, seconds: number) => {
    if (!events.onCheckpoint) return;
    const state: TrainResumeState = {
      format: 'emcert-train-resume@1',
      step,
      seconds,
      rng: { data: dataRngState, langevin: langevinRng.state() },
      adam: await adamState(optimizer),
      ...(buffer ? { replayBuffer: Array.from(buffer.positions) } : {}),
      ...(average ? { average: average.state() } : {}),
    };
    events.onCheckpoint(step, net.toLayers(), state);
  };
  const energy = (x: tf.Tensor2D) => net.energy(x);
  const schedule = { steps: config.negativeSteps, dt: config.dt, tauStar: config.tauStar, epsMax: config.epsMax };
  const half = Math.floor(config.negatives / 2);
  // The data stream's draws do not depend on the weights: a worker draws them ahead (stepData.ts).
  let dataRngState = dataRng.state();
  const stepData = await createStepDataSource(config, dataRngState, firstStep, config.steps, { threaded: control.dataThread ?? true });
  const started = performance.now();
  let last: TrainLogRecord | undefined;
  try {
    for (let step = firstStep; step <= config.steps; step++) {
      const phase: 1 | 2 = step <= config.phase1Steps ? 1 : 2;
      // tfjs's Adam reads its (protected) learningRate at every applyGradients.
      if (config.lrFinalFactor !== 1) (optimizer as unknown as { learningRate: number }).learningRate = learningRateAt(config, step);
      const data = await stepData.next();
      if (data.step !== step) throw new Error(`trainEnergyMatching: the data stream is at step ${data.step}, the loop at ${step}`);
      dataRngState = data.rngState;
      const { xt, ut, pairWeights } = data;
      let negatives: Float32Array | undefined;
      const positives = data.positives;
      let acceptance: number | undefined;
      if (phase === 2) {
        negativeOracle.update(net.toLayers());
        if (config.replayBuffer > 0) {
          // The chains start at data (where pi should put its mass); restarts come from the prior.
          buffer ??= new ReplayBuffer(D, sampleDataset(config.dataset, config.replayBuffer, langevinRng));
          const r = advancePersistentChains(buffer, kernel, {
            sampler: config.negativeSampler,
            count: config.negatives,
            steps: config.negativeSteps,
            stepSize: config.dt,
            temperature: config.samplingTemperature,
            restartProbability: config.restartProbability,
            priorStd: config.priorStd,
          }, langevinRng);
          negatives = Float32Array.from(r.negatives);
          if (config.negativeSampler === 'mala') acceptance = r.acceptance;
        } else {
          const fromData = dataStartedNegatives(oracle, data.dataStarts!, schedule, langevinRng);
          const fromPrior = priorStartedNegatives(oracle, data.priorStarts!, schedule, langevinRng);
          negatives = new Float32Array(config.negatives * D);
          negatives.set(fromData);
          negatives.set(fromPrior, half * D);
        }
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
          let objective = tf.mul(flowWeightAt(config, step), f) as tf.Scalar;
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
        ...(acceptance !== undefined ? { acceptance } : {}),
        seconds: secondsBefore + (performance.now() - started) / 1000,
      };
      tf.dispose([parts.total, parts.flowT, ...(parts.cdT ? [parts.cdT] : [])]);
      if (!Number.isFinite(record.loss)) throw new RunError(`training diverged at step ${step} (loss ${record.loss}); try a smaller --lr`);
      last = record;
      if (step >= averageFrom) (average ??= new WeightAverage(shapes)).add(net.toLayers());
      events.onStep?.(step, record);
      if (step % config.logEvery === 0 || step === config.steps || step === 1) events.onLog?.(record);
      const checkpointed = config.checkpointEvery > 0 && step % config.checkpointEvery === 0 && step < config.steps;
      if (checkpointed) await checkpoint(step, record.seconds);
      if (control.signal) {
        await new Promise((done) => setImmediate(done)); // lets a SIGINT handler run
        if (control.signal.aborted && step < config.steps) {
          if (!checkpointed) await checkpoint(step, record.seconds);
          throw new TrainingInterrupted(step);
        }
      }
    }
    if (!last) throw new RangeError(resume ? `trainEnergyMatching: nothing to resume, the checkpoint is at step ${resume.state.step} of ${config.steps}` : 'trainEnergyMatching: steps must be at least 1');
    return { layers: average ? average.mean(shapes) : net.toLayers(), backend, negativeBackend: negativeOracle.backend, seconds: secondsBefore + (performance.now() - started) / 1000, last };
  } finally {
    stepData.dispose();
    negativeOracle.dispose();
    optimizer.dispose();
    net.dispose();
  }
}
