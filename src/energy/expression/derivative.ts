// Symbolic partial derivatives of validated energy expressions. Subtrees made of functions mathjs
// knows are differentiated by mathjs's own `derivative`; mathjs has no rule for sigmoid and
// softplus, and its rule for abs (abs(u)/u) is NaN at 0, so those, and every operator above them,
// are differentiated here with the usual rules. Results are pruned (0*, 1*, constant folding) so
// second derivatives stay small.
import { ConstantNode, FunctionNode, OperatorNode, SymbolNode, derivative, type MathNode } from 'mathjs';

/** Functions differentiated here rather than by mathjs (sign is internal: d/du abs(u) = sign(u)). */
const LOCAL_RULES: ReadonlySet<string> = new Set(['sigmoid', 'softplus', 'abs', 'sign']);

type Fields = Record<string, unknown>;
const f = (n: MathNode): Fields => n as unknown as Fields;
const args = (n: MathNode): MathNode[] => f(n).args as MathNode[];
const fnName = (n: MathNode): string => (f(f(n).fn as MathNode).name as string);

const num = (v: number): MathNode => new ConstantNode(v);
const constValue = (n: MathNode): number | undefined =>
  n.type === 'ConstantNode' && typeof f(n).value === 'number' ? (f(n).value as number) : undefined;
const call = (name: string, a: MathNode): MathNode => new FunctionNode(name, [a]);

// Builders that fold constants and drop neutral elements.
export function mul(...factors: MathNode[]): MathNode {
  const kept: MathNode[] = [];
  let c = 1;
  for (const x of factors) {
    const v = constValue(x);
    if (v === undefined) kept.push(x);
    else c *= v;
  }
  if (c === 0) return num(0);
  if (c !== 1 || kept.length === 0) kept.unshift(num(c));
  return kept.length === 1 ? kept[0]! : new OperatorNode('*', 'multiply', kept);
}

export function add(...terms: MathNode[]): MathNode {
  const kept: MathNode[] = [];
  let c = 0;
  for (const x of terms) {
    const v = constValue(x);
    if (v === undefined) kept.push(x);
    else c += v;
  }
  if (c !== 0 || kept.length === 0) kept.push(num(c));
  return kept.length === 1 ? kept[0]! : new OperatorNode('+', 'add', kept);
}

export function neg(a: MathNode): MathNode {
  const v = constValue(a);
  return v !== undefined ? num(-v) : new OperatorNode('-', 'unaryMinus', [a]);
}

export function sub(a: MathNode, b: MathNode): MathNode {
  const va = constValue(a);
  const vb = constValue(b);
  if (va !== undefined && vb !== undefined) return num(va - vb);
  if (vb === 0) return a;
  if (va === 0) return neg(b);
  return new OperatorNode('-', 'subtract', [a, b]);
}

export function div(a: MathNode, b: MathNode): MathNode {
  const va = constValue(a);
  const vb = constValue(b);
  if (va === 0) return num(0);
  if (vb === 1) return a;
  if (va !== undefined && vb !== undefined) return num(va / vb);
  return new OperatorNode('/', 'divide', [a, b]);
}

export function pow(a: MathNode, b: MathNode): MathNode {
  const vb = constValue(b);
  if (vb === 0) return num(1);
  if (vb === 1) return a;
  const va = constValue(a);
  if (va !== undefined && vb !== undefined) return num(Math.pow(va, vb));
  return new OperatorNode('^', 'pow', [a, b]);
}

/** Rebuilds a tree through the folding builders (applied to mathjs's unsimplified output). */
export function prune(n: MathNode): MathNode {
  switch (n.type) {
    case 'ParenthesisNode':
      return prune(f(n).content as MathNode);
    case 'OperatorNode': {
      const a = args(n).map(prune);
      switch (f(n).fn as string) {
        case 'add': return add(...a);
        case 'multiply': return mul(...a);
        case 'subtract': return sub(a[0]!, a[1]!);
        case 'divide': return div(a[0]!, a[1]!);
        case 'pow': return pow(a[0]!, a[1]!);
        case 'unaryMinus': return neg(a[0]!);
        case 'unaryPlus': return a[0]!;
      }
      return new OperatorNode(f(n).op as never, f(n).fn as never, a);
    }
    case 'FunctionNode':
      return new FunctionNode(fnName(n), args(n).map(prune));
    default:
      return n;
  }
}

