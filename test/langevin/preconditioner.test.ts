// The choice of a constant preconditioner: the Cholesky factor of a given SPD matrix, and `auto`
// (inverse Hessian of E/T at a float minimiser). Untrusted choices; these tests pin what they return.
import { describe, expect, it } from 'vitest';
import { autoFactor, choleskyFactor, factorOfMatrix } from '../../src/langevin/preconditioner.js';
import { buildEnergy } from '../../src/certify/energyBuild.js';

describe('preconditioner choice', () => {
  it('factorOfMatrix: Cholesky of an SPD matrix; refuses asymmetric or indefinite ones', () => {
    const f = factorOfMatrix([[4, 2], [2, 5]], 2);
    expect(f).toEqual([[2, 0], [1, 2]]);
    expect(factorOfMatrix([[1, 2], [0, 1]], 2)).toMatch(/not symmetric/);
    expect(factorOfMatrix([[1, 2], [2, 1]], 2)).toMatch(/not positive definite/);
    expect(factorOfMatrix([[1, 0]], 2)).toMatch(/2 x 2/);
    expect(choleskyFactor([[-1]])).toBeNull();
  });

  it('auto: C C^T is the inverse Hessian of E/T at the mode', () => {
    const energy = buildEnergy([{ spec: 'expr:0.5*(x1-1)^2 + 50*x2^2', weight: 1 }]);
    const f = autoFactor(energy, 2, Float64Array.of(3, 3))!;
    // hess (E/T) = diag(0.5, 50): P = diag(2, 0.02).
    expect(f[0]![0]! ** 2).toBeCloseTo(2, 10);
    expect(f[1]![1]! ** 2).toBeCloseTo(0.02, 10);
    expect(f[1]![0]).toBeCloseTo(0, 12);
  });
});
