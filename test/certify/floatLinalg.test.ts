// symmetricEigenpairs (Householder + implicit QL): the path graph's Laplacian against its closed-form
// spectrum 2 - 2 cos(pi m / n) and cosine eigenvectors, and random symmetric matrices against the
// kernel's independent Jacobi rotations (eigenvalues) with residuals and orthogonality of the vectors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { symmetricEigenpairs } from '../../src/certify/floatLinalg.js';
import { jacobiEigen } from '../../src/kernel/eigen.js';

describe('symmetricEigenpairs', () => {
  it('the path Laplacian on n nodes: eigenvalues 2 - 2 cos(pi m / n), eigenvectors cos(pi m (i + 1/2) / n) up to sign', () => {
    for (const n of [2, 3, 17, 64]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i + 1 < n; i++) {
        a[i * n + i + 1] = -1; a[(i + 1) * n + i] = -1;
        a[i * n + i]! += 1; a[(i + 1) * n + i + 1]! += 1;
      }
      const { values, vectors } = symmetricEigenpairs(a, n);
      for (let m = 0; m < n; m++) {
        expect(Math.abs(values[m]! - (2 - 2 * Math.cos((Math.PI * m) / n)))).toBeLessThan(1e-13);
        const want = Array.from({ length: n }, (_, i) => Math.cos((Math.PI * m * (i + 0.5)) / n));
        const norm = Math.hypot(...want);
        const dot = want.reduce((s, w, i) => s + (w / norm) * vectors[i * n + m]!, 0);
        expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-10);
      }
    }
  });

  it('random symmetric matrices: the Jacobi eigenvalues, A v = lambda v and V^T V = I to 1e-12', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 144, maxLength: 144 }), (n, raw) => {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { a[i * n + j] = raw[i * 12 + j]!; a[j * n + i] = raw[i * 12 + j]!; }
      const { values, vectors } = symmetricEigenpairs(a, n);
      const jacobi = Array.from(jacobiEigen(n, a).diagonal).sort((x, y) => x - y);
      const scale = 1 + Math.max(...Array.from(a, Math.abs));
      for (let m = 0; m < n; m++) {
        expect(Math.abs(values[m]! - jacobi[m]!)).toBeLessThan(1e-12 * scale * n);
        if (m > 0) expect(values[m]!).toBeGreaterThanOrEqual(values[m - 1]!);
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += a[i * n + j]! * vectors[j * n + m]!;
          expect(Math.abs(s - values[m]! * vectors[i * n + m]!)).toBeLessThan(1e-12 * scale * n);
        }
        for (let p = 0; p <= m; p++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += vectors[i * n + m]! * vectors[i * n + p]!;
          expect(Math.abs(s - (p === m ? 1 : 0))).toBeLessThan(1e-12 * n);
        }
      }
    }), { numRuns: 60 });
  });
});
