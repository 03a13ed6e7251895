import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/energy/network/load.js';
import { saveMlpModel } from '../../../src/energy/network/save.js';
import { writeSafetensors } from '../../../src/energy/network/safetensors.js';
import { sha256Hex } from '../../../src/util/files.js';
import { InputError } from '../../../src/util/errors.js';
import { randomLayers } from './randomNetwork.js';

const FIXTURE = 'test/fixtures/models/torch-tanh';
const root = mkdtempSync(join(tmpdir(), 'emcert-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** A valid 2 -> 3 -> 1 model in a fresh directory; `edit` may change model.json before writing. */
function makeModel(edit?: (doc: Record<string, any>) => void): { dir: string; model: string; weights: string } {
  const dir = join(root, `m${counter++}`);
  saveMlpModel(dir, { layers: randomLayers(3, 2, [3], 'tanh'), dtype: 'float64' });
  const model = join(dir, 'model.json');
  if (edit) {
    const doc = JSON.parse(readFileSync(model, 'utf8'));
    edit(doc);
    writeFileSync(model, JSON.stringify(doc));
  }
  return { dir, model, weights: join(dir, 'weights.safetensors') };
}

function refusal(path: string): string {
  try {
    loadModelFile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const m = (e as Error).message;
    expect(m.split('\n')).toHaveLength(1);
    return m;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('loading a PyTorch nn.Sequential saved with the README recipe', () => {
  const reference = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as {
    points: number[][]; values: number[]; gradients: number[][]; hessians: number[][][];
  };
  const loaded = loadModelFile(join(FIXTURE, 'model.json'));

  it('matches torch float64 values, gradients and Hessians', () => {
    const e = loaded.energy;
    expect(e.dim).toBe(2);
    reference.points.forEach((p, i) => {
      const x = Float64Array.from(p);
      expect(Math.abs(e.value(x) - reference.values[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(reference.values[i]!)));
      const g = e.gradient(x);
      const h = e.hessian(x);
      for (let j = 0; j < 2; j++) {
        expect(Math.abs(g[j]! - reference.gradients[i]![j]!)).toBeLessThan(1e-12);
        for (let k = 0; k < 2; k++) expect(Math.abs(h[j * 2 + k]! - reference.hessians[i]![j]![k]!)).toBeLessThan(1e-12);
      }
    });
  });

  it('is the sum [mlp, quadratic] with both files hashed, and a twice differentiable energy', () => {
    const m = loaded.energy.model;
    expect(m.kind).toBe('sum');
    if (m.kind !== 'sum') return;
    expect(m.terms.map((t) => [t.weight, t.model.kind])).toEqual([[1, 'mlp'], [1, 'quadratic']]);
    expect(loaded.energy.files.map((f) => f.sha256)).toEqual([
      sha256Hex(readFileSync(join(FIXTURE, 'model.json'))),
      sha256Hex(readFileSync(join(FIXTURE, 'weights.safetensors'))),
    ]);
    expect(loaded.energy.twiceDifferentiable).toBe(true);
    expect(loaded.temperature).toBe(1);
    expect(loaded.dtypes).toEqual(['F32']);
  });

  it('a directory stands for its model.json', () => {
    const x = new Float64Array([0.5, -1]);
    expect(loadModelFile(FIXTURE).energy.value(x)).toBe(loaded.energy.value(x));
  });
});

describe('the loader refuses bad model files, naming the file and the problem', () => {
  it('missing model.json', () => {
    expect(refusal(join(root, 'nowhere', 'model.json'))).toMatch(/nowhere\/model\.json: cannot read model file: no such file/);
  });

  it('not JSON', () => {
    const { model } = makeModel();
    writeFileSync(model, '{"format": ');
    expect(refusal(model)).toMatch(/model\.json: not valid JSON/);
  });

  it('wrong format string', () => {
    const { model } = makeModel((d) => (d.format = 'emcert-mlp@2'));
    expect(refusal(model)).toMatch(/model\.json: format: expected "emcert-mlp@1", got "emcert-mlp@2"/);
  });

  it('missing weights file', () => {
    const { model, weights } = makeModel();
    rmSync(weights);
    expect(refusal(model)).toMatch(/weights\.safetensors: cannot read weights file \(named by .*model\.json\): no such file/);
  });

  it('truncated weights file', () => {
    const { model, weights } = makeModel();
    const bytes = readFileSync(weights);
    writeFileSync(weights, bytes.subarray(0, bytes.length - 3));
    expect(refusal(model)).toMatch(/weights\.safetensors: truncated: tensor "2\.bias" ends at byte/);
  });

  it('shape mismatch against the manifest', () => {
    const { model } = makeModel((d) => (d.inputDim = 3));
    expect(refusal(model)).toMatch(/model\.json: layers\[0\]\.weight "0\.weight" has shape \[3, 2\], expected \[out, 3\].*since inputDim 3/);
    const swapped = makeModel((d) => (d.layers[1].bias = '0.bias'));
    expect(refusal(swapped.model)).toMatch(/layers\[1\]\.bias "0\.bias" has shape \[3\], expected \[1\]/);
  });

  it('missing tensor', () => {
    const { model } = makeModel((d) => (d.layers[1].weight = '4.weight'));
    expect(refusal(model)).toMatch(/model\.json: layers\[1\]\.weight: tensor "4\.weight" is missing from .*weights\.safetensors \(it has: 0\.weight, 0\.bias, 2\.weight, 2\.bias\)/);
  });

  it('NaN or Inf in the weights', () => {
    for (const bad of [NaN, Infinity]) {
      const { model, weights } = makeModel();
      const tensors = new Map([
        ['0.weight', { shape: [3, 2], data: [1, 2, 3, bad, 5, 6] }],
        ['0.bias', { shape: [3], data: [0, 0, 0] }],
        ['2.weight', { shape: [1, 3], data: [1, 1, 1] }],
        ['2.bias', { shape: [1], data: [0] }],
      ]);
      writeFileSync(weights, writeSafetensors(tensors, 'F32'));
      expect(refusal(model)).toMatch(new RegExp(`weights\\.safetensors: tensor "0\\.weight" holds ${bad} at flat index 3 \\(weights must be finite\\)`));
    }
  });

  it('unknown activations, all reported at once', () => {
    const { model } = makeModel((d) => {
      d.layers[0].activation = 'gelu';
      d.layers[1].activation = 'swish';
    });
    expect(refusal(model)).toMatch(/layers\[0\]\.activation "gelu", layers\[1\]\.activation "swish": unknown activation \(known: identity, tanh/);
  });

  it('a network whose output is not scalar', () => {
    const { model } = makeModel((d) => d.layers.pop());
    expect(refusal(model)).toMatch(/layers\[0\] outputs 3 values; an energy needs a scalar/);
  });

  it('bad regularizer, temperature, sampling block and unknown fields', () => {
    expect(refusal(makeModel((d) => (d.regularizer = { type: 'quadratic', lambda: -1, center: [0, 0] })).model)).toMatch(/regularizer\.lambda: must be non-negative/);
    expect(refusal(makeModel((d) => (d.regularizer = { type: 'quadratic', lambda: 1, center: [0] })).model)).toMatch(/regularizer\.center: expected a list of 2 numbers/);
    expect(refusal(makeModel((d) => (d.temperature = 0)).model)).toMatch(/temperature: must be positive, got 0/);
    expect(refusal(makeModel((d) => (d.sampling = { sampler: 'hmc', stepSize: 0.1, steps: 10, init: 'normal:0,1', temperature: 1 })).model)).toMatch(/sampling\.sampler: expected one of ula, mala, flow, got "hmc"/);
    expect(refusal(makeModel((d) => (d.sampling = { sampler: 'ula', stepSize: -0.1, steps: 10, init: 'normal:0,1', temperature: 1 })).model)).toMatch(/sampling\.stepSize: must be positive, got -0\.1/);
    expect(refusal(makeModel((d) => (d.sampling = { sampler: 'ula', stepSize: 0.1, steps: 10, init: 'uniform:0,1', temperature: 1 })).model)).toMatch(/sampling\.init: expected "normal:MEAN,STD"/);
    expect(refusal(makeModel((d) => (d.sampling = { sampler: 'ula', stepSize: 0.1, steps: 10, init: 'normal:0,1' })).model)).toMatch(/sampling\.temperature: missing/);
    expect(refusal(makeModel((d) => (d.layer = [])).model)).toMatch(/document: unknown field\(s\) "layer"/);
  });

  it('relu loads with a warning and is not twice differentiable', () => {
    const { model } = makeModel((d) => (d.layers[0].activation = 'relu'));
    const loaded = loadModelFile(model);
    expect(loaded.energy.twiceDifferentiable).toBe(false);
    expect(loaded.energy.warnings.join(' ')).toMatch(/relu is not twice differentiable/);
  });
});
