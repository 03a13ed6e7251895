// The producers' simplex: optimal values against hand-solved programs and against brute force over
// vertices, infeasibility detected. (Untrusted code: a wrong answer costs tightness, but the LSI
// bump fit relies on it to find the oscillation the kernel then certifies.)
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveLinearProgram } from '../../src/certify/linearProgram.js';

describe('solveLinearProgram', () => {
  it('solves a textbook program (max 3x + 5y, x <= 4, 2y <= 12, 3x + 2y <= 18: x = 2, y = 6, value 36)', () => {
    const r = solveLinearProgram({ objective: [-3, -5], rows: [[1, 0], [0, 2], [3, 2]], rhs: [4, 12, 18], lower: [0, 0], upper: [100, 100] });
    expect(r.status).toBe('optimal');
    if (r.status !== 'optimal') return;
    expect(r.x[0]).toBeCloseTo(2, 10);
    expect(r.x[1]).toBeCloseTo(6, 10);
    expect(r.value).toBeCloseTo(-36, 10);
  });

  it('handles negative right-hand sides and negative lower bounds (phase 1)', () => {
    // min x + y subject to x + y >= 3 (-x - y <= -3), x - y <= 1, x, y in [-5, 5]: value 3.
    const r = solveLinearProgram({ objective: [1, 1], rows: [[-1, -1], [1, -1]], rhs: [-3, 1], lower: [-5, -5], upper: [5, 5] });
    expect(r.status).toBe('optimal');
    if (r.status === 'optimal') expect(r.value).toBeCloseTo(3, 10);
  });

  it('reports an infeasible program', () => {
    // x >= 2 and x <= 1.
    const r = solveLinearProgram({ objective: [1], rows: [[-1], [1]], rhs: [-2, 1], lower: [-10], upper: [10] });
    expect(r.status).toBe('infeasible');
  });

  it('matches the best feasible vertex on random two-variable programs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -10, max: 10 })), { minLength: 1, maxLength: 6 }),
        fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 })),
        (cons, [c0, c1]) => {
          const rows = [...cons.map(([a, b]) => [a, b]), [1, 0], [-1, 0], [0, 1], [0, -1]];
          const rhs = [...cons.map(([, , r]) => r), 3, 3, 3, 3];
          // Brute force: every intersection of two constraint lines that is feasible.
          let best = Infinity;
          for (let i = 0; i < rows.length; i++)
            for (let j = i + 1; j < rows.length; j++) {
              const [a, b] = rows[i]!;
              const [c, d] = rows[j]!;
              const det = a! * d! - b! * c!;
              if (det === 0) continue;
              const x = (rhs[i]! * d! - b! * rhs[j]!) / det;
              const y = (a! * rhs[j]! - rhs[i]! * c!) / det;
              if (rows.every((r, k) => r[0]! * x + r[1]! * y <= rhs[k]! + 1e-9)) best = Math.min(best, c0 * x + c1 * y);
            }
          const r = solveLinearProgram({ objective: [c0, c1], rows: cons.map(([a, b]) => [a, b]), rhs: cons.map(([, , v]) => v), lower: [-3, -3], upper: [3, 3] });
          if (best === Infinity) expect(r.status).toBe('infeasible');
          else {
            expect(r.status).toBe('optimal');
            if (r.status === 'optimal') expect(r.value).toBeCloseTo(best, 7);
          }
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
