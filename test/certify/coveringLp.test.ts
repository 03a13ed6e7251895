import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveCoveringLp } from '../../src/certify/linearProgram.js';

describe('covering LP (dual simplex tableau)', () => {
  it('finds the vertex optimum of a small program', () => {
    // min y1 + y2, y1 + 2 y2 >= 2, 3 y1 + y2 >= 3: optimum (0.8, 0.6), value 1.4.
    const r = solveCoveringLp([Float64Array.of(1, 2), Float64Array.of(3, 1)], [2, 3], [1, 1]);
    expect(r.status).toBe('optimal');
    expect(r.y[0]).toBeCloseTo(0.8, 12);
    expect(r.y[1]).toBeCloseTo(0.6, 12);
    expect(r.objective).toBeCloseTo(1.4, 8); // the costs carry a 1e-9 anti-degeneracy perturbation
  });

  it('ignores constraints with a non-positive right-hand side and reports infeasibility', () => {
    const r = solveCoveringLp([Float64Array.of(1, 0), Float64Array.of(0, 1)], [-1, 2], [5, 1]);
    expect(r.status).toBe('optimal');
    expect(r.y[0]).toBeCloseTo(0, 12);
    expect(r.y[1]).toBeCloseTo(2, 12);
    // y1 >= 1 and -y1 >= 0 cannot both hold.
    expect(solveCoveringLp([Float64Array.of(1), Float64Array.of(-1)], [1, 0], [1]).status).toBe('infeasible');
  });

  it('matches the best feasible vertex on random two-variable programs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -10, max: 10 })), { minLength: 1, maxLength: 6 }),
        fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })),
        (cons, [f0, f1]) => {
          // A y >= b, y >= 0, y <= 3 (as -y >= -3).
          const a = [...cons.map(([p, q]) => [p, q]), [-1, 0], [0, -1]];
          const b = [...cons.map(([, , r]) => r), -3, -3];
          const lines = [...a.map((r, i) => ({ r, v: b[i]! })), { r: [1, 0], v: 0 }, { r: [0, 1], v: 0 }];
          let best = Infinity;
          for (let i = 0; i < lines.length; i++)
            for (let j = i + 1; j < lines.length; j++) {
              const [p, q] = lines[i]!.r;
              const [s, t] = lines[j]!.r;
              const det = p! * t! - q! * s!;
              if (det === 0) continue;
              const x = (lines[i]!.v * t! - q! * lines[j]!.v) / det;
              const y = (p! * lines[j]!.v - lines[i]!.v * s!) / det;
              if (x >= -1e-9 && y >= -1e-9 && a.every((r, k) => r[0]! * x + r[1]! * y >= b[k]! - 1e-9)) best = Math.min(best, f0 * x + f1 * y);
            }
          const r = solveCoveringLp(a.map((row) => Float64Array.from(row)), b, [f0, f1]);
          if (best === Infinity) expect(r.status).toBe('infeasible');
          else {
            expect(r.status).toBe('optimal');
            expect(r.objective).toBeCloseTo(best, 6);
          }
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
