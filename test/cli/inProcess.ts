// Runs `emcert ...args` inside the test process (runCliInProcess from helpers.ts) with stdout/stderr
// captured: the same code path as the binary without paying a process start per call on a busy machine.
import { runCliInProcess, type CliResult } from './helpers.js';

export const runInProcess = runCliInProcess;

/** Several runs one after the other (the captured streams are process-wide). */
export async function runEach(list: readonly (readonly string[])[]): Promise<CliResult[]> {
  const out: CliResult[] = [];
  for (const args of list) out.push(await runCliInProcess(args));
  return out;
}
