// The shipped models: each loads, carries a sampling block, and sampling it with its own defaults
// (the shared engine, float64) reproduces its data set; damaged copies are refused with clear errors.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInit } from '../../src/cli/parse.js';
import { modeCoverage, slicedWasserstein2 } from '../../src/diagnostics/index.js';
import { loadEnergySpec } from '../../src/energy/spec.js';
import { initialPositions, runChain } from '../../src/langevin/index.js';
import { batchedOracle } from '../../src/langevin/oracles/batched.js';
import { createRng } from '../../src/random/rng.js';
import { eightGaussianCenters, sampleDataset } from '../../src/train/datasets.js';
import { MODE_RADIUS } from '../../src/train/evaluate.js';

const ZOO = ['8gaussians', 'moons', 'checkerboard', '2spirals', 'rings'] as const;
const PARTICLES = 600;

function sampleWithDefaults(path: string, seed: number): Float64Array {
  const { energy, sampling } = loadEnergySpec(path);
  if (!sampling) throw new Error(`${path}: no sampling block`);
  const rng = createRng(seed);
  const positions = initialPositions({ dim: 2, particles: PARTICLES, init: parseInit('init', sampling.init), rng });
  return runChain({ kernel: sampling.sampler, oracle: batchedOracle(energy), positions, steps: sampling.steps, stepSize: sampling.stepSize, temperature: sampling.temperature, rng }).state.positions;
}

const tmp = mkdtempSync(join(tmpdir(), 'emcert-zoo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(ZOO)('models/%s', (name) => {
  const path = join('models', name, 'model.json');

  it('loads: a tanh network with the quadratic regularizer, small float32 weights, a sampling block', () => {
    const loaded = loadEnergySpec(path);
    expect(loaded.energy.dim).toBe(2);
    expect(loaded.energy.twiceDifferentiable).toBe(true);
    expect(loaded.sampling?.sampler).toBe('ula');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    expect(manifest.regularizer.lambda).toBeGreaterThan(0);
    expect(manifest.layers.slice(0, -1).every((l: { activation: string }) => l.activation === 'tanh')).toBe(true);
    expect(readFileSync(join('models', name, 'weights.safetensors')).length).toBeLessThan(40_000);
  });

  it('sampling with its own defaults moves the prior most of the way to the data', () => {
    const samples = sampleWithDefaults(path, 11);
    const data = sampleDataset(name, PARTICLES, createRng(12));
    const prior = initialPositions({ dim: 2, particles: PARTICLES, init: { mean: 0, std: 1 }, rng: createRng(15) });
    const floor = slicedWasserstein2(sampleDataset(name, PARTICLES, createRng(13)), data, 2, createRng(14), 100);
    const start = slicedWasserstein2(prior, data, 2, createRng(14), 100);
    const sw = slicedWasserstein2(samples, data, 2, createRng(14), 100);
    // Measured by `emcert evaluate` at 2000 particles (README "Trained models"): 8gaussians 0.161 (floor
    // 0.084), moons 0.122 (0.023), checkerboard 0.197 (0.118), 2spirals 0.117 (0.060), rings 0.106 (0.017). At T = 1
    // the Gibbs measure is smoother than the thin moons, rings and the checkerboard's sharp edges, so
    // those must only close 30% of the gap from the prior.
    const closes = name === '8gaussians' ? 0.5 : 0.7;
    expect(sw, `sliced W2 ${sw}, from the prior ${start}, floor ${floor}`).toBeLessThan(closes * start);
    if (name === '8gaussians') {
      expect(sw, `sliced W2 ${sw} vs floor ${floor}`).toBeLessThan(3 * floor);
      const cover = modeCoverage(samples, 2, eightGaussianCenters(), MODE_RADIUS);
      // With the flow term faded out and the weights averaged, 0.9475 of 2000 samples lie within 1.0 of a
      // mode (data 0.98; 0.951 before the averaging); the recipe before the fade gave 0.86.
      expect(cover.nearFraction, `counts ${cover.counts}`).toBeGreaterThan(0.9);
      expect(cover.populated).toBe(8);
    }
  }, 60_000);
});

describe('damaged model files are refused with one clear error', () => {
  const src = join('models', 'moons');
  const copy = (tag: string) => {
    const dir = join(tmp, tag);
    cpSync(src, dir, { recursive: true });
    return dir;
  };
  it('a missing tensor, a wrong shape, a NaN weight', () => {
    const missing = copy('missing');
    const m1 = JSON.parse(readFileSync(join(missing, 'model.json'), 'utf8'));
    m1.layers[1].bias = '9.bias';
    writeFileSync(join(missing, 'model.json'), JSON.stringify(m1));
    expect(() => loadEnergySpec(join(missing, 'model.json'))).toThrow(/tensor "9.bias" is missing/);

    const shape = copy('shape');
    const m2 = JSON.parse(readFileSync(join(shape, 'model.json'), 'utf8'));
    [m2.layers[0], m2.layers[1]] = [m2.layers[1], m2.layers[0]];
    writeFileSync(join(shape, 'model.json'), JSON.stringify(m2));
    expect(() => loadEnergySpec(join(shape, 'model.json'))).toThrow(/has shape \[.*\], expected/);

    const nan = copy('nan');
    const bytes = readFileSync(join(nan, 'weights.safetensors'));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    bytes.writeFloatLE(NaN, 8 + headerLength); // the first value of the first tensor
    writeFileSync(join(nan, 'weights.safetensors'), bytes);
    expect(() => loadEnergySpec(join(nan, 'model.json'))).toThrow(/holds NaN/);
  });
  it('the shipped directory has no stray checkpoints', () => {
    for (const name of ZOO) expect(existsSync(join('models', name, 'checkpoints'))).toBe(false);
  });
});
