import { beforeAll, describe, expect, it } from 'vitest';
import { expressionEnergy } from '../../src/energy/expression.js';
import { MlpEnergy } from '../../src/energy/network/mlp.js';
import { quadraticEnergy } from '../../src/energy/quadratic.js';
import { sumEnergy } from '../../src/energy/sum.js';
import { initTf, mlpForward, tf, tfjsOracle } from '../../src/energy/tfjs.js';
import { InputError } from '../../src/util/errors.js';
import { randomLayers, randomPoints } from './network/randomNetwork.js';

let backend = '';
beforeAll(async () => {
  backend = await initTf();
});

describe('tfjs evaluator', () => {
  it('initializes once on a real backend (wasm here, tfjs-node when installed)', async () => {
    expect(['tensorflow', 'wasm', 'cpu']).toContain(backend);
    expect(await initTf()).toBe(backend);
  });

  it('a weighted sum of a network and a regularizer matches float64 to float32 accuracy', () => {
    const net = new MlpEnergy(randomLayers(8, 3, [12, 12], 'silu'), { dim: 3, spec: 'net' });
    const e = sumEnergy([{ weight: 1.5, energy: net }, { weight: 1, energy: quadraticEnergy(0.2, [1, 0, -1]) }]);
    const oracle = tfjsOracle(e);
    const n = 100;
    const xs = randomPoints(3, n, 3);
    const v = new Float64Array(n);
    const g = new Float64Array(3 * n);
    oracle.valueAndGradientBatch(xs, n, v, g);
    const v64 = e.valueBatch(xs, n);
    const g64 = e.gradientBatch(xs, n);
    for (let i = 0; i < n; i++) expect(Math.abs(v[i]! - v64[i]!)).toBeLessThan(2e-5 * (1 + Math.abs(v64[i]!)));
    for (let k = 0; k < 3 * n; k++) expect(Math.abs(g[k]! - g64[k]!)).toBeLessThan(2e-5 * (1 + Math.abs(g64[k]!)));
    const before = tf.memory().numTensors;
    oracle.valueAndGradientBatch(xs, n, v, g);
    expect(tf.memory().numTensors).toBe(before); // no tensor leaks per call
    oracle.dispose();
  });

  it('refuses expression energies with an InputError naming the spec', () => {
    expect(() => tfjsOracle(expressionEnergy('x1^2'))).toThrow(InputError);
    expect(() => tfjsOracle(expressionEnergy('x1^2'))).toThrow(/^expr:x1\^2: the tfjs evaluator needs a network energy/);
  });

  it('mlpForward is differentiable in the weights (what training uses)', () => {
    const w = tf.variable(tf.tensor2d([[1, 2]]));
    const b = tf.variable(tf.tensor1d([0.5]));
    const x = tf.tensor2d([[1, 1], [0, -1]]);
    const { grads, value } = tf.variableGrads(() => tf.sum(mlpForward([{ weight: w, bias: b, activation: 'tanh' }], x)) as tf.Scalar);
    // E = tanh(x1 + 2 x2 + 0.5) summed over rows: z = 3.5 and -1.5
    const d1 = 1 - Math.tanh(3.5) ** 2;
    const d2 = 1 - Math.tanh(-1.5) ** 2;
    expect(value.dataSync()[0]).toBeCloseTo(Math.tanh(3.5) + Math.tanh(-1.5), 6);
    expect(Array.from(grads[w.name]!.dataSync())).toEqual([expect.closeTo(d1, 6), expect.closeTo(d1 - d2, 6)]);
    expect(grads[b.name]!.dataSync()[0]).toBeCloseTo(d1 + d2, 6);
    tf.dispose([w, b, x, value, ...Object.values(grads)]);
  });
});
