// A 60-digit decimal evaluator for mathjs expression trees and symbolic derivatives from mathjs
// (not used by the kernel), the independent reference for the expression enclosure tests.

import { all, create, type MathNode } from 'mathjs';
import { Decimal } from 'decimal.js';
import { D60, exactDecimal } from './intervalReference.js';

// BigNumber constants so decimal literals stay exact through derivative().
const math = create(all, { number: 'BigNumber', precision: 64 });
const PI = D60.acos(-1);
const E = D60.exp(1);

type Node = MathNode & { type: string; name?: string; value?: unknown; fn?: unknown; args?: MathNode[]; content?: MathNode };

function evaluate(node: Node, point: readonly Decimal[]): Decimal {
  switch (node.type) {
    case 'ParenthesisNode':
      return evaluate(node.content as Node, point);
    case 'ConstantNode':
      return new D60(String(node.value));
    case 'SymbolNode': {
      const name = node.name!;
      if (name === 'pi') return PI;
      if (name === 'e') return E;
      const m = /^x(\d+)$/.exec(name);
      if (m === null) throw new Error(`reference: symbol ${name}`);
      return point[Number(m[1]) - 1]!;
    }
    case 'OperatorNode': {
      const args = node.args!.map((a) => evaluate(a as Node, point));
      const [a, b] = args as [Decimal, Decimal];
      switch (node.fn as unknown as string) {
        case 'add':
          return args.reduce((s, x) => s.plus(x));
        case 'subtract':
          return a.minus(b);
        case 'multiply':
          return args.reduce((s, x) => s.times(x));
        case 'divide':
          return a.div(b);
        case 'unaryMinus':
          return a.neg();
        case 'unaryPlus':
          return a;
        case 'pow': {
          if (a.isZero() && b.isZero()) return new D60(1);
          if (!a.isFinite() || !b.isFinite()) return new D60(NaN);
          // Skip results whose decimal exponent is astronomically large (decimal.js would crawl).
          if (!a.isZero() && a.abs().ln().times(b).abs().gt(1e6)) return new D60(NaN);
          return a.pow(b);
        }
        default:
          throw new Error(`reference: operator ${String(node.fn)}`);
      }
    }
    case 'FunctionNode': {
      const name = (node.fn as { name: string }).name;
      const [a] = node.args!.map((x) => evaluate(x as Node, point)) as [Decimal];
      const one = new D60(1);
      // Guards keep decimal.js away from astronomically large arguments (it would take minutes):
      // such points are skipped (NaN) or given their limit, which is within 1e-170 of the truth.
      const huge = a.abs().gt(1e6);
      if (huge && ['sin', 'cos'].includes(name)) return new D60(NaN);
      switch (name) {
        case 'exp':
          if (huge) return a.isNegative() ? new D60(0) : new D60(Infinity);
          return a.exp();
        case 'log':
          return a.ln();
        case 'sqrt':
          return a.sqrt();
        case 'tanh':
          if (a.abs().gt(400)) return new D60(a.isNegative() ? -1 : 1);
          return a.tanh();
        case 'sech':
          if (huge) return new D60(0);
          return one.div(a.cosh());
        case 'cosh':
          if (huge) return new D60(Infinity);
          return a.cosh();
        case 'sinh':
          if (huge) return new D60(a.isNegative() ? -Infinity : Infinity);
          return a.sinh();
        case 'sin':
          return a.sin();
        case 'cos':
          return a.cos();
        case 'abs':
          return a.abs();
        case 'sign':
          return new D60(a.isZero() ? 0 : a.isNegative() ? -1 : 1);
        default:
          throw new Error(`reference: function ${name}`);
      }
    }
    default:
      throw new Error(`reference: node ${node.type}`);
  }
}

export interface ReferenceExpression {
  readonly value: (point: readonly number[]) => Decimal;
  readonly gradient: readonly ((point: readonly number[]) => Decimal)[];
  readonly hessian: readonly (readonly ((point: readonly number[]) => Decimal)[])[];
}

/** Value, gradient and Hessian evaluators from mathjs's symbolic derivative (simplify off). */
export function referenceExpression(source: string, dim: number): ReferenceExpression {
  const tree = math.parse(source) as Node;
  const at = (node: Node) => (p: readonly number[]) => evaluate(node, p.map((x) => new D60(exactDecimal(x))));
  const vars = Array.from({ length: dim }, (_, i) => `x${i + 1}`);
  const first = vars.map((v) => math.derivative(tree, v, { simplify: false }) as Node);
  const second = first.map((g) => vars.map((v) => math.derivative(g, v, { simplify: false }) as Node));
  return { value: at(tree), gradient: first.map(at), hessian: second.map((row) => row.map(at)) };
}

/** Third derivatives d^3/dx_a dx_b dx_c (a <= b <= c, keyed "a,b,c") from mathjs's symbolic derivative. */
export function referenceThird(source: string, dim: number): Map<string, (point: readonly number[]) => Decimal> {
  const tree = math.parse(source) as Node;
  const at = (node: Node) => (p: readonly number[]) => evaluate(node, p.map((x) => new D60(exactDecimal(x))));
  const vars = Array.from({ length: dim }, (_, i) => `x${i + 1}`);
  const out = new Map<string, (point: readonly number[]) => Decimal>();
  for (let a = 0; a < dim; a++) {
    const da = math.derivative(tree, vars[a]!, { simplify: false }) as Node;
    for (let b = a; b < dim; b++) {
      const dab = math.derivative(da, vars[b]!, { simplify: false }) as Node;
      for (let c = b; c < dim; c++) out.set(`${a},${b},${c}`, at(math.derivative(dab, vars[c]!, { simplify: false }) as Node));
    }
  }
  return out;
}
