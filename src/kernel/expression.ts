// Enclosures of a mathjs expression in x1..xd and of its gradient and Hessian over a box, from
// one walk of the expression tree with interval second-order forward-mode AD (expression/dual.ts).
// mathjs is used to parse only: no symbolic derivative of mathjs is trusted. Decimal literals
// are enclosed exactly (parsed as BigNumber text, then decimalInterval), pi and e by one-ulp
// intervals. Tightness: u^2 and u*u (structurally equal operands) use sqr, integer powers powInt.

import type { MathNode } from 'mathjs';
import { decimalInterval } from './decimal.js';
import { div, ONE, recip, ZERO, type Interval } from './intervalCore.js';
import { exp } from './elementary.js';
import { nextUp } from './rounding.js';
import {
  addDual,
  chainDual,
  constantDual,
  denseDual,
  denseThird,
  mapCurvature,
  mulDual,
  negDual,
  scaleDual,
  sqrDual,
  subDual,
  variableDual,
  NO_TRACKING,
  type Dual,
  type RankOne,
  type Tracking,
} from './expression/dual.js';
import { UNARY_FUNCTIONS } from './expression/functions.js';
import { powIntRule, powRealRule, reciprocalRule } from './expression/powers.js';
import { constantText, literalInteger, parseKernelExpression } from './expression/parse.js';
import { gaussRule, logPlusSquareRule, sqrtPlusSquareRule } from './expression/composite.js';
import { gaussThird, logPlusSquareThird, sqrtPlusSquareThird } from './expression/compositeThird.js';
import { powIntThird, powRealThird, reciprocalThird, UNARY_THIRD } from './expression/thirdRules.js';
import { tri3Count } from './network.js';

/** The expression cannot be enclosed: a syntax error or unsupported pieces (all listed at once). */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

export interface ExpressionEnclosure {
  readonly value: Interval;
  readonly gradient: Interval[];
  readonly hessian: Interval[][];
}


// pi and e are not doubles: Math.PI < pi < nextUp(Math.PI), Math.E < e < nextUp(Math.E).
const CONSTANTS: Readonly<Record<string, Interval>> = {
  pi: { lo: Math.PI, hi: nextUp(Math.PI) },
  e: { lo: Math.E, hi: nextUp(Math.E) },
};

/** track: what to compute besides the interval Hessian (curvature form Dual.curv, third derivatives). */
type Evaluate = (box: readonly Interval[], units: readonly (readonly Interval[])[], track: Tracking) => Dual;

interface Compiled {
  readonly evaluate: Evaluate;
  /** Set when the subtree has no variables: its enclosure, computed once. */
  readonly constant: Interval | null;
  /** Structural key: equal keys mean equal subtrees (used to turn u*u into sqr(u)). */
  readonly key: string;
}

function constantNode(value: Interval, key: string): Compiled {
  const dual = constantDual(value);
  return { evaluate: () => dual, constant: value, key };
}

function fromEvaluate(evaluate: Evaluate, key: string, operands: readonly Compiled[]): Compiled {
  if (operands.every((o) => o.constant !== null)) {
    // Constant subtree: fold it now (the same interval operations, evaluated once).
    return constantNode(evaluate([], [], NO_TRACKING).value, key);
  }
  return { evaluate, constant: null, key };
}

interface Context {
  readonly dim: number;
  readonly problems: string[];
}

const NOTHING: Compiled = constantNode(ZERO, '?');
const CURVATURE: Tracking = Object.freeze({ curvature: true, third: false });
const THIRD: Tracking = Object.freeze({ curvature: false, third: true });

