import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../train/cliHarness.js';
import { register as train } from '../../src/cli/commands/train.js';
import { register as evaluate } from '../../src/cli/commands/evaluate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesToCsv, samplesToJson } from '../../src/langevin/samplesFile.js';
import { sampleDataset } from '../../src/train/datasets.js';
import { createRng } from '../../src/random/rng.js';

const emcert = (...args: string[]) => runCommand([train, evaluate], args);

const dir = mkdtempSync(join(tmpdir(), 'emcert-evaluate-'));
const model = join(dir, 'm', 'model.json');
beforeAll(async () => {
  const r = await emcert('train', '--dataset', '8gaussians', '--out', join(dir, 'm'), '--steps', '3', '--phase1-steps', '3', '--batch', '16', '--hidden', '8', '--quiet');
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emcert evaluate', async () => {
  it('--json reports model and data-floor measures, reproducibly for a seed', async () => {
    const args = ['evaluate', '--energy', model, '--dataset', '8gaussians', '--particles', '60', '--seed', '4', '--json'];
    const a = await emcert(...args);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const report = JSON.parse(a.stdout);
    for (const side of ['model', 'floor']) {
      expect(Number.isFinite(report[side].mmd2)).toBe(true);
      expect(report[side].slicedW2).toBeGreaterThanOrEqual(0);
      expect(report[side].modes.modes).toBe(8);
    }
    // KSD is scored against the model, not against a second data sample: no "floor" for it.
    expect(report.model.ksd).toBeGreaterThan(0);
    expect(report.dataKsd).toBeGreaterThan(0);
    expect(report.floor.ksd).toBeUndefined();
    expect(report.better).toEqual({ mmd2: 'lower', slicedW2: 'lower', ksd: 'lower', dataKsd: 'lower', nearFraction: 'higher', populated: 'higher' });
    expect(report).toMatchObject({ dataset: '8gaussians', source: 'builtin', dim: 2, particles: 60 });
    // fresh data sits near the modes (98% in expectation)
    expect(report.floor.modes.nearFraction).toBeGreaterThan(0.9);
    expect(report.sampling).toMatchObject({ sampler: 'ula', temperature: 1 });
    const b = JSON.parse((await emcert(...args)).stdout);
    expect({ ...b, samplingSeconds: 0 }).toEqual({ ...report, samplingSeconds: 0 });
  });

  it('prints a table by default', async () => {
    const r = await emcert('evaluate', '--energy', model, '--dataset', '8gaussians', '--particles', '30');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sliced W2 vs data .* lower \(floor: two data samples\)/);
    expect(r.stdout).toMatch(/modes populated .* higher/);
    expect(r.stdout).toMatch(/KSD \(IMQ\) under the model's score -grad E \/ T, no floor:\n  of the samples .* lower .*\n  of the data .* lower \(how well the model fits the data\)/);
    expect(r.stdout).not.toMatch(/KSD.*data floor/);
  });

  it("--data FILE: the user's own points, .csv (header optional) or .json as sample writes them, split in seeded halves", async () => {
    const points = sampleDataset('moons', 120, createRng(8));
    const csv = join(dir, 'mine.csv');
    const json = join(dir, 'mine.json');
    writeFileSync(csv, samplesToCsv(points, 120, 2));
    writeFileSync(json, samplesToJson(points, 120, 2, { note: 'from a test' }));
    const a = await emcert('evaluate', '--energy', model, '--data', csv, '--particles', '40', '--seed', '2', '--json');
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const ra = JSON.parse(a.stdout);
    expect(ra).toMatchObject({ dataset: csv, source: 'file', dim: 2, particles: 40 });
    expect(ra.model.modes).toBeUndefined();
    for (const v of [ra.model.mmd2, ra.model.slicedW2, ra.floor.mmd2, ra.floor.slicedW2, ra.model.ksd, ra.dataKsd]) expect(Number.isFinite(v)).toBe(true);
    const rb = JSON.parse((await emcert('evaluate', '--energy', model, '--data', json, '--particles', '40', '--seed', '2', '--json')).stdout);
    expect({ ...rb, dataset: '', samplingSeconds: 0 }).toEqual({ ...ra, dataset: '', samplingSeconds: 0 });
    // default particles: half the rows (60), under 1000
    expect(JSON.parse((await emcert('evaluate', '--energy', model, '--data', csv, '--json')).stdout).particles).toBe(60);
    const table = await emcert('evaluate', '--energy', model, '--data', csv, '--particles', '20');
    expect(table.stdout).toMatch(/mine\.csv: 20 samples/);
  });

  it('--data bad input: exit 3 with one line naming the file and the problem', async () => {
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const ok = write('ok.csv', 'x1,x2\n' + Array.from({ length: 10 }, (_, i) => `${i / 10},${-i / 10}`).join('\n') + '\n');
    const cases: [string[], RegExp][] = [
      [['--dataset', 'moons', '--data', ok], /--dataset and --data: give one of them, not both/],
      [[], /give --dataset NAME \(a built-in toy set\) or --data FILE/],
      [['--data', write('bad.csv', 'x1,x2\n1,2\n3,oops\n')], /--data .*bad\.csv: line 3 is not a row of finite numbers: "3,oops"/],
      [['--data', write('ragged.csv', '1,2\n3\n')], /--data .*ragged\.csv: sample 2 has 1 coordinates, the first has 2/],
      [['--data', write('three.csv', '1,2,3\n4,5,6\n7,8,9\n1,1,1\n')], /--data .*three\.csv: its samples have 3 coordinates, the energy .* has dimension 2/],
      [['--data', write('bad.json', '{"rows": []}')], /--data .*bad\.json: expected \{"samples": \[\[x1, \.\.\., xd\], \.\.\.\]\}/],
      [['--data', write('tiny.csv', '1,2\n3,4\n')], /--data .*tiny\.csv: holds 2 samples; at least 4 are needed/],
      [['--data', ok, '--particles', '6'], /--particles 6: --data .*ok\.csv has 10 samples, so at most 5/],
      [['--data', join(dir, 'absent.csv')], /absent\.csv: cannot read samples file: no such file/],
      [['--data', write('points.txt', '1,2\n')], /--data ".*points\.txt": expected a file name ending in \.json or \.csv/],
    ];
    for (const [args, message] of cases) {
      const r = await emcert('evaluate', '--energy', model, ...args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('bad input: exit 3 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--energy', model, '--dataset', 'nope'], /unknown data set/],
      [['--energy', model, '--dataset', 'moons', '--particles', '0'], /--particles 0: must be at least 1/],
      [['--energy', 'expr:x1^2+x2^2', '--dataset', 'moons'], /has no sampling block/],
      [['--energy', join(dir, 'missing.json'), '--dataset', 'moons'], /no such file/],
      [['--energy', model, '--dataset', 'moons', '--particles', '1'], /--particles 1: must be at least 2/],
    ];
    for (const [args, message] of cases) {
      const r = await emcert('evaluate', ...args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
