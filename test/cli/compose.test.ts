import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectBadInput, tempDir } from './helpers.js';
import { runEach, runInProcess } from './inProcess.js';

describe('emcert compose', () => {
  const dir = tempDir('emcert-compose-');
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  let made: { code: number | null }[] = [];
  beforeAll(async () => {
    made = await runEach([['check', '--energy', 'expr:x1^2 + x2^2', '--out', a], ['check', '--energy', 'expr:0.5*((x1-1)^2 + x2^2)', '--out', b]]);
  });

  it('derives a certificate (exit 0) that verify accepts; a breaking negative weight is refuted (exit 1)', async () => {
    expect(made.map((m) => m.code)).toEqual([0, 0]);
    const out = join(dir, 'ab.json');
    const neg = join(dir, 'neg.json');
    const [ok, refuted] = await runEach([
      (['compose', a, b, '--weights', '1,2', '--out', out]),
      (['compose', a, b, '--weights', '1,-3', '--out', neg]),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/derived +from 2 component certificates/);
    const cert = JSON.parse(readFileSync(out, 'utf8'));
    expect(cert.derivedFrom.weights).toEqual([1, 2]);
    expect((await runInProcess(['verify', out])).code).toBe(0);
    expect(refuted.code).toBe(1);
    expect(refuted.stdout).toMatch(/infinite-mass/);
  });

  it('bad input: weight count, unreadable certificate; no output file', async () => {
    const [w, f] = await runEach([
      (['compose', a, b, '--weights', '1', '--out', join(dir, 'x.json')]),
      (['compose', a, join(dir, 'nope.json'), '--weights', '1,1', '--out', join(dir, 'y.json')]),
    ]);
    expectBadInput(w, /--weights 1: got 1 weights for 2 energies/);
    expectBadInput(f, /nope\.json: cannot read certificate/);
    expect(existsSync(join(dir, 'x.json')) || existsSync(join(dir, 'y.json'))).toBe(false);
  });
});