function compileNode(node: MathNode, ctx: Context): Compiled {
  switch (node.type) {
    case 'ParenthesisNode':
      return compileNode((node as unknown as { content: MathNode }).content, ctx);
    case 'ConstantNode': {
      const text = constantText(node);
      if (text === null) {
        ctx.problems.push(`constant ${JSON.stringify((node as unknown as { value: unknown }).value)}`);
        return NOTHING;
      }
      return constantNode(decimalInterval(text), text);
    }
    case 'SymbolNode':
      return compileSymbol((node as unknown as { name: string }).name, ctx);
    case 'OperatorNode':
      return compileOperator(node as unknown as { fn: string; op: string; args: MathNode[] }, ctx);
    case 'FunctionNode':
      return compileFunction(node as unknown as { fn: MathNode; args: MathNode[] }, ctx);
    default:
      ctx.problems.push(`${node.type} "${node.toString()}"`);
      return NOTHING;
  }
}

function compileSymbol(name: string, ctx: Context): Compiled {
  const match = /^x([1-9]\d*)$/.exec(name);
  if (match !== null) {
    const k = Number(match[1]) - 1;
    if (k >= ctx.dim) {
      ctx.problems.push(`variable ${name} (the dimension is ${ctx.dim})`);
      return NOTHING;
    }
    return { evaluate: (box, units, track) => variableDual(box[k]!, units[k]!, track), constant: null, key: name };
  }
  const c = CONSTANTS[name];
  if (c !== undefined) return constantNode(c, name);
  ctx.problems.push(`symbol ${name}`);
  return NOTHING;
}

function compileOperator(node: { fn: string; op: string; args: MathNode[] }, ctx: Context): Compiled {
  const args = node.args.map((a) => compileNode(a, ctx));
  const [a, b] = args as [Compiled, Compiled];
  const key = `${node.fn}(${args.map((x) => x.key).join(',')})`;
  switch (node.fn) {
    case 'unaryPlus':
      return a;
    case 'unaryMinus':
      return fromEvaluate((box, u, t) => negDual(a.evaluate(box, u, t)), key, args);
    case 'add':
      return fromEvaluate((box, u, t) => args.slice(1).reduce((s, x) => addDual(s, x.evaluate(box, u, t)), a.evaluate(box, u, t)), key, args);
    case 'subtract':
      return fromEvaluate((box, u, t) => subDual(a.evaluate(box, u, t), b.evaluate(box, u, t)), key, args);
    case 'multiply':
      if (args.length === 2 && a.key === b.key) return fromEvaluate((box, u, t) => sqrDual(a.evaluate(box, u, t)), `sqr(${a.key})`, args);
      return fromEvaluate((box, u, t) => args.slice(1).reduce((p, x) => mulDual(p, x.evaluate(box, u, t)), a.evaluate(box, u, t)), key, args);
    case 'divide':
      if (b.constant !== null) {
        const c = b.constant;
        return fromEvaluate((box, u, t) => {
          const n = a.evaluate(box, u, t);
          return c.lo === c.hi ? divideByPoint(n, c) : scaleDual(n, recip(c));
        }, key, args);
      }
      return fromEvaluate((box, u, t) => mulDual(a.evaluate(box, u, t), reciprocalDual(b.evaluate(box, u, t))), key, args);
    case 'pow':
      return compilePower(a, b, literalInteger(node.args[1]!), key, args, node.args[0], ctx);
    default:
      ctx.problems.push(`operator ${node.op}`);
      return NOTHING;
  }
}

// Division by a point constant is one rounding per entry (tighter than multiplying by 1/c).
function divideByPoint(a: Dual, c: Interval): Dual {
  const d = (x: Interval): Interval => div(x, c);
  const out: Dual = {
    value: d(a.value),
    grad: a.grad === null ? null : a.grad.map(d),
    hess: a.hess === null ? null : a.hess.map((row) => row.map(d)),
  };
  const withCurv = a.curv === undefined ? out : { ...out, curv: mapCurvature(a.curv, d) };
  return a.third === undefined ? withCurv : { ...withCurv, third: a.third === null ? null : a.third.map(d) };
}

// d(1/v) = -dv / v^2, d2(1/v) = 2 / v^3, d3(1/v) = -6 / v^4 (applied by the chain rule)
function reciprocalDual(v: Dual): Dual {
  const r = reciprocalRule(v.value);
  return chainDual(v, r.value, r.d1, r.d2, () => reciprocalThird(v.value));
}

