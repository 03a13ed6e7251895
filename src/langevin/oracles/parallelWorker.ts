// A worker of the parallel float64 oracle (parallel.ts): it rebuilds the energy's batched float64
// oracle from the model it is given and evaluates the particle range the main thread assigns,
// in place in shared memory. The event loop stays blocked in Atomics.wait: messages are read
// synchronously (receiveMessageOnPort) when the control word says one is waiting.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { GradientOracle } from '../../energy/types.js';
import type { EnergyModel } from '../../kernel/model.js';
import { batchedOracle, oracleForModel } from './batched.js';
import { EVALUATE, FAILED, IDLE, MESSAGE, QUIT, type SharedBuffers, type WorkerInit, type WorkerMessage } from './parallelProtocol.js';

const init = workerData as WorkerInit;
const control = new Int32Array(init.control);
const ranges = new Int32Array(init.ranges);
const i = init.index;
// What batchedOracle(energyFromModel(model)) is on the main thread. The energy module (and mathjs,
// slow to load) only for expressions, which have no model-level batched oracle.
const perPoint = init.evaluator === 'energy';
const spec = perPoint || (init.evaluator === 'batched' && !oracleForModel(init.model)) ? await import('../../energy/spec.js') : undefined;
function oracleOf(model: EnergyModel): GradientOracle {
  if (init.evaluator === 'onnx') throw new Error('parallel oracle worker: an onnx evaluator takes no new model');
  if (perPoint) return spec!.energyFromModel(model);
  const direct = oracleForModel(model);
  if (direct) return direct;
  if (!spec) throw new Error('parallel oracle worker: an expression energy needs a new oracle');
  return batchedOracle(spec.energyFromModel(model));
}
let oracle: GradientOracle =
  init.evaluator === 'onnx' ? await (await import('./onnx.js')).createOnnxOracle(init.model, { threads: 1, fixedParameters: true }) : oracleOf(init.model);
let views: { x: Float64Array; v: Float64Array; g: Float64Array } | undefined;

function attach(b: SharedBuffers): void {
  views = { x: new Float64Array(b.positions), v: new Float64Array(b.values), g: new Float64Array(b.grads) };
}

function evaluate(): void {
  if (!views) throw new Error('parallel oracle worker: no buffers');
  const d = oracle.dim;
  const start = ranges[2 * i]!;
  const end = ranges[2 * i + 1]!;
  const n = end - start;
  if (n <= 0) return;
  oracle.valueAndGradientBatch(views.x.subarray(start * d, end * d), n, views.v.subarray(start, end), views.g.subarray(start * d, end * d));
}

// Loaded and ready: from here on this thread's event loop is blocked in the loop below.
parentPort?.postMessage('ready');
for (;;) {
  Atomics.wait(control, i, IDLE);
  const command = Atomics.load(control, i);
  if (command === QUIT) break;
  try {
    if (command === EVALUATE) evaluate();
    else if (command === MESSAGE) {
      const m = receiveMessageOnPort(init.port)?.message as WorkerMessage | undefined;
      if (m?.kind === 'buffers') attach(m.buffers);
      else if (m?.kind === 'model') oracle = oracleOf(m.model);
    }
    Atomics.store(control, i, IDLE);
  } catch (e) {
    init.port.postMessage(String((e as Error)?.stack ?? e));
    Atomics.store(control, i, FAILED);
  }
  Atomics.notify(control, i);
}
init.port.close();
