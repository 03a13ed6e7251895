// The cut-off's enclosures piece by piece (src/kernel/stopping/localisationCutoff.ts), beside the
// containment tests of localisedEnergy.test.ts: the refusals of a bad cut-off or interval, the clip of
// S, S', S'' to their global ranges, which pieces an interval reaches (a piece it does not reach must
// not widen the jet), and chi = prod c_i in 3-d: value, every gradient and Hessian entry against
// 60-digit products, each enclosure also tight (a factor taken from the wrong axis fails).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { axisCutoffJet, cutoffOnBox, smoothstepJet, type AxisCutoff, type CutoffJet } from '../../../src/kernel/stopping/localisationCutoff.js';
import { point, type Interval } from '../../../src/kernel/interval.js';
import { D60, d60, encloses, exactDecimal } from '../intervalReference.js';
import { cutoffReference, smoothstepReference } from './cutoffReference.js';

const cut: AxisCutoff = { lo: -1, hi: 2, width: 0.5 };

/**
 * a encloses r and is at most 1e-12 (1 + |r|) wide. The 60-digit reference carries its own rounding
 * (S(1 - 1e-58) comes out 1 + 5e-59, 60 u rounds up in the 60th digit), so r is taken up to 1e-45 |r|:
 * still 10^29 times finer than one ulp of a double.
 */
function tight(a: Interval, r: Decimal): boolean {
  const slack = r.abs().times(1e-45);
  const lo = exactDecimal(a.lo), hi = exactDecimal(a.hi);
  return lo.lte(r.plus(slack)) && hi.gte(r.minus(slack)) && hi.minus(lo).lte(r.abs().plus(1).times(1e-12));
}

const jetArray = (j: CutoffJet) => [j.value.lo, j.value.hi, j.d1.lo, j.d1.hi, j.d2.lo, j.d2.hi];

