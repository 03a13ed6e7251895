// The tightened enclosure with its entries spread over worker threads (node:worker_threads).
// Determinism: each entry is boundEntry(model, box, objective, options), a pure function computed
// whole by one thread (the same boxes are processed in the same order as in the serial loop), so
// the result is identical for every thread count; only the wall-clock time changes.
// Workers load the compiled JavaScript next to this file (dist/), or, when this file is the
// TypeScript source (tsx, vitest), the .ts worker through tsx's loader registered in the worker.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Box } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';
import { ActivationDomainError } from '../kernel/activations.js';
import { assembleEnclosure, tightenedEnclosure, type TightenedEnclosure } from '../kernel/branchAndBoundEnclosure.js';
import { enclosureObjectives, type EntryOptions, type EntryResult } from '../kernel/branchAndBoundEntry.js';
import { compileModelEnclosure } from '../kernel/enclosure.js';
import type { WorkerReply, WorkerSetup } from './parallelBranchAndBoundWorker.js';

export interface ParallelOptions extends EntryOptions {
  /** Worker threads (1: run in this thread, no workers). */
  readonly threads?: number;
  readonly onEntry?: (done: number, total: number) => void;
}

// Evaluated as CommonJS in the worker: registers tsx when needed, then loads the worker module.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi) { const { register } = await import(workerData.tsxApi); register(); }
  await import(workerData.entry);
})().catch((e) => { setImmediate(() => { throw e; }); });
`;

function workerEntry(): { entry: string; tsxApi: string | null } {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    // require.resolve gives the CommonJS build of the API; its ESM twin sits next to it.
    const tsxApi = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    return { entry: new URL('./parallelBranchAndBoundWorker.ts', self).href, tsxApi };
  }
  return { entry: new URL('./parallelBranchAndBoundWorker.js', self).href, tsxApi: null };
}

/** Same result as tightenedEnclosure(compileModelEnclosure(model), box, options), on `threads` threads. */
export async function tightenedEnclosureParallel(model: EnergyModel, box: Box, options: ParallelOptions = {}): Promise<TightenedEnclosure> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads ${threads}: must be a positive integer`);
  const { threads: _t, onEntry, ...entryOptions } = options;
  void _t;
  if (threads === 1) return tightenedEnclosure(compileModelEnclosure(model), box, { ...entryOptions, ...(onEntry ? { onEntry } : {}) });
  const d = model.dim;
  const objectives = enclosureObjectives(d);
  const results: (EntryResult | undefined)[] = new Array(objectives.length);
  const { entry, tsxApi } = workerEntry();
  const setup: WorkerSetup = { model, box, options: entryOptions };
  const count = Math.min(threads, objectives.length);
  const workers: Worker[] = [];
  let next = 0, done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker): void => {
        if (next < objectives.length) { const index = next++; w.postMessage({ index, objective: objectives[index]! }); }
      };
      for (let i = 0; i < count; i++) {
        const w = new Worker(BOOTSTRAP, { eval: true, workerData: { entry, tsxApi, setup } });
        workers.push(w);
        w.on('message', (reply: WorkerReply) => {
          if (!reply.ok) {
            reject(reply.domain ? new ActivationDomainError(reply.message) : new Error(`bounds worker: ${reply.message}`));
            return;
          }
          results[reply.index] = { range: reply.range, converged: reply.converged, evaluations: reply.evaluations };
          done++;
          onEntry?.(done, objectives.length);
          if (done === objectives.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => { if (done < objectives.length) reject(new Error(`bounds worker exited with code ${code} before finishing`)); });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return assembleEnclosure(d, objectives, results as EntryResult[]);
}
