// Elementary function enclosures against decimal.js at 60 digits (never the Math.* call under
// test), the measured rounding traps by name, and tightness (linear shrinking, sin/cos extrema).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import IntervalArithmetic from 'interval-arithmetic';
import type { Decimal } from 'decimal.js';
import {
  cos,
  decimalInterval,
  EmptyIntervalError,
  exp,
  expm1,
  interval,
  IntervalDomainError,
  log,
  log1p,
  nextUp,
  point,
  pow,
  sigmoid,
  sin,
  softplus,
  tanh,
  width,
  type Interval,
} from '../../src/kernel/interval.js';
import { D60, d60, DEXACT, describeMiss, encloses } from './intervalReference.js';
import { decimalInteger, exactDecimalString, integerInterval } from '../../src/kernel/decimal.js';

const one = new D60(1);
// log(1 + y) and exp(x) - 1 without cancellation in the reference: series for tiny arguments.
function refLog1p(y: Decimal): Decimal {
  if (y.abs().lt('1e-20')) return y.minus(y.pow(2).div(2)).plus(y.pow(3).div(3)).minus(y.pow(4).div(4));
  return y.plus(1).ln();
}
function refExpm1(x: Decimal): Decimal {
  if (x.abs().lt('1e-20')) return x.plus(x.pow(2).div(2)).plus(x.pow(3).div(6)).plus(x.pow(4).div(24));
  return x.exp().minus(1);
}
type Ref = (x: Decimal) => Decimal;
const refs: Record<string, { f: (a: Interval) => Interval; ref: Ref; range: [number, number]; domainLo?: number }> = {
  exp: { f: exp, ref: (x) => x.exp(), range: [-745, 709] },
  expm1: { f: expm1, ref: refExpm1, range: [-60, 60] },
  log: { f: log, ref: (x) => x.ln(), range: [1e-300, 1e300], domainLo: 0 },
  log1p: { f: log1p, ref: refLog1p, range: [-0.999999, 1e10], domainLo: -1 },
  tanh: { f: tanh, ref: (x) => { const u = refExpm1(x.times(2)); return u.div(u.plus(2)); }, range: [-40, 40] },
  sigmoid: { f: sigmoid, ref: (x) => one.div(one.plus(x.neg().exp())), range: [-800, 800] },
  softplus: { f: softplus, ref: (x) => (x.isNegative() ? refLog1p(x.exp()) : x.plus(refLog1p(x.neg().exp()))), range: [-700, 700] },
  sin: { f: sin, ref: (x) => x.sin(), range: [-1e4, 1e4] },
  cos: { f: cos, ref: (x) => x.cos(), range: [-1e4, 1e4] },
};

function pointsIn(a: Interval, count: number): number[] {
  const out = [a.lo, a.hi];
  for (let i = 1; i < count - 1; i++) out.push(Math.min(a.hi, a.lo + ((a.hi - a.lo) * i) / (count - 1)));
  return out;
}

describe('elementary functions enclose the 60-digit reference', () => {
  for (const [name, { f, ref, range }] of Object.entries(refs)) {
    it(`${name} on random intervals`, () => {
      const scaleGen = fc.oneof(
        fc.double({ min: range[0], max: range[1], noNaN: true }),
        fc.double({ min: Math.max(range[0], -3), max: Math.min(range[1], 3), noNaN: true }),
      );
      fc.assert(
        fc.property(scaleGen, fc.double({ min: 0, max: 2, noNaN: true }), (lo, w) => {
          const a = interval(lo, Math.min(range[1], lo + w));
          const r = f(a);
          for (const x of pointsIn(a, 5)) {
            const v = ref(d60(x));
            if (!encloses(r, v)) throw new Error(describeMiss(`${name}([${a.lo}, ${a.hi}]) at ${x}`, r, v));
          }
          return true;
        }),
        { numRuns: 120 },
      );
    });
    it(`${name}: width shrinks at least linearly towards a point`, () => {
      const c = Math.min(range[1], Math.max(range[0], 0.7));
      const widths = [1e-2, 1e-4, 1e-6, 1e-8].map((h) => width(f(interval(c - h, c + h))) / h);
      const bound = widths[0]! * 2 + 1e-6;
      for (const ratio of widths) expect(ratio).toBeLessThanOrEqual(bound);
    });
  }

  it('unbounded arguments give the limits', () => {
    expect(exp(interval(-Infinity, 0))).toEqual({ lo: 0, hi: 1 });
    expect(tanh(interval(-Infinity, Infinity))).toEqual({ lo: -1, hi: 1 });
    expect(sigmoid(interval(-Infinity, Infinity))).toEqual({ lo: 0, hi: 1 });
    expect(softplus(interval(-Infinity, 0)).lo).toBe(0);
    expect(softplus(interval(0, Infinity)).hi).toBe(Infinity);
    expect(log(interval(0, Infinity))).toEqual({ lo: -Infinity, hi: Infinity });
    expect(sin(interval(5, Infinity))).toEqual({ lo: -1, hi: 1 });
    expect(exp(interval(710, 720)).lo).toBeGreaterThan(1e308);
  });
});

