// Soundness of the basic interval operations against exact decimal arithmetic (1200 digits),
// plus the empty-interval and domain traps.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import {
  abs,
  add,
  contains,
  div,
  EmptyIntervalError,
  ENTIRE,
  hull,
  interval,
  intersect,
  IntervalDomainError,
  isPoint,
  max,
  midpoint,
  min,
  mul,
  neg,
  nextDown,
  nextUp,
  point,
  powInt,
  recip,
  scale,
  sqr,
  sqrt,
  sub,
  width,
  type Interval,
} from '../../src/kernel/interval.js';
import { D60, DEXACT, describeMiss, encloses, exactDecimal } from './intervalReference.js';
import { powerOfTwo } from '../../src/kernel/rounding.js';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 });
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
const endpoint = fc.oneof({ weight: 8, arbitrary: finite }, { weight: 1, arbitrary: fc.constantFrom(-Infinity, Infinity, 0, -0, 1, -1, 2 ** -1074) });

/** An interval with possibly infinite ends, and a finite point inside it. */
const intervalWithPoint = fc.tuple(endpoint, endpoint, fc.double({ min: 0, max: 1, noNaN: true })).filter(([a, b]) => !(a === Infinity && b === Infinity) && !(a === -Infinity && b === -Infinity)).map(([a, b, t]) => {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const box = interval(lo === Infinity ? Number.MAX_VALUE : lo, hi === -Infinity ? -Number.MAX_VALUE : hi);
  const flo = Math.max(box.lo, -1e30);
  const fhi = Math.min(box.hi, 1e30);
  const x = flo <= fhi ? Math.min(fhi, Math.max(flo, flo + (fhi - flo) * t)) : box.lo === -Infinity ? box.hi : box.lo;
  return { box, x: Number.isFinite(x) ? x : flo === Infinity ? Number.MAX_VALUE : -Number.MAX_VALUE };
});

function exact(x: number): Decimal {
  return exactDecimal(x);
}

function checkBinary(op: (a: Interval, b: Interval) => Interval, ref: (x: Decimal, y: Decimal) => Decimal | null, name: string): void {
  fc.assert(
    fc.property(intervalWithPoint, intervalWithPoint, ({ box: a, x }, { box: b, x: y }) => {
      let r: Interval;
      try {
        r = op(a, b);
      } catch (e) {
        if (e instanceof IntervalDomainError) return true; // refusing is always sound
        throw e;
      }
      expect(r.lo <= r.hi).toBe(true);
      const exactValue = ref(exact(x), exact(y));
      if (exactValue === null) return true;
      if (!encloses(r, exactValue)) throw new Error(describeMiss(`${name}([${a.lo}, ${a.hi}], [${b.lo}, ${b.hi}]) at (${x}, ${y})`, r, exactValue));
      return true;
    }),
    { numRuns: 800 },
  );
}

describe('powerOfTwo', () => {
  it('is exactly 2^k for every k in [-1074, 1023] (BigInt reference) and refuses the rest', () => {
    for (let k = -1074; k <= 1023; k++) {
      const x = powerOfTwo(k);
      // Exact value of x vs 2^k: 2^k = 2^k exactly in BigInt after scaling both by 2^1074.
      expect(BigInt(exactDecimal(x).times(new DEXACT(2).pow(1074)).toFixed()), `2^${k}`).toBe(1n << BigInt(k + 1074));
    }
    expect(() => powerOfTwo(1024)).toThrow(RangeError);
    expect(() => powerOfTwo(-1075)).toThrow(RangeError);
    expect(() => powerOfTwo(0.5)).toThrow(RangeError);
  });
});

describe('nextUp / nextDown', () => {
  it('step exactly one double', () => {
    fc.assert(
      fc.property(anyFinite, (x) => {
        const u = nextUp(x);
        expect(u > x).toBe(true);
        if (Number.isFinite(u)) expect(exact(u).minus(exact(x)).gt(0)).toBe(true);
        expect(nextDown(u) === x).toBe(true);
        return true;
      }),
    );
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
    expect(nextUp(Number.MAX_VALUE)).toBe(Infinity);
    expect(nextUp(-Infinity)).toBe(-Number.MAX_VALUE);
    expect(nextDown(Infinity)).toBe(Number.MAX_VALUE);
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
  });
});

