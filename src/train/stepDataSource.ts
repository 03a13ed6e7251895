// The training steps' data (stepData.ts), drawn ahead by a worker thread while the main thread
// trains, or inline. The minibatch OT pairing is most of the drawing (about 5 ms of CPU per step at the
// defaults, a third of a step before this moved): on a second core it costs the loop nothing. Both ways
// draw the same numbers in the same order from the same state, so the weights are the same bit for bit.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { rngFromState } from '../random/rng.js';
import { drawStepData, type StepData, type StepDataConfig } from './stepData.js';
import type { StepDataWorkerInit } from './stepDataWorker.js';

export interface StepDataSource {
  /** The data of the next step (steps come in order, firstStep .. lastStep). */
  next(): Promise<StepData>;
  /** True when a worker thread draws the data. */
  readonly threaded: boolean;
  dispose(): void;
}

/** Steps drawn ahead of the one being trained: enough to absorb the worker's jitter, little memory. */
const AHEAD = 8;

/**
 * The worker: stepDataWorker.js next to this module in dist/. Under tsx or vitest this module is a
 * .ts file, which plain Node cannot load in a worker (tsx's --import does not reach worker threads on
 * Node 20), so a small bootstrap registers tsx's loader first (as src/langevin/oracles/parallel.ts does).
 */
function workerEntry(): { entry: URL | string; evalCode: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { entry: new URL('./stepDataWorker.js', here), evalCode: false };
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./stepDataWorker.ts', here).href;
  return { entry: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`, evalCode: true };
}

function inlineSource(config: StepDataConfig, rngState: readonly number[], firstStep: number): StepDataSource {
  const rng = rngFromState(rngState);
  let step = firstStep;
  return { threaded: false, next: () => Promise.resolve(drawStepData(config, step++, rng)), dispose: () => {} };
}

/** With `threaded`, a worker draws the data (falling back to inline if it does not start: same data). */
export async function createStepDataSource(
  config: StepDataConfig,
  rngState: readonly number[],
  firstStep: number,
  lastStep: number,
  opts: { threaded: boolean },
): Promise<StepDataSource> {
  if (!opts.threaded || firstStep > lastStep) return inlineSource(config, rngState, firstStep);
  const { entry, evalCode } = workerEntry();
  const init: StepDataWorkerInit = { config, rngState: [...rngState], firstStep, lastStep };
  let worker: Worker;
  try {
    worker = new Worker(entry, { workerData: init, eval: evalCode });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`exited with code ${code}`)));
    });
    // Not removeAllListeners(): the Worker's own newListener/removeListener hooks start its port.
    for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
  } catch {
    return inlineSource(config, rngState, firstStep);
  }
  const ready: StepData[] = [];
  let waiting: { resolve: (d: StepData) => void; reject: (e: Error) => void } | undefined;
  let failure: Error | undefined;
  const fail = (e: Error) => {
    failure ??= e;
    waiting?.reject(failure);
    waiting = undefined;
  };
  worker.on('message', (m: { data?: StepData; error?: string }) => {
    if (m.error !== undefined) return fail(new Error(`training data worker: ${m.error}`));
    if (waiting) {
      waiting.resolve(m.data!);
      waiting = undefined;
    } else ready.push(m.data!);
  });
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => fail(new Error(`training data worker exited with code ${code}`)));
  worker.postMessage(AHEAD);
  let disposed = false;
  return {
    threaded: true,
    next() {
      if (failure) return Promise.reject(failure);
      worker.postMessage(1); // keep AHEAD steps in flight
      const d = ready.shift();
      if (d) return Promise.resolve(d);
      return new Promise<StepData>((resolve, reject) => (waiting = { resolve, reject }));
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
      void worker.terminate();
    },
  };
}
