// Second-order forward-mode automatic differentiation over intervals.
//
// A Dual encloses, over a box, a function's value, gradient and Hessian at once. `grad` and
// `hess` are null for functions that are constant on the box (zero derivatives), which keeps
// constant subtrees cheap. Every rule below is the chain or product rule evaluated with interval
// operations, so each entry is an enclosure of the true derivative everywhere on the box.

import { add, mul, neg, sqr, ZERO, type Interval } from '../intervalCore.js';

export interface Dual {
  readonly value: Interval;
  readonly grad: readonly Interval[] | null;
  readonly hess: readonly (readonly Interval[])[] | null;
}

export function constantDual(value: Interval): Dual {
  return { value, grad: null, hess: null };
}

/** The coordinate function x_i (1-based index i - 1 = k) on a box coordinate enclosure. */
export function variableDual(value: Interval, unitGradient: readonly Interval[]): Dual {
  return { value, grad: unitGradient, hess: null };
}

function mapVec(a: readonly Interval[], f: (x: Interval, i: number) => Interval): Interval[] {
  const out = new Array<Interval>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, i);
  return out;
}

/** Symmetric d x d matrix from its upper triangle rule entry(i, j), i <= j. */
function symmetric(d: number, entry: (i: number, j: number) => Interval): Interval[][] {
  const m: Interval[][] = [];
  for (let i = 0; i < d; i++) m.push(new Array<Interval>(d));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const e = entry(i, j);
      m[i]![j] = e;
      m[j]![i] = e;
    }
  }
  return m;
}

function addVec(a: readonly Interval[] | null, b: readonly Interval[] | null): readonly Interval[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return mapVec(a, (x, i) => add(x, b[i]!));
}

function addMat(a: Dual['hess'], b: Dual['hess']): Dual['hess'] {
  if (a === null) return b;
  if (b === null) return a;
  return symmetric(a.length, (i, j) => add(a[i]![j]!, b[i]![j]!));
}

// d(u + v) = du + dv
export function addDual(a: Dual, b: Dual): Dual {
  return { value: add(a.value, b.value), grad: addVec(a.grad, b.grad), hess: addMat(a.hess, b.hess) };
}

// d(-u) = -du
export function negDual(a: Dual): Dual {
  return {
    value: neg(a.value),
    grad: a.grad === null ? null : mapVec(a.grad, neg),
    hess: a.hess === null ? null : symmetric(a.hess.length, (i, j) => neg(a.hess![i]![j]!)),
  };
}

export function subDual(a: Dual, b: Dual): Dual {
  return addDual(a, negDual(b));
}

// d(c u) = c du for a constant c
export function scaleDual(a: Dual, c: Interval): Dual {
  return {
    value: mul(a.value, c),
    grad: a.grad === null ? null : mapVec(a.grad, (x) => mul(x, c)),
    hess: a.hess === null ? null : symmetric(a.hess.length, (i, j) => mul(a.hess![i]![j]!, c)),
  };
}

// d(u v) = v du + u dv;  d2(u v)_ij = v u_ij + u_i v_j + u_j v_i + u v_ij
export function mulDual(a: Dual, b: Dual): Dual {
  if (a.grad === null && a.hess === null) return scaleDual(b, a.value);
  if (b.grad === null && b.hess === null) return scaleDual(a, b.value);
  const d = (a.grad ?? b.grad)!.length;
  const ag = a.grad;
  const bg = b.grad;
  const grad = addVec(ag === null ? null : mapVec(ag, (x) => mul(x, b.value)), bg === null ? null : mapVec(bg, (x) => mul(a.value, x)));
  const hess = symmetric(d, (i, j) => {
    let e = ZERO;
    if (a.hess !== null) e = add(e, mul(a.hess[i]![j]!, b.value));
    if (b.hess !== null) e = add(e, mul(a.value, b.hess[i]![j]!));
    if (ag !== null && bg !== null) e = add(e, add(mul(ag[i]!, bg[j]!), mul(ag[j]!, bg[i]!)));
    return e;
  });
  return { value: mul(a.value, b.value), grad, hess };
}

// d(u^2) = 2 u du;  d2(u^2)_ij = 2 (u_i u_j + u u_ij), with u_i^2 on the diagonal (never negative)
export function sqrDual(a: Dual): Dual {
  const value = sqr(a.value);
  if (a.grad === null && a.hess === null) return constantDual(value);
  const g = a.grad;
  const twoU = add(a.value, a.value);
  const grad = g === null ? null : mapVec(g, (x) => mul(twoU, x));
  const hess = symmetric((g ?? a.hess)!.length, (i, j) => {
    let e = ZERO;
    if (g !== null) e = i === j ? sqr(g[i]!) : mul(g[i]!, g[j]!);
    if (a.hess !== null) e = add(e, mul(a.value, a.hess[i]![j]!));
    return add(e, e);
  });
  return { value, grad, hess };
}

/**
 * The chain rule for a scalar function phi applied to u, given enclosures of phi, phi' and
 * phi'' over the range of u (the value enclosure of a):
 *   d phi(u) = phi'(u) du,   d2 phi(u)_ij = phi''(u) u_i u_j + phi'(u) u_ij
 * (u_i^2 on the diagonal keeps that term's sign).
 */
export function chainDual(a: Dual, phi: Interval, dphi: Interval, d2phi: Interval): Dual {
  if (a.grad === null && a.hess === null) return constantDual(phi);
  const g = a.grad;
  const grad = g === null ? null : mapVec(g, (x) => mul(dphi, x));
  const hess = symmetric((g ?? a.hess)!.length, (i, j) => {
    let e = ZERO;
    if (g !== null) e = mul(d2phi, i === j ? sqr(g[i]!) : mul(g[i]!, g[j]!));
    if (a.hess !== null) e = add(e, mul(dphi, a.hess[i]![j]!));
    return e;
  });
  return { value: phi, grad, hess };
}

/** Value, gradient and Hessian with zero derivatives filled in. */
export function denseDual(a: Dual, dim: number): { value: Interval; gradient: Interval[]; hessian: Interval[][] } {
  const gradient = a.grad === null ? new Array<Interval>(dim).fill(ZERO) : [...a.grad];
  const hessian: Interval[][] = [];
  for (let i = 0; i < dim; i++) hessian.push(a.hess === null ? new Array<Interval>(dim).fill(ZERO) : [...a.hess[i]!]);
  return { value: a.value, gradient, hessian };
}
