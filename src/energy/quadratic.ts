// The quadratic regularizer E(x) = (lambda / 2) |x - center|^2 as a float64 energy.
import { PointwiseEnergy } from './base.js';

export class QuadraticEnergy extends PointwiseEnergy {
  readonly lambda: number;
  readonly center: readonly number[];

  constructor(lambda: number, center: readonly number[], spec?: string) {
    if (!Number.isFinite(lambda)) throw new Error(`QuadraticEnergy: lambda ${lambda} is not finite`);
    if (center.length < 1 || !center.every(Number.isFinite)) throw new Error('QuadraticEnergy: center must be a non-empty list of finite numbers');
    const dim = center.length;
    super({
      dim,
      spec: spec ?? `quadratic(lambda=${lambda}, center=[${center.join(',')}])`,
      files: [],
      model: { kind: 'quadratic', dim, lambda, center: [...center] },
      twiceDifferentiable: true,
      warnings: [],
    });
    this.lambda = lambda;
    this.center = [...center];
  }

  valueAt(xs: Float64Array, off: number): number {
    let s = 0;
    for (let j = 0; j < this.dim; j++) {
      const r = xs[off + j]! - this.center[j]!;
      s += r * r;
    }
    return 0.5 * this.lambda * s;
  }

  valueAndGradientAt(xs: Float64Array, off: number, g: Float64Array, goff: number): number {
    let s = 0;
    for (let j = 0; j < this.dim; j++) {
      const r = xs[off + j]! - this.center[j]!;
      s += r * r;
      g[goff + j] = this.lambda * r; // d/dx_j = lambda (x_j - c_j)
    }
    return 0.5 * this.lambda * s;
  }

  hessianAt(_xs: Float64Array, _off: number, h: Float64Array, hoff: number): void {
    const d = this.dim;
    for (let k = 0; k < d * d; k++) h[hoff + k] = 0;
    for (let j = 0; j < d; j++) h[hoff + j * d + j] = this.lambda;
  }
}

export function quadraticEnergy(lambda: number, center: readonly number[], spec?: string): QuadraticEnergy {
  return new QuadraticEnergy(lambda, center, spec);
}