// The interval-arithmetic package: its default export is the Interval class with static operations.
type PkgInterval = Interval;
const PkgModule = IntervalArithmetic as unknown as { default?: unknown };
const Pkg = (PkgModule.default ?? IntervalArithmetic) as unknown as {
  new (lo: number, hi: number): PkgInterval;
  tanh(a: PkgInterval): PkgInterval;
  pow(a: PkgInterval, b: PkgInterval): PkgInterval;
  log(a: PkgInterval): PkgInterval;
};

describe('named rounding traps', () => {
  it('tanh at 0.24274782672084871: Math.tanh is 2 ulp off; the package misses, the kernel does not', () => {
    const x = 0.24274782672084871;
    const exact = d60(x).tanh();
    expect(encloses(point(Math.tanh(x)), exact)).toBe(false);
    const pkg = Pkg.tanh(new Pkg(x, x));
    expect(encloses(pkg, exact)).toBe(false);
    expect(encloses(tanh(point(x)), exact)).toBe(true);
  });
  it('cos at -7.3 (negative argument) and sin at large negative arguments', () => {
    for (const x of [-7.3, -1e5 - 0.3, -123456.789, -Math.PI / 2, -Math.PI]) {
      expect(encloses(cos(point(x)), d60(x).cos())).toBe(true);
      expect(encloses(sin(point(x)), d60(x).sin())).toBe(true);
    }
  });
  it('empty intervals of the package are errors here: pow with a non-integer exponent, log of a negative interval', () => {
    const emptyPow = Pkg.pow(new Pkg(2, 3), new Pkg(0.5, 0.5));
    expect(emptyPow.lo > emptyPow.hi).toBe(true); // the trap: an "interval" where lo > 0 passes silently
    expect(() => pow(interval(-2, 3), point(0.5))).toThrow(IntervalDomainError);
    expect(() => log(interval(-2, -1))).toThrow(IntervalDomainError);
    expect(() => log(interval(-1, 1))).toThrow(IntervalDomainError);
    expect(() => log(point(0))).toThrow(IntervalDomainError);
    expect(() => log1p(interval(-3, -2))).toThrow(IntervalDomainError);
    const r = pow(interval(2, 3), point(0.5));
    expect(r.lo).toBeLessThanOrEqual(Math.SQRT2);
    expect(r.hi).toBeGreaterThanOrEqual(Math.sqrt(3));
  });
});

describe('pow', () => {
  it('encloses x^y for real exponents on positive bases', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -4, max: 4, noNaN: true }), (lo, w, y) => {
        const a = interval(lo, lo + w);
        const r = pow(a, point(y));
        for (const x of pointsIn(a, 5)) {
          const v = d60(x).pow(d60(y));
          if (!encloses(r, v)) throw new Error(describeMiss(`pow([${a.lo}, ${a.hi}], ${y}) at ${x}`, r, v));
        }
        return true;
      }),
      { numRuns: 300 },
    );
    expect(pow(interval(0, 4), point(0.5)).lo).toBe(0);
    expect(pow(interval(-2, 2), point(2))).toEqual({ lo: 0, hi: 4 });
  });
});

describe('sin and cos ranges are tight', () => {
  // True range: endpoint values plus +-1 where pi/2 + k pi lies inside (decided with 60-digit pi).
  const pi = D60.acos(-1);
  function trueRange(fn: 'sin' | 'cos', lo: number, hi: number): [number, number] {
    const a = d60(lo);
    const b = d60(hi);
    const values = [a[fn]().toNumber(), b[fn]().toNumber()];
    const offset = fn === 'sin' ? pi.div(2) : new D60(0);
    const kMin = a.minus(offset).div(pi).ceil();
    const kMax = b.minus(offset).div(pi).floor();
    for (let k = kMin; k.lte(kMax) && k.minus(kMin).lt(4); k = k.plus(1)) values.push(offset.plus(k.times(pi))[fn]().toNumber());
    return [Math.min(...values), Math.max(...values)];
  }
  it('within 1e-14 of the true range, including huge and negative arguments', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), fc.double({ min: 0, max: 7, noNaN: true }), (lo, w) => {
        const a = interval(lo, lo + w);
        for (const fn of ['sin', 'cos'] as const) {
          const r = (fn === 'sin' ? sin : cos)(a);
          const [tLo, tHi] = trueRange(fn, a.lo, a.hi);
          expect(r.lo).toBeLessThanOrEqual(tLo);
          expect(r.hi).toBeGreaterThanOrEqual(tHi);
          expect(tLo - r.lo).toBeLessThan(1e-14);
          expect(r.hi - tHi).toBeLessThan(1e-14);
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

describe('decimalInterval', () => {
  it('encloses the decimal exactly within one ulp, points when representable', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: -330, max: 300 }), (digits, e) => {
        const text = `${digits}e${e}`;
        const r = decimalInterval(text);
        const v = new D60(text);
        if (!encloses(r, v)) throw new Error(describeMiss(`decimalInterval(${text})`, r, v));
        expect(r.lo === r.hi || nextUp(r.lo) === r.hi || r.hi === Infinity || r.lo === -Infinity).toBe(true);
        return true;
      }),
      { numRuns: 1000 },
    );
    expect(decimalInterval('0.1')).toEqual({ lo: 0.09999999999999999, hi: 0.1 });
    expect(decimalInterval('0.5')).toEqual({ lo: 0.5, hi: 0.5 });
    expect(decimalInterval('-2.25e1')).toEqual({ lo: -22.5, hi: -22.5 });
    expect(decimalInterval('.5')).toEqual({ lo: 0.5, hi: 0.5 });
    expect(() => decimalInterval('abc')).toThrow(EmptyIntervalError);
    expect(() => decimalInterval('.')).toThrow(EmptyIntervalError);
  });
});

