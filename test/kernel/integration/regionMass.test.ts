// checkRegionMass on a hand-made bracket (the arithmetic of pi(A) = I(A) / (I(A) + I(A^c)) apart from
// any quadrature): f = 0 on R, four leaves of [-2, 2] with stated brackets, a tail bound 0.5. Leaves
// inside A, outside A, cut by one region box (re-integrated: exp(0) over a piece is its length) and cut
// by two; A reaching outside B (the tail goes to both sides) or not. Each result against exact decimal
// fractions: the lower end at most the exact value and within two ulps of it, the upper end likewise.
// Then each refusal from an accepted call with one argument changed.
import { describe, expect, it } from 'vitest';
import type { Decimal } from 'decimal.js';
import { checkRegionMass, type IntegralBracket } from '../../../src/kernel/integration/evidence.js';
import type { EnergyModel } from '../../../src/kernel/model.js';
import type { Box } from '../../../src/kernel/box.js';
import { DEXACT, exactDecimal } from '../intervalReference.js';

const flat: EnergyModel = { kind: 'expression', dim: 1, source: '0*x1' };
const I = (lo: number, hi: number) => ({ lo, hi });
const boxes: Box[] = [[I(-2, -1)], [I(-1, 0)], [I(0, 1)], [I(1, 2)]];
const bracket: IntegralBracket = {
  model: flat, temperature: 1, boxes, shift: 0,
  leaves: [I(1, 1.25), I(2, 2.5), I(3, 3.5), I(4, 4.5)],
  tail: { upper: 0.5, m: 1, infW: 0, minU: 0, center: [I(0, 0)] },
  inner: [I(-2, 2)], scaledZ: I(10, 12.25), logZ: I(Math.log(10), Math.log(12.25)),
};

const q = (n: number | string, d: number | string): Decimal => new DEXACT(n).div(new DEXACT(d));

/** lo <= exact lower end, within 2 ulps; the same above for hi. */
function expectMass(mass: { lo: number; hi: number }, lo: Decimal, hi: Decimal): void {
  expect(exactDecimal(mass.lo).lte(lo), `lo ${mass.lo} <= ${lo.toSignificantDigits(20).toString()}`).toBe(true);
  expect(exactDecimal(mass.lo).gte(lo.times(1 - 2 ** -51)), `lo ${mass.lo} tight`).toBe(true);
  expect(exactDecimal(mass.hi).gte(hi), `hi ${mass.hi} >= ${hi.toSignificantDigits(20).toString()}`).toBe(true);
  expect(exactDecimal(mass.hi).lte(hi.times(1 + 2 ** -51)), `hi ${mass.hi} tight`).toBe(true);
}

/** [lo, hi] encloses [a, b] (lo <= a, hi >= b) and is within 1e-12 of it (re-integrated pieces round). */
function expectOutwardWithin(r: { lo: number; hi: number }, a: number, b: number): void {
  expect(r.lo).toBeGreaterThan(a - 1e-12);
  expect(r.lo).toBeLessThanOrEqual(a);
  expect(r.hi).toBeGreaterThanOrEqual(b);
  expect(r.hi).toBeLessThan(b + 1e-12);
}

