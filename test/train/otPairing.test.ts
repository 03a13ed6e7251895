import munkres from 'munkres-js';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { otPairRows, solveAssignment, squaredDistanceMatrix } from '../../src/train/otPairing.js';
import { solveAssignmentReference } from './reference/solveAssignmentTextbook.js';

const total = (cost: Float64Array, n: number, perm: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < n; i++) s += cost[i * n + perm[i]!]!;
  return s;
};

describe('solveAssignment', () => {
  it('finds the optimum of a small matrix, checked by enumerating all permutations', () => {
    const cost = new Float64Array([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    const perm = solveAssignment(cost, 3);
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    const best = Math.min(...perms.map((p) => total(cost, 3, p)));
    expect(total(cost, 3, perm)).toBe(best);
    expect([...perm].sort()).toEqual([0, 1, 2]);
  });

  it('agrees in total cost with munkres-js on random squared-distance matrices (seeded)', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + Math.floor(rng.uniform() * 30);
      const a = new Float64Array(2 * n), b = new Float64Array(2 * n);
      rng.fillNormal(a);
      rng.fillNormal(b);
      const cost = squaredDistanceMatrix(a, b, n, 2);
      const rows = Array.from({ length: n }, (_, i) => Array.from(cost.subarray(i * n, (i + 1) * n)));
      const reference = (munkres(rows) as [number, number][]).reduce((s, [i, j]) => s + cost[i * n + j]!, 0);
      const ours = total(cost, n, solveAssignment(cost, n));
      expect(Math.abs(ours - reference), `seed 42 trial ${trial}`).toBeLessThan(1e-9 * Math.max(1, reference));
    }
  });
  it('returns exactly the textbook loop\'s assignment: squared distances, and integer costs full of ties', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng.uniform() * (trial < 50 ? 40 : 130));
      let cost: Float64Array;
      if (trial % 2 === 0) {
        const a = new Float64Array(2 * n), b = new Float64Array(2 * n);
        rng.fillNormal(a);
        rng.fillNormal(b);
        cost = squaredDistanceMatrix(a, b, n, 2);
      } else {
        // few distinct values: many optimal assignments, so the tie-breaking order decides which
        cost = new Float64Array(n * n).map(() => Math.floor(rng.uniform() * 4));
      }
      expect([...solveAssignment(cost, n)], `seed 7 trial ${trial} n ${n}`).toEqual([...solveAssignmentReference(cost, n)]);
    }
  });
});

describe('otPairRows', () => {
  it('pairs each prior point with its transport partner (a permutation of x1)', () => {
    const x0 = new Float64Array([0, 0, 10, 10]);
    const x1 = new Float64Array([10, 11, 1, 0]);
    expect([...otPairRows(x0, x1, 2, 2)]).toEqual([1, 0, 10, 11]);
  });
});
