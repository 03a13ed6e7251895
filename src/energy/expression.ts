// Expression energies (`expr:...`): a mathjs expression in x1..xd, its gradient and Hessian by
// symbolic differentiation, all compiled once to plain closures.
import type { MathNode } from 'mathjs';
import { InputError } from '../util/errors.js';
import { PointwiseEnergy } from './base.js';
import { compileHessian, compileValue, compileValueAndGradient, type GradientFn, type HessianFn, type ValueFn } from './expression/codegen.js';
import { differentiate } from './expression/derivative.js';
import { parseEnergyExpression } from './expression/parse.js';

export interface ExpressionOptions {
  /** Dimension; at least the largest k of any xk used. Default: that largest k. */
  readonly dim?: number;
  /** How the input is named in messages and in `spec` (default `expr:<source>`). */
  readonly label?: string;
}

export class ExpressionEnergy extends PointwiseEnergy {
  readonly source: string;
  /** Symbolic partials, for inspection and tests. */
  readonly partials: readonly MathNode[];
  private readonly valueFn: ValueFn;
  private readonly gradientFn: GradientFn;
  private hessianFn: HessianFn | undefined;
  private readonly node: MathNode;

  constructor(source: string, options: ExpressionOptions = {}) {
    const label = options.label ?? `expr:${source}`;
    const { node, maxIndex } = parseEnergyExpression(source, label);
    let dim = maxIndex;
    if (options.dim !== undefined) {
      if (!Number.isInteger(options.dim) || options.dim < 1)
        throw new InputError(`${label}: dimension ${options.dim} must be a positive integer`);
      if (options.dim < maxIndex)
        throw new InputError(`${label}: uses x${maxIndex} but the dimension is ${options.dim}`);
      dim = options.dim;
    }
    if (dim === 0) throw new InputError(`${label}: the expression uses no variable (use x1..xd)`);
    const absUsed = /\babs\s*\(/.test(source);
    super({
      dim,
      spec: label,
      files: [],
      model: { kind: 'expression', dim, source },
      twiceDifferentiable: !absUsed,
      warnings: absUsed ? [`${label}: abs is not differentiable at 0; curvature checks refuse it`] : [],
    });
    this.source = source;
    this.node = node;
    const partials: MathNode[] = [];
    try {
      for (let j = 1; j <= dim; j++) partials.push(differentiate(node, `x${j}`));
    } catch (e) {
      throw new InputError(`${label}: cannot differentiate symbolically (${(e as Error).message})`);
    }
    this.partials = partials;
    this.valueFn = compileValue(node, dim);
    this.gradientFn = compileValueAndGradient(node, partials, dim);
  }

  valueAt(xs: Float64Array, off: number): number {
    return this.valueFn(xs, off);
  }

  valueAndGradientAt(xs: Float64Array, off: number, g: Float64Array, goff: number): number {
    return this.gradientFn(xs, off, g, goff);
  }

  hessianAt(xs: Float64Array, off: number, h: Float64Array, hoff: number): void {
    // Compiled on first use: sampling never needs second derivatives.
    if (this.hessianFn === undefined) {
      const upper: MathNode[][] = [];
      for (let i = 0; i < this.dim; i++) {
        const row: MathNode[] = [];
        for (let j = i; j < this.dim; j++) row.push(differentiate(this.partials[i]!, `x${j + 1}`));
        upper.push(row);
      }
      this.hessianFn = compileHessian(upper, this.dim);
    }
    this.hessianFn(xs, off, h, hoff);
  }
}

export function expressionEnergy(source: string, options: ExpressionOptions = {}): ExpressionEnergy {
  return new ExpressionEnergy(source, options);
}
