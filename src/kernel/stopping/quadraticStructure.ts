// A structural proof that an energy is exactly a polynomial of degree <= 2 in x, which the
// exact-gaussian route needs (a tiny-width Hessian enclosure alone does not prove it: the Hessian
// of x^2/2 + 1e-17 sin(x) also fits in a tiny interval, and its ULA law is not Gaussian).
// Conservative: anything it does not recognise has degree Infinity.
import type { MathNode } from 'mathjs';
import { constantText, literalInteger, parseKernelExpression } from '../expression/parse.js';
import type { EnergyModel } from '../model.js';

const VARIABLE = /^x[1-9][0-9]*$/;

/**
 * An upper bound on the polynomial degree of a mathjs expression in x1..xd (Infinity: not a
 * polynomial). Literals are read exactly (trees from parseKernelExpression: BigNumber constants).
 */
export function polynomialDegree(node: MathNode): number {
  const n = node as unknown as Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode':
      return constantText(node) !== null ? 0 : Infinity;
    case 'SymbolNode':
      return VARIABLE.test(n.name as string) ? 1 : Infinity;
    case 'ParenthesisNode':
      return polynomialDegree(n.content as MathNode);
    case 'OperatorNode': {
      const args = n.args as MathNode[];
      const degrees = args.map(polynomialDegree);
      switch (n.fn as string) {
        case 'add':
        case 'subtract':
          return Math.max(...degrees); // deg(p +- q) <= max(deg p, deg q)
        case 'unaryMinus':
        // Stryker disable next-line ConditionalExpression: equivalent, without this return the case falls through to multiply, whose sum of the one degree is degrees[0]
        case 'unaryPlus':
          return degrees[0]!;
        case 'multiply':
          return degrees.reduce((s, x) => s + x, 0); // deg(p q) <= deg p + deg q
        case 'divide':
          return degrees[1] === 0 ? degrees[0]! : Infinity; // p / c is a polynomial only for a constant c
        case 'pow': {
          if (degrees[0] === 0 && degrees[1] === 0) return 0;
          const exponent = literalInteger(args[1]!);
          // p^k for a literal integer k >= 0 has degree k deg p (exact: 2.0000000000000001 is not 2).
          if (exponent === null || exponent < 0n) return Infinity;
          return exponent === 0n ? 0 : degrees[0]! * Number(exponent);
        }
        default:
          return Infinity;
      }
    }
    case 'FunctionNode':
      // A function of constants is a constant; of anything else, not a polynomial we recognise.
      return (n.args as MathNode[]).every((a) => polynomialDegree(a) === 0) ? 0 : Infinity;
    // Stryker disable next-line ConditionalExpression: equivalent, without this return the degree is undefined, which every enclosing rule turns into NaN or undefined and `<= 2` rejects like Infinity
    default:
      return Infinity;
  }
}

/** True only if the model's E is provably a polynomial of degree <= 2 in x (so f = E / T is exactly quadratic). */
export function isExactlyQuadratic(model: EnergyModel): boolean {
  switch (model.kind) {
    case 'quadratic':
      return true; // (lambda/2) |x - c|^2
    case 'sum':
      return model.terms.every((t) => isExactlyQuadratic(t.model));
    case 'mlp':
      return model.layers.every((layer) => layer.activation === 'identity'); // affine in x
    case 'expression': {
      let node: MathNode;
      try {
        node = parseKernelExpression(model.source);
      } catch {
        return false;
      }
      return polynomialDegree(node) <= 2;
    }
  }
}