describe('integerInterval', () => {
  it('is the tightest double interval around the integer (exact BigInt comparison)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 1030n), max: 2n ** 1030n }), fc.integer({ min: 0, max: 1030 }), (big, shift) => {
        const k = big >> BigInt(shift); // integers of every size, most beyond 2^53
        const r = integerInterval(k);
        const v = new DEXACT(k.toString());
        if (!encloses(r, v)) throw new Error(describeMiss(`integerInterval(${k})`, r, v));
        // Tight: a point when representable, else adjacent doubles (or [MAX, Inf] beyond MAX).
        if (r.lo === r.hi) expect(BigInt(r.lo)).toBe(k);
        else expect(nextUp(r.lo) === r.hi || r.hi === Infinity || r.lo === -Infinity).toBe(true);
        return true;
      }),
      { numRuns: 1000 },
    );
    expect(integerInterval(1000000005000000006n)).toEqual({ lo: 1000000005000000000, hi: 1000000005000000128 });
    expect(integerInterval(-(2n ** 53n + 1n))).toEqual({ lo: -(2 ** 53) - 2, hi: -(2 ** 53) });
    expect(integerInterval(2n ** 1024n)).toEqual({ lo: Number.MAX_VALUE, hi: Infinity });
  });
});

describe('decimalInteger', () => {
  it('reads integer literals exactly and refuses non-integers', () => {
    expect(decimalInteger('9007199254740993')).toBe(9007199254740993n);
    expect(decimalInteger('-1.5e3')).toBe(-1500n);
    expect(decimalInteger('200e-2')).toBe(2n);
    expect(decimalInteger('2.000')).toBe(2n);
    expect(decimalInteger('0.0')).toBe(0n);
    expect(decimalInteger('2.0000000000000001')).toBeNull();
    expect(decimalInteger('1e-1')).toBeNull();
    expect(decimalInteger('1e400')).toBeNull(); // more than 400 digits: treated as a real constant
    expect(decimalInteger('1e399')).toBe(10n ** 399n);
    expect(decimalInteger('abc')).toBeNull();
  });
});

describe('exactDecimalString', () => {
  /** Reference without the bit pattern: scale x by 2 (exact) until it is an integer, then BigInt. */
  function scaledInteger(x: number): { n: bigint; p: number } {
    let y = x;
    let p = 0;
    while (!Number.isInteger(y)) {
      y *= 2;
      p++;
    }
    return { n: BigInt(y), p };
  }
  it('is the exact value of the double (checked as digits 2^p = n 10^f in BigInt)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
        const s = exactDecimalString(x);
        expect(Number(s)).toBe(x);
        const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
        expect(m, s).not.toBeNull();
        const fraction = m![3] ?? '';
        expect(fraction.endsWith('0')).toBe(false);
        const digits = BigInt((m![1] === '-' ? '-' : '') + m![2]! + fraction);
        const { n, p } = scaledInteger(x);
        expect(digits * (1n << BigInt(p))).toBe(n * 10n ** BigInt(fraction.length));
        return true;
      }),
      { numRuns: 1000 },
    );
    expect(exactDecimalString(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimalString(-2.5)).toBe('-2.5');
    expect(exactDecimalString(2 ** 60)).toBe('1152921504606846976');
    expect(exactDecimalString(0)).toBe('0');
    expect(exactDecimalString(Number.MIN_VALUE)).toMatch(/^0\.0{323}4940656458412465441765687928682213723650598026143247644255856825006755072702087518652998363616359923797965646954457177309266567103559397963987747960107818781263007131903114045278458171678489821036887186360569987307230500063874091535649843873124733972731696151400317153853980741262385655911710266585566867681870395603106249319452715914924553293054565444011274801297099995419319894090804165633245247571478690147267801593552386115501348035264934720193790268107107491703332226844753335720832431936092382893458368060106011506169809753078342277318329247904982524730776375927247874656084778203734469699533647017972677717585125660551199131504891101451037862738167250955837389733598993664809941164205702637090279242767544565229087538682506419718265533447265625$/);
    expect(() => exactDecimalString(Infinity)).toThrow();
  });
});
