// Runs the real emcert command (bin/emcert.js under this Node) and captures its exit code and output.
// Shared by the CLI tests; nothing here is specific to one subcommand.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { scopedTempDir } from '../tempDir.js';

const REPO = resolve(import.meta.dirname, '../..');

export interface CliResult {
  /** Exit code (null only if the process was killed by a signal). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `emcert ...args`, run from the repository root unless `cwd` says otherwise. */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/emcert.js'), ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like runCli, without blocking: start several at once to overlap their start-up (each loads mathjs). */
export function runCliAsync(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/emcert.js'), ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The CLI's contract for bad input: exit 3 (or the given code), exactly one line on stderr starting `emcert: `, no stack trace. */
export function expectBadInput(r: CliResult, pattern: RegExp, code = 3): void {
  expect(r.code, r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatch(/^emcert: /);
  expect(lines[0]).toMatch(pattern);
  expect(/\bat .*:\d+:\d+\)?$/m.test(r.stderr)).toBe(false);
}

/** A fresh temporary directory for a test's outputs, removed after the test (made inside one) or
 *  after the file's tests (made at the top level or in a describe). */
export function tempDir(prefix = 'emcert-test-'): string {
  return scopedTempDir(prefix);
}

/**
 * The same command in this process (src/cli/main.ts's `main`), with stdout and stderr captured.
 * Much faster than spawning when many bad-input cases share one module load; the spawned runCli
 * stays the reference for what a user sees.
 */
export async function runCliInProcess(args: readonly string[]): Promise<CliResult> {
  const { main } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write;
  const err = process.stderr.write;
  const savedExitCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main([...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = savedExitCode;
  }
}
