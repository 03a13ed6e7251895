import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function emcert(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/emcert.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('emcert command', () => {
  it('--help lists every subcommand and exits 0', () => {
    const r = emcert('--help');
    expect(r.code).toBe(0);
    for (const c of ['demo', 'check', 'verify', 'compose', 'bounds', 'sample', 'train', 'evaluate', 'export', 'experiment'])
      expect(r.stdout).toContain(c);
  });

  it('an unknown command is a usage error: one line, exit 3, no stack trace', () => {
    const r = emcert('frobnicate');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('--version prints the package version', () => {
    const r = emcert('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
