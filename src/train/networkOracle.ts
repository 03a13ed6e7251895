// A GradientOracle over the live training weights, so the Langevin negatives of Energy Matching are
// chains of the shared engine (src/langevin) on the current E_theta, evaluated by tfjs in float32.
import * as tf from '@tensorflow/tfjs';
import type { GradientOracle } from '../energy/types.js';
import type { TfNetwork } from './network.js';

export function networkOracle(net: TfNetwork): GradientOracle {
  const dim = net.spec.inputDim;
  return {
    dim,
    valueAndGradientBatch(xs, n, values, grads) {
      const [v, g] = tf.tidy(() => net.energyAndGradient(tf.tensor2d(Float32Array.from(xs.subarray(0, n * dim)), [n, dim])));
      values.set(v.dataSync());
      grads.set(g.dataSync());
      v.dispose();
      g.dispose();
    },
  };
}