// `literal` is the exponent's exact value when it is written as an integer: "9007199254740993"
// is an odd integer although its enclosure [2^53, 2^53 + 2] is not a point.
function compilePower(base: Compiled, exponent: Compiled, literal: bigint | null, key: string, args: readonly Compiled[], baseNode?: MathNode, ctx?: Context): Compiled {
  const e = exponent.constant;
  // A point enclosure holding an integer is that integer exactly (BigInt of a double is exact).
  const integer = literal ?? (e !== null && e.lo === e.hi && Number.isInteger(e.lo) ? BigInt(e.lo) : null);
  if (integer !== null) {
    const n = integer;
    if (n === 0n) return constantNode(ONE, key);
    if (n === 1n) return base;
    if (n === 2n) return fromEvaluate((box, u, t) => sqrDual(base.evaluate(box, u, t)), `sqr(${base.key})`, args);
    return fromEvaluate((box, u, t) => {
      const v = base.evaluate(box, u, t);
      const r = powIntRule(v.value, n);
      return chainDual(v, r.value, r.d1, r.d2, () => powIntThird(v.value, n));
    }, key, args);
  }
  if (e !== null && e.lo === 0.5 && e.hi === 0.5 && baseNode !== undefined && ctx !== undefined) {
    // (c + v^2)^0.5 = sqrt(c + v^2): the composite rule keeps its derivatives bounded.
    const composite = compilePlusSquare(baseNode, 'sqrt', ctx);
    if (composite !== null) return composite;
  }
  if (e !== null) {
    // u^0.5 = sqrt(u): correctly rounded, tighter than exp(0.5 log u).
    const isSqrt = e.lo === 0.5 && e.hi === 0.5;
    const rule = isSqrt ? UNARY_FUNCTIONS['sqrt']! : (x: Interval) => powRealRule(x, e);
    const third = isSqrt ? UNARY_THIRD['sqrt']! : (x: Interval) => powRealThird(x, e);
    return fromEvaluate((box, u, t) => {
      const v = base.evaluate(box, u, t);
      const r = rule(v.value);
      return chainDual(v, r.value, r.d1, r.d2, () => third(v.value));
    }, key, args);
  }
  if (base.key === 'e') {
    // e^w = exp(w)
    return fromEvaluate((box, u, t) => {
      const w = exponent.evaluate(box, u, t);
      const ew = exp(w.value);
      return chainDual(w, ew, ew, ew, () => ew);
    }, key, args);
  }
  // u^w = exp(w log u) for a variable exponent (u > 0 required by log).
  const logRule = UNARY_FUNCTIONS['log']!;
  const expRule = UNARY_FUNCTIONS['exp']!;
  const logThird = UNARY_THIRD['log']!;
  return fromEvaluate((box, u, t) => {
    const v = base.evaluate(box, u, t);
    const l = logRule(v.value);
    const product = mulDual(exponent.evaluate(box, u, t), chainDual(v, l.value, l.d1, l.d2, () => logThird(v.value)));
    const r = expRule(product.value);
    return chainDual(product, r.value, r.d1, r.d2, () => r.value);
  }, key, args);
}

function compileFunction(node: { fn: MathNode; args: MathNode[] }, ctx: Context): Compiled {
  const name = node.fn.type === 'SymbolNode' ? (node.fn as unknown as { name: string }).name : null;
  const rule = name === null ? undefined : UNARY_FUNCTIONS[name];
  const args = node.args.map((a) => compileNode(a, ctx));
  if (rule === undefined) {
    ctx.problems.push(`function ${name ?? node.fn.toString()}`);
    return NOTHING;
  }
  if (args.length !== 1) {
    ctx.problems.push(`function ${name} with ${args.length} arguments (expected 1)`);
    return NOTHING;
  }
  const a = args[0]!;
  const third = UNARY_THIRD[name!];
  if (third === undefined) throw new Error(`expression compiler: function ${name} has no third-derivative rule`);
  if (name === 'log' || name === 'sqrt') {
    const composite = compilePlusSquare(node.args[0]!, name, ctx);
    if (composite !== null) return composite;
  }
  if (name === 'exp') {
    const composite = compileGauss(node.args[0]!, ctx);
    if (composite !== null) return composite;
  }
  return fromEvaluate((box, u, t) => {
    const v = a.evaluate(box, u, t);
    const r = rule(v.value);
    return chainDual(v, r.value, r.d1, r.d2, () => third(v.value));
  }, `${name}(${a.key})`, args);
}

