// The worker of stepDataSource.ts: draws the training steps' data (stepData.ts) from the data
// stream's state it was given, `count` steps per request, and posts each step as it is ready.
import { parentPort, workerData } from 'node:worker_threads';
import { rngFromState } from '../random/rng.js';
import { drawStepData, stepDataBuffers, type StepDataConfig } from './stepData.js';

export interface StepDataWorkerInit {
  readonly config: StepDataConfig;
  readonly rngState: readonly number[];
  readonly firstStep: number;
  readonly lastStep: number;
}

const init = workerData as StepDataWorkerInit;
const rng = rngFromState(init.rngState);
let next = init.firstStep;
parentPort!.on('message', (count: number) => {
  try {
    for (let k = 0; k < count && next <= init.lastStep; k++, next++) {
      const data = drawStepData(init.config, next, rng);
      parentPort!.postMessage({ data }, stepDataBuffers(data));
    }
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error)?.message ?? String(e) });
  }
});
parentPort!.postMessage({ ready: true });
