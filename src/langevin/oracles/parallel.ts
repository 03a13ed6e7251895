// The float64 engine on several threads: a GradientOracle that splits each batch across worker
// threads (node:worker_threads) sharing the positions, energies and gradients in SharedArrayBuffers.
// The main thread evaluates the first share itself and waits for the others with Atomics (the
// oracle is synchronous, as the samplers expect). Only the evaluation is split: the samplers' noise
// is still drawn by the one seeded stream of the run, and every particle goes through the same
// float64 operations in the same order whatever thread evaluates it (shares are whole blocks of
// mlpBatch's 32 particles), so a seed gives the same float64 samples bit for bit for every thread
// count. With the onnx evaluator that holds for a given thread count (the slices a session runs
// depend on its share); across counts it held in our runs but is not promised.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { GradientOracle } from '../../energy/types.js';
import { energyFromModel } from '../../energy/spec.js';
import type { EnergyModel } from '../../kernel/model.js';
import { batchedOracle, oracleForModel } from './batched.js';
import { EVALUATE, FAILED, IDLE, MESSAGE, QUIT, type SharedBuffers, type WorkerInit, type WorkerMessage } from './parallelProtocol.js';

export interface ParallelOracle extends GradientOracle {
  /** Threads evaluating a batch (the main thread and threads - 1 workers). */
  readonly threads: number;
  /** New parameter values, on every thread: a network / quadratic / sum model of the same dimension. */
  setModel(model: EnergyModel): void;
  dispose(): void;
}

/** Particles per share: mlpBatch's block, so a particle lands in the same block position either way. */
const SHARE_GRAIN = 32;
/** Batches smaller than this many particles per thread run on the main thread alone (not worth a handoff). */
const MIN_PER_THREAD = 64;

/**
 * The worker: parallelWorker.js next to this module in dist/. Under tsx or vitest this module is
 * parallelWorker.ts's sibling .ts, which plain Node cannot load in a worker (tsx's --import does not
 * reach worker threads on Node 20), so a small bootstrap registers tsx's loader first.
 */
