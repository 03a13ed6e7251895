// The float64 MLP evaluator: E(x) = h_L, h_l = act_l(W_l h_{l-1} + b_l), h_0 = x, W_l in PyTorch's
// [out, in] layout. Gradient by backpropagation; Hessian by the exact second-order chain rule
//   hess E = sum_l sum_i (dE/dh_{l,i}) act_l''(z_{l,i}) grad z_{l,i} grad z_{l,i}^T,
// which holds because every node other than the element-wise activations is affine.
// Particles go through in blocks of BLOCK so each weight row is reused while it is in cache (a
// 256 x 256 layer is 512 KB: one particle at a time would stream it from memory every time).
// All work buffers are allocated once per energy: the batched gradient is the sampling hot path.
import type { Activation, MlpLayer } from '../../kernel/model.js';
import { PointwiseEnergy } from '../base.js';
import type { EnergyFile } from '../types.js';
import { activateArray } from './activations.js';

const BLOCK = 16;

export interface MlpInfo {
  readonly dim: number;
  readonly spec: string;
  readonly files?: readonly EnergyFile[];
  readonly warnings?: readonly string[];
  /** The model file's declared temperature, if any. */
  readonly temperature?: number;
}

interface LayerPlan {
  readonly inDim: number;
  readonly outDim: number;
  readonly w: Float64Array;
  /** W transposed, [inDim, outDim]: the backward pass reads it row by row, as dot products. */
  readonly wT: Float64Array;
  readonly b: Float64Array;
  readonly activation: Activation;
  /** Per block, particle-major [BLOCK, outDim]: pre-activations, act', act'', outputs, dE/dh, dE/dz. */
  readonly z: Float64Array;
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  readonly h: Float64Array;
  readonly adj: Float64Array;
  readonly delta: Float64Array;
  /** dz/dx for one particle, [outDim, dim] row-major (Hessian only). */
  readonly jac: Float64Array;
}

export class MlpEnergy extends PointwiseEnergy {
  readonly layers: readonly MlpLayer[];
  private readonly plan: readonly LayerPlan[];
  /** [BLOCK, dim]: the block's inputs, then dE/dx. */
  private readonly x0: Float64Array;
  private readonly x0Adj: Float64Array;
  private readonly scaledJac: Float64Array;

  constructor(layers: readonly MlpLayer[], info: MlpInfo) {
    const relu = layers.some((l) => l.activation === 'relu');
    const warnings = [...(info.warnings ?? [])];
    if (relu) warnings.push(`${info.spec}: relu is not twice differentiable; sampling works but curvature checks refuse it`);
    super({
      dim: info.dim,
      spec: info.spec,
      files: info.files ?? [],
      model: { kind: 'mlp', dim: info.dim, layers },
      twiceDifferentiable: !relu,
      warnings,
      ...(info.temperature !== undefined ? { temperature: info.temperature } : {}),
    });
    this.layers = layers;
    let prev = info.dim;
    let widest = info.dim;
    this.plan = layers.map((l, i) => {
      if (l.inDim !== prev || l.weight.length !== l.inDim * l.outDim || l.bias.length !== l.outDim)
        throw new Error(`MlpEnergy: layer ${i} shapes do not chain (in ${l.inDim}, expected ${prev})`);
      prev = l.outDim;
      widest = Math.max(widest, l.outDim);
      const o = l.outDim;
      const wT = new Float64Array(l.inDim * o);
      for (let r = 0; r < o; r++) for (let c = 0; c < l.inDim; c++) wT[c * o + r] = l.weight[r * l.inDim + c]!;
      return {
        inDim: l.inDim, outDim: o, w: l.weight, wT, b: l.bias, activation: l.activation,
        z: new Float64Array(BLOCK * o), d1: new Float64Array(BLOCK * o), d2: new Float64Array(BLOCK * o),
        h: new Float64Array(BLOCK * o), adj: new Float64Array(BLOCK * o), delta: new Float64Array(BLOCK * o), jac: new Float64Array(o * info.dim),
      };
    });
    if (prev !== 1) throw new Error(`MlpEnergy: the last layer outputs ${prev} values, expected 1`);
    this.x0 = new Float64Array(BLOCK * info.dim);
    this.x0Adj = new Float64Array(BLOCK * info.dim);
    this.scaledJac = new Float64Array(widest * info.dim);
  }

  /** Forward pass of `count` <= BLOCK particles starting at xs[off]; fills z, h (and d1, d2). */
  private forward(xs: Float64Array, off: number, count: number, derivatives: boolean): void {
    const d = this.dim;
    for (let k = 0; k < count * d; k++) this.x0[k] = xs[off + k]!;
    let input = this.x0;
    for (const p of this.plan) {
      const { w, b, z, h, inDim, outDim } = p;
      denseBlock(w, b, outDim, inDim, input, count, z);
      if (derivatives) activateArray(p.activation, z, h, count * outDim, p.d1, p.d2);
      else activateArray(p.activation, z, h, count * outDim);
      input = h;
    }
  }

  /** Backward pass after forward(derivatives): fills every adj = dE/dh and x0Adj = dE/dx. */
  private backward(count: number): void {
    const L = this.plan.length;
    const last = this.plan[L - 1]!;
    for (let q = 0; q < count; q++) last.adj[q] = 1; // the last layer has one output
    for (let l = L - 1; l >= 0; l--) {
      const { wT, d1, adj, delta: dz, inDim, outDim } = this.plan[l]!;
      const target = l > 0 ? this.plan[l - 1]!.adj : this.x0Adj;
      for (let k = 0; k < count * outDim; k++) dz[k] = adj[k]! * d1[k]!; // dE/dz = dE/dh * act'
      denseBlock(wT, undefined, inDim, outDim, dz, count, target); // dE/dh_{l-1} = W^T dE/dz
    }
  }

