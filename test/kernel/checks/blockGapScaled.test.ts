// The block-chain check on decompositions whose sets differ in mass by many orders of magnitude (cells
// far from the modes of a 2-d grid cover): the lambda_2 claim is decided on the congruent matrix
// D M D, D ~ diag(q)^-1/2 (proofs/poincare-decomposition.md, "(H2) with a claimed t"). References: the
// smallest positive root of det(L - lambda Q) by bisection in 60-digit decimals, and inequality (1)
// at random vectors in decimals.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, type Dec } from '../integration/reference.js';
import { checkBlockGap, heaviestClique, MAX_DECOMPOSITION_SETS, type BlockEdge } from '../../../src/kernel/checks/blockGap.js';
import { floatLambda2 } from '../../../src/certify/poincareProducer.js';
import { inequalitySlack } from './blockGapReference.js';
import { symmetricEigenBounds } from '../../../src/kernel/eigen.js';
import { add, mul, point, sub } from '../../../src/kernel/interval.js';

/** det(L(omega) - lambda diag(q)) for a chain 0 - 1 - 2, in decimals. */
function chainDet(q: readonly number[], w01: number, w12: number, lambda: Dec): Dec {
  const a = new D(w01).minus(lambda.times(q[0]!));
  const b = new D(w01).plus(w12).minus(lambda.times(q[1]!));
  const c = new D(w12).minus(lambda.times(q[2]!));
  return a.times(b.times(c).minus(new D(w12).pow(2))).minus(new D(w01).pow(2).times(c));
}

/** The smallest positive root of det / lambda in (0, hi], by bisection (det / lambda changes sign once there). */
function chainLambda2(q: readonly number[], w01: number, w12: number, hi: number): Dec {
  const g = (l: Dec): Dec => chainDet(q, w01, w12, l).div(l);
  let lo = new D(hi).times(1e-6), up = new D(hi);
  const sLo = g(lo).isPositive();
  expect(g(up).isPositive()).not.toBe(sLo);
  for (let k = 0; k < 200; k++) {
    const mid = lo.plus(up).div(2);
    if (g(mid).isPositive() === sLo) lo = mid; else up = mid;
  }
  return lo;
}


