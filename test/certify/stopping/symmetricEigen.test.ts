import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../../src/certify/stopping/symmetricEigen.js';
import { createRng } from '../../../src/random/rng.js';

describe('symmetricEigen', () => {
  it('reconstructs random symmetric matrices (A v = lambda v, orthonormal v, ascending values)', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 20; trial++) {
      const d = 1 + (trial % 5);
      const b = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
      const a = b.map((row, i) => row.map((x, j) => (x + b[j]![i]!) / 2));
      const { values, vectors } = symmetricEigen(a);
      for (let i = 1; i < d; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
      vectors.forEach((v, i) => {
        const av = a.map((row) => row.reduce((s, x, k) => s + x * v[k]!, 0));
        av.forEach((x, k) => expect(Math.abs(x - values[i]! * v[k]!)).toBeLessThan(1e-10));
        vectors.forEach((w, j) => expect(v.reduce((s, x, k) => s + x * w[k]!, 0)).toBeCloseTo(i === j ? 1 : 0, 12));
      });
    }
  });
});

describe('symmetricEigenvalues (producers\' estimates, same Jacobi)', () => {
  it('matches symmetricEigen and the trace/closed forms', async () => {
    const { symmetricEigenvalues } = await import('../../../src/certify/floatLinalg.js');
    const rng = createRng(7);
    for (let d = 1; d <= 5; d++) {
      const b = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
      const a = b.map((row, i) => row.map((x, j) => (x + b[j]![i]!) / 2));
      const values = symmetricEigenvalues(a.flat(), d);
      const reference = symmetricEigen(a).values;
      values.forEach((v, i) => expect(Math.abs(v - reference[i]!)).toBeLessThan(1e-10));
      const trace = a.reduce((s, row, i) => s + row[i]!, 0);
      expect(Math.abs(values.reduce((s, v) => s + v, 0) - trace)).toBeLessThan(1e-10);
    }
  });
});
