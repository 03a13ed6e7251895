// The grid spectral gap against closed forms: for f = x^T A x / 2 the generator's gap is
// lambda_min(A) (Ornstein-Uhlenbeck); the double well (x1^2 - 1)^2 + x2^2 / 2 is a product, its gap the
// smaller of 1 (the x2 factor) and the x1 factor's (about 0.749, a literature value re-derived here
// by a fine 1-D finite-difference computation).
import { describe, expect, it } from 'vitest';
import { fieldOn, uniformGrid } from '../../../src/diagnostics/grid/grid.js';
import { potentialFromEnergy } from '../../../src/diagnostics/grid/potential.js';
import { smallestTridiagonalEigenvalue, spectralGapOnGrid } from '../../../src/diagnostics/grid/spectralGap.js';
import { loadEnergy } from '../../../src/energy/spec.js';

function gapOf(spec: string, half: number, nodes: number): number {
  const grid = uniformGrid(-half, half, -half, half, nodes, nodes);
  return spectralGapOnGrid(fieldOn(potentialFromEnergy(loadEnergy(spec), 1), grid)).gap;
}

/** Gap of the 1-D generator g'' - f' g' by a symmetric finite-volume tridiagonal matrix on a fine grid. */
function gap1d(f: (x: number) => number, half: number, n: number): number {
  const h = (2 * half) / (n - 1);
  const xs = Array.from({ length: n }, (_, i) => -half + i * h);
  const a = new Array<number>(n).fill(0);
  const b: number[] = [];
  for (let i = 0; i + 1 < n; i++) {
    // Edge weight in the sqrt(pi) frame: exp(-(f_i + f_j)/2 + f_mid) / h^2 (midpoint rule), rates symmetric.
    const fm = f((xs[i]! + xs[i + 1]!) / 2);
    const rij = Math.exp(f(xs[i]!) - fm) / (h * h);
    const rji = Math.exp(f(xs[i + 1]!) - fm) / (h * h);
    a[i]! += rij;
    a[i + 1]! += rji;
    b.push(-Math.sqrt(rij * rji));
  }
  // The second eigenvalue: deflate the ground state by a shift-and-count (Sturm count of 2).
  let lo = 0;
  let hi = 10;
  const count = (x: number): number => {
    let c = 0;
    let d = 1;
    for (let i = 0; i < n; i++) {
      d = a[i]! - x - (i > 0 ? (b[i - 1]! * b[i - 1]!) / d : 0);
      if (d === 0) d = 1e-300;
      if (d < 0) c++;
    }
    return c;
  };
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (count(mid) >= 2) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

describe('spectralGapOnGrid', () => {
  it('Gaussian 0.5 (x1^2 + 4 x2^2): gap 1 within 1%', () => {
    const g = gapOf('expr:0.5*(x1^2 + 4*x2^2)', 5, 81);
    expect(g).toBeGreaterThan(0.99);
    expect(g).toBeLessThan(1.01);
  });

  it('Gaussian 0.5 (2 x1^2 + 3 x2^2): gap 2 within 1%', () => {
    const g = gapOf('expr:x1^2 + 1.5*x2^2', 4, 81);
    expect(Math.abs(g - 2)).toBeLessThan(0.02);
  });

  it('double well: the 1-D factor\'s gap (fine 1-D reference) within 1%', () => {
    const ref = gap1d((x) => (x * x - 1) ** 2, 4, 4001);
    expect(ref).toBeGreaterThan(0.74);
    expect(ref).toBeLessThan(0.76);
    const g = gapOf('expr:(x1^2 - 1)^2 + 0.5*x2^2', 3, 101);
    expect(Math.abs(g - ref) / ref).toBeLessThan(0.01);
  });

  it('smallestTridiagonalEigenvalue: [[2, -1], [-1, 2]] has eigenvalues 1 and 3', () => {
    expect(smallestTridiagonalEigenvalue([2, 2], [-1])).toBeCloseTo(1, 12);
  });
});