describe('axisCutoffJet: refusals', () => {
  it('throws for a > b, a width that is not > 0, a non-finite end or width, and an x that is not an interval', () => {
    const bad: AxisCutoff[] = [
      { lo: 1, hi: 0, width: 1 }, { lo: 0, hi: 1, width: 0 }, { lo: 0, hi: 1, width: -1 }, { lo: 0, hi: 1, width: NaN },
      { lo: NaN, hi: 1, width: 1 }, { lo: 0, hi: NaN, width: 1 }, { lo: -Infinity, hi: 1, width: 1 }, { lo: 0, hi: Infinity, width: 1 },
      { lo: 0, hi: 1, width: Infinity },
    ];
    for (const c of bad) expect(() => axisCutoffJet(c, point(0.5)), JSON.stringify(c)).toThrow(/expected a <= b finite and w > 0/);
    expect(() => axisCutoffJet(cut, { lo: 1, hi: 0 })).toThrow(/is not an interval/);
    expect(() => axisCutoffJet(cut, { lo: NaN, hi: 0 })).toThrow(/is not an interval/);
    expect(() => axisCutoffJet(cut, { lo: 0, hi: NaN })).toThrow(/is not an interval/);
  });

  it('accepts a = b (K a point on this axis) and a point x', () => {
    const j = axisCutoffJet({ lo: 1, hi: 1, width: 0.5 }, point(1));
    expect(jetArray(j)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(tight(axisCutoffJet({ lo: 1, hi: 1, width: 0.5 }, point(1.25)).value, new D60(0.5))).toBe(true);
  });
});

describe('smoothstepJet', () => {
  it('over u in [0, 1] the Horner forms are clipped to 0 <= S <= 1, 0 <= S\' <= 1.875, |S\'\'| <= 5.78', () => {
    // Horner over [0, 1]: S in [-5, 10], S' in [0, 30], S'' in [-60, 60].
    expect(jetArray(smoothstepJet({ lo: 0, hi: 1 }))).toEqual([0, 1, 0, 1.875, -5.78, 5.78]);
  });

  it('the clip is sound: sup S\' = 30/16 at u = 1/2, sup |S\'\'| = 10 sqrt 3 at u = 1/2 -+ sqrt 3 / 6 (60 digits)', () => {
    const r = smoothstepReference(new D60(0.5));
    expect(r[1].eq(1.875)).toBe(true);
    const u = new D60(0.5).minus(new D60(3).sqrt().div(6));
    expect(smoothstepReference(u)[2].abs().lte(5.78)).toBe(true);
    expect(new D60(3).sqrt().times(10).gt(5.77)).toBe(true);
  });

  it('at points: S, S\', S\'\' enclosed and tight (60 digits)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (u) => {
        const j = smoothstepJet(point(u));
        const [s, s1, s2] = smoothstepReference(d60(u));
        expect(tight(j.value, s) && tight(j.d1, s1) && tight(j.d2, s2)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('axisCutoffJet: which pieces an interval reaches', () => {
  it('inside K: exactly c = 1, c\' = c\'\' = 0 (no transition, no zero piece)', () => {
    expect(jetArray(axisCutoffJet(cut, { lo: -1, hi: 2 }))).toEqual([1, 1, 0, 0, 0, 0]);
    expect(jetArray(axisCutoffJet(cut, { lo: 0, hi: 1 }))).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('outside K\': exactly 0, on either side', () => {
    expect(jetArray(axisCutoffJet(cut, { lo: -5, hi: -1.5 }))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(jetArray(axisCutoffJet(cut, { lo: 2.5, hi: 7 }))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(jetArray(axisCutoffJet(cut, { lo: -Infinity, hi: -3 }))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('strictly inside a transition: neither 0 nor 1 is joined in (the value range is S over the piece)', () => {
    // Left: x in [-1.28, -1.22], u in [0.44, 0.56]; right: x in [2.22, 2.28], u = (2.5 - x) / 0.5 in [0.44, 0.56].
    const [lo, hi] = [smoothstepReference(new D60(0.44))[0], smoothstepReference(new D60(0.56))[0]];
    for (const x of [{ lo: -1.28, hi: -1.22 }, { lo: 2.22, hi: 2.28 }]) {
      const j = axisCutoffJet(cut, x);
      // Horner over u in [0.44, 0.56] gives S in [0.26, 0.86]: a joined 0 or 1 would show.
      expect(j.value.lo).toBeGreaterThan(0.2);
      expect(j.value.hi).toBeLessThan(0.9);
      expect(exactDecimal(j.value.lo).lte(lo) && exactDecimal(j.value.hi).gte(hi)).toBe(true);
    }
  });

  it('left transition: c\' >= 0; right transition: c\' <= 0 (the sign of -S\'(u) / w)', () => {
    const left = axisCutoffJet(cut, { lo: -1.4, hi: -1.1 }), right = axisCutoffJet(cut, { lo: 2.1, hi: 2.4 });
    expect(left.d1.lo).toBeGreaterThan(0);
    expect(right.d1.hi).toBeLessThan(0);
    // S'(u) / w over u in [0.2, 0.8]: [S'(0.2), S'(0.5)] / 0.5 = [1.92, 3.75].
    const s1lo = smoothstepReference(new D60(0.2))[1].div(0.5), s1hi = new D60(3.75);
    expect(exactDecimal(left.d1.lo).lte(s1lo) && exactDecimal(left.d1.hi).gte(s1hi)).toBe(true);
    expect(exactDecimal(right.d1.hi).gte(s1lo.neg()) && exactDecimal(right.d1.lo).lte(s1hi.neg())).toBe(true);
    // Horner: 30 u^2 (1 - u)^2 over [0.2, 0.8] in [0.048, 12.3], clipped to 1.875, over w = 0.5.
    expect(left.d1.hi - left.d1.lo).toBeLessThan(3.7);
    expect(right.d1.hi - right.d1.lo).toBeLessThan(3.7);
  });

  it('at points: every piece enclosed and tight (60 digits), ends of K and K\' included', () => {
    const xs = [-1.5, -1, 2, 2.5, -1.25, 2.25, -1.4999999999999998, 2.4999999999999996];
    for (const x of xs) {
      const j = axisCutoffJet(cut, point(x));
      const [v, v1, v2] = cutoffReference(d60(x), cut);
      expect(tight(j.value, v) && tight(j.d1, v1) && tight(j.d2, v2), String(x)).toBe(true);
    }
    fc.assert(
      fc.property(fc.double({ min: -2, max: 3, noNaN: true }), (x) => {
        const j = axisCutoffJet(cut, point(x));
        const [v, v1, v2] = cutoffReference(d60(x), cut);
        expect(tight(j.value, v) && tight(j.d1, v1) && tight(j.d2, v2)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a breakpoint that is not a double (a - w, b + w rounded outward): the points next to it are enclosed', () => {
    const c: AxisCutoff = { lo: 0.1, hi: 0.7, width: 0.3 };
    // a - w = -0.2 and b + w = 1.0 in reals; near them in doubles, and points in [a - w, a] and [b, b + w].
    for (const x of [-0.2, -0.19999999999999998, -0.20000000000000004, 1, 0.9999999999999999, 1.0000000000000002, 0, 0.85]) {
      const j = axisCutoffJet(c, point(x));
      const [v, v1, v2] = cutoffReference(d60(x), c);
      expect(encloses(j.value, v) && encloses(j.d1, v1) && encloses(j.d2, v2), String(x)).toBe(true);
    }
    // 0.1 - 0.3 is a double; 1.1 - 0.2 is not: the double just above it has u of about 1e-16 and S(u) of
    // about 1e-47, which u taken from the lower end of a - w alone (an ulp too far) would overshoot.
    const d: AxisCutoff = { lo: 1.1, hi: 1.5, width: 0.2 };
    expect(exactDecimal(1.1 - 0.2).eq(d60(1.1).minus(d60(0.2)))).toBe(false);
    for (const x of [0.9, 0.8999999999999999, 0.9000000000000001, 0.9000000000000002]) {
      const j = axisCutoffJet(d, point(x));
      const [v, v1, v2] = cutoffReference(d60(x), d);
      expect(encloses(j.value, v) && encloses(j.d1, v1) && encloses(j.d2, v2), String(x)).toBe(true);
    }
  });
});

describe('cutoffOnBox in 3-d: chi = c_1 c_2 c_3', () => {
  const cuts: AxisCutoff[] = [cut, { lo: 0, hi: 1, width: 1 }, { lo: -0.5, hi: 0.25, width: 0.75 }];

  it('value, gradient and Hessian at points against 60-digit products, each tight', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1.6, max: 2.6, noNaN: true }), fc.double({ min: -1.1, max: 2.1, noNaN: true }), fc.double({ min: -1.3, max: 1.1, noNaN: true }),
        (x1, x2, x3) => {
          const xs = [x1, x2, x3];
          const refs = xs.map((x, i) => cutoffReference(d60(x), cuts[i]!));
          const chi = cutoffOnBox(cuts, xs.map((x) => point(x)));
          /** The product over axes of the factor k-th derivative order: order[i] in {0, 1, 2}. */
          const product = (order: number[]) => refs.reduce((p, r, i) => p.times(r[order[i]!]!), new D60(1));
          expect(tight(chi.value, product([0, 0, 0]))).toBe(true);
          for (let i = 0; i < 3; i++) {
            const o = [0, 0, 0];
            o[i] = 1;
            expect(tight(chi.gradient[i]!, product(o)), `gradient ${i}`).toBe(true);
            for (let j = 0; j < 3; j++) {
              const h = [0, 0, 0];
              h[i]! += 1;
              h[j]! += 1;
              expect(tight(chi.hessian[i]![j]!, product(h)), `hessian ${i} ${j}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('one point with every axis in a transition (no factor is 0 or 1)', () => {
    const xs = [-1.3, 1.3, 0.5];
    const refs = xs.map((x, i) => cutoffReference(d60(x), cuts[i]!));
    for (const r of refs) expect(r[0].gt(0) && r[0].lt(1) && !r[1].isZero() && !r[2].isZero()).toBe(true);
    const chi = cutoffOnBox(cuts, xs.map((x) => point(x)));
    expect(tight(chi.hessian[0]![2]!, refs[0]![1].times(refs[1]![0]).times(refs[2]![1]))).toBe(true);
    expect(tight(chi.hessian[1]![1]!, refs[0]![0].times(refs[1]![2]).times(refs[2]![0]))).toBe(true);
    expect(tight(chi.gradient[2]!, refs[0]![0].times(refs[1]![0]).times(refs[2]![1]))).toBe(true);
  });
});
