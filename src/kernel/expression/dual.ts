// Second-order forward-mode automatic differentiation over intervals.
//
// A Dual encloses, over a box, a function's value, gradient and Hessian at once. `grad` and
// `hess` are null for functions that are constant on the box (zero derivatives), which keeps
// constant subtrees cheap. Every rule below is the chain or product rule evaluated with interval
// operations, so each entry is an enclosure of the true derivative everywhere on the box.
// When asked (Tracking.third) a Dual also carries the third derivatives (expression/third.ts).

import { add, mul, neg, sqr, ZERO, type Interval } from '../intervalCore.js';
import { addThird, chainThird, mapThird, mulThird, sqrThird, type Third } from './third.js';

/** c v v^T with c an interval scalar and v an interval vector (proofs/enclosures.md, section 7). */
export interface RankOne {
  readonly c: Interval;
  readonly v: readonly Interval[];
}

/**
 * A second enclosure of the Hessian that keeps rank-one curvature apart: for every x
 * in the box, hess(x) = R(x) + sum_k c_k(x) v_k(x) v_k(x)^T with R(x) in `rest` (null: zero),
 * c_k(x) in terms[k].c and v_k(x) in terms[k].v. Interval matrices forget that c v v^T is
 * semidefinite (the dependency problem between its entries); Weyl's inequality on this form does not.
 */
export interface Curvature {
  readonly rest: readonly (readonly Interval[])[] | null;
  readonly terms: readonly RankOne[];
}

export interface Dual {
  readonly value: Interval;
  readonly grad: readonly Interval[] | null;
  readonly hess: readonly (readonly Interval[])[] | null;
  /** Present when the evaluation tracks curvature (and every non-constant operand had it). */
  readonly curv?: Curvature;
  /** Packed third derivatives (null: zero); present when the evaluation tracks them. */
  readonly third?: Third;
}

/** What an evaluation carries besides value, gradient and Hessian. */
export interface Tracking {
  readonly curvature: boolean;
  readonly third: boolean;
}

export const NO_TRACKING: Tracking = Object.freeze({ curvature: false, third: false });

const NO_CURVATURE: Curvature = Object.freeze({ rest: null, terms: Object.freeze([]) as readonly RankOne[] });

function isConstant(a: Dual): boolean {
  return a.grad === null && a.hess === null;
}

/** The curvature form of a (empty for constants), or undefined when it is not tracked. */
function curvatureOf(a: Dual): Curvature | undefined {
  return isConstant(a) ? NO_CURVATURE : a.curv;
}

const MAX_TERMS = 16;

/** c v v^T as an interval matrix (u_i^2 on the diagonal keeps its sign). */
function rankOneMatrix(t: RankOne): Interval[][] {
  return symmetric(t.v.length, (i, j) => mul(t.c, i === j ? sqr(t.v[i]!) : mul(t.v[i]!, t.v[j]!)));
}

/**
 * Keeps the terms that an interval matrix would not hold exactly (c or v not points), up to
 * MAX_TERMS; folds the others into rest (sound: the folded matrix encloses c v v^T). Zero terms are
 * dropped. A kept term whose c has both signs still bounds its eigenvalue c |v|^2 by
 * [c.lo |v|^2, c.hi |v|^2], often far better than its interval matrix (log(1 + (x1 - 2 x2)^2)).
 */
function normalized(rest: Dual['hess'], terms: readonly RankOne[]): Curvature {
  let r = rest;
  const kept: RankOne[] = [];
  for (const t of terms) {
    if (t.c.lo === 0 && t.c.hi === 0) continue;
    const exact = t.c.lo === t.c.hi && t.v.every((x) => x.lo === x.hi);
    if (!exact && kept.length < MAX_TERMS) kept.push(t);
    else r = addMat(r, rankOneMatrix(t));
  }
  return { rest: r, terms: kept };
}

function scaleCurvature(a: Curvature, k: Interval): Curvature {
  return normalized(
    a.rest === null ? null : symmetric(a.rest.length, (i, j) => mul(a.rest![i]![j]!, k)),
    a.terms.map((t) => ({ c: mul(t.c, k), v: t.v })),
  );
}

/** Curvature of a linear image: every rest entry and every c mapped by the same linear map. */
export function mapCurvature(a: Curvature, f: (x: Interval) => Interval): Curvature {
  return normalized(a.rest === null ? null : symmetric(a.rest.length, (i, j) => f(a.rest![i]![j]!)), a.terms.map((t) => ({ c: f(t.c), v: t.v })));
}

function withCurvature(d: Dual, curv: Curvature | undefined): Dual {
  return curv === undefined ? d : { ...d, curv };
}

/** The third derivatives of a (null for constants), or undefined when they are not tracked. */
function thirdOf(a: Dual): Third | undefined {
  return isConstant(a) ? null : a.third;
}

function withThird(d: Dual, third: Third | undefined): Dual {
  return third === undefined ? d : { ...d, third };
}

export function constantDual(value: Interval): Dual {
  return { value, grad: null, hess: null };
}

/** The coordinate function x_i (1-based index i - 1 = k) on a box coordinate enclosure. */
export function variableDual(value: Interval, unitGradient: readonly Interval[], tracking: Tracking = NO_TRACKING): Dual {
  const d: Dual = tracking.curvature ? { value, grad: unitGradient, hess: null, curv: NO_CURVATURE } : { value, grad: unitGradient, hess: null };
  return tracking.third ? { ...d, third: null } : d;
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
  const ca = curvatureOf(a);
  const cb = curvatureOf(b);
  const curv = ca === undefined || cb === undefined || (isConstant(a) && isConstant(b)) ? undefined : { rest: addMat(ca.rest, cb.rest), terms: [...ca.terms, ...cb.terms] };
  const ta = thirdOf(a);
  const tb = thirdOf(b);
  const third = ta === undefined || tb === undefined || (isConstant(a) && isConstant(b)) ? undefined : addThird(ta, tb);
  return withThird(withCurvature({ value: add(a.value, b.value), grad: addVec(a.grad, b.grad), hess: addMat(a.hess, b.hess) }, curv), third);
}

