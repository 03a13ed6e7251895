// The block-chain hypotheses of proofs/poincare-decomposition.md: the lambda_2 claim (PSD of
// L + beta q q^T - t Q) against the closed form for two sets (120-digit decimals) and against the
// defining inequality (1) at random vectors; the cover multiplicity and heaviest clique.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, type Dec } from '../integration/reference.js';
import { checkBlockGap, coverMultiplicity, heaviestClique, type BlockEdge } from '../../../src/kernel/checks/blockGap.js';
import { floatLambda2 } from '../../../src/certify/poincareProducer.js';
import { inequalitySlack } from './blockGapReference.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const R = I(-Infinity, Infinity);

/** lambda_2 of (L(omega), diag(q)) for two sets: omega (1/q1 + 1/q2), exactly in decimals. */
function twoSetGap(omega: number, q1: number, q2: number): Dec {
  return new D(omega).times(new D(1).div(q1).plus(new D(1).div(q2)));
}


describe('checkBlockGap: lambda_2 of the block chain', () => {
  it('two sets: accepts t just below omega (1/q1 + 1/q2) and refuses t just above (closed form)', () => {
    for (const [omega, q1, q2] of [[0.2194, 0.6097, 0.6097], [8.06e-6, 0.5002, 0.5001], [0.013, 0.9, 0.11]] as const) {
      const exact = twoSetGap(omega, q1, q2);
      const beta = (2 * exact.toNumber()) / (q1 + q2);
      const below = exact.times(1 - 1e-9).toNumber();
      const above = exact.times(1 + 1e-9).toNumber();
      expect(checkBlockGap([q1, q2], [{ i: 0, j: 1, weight: omega }], beta, below).ok).toBe(true);
      const r = checkBlockGap([q1, q2], [{ i: 0, j: 1, weight: omega }], beta, above);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/not certified/);
    }
  });

  it('a chain: every accepted t satisfies inequality (1) at random vectors, and 1.001 x the Rayleigh quotient of a test vector is refused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 7 }),
        fc.array(fc.double({ min: 1e-6, max: 0.3, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (q, w, x) => {
          const edges = q.slice(1).map((_, k) => ({ i: k, j: k + 1, weight: w[k]! }));
          const lambda = floatLambda2(q, edges);
          const beta = (2 * lambda) / q.reduce((s, v) => s + v, 0);
          const t = lambda * (1 - 1e-6);
          const r = checkBlockGap(q, edges, beta, t);
          expect(r.ok).toBe(true);
          expect(inequalitySlack(q, edges, t, x.slice(0, q.length)).gte(0)).toBe(true);
          // The Rayleigh quotient of any non-constant vector is >= lambda_2: a claim above it is false.
          const v = x.slice(0, q.length);
          if (v.every((c) => c === v[0])) return;
          const slack0 = inequalitySlack(q, edges, 0, v); // sum omega (v_i - v_j)^2
          const denom = slack0.minus(inequalitySlack(q, edges, 1, v)); // min_c sum q (v_i - c)^2
          if (denom.lte(0)) return;
          const rayleigh = slack0.div(denom);
          expect(checkBlockGap(q, edges, beta, rayleigh.times(1.001).toNumber()).ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses malformed input: a self-loop, a negative weight, a zero mass, t <= 0', () => {
    expect(checkBlockGap([0.5, 0.5], [{ i: 0, j: 0, weight: 0.1 }], 0, 0.1).ok).toBe(false);
    expect(checkBlockGap([0.5, 0.5], [{ i: 0, j: 1, weight: -0.1 }], 0, 0.1).ok).toBe(false);
    expect(checkBlockGap([0, 0.5], [{ i: 0, j: 1, weight: 0.1 }], 0, 0.1).ok).toBe(false);
    expect(checkBlockGap([0.5, 0.5], [{ i: 0, j: 1, weight: 0.1 }], 0, 0).ok).toBe(false);
    expect(checkBlockGap([0.5], [], 0, 0.1).ok).toBe(false);
  });
});

describe('cover multiplicity and heaviest clique', () => {
  it('a chain of overlapping slabs has multiplicity 2; three boxes through one point give 3', () => {
    const chain = [[I(-Infinity, 0.1), R], [I(-0.1, 1.1), R], [I(0.9, Infinity), R]];
    expect(coverMultiplicity(chain)).toBe(2);
    const star = [[I(0, 2), I(0, 2)], [I(1, 3), I(1, 3)], [I(1.5, 4), I(-1, 1.5)]];
    expect(coverMultiplicity(star)).toBe(3);
    // Boxes that only touch still share the boundary point (closed boxes).
    expect(coverMultiplicity([[I(0, 1)], [I(1, 2)], [I(2, 3)]])).toBe(2);
  });

  it('the heaviest clique is the largest sum over sets sharing a point', () => {
    const chain = [[I(-Infinity, 0.1)], [I(-0.1, 1.1)], [I(0.9, Infinity)]];
    expect(heaviestClique(chain, [5, 1, 7])).toBe(8);
    expect(heaviestClique(chain, [5, 4, 1])).toBe(9);
  });
});
