// The trainable energy E_theta(x) = V_theta(x) + (lambda/2)|x|^2 as tfjs variables: an MLP
// R^d -> R with smooth activations (certifiable) plus the fixed quadratic regularizer that makes
// exp(-E/T) normalizable. Weights use PyTorch's [out, in] layout so they save without transposing.
import * as tf from '@tensorflow/tfjs';
import type { MlpLayer } from '../kernel/model.js';
import type { Rng } from '../random/rng.js';
import { fastMatMul, linearTransposed } from './fastMatMul.js';

import type { TrainActivation } from './config.js';
export { TRAIN_ACTIVATIONS, type TrainActivation } from './config.js';

export interface NetworkSpec {
  readonly inputDim: number;
  /** Widths of the hidden layers, e.g. [64, 64]. */
  readonly hidden: readonly number[];
  readonly activation: TrainActivation;
  /** Coefficient of the quadratic regularizer (lambda/2)|x|^2 (centre 0). */
  readonly lambda: number;
}

export interface TfNetwork {
  readonly spec: NetworkSpec;
  readonly weights: readonly tf.Variable[];
  readonly biases: readonly tf.Variable[];
  readonly variables: readonly tf.Variable[];
  /** V_theta(x) for x [n, d]: shape [n]. */
  network(x: tf.Tensor2D): tf.Tensor1D;
  /** E(x) = V_theta(x) + (lambda/2)|x|^2: shape [n]. */
  energy(x: tf.Tensor2D): tf.Tensor1D;
  /** E(x) [n] and grad E(x) [n, d] by an explicit backward pass (no tape: twice as fast for sampling). */
  energyAndGradient(x: tf.Tensor2D): [tf.Tensor1D, tf.Tensor2D];
  /** float64 copies of the current weights, in the kernel's plain-data layout. */
  toLayers(): MlpLayer[];
  /** Overwrites the variables with the given layers (same shapes). */
  assign(layers: readonly MlpLayer[]): void;
  dispose(): void;
}

/** act'(z) given z and h = act(z). */
function activationDerivative(z: tf.Tensor, h: tf.Tensor, activation: TrainActivation): tf.Tensor {
  switch (activation) {
    case 'tanh':
      return tf.sub(1, tf.square(h)); // tanh' = 1 - tanh^2
    case 'silu': {
      const s = tf.sigmoid(z); // silu' = s (1 + z (1 - s))
      return tf.mul(s, tf.add(1, tf.mul(z, tf.sub(1, s))));
    }
    case 'softplus':
      return tf.sigmoid(z); // softplus' = sigmoid
  }
}

function activate(x: tf.Tensor, activation: TrainActivation): tf.Tensor {
  switch (activation) {
    case 'tanh':
      return tf.tanh(x);
    case 'silu':
      return tf.mul(x, tf.sigmoid(x)); // silu(x) = x sigmoid(x)
    case 'softplus':
      return tf.softplus(x);
  }
}

/** Layer widths d -> hidden... -> 1. */
export function layerWidths(spec: NetworkSpec): number[] {
  return [spec.inputDim, ...spec.hidden, 1];
}

/** PyTorch's default nn.Linear initialisation, U(-1/sqrt(in), 1/sqrt(in)) for weights and biases, seeded. */
export function initialLayers(spec: NetworkSpec, rng: Rng): MlpLayer[] {
  const widths = layerWidths(spec);
  const layers: MlpLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const inDim = widths[l]!, outDim = widths[l + 1]!;
    const bound = 1 / Math.sqrt(inDim);
    const weight = new Float64Array(outDim * inDim).map(() => (2 * rng.uniform() - 1) * bound);
    const bias = new Float64Array(outDim).map(() => (2 * rng.uniform() - 1) * bound);
    layers.push({ inDim, outDim, weight, bias, activation: l + 2 < widths.length ? spec.activation : 'identity' });
  }
  return layers;
}