function dependsOn(n: MathNode, v: string): boolean {
  let found = false;
  n.traverse((c) => {
    if (c.type === 'SymbolNode' && f(c).name === v) found = true;
  });
  return found;
}

function needsLocalRules(n: MathNode): boolean {
  let found = false;
  n.traverse((c) => {
    if (c.type === 'FunctionNode' && LOCAL_RULES.has(fnName(c))) found = true;
  });
  return found;
}

/** d n / d v, where n is a validated (and possibly already differentiated) expression tree. */
export function differentiate(n: MathNode, v: string): MathNode {
  if (!dependsOn(n, v)) return num(0);
  if (!needsLocalRules(n)) return prune(derivative(n, v, { simplify: false }));
  switch (n.type) {
    case 'ParenthesisNode':
      return differentiate(f(n).content as MathNode, v);
    case 'OperatorNode': {
      const a = args(n).map(prune);
      const d = (x: MathNode): MathNode => differentiate(x, v);
      switch (f(n).fn as string) {
        // d(u + w) = du + dw
        case 'add': return add(...a.map(d));
        // d(u - w) = du - dw
        case 'subtract': return sub(d(a[0]!), d(a[1]!));
        case 'unaryMinus': return neg(d(a[0]!));
        case 'unaryPlus': return d(a[0]!);
        // d(u1 u2 ... uk) = sum_i du_i prod_{j != i} u_j
        case 'multiply':
          return add(...a.map((ai, i) => mul(...a.map((aj, j) => (i === j ? d(ai) : aj)))));
        // d(u / w) = du / w - u dw / w^2
        case 'divide':
          return sub(div(d(a[0]!), a[1]!), div(mul(a[0]!, d(a[1]!)), pow(a[1]!, num(2))));
        case 'pow': {
          const [u, w] = [a[0]!, a[1]!];
          // d(u^c) = c u^(c-1) du
          if (!dependsOn(w, v)) return mul(w, pow(u, sub(w, num(1))), d(u));
          // d(u^w) = u^w (dw log u + w du / u)
          return mul(pow(u, w), add(mul(d(w), call('log', u)), div(mul(w, d(u)), u)));
        }
      }
      throw new Error(`differentiate: unexpected operator ${String(f(n).fn)}`);
    }
    case 'FunctionNode': {
      const name = fnName(n);
      const u = prune(args(n)[0]!);
      const du = differentiate(u, v);
      switch (name) {
        // d sigmoid(u) = sigmoid(u) (1 - sigmoid(u)) du
        case 'sigmoid': return mul(call('sigmoid', u), sub(num(1), call('sigmoid', u)), du);
        // d softplus(u) = sigmoid(u) du
        case 'softplus': return mul(call('sigmoid', u), du);
        // d abs(u) = sign(u) du (almost everywhere; 0 at u = 0 by convention)
        case 'abs': return mul(call('sign', u), du);
        // d sign(u) = 0 almost everywhere
        case 'sign': return num(0);
      }
      // A function mathjs knows, applied to an argument that needs the local rules:
      // d g(u) = g'(u) du with g'(t) from mathjs, then t := u.
      const outer = prune(derivative(new FunctionNode(name, [new SymbolNode('__t')]), '__t', { simplify: false }));
      const gPrime = outer.transform((c) => (c.type === 'SymbolNode' && f(c).name === '__t' ? u : c));
      return mul(prune(gPrime), du);
    }
  }
  throw new Error(`differentiate: unexpected node ${n.type}`);
}