function mass(region: Box[], b: IntegralBracket = bracket) {
  const r = checkRegionMass(flat, 1, boxes, b, region);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('checkRegionMass: the fraction from a hand-made bracket', () => {
  it('A = [0, 2] (two whole leaves, inside B): I(A) = [7, 8], I(A^c) = [3, 3.75 + 0.5]', () => {
    const m = mass([[I(0, 2)]]);
    expect(m.inside).toEqual(I(7, 8));
    expect(m.outside).toEqual(I(3, 4.25));
    expectMass(m.mass, q(7, 11.25), q(8, 11));
  });

  it('A = [0, inf) reaches outside B: the tail bound goes to I(A) too', () => {
    const m = mass([[I(0, Infinity)]]);
    expect(m.inside).toEqual(I(7, 8.5));
    expect(m.outside).toEqual(I(3, 4.25));
    expectMass(m.mass, q(7, 11.25), q(8.5, 11.5));
  });

  it('A = [0.5, 1.5] cuts two leaves: each piece re-integrated (length 0.5), not the leaf bracket', () => {
    const m = mass([[I(0.5, 1.5)]]);
    // I(A) = 0.5 + 0.5, I(A^c) = [1 + 2, 1.25 + 2.5] + 4 pieces... two pieces of 0.5 + [0, 0.5].
    expect(exactDecimal(m.inside.lo).lte(1) && m.inside.lo > 1 - 1e-12).toBe(true);
    expect(exactDecimal(m.inside.hi).gte(1) && m.inside.hi < 1 + 1e-12).toBe(true);
    expect(exactDecimal(m.outside.lo).lte(4) && m.outside.lo > 4 - 1e-12).toBe(true);
    expect(exactDecimal(m.outside.hi).gte(5.25) && m.outside.hi < 5.25 + 1e-12).toBe(true);
    expect(m.mass.lo).toBeLessThanOrEqual(1 / 6.25);
    expect(m.mass.lo).toBeGreaterThan((1 / 6.25) * (1 - 1e-12));
    expect(m.mass.hi).toBeGreaterThanOrEqual(1 / 5);
    expect(m.mass.hi).toBeLessThan((1 / 5) * (1 + 1e-12));
  });

  it('two region boxes in one leaf: both intersections go to A, the leaf\'s whole upper bound to A^c (lower 0)', () => {
    const m = mass([[I(0.25, 0.5)], [I(0.5, 0.75)]]);
    expect(m.inside.lo).toBeGreaterThan(0.5 - 1e-12);
    expect(m.inside.hi).toBeLessThan(0.5 + 1e-12);
    // Leaves 0, 1, 3: [7, 8.25]; plus leaf 2's 3.5 and the tail 0.5 above.
    expect(m.outside).toEqual(I(7, 12.25));
    expect(m.mass.lo).toBeLessThanOrEqual(0.5 / 12.75);
    expect(m.mass.lo).toBeGreaterThan((0.5 / 12.75) * (1 - 1e-12));
    expect(m.mass.hi).toBeGreaterThanOrEqual(0.5 / 7.5);
    expect(m.mass.hi).toBeLessThan((0.5 / 7.5) * (1 + 1e-12));
  });

  it('boxes of A that only touch are accepted; A = R gives mass [lo, 1]; I(A) = 0 gives lower end 0', () => {
    const m = mass([[I(-Infinity, 0)], [I(0, Infinity)]]);
    expect(m.inside).toEqual(I(10, 12.25));
    expect(m.outside).toEqual(I(0, 0.5));
    expectMass(m.mass, q(10, 10.5), new DEXACT(1));
    expect(m.mass.hi).toBe(1);
    const empty = mass([[I(5, 6)]], { ...bracket, tail: { ...bracket.tail, upper: 0 } });
    expect(empty.inside).toEqual(I(0, 0));
    expect(empty.mass).toEqual(I(0, 0));
    // No lower bound inside and an infinite upper one: [0, 1].
    const unknown = mass([[I(0, 2)]], { ...bracket, leaves: [I(1, 1.25), I(2, 2.5), I(0, Infinity), I(0, 4.5)] });
    expect(unknown.mass).toEqual(I(0, 1));
  });
});

describe('checkRegionMass in 2-d: leaves and region boxes that overlap in one coordinate only', () => {
  // f = 0 on R^2, B = [0, 2]^2 cut into four unit leaves with brackets [1, 1.5] ... [4, 4.5], tail 0.5.
  const flat2: EnergyModel = { kind: 'expression', dim: 2, source: '0*x1 + 0*x2' };
  const boxes2: Box[] = [[I(0, 1), I(0, 1)], [I(1, 2), I(0, 1)], [I(0, 1), I(1, 2)], [I(1, 2), I(1, 2)]];
  const b2: IntegralBracket = {
    model: flat2, temperature: 1, boxes: boxes2, shift: 0,
    leaves: [I(1, 1.5), I(2, 2.5), I(3, 3.5), I(4, 4.5)],
    tail: { upper: 0.5, m: 1, infW: 0, minU: 0, center: [I(0, 0), I(0, 0)] },
    inner: [I(0, 2), I(0, 2)], scaledZ: I(10, 12.5), logZ: I(Math.log(10), Math.log(12.5)),
  };
  const mass2 = (region: Box[], leaves = boxes2) => {
    const r = checkRegionMass(flat2, 1, leaves, b2, region);
    if (!r.ok) throw new Error(r.reason);
    return r.value;
  };

  it('A = [0, 1] x [0, 2] holds leaves 0 and 2 only (leaf 1 shares x2 but not x1): I(A) = [4, 5]', () => {
    const m = mass2([[I(0, 1), I(0, 2)]]);
    expect(m.inside).toEqual(I(4, 5));
    expect(m.outside).toEqual(I(6, 7.5));
    expectMass(m.mass, q(4, 11.5), q(5, 11));
  });

  it('A = [0.5, 1] x [0, 1] cuts leaf 0 along x1 only: A gets 0.5 (re-integrated), the rest of leaf 0 gives 0.5 to A^c', () => {
    const m = mass2([[I(0.5, 1), I(0, 1)]]);
    expect(m.inside.lo).toBeGreaterThan(0.5 - 1e-12);
    expect(m.inside.hi).toBeLessThan(0.5 + 1e-12);
    // A^c: leaves 1, 2, 3 ([9, 10.5]) + the piece [0, 0.5] x [0, 1] (0.5) + tail [0, 0.5].
    expectOutwardWithin(m.outside, 9.5, 11.5);
  });

  it('A = [0.25, 0.75] x [0.5, 2.5]: cut in both coordinates, pieces of the right shape; the part outside B gets the tail', () => {
    const m = mass2([[I(0.25, 0.75), I(0.5, 2.5)]]);
    // Inside B: [0.25, 0.75] x [0.5, 1] (0.25) from leaf 0 and [0.25, 0.75] x [1, 2] (0.5) from leaf 2; plus [0, 0.5] tail.
    expectOutwardWithin(m.inside, 0.75, 1.25);
    // A^c: leaves 1 and 3 ([6, 7]) + leaf 0 less 0.25 + leaf 2 less 0.5 (0.75 + 0.5) + tail [0, 0.5].
    expectOutwardWithin(m.outside, 7.25, 8.75);
  });

  it('a union with one box inside B and one reaching out: the tail goes to A (some, not every)', () => {
    const m = mass2([[I(0, 1), I(0, 1)], [I(1, 5), I(0, 1)]]);
    expect(m.inside).toEqual(I(3, 4.5));
    expect(m.outside).toEqual(I(7, 8.5));
  });

  it('refused: a region box with one bad coordinate; leaves that differ in one coordinate', () => {
    const bad = (region: Box[], leaves = boxes2) => {
      const r = checkRegionMass(flat2, 1, leaves, b2, region);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(bad([[I(0, 1), I(1, 0)]])).toMatch(/is not a box of dimension 2$/);
    expect(bad([[I(1, 0), I(0, 1)]])).toMatch(/is not a box of dimension 2$/);
    expect(bad([[I(0, 1)]])).toMatch(/is not a box of dimension 2$/);
    expect(bad([[I(0, 1), I(0, 1)]], [boxes2[0]!, boxes2[1]!, boxes2[2]!, [I(1, 2), I(1, 3)]])).toBe('region: the leaves are not those of the bracket');
    expect(bad([[I(0, 1), I(0, 1)]], [boxes2[0]!, boxes2[1]!, boxes2[2]!, [I(1, 3), I(1, 2)]])).toBe('region: the leaves are not those of the bracket');
    // Boxes that share a face in one coordinate and overlap in the other do not overlap.
    expect(bad([[I(0, 1), I(0, 2)], [I(1, 2), I(0, 2)]])).toBe('accepted');
    expect(bad([[I(0, 1), I(0, 2)], [I(0.5, 2), I(1.5, 2)]])).toBe('region: boxes 0 and 1 overlap');
  });
});

describe('checkRegionMass: degenerate brackets', () => {
  it('nothing known inside and nothing outside (all lower ends 0, no tail): mass [0, 1], not NaN', () => {
    const zero: IntegralBracket = { ...bracket, leaves: bracket.leaves.map((l) => I(0, l.hi)), tail: { ...bracket.tail, upper: 0 } };
    const all = checkRegionMass(flat, 1, boxes, zero, [[I(-Infinity, Infinity)]]);
    expect(all.ok && all.value.mass).toEqual(I(0, 1));
    // A outside B with no tail: I(A) = 0, and A^c's lower end 0: the upper end 0 / 0 is not formed.
    const none = checkRegionMass(flat, 1, boxes, zero, [[I(5, 6)]]);
    expect(none.ok && none.value.mass).toEqual(I(0, 1));
  });
});

describe('checkRegionMass: refusals', () => {
  const region: Box[] = [[I(0, 2)]];
  const reason = (r: ReturnType<typeof checkRegionMass>) => (r.ok ? 'accepted' : r.reason);

  it('the bracket of another model, temperature or leaves', () => {
    expect(reason(checkRegionMass({ ...flat }, 1, boxes, bracket, region))).toBe('region: the bracket was computed for another model or temperature');
    expect(reason(checkRegionMass(flat, 2, boxes, bracket, region))).toBe('region: the bracket was computed for another model or temperature');
    const leaves = 'region: the leaves are not those of the bracket';
    expect(reason(checkRegionMass(flat, 1, boxes.slice(1), bracket, region))).toBe(leaves);
    expect(reason(checkRegionMass(flat, 1, boxes, { ...bracket, leaves: bracket.leaves.slice(1) }, region))).toBe(leaves);
    expect(reason(checkRegionMass(flat, 1, boxes, { ...bracket, boxes: boxes.slice(1) }, region))).toBe(leaves);
    expect(reason(checkRegionMass(flat, 1, boxes, { ...bracket, boxes: boxes.slice(0, 3) }, region))).toBe(leaves);
    expect(reason(checkRegionMass(flat, 1, [boxes[0]!, boxes[1]!, boxes[2]!, [I(1, 2.5)]], bracket, region))).toBe(leaves);
    expect(reason(checkRegionMass(flat, 1, [boxes[0]!, boxes[1]!, boxes[2]!, [I(1.5, 2)]], bracket, region))).toBe(leaves);
    // Equal coordinates in other objects are the same leaves.
    expect(reason(checkRegionMass(flat, 1, boxes.map((b) => b.map((c) => ({ ...c }))), bracket, region))).toBe('accepted');
  });

  it('the region: at least one box, each of the model\'s dimension with lo <= hi and no NaN or empty side, interiors disjoint', () => {
    expect(reason(checkRegionMass(flat, 1, boxes, bracket, []))).toBe('region: has no boxes');
    for (const bad of [[I(0, 1), I(0, 1)], [I(NaN, 1)], [I(0, NaN)], [I(1, 0)], [I(Infinity, Infinity)], [I(-Infinity, -Infinity)], []]) {
      expect(reason(checkRegionMass(flat, 1, boxes, bracket, [[I(-2, -1.5)], bad]))).toMatch(/^region: .* is not a box of dimension 1$/);
    }
    expect(reason(checkRegionMass(flat, 1, boxes, bracket, [[I(-2, -1.5)], [I(-1, 0.5)], [I(0, 1)]]))).toBe('region: boxes 1 and 2 overlap');
    expect(reason(checkRegionMass(flat, 1, boxes, bracket, [[I(0, 1)], [I(-1, 0.5)]]))).toBe('region: boxes 0 and 1 overlap');
    expect(reason(checkRegionMass(flat, 1, boxes, bracket, [[I(-1, 0)], [I(0, 1)], [I(1, 1)]]))).toBe('accepted');
  });
});
