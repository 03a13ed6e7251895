import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput, tempDir } from './helpers.js';
import { runEach, runInProcess } from './inProcess.js';

describe('emcert verify', () => {
  const dir = tempDir('emcert-verify-');
  const cert = join(dir, 'c.json');
  let made: { code: number | null };
  beforeAll(async () => {
    made = await runInProcess(['check', '--energy', 'expr:0.5*(4*x1^2 + x2^2)', '--init', 'normal:1,1', '--out', cert]);
  });

  it('accepts an untouched certificate (exit 0), rejects a tampered one naming the check (exit 1)', async () => {
    expect(made.code).toBe(0);
    const doc = JSON.parse(readFileSync(cert, 'utf8'));
    doc.stopping.steps -= 1;
    const tampered = join(dir, 't.json');
    writeFileSync(tampered, JSON.stringify(doc));
    const [ok, bad] = await runEach([(['verify', cert]), (['verify', tampered])]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^valid: /m);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL stopping: route exact-gaussian with \d+ steps/);
  });

  it('bad files: exit 3 with the path', async () => {
    const notJson = join(dir, 'x.json');
    writeFileSync(notJson, '{');
    const wrongSchema = join(dir, 'y.json');
    const doc = JSON.parse(readFileSync(cert, 'utf8'));
    delete doc.verdict;
    writeFileSync(wrongSchema, JSON.stringify(doc));
    const [a, b, c] = await runEach([(['verify', notJson]), (['verify', wrongSchema]), (['verify', join(dir, 'missing.json')])]);
    expectBadInput(a, /x\.json: not valid JSON/);
    expectBadInput(b, /y\.json: certificate: must have required property 'verdict'/);
    expectBadInput(c, /missing\.json: cannot read certificate: no such file/);
  });
});
