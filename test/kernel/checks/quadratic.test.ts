import { describe, expect, it } from 'vitest';
import { checkExactQuadratic } from '../../../src/kernel/checks/quadratic.js';
import { D60, d60, encloses } from '../intervalReference.js';
import { expr, tanhNet } from './helpers.js';

describe('checkExactQuadratic', () => {
  it('encloses hess f = A / T and grad f(0) = b / T for E = x.A x / 2 + b.x (60 digits)', () => {
    // E = 0.5 (4 x1^2 + x2^2) + 3 x1 - x2 + x1 x2: A = [[4, 1], [1, 1]], b = (3, -1).
    const T = 0.7;
    const q = checkExactQuadratic(expr('0.5*(4*x1^2 + x2^2) + 3*x1 - x2 + x1*x2'), T);
    expect(q).not.toBeNull();
    if (!q) return;
    const t = d60(T);
    const a = [[4, 1], [1, 1]];
    const b = [3, -1];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const exact = new D60(a[i]![j]!).div(t);
        expect(encloses(q.hessian[i]![j]!, exact)).toBe(true);
        expect(q.hessian[i]![j]!.hi - q.hessian[i]![j]!.lo).toBeLessThan(1e-14);
      }
      expect(encloses(q.gradientAtOrigin[i]!, new D60(b[i]!).div(t))).toBe(true);
      expect(q.gradientAtOrigin[i]!.hi - q.gradientAtOrigin[i]!.lo).toBeLessThan(1e-14);
    }
  });

  it('is null for a model that is not exactly quadratic', () => {
    expect(checkExactQuadratic(expr('x1^2 + x2^4'), 1)).toBeNull();
    expect(checkExactQuadratic(tanhNet, 1)).toBeNull();
  });

  it('is null when the Hessian or the gradient at 0 overflows (no finite evidence)', () => {
    expect(checkExactQuadratic(expr('1e308*10*x1^2 + x2^2'), 1)).toBeNull();
    expect(checkExactQuadratic(expr('1e308*10*x1 + x2^2'), 1)).toBeNull();
    // The same with finite numbers is evidence.
    expect(checkExactQuadratic(expr('1e300*x1^2 + 1e300*x1 + x2^2'), 1)).not.toBeNull();
  });
});
