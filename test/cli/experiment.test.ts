import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'emcert-cli-exp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// In-process (the same code path as bin/emcert.js, without paying the start-up per case).
async function emcert(...args: string[]) {
  return runCliInProcess(args);
}

describe('emcert experiment', () => {
  it.each([
    [['experiment', '--out', join(dir, 'a')], /--energy SPEC is required/],
    [['experiment', '--suite', 'nope', '--out', join(dir, 'b')], /--suite "nope": the only suite is paper/],
    [['experiment', '--energy', 'expr:x1^2+x2^2', '--epsilon', '-1', '--out', join(dir, 'c')], /--epsilon -1: must be positive/],
    [['experiment', '--energy', 'expr:x1^2+x2^2', '--init', 'normal:0', '--out', join(dir, 'd')], /--init "normal:0": expected normal:MEAN,STD/],
    [['experiment', '--energy', 'no/such/model.json', '--out', join(dir, 'e')], /no\/such\/model\.json/],
  ])('bad input %j: one line, exit 3, no output written', async (args, message) => {
    const r = await emcert(...(args as string[]));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync((args as string[])[(args as string[]).indexOf('--out') + 1]!)).toBe(false);
  });

  it('an energy without a Gibbs measure: one line, exit 4, no report', async () => {
    const out = join(dir, 'improper');
    const r = await emcert('experiment', '--energy', 'expr:x1 + x2^2', '--quick', '--quiet', '--out', out);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/experiment: .*does not look confined/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
  }, 60_000);

  it('runs on a 2D Gaussian and writes the report and figures', async () => {
    const out = join(dir, 'run');
    const r = await emcert('experiment', '--energy', 'expr:0.5*x1^2 + x2^2', '--init', 'normal:1,0.5', '--quick', '--quiet', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*report\.json/);
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(json.certificate.verdict).toBe('certified');
    expect(json.langevin.monotone).toBe(true);
    // The certified step count is never below the computed one.
    expect(json.ulaFirstBelow.certifiedSteps).toBeGreaterThanOrEqual(json.ulaFirstBelow.computedSteps);
    for (const f of ['kl.png', 'landscape.png', 'report.md']) expect(existsSync(join(out, f))).toBe(true);
  }, 90_000);
});
