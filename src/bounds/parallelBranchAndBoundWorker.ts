// Worker-thread side of parallelBranchAndBound.ts: compiles the model once, then answers one
// request per objective with boundEntry (the same function the serial loop runs).
import { parentPort, workerData } from 'node:worker_threads';
import { ActivationDomainError } from '../kernel/activations.js';
import { EmptyIntervalError, IntervalDomainError } from '../kernel/intervalCore.js';
import { boundEntry, compileForEntries, type EntryOptions } from '../kernel/branchAndBoundEntry.js';
import type { Objective } from '../kernel/branchAndBoundObjective.js';
import type { Box } from '../kernel/box.js';
import type { EnergyModel } from '../kernel/model.js';

export interface WorkerSetup { readonly model: EnergyModel; readonly box: Box; readonly options: EntryOptions }
export interface WorkerRequest { readonly index: number; readonly objective: Objective }
export type WorkerReply =
  | { readonly index: number; readonly ok: true; readonly range: { lo: number; hi: number }; readonly converged: boolean; readonly evaluations: number }
  | { readonly index: number; readonly ok: false; readonly domain: boolean; readonly message: string };

const port = parentPort;
if (port) {
  const setup = (workerData as { setup: WorkerSetup }).setup;
  const compiled = compileForEntries(setup.model);
  port.on('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      const r = boundEntry(compiled, setup.box, req.objective, setup.options);
      reply = { index: req.index, ok: true, ...r };
    } catch (e) {
      const domain = e instanceof IntervalDomainError || e instanceof EmptyIntervalError || e instanceof ActivationDomainError;
      reply = { index: req.index, ok: false, domain, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
