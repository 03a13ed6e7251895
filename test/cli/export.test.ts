import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../train/cliHarness.js';
import { register as train } from '../../src/cli/commands/train.js';
import { register as exportCmd } from '../../src/cli/commands/export.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/energy/network/load.js';

const emcert = (...args: string[]) => runCommand([train, exportCmd], args);

const dir = mkdtempSync(join(tmpdir(), 'emcert-export-'));
const src = join(dir, 'm');
beforeAll(async () => {
  const r = await emcert('train', '--dataset', 'moons', '--out', src, '--steps', '3', '--phase1-steps', '3', '--batch', '16', '--hidden', '8', '--quiet');
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emcert export', async () => {
  it('float32 -> float64 keeps every weight, the regularizer, temperature and sampling block', async () => {
    const out = join(dir, 'f64');
    const r = await emcert('export', '--energy', join(src, 'model.json'), '--out', out, '--dtype', 'float64');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/F32 -> float64|float32 -> float64/);
    const a = loadModelFile(join(src, 'model.json'));
    const b = loadModelFile(out);
    expect(b.dtypes).toEqual(['F64']);
    expect(b.manifest.regularizer).toEqual(a.manifest.regularizer);
    expect(b.manifest.sampling).toEqual(a.manifest.sampling);
    expect(b.temperature).toBe(a.temperature);
    const x = new Float64Array([0.3, -1.2]);
    expect(b.energy.value(x)).toBe(a.energy.value(x));
    // and back to float32: the same bits, since the values came from float32
    const back = join(dir, 'f32');
    expect((await emcert('export', '--energy', out, '--out', back)).code).toBe(0);
    expect(readFileSync(join(back, 'weights.safetensors'))).toEqual(readFileSync(join(src, 'weights.safetensors')));
  });

  it('refuses to overwrite an existing output without --force, and overwrites with it', async () => {
    const out = join(dir, 'twice');
    expect((await emcert('export', '--energy', src, '--out', out)).code).toBe(0);
    const before = readFileSync(join(out, 'weights.safetensors'));
    const refused = await emcert('export', '--energy', src, '--out', out, '--dtype', 'float64');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^emcert: --out .*twice: exists and is not empty \(it holds a model\); choose another directory, or add --force to overwrite\n$/);
    expect(readFileSync(join(out, 'weights.safetensors'))).toEqual(before);
    const forced = await emcert('export', '--energy', src, '--out', out, '--dtype', 'float64', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(loadModelFile(out).dtypes).toEqual(['F64']);
  });

  it('bad input: exit 3, one line, no output', async () => {
    const broken = join(dir, 'broken');
    cpSync(src, broken, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(broken, 'model.json'), 'utf8'));
    manifest.layers[0].weight = 'nope.weight';
    writeFileSync(join(broken, 'model.json'), JSON.stringify(manifest));
    const cases: [string[], RegExp][] = [
      [['--energy', 'expr:x1^2', '--out', join(dir, 'o1')], /this is an expression/],
      [['--energy', join(broken, 'model.json'), '--out', join(dir, 'o2')], /tensor "nope.weight" is missing/],
      [['--energy', join(src, 'model.json'), '--out', join(dir, 'o3'), '--dtype', 'float16'], /--dtype "float16": expected float32 or float64/],
      [['--energy', join(src, 'model.json'), '--out', src], /is the directory of the input model/],
    ];
    for (const [args, message] of cases) {
      const r = await emcert('export', ...args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    for (const o of ['o1', 'o2', 'o3']) expect(existsSync(join(dir, o))).toBe(false);
  });
});
