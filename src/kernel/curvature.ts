// A second, structured enclosure of hess f over a box: hess f(x) = R(x) + sum_k c_k(x) v_k v_k^T
// with R in an interval matrix and c_k, v_k intervals (proofs/enclosures.md, section 7). Weyl's
// inequality gives lambda_min(hess f) >= lambda_min(R) + sum_{c_k <= 0} c_k |v_k|^2 and
// lambda_max(hess f) <= lambda_max(R) + sum_{c_k >= 0} c_k |v_k|^2, which keeps the curvature of
// phi(linear form) with phi convex (softplus, sqrt(1 + s^2)) from being lost to the dependency
// between the entries of an interval matrix. The checks take the better of this and the plain bound.
import { compileExpressionCurvature } from './expression.js';
import { add, div, mul, point, sqr, ZERO, type Interval } from './interval.js';
import type { EnergyModel } from './model.js';
import type { RankOne } from './expression/dual.js';
import { encloseModel } from './enclosure.js';
import { symmetricEigenBounds } from './eigen.js';
import type { Box } from './box.js';
import { addHi, addLo } from './rounding.js';

export interface CurvatureEnclosure {
  readonly rest: Interval[][];
  readonly terms: readonly RankOne[];
}

type CurvatureFn = (box: Box) => CurvatureEnclosure;

function hasExpression(model: EnergyModel): boolean {
  return model.kind === 'expression' || (model.kind === 'sum' && model.terms.some((t) => hasExpression(t.model)));
}

function hasNetwork(model: EnergyModel): boolean {
  return model.kind === 'mlp' || (model.kind === 'sum' && model.terms.some((t) => hasNetwork(t.model)));
}

function zeros(d: number): Interval[][] {
  return Array.from({ length: d }, () => new Array<Interval>(d).fill(ZERO));
}

function compile(model: EnergyModel): CurvatureFn {
  const d = model.dim;
  switch (model.kind) {
    case 'expression': {
      const f = compileExpressionCurvature(model.source, d);
      return (box) => f(box as Interval[]);
    }
    case 'sum': {
      const parts = model.terms.map((t) => ({ w: point(t.weight), f: compile(t.model) }));
      return (box) => {
        const rest = zeros(d);
        const terms: RankOne[] = [];
        for (const p of parts) {
          if (p.w.lo === 0) continue;
          const e = p.f(box);
          for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) rest[i]![j] = add(rest[i]![j]!, mul(p.w, e.rest[i]![j]!));
          // w c v v^T keeps its sign pattern (w is a point).
          for (const t of e.terms) terms.push({ c: mul(p.w, t.c), v: t.v });
        }
        return { rest, terms };
      };
    }
    default:
      // Quadratic and network terms: their interval Hessian is the rest.
      return (box) => ({ rest: encloseModel(model, box).hessian, terms: [] });
  }
}

const cache = new WeakMap<EnergyModel, CurvatureFn | null>();

/** The curvature form of hess E over a box, or null when the model has no expression term (then it
 *  adds nothing to the interval Hessian) or has a network term. May throw like the enclosures do. */
export function encloseCurvature(model: EnergyModel, box: Box): CurvatureEnclosure | null {
  let f = cache.get(model);
  if (f === undefined) {
    // Networks would be enclosed twice (their Hessian is only ever rest here): not worth the cost.
    f = hasExpression(model) && !hasNetwork(model) ? compile(model) : null;
    cache.set(model, f);
  }
  return f === null ? null : f(box);
}

/**
 * Bounds lambda_min.lo and lambda_max.hi of hess(E)/T for every x in the box from the curvature form.
 * NaN never escapes: an unusable entry gives -Infinity / +Infinity.
 */
export function curvatureEigenBounds(curv: CurvatureEnclosure, temperature: number): { minLo: number; maxHi: number } {
  const t = point(temperature);
  const base = symmetricEigenBounds(curv.rest.map((row) => row.map((x) => div(x, t))));
  // Weyl: lambda_min(R + sum_k M_k) >= lambda_min(R) + sum_k lambda_min(M_k), likewise for lambda_max;
  // M_k = c_k v_k v_k^T has eigenvalues 0 (multiplicity d - 1) and c_k |v_k|^2, which lies in p.
  let minLo = base.min.lo;
  let maxHi = base.max.hi;
  for (const term of curv.terms) {
    let norm: Interval = ZERO;
    for (const x of term.v) norm = add(norm, sqr(x));
    const p = mul(div(term.c, t), norm);
    minLo = addLo(minLo, Math.min(0, p.lo));
    maxHi = addHi(maxHi, Math.max(0, p.hi));
  }
  return { minLo: Number.isNaN(minLo) ? -Infinity : minLo, maxHi: Number.isNaN(maxHi) ? Infinity : maxHi };
}

