// The shared-memory protocol between the parallel float64 oracle (parallel.ts) and its workers
// (parallelWorker.ts). One Int32 control word per worker, waited on with Atomics:
//   IDLE     the worker waits; the main thread may write the shared buffers
//   EVALUATE the worker evaluates particles [start, end) (its slots in `ranges`) and sets IDLE
//   MESSAGE  the worker reads one message from its port (receiveMessageOnPort: new buffers or a new
//            model) and sets IDLE
//   FAILED   the worker caught an error; its message is waiting on the port
//   QUIT     the worker returns from its loop
import type { MessagePort } from 'node:worker_threads';
import type { EnergyModel } from '../../kernel/model.js';
import type { Evaluator } from './parallel.js';

export const IDLE = 0;
export const EVALUATE = 1;
export const MESSAGE = 2;
export const FAILED = 3;
export const QUIT = 4;

/** Shared state of one batch capacity: positions, energies and gradients of up to `capacity` particles. */
export interface SharedBuffers {
  readonly capacity: number;
  readonly positions: SharedArrayBuffer;
  readonly values: SharedArrayBuffer;
  readonly grads: SharedArrayBuffer;
}

export type WorkerMessage =
  | { readonly kind: 'buffers'; readonly buffers: SharedBuffers }
  | { readonly kind: 'model'; readonly model: EnergyModel };


export interface WorkerInit {
  readonly index: number;
  readonly evaluator: Evaluator;
  /** Control words, one per worker. */
  readonly control: SharedArrayBuffer;
  /** [start, end) per worker, two Int32 each. */
  readonly ranges: SharedArrayBuffer;
  readonly model: EnergyModel;
  readonly port: MessagePort;
}
