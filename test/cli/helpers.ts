// Runs the real emcert command (bin/emcert.js under this Node) and captures its exit code and output.
// Shared by the CLI tests; nothing here is specific to one subcommand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

/** The CLI's contract for bad input: exit 3, exactly one line on stderr starting `emcert: `, no stack trace. */
export function expectBadInput(r: CliResult, pattern: RegExp, expect: (v: unknown) => { toBe(x: unknown): void; toMatch(x: RegExp): void }): void {
  expect(r.code).toBe(3);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length).toBe(1);
  expect(lines[0]).toMatch(/^emcert: /);
  expect(lines[0]).toMatch(pattern);
  expect(/\bat .*:\d+:\d+\)?$/m.test(r.stderr)).toBe(false);
}

/** A fresh temporary directory for a test's outputs. */
export function tempDir(prefix = 'emcert-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
