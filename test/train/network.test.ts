import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { energyFromModel } from '../../src/energy/spec.js';
import { initTf } from '../../src/energy/tfjs.js';
import { createRng } from '../../src/random/rng.js';
import { createTfNetwork, initialLayers, type TrainActivation } from '../../src/train/network.js';
import { networkOracle } from '../../src/train/networkOracle.js';

describe('the trainable network E = V_theta + (lambda/2)|x|^2', () => {
  beforeAll(async () => {
    await initTf();
  });

  it.each(['tanh', 'silu', 'softplus'] as TrainActivation[])(
    '%s: the tfjs oracle agrees with the float64 evaluator of the saved layers (float32 accuracy)',
    (activation) => {
      const spec = { inputDim: 2, hidden: [16, 8], activation, lambda: 0.3 };
      const layers = initialLayers(spec, createRng(9));
      const net = createTfNetwork(spec, layers);
      const saved = net.toLayers();
      // toLayers returns float64 copies of the float32 variables
      expect(saved[0]!.weight[0]).toBe(Math.fround(layers[0]!.weight[0]!));
      const reference = energyFromModel({
        kind: 'sum',
        dim: 2,
        terms: [
          { weight: 1, model: { kind: 'mlp', dim: 2, layers: saved } },
          { weight: 1, model: { kind: 'quadratic', dim: 2, lambda: 0.3, center: [0, 0] } },
        ],
      });
      const n = 50;
      const xs = new Float64Array(2 * n);
      createRng(10).fillNormal(xs);
      for (let k = 0; k < xs.length; k++) xs[k] = Math.fround(2 * xs[k]!);
      const values = new Float64Array(n), grads = new Float64Array(2 * n);
      networkOracle(net).valueAndGradientBatch(xs, n, values, grads);
      const refV = reference.valueBatch(xs, n), refG = reference.gradientBatch(xs, n);
      for (let i = 0; i < n; i++) expect(Math.abs(values[i]! - refV[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(refV[i]!)));
      for (let k = 0; k < 2 * n; k++) expect(Math.abs(grads[k]! - refG[k]!)).toBeLessThan(1e-5 * (1 + Math.abs(refG[k]!)));
      // the explicit backward pass equals tfjs autodiff
      const x = tf.tensor2d(Float32Array.from(xs), [n, 2]);
      const auto = tf.grad((t: tf.Tensor) => tf.sum(net.energy(t as tf.Tensor2D)))(x);
      const [, manual] = net.energyAndGradient(x);
      const a = auto.dataSync(), m = manual.dataSync();
      for (let k = 0; k < 2 * n; k++) expect(Math.abs(a[k]! - m[k]!)).toBeLessThan(1e-5 * (1 + Math.abs(a[k]!)));
      tf.dispose([x, auto, manual]);
      net.dispose();
    },
  );

  it('initial layers follow PyTorch nn.Linear: |w| <= 1/sqrt(in), last layer identity', () => {
    const layers = initialLayers({ inputDim: 2, hidden: [64, 64], activation: 'tanh', lambda: 0.1 }, createRng(1));
    expect(layers.map((l) => [l.inDim, l.outDim, l.activation])).toEqual([[2, 64, 'tanh'], [64, 64, 'tanh'], [64, 1, 'identity']]);
    expect(Math.max(...layers[1]!.weight.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
  });
});