function stripParentheses(node: MathNode): MathNode {
  let n = node;
  while (n.type === 'ParenthesisNode') n = (n as unknown as { content: MathNode }).content;
  return n;
}

/** The operand v of v^2 or v*v (structurally equal factors), else null. */
function squaredOperand(node: MathNode, ctx: Context): Compiled | null {
  const n = stripParentheses(node) as unknown as { type: string; fn: string; args: MathNode[] };
  if (n.type !== 'OperatorNode') return null;
  if (n.fn === 'pow' && n.args.length === 2) {
    const e = compileNode(n.args[1]!, ctx);
    if (e.constant !== null && e.constant.lo === 2 && e.constant.hi === 2) return compileNode(n.args[0]!, ctx);
    return null;
  }
  if (n.fn === 'multiply' && n.args.length === 2) {
    const a = compileNode(n.args[0]!, ctx);
    const b = compileNode(n.args[1]!, ctx);
    return a.key === b.key ? a : null;
  }
  return null;
}

/** k as a finite point constant of the given sign, else null. */
function pointConstant(node: MathNode, ctx: Context, sign: 1 | -1): number | null {
  const k = compileNode(node, ctx).constant;
  if (k === null || k.lo !== k.hi || !Number.isFinite(k.lo) || !(sign * k.lo > 0)) return null;
  return k.lo;
}

/** c v^2 with c > 0 (v^2, or a positive point constant times v^2, either order), else null. */
function scaledSquare(node: MathNode, ctx: Context, sign: 1 | -1): { c: number; v: Compiled } | null {
  const v = sign === 1 ? squaredOperand(node, ctx) : null;
  if (v !== null) return { c: 1, v };
  const prod = stripParentheses(node) as unknown as { type: string; fn: string; args: MathNode[] };
  if (prod.type !== 'OperatorNode' || prod.fn !== 'multiply' || prod.args.length !== 2) return null;
  for (const [ci, vi] of [[0, 1], [1, 0]] as const) {
    const k = pointConstant(prod.args[ci]!, ctx, sign);
    if (k === null) continue;
    const w = squaredOperand(prod.args[vi]!, ctx);
    if (w !== null) return { c: sign * k, v: w };
  }
  return null;
}

/**
 * exp(-(v^2)), exp(-(c v^2)), exp(-c * v^2) written with a negative constant (c a positive double,
 * v not constant): enclosed as h(v) = exp(-c v^2) with h, h', h'' ranges in closed form
 * (expression/composite.ts). Null otherwise.
 */
function compileGauss(argument: MathNode, ctx: Context): Compiled | null {
  const n = stripParentheses(argument) as unknown as { type: string; fn: string; args: MathNode[] };
  const found = n.type === 'OperatorNode' && n.fn === 'unaryMinus' ? scaledSquare(n.args[0]!, ctx, 1) : scaledSquare(argument, ctx, -1);
  if (found === null || found.v.constant !== null) return null;
  const { c, v } = found;
  return fromEvaluate((box, u, t) => {
    const a = v.evaluate(box, u, t);
    const r = gaussRule(c, a.value);
    return chainDual(a, r.value, r.d1, r.d2, () => gaussThird(c, a.value));
  }, `gauss(${c},${v.key})`, [v]);
}

/**
 * log(c + v^2) and sqrt(c + v^2) (either order of the sum, c a positive double constant, v not
 * constant): enclosed as h(v) with h, h', h'' ranges in closed form (expression/composite.ts), so
 * the Hessian stays bounded on unbounded boxes. Null when the argument does not have this shape.
 */