export function createTfNetwork(spec: NetworkSpec, layers: readonly MlpLayer[]): TfNetwork {
  const widths = layerWidths(spec);
  if (layers.length !== widths.length - 1) throw new RangeError(`createTfNetwork: expected ${widths.length - 1} layers, got ${layers.length}`);
  layers.forEach((layer, l) => {
    if (layer.inDim !== widths[l] || layer.outDim !== widths[l + 1])
      throw new RangeError(`createTfNetwork: layer ${l} is ${layer.inDim}->${layer.outDim}, expected ${widths[l]}->${widths[l + 1]}`);
  });
  const weights = layers.map((layer) => tf.variable(tf.tensor2d(Float32Array.from(layer.weight), [layer.outDim, layer.inDim])));
  const biases = layers.map((layer) => tf.variable(tf.tensor1d(Float32Array.from(layer.bias))));
  const halfLambda = spec.lambda / 2;

  const network = (x: tf.Tensor2D): tf.Tensor1D =>
    tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (let l = 0; l < weights.length; l++) {
        // x W^T + b, with W stored [out, in] (fastMatMul: untransposed products in every derivative)
        const z = tf.add(linearTransposed(h, weights[l]!), biases[l]!) as tf.Tensor2D;
        h = l + 1 < weights.length ? (activate(z, spec.activation) as tf.Tensor2D) : z;
      }
      return tf.squeeze(h, [1]) as tf.Tensor1D;
    });

  const energyAndGradient = (x: tf.Tensor2D): [tf.Tensor1D, tf.Tensor2D] =>
    tf.tidy(() => {
      const slopes: tf.Tensor2D[] = [];
      let h: tf.Tensor2D = x;
      for (let l = 0; l < weights.length; l++) {
        const z = tf.add(linearTransposed(h, weights[l]!), biases[l]!) as tf.Tensor2D;
        if (l + 1 < weights.length) {
          const a = activate(z, spec.activation) as tf.Tensor2D;
          slopes.push(activationDerivative(z, a, spec.activation) as tf.Tensor2D);
          h = a;
        } else h = z;
      }
      const value = tf.add(tf.squeeze(h, [1]), tf.mul(halfLambda, tf.sum(tf.square(x), 1))) as tf.Tensor1D;
      // Backward: adjoint of the last hidden layer is w_L (1 x width) broadcast over rows, then
      // adj_{l-1} = (adj_l * act'(z_l)) W_l.
      let adj: tf.Tensor2D = tf.tile(weights[weights.length - 1]!, [x.shape[0], 1]) as tf.Tensor2D;
      for (let l = weights.length - 2; l >= 0; l--) adj = fastMatMul(tf.mul(adj, slopes[l]!) as tf.Tensor2D, weights[l]!);
      const grad = tf.add(adj, tf.mul(spec.lambda, x)) as tf.Tensor2D;
      return [value, grad];
    });

  return {
    spec,
    weights,
    energyAndGradient,
    biases,
    variables: [...weights, ...biases],
    network,
    energy: (x) => tf.tidy(() => tf.add(network(x), tf.mul(halfLambda, tf.sum(tf.square(x), 1))) as tf.Tensor1D),
    toLayers: () =>
      layers.map((layer, l) => ({
        inDim: layer.inDim,
        outDim: layer.outDim,
        weight: Float64Array.from(weights[l]!.dataSync()),
        bias: Float64Array.from(biases[l]!.dataSync()),
        activation: l + 1 < layers.length ? spec.activation : 'identity',
      })),
    assign(newLayers) {
      tf.tidy(() =>
        newLayers.forEach((layer, l) => {
          weights[l]!.assign(tf.tensor2d(Float32Array.from(layer.weight), [layer.outDim, layer.inDim]));
          biases[l]!.assign(tf.tensor1d(Float32Array.from(layer.bias)));
        }),
      );
    },
    dispose() {
      for (const v of [...weights, ...biases]) v.dispose();
    },
  };
}
