// The penalty of constrained generation (src/verify/penalty.ts, proofs/constraint.md section 1):
// which face is chosen, refusal when the mean is inside a box, and the expression the kernel encloses
// is lambda/k^2 softplus(k s)^2 (checked at random points against an independent evaluation).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { penaltyExpression, penaltyFor, separatingHalfSpace } from '../../src/verify/penalty.js';
import { encloseModel } from '../../src/kernel/enclosure.js';

const box = (...c: [number, number][]) => c.map(([lo, hi]) => ({ lo, hi }));

describe('penalty', () => {
  it('picks the face with the mean farthest outside it', () => {
    expect(separatingHalfSpace(box([0, 3], [-3, 3]), [-1, 0])).toEqual({ coord: 0, side: 1, face: 0 });
    expect(separatingHalfSpace(box([0, 3], [2, 3]), [-1, -5])).toEqual({ coord: 1, side: 1, face: 2 });
    expect(separatingHalfSpace(box([-4, -2], [-1, 1]), [0, 0])).toEqual({ coord: 0, side: -1, face: -2 });
    expect(separatingHalfSpace(box([-1, 1], [-1, 1]), [0, 0.5])).toBeNull();
  });

  it('refuses a box that contains the mean, counts a repeated half-space once', () => {
    const p = { weight: 20, sharpness: 4, margin: 0.5 };
    expect(penaltyFor([box([1, 2]), box([-1, 1])], [0], p)).toEqual({ insideBox: 1 });
    const two = penaltyFor([box([1, 2]), box([1, 3])], [0], p);
    expect('expression' in two && two.expression).toBe('1.25 * (softplus(4 * (x1 - 0.5))^2)');
    const sides = penaltyFor([box([1, 2]), box([-3, -2])], [0], { weight: 2, sharpness: 1, margin: 0 });
    expect('expression' in sides && sides.expression).toBe('2 * (softplus(1 * (x1 - 1))^2 + softplus(1 * ((-2) - x1))^2)');
  });

  it('the kernel enclosure of the expression contains lambda/k^2 softplus(k s)^2 (decimal reference)', () => {
    Decimal.set({ precision: 40 });
    const sp = (z: Decimal): Decimal => Decimal.ln(Decimal.exp(z).plus(1));
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: 0.5, max: 50, noNaN: true }),
        fc.double({ min: 0.5, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (x, lambda, k, margin, face) => {
          const source = penaltyExpression([{ coord: 0, side: 1, face }], { weight: lambda, sharpness: k, margin });
          const v = encloseModel({ kind: 'expression', dim: 1, source }, [{ lo: x, hi: x }]).value;
          // The expression's constants are the doubles lambda/k^2 and face - margin as written.
          const c = new Decimal(lambda / (k * k));
          const shift = new Decimal(face - margin);
          const ref = c.times(sp(new Decimal(k).times(new Decimal(x).minus(shift))).pow(2));
          expect(ref.gte(v.lo) && ref.lte(v.hi)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
