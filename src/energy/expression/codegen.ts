// Compiles validated expression trees to plain JavaScript closures over Math.* (mathjs's own
// evaluate dispatches every operation through typed-function, which is orders of magnitude slower
// on the sampling hot path). Only node kinds produced by parse.ts and derivative.ts are accepted,
// so the generated source contains nothing but numbers, local variables and the helpers below.
import type { MathNode } from 'mathjs';
import { logistic as sigmoid, softplus } from '../network/activations.js';

type Fields = Record<string, unknown>;
const f = (n: MathNode): Fields => n as unknown as Fields;

/** 1 / (1 + exp(-u)) and log(1 + exp(u)), stable: the network activations' formulas (one home). */
export { logistic as sigmoid, softplus } from '../network/activations.js';

const FUNCTIONS: Readonly<Record<string, (a: string) => string>> = {
  exp: (a) => `Math.exp(${a})`,
  log: (a) => `Math.log(${a})`,
  sqrt: (a) => `Math.sqrt(${a})`,
  tanh: (a) => `Math.tanh(${a})`,
  sinh: (a) => `Math.sinh(${a})`,
  cosh: (a) => `Math.cosh(${a})`,
  sech: (a) => `(1 / Math.cosh(${a}))`,
  sin: (a) => `Math.sin(${a})`,
  cos: (a) => `Math.cos(${a})`,
  abs: (a) => `Math.abs(${a})`,
  sign: (a) => `Math.sign(${a})`,
  sigmoid: (a) => `sigmoid(${a})`,
  softplus: (a) => `softplus(${a})`,
};

const INFIX: Readonly<Record<string, string>> = { add: '+', subtract: '-', multiply: '*', divide: '/' };

/** A JavaScript expression for the tree; variables xk become locals named xk. */
export function toJs(n: MathNode): string {
  switch (n.type) {
    case 'ConstantNode': {
      const v = f(n).value;
      if (typeof v !== 'number') throw new Error(`codegen: non-numeric constant ${n.toString()}`);
      // String(v) round-trips every double; parentheses keep signs and exponents safe.
      return `(${String(v)})`;
    }
    case 'SymbolNode': {
      const name = f(n).name as string;
      if (!/^x[1-9][0-9]*$/.test(name)) throw new Error(`codegen: unexpected symbol ${name}`);
      return name;
    }
    case 'ParenthesisNode':
      return toJs(f(n).content as MathNode);
    case 'OperatorNode': {
      const fn = f(n).fn as string;
      const a = (f(n).args as MathNode[]).map(toJs);
      if (fn === 'unaryMinus') return `(-${a[0]})`;
      if (fn === 'unaryPlus') return a[0]!;
      if (fn === 'pow') return `Math.pow(${a[0]}, ${a[1]})`;
      const op = INFIX[fn];
      if (op === undefined) throw new Error(`codegen: unexpected operator ${fn}`);
      return `(${a.join(` ${op} `)})`;
    }
    case 'FunctionNode': {
      const name = (f(f(n).fn as MathNode).name as string) ?? '';
      const emit = FUNCTIONS[name];
      const a = f(n).args as MathNode[];
      if (emit === undefined || a.length !== 1) throw new Error(`codegen: unexpected function ${n.toString()}`);
      return emit(toJs(a[0]!));
    }
  }
  throw new Error(`codegen: unexpected node ${n.type}`);
}

function locals(dim: number): string {
  const parts: string[] = [];
  for (let k = 1; k <= dim; k++) parts.push(`x${k} = x[o + ${k - 1}]`);
  return parts.length > 0 ? `const ${parts.join(', ')};` : '';
}

function build<T>(params: string, body: string): T {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('sigmoid', 'softplus', `"use strict"; return function (${params}) { ${body} };`)(sigmoid, softplus) as T;
}

export type ValueFn = (x: Float64Array, o: number) => number;
export type GradientFn = (x: Float64Array, o: number, g: Float64Array, go: number) => number;
export type HessianFn = (x: Float64Array, o: number, h: Float64Array, ho: number) => void;

export function compileValue(node: MathNode, dim: number): ValueFn {
  return build<ValueFn>('x, o', `${locals(dim)} return ${toJs(node)};`);
}

/** Writes the d partials and returns the value. */
export function compileValueAndGradient(node: MathNode, partials: readonly MathNode[], dim: number): GradientFn {
  const lines = partials.map((p, j) => `g[go + ${j}] = ${toJs(p)};`);
  return build<GradientFn>('x, o, g, go', `${locals(dim)} ${lines.join(' ')} return ${toJs(node)};`);
}

/** `upper[i][j - i]` is d2/dxi dxj for j >= i; the lower triangle is mirrored. */
export function compileHessian(upper: readonly (readonly MathNode[])[], dim: number): HessianFn {
  const lines: string[] = [];
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const e = toJs(upper[i]![j - i]!);
      if (i === j) lines.push(`h[ho + ${i * dim + j}] = ${e};`);
      else lines.push(`h[ho + ${i * dim + j}] = h[ho + ${j * dim + i}] = ${e};`);
    }
  }
  return build<HessianFn>('x, o, h, ho', `${locals(dim)} ${lines.join(' ')}`);
}
