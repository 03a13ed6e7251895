import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput, tempDir } from './helpers.js';
import { runEach, runInProcess } from './inProcess.js';

const BASE = ['barrier', '--energy', 'expr:0.5*x1^2', '--step-size', '0.1', '--steps', '20'];

describe('emcert barrier', () => {
  const dir = tempDir('emcert-barrier-');

  it('--help teaches with examples', async () => {
    const r = await runInProcess(['barrier', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/--unsafe/);
    expect(r.stdout).toMatch(/--constraint/);
    expect(r.stdout).toMatch(/softplus/);
  });

  it('bad input: one line, exit 3, no file', async () => {
    const out = join(dir, 'bad.json');
    const runs = await runEach([
      [...BASE, '--unsafe', '4:6,0:1', '--out', out],
      [...BASE, '--unsafe', '4:inf', '--out', out],
      [...BASE, '--unsafe', '6:4', '--out', out],
      ['barrier', '--energy', 'expr:0.5*x1^2', '--step-size', '-1', '--steps', '20', '--unsafe', '4:6', '--out', out],
      [...BASE, '--unsafe', '4:6', '--init', 'uniform:0,1', '--out', out],
    ]);
    expectBadInput(runs[0]!, /--unsafe box 1 .*2 coordinates, the energy has dimension 1/);
    expectBadInput(runs[1]!, /must be bounded/);
    expectBadInput(runs[2]!, /LO 6 > HI 4/);
    expectBadInput(runs[3]!, /--step-size -1: must be positive/);
    expectBadInput(runs[4]!, /--init .*normal:MEAN,STD/);
    expect(existsSync(out)).toBe(false);
  });

  it('--constraint bad input: one line, exit 3, no file', async () => {
    const out = join(dir, 'bad-constraint.json');
    const runs = await runEach([
      [...BASE, '--unsafe', '2:4', '--penalty-weight', '5', '--out', out],
      [...BASE, '--unsafe', '-1:1', '--constraint', '--out', out],
      [...BASE, '--unsafe', '2:4', '--constraint', '--delta', '2', '--out', out],
      [...BASE, '--unsafe', '2:4', '--constraint', '--penalty-margin', '-1', '--out', out],
      [...BASE, '--unsafe', '2:4', '--constraint', '--penalty-sharpness', '0', '--out', out],
      [...BASE, '--unsafe', '2:4', '--init-mean', '1,2', '--out', out],
    ]);
    expectBadInput(runs[0]!, /--penalty-weight needs --constraint/);
    expectBadInput(runs[1]!, /--unsafe box 1: contains the initial mean \[0\]/);
    expectBadInput(runs[2]!, /--delta 2: must be strictly between 0 and 1/);
    expectBadInput(runs[3]!, /--penalty-margin -1: must be >= 0/);
    expectBadInput(runs[4]!, /--penalty-sharpness 0: must be positive/);
    expectBadInput(runs[5]!, /--init-mean "1,2": has 2 coordinates, the energy has dimension 1/);
    expect(existsSync(out)).toBe(false);
  });

  it('--constraint writes E + P, pi_c(U) <= delta and the LSI constant, and verify accepts it', async () => {
    const out = join(dir, 'c.json');
    const r = await runInProcess([...BASE, '--unsafe', '1.5:4', '--init', 'normal:0,0.5', '--constraint', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/constraint holds: pi_c\(U\) <= \S+ <= 0.001/);
    expect(r.stdout).toMatch(/LSI of E \+ P: alpha >= /);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    expect(cert.energy.terms[1].spec).toBe('expr:1.25 * (softplus(4 * (x1 - 1))^2)');
    const v = await runInProcess(['verify', out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 300_000);

  it('writes a certificate that emcert verify accepts', async () => {
    const out = join(dir, 'g.json');
    const r = await runInProcess([...BASE, '--unsafe', '4:6', '--no-gibbs', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^certified: P\(the ULA chain enters the unsafe set within 20 steps\) <= /);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    expect(cert.schema).toBe('emcert-barrier@1');
    const v = await runInProcess(['verify', out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^valid: .*\(certified;/);
  }, 300_000);
});
