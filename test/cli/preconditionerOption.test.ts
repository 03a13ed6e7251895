// `--preconditioner FILE|auto` on check and sample: bad input is one line naming the option and the
// problem (exit 3, nothing written); a good file or auto yields a certificate that verify accepts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCliInProcess, tempDir } from './helpers.js';
import { verifyCertificate } from '../../src/verify/verify.js';
import type { Certificate } from '../../src/verify/certificate.js';

const dir = tempDir('emcert-precond-');
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const energy = 'expr:0.5*x1^2 + 50*x2^2';

describe('--preconditioner', () => {
  it('refuses bad files and samplers with one line, exit 3, no output', async () => {
    const cases: [string[], RegExp][] = [
      [['--preconditioner', file('asym.json', '[[1, 0.5], [0, 1]]')], /--preconditioner .*asym\.json: not symmetric/],
      [['--preconditioner', file('indef.json', '[[1, 2], [2, 1]]')], /not positive definite/],
      [['--preconditioner', file('size.json', '[[1]]')], /expected a 2 x 2 matrix/],
      [['--preconditioner', file('bad.json', '{oops')], /not valid JSON/],
      [['--preconditioner', file('upper.json', '{"factor": [[1, 0.5], [0, 1]]}')], /factor: entry \(1, 2\) must be 0/],
      [['--preconditioner', file('diag.json', '{"factor": [[1, 0], [0, -1]]}')], /diagonal entry \(2, 2\) must be > 0/],
      [['--preconditioner', join(dir, 'missing.json')], /no such file/],
      [['--preconditioner', 'auto', '--sampler', 'mala'], /--preconditioner: defined for --sampler ula, not mala/],
    ];
    for (const [extra, pattern] of cases) {
      const out = join(dir, 'c.json');
      expectBadInput(await runCliInProcess(['check', '--energy', energy, '--out', out, '--quiet', ...extra]), pattern);
      expect(existsSync(out)).toBe(false);
    }
    const samples = join(dir, 's.json');
    expectBadInput(await runCliInProcess(['sample', '--energy', energy, '--sampler', 'mala', '--step-size', '0.1', '--steps', '2', '--preconditioner', 'auto', '--out', samples]), /--preconditioner: defined for --sampler ula, not mala/);
    expect(existsSync(samples)).toBe(false);
  });

  it('check with {"factor": C} records C exactly and verifies; the steps drop', async () => {
    const out = join(dir, 'pre.json');
    const plain = join(dir, 'plain.json');
    const f = file('factor.json', '{"factor": [[1, 0], [0, 0.1]]}');
    const r = await runCliInProcess(['check', '--energy', energy, '--init', 'normal:3,1', '--epsilon', '0.01', '--preconditioner', f, '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    await runCliInProcess(['check', '--energy', energy, '--init', 'normal:3,1', '--epsilon', '0.01', '--out', plain, '--quiet']);
    const cert = JSON.parse(readFileSync(out, 'utf8')) as Certificate;
    const base = JSON.parse(readFileSync(plain, 'utf8')) as Certificate;
    expect(cert.preconditioner!.factor).toEqual([[1, 0], [0, 0.1]]);
    expect(verifyCertificate(cert).ok).toBe(true);
    expect(cert.stopping!.steps! * 5).toBeLessThanOrEqual(base.stopping!.steps!);
  });

  it('sample --preconditioner auto records the factor', async () => {
    const out = join(dir, 'auto.json');
    const r = await runCliInProcess(['sample', '--energy', energy, '--sampler', 'ula', '--step-size', '0.5', '--steps', '3', '--particles', '10', '--preconditioner', 'auto', '--seed', '1', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const meta = (JSON.parse(readFileSync(out, 'utf8')) as { meta: { preconditioner: { factor: number[][] } } }).meta;
    expect(meta.preconditioner.factor[0]![0]).toBeCloseTo(1, 8);
    expect(meta.preconditioner.factor[1]![1]).toBeCloseTo(0.1, 8);
  });
});
