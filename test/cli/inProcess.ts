// Runs `emcert ...args` inside the test process (main() from src/cli/main.ts) with stdout/stderr
// captured: the same code path as the binary without paying a process start per call on a busy machine.
import { main } from '../../src/cli/main.js';
import type { CliResult } from './helpers.js';

export async function runInProcess(args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    const code = await main([...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}

/** Several runs one after the other (the captured streams are process-wide). */
export async function runEach(list: readonly (readonly string[])[]): Promise<CliResult[]> {
  const out: CliResult[] = [];
  for (const args of list) out.push(await runInProcess(args));
  return out;
}
