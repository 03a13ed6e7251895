// checkBlockGap's refusals from ACCEPTED evidence with one field changed (the reason matched), and
// edgeDegrees / heaviestClique on small cases computed by hand. Two sets with q = (1/2, 1/2) and one
// overlap of weight w have lambda_2 = w (1/q_1 + 1/q_2) = 4w; beta = 1 >= t lifts the constant vector.
import { describe, expect, it } from 'vitest';
import { checkBlockGap, coverMultiplicity, edgeDegrees, heaviestClique, type BlockEdge } from '../../../src/kernel/checks/blockGap.js';

const q = [0.5, 0.5];
const edges: BlockEdge[] = [{ i: 0, j: 1, weight: 0.1 }];

function refused(qq: readonly number[], ee: readonly BlockEdge[], beta: number, t: number, why: RegExp): void {
  const r = checkBlockGap(qq, ee, beta, t);
  expect(r.ok, 'refused').toBe(false);
  if (!r.ok) expect(r.reason).toMatch(why);
}

describe('checkBlockGap guards', () => {
  it('accepts t just below 4w and refuses it just above', () => {
    expect(checkBlockGap(q, edges, 1, 0.399).ok).toBe(true);
    refused(q, edges, 1, 0.401, /lambda_2 >= 0.401 is not certified/);
    // A zero-weight edge next to a positive one changes nothing.
    expect(checkBlockGap(q, [...edges, { i: 1, j: 0, weight: 0 }], 1, 0.399).ok).toBe(true);
  });

  it('the number of sets and the mass bounds', () => {
    refused([1], [], 1, 0.1, /1 sets, need at least 2/);
    for (const bad of [0, -0.5, Number.NaN, Infinity]) {
      refused([0.5, bad], edges, 1, 0.399, /every mass bound must be positive and finite/);
      refused([bad, 0.5], edges, 1, 0.399, /every mass bound must be positive and finite/);
    }
  });

  it('beta and t', () => {
    for (const bad of [-1, Number.NaN, Infinity]) refused(q, edges, bad, 0.399, /beta .* must be finite and >= 0/);
    for (const bad of [0, -0.1, Number.NaN, Infinity]) refused(q, edges, 1, bad, /the claimed lambda_2 bound .* must be positive and finite/);
    // beta = 0 passes the guard; the constant vector then makes M indefinite.
    refused(q, edges, 0, 0.399, /is not certified/);
  });

  it('edges: distinct integer indices below k, finite non-negative weights', () => {
    const pair = /is not a pair of distinct sets/;
    for (const e of [{ i: 0, j: 0 }, { i: -1, j: 1 }, { i: 0, j: -1 }, { i: 0, j: 2 }, { i: 2, j: 0 }, { i: 0.5, j: 1 }, { i: 0, j: 1.5 }])
      refused(q, [...edges, { ...e, weight: 0.1 }], 1, 0.399, pair);
    for (const w of [-0.1, Number.NaN, Infinity]) refused(q, [...edges, { i: 0, j: 1, weight: w }], 1, 0.399, /has weight/);
  });

  it('edgeDegrees counts both ends', () => {
    expect(edgeDegrees(4, [{ i: 0, j: 1 }, { i: 1, j: 2 }, { i: 1, j: 3 }])).toEqual([1, 3, 1, 1]);
    expect(edgeDegrees(2, [])).toEqual([0, 0]);
  });

  it('heaviestClique: the heaviest set of pairwise-meeting boxes', () => {
    const I = (lo: number, hi: number) => ({ lo, hi });
    // [0,1], [1,2], [2,3] on a line: 0-1 and 1-2 meet at a point, 0 and 2 do not.
    const boxes = [[I(0, 1)], [I(1, 2)], [I(2, 3)]];
    expect(coverMultiplicity(boxes)).toBe(2);
    expect(heaviestClique(boxes, [5, 1, 5])).toBe(6);
    expect(heaviestClique(boxes, [1, 10, 1])).toBe(11);
    expect(heaviestClique([[I(0, 1)], [I(0.5, 2)], [I(0.9, 3)]], [1, 2, 4])).toBe(7);
    expect(heaviestClique([], [])).toBe(0);
  });
});
