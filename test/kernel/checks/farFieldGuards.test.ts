// The far-field cover's refusals from ACCEPTED evidence with one field changed (reason matched), and
// the cube's ends: exact where c +- R is exact, rounded outward (one ulp) where it is not.
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { checkFarFieldCover, farFieldCube, validateFarField, type FarField } from '../../../src/kernel/checks/farField.js';
import { wholeFaces } from '../../../src/certify/farFieldProducer.js';
import type { Box } from '../../../src/kernel/checks/cover.js';
import { nextDown, nextUp } from '../../../src/kernel/rounding.js';
import { exactDecimal } from '../networkReference.js';

const d = 2;
const center = [0, 0];
const ok: FarField = { center, radius: 2, patches: wholeFaces(d) };
const boxes: Box[] = [farFieldCube(center, 2)];

function refused(b: readonly Box[], f: FarField, why: RegExp, dim = d): void {
  const r = checkFarFieldCover(b, f, dim);
  expect(r.ok, 'refused').toBe(false);
  if (!r.ok) expect(r.reason).toMatch(why);
}

describe('far-field cover guards', () => {
  it('the starting point is accepted', () => {
    expect(checkFarFieldCover(boxes, ok, d)).toEqual({ ok: true });
    expect(validateFarField(ok, d)).toBeUndefined();
  });

  it('dimension, object, centre, radius, patches', () => {
    refused(boxes, ok, /cover: bad dimension 0/, 0);
    refused(boxes, ok, /cover: bad dimension 1.5/, 1.5);
    refused(boxes, null as unknown as FarField, /farField: not an object/);
    for (const c of [[0], [0, Number.NaN], [Infinity, 0], [0, '1' as unknown as number]]) refused(boxes, { ...ok, center: c }, /farField.center: not 2 finite numbers/);
    for (const r of [0, -1, Number.NaN, Infinity, '2' as unknown as number]) refused(boxes, { ...ok, radius: r }, /farField.radius .*: must be finite and positive/);
    refused(boxes, { ...ok, patches: 'all' as unknown as Box[] }, /farField.patches: not a list/);
    refused(boxes, { ...ok, patches: [...wholeFaces(d), [{ lo: 1, hi: 1 }, { lo: -1, hi: 1.5 }]] }, /farField.patches\[4\]: not inside \[-1, 1\]\^2/);
    refused(boxes, { ...ok, patches: [...wholeFaces(d), [{ lo: -1.5, hi: -1 }, { lo: -1, hi: 1 }]] }, /farField.patches\[4\]: not inside/);
    refused(boxes, { ...ok, patches: [...wholeFaces(d), [{ lo: 1, hi: 0 }, { lo: -1, hi: 1 }]] }, /farField.patches\[4\]/);
  });

  it('boxes: valid, and covering the cube', () => {
    refused([[{ lo: 0, hi: Number.NaN }, { lo: 0, hi: 1 }]], ok, /cover: boxes\[0\]/);
    refused([[{ lo: -2, hi: 2 }, { lo: -2, hi: 1.9 }]], ok, /the boxes leave a gap in the cube/);
    // A face without its patch: the gap is named by face.
    const noRight = wholeFaces(d).filter((p) => !(p[0]!.lo === 1 && p[0]!.hi === 1));
    refused(boxes, { ...ok, patches: noRight }, /the patches leave a gap in the face x1 = \+1/);
    const noBottom = wholeFaces(d).filter((p) => !(p[1]!.lo === -1 && p[1]!.hi === -1));
    refused(boxes, { ...ok, patches: noBottom }, /the patches leave a gap in the face x2 = -1/);
    // A patch on a face but one coordinate short of 1 (not exactly on the face) does not count.
    const shifted = wholeFaces(d).map((p) => (p[0]!.lo === 1 && p[0]!.hi === 1 ? [{ lo: 0.9999, hi: 1 }, p[1]!] : p));
    refused(boxes, { ...ok, patches: shifted }, /the patches leave a gap in the face x1 = \+1/);
  });

  it('the cube: exact ends stay, inexact ends round outward by one ulp', () => {
    expect(farFieldCube([0.5, -3], 2)).toEqual([{ lo: -1.5, hi: 2.5 }, { lo: -5, hi: -1 }]);
    // 0.1 + 0.2 is not exact: the upper end rounds up past fl(0.1 + 0.2), at most one ulp; the lower end is at or below fl(0.1 - 0.2).
    const [c] = farFieldCube([0.1], 0.2);
    expect(c!.hi).toBeGreaterThan(0.1 + 0.2);
    expect(c!.hi - (0.1 + 0.2)).toBeLessThanOrEqual(2 ** -52);
    expect(c!.lo).toBeLessThanOrEqual(0.1 - 0.2);
    // 1 + 2^-60 is not representable: the cube around 1 with R = 2^-60 is widened both ways.
    const [e] = farFieldCube([1], 2 ** -60);
    expect(e!.hi).toBeGreaterThan(1);
    expect(e!.lo).toBeLessThan(1);
    // Exact sums are not widened (a widened cube would only be looser, so this is a tightness check).
    const [x] = farFieldCube([1], 0.5);
    expect(x).toEqual({ lo: 0.5, hi: 1.5 });
  });

  // TwoSum's two error parts a - (s - bb) and b - bb are both nonzero only when |b| > |a| and
  // fl(s - a) rounds past b + (s - a - b); then they have opposite signs (docs/mutation.md). These
  // cases are where a wrong combination of the parts would misjudge exactness: R a few binades
  // above |c|, random 53-bit mantissas, both signs.
  const D = Decimal.clone({ precision: 80 });
  const dec = (x: number): Decimal => exactDecimal(D, x);
  const mantissa = fc.integer({ min: 2 ** 20, max: 2 ** 21 - 1 }).chain((hi) => fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((lo) => (hi * 2 ** 32 + lo) * 2 ** -52));
  const pair = fc.record({ c: mantissa, R: mantissa, shift: fc.integer({ min: -2, max: 4 }), neg: fc.boolean() })
    .map(({ c, R, shift, neg }) => ({ c: neg ? -c : c, R: R * 2 ** shift }));

  it('the cube ends against 80-digit sums: exact ends are fl(c +- R), inexact ones the next float outward, never inside', () => {
    let split = 0, inexact = 0;
    fc.assert(
      fc.property(pair, ({ c, R }) => {
        for (const [b, end] of [[R, 'hi'], [-R, 'lo']] as const) {
          const s = c + b, bb = s - c, errA = c - (s - bb), errB = b - bb;
          if (errA !== 0 && errB !== 0) { split++; expect(Math.sign(errA)).toBe(-Math.sign(errB)); }
          const exact = dec(c).plus(dec(b));
          const got = farFieldCube([c], R)[0]![end];
          if (dec(s).eq(exact)) expect(got).toBe(s);
          else {
            inexact++;
            expect(got).toBe(end === 'hi' ? nextUp(s) : nextDown(s));
            expect(end === 'hi' ? dec(got).gt(exact) : dec(got).lt(exact)).toBe(true);
          }
        }
      }),
      { numRuns: 4000, seed: 4747 },
    );
    // The sample must contain the split case (both parts nonzero) and inexact sums, or it proves nothing.
    expect(split).toBeGreaterThan(20);
    expect(inexact).toBeGreaterThan(1000);
  });

  it('an end that overflows is infinite, the other exact', () => {
    expect(farFieldCube([1e308], 1e308)).toEqual([{ lo: 0, hi: Infinity }]);
  });

  it('sums with both TwoSum parts nonzero (found by search): exactness decided, ends outward', () => {
    for (const [c, b] of [[1.5645053140333625, -15.330410362713915], [1.556198219755085, -6.806187584917564]] as const) {
      const s = c + b, bb = s - c;
      expect(c - (s - bb)).not.toBe(0);
      expect(b - bb).not.toBe(0);
      const [box] = farFieldCube([c], -b);
      expect(box!.lo).toBe(nextDown(s));
      expect(dec(box!.lo).lt(dec(c).plus(dec(b)))).toBe(true);
    }
  });
});

