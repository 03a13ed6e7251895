import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveMlpModel } from '../../src/energy/network/save.js';
import { energyFromModel, loadEnergy, loadEnergySpec, sumEnergy } from '../../src/energy/spec.js';
import { InputError } from '../../src/util/errors.js';
import { randomLayers, randomPoints } from './network/randomNetwork.js';

const root = mkdtempSync(join(tmpdir(), 'emcert-spec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadEnergy', () => {
  it('expr: specs give expression energies named by the spec', () => {
    const e = loadEnergy('expr:0.5*(4*x1^2 + x2^2)');
    expect(e.spec).toBe('expr:0.5*(4*x1^2 + x2^2)');
    expect(e.files).toEqual([]);
    expect(() => loadEnergy('expr:x1+y')).toThrow(/^expr:x1\+y: unknown variable y \(use x1\.\.xd\)$/);
  });

  it('a model path gives the network energy and its stored defaults', () => {
    const dir = join(root, 'm');
    const sampling = { sampler: 'ula' as const, stepSize: 0.05, steps: 200, init: 'normal:0,1', temperature: 1 };
    saveMlpModel(dir, { layers: randomLayers(2, 2, [4], 'tanh'), regularizer: { lambda: 0.1, center: [0, 0] }, temperature: 1, sampling });
    const loaded = loadEnergySpec(join(dir, 'model.json'));
    expect(loaded.sampling).toEqual(sampling);
    expect(loaded.temperature).toBe(1);
    expect(loaded.energy.files).toHaveLength(2);
    expect(loadEnergy(dir).spec).toBe(join(dir, 'model.json'));
  });

  it('a bare expression without the prefix gets a hint', () => {
    expect(() => loadEnergy('x1^2')).toThrow(InputError);
    expect(() => loadEnergy('x1^2')).toThrow(/^x1\^2: cannot read model file: no such file \(an expression needs the prefix expr:, for example expr:x1\^2\)$/);
    expect(() => loadEnergy('')).toThrow(/energy spec is empty/);
  });
});

describe('energyFromModel rebuilds an equal energy from plain data', () => {
  it('for a network with its regularizer, an expression and a sum of them', () => {
    const dir = join(root, 'r');
    saveMlpModel(dir, { layers: randomLayers(4, 2, [5, 3], 'softplus'), regularizer: { lambda: 0.3, center: [1, 0] }, dtype: 'float64' });
    const original = sumEnergy([{ weight: 0.7, energy: loadEnergy(dir) }, { weight: 0.3, energy: loadEnergy('expr:sigmoid(x1)*x2^2') }]);
    const rebuilt = energyFromModel(original.model);
    expect(rebuilt).not.toBe(original);
    const xs = randomPoints(5, 8, 2);
    expect(Array.from(rebuilt.valueBatch(xs, 8))).toEqual(Array.from(original.valueBatch(xs, 8)));
    expect(Array.from(rebuilt.gradientBatch(xs, 8))).toEqual(Array.from(original.gradientBatch(xs, 8)));
    expect(Array.from(rebuilt.hessianBatch(xs, 8))).toEqual(Array.from(original.hessianBatch(xs, 8)));
    expect(rebuilt.model).toEqual(original.model);
  });
});
