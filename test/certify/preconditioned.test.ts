// The producer's preconditioner record: it keeps the cover with the best condition number L_g / m_g,
// and claims nothing when no cover works (a record verify accepts either way).
import { describe, expect, it } from 'vitest';
import { preconditionerRecord } from '../../src/certify/preconditioned.js';
import { expr, gridCover, wholeSpace } from '../kernel/checks/helpers.js';

describe('preconditionerRecord', () => {
  const model = expr('0.5*x1^2 + 50*x2^2 + 0.5*log(1+x1^2)');
  const c = [[Math.SQRT1_2, 0], [0, 0.1]];

  it('keeps the cover with the smallest L_g / m_g, and names the kernel function and proof', () => {
    // A cover that is not one (a single bounded box) is skipped, whatever its numbers.
    const r = preconditionerRecord(model, 1, c, [[[{ lo: 0, hi: 1 }, { lo: 0, hi: 1 }]], gridCover(2, 4, 3), wholeSpace(2)]);
    expect(r.function).toBe('kernel/checks/preconditioned.checkPreconditionedCurvature');
    expect(r.proof).toBe('proofs/stopping-preconditioned.md');
    expect(r.claim.m).toBeGreaterThan(0.43);
    expect(r.claim.m).toBeLessThanOrEqual(0.4375);
    expect(r.claim.upper).toBeGreaterThanOrEqual(1);
    expect(r.evidence.boxes.length).toBeGreaterThan(0);
  });

  it('claims nothing when no cover is given or none covers R^d', () => {
    const r = preconditionerRecord(model, 1, c, [[], [[{ lo: 0, hi: 1 }, { lo: 0, hi: 1 }]]]);
    expect(r.claim).toEqual({ m: null, upper: null });
    expect(r.evidence.boxes).toEqual([]);
  });

  it('claims no m_g when C^T hess f C is not positive definite on the cover', () => {
    const r = preconditionerRecord(expr('x1^2 - 0.1*x2^2 + x2^4'), 1, [[1, 0], [0, 1]], [wholeSpace(2)]);
    expect(r.claim.m).toBeNull();
  });
});
