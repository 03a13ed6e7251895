// Parsing and validating `expr:` energies: a mathjs expression in x1..xd built only from numbers,
// + - * / ^, unary minus and a small set of smooth (or a.e. smooth) functions. Every problem is
// collected so the user sees all of them at once.
import { parse, type MathNode } from 'mathjs';
import { UNARY_FUNCTIONS } from '../../kernel/expression/functions.js';
import { InputError } from '../../util/errors.js';

/**
 * Functions a user may write; each takes one argument. Exactly those the kernel can enclose, so
 * every expression energy that parses here can also be certified (test/energy/functions.test.ts
 * checks that codegen and derivative.ts handle each one).
 */
export const USER_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(UNARY_FUNCTIONS));

const OPERATORS: ReadonlySet<string> = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

const VARIABLE = /^x([1-9][0-9]*)$/;

export interface ParsedExpression {
  readonly node: MathNode;
  /** The largest k such that xk occurs (0 when no variable occurs). */
  readonly maxIndex: number;
}

/** `label` names the input in messages, for example `expr:x1+y`. */
export function parseEnergyExpression(source: string, label: string): ParsedExpression {
  if (source.trim() === '') throw new InputError(`${label}: empty expression (write a mathjs expression in x1..xd)`);
  let node: MathNode;
  try {
    node = parse(source);
  } catch (e) {
    throw new InputError(`${label}: malformed expression (${(e as Error).message})`);
  }
  const problems: string[] = [];
  let maxIndex = 0;
  const visit = (n: MathNode): void => {
    const any = n as unknown as Record<string, unknown>;
    switch (n.type) {
      case 'ConstantNode': {
        const v = any.value;
        if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`unsupported constant ${n.toString()}`);
        return;
      }
      case 'SymbolNode': {
        const name = any.name as string;
        const m = VARIABLE.exec(name);
        if (m) maxIndex = Math.max(maxIndex, Number(m[1]));
        else if (USER_FUNCTIONS.has(name)) problems.push(`function ${name} used without an argument`);
        else problems.push(`unknown variable ${name} (use x1..xd)`);
        return;
      }
      case 'ParenthesisNode':
        visit(any.content as MathNode);
        return;
      case 'OperatorNode': {
        const fn = any.fn as string;
        if (!OPERATORS.has(fn)) problems.push(`unsupported operator ${String(any.op)}`);
        for (const a of any.args as MathNode[]) visit(a);
        return;
      }
      case 'FunctionNode': {
        const fnNode = any.fn as Record<string, unknown>;
        const name = fnNode.type === 'SymbolNode' ? (fnNode.name as string) : n.toString();
        const args = any.args as MathNode[];
        if (!USER_FUNCTIONS.has(name))
          problems.push(`unknown function ${name} (supported: ${[...USER_FUNCTIONS].join(' ')})`);
        else if (args.length !== 1) problems.push(`${name} takes one argument, got ${args.length}`);
        for (const a of args) visit(a);
        return;
      }
      default:
        problems.push(`unsupported syntax ${JSON.stringify(n.toString())}`);
    }
  };
  visit(node);
  if (problems.length > 0) throw new InputError(`${label}: ${[...new Set(problems)].join('; ')}`);
  return { node, maxIndex };
}
