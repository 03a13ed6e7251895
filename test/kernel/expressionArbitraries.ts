// Random expressions, boxes and points shared by the expression enclosure tests (value, gradient,
// Hessian in expression.test.ts; third derivatives in expressionThird.test.ts). Each test passes its
// own grammar (the functions its reference can differentiate); the tree, the boxes and the check
// against a 60-digit reference are the same.
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { interval, point, type Interval } from '../../src/kernel/interval.js';
import { encloses } from './intervalReference.js';

/** A generated expression: the text the kernel reads and the same function for the reference
 * (sigmoid and softplus spelled out, since mathjs cannot differentiate them). */
export interface Expr {
  readonly k: string;
  readonly r: string;
}

export const literal = fc.constantFrom('0.1', '2', '0.5', '3', '1.25', '0.3', '7e-1', 'pi', 'e');

export interface Grammar {
  readonly unary: readonly ((a: Expr) => Expr)[];
  readonly binary: readonly ((a: Expr, b: Expr) => Expr)[];
  readonly powers: fc.Arbitrary<number>;
  /** mathjs's unsimplified symbolic derivatives (the reference) grow fast with the expression's length. */
  readonly maxLength: number;
}

export function expressionArbitrary(dim: number, g: Grammar): fc.Arbitrary<Expr> {
  const variable = fc.integer({ min: 1, max: dim }).map((i) => ({ k: `x${i}`, r: `x${i}` }));
  const leaf = fc.oneof({ weight: 3, arbitrary: variable }, { weight: 1, arbitrary: literal.map((c) => ({ k: c, r: c })) });
  const { tree } = fc.letrec<{ tree: Expr }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.integer({ min: 0, max: g.unary.length - 1 }), tie('tree')).map(([i, a]) => g.unary[i]!(a)),
      fc.tuple(fc.integer({ min: 0, max: g.binary.length - 1 }), tie('tree'), tie('tree')).map(([i, a, b]) => g.binary[i]!(a, b)),
      fc.tuple(tie('tree'), g.powers).map(([a, n]) => ({ k: `(${a.k})^${n}`, r: `(${a.r})^${n}` })),
    ),
  }));
  return tree.filter((e) => e.k.length < g.maxLength);
}

/** One box coordinate: bounded, a point, or unbounded on one side. */
export const coordinate = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true })).map(([a, w]) => interval(a, a + w)) },
  { weight: 2, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }).map((a) => point(a)) },
  { weight: 1, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }).map((a) => interval(a, Infinity)) },
  { weight: 1, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }).map((a) => interval(-Infinity, a)) },
);

/** Corners and interior points of the box, unbounded ends cut at +-6. */
export function pointsIn(box: readonly Interval[], fractions: readonly number[]): number[][] {
  return fractions.map((t) =>
    box.map((c) => {
      const lo = Math.max(c.lo, -6, Math.min(c.hi, 6) - 6);
      const hi = Math.min(c.hi, 6, lo + 6);
      return Math.min(hi, Math.max(lo, lo + (hi - lo) * t));
    }),
  );
}

/** Inside, up to the reference's own error (60 digits: far below any double rounding). */
export function containsReference(a: Interval, r: Decimal): boolean {
  if (encloses(a, r)) return true;
  const slack = r.abs().plus(1).times('1e-35');
  return encloses({ lo: -Infinity, hi: a.hi }, r.minus(slack)) && encloses({ lo: a.lo, hi: Infinity }, r.plus(slack));
}
