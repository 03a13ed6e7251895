// Weighted sums sum_i w_i E_i of energies of one dimension (products of experts, a network plus
// its regularizer). Terms built by this package are evaluated in place; any other Energy goes
// through its public single-point API with scratch buffers.
import type { EnergyModel } from '../kernel/model.js';
import { InputError } from '../util/errors.js';
import { PointwiseEnergy } from './base.js';
import type { Energy, EnergyFile } from './types.js';

export interface WeightedEnergy {
  readonly weight: number;
  readonly energy: Energy;
}

export class SumEnergy extends PointwiseEnergy {
  readonly terms: readonly WeightedEnergy[];
  private readonly gScratch: Float64Array;
  private readonly hScratch: Float64Array;
  private readonly xScratch: Float64Array;

  /** `temperature`: a declared temperature (a model file whose network carries a regularizer term). */
  constructor(terms: readonly WeightedEnergy[], spec?: string, temperature?: number) {
    if (terms.length === 0) throw new InputError('sum of energies: no terms');
    const dim = terms[0]!.energy.dim;
    for (const [i, t] of terms.entries()) {
      if (t.energy.dim !== dim)
        throw new InputError(`sum of energies: term ${i + 1} (${t.energy.spec}) has dimension ${t.energy.dim}, term 1 has ${dim}`);
      if (!Number.isFinite(t.weight)) throw new InputError(`sum of energies: weight ${t.weight} of term ${i + 1} is not finite`);
    }
    const files: EnergyFile[] = [];
    for (const t of terms) for (const f of t.energy.files) if (!files.some((g) => g.path === f.path && g.sha256 === f.sha256)) files.push(f);
    const model: EnergyModel = { kind: 'sum', dim, terms: terms.map((t) => ({ weight: t.weight, model: t.energy.model })) };
    super({
      dim,
      spec: spec ?? terms.map((t) => `${t.weight}*[${t.energy.spec}]`).join(' + '),
      files,
      model,
      twiceDifferentiable: terms.every((t) => t.energy.twiceDifferentiable),
      warnings: terms.flatMap((t) => t.energy.warnings),
      ...(temperature !== undefined ? { temperature } : {}),
    });
    this.terms = terms;
    this.gScratch = new Float64Array(dim);
    this.hScratch = new Float64Array(dim * dim);
    this.xScratch = new Float64Array(dim);
  }

  private point(xs: Float64Array, off: number): Float64Array {
    for (let j = 0; j < this.dim; j++) this.xScratch[j] = xs[off + j]!;
    return this.xScratch;
  }

  valueAt(xs: Float64Array, off: number): number {
    let s = 0;
    for (const { weight, energy } of this.terms)
      s += weight * (energy instanceof PointwiseEnergy ? energy.valueAt(xs, off) : energy.value(this.point(xs, off)));
    return s;
  }

  valueAndGradientAt(xs: Float64Array, off: number, g: Float64Array, goff: number): number {
    const d = this.dim;
    const tmp = this.gScratch;
    for (let j = 0; j < d; j++) g[goff + j] = 0;
    let s = 0;
    for (const { weight, energy } of this.terms) {
      let v: number;
      if (energy instanceof PointwiseEnergy) v = energy.valueAndGradientAt(xs, off, tmp, 0);
      else {
        const x = this.point(xs, off);
        v = energy.value(x);
        energy.gradient(x, tmp);
      }
      s += weight * v;
      for (let j = 0; j < d; j++) g[goff + j] += weight * tmp[j]!;
    }
    return s;
  }

  hessianAt(xs: Float64Array, off: number, h: Float64Array, hoff: number): void {
    const dd = this.dim * this.dim;
    const tmp = this.hScratch;
    for (let k = 0; k < dd; k++) h[hoff + k] = 0;
    for (const { weight, energy } of this.terms) {
      if (energy instanceof PointwiseEnergy) energy.hessianAt(xs, off, tmp, 0);
      else energy.hessian(this.point(xs, off), tmp);
      for (let k = 0; k < dd; k++) h[hoff + k] += weight * tmp[k]!;
    }
  }
}

export function sumEnergy(terms: readonly WeightedEnergy[], spec?: string): SumEnergy {
  return new SumEnergy(terms, spec);
}