function workerEntry(): { entry: URL | string; evalCode: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { entry: new URL('./parallelWorker.js', here), evalCode: false };
  // require.resolve gives the CommonJS build of tsx/esm/api; the ES module build sits beside it.
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./parallelWorker.ts', here).href;
  return { entry: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`, evalCode: true };
}

/** batched: batchedOracle(energyFromModel(model)), the sampling engine's; energy: the per-point
 *  Energy itself; onnx: an ONNX Runtime session per thread (float32, one intra-op thread each).
 *  Declared here, not in parallelProtocol.ts: the public declarations must not need Node's types. */
export type Evaluator = 'batched' | 'energy' | 'onnx';

export interface ParallelOracleOptions {
  /** What evaluates a share: the engine's batched oracle (default), the per-point Energy (the
   *  experiment's sample runs use it; it agrees with the batched one to a few ulps, not bit for bit),
   *  or ONNX Runtime (float32; one session with one intra-op thread per thread, fixed parameters). */
  readonly evaluator?: Evaluator;
}

/** threads = 1 gives the plain evaluator's results (and no workers); threads > 1 starts threads - 1 workers. */
export async function createParallelOracle(model: EnergyModel, threads: number, opts: ParallelOracleOptions = {}): Promise<ParallelOracle> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`parallel oracle: threads must be a positive integer, got ${threads}`);
  const evaluator = opts.evaluator ?? 'batched';
  // The main thread's share first: for onnx this is what fails when ONNX Runtime is unavailable.
  const local = await localOracle(model, evaluator);
  const control = new SharedArrayBuffer(4 * Math.max(1, threads - 1));
  const ranges = new SharedArrayBuffer(8 * Math.max(1, threads - 1));
  const { entry, evalCode } = workerEntry();
  const workers: { worker: Worker; port: MessagePort }[] = [];
  try {
    const started: Promise<void>[] = [];
    for (let i = 0; i < threads - 1; i++) {
      const channel = new MessageChannel();
      const init: WorkerInit = { index: i, evaluator, control, ranges, model, port: channel.port2 };
      const worker = new Worker(entry, { workerData: init, transferList: [channel.port2], eval: evalCode });
      workers.push({ worker, port: channel.port1 });
      // Wait for the worker's module to load (an error there arrives as an event, which a main
      // thread blocked in Atomics.wait would never see). The workers load in parallel.
      started.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`exited with code ${code}`)));
        }).then(() => {
          worker.removeAllListeners();
          worker.unref();
          channel.port1.unref();
        }),
      );
    }
    await Promise.all(started);
  } catch (e) {
    for (const w of workers) void w.worker.terminate();
    local.dispose?.();
    throw new Error(`parallel oracle: a worker thread did not start (${(e as Error)?.message ?? e})`);
  }
  return new ThreadedOracle(model, evaluator, local, workers, new Int32Array(control), new Int32Array(ranges));
}

function localFloat64Oracle(model: EnergyModel, evaluator: 'batched' | 'energy'): GradientOracle {
  const energy = energyFromModel(model);
  return evaluator === 'energy' ? energy : batchedOracle(energy);
}

async function localOracle(model: EnergyModel, evaluator: Evaluator): Promise<GradientOracle & { dispose?(): void }> {
  if (evaluator !== 'onnx') return localFloat64Oracle(model, evaluator);
  const { createOnnxOracle } = await import('./onnx.js');
  return createOnnxOracle(model, { threads: 1, fixedParameters: true });
}

class ThreadedOracle implements ParallelOracle {
  readonly dim: number;
  readonly threads: number;
  private shared: { buffers: SharedBuffers; x: Float64Array; v: Float64Array; g: Float64Array } | undefined;
  private disposed = false;

  constructor(
    model: EnergyModel,
    private readonly evaluator: Evaluator,
    private local: GradientOracle & { dispose?(): void },
    private readonly workers: readonly { worker: Worker; port: MessagePort }[],
    private readonly control: Int32Array,
    private readonly ranges: Int32Array,
  ) {
    this.dim = model.dim;
    this.threads = workers.length + 1;
  }

  /** Runs `command` on worker i and waits for it to finish (the worker is idle before). */
  private await(i: number): void {
    for (;;) {
      const c = Atomics.load(this.control, i);
      if (c === IDLE) return;
      if (c === FAILED) {
        const m = receiveMessageOnPort(this.workers[i]!.port)?.message;
        Atomics.store(this.control, i, IDLE);
        throw new Error(`parallel oracle: worker ${i + 1} failed: ${String(m ?? 'no message').split('\n')[0]}`);
      }
      Atomics.wait(this.control, i, c);
    }
  }

  private signal(i: number, command: number): void {
    Atomics.store(this.control, i, command);
    Atomics.notify(this.control, i);
  }

  private send(message: WorkerMessage): void {
    for (let i = 0; i < this.workers.length; i++) {
      this.workers[i]!.port.postMessage(message);
      this.signal(i, MESSAGE);
    }
    let failure: unknown;
    for (let i = 0; i < this.workers.length; i++) {
      try {
        this.await(i);
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
  }

  private ensureCapacity(n: number): NonNullable<ThreadedOracle['shared']> {
    if (this.shared && this.shared.buffers.capacity >= n) return this.shared;
    const d = this.dim;
    const capacity = Math.max(n, 2 * (this.shared?.buffers.capacity ?? 0));
    const buffers: SharedBuffers = {
      capacity,
      positions: new SharedArrayBuffer(8 * capacity * d),
      values: new SharedArrayBuffer(8 * capacity),
      grads: new SharedArrayBuffer(8 * capacity * d),
    };
    this.send({ kind: 'buffers', buffers });
    this.shared = { buffers, x: new Float64Array(buffers.positions), v: new Float64Array(buffers.values), g: new Float64Array(buffers.grads) };
    return this.shared;
  }

  setModel(model: EnergyModel): void {
    this.check();
    if (model.dim !== this.dim) throw new RangeError(`parallel oracle: setModel needs dimension ${this.dim}, got ${model.dim}`);
    if (this.evaluator === 'onnx') throw new RangeError('parallel oracle: setModel is not available with the onnx evaluator (fixed parameters)');
    if (this.evaluator === 'batched' && !oracleForModel(model))
      throw new RangeError('parallel oracle: setModel takes network, quadratic and sum models (an expression needs a new oracle)');
    this.local = localFloat64Oracle(model, this.evaluator);
    this.send({ kind: 'model', model });
  }

  valueAndGradientBatch(xs: Float64Array, n: number, values: Float64Array, grads: Float64Array): void {
    this.check();
    const threads = Math.min(this.threads, Math.max(1, Math.floor(n / MIN_PER_THREAD)));
    if (threads === 1) {
      this.local.valueAndGradientBatch(xs, n, values, grads);
      return;
    }
    const d = this.dim;
    const s = this.ensureCapacity(n);
    s.x.set(xs.subarray(0, n * d));
    // Shares in whole blocks of SHARE_GRAIN particles; the main thread takes the first.
    const blocks = Math.ceil(n / SHARE_GRAIN);
    const bound = (t: number) => Math.min(n, Math.floor((blocks * t) / threads) * SHARE_GRAIN);
    for (let t = 1; t < threads; t++) {
      this.ranges[2 * (t - 1)] = bound(t);
      this.ranges[2 * (t - 1) + 1] = bound(t + 1);
      this.signal(t - 1, EVALUATE);
    }
    let failure: unknown;
    try {
      const end = bound(1);
      this.local.valueAndGradientBatch(s.x.subarray(0, end * d), end, s.v.subarray(0, end), s.g.subarray(0, end * d));
    } catch (e) {
      failure = e;
    }
    for (let t = 1; t < threads; t++) {
      try {
        this.await(t - 1);
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
    values.set(s.v.subarray(0, n));
    grads.set(s.g.subarray(0, n * d));
  }

  private check(): void {
    if (this.disposed) throw new Error('parallel oracle: used after dispose()');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.local.dispose?.();
    for (let i = 0; i < this.workers.length; i++) {
      this.signal(i, QUIT);
      this.workers[i]!.port.close();
    }
  }
}
