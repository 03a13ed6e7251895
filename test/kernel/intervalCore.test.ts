// Tightness of the interval core on exact operands: with small integers and dyadic fractions every
// endpoint operation is exact, so the result must be exactly the true range (computed here by
// exhaustive endpoint products of integers, which are exact). Soundness tests cannot see an
// enclosure that is correct but loose; these do.
import { describe, expect, it } from 'vitest';
import {
  ENTIRE,
  EmptyIntervalError,
  IntervalDomainError,
  ONE,
  add,
  addScalar,
  contains,
  div,
  interval,
  isBounded,
  isPoint,
  midpoint,
  mul,
  neg,
  point,
  powInt,
  recip,
  scale,
  sqr,
  sqrt,
  sub,
  width,
  abs,
  min,
  max,
  hull,
  intersect,
} from '../../src/kernel/intervalCore.js';
import { D60, encloses } from './intervalReference.js';

const I = (lo: number, hi: number) => ({ lo, hi });
const SIGNS = [I(2, 3), I(-3, -2), I(-2, 3), I(-3, 2), I(0, 3), I(-3, 0), I(0, 0)];
/** The exact range of x * y over integer-endpoint intervals: the hull of the endpoint products. */
function productRange(a: { lo: number; hi: number }, b: { lo: number; hi: number }) {
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((x) => x + 0); // -0 -> 0
  return I(Math.min(...p), Math.max(...p));
}
const same = (got: { lo: number; hi: number }, want: { lo: number; hi: number }) => expect({ lo: got.lo + 0, hi: got.hi + 0 }).toEqual(want);

