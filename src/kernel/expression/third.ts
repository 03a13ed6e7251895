// Third-order forward mode over intervals: the rules that carry d^3 f / dx_i dx_j dx_k through
// sums, products and compositions (proofs/enclosures.md, section 8). The tensor is symmetric and
// stored packed: one interval per sorted triple i <= j <= k, at position tri3Index (network.ts),
// which is the lexicographic order of the triples. `null` means identically zero on the box.

import { add, mul, powInt, scale, sqr, ZERO, type Interval } from '../intervalCore.js';
import { tri3Count } from '../network.js';

export type Third = readonly Interval[] | null;

/** The operand of a rule: enclosures of value, gradient, Hessian and third derivatives (null: zero). */
export interface Jet3 {
  readonly value: Interval;
  readonly grad: readonly Interval[] | null;
  readonly hess: readonly (readonly Interval[])[] | null;
  readonly third?: Third;
}

interface Triples {
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly k: Int32Array;
}

const TRIPLES = new Map<number, Triples>();

/** The sorted triples i <= j <= k of {0..d-1} in packed order. */
export function triples(d: number): Triples {
  let t = TRIPLES.get(d);
  if (t === undefined) {
    const n = tri3Count(d);
    const i = new Int32Array(n), j = new Int32Array(n), k = new Int32Array(n);
    let u = 0;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) for (let c = b; c < d; c++) { i[u] = a; j[u] = b; k[u] = c; u++; }
    t = { i, j, k };
    TRIPLES.set(d, t);
  }
  return t;
}

/** The packed tensor entry(i, j, k, u) over the sorted triples, u the packed position. */
function build(d: number, entry: (i: number, j: number, k: number, u: number) => Interval): Interval[] {
  const { i, j, k } = triples(d);
  const out = new Array<Interval>(i.length);
  for (let u = 0; u < i.length; u++) out[u] = entry(i[u]!, j[u]!, k[u]!, u);
  return out;
}

// D^3(u + v) = D^3 u + D^3 v
export function addThird(a: Third, b: Third): Third {
  if (a === null) return b;
  if (b === null) return a;
  return a.map((x, u) => add(x, b[u]!));
}

/** The same linear map on every entry (negation, a constant factor, division by a point). */
export function mapThird(a: Third, f: (x: Interval) => Interval): Third {
  return a === null ? null : a.map(f);
}

/** d, from the gradient or Hessian (a non-constant operand has one of them). */
function dimensionOf(a: Jet3): number {
  const n = (a.grad ?? a.hess)?.length;
  if (n === undefined) throw new Error('third-order rule: operand has neither gradient nor Hessian');
  return n;
}

/**
 * Leibniz: (u v)_ijk = u_ijk v + u_ij v_k + u_ik v_j + u_jk v_i + u_i v_jk + u_j v_ik + u_k v_ij + u v_ijk,
 * missing (zero) factors skipped. Both operands non-constant.
 */
export function mulThird(a: Jet3, b: Jet3): Third {
  const ta = a.third ?? null, tb = b.third ?? null;
  const ha = a.hess, hb = b.hess, ga = a.grad, gb = b.grad;
  if (ta === null && tb === null && (ha === null || gb === null) && (ga === null || hb === null)) return null;
  return build(Math.max(dimensionOf(a), dimensionOf(b)), (i, j, k, u) => {
    let e = ZERO;
    if (ta !== null) e = add(e, mul(ta[u]!, b.value));
    if (ha !== null && gb !== null) e = add(e, add(add(mul(ha[i]![j]!, gb[k]!), mul(ha[i]![k]!, gb[j]!)), mul(ha[j]![k]!, gb[i]!)));
    if (ga !== null && hb !== null) e = add(e, add(add(mul(ga[i]!, hb[j]![k]!), mul(ga[j]!, hb[i]![k]!)), mul(ga[k]!, hb[i]![j]!)));
    if (tb !== null) e = add(e, mul(a.value, tb[u]!));
    return e;
  });
}

/** (u^2)_ijk = 2 (u u_ijk + u_i u_jk + u_j u_ik + u_k u_ij). Operand non-constant. */
export function sqrThird(a: Jet3): Third {
  const t = a.third ?? null, h = a.hess, g = a.grad;
  if (t === null && h === null) return null;
  return build(dimensionOf(a), (i, j, k, u) => {
    let e = ZERO;
    if (t !== null) e = mul(a.value, t[u]!);
    if (h !== null && g !== null) e = add(e, add(add(mul(g[i]!, h[j]![k]!), mul(g[j]!, h[i]![k]!)), mul(g[k]!, h[i]![j]!)));
    return scale(e, 2);
  });
}

/** u_i u_j u_k for sorted i <= j <= k: a cube or a square times a factor where indices agree. */
function tripleProduct(g: readonly Interval[], i: number, j: number, k: number): Interval {
  if (i === k) return powInt(g[i]!, 3);
  if (i === j) return mul(sqr(g[i]!), g[k]!);
  if (j === k) return mul(sqr(g[j]!), g[i]!);
  return mul(mul(g[i]!, g[j]!), g[k]!);
}

/**
 * Faa di Bruno for phi(u): D^3 phi(u)_ijk = phi'''(u) u_i u_j u_k + phi''(u) (u_ij u_k + u_ik u_j + u_jk u_i)
 * + phi'(u) u_ijk, with d1, d2, d3 enclosing phi', phi'', phi''' over the range of u. Operand non-constant.
 */
export function chainThird(a: Jet3, d1: Interval, d2: Interval, d3: Interval): Third {
  const t = a.third ?? null, h = a.hess, g = a.grad;
  const d3Zero = d3.lo === 0 && d3.hi === 0;
  if (t === null && h === null && (g === null || d3Zero)) return null;
  return build(dimensionOf(a), (i, j, k, u) => {
    let e = ZERO;
    if (g !== null && !d3Zero) e = mul(d3, tripleProduct(g, i, j, k));
    if (g !== null && h !== null) {
      const m = i === k ? scale(mul(h[i]![i]!, g[i]!), 3) : add(add(mul(h[i]![j]!, g[k]!), mul(h[i]![k]!, g[j]!)), mul(h[j]![k]!, g[i]!));
      e = add(e, mul(d2, m));
    }
    if (t !== null) e = add(e, mul(d1, t[u]!));
    return e;
  });
}
