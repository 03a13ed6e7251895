// Random expressions (a grammar rich in convex functions of linear forms, products and chains) on
// random boxes, bounded and unbounded: the curvature form's eigenvalue bounds (Dual.curv through
// kernel/curvature.ts) must contain the eigenvalues of the 60-digit Hessian at points of the box.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { curvatureEigenBounds, encloseCurvature } from '../../src/kernel/curvature.js';
import { interval, point, type Interval } from '../../src/kernel/interval.js';
import { referenceExpression } from './expressionReference.js';
import { D60 } from './intervalReference.js';

interface Expr {
  readonly k: string;
  readonly r: string;
}

const literal = fc.constantFrom('0.5', '2', '-1.5', '0.3', '3');
const unary: ((a: Expr) => Expr)[] = [
  (a) => ({ k: `-(${a.k})`, r: `-(${a.r})` }),
  (a) => ({ k: `softplus(${a.k})`, r: `log(1 + exp(${a.r}))` }),
  (a) => ({ k: `sigmoid(${a.k})`, r: `1 / (1 + exp(-(${a.r})))` }),
  (a) => ({ k: `tanh(${a.k})`, r: `tanh(${a.r})` }),
  (a) => ({ k: `sqrt(1 + (${a.k})^2)`, r: `sqrt(1 + (${a.r})^2)` }),
  (a) => ({ k: `log(0.5 + (${a.k})^2)`, r: `log(0.5 + (${a.r})^2)` }),
  (a) => ({ k: `(${a.k})^2`, r: `(${a.r})^2` }),
  (a) => ({ k: `sin(${a.k})`, r: `sin(${a.r})` }),
  (a) => ({ k: `exp(0.2 * (${a.k}))`, r: `exp(0.2 * (${a.r}))` }),
  (a) => ({ k: `(${a.k}) / 3`, r: `(${a.r}) / 3` }),
];
const binary: ((a: Expr, b: Expr) => Expr)[] = [
  (a, b) => ({ k: `(${a.k}) + (${b.k})`, r: `(${a.r}) + (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) - (${b.k})`, r: `(${a.r}) - (${b.r})` }),
  (a, b) => ({ k: `(${a.k}) * (${b.k})`, r: `(${a.r}) * (${b.r})` }),
];

const exprArb: fc.Arbitrary<Expr> = (() => {
  const variable = fc.constantFrom({ k: 'x1', r: 'x1' }, { k: 'x2', r: 'x2' });
  const linear = fc.tuple(literal, literal).map(([a, b]) => ({ k: `${a}*x1 + (${b})*x2`, r: `${a}*x1 + (${b})*x2` }));
  const leaf = fc.oneof({ weight: 2, arbitrary: variable }, { weight: 2, arbitrary: linear }, { weight: 1, arbitrary: literal.map((c) => ({ k: c, r: c })) });
  const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.integer({ min: 0, max: unary.length - 1 }), tie('tree')).map(([i, a]) => unary[i]!(a)),
      fc.tuple(fc.integer({ min: 0, max: binary.length - 1 }), tie('tree'), tie('tree')).map(([i, a, b]) => binary[i]!(a, b)),
    ),
  }));
  return tree.filter((e) => e.k.length < 90);
})();

const coordinate = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true })).map(([a, w]) => interval(a, a + w)) },
  { weight: 1, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }).map((a) => point(a)) },
  { weight: 2, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }).map((a) => interval(a, Infinity)) },
  { weight: 2, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }).map((a) => interval(-Infinity, a)) },
  { weight: 1, arbitrary: fc.constant(interval(-Infinity, Infinity)) },
);

function pointsIn(box: readonly Interval[], fractions: readonly number[]): number[][] {
  return fractions.map((t) =>
    box.map((c) => {
      const lo = Math.max(c.lo, -8, Math.min(c.hi, 8) - 8);
      const hi = Math.min(c.hi, 8, lo + 8);
      return Math.min(hi, Math.max(lo, lo + (hi - lo) * t));
    }),
  );
}

function eigen2(a: Decimal, b: Decimal, c: Decimal): [Decimal, Decimal] {
  const mean = a.plus(c).div(2);
  const r = a.minus(c).div(2).pow(2).plus(b.pow(2)).sqrt();
  return [mean.minus(r), mean.plus(r)];
}

describe('curvature form on random expressions', () => {
  it('eigenvalue bounds contain the eigenvalues of the 60-digit Hessian', () => {
    let checked = 0;
    fc.assert(
      fc.property(exprArb, fc.array(coordinate, { minLength: 2, maxLength: 2 }), fc.double({ min: 0, max: 1, noNaN: true }), (expr, box, f) => {
        let bounds: { minLo: number; maxHi: number };
        try {
          const c = encloseCurvature({ kind: 'expression', dim: 2, source: expr.k }, box);
          bounds = curvatureEigenBounds(c!, 1);
        } catch {
          return true; // a refusal proves nothing and is never used
        }
        const ref = referenceExpression(expr.r, 2);
        for (const x of pointsIn(box, [0, 1, f])) {
          const h = ref.hessian.map((row) => row.map((g) => g(x)));
          if (h.flat().some((v) => !v.isFinite())) continue;
          const [lmin, lmax] = eigen2(h[0]![0]!, h[0]![1]!, h[1]![1]!);
          const slack = lmin.abs().plus(lmax.abs()).plus(1).times('1e-35');
          if (Number.isFinite(bounds.minLo) && new D60(bounds.minLo).gt(lmin.plus(slack))) throw new Error(`${expr.k} on ${JSON.stringify(box)} at ${x}: lambda_min ${lmin.toSignificantDigits(20)} < bound ${bounds.minLo}`);
          if (Number.isFinite(bounds.maxHi) && new D60(bounds.maxHi).lt(lmax.minus(slack))) throw new Error(`${expr.k} on ${JSON.stringify(box)} at ${x}: lambda_max ${lmax.toSignificantDigits(20)} > bound ${bounds.maxHi}`);
          checked++;
        }
        return true;
      }),
      { numRuns: 150, seed: 20261206 },
    );
    expect(checked).toBeGreaterThan(60);
  });
});
