// Training's negatives oracle: ONNX Runtime with the weights as graph inputs agrees with the float64
// JS evaluator after every weight update (one session serves all steps); without onnxruntime-node
// it falls back to float64 JS and says so in one line.
import { describe, expect, it } from 'vitest';
import { energyFromModel } from '../../src/energy/spec.js';
import type { MlpLayer } from '../../src/kernel/model.js';
import { createRng } from '../../src/random/rng.js';
import { createNegativeOracle, trainedEnergyModel } from '../../src/train/negativeOracle.js';
import { initialLayers } from '../../src/train/network.js';
import { onnxRuntimeInstalled as installed } from '../helpers/onnx.js';

const withOrt = installed ? it : it.skip;
const spec = { inputDim: 2, hidden: [16, 16], activation: 'tanh' as const, lambda: 0.1 };

function points(n: number, seed: number): Float64Array {
  const xs = new Float64Array(2 * n);
  createRng(seed).fillNormal(xs);
  return xs.map((v) => 2 * v);
}

/** The float64 reference: the per-point evaluator of the same energy model. */
function reference(layers: readonly MlpLayer[], xs: Float64Array, n: number): { v: Float64Array; g: Float64Array } {
  const energy = energyFromModel(trainedEnergyModel(2, layers, spec.lambda));
  const v = new Float64Array(n);
  const g = new Float64Array(2 * n);
  energy.valueAndGradientBatch(xs, n, v, g);
  return { v, g };
}

async function maxDeviation(backend: 'auto' | 'float64', threads = 1): Promise<{ backend: string; before: number; after: number; stale: number }> {
  const first = initialLayers(spec, createRng(1));
  const second = initialLayers(spec, createRng(2));
  const neg = await createNegativeOracle(2, first, spec.lambda, { backend, threads });
  try {
    // Enough particles that 2 threads both get a share (64 per thread at least).
    const n = threads > 1 ? 300 : 100;
    const xs = points(n, 3);
    const v = new Float64Array(n);
    const g = new Float64Array(2 * n);
    const dev = (layers: readonly MlpLayer[]) => {
      neg.oracle.valueAndGradientBatch(xs, n, v, g);
      const r = reference(layers, xs, n);
      let m = 0;
      for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(v[i]! - r.v[i]!) / (1 + Math.abs(r.v[i]!)));
      for (let k = 0; k < 2 * n; k++) m = Math.max(m, Math.abs(g[k]! - r.g[k]!) / (1 + Math.abs(r.g[k]!)));
      return m;
    };
    const before = dev(first);
    neg.update(second);
    const after = dev(second);
    const stale = dev(first); // the oracle must now answer for `second`, not `first`
    return { backend: neg.backend, before, after, stale };
  } finally {
    neg.dispose();
  }
}

describe('createNegativeOracle', () => {
  withOrt('ONNX Runtime (float32, weights as graph inputs) matches float64 before and after a weight update', async () => {
    const r = await maxDeviation('auto');
    expect(r.backend).toBe('onnx');
    expect(r.before).toBeLessThan(1e-5);
    expect(r.after).toBeLessThan(1e-5);
    expect(r.stale).toBeGreaterThan(1e-2);
  });

  it('the float64 JS path matches the per-point evaluator to a few ulps and follows updates', async () => {
    const r = await maxDeviation('float64');
    expect(r.backend).toBe('float64');
    expect(r.before).toBeLessThan(1e-13);
    expect(r.after).toBeLessThan(1e-13);
    expect(r.stale).toBeGreaterThan(1e-2);
  });

  it('on 2 threads (ONNX Runtime intra-op threads, or float64 worker threads that receive every update) the same holds', async () => {
    if (installed) {
      const r = await maxDeviation('auto', 2);
      expect(r.backend).toBe('onnx');
      expect(r.after).toBeLessThan(1e-5);
      expect(r.stale).toBeGreaterThan(1e-2);
    }
    const r = await maxDeviation('float64', 2);
    expect(r.backend).toBe('float64');
    expect(r.before).toBeLessThan(1e-13);
    expect(r.after).toBeLessThan(1e-13);
    expect(r.stale).toBeGreaterThan(1e-2);
  });

  it('falls back to float64 JS with a one-line note when onnxruntime-node is absent', async () => {
    const absent = () => Promise.reject(new Error('onnxruntime-node is not installed (npm install onnxruntime-node)\nsecond line'));
    const neg = await createNegativeOracle(2, initialLayers(spec, createRng(1)), spec.lambda, { importRuntime: absent });
    expect(neg.backend).toBe('float64');
    expect(neg.note).toBe('training negatives: onnx backend unavailable (onnxruntime-node is not installed (npm install onnxruntime-node)); using the float64 JS engine (slower)');
  });

  it('float64 on request never loads the runtime', async () => {
    let loaded = false;
    const spy = () => {
      loaded = true;
      return Promise.reject(new Error('no'));
    };
    const neg = await createNegativeOracle(2, initialLayers(spec, createRng(1)), spec.lambda, { backend: 'float64', importRuntime: spy });
    expect(loaded).toBe(false);
    expect(neg.note).toBeUndefined();
  });
});