// d(-u) = -du
export function negDual(a: Dual): Dual {
  return withThird(withCurvature(
    {
      value: neg(a.value),
      grad: a.grad === null ? null : mapVec(a.grad, neg),
      hess: a.hess === null ? null : symmetric(a.hess.length, (i, j) => neg(a.hess![i]![j]!)),
    },
    a.curv === undefined ? undefined : mapCurvature(a.curv, neg),
  ), a.third === undefined ? undefined : mapThird(a.third, neg));
}

export function subDual(a: Dual, b: Dual): Dual {
  return addDual(a, negDual(b));
}

// d(c u) = c du for a constant c
export function scaleDual(a: Dual, c: Interval): Dual {
  return withThird(withCurvature(
    {
      value: mul(a.value, c),
      grad: a.grad === null ? null : mapVec(a.grad, (x) => mul(x, c)),
      hess: a.hess === null ? null : symmetric(a.hess.length, (i, j) => mul(a.hess![i]![j]!, c)),
    },
    a.curv === undefined ? undefined : scaleCurvature(a.curv, c),
  ), a.third === undefined ? undefined : mapThird(a.third, (x) => mul(x, c)));
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
  let curv: Curvature | undefined;
  if (a.curv !== undefined && b.curv !== undefined) {
    // hess(u v) = v hess u + u hess v + (u_i v_j + u_j v_i): the rank-one terms scale by v and u.
    const sa = scaleCurvature(a.curv, b.value);
    const sb = scaleCurvature(b.curv, a.value);
    const cross = ag !== null && bg !== null ? symmetric(d, (i, j) => add(mul(ag[i]!, bg[j]!), mul(ag[j]!, bg[i]!))) : null;
    curv = normalized(addMat(addMat(sa.rest, sb.rest), cross), [...sa.terms, ...sb.terms]);
  }
  const third = a.third !== undefined && b.third !== undefined ? mulThird(a, b) : undefined;
  return withThird(withCurvature({ value: mul(a.value, b.value), grad, hess }, curv), third);
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
  // hess(u^2) = 2 grad u grad u^T + 2 u hess u
  const third = a.third === undefined ? undefined : sqrThird(a);
  return withThird(withCurvature({ value, grad, hess }, a.curv === undefined ? undefined : chainCurvature(a.curv, g, TWO, twoU)), third);
}

const TWO: Interval = Object.freeze({ lo: 2, hi: 2 });

/** phi'' g g^T + phi' (curvature of u). */
function chainCurvature(a: Curvature, g: readonly Interval[] | null, d2phi: Interval, dphi: Interval): Curvature {
  const inner = scaleCurvature(a, dphi);
  return normalized(inner.rest, g === null ? inner.terms : [{ c: d2phi, v: g }, ...inner.terms]);
}

/**
 * The chain rule for a scalar function phi applied to u, given enclosures of phi, phi' and
 * phi'' over the range of u (the value enclosure of a):
 *   d phi(u) = phi'(u) du,   d2 phi(u)_ij = phi''(u) u_i u_j + phi'(u) u_ij
 * (u_i^2 on the diagonal keeps that term's sign). d3phi encloses phi''' over the range of u; it is
 * called only when third derivatives are tracked (Faa di Bruno, expression/third.ts), and a
 * tracked evaluation without it is an internal error, never a silent zero.
 */
export function chainDual(a: Dual, phi: Interval, dphi: Interval, d2phi: Interval, d3phi?: () => Interval): Dual {
  if (a.grad === null && a.hess === null) return constantDual(phi);
  const g = a.grad;
  const grad = g === null ? null : mapVec(g, (x) => mul(dphi, x));
  const hess = symmetric((g ?? a.hess)!.length, (i, j) => {
    let e = ZERO;
    if (g !== null) e = mul(d2phi, i === j ? sqr(g[i]!) : mul(g[i]!, g[j]!));
    if (a.hess !== null) e = add(e, mul(dphi, a.hess[i]![j]!));
    return e;
  });
  let third: Third | undefined;
  if (a.third !== undefined) {
    if (d3phi === undefined) throw new Error('chainDual: third derivatives are tracked but this rule has no third derivative');
    third = chainThird(a, dphi, d2phi, d3phi());
  }
  return withThird(withCurvature({ value: phi, grad, hess }, a.curv === undefined ? undefined : chainCurvature(a.curv, g, d2phi, dphi)), third);
}

/** Value, gradient and Hessian with zero derivatives filled in. */
export function denseDual(a: Dual, dim: number): { value: Interval; gradient: Interval[]; hessian: Interval[][] } {
  const gradient = a.grad === null ? new Array<Interval>(dim).fill(ZERO) : [...a.grad];
  const hessian: Interval[][] = [];
  for (let i = 0; i < dim; i++) hessian.push(a.hess === null ? new Array<Interval>(dim).fill(ZERO) : [...a.hess[i]!]);
  return { value: a.value, gradient, hessian };
}

/** The packed third derivatives with zeros filled in (tri3Count(dim) entries). */
export function denseThird(a: Dual, count: number): Interval[] {
  if (isConstant(a) || a.third === null) return new Array<Interval>(count).fill(ZERO);
  if (a.third === undefined) throw new Error('denseThird: third derivatives were not tracked');
  return [...a.third];
}