describe('basic operations enclose the exact result', () => {
  it('add', () => checkBinary(add, (x, y) => x.plus(y), 'add'));
  it('sub', () => checkBinary(sub, (x, y) => x.minus(y), 'sub'));
  it('mul', () => checkBinary(mul, (x, y) => x.times(y), 'mul'));
  it('div (ENTIRE or a half-line when the divisor contains 0)', () =>
    checkBinary(div, (x, y) => (y.isZero() ? null : x.div(y)), 'div'));
  it('min, max, hull', () => {
    checkBinary(min, (x, y) => DEXACT.min(x, y), 'min');
    checkBinary(max, (x, y) => DEXACT.max(x, y), 'max');
    checkBinary(hull, (x) => x, 'hull');
  });
  it('neg, abs, sqr, recip, sqrt, scale', () => {
    fc.assert(
      fc.property(intervalWithPoint, finite, ({ box, x }, c) => {
        const ex = exact(x);
        for (const [name, r, v] of [
          ['neg', neg(box), ex.neg()],
          ['abs', abs(box), ex.abs()],
          ['sqr', sqr(box), ex.times(ex)],
          ['scale', scale(box, c), ex.times(exact(c))],
        ] as const) {
          if (!encloses(r, v)) throw new Error(describeMiss(`${name} at ${x}`, r, v));
        }
        expect(sqr(box).lo >= 0).toBe(true);
        if (x !== 0) {
          const r = recip(box);
          const v = new D60(1).div(ex);
          if (!encloses(r, v)) throw new Error(describeMiss(`recip at ${x}`, r, v));
        }
        if (box.lo >= 0) {
          const r = sqrt(box);
          const v = new D60(ex).sqrt();
          if (!encloses(r, v)) throw new Error(describeMiss(`sqrt at ${x}`, r, v));
        }
        return true;
      }),
      { numRuns: 800 },
    );
  });
  it('powInt for exponents -6..9, even powers never negative', () => {
    fc.assert(
      fc.property(intervalWithPoint, fc.integer({ min: -6, max: 9 }), ({ box, x }, n) => {
        let r: Interval;
        try {
          r = powInt(box, n);
        } catch (e) {
          if (e instanceof IntervalDomainError && box.lo === 0 && box.hi === 0 && n < 0) return true;
          throw e;
        }
        if (n % 2 === 0) expect(r.lo >= 0).toBe(true);
        if (n < 0 && x === 0) return true;
        const v = exact(x).pow(n);
        if (!encloses(r, v)) throw new Error(describeMiss(`powInt(${n}) at ${x}`, r, v));
        return true;
      }),
      { numRuns: 800 },
    );
  });
});

describe('tightness of exact operations', () => {
  it('exact results stay exact', () => {
    expect(add(point(1), point(2))).toEqual({ lo: 3, hi: 3 });
    expect(mul(point(3), point(-0.5))).toEqual({ lo: -1.5, hi: -1.5 });
    expect(div(point(1), point(4))).toEqual({ lo: 0.25, hi: 0.25 });
    expect(sqr(interval(-2, 2))).toEqual({ lo: 0, hi: 4 });
    expect(powInt(interval(-2, 2), 4)).toEqual({ lo: 0, hi: 16 });
    expect(powInt(interval(-2, 3), 3)).toEqual({ lo: -8, hi: 27 });
  });
  it('inexact results are within one ulp on the correct side', () => {
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const r = add(point(x), point(y));
        expect(r.hi === r.lo || r.hi === nextUp(r.lo)).toBe(true);
        const p = mul(point(x), point(y));
        if (Math.abs(x * y) > 1e-280 && Math.abs(x) > 1e-300 && Math.abs(y) > 1e-300) expect(p.hi === p.lo || p.hi === nextUp(p.lo)).toBe(true);
        return true;
      }),
    );
  });
  it('0 * Infinity is 0 at an endpoint (interval convention), never NaN', () => {
    expect(mul(interval(0, 1), interval(1, Infinity))).toEqual({ lo: 0, hi: Infinity });
    expect(mul(interval(-1, 0), interval(1, Infinity))).toEqual({ lo: -Infinity, hi: 0 });
    expect(mul(point(0), ENTIRE)).toEqual({ lo: 0, hi: 0 });
  });
});

describe('empty intervals and domain errors are never silent', () => {
  it('constructing an empty or NaN interval throws EmptyIntervalError', () => {
    expect(() => interval(2, 1)).toThrow(EmptyIntervalError);
    expect(() => interval(Number.NaN, 1)).toThrow(EmptyIntervalError);
    expect(() => interval(Infinity, Infinity)).toThrow(EmptyIntervalError);
    expect(() => point(Infinity)).toThrow(EmptyIntervalError);
  });
  it('disjoint intersection throws', () => {
    expect(() => intersect(interval(0, 1), interval(2, 3))).toThrow(EmptyIntervalError);
    expect(intersect(interval(0, 2), interval(1, 3))).toEqual({ lo: 1, hi: 2 });
  });
  it('division by [0, 0] and sqrt of negatives throw IntervalDomainError', () => {
    expect(() => recip(point(0))).toThrow(IntervalDomainError);
    expect(() => div(point(1), point(0))).toThrow(IntervalDomainError);
    expect(() => sqrt(interval(-1, 4))).toThrow(IntervalDomainError);
    expect(div(point(1), interval(-1, 1))).toEqual(ENTIRE);
    expect(div(point(1), interval(0, 2))).toEqual({ lo: 0.5, hi: Infinity });
  });
  it('helpers', () => {
    expect(width(interval(1, 3))).toBe(2);
    expect(width(interval(0, Infinity))).toBe(Infinity);
    expect(contains(interval(1, 3), 2)).toBe(true);
    expect(isPoint(point(2))).toBe(true);
    for (const a of [interval(1, 3), interval(-Infinity, -5), interval(7, Infinity), ENTIRE, interval(-Infinity, 0.5)]) {
      expect(contains(a, midpoint(a))).toBe(true);
      expect(Number.isFinite(midpoint(a))).toBe(true);
    }
  });
});
