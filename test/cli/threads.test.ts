// --threads on sample, evaluate, experiment and train: bad values are refused with one line and
// exit 3 before any work; the float64 engine on worker threads gives the same samples as on one
// thread, bit for bit, in-process and through the real command (which starts its workers under tsx).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectBadInput, runCliAsync, runCliInProcess, tempDir } from './helpers.js';

const dir = tempDir('emcert-threads-');
const out = (name: string) => join(dir, name);
type Samples = { samples: number[][]; meta: Record<string, unknown> };
const readJson = (path: string): Samples => JSON.parse(readFileSync(path, 'utf8')) as Samples;

const sample = ['sample', '--energy', 'expr:(x1^2 - 1)^2 + x2^2 / 2', '--sampler', 'mala', '--step-size', '0.05', '--steps', '20', '--particles', '300', '--seed', '3', '--quiet'];

describe('--threads', () => {
  it('refuses 0, a non-integer, a word and more than 256 on every command that takes it, with one line and exit 3', async () => {
    const commands: [string[], string][] = [
      [[...sample, '--out', out('bad.json')], 'sample'],
      [['evaluate', '--energy', 'models/8gaussians/model.json', '--dataset', '8gaussians'], 'evaluate'],
      [['experiment', '--energy', 'expr:x1^2 + x2^2', '--out', out('bad-experiment'), '--quick', '--quiet'], 'experiment'],
      [['train', '--dataset', '8gaussians', '--out', out('bad-train'), '--quiet'], 'train'],
    ];
    for (const [args, name] of commands) {
      expectBadInput(await runCliInProcess([...args, '--threads', '0']), /^emcert: --threads 0: must be at least 1$/);
      expectBadInput(await runCliInProcess([...args, '--threads', 'abc']), /--threads "abc"/);
      expectBadInput(await runCliInProcess([...args, '--threads', '1.5']), /--threads/);
      expectBadInput(await runCliInProcess([...args, '--threads', '257']), /^emcert: --threads 257: at most 256$/);
      expect(() => readFileSync(out(`bad-${name}`)), `${name} wrote nothing`).toThrow();
    }
    expectBadInput(await runCliInProcess([...sample, '--backend', 'tfjs', '--threads', '2', '--out', out('bad.json')]), /--threads 2: not available with --backend tfjs/);
    expectBadInput(
      await runCliInProcess(['evaluate', '--energy', 'models/8gaussians/model.json', '--dataset', '8gaussians', '--backend', 'tfjs', '--threads', '2']),
      /--threads 2: not available with --backend tfjs/,
    );
    expectBadInput(await runCliInProcess(['experiment', '--suite', 'paper', '--threads', '2', '--quiet']), /--threads 2: the suite runs no samples/);
  });

  it('sample (float64): the samples for a seed are the same on 1, 2 and 3 threads, and meta records the count', async () => {
    for (const t of ['1', '2', '3']) expect((await runCliInProcess([...sample, '--threads', t, '--out', out(`f64-${t}.json`)])).code).toBe(0);
    const [one, two, three] = ['1', '2', '3'].map((t) => readJson(out(`f64-${t}.json`)));
    expect(two!.samples).toEqual(one!.samples);
    expect(three!.samples).toEqual(one!.samples);
    expect(one!.meta.threads).toBeUndefined();
    expect(two!.meta.threads).toBe(2);
    expect(two!.meta.backend).toBe('float64');
  });

  it('evaluate (float64): the report on 2 threads is the one-thread report (only the timing differs)', async () => {
    const args = ['evaluate', '--energy', 'models/8gaussians/model.json', '--dataset', '8gaussians', '--particles', '200', '--seed', '5', '--json', '--quiet'];
    const [one, two] = [await runCliInProcess([...args, '--threads', '1']), await runCliInProcess([...args, '--threads', '2'])];
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const strip = (text: string) => ({ ...(JSON.parse(text) as Record<string, unknown>), samplingSeconds: 0 });
    expect(strip(two.stdout)).toEqual(strip(one.stdout));
  }, 120_000);

  it('the installed command starts its workers (bin/emcert.js under tsx) and writes the one-thread samples', async () => {
    const r = await runCliAsync([...sample, '--threads', '2', '--out', out('spawned.json')], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(readJson(out('spawned.json')).samples).toEqual(readJson(out('f64-1.json')).samples);
  }, 150_000);
});
