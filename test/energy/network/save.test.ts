import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/energy/network/load.js';
import { saveMlpModel } from '../../../src/energy/network/save.js';
import { randomLayers, randomPoints } from './randomNetwork.js';

const root = mkdtempSync(join(tmpdir(), 'emcert-save-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('saveMlpModel', () => {
  const layers = randomLayers(11, 2, [6, 5], 'silu');
  const sampling = { sampler: 'mala' as const, stepSize: 0.01, steps: 500, init: 'normal:0,2', temperature: 0.5, particles: 1000 };

  it('float64 round trip is exact, and the sampling block, regularizer and temperature come back', () => {
    const dir = join(root, 'f64');
    saveMlpModel(dir, { layers, dtype: 'float64', regularizer: { lambda: 0.2, center: [1, -1] }, temperature: 0.5, sampling, metadata: { seed: 7 } });
    const loaded = loadModelFile(join(dir, 'model.json'));
    expect(loaded.sampling).toEqual(sampling);
    expect(loaded.temperature).toBe(0.5);
    expect(loaded.manifest.regularizer).toEqual({ type: 'quadratic', lambda: 0.2, center: [1, -1] });
    expect(loaded.manifest.metadata).toEqual({ seed: 7 });
    const m = loaded.energy.model;
    if (m.kind !== 'sum' || m.terms[0]!.model.kind !== 'mlp') throw new Error('expected [mlp, quadratic]');
    m.terms[0]!.model.layers.forEach((l, i) => {
      expect(Array.from(l.weight)).toEqual(Array.from(layers[i]!.weight));
      expect(Array.from(l.bias)).toEqual(Array.from(layers[i]!.bias));
      expect(l.activation).toBe(layers[i]!.activation);
    });
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.safetensors']);
  });

  it('float32 (the default) rounds each weight to the nearest float32', () => {
    const dir = join(root, 'f32');
    saveMlpModel(dir, { layers });
    const loaded = loadModelFile(dir);
    expect(loaded.dtypes).toEqual(['F32']);
    expect(loaded.sampling).toBeUndefined();
    const m = loaded.energy.model;
    if (m.kind !== 'mlp') throw new Error('expected an mlp');
    expect(Array.from(m.layers[0]!.weight)).toEqual(Array.from(layers[0]!.weight, Math.fround));
    const xs = randomPoints(1, 4, 2);
    expect(loaded.energy.valueBatch(xs, 4)).not.toEqual(new Float64Array(4));
  });

  it('writes nothing when its input is invalid', () => {
    const dir = join(root, 'bad');
    const nan = layers.map((l, i) => (i === 1 ? { ...l, bias: new Float64Array(l.outDim).fill(NaN) } : l));
    expect(() => saveMlpModel(dir, { layers: nan })).toThrow(/tensor 2\.bias holds NaN/);
    expect(() => saveMlpModel(dir, { layers, sampling: { ...sampling, stepSize: -1 } })).toThrow(/sampling\.stepSize: must be positive/);
    expect(existsSync(dir)).toBe(false);
  });

  it('names tensors like nn.Sequential and writes readable JSON', () => {
    const dir = join(root, 'names');
    saveMlpModel(dir, { layers });
    const doc = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(doc.layers.map((l: { weight: string }) => l.weight)).toEqual(['0.weight', '2.weight', '4.weight']);
    expect(doc.format).toBe('emcert-mlp@1');
  });
});
