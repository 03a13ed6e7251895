// The float64 engine on worker threads: the same energies, gradients and samples, bit for bit, as
// the single-threaded batched oracle, for every thread count (the noise stays on one seeded stream
// and each particle takes the same float64 operations on any thread); new weights reach every
// worker; bad thread counts are refused.
import { describe, expect, it } from 'vitest';
import { energyFromModel } from '../../../src/energy/spec.js';
import type { EnergyModel, MlpLayer } from '../../../src/kernel/model.js';
import { initialPositions } from '../../../src/langevin/init.js';
import { batchedOracle } from '../../../src/langevin/oracles/batched.js';
import { createParallelOracle } from '../../../src/langevin/oracles/parallel.js';
import { selectOracle } from '../../../src/langevin/oracles/select.js';
import { runChain } from '../../../src/langevin/run.js';
import { createRng } from '../../../src/random/rng.js';
import { onnxRuntimeInstalled } from '../../helpers/onnx.js';

function mlp(seed: number, width = 24): EnergyModel {
  const rng = createRng(seed);
  const layer = (inDim: number, outDim: number, activation: MlpLayer['activation']): MlpLayer => {
    const weight = new Float64Array(inDim * outDim);
    rng.fillNormal(weight);
    const bias = new Float64Array(outDim);
    rng.fillNormal(bias);
    return { inDim, outDim, weight, bias, activation };
  };
  return { kind: 'mlp', dim: 2, layers: [layer(2, width, 'tanh'), layer(width, width, 'silu'), layer(width, 1, 'identity')] };
}

const SUM: EnergyModel = {
  kind: 'sum',
  dim: 2,
  terms: [
    { weight: 1, model: mlp(3) },
    { weight: 0.5, model: { kind: 'quadratic', dim: 2, lambda: 0.7, center: [0.1, -0.2] } },
  ],
};
const EXPRESSION: EnergyModel = { kind: 'expression', dim: 2, source: '(x1^2 - 1)^2 + x2^2 / 2 + sin(x1 * x2)' };

function evaluate(oracle: { valueAndGradientBatch(xs: Float64Array, n: number, v: Float64Array, g: Float64Array): void }, n: number) {
  const xs = new Float64Array(2 * n);
  createRng(5).fillNormal(xs);
  const v = new Float64Array(n);
  const g = new Float64Array(2 * n);
  oracle.valueAndGradientBatch(xs, n, v, g);
  return { v: Array.from(v), g: Array.from(g) };
}

describe('createParallelOracle', () => {
  it('gives the batched oracle\'s values and gradients bit for bit, for 1-3 threads and batch sizes around the split', async () => {
    // Worker start-up under vitest (tsx's loader, per worker) takes seconds on a loaded machine: few oracles.
    for (const [model, counts] of [[mlp(1), [1, 3]], [SUM, [2]], [EXPRESSION, [2]]] as const) {
      const reference = batchedOracle(energyFromModel(model));
      for (const threads of counts) {
        const oracle = await createParallelOracle(model, threads);
        try {
          // 1 and 100: below the handoff threshold; 257 and 1000: uneven shares and a growing buffer.
          for (const n of [1, 100, 257, 1000]) expect(evaluate(oracle, n), `${model.kind} threads ${threads} n ${n}`).toEqual(evaluate(reference, n));
        } finally {
          oracle.dispose();
        }
      }
    }
  });

  it('setModel reaches every worker', async () => {
    const oracle = await createParallelOracle(mlp(1), 2);
    try {
      oracle.setModel(mlp(2));
      expect(evaluate(oracle, 500)).toEqual(evaluate(batchedOracle(energyFromModel(mlp(2))), 500));
      expect(evaluate(oracle, 500)).not.toEqual(evaluate(batchedOracle(energyFromModel(mlp(1))), 500));
      expect(() => oracle.setModel({ kind: 'quadratic', dim: 3, lambda: 1, center: [0, 0, 0] })).toThrow(/dimension 2/);
      expect(() => oracle.setModel(EXPRESSION)).toThrow(/expression/);
    } finally {
      oracle.dispose();
    }
    expect(() => evaluate(oracle, 10)).toThrow(/after dispose/);
  });

  it('refuses a thread count that is not a positive integer', async () => {
    for (const t of [0, -1, 1.5, NaN]) await expect(createParallelOracle(mlp(1), t)).rejects.toThrow(/threads must be a positive integer/);
  });
});

describe('the same seed reproduces a run bit for bit', () => {
  const run = async (sampler: 'ula' | 'mala', threads: number, seed: number) => {
    const energy = energyFromModel(mlp(9));
    const s = await selectOracle(energy, 'js', { threads });
    try {
      expect(s.backend).toBe('float64');
      expect(s.threads).toBe(threads);
      const rng = createRng(seed);
      const positions = initialPositions({ dim: 2, particles: 700, init: { mean: 0, std: 1 }, rng });
      return Array.from(runChain({ kernel: sampler, oracle: s.oracle, positions, steps: 15, stepSize: 0.01, temperature: 1, rng }).state.positions);
    } finally {
      s.dispose();
    }
  };

  it('for each (seed, threads), and the float64 engine\'s samples do not depend on the thread count', async () => {
    const one = await run('ula', 1, 4);
    expect(await run('ula', 2, 4)).toEqual(one);
    expect(await run('ula', 2, 4)).toEqual(one);
    expect(await run('ula', 2, 5)).not.toEqual(one);
    expect(await run('mala', 3, 4)).toEqual(await run('mala', 1, 4));
  });
});

describe.runIf(onnxRuntimeInstalled)('the onnx evaluator (a session per thread)', () => {
  it('reproduces a ULA run bit for bit for a (seed, threads) and stays within float32 accuracy of the float64 run', async () => {
    const model = mlp(11, 32);
    const run = async (backend: 'js' | 'onnx', threads: number) => {
      const s = await selectOracle(energyFromModel(model), backend, { threads });
      try {
        expect(s.backend).toBe(backend === 'js' ? 'float64' : 'onnx');
        const rng = createRng(6);
        const positions = initialPositions({ dim: 2, particles: 600, init: { mean: 0, std: 1 }, rng });
        return Array.from(runChain({ kernel: 'ula', oracle: s.oracle, positions, steps: 10, stepSize: 0.005, temperature: 1, rng }).state.positions);
      } finally {
        s.dispose();
      }
    };
    const a = await run('onnx', 2);
    expect(await run('onnx', 2)).toEqual(a);
    const f64 = await run('js', 1);
    const worst = Math.max(...a.map((x, k) => Math.abs(x - f64[k]!)));
    expect(worst).toBeGreaterThan(0); // float32 really ran
    expect(worst).toBeLessThan(1e-4);
  });

  it('refuses setModel (fixed parameters)', async () => {
    const o = await createParallelOracle(mlp(1), 2, { evaluator: 'onnx' });
    try {
      expect(() => o.setModel(mlp(2))).toThrow(/onnx evaluator/);
    } finally {
      o.dispose();
    }
  });
});
