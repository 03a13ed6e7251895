// Shared plumbing for float64 energies: an implementation supplies three per-point kernels that
// read a point at an offset of a flat array and write into an output at an offset; this class
// derives the single-point and batched API of `Energy` from them without per-point allocation.
import type { EnergyModel } from '../kernel/model.js';
import type { Energy, EnergyFile } from './types.js';

export interface EnergyInfo {
  readonly dim: number;
  readonly spec: string;
  readonly files: readonly EnergyFile[];
  readonly model: EnergyModel;
  readonly twiceDifferentiable: boolean;
  readonly warnings: readonly string[];
  /** The model file's declared temperature, if any. */
  readonly temperature?: number;
}

export abstract class PointwiseEnergy implements Energy {
  readonly dim: number;
  readonly spec: string;
  readonly files: readonly EnergyFile[];
  readonly model: EnergyModel;
  readonly twiceDifferentiable: boolean;
  readonly warnings: readonly string[];
  readonly temperature?: number;

  protected constructor(info: EnergyInfo) {
    this.dim = info.dim;
    this.spec = info.spec;
    this.files = info.files;
    this.model = info.model;
    this.twiceDifferentiable = info.twiceDifferentiable;
    this.warnings = info.warnings;
    if (info.temperature !== undefined) this.temperature = info.temperature;
  }

  /** E at the point xs[off .. off + d). */
  abstract valueAt(xs: Float64Array, off: number): number;
  /** Writes grad E into g[goff .. goff + d) and returns E (the engine wants both). */
  abstract valueAndGradientAt(xs: Float64Array, off: number, g: Float64Array, goff: number): number;
  /** Writes the row-major d x d Hessian into h[hoff .. hoff + d*d). */
  abstract hessianAt(xs: Float64Array, off: number, h: Float64Array, hoff: number): void;

  value(x: Float64Array): number {
    this.checkLength(x, 1, 'value');
    return this.valueAt(x, 0);
  }

  gradient(x: Float64Array, out?: Float64Array): Float64Array {
    this.checkLength(x, 1, 'gradient');
    const g = out ?? new Float64Array(this.dim);
    this.valueAndGradientAt(x, 0, g, 0);
    return g;
  }

  hessian(x: Float64Array, out?: Float64Array): Float64Array {
    this.checkLength(x, 1, 'hessian');
    const h = out ?? new Float64Array(this.dim * this.dim);
    this.hessianAt(x, 0, h, 0);
    return h;
  }

  valueBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array {
    this.checkLength(xs, n, 'valueBatch');
    const v = out ?? new Float64Array(n);
    const d = this.dim;
    for (let i = 0; i < n; i++) v[i] = this.valueAt(xs, i * d);
    return v;
  }

  gradientBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array {
    this.checkLength(xs, n, 'gradientBatch');
    const d = this.dim;
    const g = out ?? new Float64Array(n * d);
    for (let i = 0; i < n; i++) this.valueAndGradientAt(xs, i * d, g, i * d);
    return g;
  }

  hessianBatch(xs: Float64Array, n: number, out?: Float64Array): Float64Array {
    this.checkLength(xs, n, 'hessianBatch');
    const d = this.dim;
    const h = out ?? new Float64Array(n * d * d);
    for (let i = 0; i < n; i++) this.hessianAt(xs, i * d, h, i * d * d);
    return h;
  }

  valueAndGradientBatch(xs: Float64Array, n: number, values: Float64Array, grads: Float64Array): void {
    this.checkLength(xs, n, 'valueAndGradientBatch');
    const d = this.dim;
    for (let i = 0; i < n; i++) values[i] = this.valueAndGradientAt(xs, i * d, grads, i * d);
  }

  // A too-short input would silently read undefined -> NaN; fail loudly instead (a programming error).
  private checkLength(xs: Float64Array, n: number, what: string): void {
    if (xs.length < n * this.dim)
      throw new RangeError(`${what}: expected ${n} point(s) of dimension ${this.dim}, got an array of length ${xs.length}`);
  }
}
