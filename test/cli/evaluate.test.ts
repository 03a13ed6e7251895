import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../train/cliHarness.js';
import { register as train } from '../../src/cli/commands/train.js';
import { register as evaluate } from '../../src/cli/commands/evaluate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
      expect(report[side].ksd).toBeGreaterThan(0);
      expect(report[side].modes.modes).toBe(8);
    }
    // fresh data sits near the modes (98% in expectation)
    expect(report.floor.modes.nearFraction).toBeGreaterThan(0.9);
    expect(report.sampling).toMatchObject({ sampler: 'ula', temperature: 0.05 });
    const b = JSON.parse((await emcert(...args)).stdout);
    expect({ ...b, samplingSeconds: 0 }).toEqual({ ...report, samplingSeconds: 0 });
  });

  it('prints a table by default', async () => {
    const r = await emcert('evaluate', '--energy', model, '--dataset', '8gaussians', '--particles', '30');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sliced W2/);
    expect(r.stdout).toMatch(/modes populated/);
  });

  it('bad input: exit 3 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--energy', model, '--dataset', 'nope'], /unknown data set/],
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