function compilePlusSquare(argument: MathNode, name: 'log' | 'sqrt', ctx: Context): Compiled | null {
  const sum = stripParentheses(argument) as unknown as { type: string; fn: string; args: MathNode[] };
  if (sum.type !== 'OperatorNode' || sum.fn !== 'add' || sum.args.length !== 2) return null;
  for (const [ci, vi] of [[0, 1], [1, 0]] as const) {
    const c = compileNode(sum.args[ci]!, ctx);
    if (c.constant === null || c.constant.lo !== c.constant.hi || !(c.constant.lo > 0) || !Number.isFinite(c.constant.lo)) continue;
    const v = squaredOperand(sum.args[vi]!, ctx);
    if (v === null || v.constant !== null) continue;
    const cv = c.constant.lo;
    const rule = name === 'log' ? logPlusSquareRule : sqrtPlusSquareRule;
    const third = name === 'log' ? logPlusSquareThird : sqrtPlusSquareThird;
    return fromEvaluate((box, u, t) => {
      const inner = v.evaluate(box, u, t);
      const r = rule(cv, inner.value);
      return chainDual(inner, r.value, r.d1, r.d2, () => third(cv, inner.value));
    }, `${name}Square(${c.key},${v.key})`, [v]);
  }
  return null;
}

function unitGradients(dim: number): Interval[][] {
  const units: Interval[][] = [];
  for (let k = 0; k < dim; k++) units.push(Array.from({ length: dim }, (_, i) => (i === k ? ONE : ZERO)));
  return units;
}

/**
 * Compiles the expression once; the returned function encloses value, gradient and Hessian over
 * any box of `dim` intervals (unbounded ends allowed where the functions permit). Throws
 * ExpressionError for syntax errors and for unsupported operations, functions or symbols (all
 * listed in one message). Evaluation may throw IntervalDomainError (log or sqrt of a range
 * reaching negative numbers, division by [0, 0], a non-integer power of a possibly negative base).
 */
export function compileExpressionEnclosure(source: string, dim: number): (box: readonly Interval[]) => ExpressionEnclosure {
  if (!Number.isInteger(dim) || dim < 1) throw new ExpressionError(`expression "${source}": dimension ${dim} is not a positive integer`);
  let tree: MathNode;
  try {
    tree = parseKernelExpression(source);
  } catch (e) {
    throw new ExpressionError(`expression "${source}": ${(e as Error).message}`);
  }
  const ctx: Context = { dim, problems: [] };
  const compiled = compileNode(tree, ctx);
  if (ctx.problems.length > 0) {
    throw new ExpressionError(`expression "${source}": unsupported ${[...new Set(ctx.problems)].join(', ')}`);
  }
  const units = unitGradients(dim);
  return (box) => {
    assertBox(source, dim, box);
    return denseDual(compiled.evaluate(box, units, NO_TRACKING), dim);
  };
}

/** A box of `dim` non-empty intervals, or an ExpressionError naming the expression and the coordinate. */
function assertBox(source: string, dim: number, box: readonly Interval[]): void {
  if (box.length !== dim) throw new ExpressionError(`expression "${source}": box has ${box.length} coordinates, expected ${dim}`);
  for (let i = 0; i < dim; i++) {
    const c = box[i]!;
    if (!(c.lo <= c.hi) || c.lo === Infinity || c.hi === -Infinity) {
      throw new ExpressionError(`expression "${source}": box coordinate ${i + 1} [${c.lo}, ${c.hi}] is not a non-empty interval`);
    }
  }
}

/** The Hessian as rest + sum of rank-one terms c v v^T (Dual.curv), over a box. */
export interface ExpressionCurvature {
  /** d x d, zero entries filled in. */
  readonly rest: Interval[][];
  readonly terms: readonly RankOne[];
}

/**
 * Compiles the expression once; the returned function encloses its Hessian over a box in the
 * curvature form (proofs/enclosures.md, section 7): for every x in the box,
 * hess E(x) = R + sum_k c_k v_k v_k^T with R in rest, c_k in terms[k].c, v_k in terms[k].v.
 * Same errors as compileExpressionEnclosure.
 */