describe('checkBlockGap with masses over 30 orders of magnitude', () => {
  it('a heavy pair and a set of mass 1e-30: accepts t just below lambda_2 and refuses t just above (decimal root)', () => {
    const q = [0.5, 0.4, 1e-30], w01 = 1e-3, w12 = 2e-31;
    const edges = [{ i: 0, j: 1, weight: w01 }, { i: 1, j: 2, weight: w12 }];
    const f = floatLambda2(q, edges);
    const exact = chainLambda2(q, w01, w12, 1.5 * f);
    const beta = (2 * f) / (q[0]! + q[1]! + q[2]!);
    expect(checkBlockGap(q, edges, beta, exact.times(1 - 1e-7).toNumber()).ok).toBe(true);
    expect(checkBlockGap(q, edges, beta, exact.times(1 + 1e-7).toNumber()).ok).toBe(false);
  });

  it('random chains with masses falling from 1 to 1e-40: every accepted t satisfies (1) at random vectors; 1.001 x a Rayleigh quotient is refused', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -40, max: 0, noNaN: true }), { minLength: 3, maxLength: 8 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 7, maxLength: 7 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 8, maxLength: 8 }),
        (logs, rates, x) => {
          // Masses decreasing along the chain (the light sets at the periphery, as far from the modes):
          // a set of mass 1e-30 *between* two heavy ones puts lambda_2 below float resolution.
          const q = [...logs].sort((a, b) => b - a).map((l) => 10 ** l);
          const edges = q.slice(1).map((_, k) => ({ i: k, j: k + 1, weight: rates[k]! * Math.min(q[k]!, q[k + 1]!) }));
          const lambda = floatLambda2(q, edges);
          const beta = (2 * lambda) / q.reduce((s, v) => s + v, 0);
          // A bottleneck of mass 1e-9 puts lambda_2 near 1e-11 of the matrix norm: shade by 1e-3 so rounding
          // cannot decide (completeness; the soundness is the slack below).
          const t = lambda * (1 - 1e-3);
          expect(checkBlockGap(q, edges, beta, t).ok).toBe(true);
          const v = x.slice(0, q.length);
          expect(inequalitySlack(q, edges, t, v).gte(0)).toBe(true);
          const slack0 = inequalitySlack(q, edges, 0, v);
          const denom = slack0.minus(inequalitySlack(q, edges, 1, v));
          if (denom.lte(0)) return;
          expect(checkBlockGap(q, edges, beta, slack0.div(denom).times(1.001).toNumber()).ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('checkBlockGap on a 40-set chain across a barrier of 25 (masses e^-f from 1 to 1e-80)', () => {
  const k = 40;
  const xs = Array.from({ length: k }, (_, i) => -2 + (4 * i) / (k - 1));
  const q = xs.map((x) => Math.exp(-(25 * (x * x - 1) ** 2 + 3 * x * x)));
  const edges = q.slice(1).map((_, i) => ({ i, j: i + 1, weight: 0.1 * Math.min(q[i]!, q[i + 1]!) }));
  const lambda = floatLambda2(q, edges);
  const beta = (2 * lambda) / q.reduce((s, v) => s + v, 0);
  const t = lambda * (1 - 1e-3);

  it('the unscaled matrix is not certified PSD, the congruent one is, and the accepted t satisfies (1) in decimals', () => {
    const M = q.map((qi, i) => q.map((qj, j) => mul(point(beta), mul(point(qi), point(qj)))));
    for (let i = 0; i < k; i++) M[i]![i] = sub(M[i]![i]!, mul(point(t), point(q[i]!)));
    for (const e of edges) {
      const w = point(e.weight);
      M[e.i]![e.j] = sub(M[e.i]![e.j]!, w); M[e.j]![e.i] = sub(M[e.j]![e.i]!, w);
      M[e.i]![e.i] = add(M[e.i]![e.i]!, w); M[e.j]![e.j] = add(M[e.j]![e.j]!, w);
    }
    expect(symmetricEigenBounds(M).min.lo).toBeLessThan(0);
    expect(checkBlockGap(q, edges, beta, t).ok).toBe(true);
    fc.assert(fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: k, maxLength: k }), (x) => {
      expect(inequalitySlack(q, edges, t, x).gte(0)).toBe(true);
    }), { numRuns: 30 });
  });

  it('refuses 1.001 x the Rayleigh quotient of the step vector across the barrier (an upper bound on lambda_2)', () => {
    const v = xs.map((x) => (x < 0 ? -1 : 1));
    const slack0 = inequalitySlack(q, edges, 0, v);
    const rayleigh = slack0.div(slack0.minus(inequalitySlack(q, edges, 1, v)));
    expect(rayleigh.toNumber()).toBeGreaterThan(t);
    expect(checkBlockGap(q, edges, beta, rayleigh.times(1.001).toNumber()).ok).toBe(false);
  });
});

describe('heaviestClique on a grid cover of the size the 2-d producer uses', () => {
  it('a 19 x 19 grid of overlapping cells (4 meet at each corner): the heaviest corner, exactly', () => {
    const n = 19, boxes = [], weights: number[] = [];
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
      boxes.push([{ lo: i - 0.1, hi: i + 1.1 }, { lo: j - 0.1, hi: j + 1.1 }]);
      weights.push(i === 7 && j === 7 ? 100 : (i * 7 + j * 3) % 5);
    }
    expect(boxes.length).toBeLessThanOrEqual(MAX_DECOMPOSITION_SETS);
    // Cell (7, 7) weighs 100; its heaviest corner adds the three cells around one of its corners.
    let best = 0;
    for (const [di, dj] of [[-1, -1], [-1, 1], [1, -1], [1, 1]]) best = Math.max(best, 100 + weights[7 * n + 7 + di]! + weights[(7 + dj) * n + 7]! + weights[(7 + dj) * n + 7 + di]!);
    expect(heaviestClique(boxes, weights)).toBe(best);
  });

  it('past its search budget it answers the sum of all weights (rounded up), never less than the heaviest clique', () => {
    const boxes = [[{ lo: 0, hi: 1 }], [{ lo: 0.5, hi: 2 }], [{ lo: 3, hi: 4 }], [{ lo: 3.5, hi: 5 }]];
    const weights = [0.1, 0.2, 0.3, 0.7];
    expect(heaviestClique(boxes, weights)).toBe(1);
    const capped = heaviestClique(boxes, weights, 2);
    expect(capped).toBeGreaterThanOrEqual(1.3);
    expect(capped).toBeLessThan(1.3 + 1e-12);
  });
});
