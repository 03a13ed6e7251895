// The kernel's one way to read an expression: mathjs parses with numbers as BigNumber, so every
// ConstantNode keeps the literal's decimal digits. The enclosure walker (expression.ts) and the
// polynomial-degree proof (stopping/quadraticStructure.ts) both read literals through here, so
// `x1^2.0000000000000001` is a real power in both (a number parse would round it to 2).

import { create, parseDependencies, type MathNode } from 'mathjs';
import { decimalInteger } from '../decimal.js';

const parser = create({ parseDependencies }, { number: 'BigNumber' });

/** The parsed tree; throws mathjs's error for a syntax error. */
export function parseKernelExpression(source: string): MathNode {
  return parser.parse(source);
}

/** The decimal text of a numeric ConstantNode ("0.1", "2e-3"), or null for any other constant. */
export function constantText(node: MathNode): string | null {
  if (node.type !== 'ConstantNode') return null;
  const value = (node as unknown as { value: unknown }).value;
  const text = typeof value === 'object' && value !== null ? String(value) : typeof value === 'number' ? String(value) : null;
  return text !== null && /^[+-]?(\d|\.\d)/.test(text) ? text : null;
}

/**
 * The exact integer a literal denotes, through parentheses and unary signs ("3", "(-4)",
 * "1e3"), or null when it is not a literal integer (or has more than 400 digits).
 */
export function literalInteger(node: MathNode): bigint | null {
  const n = node as unknown as { content?: MathNode; fn?: unknown; args?: MathNode[] };
  if (node.type === 'ParenthesisNode') return literalInteger(n.content!);
  if (node.type === 'OperatorNode' && n.args?.length === 1 && (n.fn === 'unaryMinus' || n.fn === 'unaryPlus')) {
    const inner = literalInteger(n.args[0]!);
    return inner === null ? null : n.fn === 'unaryMinus' ? -inner : inner;
  }
  const text = constantText(node);
  return text === null ? null : decimalInteger(text);
}
