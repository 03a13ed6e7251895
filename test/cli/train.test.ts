import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../train/cliHarness.js';
import { register as train } from '../../src/cli/commands/train.js';
import { register as sample } from '../../src/cli/commands/sample.js';
import { afterAll, describe, expect, it } from 'vitest';

const emcert = (...args: string[]) => runCommand([train, sample], args);

const dir = mkdtempSync(join(tmpdir(), 'emcert-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tinyRun = ['--steps', '4', '--phase1-steps', '2', '--batch', '16', '--hidden', '8', '--negatives', '4', '--negative-steps', '5', '--quiet'];

describe('emcert train', async () => {
  it('writes model.json + weights with a sampling block, a JSON-lines log and checkpoints', async () => {
    const out = join(dir, 'moons');
    const r = await emcert('train', '--dataset', 'moons', '--out', out, ...tinyRun, '--checkpoint-every', '2', '--seed', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*model\.json \(moons, 4 steps/);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.format).toBe('emcert-mlp@1');
    expect(model.regularizer).toEqual({ type: 'quadratic', lambda: 0.1, center: [0, 0] });
    expect(model.sampling).toMatchObject({ sampler: 'ula', stepSize: 0.01, init: 'normal:0,1', temperature: 0.05 });
    expect(model.temperature).toBe(0.05);
    expect(model.layers.map((l: { activation: string }) => l.activation)).toEqual(['tanh', 'identity']);
    expect(model.metadata).toMatchObject({ dataset: 'moons', seed: 3, steps: 4 });
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(true);
    const log = readFileSync(join(out, 'train.log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log[0].event).toBe('start');
    expect(log.filter((e) => e.step !== undefined && e.phase !== undefined).map((e) => e.phase)).toEqual([1, 2]);
    expect(log.at(-1).event).toBe('done');
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['step-000002']);
    // the shipped sampling block lets `emcert sample` run with no sampler flags
    const s = await emcert('sample', '--energy', join(out, 'model.json'), '--particles', '20', '--out', join(dir, 's.json'));
    expect(s.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).samples).toHaveLength(20);
  });

  it('bad input: one line naming it, exit 3, nothing written', async () => {
    const cases: [string[], RegExp][] = [
      [['--dataset', '9gaussians'], /--dataset "9gaussians": unknown data set \(valid: 8gaussians/],
      [['--dataset', 'moons', '--activation', 'relu'], /--activation "relu": expected one of tanh, silu, softplus/],
      [['--dataset', 'moons', '--hidden', '64,0'], /--hidden 0: must be at least 1/],
      [['--dataset', 'moons', '--steps', '5', '--phase1-steps', '9'], /--phase1-steps 9: larger than --steps 5/],
      [['--dataset', 'moons', '--lambda', '-1'], /--lambda -1: must be positive/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'bad');
      const r = await emcert('train', ...args, '--out', out, '--quiet');
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