  valueAt(xs: Float64Array, off: number): number {
    this.forward(xs, off, 1, false);
    return this.plan[this.plan.length - 1]!.h[0]!;
  }

  valueAndGradientAt(xs: Float64Array, off: number, g: Float64Array, goff: number): number {
    this.forward(xs, off, 1, true);
    const e = this.plan[this.plan.length - 1]!.h[0]!;
    this.backward(1);
    for (let j = 0; j < this.dim; j++) g[goff + j] = this.x0Adj[j]!;
    return e;
  }

  override valueBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array {
    const v = out ?? new Float64Array(n);
    const last = this.plan[this.plan.length - 1]!;
    for (let start = 0; start < n; start += BLOCK) {
      const count = Math.min(BLOCK, n - start);
      this.forward(xs, start * this.dim, count, false);
      for (let q = 0; q < count; q++) v[start + q] = last.h[q]!;
    }
    return v;
  }

  override gradientBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array {
    const g = out ?? new Float64Array(n * this.dim);
    this.valueAndGradientBatch(xs, n, new Float64Array(n), g);
    return g;
  }

  override valueAndGradientBatch(xs: Float64Array, n: number, values: Float64Array, grads: Float64Array): void {
    const d = this.dim;
    if (xs.length < n * d) throw new RangeError(`valueAndGradientBatch: expected ${n} point(s) of dimension ${d}, got an array of length ${xs.length}`);
    const last = this.plan[this.plan.length - 1]!;
    for (let start = 0; start < n; start += BLOCK) {
      const count = Math.min(BLOCK, n - start);
      this.forward(xs, start * d, count, true);
      for (let q = 0; q < count; q++) values[start + q] = last.h[q]!;
      this.backward(count);
      for (let k = 0; k < count * d; k++) grads[start * d + k] = this.x0Adj[k]!;
    }
  }

  hessianAt(xs: Float64Array, off: number, hOut: Float64Array, hoff: number): void {
    const d = this.dim;
    this.forward(xs, off, 1, true);
    this.backward(1);
    for (let k = 0; k < d * d; k++) hOut[hoff + k] = 0;
    const scaled = this.scaledJac;
    for (let l = 0; l < this.plan.length; l++) {
      const { w, jac, d2, adj, inDim, outDim, activation } = this.plan[l]!;
      // jac_l = W_l * (diag(act'_{l-1}) jac_{l-1}), with jac_0 = I.
      if (l === 0) {
        jac.set(w.subarray(0, outDim * inDim));
      } else {
        const prev = this.plan[l - 1]!;
        for (let j = 0; j < inDim; j++) {
          const s = prev.d1[j]!;
          for (let c = 0; c < d; c++) scaled[j * d + c] = s * prev.jac[j * d + c]!;
        }
        for (let i = 0; i < outDim; i++) {
          const row = i * inDim;
          for (let c = 0; c < d; c++) {
            let s = 0;
            for (let j = 0; j < inDim; j++) s += w[row + j]! * scaled[j * d + c]!;
            jac[i * d + c] = s;
          }
        }
      }
      if (activation === 'identity') continue;
      for (let i = 0; i < outDim; i++) {
        const coef = adj[i]! * d2[i]!; // dE/dh_i * act''(z_i)
        if (coef === 0) continue;
        for (let r = 0; r < d; r++) {
          const jr = coef * jac[i * d + r]!;
          for (let c = r; c < d; c++) hOut[hoff + r * d + c] += jr * jac[i * d + c]!;
        }
      }
    }
    // Only the upper triangle was accumulated: mirroring makes the result exactly symmetric.
    for (let r = 1; r < d; r++) for (let c = 0; c < r; c++) hOut[hoff + r * d + c] = hOut[hoff + c * d + r]!;
  }
}

/** out[q*rows + i] = bias[i] + sum_j w[i*cols + j] * input[q*cols + j] for q < count. Four particles
 *  share each weight load; every particle's sum still runs over j in order, so a batch gives
 *  bit-for-bit the single-point result. */
function denseBlock(w: Float64Array, bias: Float64Array | undefined, rows: number, cols: number, input: Float64Array, count: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    const b0 = bias === undefined ? 0 : bias[i]!;
    let q = 0;
    for (; q + 3 < count; q += 4) {
      const p0 = q * cols;
      const p1 = p0 + cols;
      const p2 = p1 + cols;
      const p3 = p2 + cols;
      let s0 = b0;
      let s1 = b0;
      let s2 = b0;
      let s3 = b0;
      for (let j = 0; j < cols; j++) {
        const wj = w[row + j]!;
        s0 += wj * input[p0 + j]!;
        s1 += wj * input[p1 + j]!;
        s2 += wj * input[p2 + j]!;
        s3 += wj * input[p3 + j]!;
      }
      out[q * rows + i] = s0;
      out[(q + 1) * rows + i] = s1;
      out[(q + 2) * rows + i] = s2;
      out[(q + 3) * rows + i] = s3;
    }
    for (; q < count; q++) {
      const p0 = q * cols;
      let s = b0;
      for (let j = 0; j < cols; j++) s += w[row + j]! * input[p0 + j]!;
      out[q * rows + i] = s;
    }
  }
}
