// A layer-major float64 value + gradient evaluator for an MLP over a whole batch of particles:
// the Langevin hot path. The per-point evaluator in src/energy/ walks one particle through every
// layer (matrix-vector products, weights streamed once per particle); here a block of particles
// goes through each layer together (matrix-matrix products in small register tiles, each weight
// row loaded once per tile), and all scratch is allocated once.
//   forward:  Z_l = H_{l-1} W_l^T + b_l,  H_l = act(Z_l),  D_l = act'(Z_l)
//   backward: G_{l-1} = (G_l ∘ D_l) W_l,  G_L = 1, and dE/dx = G_0.
import type { Activation, MlpLayer } from '../../kernel/model.js';
import type { GradientOracle } from '../../energy/types.js';
import { activateArray } from '../../energy/network/activations.js';

/** Particles per block: the block's activations stay in cache while every layer is applied. */
const BLOCK = 32;

interface LayerPlan {
  readonly inDim: number;
  readonly outDim: number;
  /** W, [out, in] row-major (PyTorch's layout). */
  readonly w: Float64Array;
  /** W^T, [in, out] row-major: the backward product reads it row by row. */
  readonly wt: Float64Array;
  readonly b: Float64Array;
  readonly activation: Activation;
  /** act'(Z) for the block, [BLOCK, out]. */
  readonly d1: Float64Array;
}

export function mlpBatchOracle(dim: number, layers: readonly MlpLayer[]): GradientOracle {
  let prev = dim;
  let widest = dim;
  const plan: LayerPlan[] = layers.map((l, i) => {
    if (l.inDim !== prev || l.weight.length !== l.inDim * l.outDim || l.bias.length !== l.outDim)
      throw new RangeError(`mlpBatchOracle: layer ${i} has shape [${l.outDim}, ${l.inDim}], expected input ${prev}`);
    prev = l.outDim;
    widest = Math.max(widest, l.outDim);
    return {
      inDim: l.inDim, outDim: l.outDim, w: l.weight, wt: transpose(l.weight, l.outDim, l.inDim), b: l.bias,
      activation: l.activation, d1: new Float64Array(BLOCK * l.outDim),
    };
  });
  if (prev !== 1) throw new RangeError(`mlpBatchOracle: the last layer has ${prev} outputs, expected 1`);
  // Ping-pong buffers for activations (forward) and adjoints (backward), [BLOCK, widest].
  const hA = new Float64Array(BLOCK * widest);
  const hB = new Float64Array(BLOCK * widest);
  const gA = new Float64Array(BLOCK * widest);
  const gB = new Float64Array(BLOCK * widest);

  function block(xs: Float64Array, first: number, m: number, values: Float64Array, grads: Float64Array): void {
    // Forward. The input block is copied so every layer reads a dense [m, in] matrix at offset 0.
    let input = hA;
    let output = hB;
    for (let k = 0, off = first * dim; k < m * dim; k++) input[k] = xs[off + k]!;
    for (const p of plan) {
      affine(input, p.w, p.b, m, p.inDim, p.outDim, output);
      activateArray(p.activation, output, output, m * p.outDim, p.d1); // in place, with act'
      const t = input;
      input = output;
      output = t;
    }
    for (let i = 0; i < m; i++) values[first + i] = input[i]!;
    // Backward: adjoint of the scalar output is 1.
    let g = gA;
    let gPrev = gB;
    g.fill(1, 0, m);
    for (let l = plan.length - 1; l >= 0; l--) {
      const p = plan[l]!;
      const count = m * p.outDim;
      for (let k = 0; k < count; k++) g[k] = g[k]! * p.d1[k]!; // dE/dZ = dE/dH ∘ act'(Z)
      affine(g, p.wt, undefined, m, p.outDim, p.inDim, gPrev);
      const t = g;
      g = gPrev;
      gPrev = t;
    }
    for (let k = 0, off = first * dim; k < m * dim; k++) grads[off + k] = g[k]!;
  }

  return {
    dim,
    valueAndGradientBatch(xs, n, values, grads) {
      for (let first = 0; first < n; first += BLOCK) block(xs, first, Math.min(BLOCK, n - first), values, grads);
    },
  };
}

function transpose(w: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c]!;
  return t;
}

/**
 * out[p, o] = bias[o] + sum_k a[p, k] * b[o, k], for p < m (a is [m, K], b is [O, K], both
 * row-major, out is [m, O]). Tiles of 2 rows x 4 columns keep 8 accumulators in registers.
 */
export function affine(a: Float64Array, b: Float64Array, bias: Float64Array | undefined, m: number, K: number, O: number, out: Float64Array): void {
  let p = 0;
  for (; p + 1 < m; p += 2) {
    const a0 = p * K;
    const a1 = a0 + K;
    let o = 0;
    for (; o + 3 < O; o += 4) {
      const b0 = o * K;
      const b1 = b0 + K;
      const b2 = b1 + K;
      const b3 = b2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = a[a0 + k]!;
        const x1 = a[a1 + k]!;
        const w0 = b[b0 + k]!;
        const w1 = b[b1 + k]!;
        const w2 = b[b2 + k]!;
        const w3 = b[b3 + k]!;
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      const c0 = bias ? bias[o]! : 0, c1 = bias ? bias[o + 1]! : 0, c2 = bias ? bias[o + 2]! : 0, c3 = bias ? bias[o + 3]! : 0;
      const r0 = p * O + o;
      const r1 = r0 + O;
      out[r0] = s00 + c0; out[r0 + 1] = s01 + c1; out[r0 + 2] = s02 + c2; out[r0 + 3] = s03 + c3;
      out[r1] = s10 + c0; out[r1 + 1] = s11 + c1; out[r1 + 2] = s12 + c2; out[r1 + 3] = s13 + c3;
    }
    for (; o < O; o++) {
      const b0 = o * K;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        const w = b[b0 + k]!;
        s0 += a[a0 + k]! * w;
        s1 += a[a1 + k]! * w;
      }
      const c = bias ? bias[o]! : 0;
      out[p * O + o] = s0 + c;
      out[(p + 1) * O + o] = s1 + c;
    }
  }
  for (; p < m; p++) {
    const a0 = p * K;
    for (let o = 0; o < O; o++) {
      const b0 = o * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += a[a0 + k]! * b[b0 + k]!;
      out[p * O + o] = s + (bias ? bias[o]! : 0);
    }
  }
}

