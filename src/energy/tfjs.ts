// The float32 tfjs evaluator: backend selection (tfjs-node when installed, else WebAssembly, else
// the plain CPU backend), the MLP forward pass that training reuses with trainable variables, and
// a batched value + gradient oracle (tf.grad) for network energies, their regularizers and sums.
// Nothing here feeds a certificate: it is for training and fast sampling only.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Activation, EnergyModel, MlpLayer } from '../kernel/model.js';
import { InputError } from '../util/errors.js';
import type { Energy, GradientOracle } from './types.js';

export { tf };

let ready: Promise<string> | undefined;

/** Initializes tfjs once and returns the backend name ('tensorflow', 'wasm' or 'cpu'). */
export function initTf(): Promise<string> {
  ready ??= selectBackend();
  return ready;
}

async function selectBackend(): Promise<string> {
  try {
    // Optional dependency: its install needs to download libtensorflow, so it is often absent.
    const name = '@tensorflow/tfjs-node';
    await import(name);
    if (await tf.setBackend('tensorflow')) {
      await tf.ready();
      return tf.getBackend();
    }
  } catch {
    // fall through to WebAssembly
  }
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm binaries are read from the package's dist folder, which must be named.
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${dirname(entry)}/`);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return tf.getBackend();
    }
  } catch {
    // fall through to the CPU backend
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}

export interface TfLayer {
  /** [out, in], PyTorch's layout. */
  readonly weight: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
  readonly activation: Activation;
}

function activate(z: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'identity': return z;
    case 'tanh': return tf.tanh(z);
    case 'sigmoid': return tf.sigmoid(z);
    case 'softplus': return tf.softplus(z);
    case 'silu': return tf.mul(z, tf.sigmoid(z));
    case 'relu': return tf.relu(z);
  }
}

/** E(x) for a batch x of shape [n, d]; returns shape [n]. Differentiable in x and in the layers. */
export function mlpForward(layers: readonly TfLayer[], x: tf.Tensor2D): tf.Tensor1D {
  let h = x;
  for (const l of layers) h = activate(tf.add(tf.matMul(h, l.weight, false, true), l.bias), l.activation);
  return tf.reshape(h, [-1]);
}

/** Constant tfjs tensors holding a layer list (float32). The caller owns them. */
export function tfLayersFromModel(layers: readonly MlpLayer[]): TfLayer[] {
  return layers.map((l) => ({
    weight: tf.tensor2d(Float32Array.from(l.weight), [l.outDim, l.inDim]),
    bias: tf.tensor1d(Float32Array.from(l.bias)),
    activation: l.activation,
  }));
}

type BatchFn = (x: tf.Tensor2D) => tf.Tensor1D;

function buildBatchFn(model: EnergyModel, spec: string, owned: tf.Tensor[]): BatchFn {
  switch (model.kind) {
    case 'mlp': {
      const layers = tfLayersFromModel(model.layers);
      for (const l of layers) owned.push(l.weight, l.bias);
      return (x) => mlpForward(layers, x);
    }
    case 'quadratic': {
      const c = tf.tensor1d(Float32Array.from(model.center));
      owned.push(c);
      // (lambda / 2) |x - c|^2 per row
      return (x) => tf.mul(0.5 * model.lambda, tf.sum(tf.square(tf.sub(x, c)), 1));
    }
    case 'sum': {
      const parts = model.terms.map((t) => ({ w: t.weight, f: buildBatchFn(t.model, spec, owned) }));
      return (x) => parts.map(({ w, f }) => tf.mul(w, f(x)) as tf.Tensor1D).reduce((a, b) => tf.add(a, b));
    }
    case 'expression':
      throw new InputError(`${spec}: the tfjs evaluator needs a network energy (an MLP, its regularizer, or sums of those), not an expression`);
  }
}

export interface TfjsOracle extends GradientOracle {
  /** Frees the weight tensors. */
  dispose(): void;
}

/** Batched float32 value and gradient through tfjs autodiff. Call `await initTf()` first. */
export function tfjsOracle(energy: Pick<Energy, 'dim' | 'model' | 'spec'>): TfjsOracle {
  const owned: tf.Tensor[] = [];
  const f = buildBatchFn(energy.model, energy.spec, owned);
  const d = energy.dim;
  // Rows are independent, so the gradient of sum_i E(x_i) holds every per-row gradient.
  const valueAndGrad = tf.valueAndGrad((x: tf.Tensor) => f(x as tf.Tensor2D));
  let scratch = new Float32Array(0);
  return {
    dim: d,
    valueAndGradientBatch(xs, n, values, grads) {
      if (scratch.length < n * d) scratch = new Float32Array(n * d);
      for (let k = 0; k < n * d; k++) scratch[k] = xs[k]!;
      const [v, g] = tf.tidy(() => {
        const x = tf.tensor2d(scratch.subarray(0, n * d), [n, d]);
        const r = valueAndGrad(x);
        return [r.value, r.grad];
      });
      const vd = v!.dataSync();
      const gd = g!.dataSync();
      for (let i = 0; i < n; i++) values[i] = vd[i]!;
      for (let k = 0; k < n * d; k++) grads[k] = gd[k]!;
      v!.dispose();
      g!.dispose();
    },
    dispose() {
      for (const t of owned) t.dispose();
      owned.length = 0;
    },
  };
}
