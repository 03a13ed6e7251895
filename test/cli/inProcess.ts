// Runs `emcert ...args` inside the test process (runCliInProcess from helpers.ts) with stdout/stderr
// captured: the same code path as the binary without paying a process start per call on a busy machine.
import { vi } from 'vitest';
import { runCliInProcess, type CliResult } from './helpers.js';

export const runInProcess = runCliInProcess;

/** Several runs one after the other (the captured streams are process-wide). */
export async function runEach(list: readonly (readonly string[])[]): Promise<CliResult[]> {
  const out: CliResult[] = [];
  for (const args of list) out.push(await runCliInProcess(args));
  return out;
}

/** How far the clock of runUnderLoad jumps per read of Date.now. */
export const TEN_MINUTES = 600_000;

/** A run on a "very loaded machine": Date.now jumps ten minutes per read, so a search that still
 *  decided by the wall clock would be cut and its output would differ from a normal run's. */
export async function runUnderLoad(args: readonly string[]): Promise<CliResult> {
  let t = Date.now();
  vi.spyOn(Date, 'now').mockImplementation(() => (t += TEN_MINUTES));
  try {
    return await runCliInProcess(args);
  } finally {
    vi.restoreAllMocks();
  }
}