describe('interval core: exact results on exact operands', () => {
  it('mul is the exact range for every sign combination (zeros included)', () => {
    for (const a of SIGNS) for (const b of SIGNS) same(mul(a, b), productRange(a, b));
    same(scale(I(-3, 2), -4), I(-8, 12));
  });

  it('add, sub, neg, addScalar', () => {
    same(add(I(-3, 2), I(1, 5)), I(-2, 7));
    same(sub(I(-3, 2), I(1, 5)), I(-8, 1));
    same(neg(I(-3, 2)), I(-2, 3));
    same(addScalar(I(-3, 2), 0.5), I(-2.5, 2.5));
  });

  it('recip and div, by points of both signs and by intervals', () => {
    same(recip(I(2, 4)), I(0.25, 0.5));
    same(recip(I(-4, -2)), I(-0.5, -0.25));
    same(recip(I(0, 2)), I(0.5, Infinity));
    same(recip(I(-2, 0)), I(-Infinity, -0.5));
    expect(recip(I(-1, 2))).toEqual(ENTIRE);
    expect(() => recip(I(0, 0))).toThrow(IntervalDomainError);
    same(div(I(1, 3), point(4)), I(0.25, 0.75));
    same(div(I(1, 3), point(-4)), I(-0.75, -0.25));
    same(div(I(-1, 3), point(-4)), I(-0.75, 0.25));
    same(div(I(1, 2), I(2, 4)), I(0.25, 1));
    expect(() => div(I(1, 2), point(0))).toThrow(IntervalDomainError);
  });

  it('sqr and powInt: exact ranges, odd powers keep the sign, even powers of a straddling interval start at 0', () => {
    for (const a of SIGNS) {
      same(sqr(a), I(a.lo <= 0 && a.hi >= 0 ? 0 : Math.min(a.lo * a.lo, a.hi * a.hi), Math.max(a.lo * a.lo, a.hi * a.hi)));
      for (const n of [2, 3, 4, 5, 6, 7]) {
        const ends = [a.lo ** n, a.hi ** n].map((x) => x + 0);
        const lo = n % 2 === 0 && a.lo <= 0 && a.hi >= 0 ? 0 : Math.min(...ends);
        same(powInt(a, n), I(lo, Math.max(...ends)));
      }
    }
    expect(powInt(I(-2, 3), 0)).toEqual(ONE);
    expect(powInt(I(-2, 3), 1)).toEqual(I(-2, 3));
    same(powInt(I(2, 4), -2), I(1 / 16, 1 / 4));
    same(powInt(I(-4, -2), -3), I(-1 / 8, -1 / 64));
    expect(() => powInt(I(1, 2), 1.5)).toThrow(IntervalDomainError);
  });

  it('sqrt of perfect squares is exact; negative arguments throw', () => {
    same(sqrt(I(4, 9)), I(2, 3));
    same(sqrt(I(0, 4)), I(0, 2));
    same(sqrt(I(0.25, Infinity)), I(0.5, Infinity));
    expect(() => sqrt(I(-1, 4))).toThrow(IntervalDomainError);
  });

  it('interval() refuses empty and NaN input; point() is a point', () => {
    expect(interval(1, 2)).toEqual(I(1, 2));
    expect(interval(-Infinity, Infinity)).toEqual(ENTIRE);
    for (const [lo, hi] of [[2, 1], [Number.NaN, 1], [0, Number.NaN], [Infinity, Infinity], [-Infinity, -Infinity]] as const) {
      expect(() => interval(lo, hi), `[${lo}, ${hi}]`).toThrow(EmptyIntervalError);
    }
    expect(point(2)).toEqual(I(2, 2));
  });

  it('width, midpoint, contains, isPoint, isBounded', () => {
    expect(width(I(1, 3))).toBe(2);
    expect(width(I(2, 2))).toBe(0);
    expect(width(I(-Infinity, 1))).toBe(Infinity);
    expect(midpoint(ENTIRE)).toBe(0);
    expect(midpoint(I(-Infinity, 5))).toBe(0);
    expect(midpoint(I(-Infinity, -3))).toBe(-6);
    expect(midpoint(I(-Infinity, -1))).toBe(-2);
    expect(midpoint(I(-Infinity, -0.5))).toBe(-1.5);
    expect(midpoint(I(-Infinity, 0))).toBe(-1);
    expect(midpoint(I(2, Infinity))).toBe(4);
    expect(midpoint(I(1, Infinity))).toBe(2);
    expect(midpoint(I(0.5, Infinity))).toBe(1.5);
    expect(midpoint(I(0, Infinity))).toBe(1);
    expect(midpoint(I(-1, Infinity))).toBe(0);
    expect(midpoint(I(1, 3))).toBe(2);
    expect(midpoint(I(-Number.MAX_VALUE, Number.MAX_VALUE))).toBe(0);
    expect(contains(I(1, 3), 1) && contains(I(1, 3), 3) && !contains(I(1, 3), 3.5) && !contains(I(1, 3), 0.5)).toBe(true);
    expect(isPoint(I(2, 2)) && !isPoint(I(2, 3))).toBe(true);
    expect(isBounded(I(1, 3)) && !isBounded(I(1, Infinity)) && !isBounded(I(-Infinity, 1))).toBe(true);
  });

  it('abs, min, max, hull, intersect are exact', () => {
    same(abs(I(2, 3)), I(2, 3));
    same(abs(I(-3, -2)), I(2, 3));
    same(abs(I(-2, 3)), I(0, 3));
    same(abs(I(-3, 0)), I(0, 3));
    same(min(I(1, 4), I(2, 3)), I(1, 3));
    same(max(I(1, 4), I(2, 3)), I(2, 4));
    same(hull(I(1, 2), I(4, 5)), I(1, 5));
    same(intersect(I(1, 3), I(3, 5)), I(3, 3));
    expect(() => intersect(I(1, 2), I(3, 4))).toThrow(EmptyIntervalError);
  });

  it('sqrt of a non-square is tight: within 2 ulps around sqrt(2) (60 digits)', () => {
    const r = sqrt(I(2, 2));
    expect(encloses(r, new D60(2).sqrt())).toBe(true);
    expect(r.hi - r.lo).toBeLessThanOrEqual(2 * 2 ** -52);
  });

  it('the error classes carry their names', () => {
    expect(new EmptyIntervalError('x').name).toBe('EmptyIntervalError');
    expect(new IntervalDomainError('x').name).toBe('IntervalDomainError');
  });
});
