import { describe, expect, it } from 'vitest';
import { solveCoveringLp } from '../../src/barrier/lp.js';

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
});
