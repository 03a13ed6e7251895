// The one Energy abstraction every part of emcert uses: float64 value, gradient and Hessian,
// single point and batched. Batched arrays are row-major: point i is xs[i*d .. i*d + d).
import type { EnergyModel } from '../kernel/model.js';

export interface EnergyFile {
  readonly path: string;
  readonly sha256: string;
}

/** What the Langevin engine needs on its hot path. Energy implements it in float64; the tfjs
 *  evaluator implements it in float32; a native kernel can implement it later. */
export interface GradientOracle {
  readonly dim: number;
  /** values[i] = E(x_i); grads[i*d + j] = dE/dx_j (x_i). Both outputs are filled. */
  valueAndGradientBatch(xs: Float64Array, n: number, values: Float64Array, grads: Float64Array): void;
}

export interface Energy extends GradientOracle {
  readonly dim: number;
  /** The spec the user gave (`expr:...`, a model.json path, or a description of a sum). */
  readonly spec: string;
  /** Every file this energy read, with its sha256 (for certificates). */
  readonly files: readonly EnergyFile[];
  /** Plain-data form for the trusted kernel. */
  readonly model: EnergyModel;
  /** False when some part is not twice differentiable everywhere (relu): curvature checks refuse it. */
  readonly twiceDifferentiable: boolean;
  /** Human-readable cautions (for example "relu is not twice differentiable"). */
  readonly warnings: readonly string[];
  /** The temperature the model file declares (model.json's top-level `temperature`); absent for
   *  expressions and sums. certifyEnergy and the CLI use it when no temperature is given. */
  readonly temperature?: number;

  value(x: Float64Array): number;
  gradient(x: Float64Array, out?: Float64Array): Float64Array;
  /** Row-major d x d. */
  hessian(x: Float64Array, out?: Float64Array): Float64Array;

  valueBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array;
  gradientBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array;
  /** n blocks of d x d, row-major. */
  hessianBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array;
}