export function compileExpressionCurvature(source: string, dim: number): (box: readonly Interval[]) => ExpressionCurvature {
  const enclose = compileExpressionEnclosure(source, dim);
  void enclose; // validates the source and dimension with the same messages
  const tree = parseKernelExpression(source);
  const ctx: Context = { dim, problems: [] };
  const compiled = compileNode(tree, ctx);
  const units = unitGradients(dim);
  const zeros = (): Interval[][] => Array.from({ length: dim }, () => new Array<Interval>(dim).fill(ZERO));
  return (box) => {
    assertBox(source, dim, box);
    const d = compiled.evaluate(box, units, CURVATURE);
    const curv = d.curv;
    if (d.grad === null && d.hess === null) return { rest: zeros(), terms: [] };
    if (curv === undefined) throw new ExpressionError(`expression "${source}": internal: curvature was not tracked`);
    return { rest: curv.rest === null ? zeros() : curv.rest.map((row) => [...row]), terms: curv.terms };
  };
}

/** One-off enclosure of value, gradient and Hessian of the expression over the box. */
export function encloseExpression(source: string, dim: number, box: readonly Interval[]): ExpressionEnclosure {
  return compileExpressionEnclosure(source, dim)(box);
}

/**
 * The expression as a signed sum of terms, E = sum_k sign_k T_k, read through top-level +, -, unary
 * minus and parentheses; each term's text re-parses to exactly its subtree (checked with mathjs's
 * structural equals, else null), so the sum is the same function as E. Null on a syntax error.
 * Used to cancel equal terms exactly in U = E - W (kernel/checks/sumModel.differenceModel).
 */
export function additiveTerms(source: string): { sign: 1 | -1; source: string }[] | null {
  let tree: MathNode;
  try {
    tree = parseKernelExpression(source);
  } catch {
    return null;
  }
  const out: { sign: 1 | -1; source: string }[] = [];
  const walk = (node: MathNode, sign: 1 | -1): boolean => {
    const n = node as unknown as { type: string; fn?: string; args?: MathNode[]; content?: MathNode };
    if (n.type === 'ParenthesisNode') return walk(n.content!, sign);
    if (n.type === 'OperatorNode' && n.fn === 'add') return n.args!.every((a) => walk(a, sign));
    if (n.type === 'OperatorNode' && n.fn === 'subtract' && n.args!.length === 2) return walk(n.args![0]!, sign) && walk(n.args![1]!, sign === 1 ? -1 : 1);
    if (n.type === 'OperatorNode' && n.fn === 'unaryMinus') return walk(n.args![0]!, sign === 1 ? -1 : 1);
    if (n.type === 'OperatorNode' && n.fn === 'unaryPlus') return walk(n.args![0]!, sign);
    const text = node.toString();
    let again: MathNode;
    try {
      again = parseKernelExpression(text);
    } catch {
      return false;
    }
    if (!again.equals(node)) return false;
    out.push({ sign, source: text });
    return true;
  };
  return walk(tree, 1) ? out : null;
}

/**
 * Compiles the expression once; the returned function encloses its third derivatives over a box:
 * entry tri3Index(dim, a, b, c) of the result contains d^3 E / dx_a dx_b dx_c at every point of the
 * box (proofs/enclosures.md, section 8). Unbounded boxes allowed; entries may be infinite where no
 * finite bound follows from the rules. Same errors as compileExpressionEnclosure.
 */
export function compileExpressionThird(source: string, dim: number): (box: readonly Interval[]) => Interval[] {
  compileExpressionEnclosure(source, dim); // validates the source and dimension with the same messages
  const ctx: Context = { dim, problems: [] };
  const compiled = compileNode(parseKernelExpression(source), ctx);
  const units = unitGradients(dim);
  const count = tri3Count(dim);
  return (box) => {
    assertBox(source, dim, box);
    return denseThird(compiled.evaluate(box, units, THIRD), count);
  };
}
